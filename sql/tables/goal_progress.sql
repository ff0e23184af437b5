-- One row per goal, indicator and country (one row with no indicator for an unmeasured goal).
create table goal_progress (
    goal_id varchar not null,
    document_id varchar not null,
    indicator_code varchar,
    is_primary boolean,
    country_iso3 varchar not null,
    expected_direction varchar,
    baseline_year integer,
    baseline_value double,
    latest_year integer,
    latest_value double,
    change double,
    annual_rate double,
    target_value double,
    target_year integer,
    required_rate double,
    tolerance double,
    status varchar not null,
    reason varchar not null,
    method varchar not null
);
