-- One row per goal or claim and each indicator that measures it, primary first.
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table goal_indicators (
    goal_id varchar not null,
    indicator_code varchar not null,
    is_primary boolean not null,
    position integer not null,
    expected_direction varchar,
    primary key (goal_id, indicator_code)
);

comment on table goal_indicators is 'One row per goal or claim and each indicator that measures it, primary first.';
comment on column goal_indicators.goal_id is 'The goal or claim (policy_goals.goal_id).';
comment on column goal_indicators.indicator_code is 'The WDI series.';
comment on column goal_indicators.is_primary is 'The indicator that measures it best.';
comment on column goal_indicators.position is '1 for the primary, then in order.';
comment on column goal_indicators.expected_direction is 'How the indicator should move for the goal.';
