-- One row per policy document.
create table policy_documents (
    document_id varchar primary key,
    title varchar not null,
    author varchar,
    published date,
    baseline_year integer,
    country_iso3 varchar not null,
    language varchar,
    source_url varchar,
    path varchar,
    text varchar not null,
    sha256 varchar not null,
    n_chars integer not null,
    warnings varchar,
    loaded_at timestamptz not null
);
