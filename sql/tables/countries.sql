-- One row per WDI economy or aggregate.
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table countries (
    country_iso3 varchar not null,
    name varchar not null,
    region varchar,
    income_group varchar,
    is_aggregate boolean not null,
    primary key (country_iso3)
);

comment on table countries is 'One row per WDI economy or aggregate.';
comment on column countries.country_iso3 is 'ISO3 code (WDI''s for aggregates).';
comment on column countries.name is 'WDI name.';
comment on column countries.region is 'WDI region (economies only).';
comment on column countries.income_group is 'WDI income group (economies only).';
comment on column countries.is_aggregate is 'An aggregate (World, High income, ...), not an economy: rankings leave these out.';
