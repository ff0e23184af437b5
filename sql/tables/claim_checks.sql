-- One row per claim and indicator (one row with no indicator for an unverifiable claim).
create table claim_checks (
    goal_id varchar not null,
    document_id varchar not null,
    indicator_code varchar,
    is_primary boolean,
    country_iso3 varchar not null,
    check_type varchar not null,
    evaluation_year integer,
    observed_year integer,
    observed_value double,
    claimed_value double,
    comparator varchar,
    rank integer,
    economies_ranked integer,
    run_years integer,
    run_start_year integer,
    run_end_year integer,
    verdict varchar not null,
    evidence varchar not null
);
