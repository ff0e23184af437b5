-- One row per goal, indicator and comparator economy (the goal country, the world, its income
-- group, each peer): values in the goal country's latest year and its rank (1 = highest value).
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
