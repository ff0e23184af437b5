-- One row per goal, indicator and country drawn in the scorecard report.
create table scorecard (
    goal_id varchar not null,
    indicator_code varchar not null,
    country_iso3 varchar not null,
    status varchar not null,
    chart_path varchar not null,
    report_path varchar not null,
    generated_at timestamptz not null
);
