-- One row per indicator we track.
create table indicator_catalog (
    indicator_code varchar primary key,
    name varchar not null,
    unit varchar,
    definition varchar,
    source_organization varchar,
    value_min double,
    value_max double,
    themes varchar,
    in_snapshot boolean
);
