-- One row per goal or claim and each indicator that measures it.
create table goal_indicators (
    goal_id varchar not null,
    indicator_code varchar not null,
    is_primary boolean not null,
    position integer not null,
    expected_direction varchar,
    primary key (goal_id, indicator_code)
);
