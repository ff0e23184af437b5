-- One row per goal, indicator and country (one row with no indicator for an unmeasured goal).
-- Every number behind the status is a column; docs/method.md gives the sums.
create table goal_progress (
    goal_id varchar not null,
    document_id varchar not null,
    indicator_code varchar,
    is_primary boolean,
    country_iso3 varchar not null,
    expected_direction varchar,
    rule varchar,                -- target | direction | maintain | growth rate
    baseline_year integer,
    baseline_value double,
    latest_year integer,         -- the year judged (the deadline's, once it has passed)
    latest_value double,
    change double,               -- latest_value - baseline_value, in the indicator's unit
    annual_rate double,          -- observed compound rate, % a year (growth-rate goals: mean)
    target_value double,         -- the level the goal names, in the indicator's unit
    target_year integer,
    required_rate double,        -- percent a year needed from the base year to the target
    ratio double,                -- R = observed / required rate, signed by the direction
    projected_value double,      -- the value at the target year at the observed rate
    distance_covered double,     -- share of the distance from base to target covered
    tolerance double,            -- the maintain band's half-width, in the indicator's unit
    drift double,                -- distance from the band's centre, in the indicator's unit
    limit_value double,          -- the natural limit that scales the thresholds (100 for shares)
    years_met integer,           -- growth-rate goals: years that met the target rate
    years_assessed integer,
    status varchar not null,
    stale boolean not null,      -- latest value over three years old
    data_latest_year integer,    -- the newest year the source has
    source_updated varchar,      -- the source's last-updated date
    reason varchar not null,
    method varchar not null
);
