-- One row per indicator tracked: the catalogue's, and every series a goal was linked to.
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table indicator_catalog (
    indicator_code varchar not null,
    name varchar not null,
    unit varchar,
    definition varchar,
    source_organization varchar,
    value_min double,
    value_max double,
    themes varchar,
    in_snapshot boolean,
    primary key (indicator_code)
);

comment on table indicator_catalog is 'One row per indicator tracked: the catalogue''s, and every series a goal was linked to.';
comment on column indicator_catalog.indicator_code is 'The WDI series code.';
comment on column indicator_catalog.name is 'The series'' WDI name.';
comment on column indicator_catalog.unit is 'The unit the values are in.';
comment on column indicator_catalog.definition is 'WDI''s definition.';
comment on column indicator_catalog.source_organization is 'Who compiles the series.';
comment on column indicator_catalog.value_min is 'The lowest plausible value (a check on observations).';
comment on column indicator_catalog.value_max is 'The highest plausible value (100 for shares).';
comment on column indicator_catalog.themes is 'The catalogue themes it measures.';
comment on column indicator_catalog.in_snapshot is 'Whether the shipped snapshot holds values for it.';
