-- One row per claim and indicator (one row with no indicator for an unverifiable claim).
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
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

comment on table claim_checks is 'One row per claim and indicator (one row with no indicator for an unverifiable claim).';
comment on column claim_checks.goal_id is 'The claim (policy_goals.goal_id).';
comment on column claim_checks.document_id is 'Its document.';
comment on column claim_checks.indicator_code is 'The indicator that checks it.';
comment on column claim_checks.is_primary is 'Whether it is the claim''s primary indicator.';
comment on column claim_checks.country_iso3 is 'The economy the claim is about.';
comment on column claim_checks.check_type is 'threshold | rank | change.';
comment on column claim_checks.evaluation_year is 'The year the claim speaks of (the base year).';
comment on column claim_checks.observed_year is 'The year of the value used.';
comment on column claim_checks.observed_value is 'The value used.';
comment on column claim_checks.claimed_value is 'The number the claim states.';
comment on column claim_checks.comparator is 'How the claimed number binds.';
comment on column claim_checks.rank is 'The economy''s rank that year (1 = highest, aggregates left out).';
comment on column claim_checks.economies_ranked is 'Economies with a value that year.';
comment on column claim_checks.run_years is 'Consecutive years the rank held, to the evaluation year.';
comment on column claim_checks.run_start_year is 'First year of that run.';
comment on column claim_checks.run_end_year is 'Last year of that run.';
comment on column claim_checks.verdict is 'supported | contradicted | unverifiable.';
comment on column claim_checks.evidence is 'The values, years and rank behind the verdict.';
