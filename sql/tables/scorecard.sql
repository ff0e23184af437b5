-- One row per goal, indicator and country drawn in the scorecard report.
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table scorecard (
    goal_id varchar not null,
    indicator_code varchar not null,
    country_iso3 varchar not null,
    status varchar not null,
    chart_path varchar not null,
    report_path varchar not null,
    generated_at timestamptz not null
);

comment on table scorecard is 'One row per goal, indicator and country drawn in the scorecard report.';
comment on column scorecard.goal_id is 'The goal.';
comment on column scorecard.indicator_code is 'The indicator charted.';
comment on column scorecard.country_iso3 is 'The economy charted.';
comment on column scorecard.status is 'The status shown.';
comment on column scorecard.chart_path is 'The chart''s PNG file.';
comment on column scorecard.report_path is 'The HTML report.';
comment on column scorecard.generated_at is 'When the report was written.';
