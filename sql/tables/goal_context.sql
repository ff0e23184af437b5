-- One row per goal, indicator and comparator economy (the goal country, the world, its income group, each peer): values in the goal country's latest year and its rank.
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table goal_context (
    goal_id varchar not null,
    document_id varchar not null,
    indicator_code varchar not null,
    is_primary boolean not null,
    expected_direction varchar,
    country_iso3 varchar not null,
    economy_order integer not null,
    role varchar not null,
    economy_iso3 varchar,
    economy_name varchar,
    year integer,
    value_year integer,
    value double,
    goal_country_value double,
    rank integer,
    economies_ranked integer,
    rank_note varchar not null,
    note varchar,
    primary key (goal_id, indicator_code, economy_order)
);

comment on table goal_context is 'One row per goal, indicator and comparator economy (the goal country, the world, its income group, each peer): values in the goal country''s latest year and its rank.';
comment on column goal_context.goal_id is 'The goal.';
comment on column goal_context.document_id is 'Its document.';
comment on column goal_context.indicator_code is 'The indicator.';
comment on column goal_context.is_primary is 'Whether it is the goal''s primary indicator.';
comment on column goal_context.expected_direction is 'How the indicator should move for the goal.';
comment on column goal_context.country_iso3 is 'The goal''s country.';
comment on column goal_context.economy_order is 'Row order: goal country, world, income group, peers.';
comment on column goal_context.role is 'goal country | world | income group | peer.';
comment on column goal_context.economy_iso3 is 'The comparator economy.';
comment on column goal_context.economy_name is 'Its name.';
comment on column goal_context.year is 'The goal country''s latest year with a value.';
comment on column goal_context.value_year is 'The year of this economy''s value (at or before year).';
comment on column goal_context.value is 'This economy''s value.';
comment on column goal_context.goal_country_value is 'The goal country''s value in year.';
comment on column goal_context.rank is 'The goal country''s rank in year (1 = highest value).';
comment on column goal_context.economies_ranked is 'Economies with a value in year.';
comment on column goal_context.rank_note is 'Which end of the ranking is good for the goal.';
comment on column goal_context.note is 'Why a value is missing or from another year.';
