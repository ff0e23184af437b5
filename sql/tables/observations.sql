-- One row per country, indicator and year.
create table observations (
    country_iso3 varchar not null,
    indicator_code varchar not null,
    year integer not null,
    value double not null,
    source varchar not null,
    source_updated varchar,
    fetched_at timestamptz not null,
    primary key (country_iso3, indicator_code, year)
);
