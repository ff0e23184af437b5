-- One row per WDI economy or aggregate.
create table countries (
    country_iso3 varchar primary key,
    name varchar not null,
    region varchar,
    income_group varchar,
    is_aggregate boolean not null
);
