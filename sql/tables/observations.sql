-- One row per country, indicator and year: the value and where it came from.
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table observations (
    country_iso3 varchar not null,
    indicator_code varchar not null,
    year integer not null,
    value double not null,
    source varchar not null,
    source_updated varchar,
    fetched_at timestamptz not null
);

comment on table observations is 'One row per country, indicator and year: the value and where it came from.';
comment on column observations.country_iso3 is 'The economy or aggregate.';
comment on column observations.indicator_code is 'The WDI series.';
comment on column observations.year is 'The year.';
comment on column observations.value is 'The value, in the indicator''s unit.';
comment on column observations.source is 'Where it came from (snapshot file or API URL).';
comment on column observations.source_updated is 'The source''s last-updated date, when it records one.';
comment on column observations.fetched_at is 'When it was fetched.';
