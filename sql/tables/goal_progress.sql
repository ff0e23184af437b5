-- One row per goal, indicator and country (one row with no indicator for an unmeasured goal): every number behind the status; docs/method.md gives the sums.
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table goal_progress (
    goal_id varchar not null,
    document_id varchar not null,
    indicator_code varchar,
    is_primary boolean,
    country_iso3 varchar not null,
    expected_direction varchar,
    measure varchar,
    judged_as varchar,
    convention varchar,
    period_start integer,
    period_end integer,
    fit varchar,
    rule varchar,
    baseline_year integer,
    baseline_value double,
    latest_year integer,
    latest_value double,
    change double,
    annual_rate double,
    target_value double,
    target_year integer,
    required_rate double,
    ratio double,
    projected_value double,
    distance_covered double,
    tolerance double,
    drift double,
    limit_value double,
    years_met integer,
    years_assessed integer,
    judged_value double,
    bound varchar,
    status varchar not null,
    stale boolean not null,
    data_latest_year integer,
    source_updated varchar,
    reason varchar not null,
    method varchar not null
);

comment on table goal_progress is 'One row per goal, indicator and country (one row with no indicator for an unmeasured goal): every number behind the status; docs/method.md gives the sums.';
comment on column goal_progress.goal_id is 'The goal.';
comment on column goal_progress.document_id is 'Its document.';
comment on column goal_progress.indicator_code is 'The indicator judged (none: unmeasured).';
comment on column goal_progress.is_primary is 'Whether it is the goal''s primary indicator.';
comment on column goal_progress.country_iso3 is 'The economy judged.';
comment on column goal_progress.expected_direction is 'How the indicator should move, as the target is judged (a floor: increase; a ceiling: decrease; a band: maintain).';
comment on column goal_progress.measure is 'What the goal''s number measures (policy_goals.measure).';
comment on column goal_progress.judged_as is 'How the number binds as judged: at_least | at_most | around | range | band | direction | relative.';
comment on column goal_progress.convention is 'The convention that reads it (data/catalog/conventions.yaml), or the default used.';
comment on column goal_progress.period_start is 'First year the target covers.';
comment on column goal_progress.period_end is 'The deadline: last year the target covers.';
comment on column goal_progress.fit is 'exact, or proxy: how the series'' definition differs from the target''s.';
comment on column goal_progress.rule is 'The method''s branch: at deadline | reached | target | direction | maintain | growth rate | unverifiable.';
comment on column goal_progress.baseline_year is 'The base year (the year before publication, else the next with a value).';
comment on column goal_progress.baseline_value is 'The value in the base year.';
comment on column goal_progress.latest_year is 'The year judged (the deadline''s, once it has passed).';
comment on column goal_progress.latest_value is 'The value judged.';
comment on column goal_progress.change is 'latest_value - baseline_value, in the indicator''s unit.';
comment on column goal_progress.annual_rate is 'Observed compound rate, % a year (growth-rate goals: the mean yearly rate).';
comment on column goal_progress.target_value is 'The level the goal names, in the indicator''s unit.';
comment on column goal_progress.target_year is 'The deadline the target is judged at.';
comment on column goal_progress.required_rate is '% a year needed from the base year to the target.';
comment on column goal_progress.ratio is 'R = observed / required rate, signed by the direction.';
comment on column goal_progress.projected_value is 'The value at the target year at the observed rate.';
comment on column goal_progress.distance_covered is 'Share of the distance from base to target covered.';
comment on column goal_progress.tolerance is 'The maintain band''s half-width, in the indicator''s unit.';
comment on column goal_progress.drift is 'Distance from the band''s centre, in the indicator''s unit.';
comment on column goal_progress.limit_value is 'The natural limit that scales the thresholds (100 for shares).';
comment on column goal_progress.years_met is 'Growth-rate goals: years that met the target rate.';
comment on column goal_progress.years_assessed is 'Growth-rate goals: years judged.';
comment on column goal_progress.judged_value is 'At the deadline: the value the target is judged on (a level, one year''s rate, the period''s geometric mean rate, a cumulative change).';
comment on column goal_progress.bound is 'The target as judged, in the judged value''s unit: ''>= 6.35'', ''<= 3'', ''within 4 of 0''.';
comment on column goal_progress.status is 'The status (docs/method.md).';
comment on column goal_progress.stale is 'The latest value is over three years old.';
comment on column goal_progress.data_latest_year is 'The newest year the source has.';
comment on column goal_progress.source_updated is 'The source''s last-updated date.';
comment on column goal_progress.reason is 'Why, in words, with the numbers.';
comment on column goal_progress.method is 'The method''s name.';
