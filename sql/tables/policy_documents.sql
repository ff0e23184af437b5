-- One row per policy document: its metadata, the text the spans point into, its hash.
-- Generated from pipeline/warehouse/registry.py: edit it there, then run
-- python -m pipeline.warehouse.registry --write.
create table policy_documents (
    document_id varchar not null,
    title varchar not null,
    author varchar,
    published date,
    baseline_year integer,
    country_iso3 varchar not null,
    language varchar,
    source_url varchar,
    path varchar,
    format varchar not null,
    document_kind varchar,
    period_start integer,
    period_end integer,
    inferred varchar,
    text varchar not null,
    sha256 varchar not null,
    n_chars integer not null,
    warnings varchar,
    loaded_at timestamptz not null,
    primary key (document_id)
);

comment on table policy_documents is 'One row per policy document: its metadata, the text the spans point into, its hash.';
comment on column policy_documents.document_id is 'The document''s id (header id or file name).';
comment on column policy_documents.title is 'Title (header, else the first line).';
comment on column policy_documents.author is 'Author or issuer, when the header names one.';
comment on column policy_documents.published is 'Publication date.';
comment on column policy_documents.baseline_year is 'The last full year before publication: progress is measured from it.';
comment on column policy_documents.country_iso3 is 'The economy the document is about (ISO3).';
comment on column policy_documents.language is 'Language code.';
comment on column policy_documents.source_url is 'Where the document was published.';
comment on column policy_documents.path is 'The file it was read from, in the documents folder.';
comment on column policy_documents.format is 'txt | md | html | pdf: how the file was read.';
comment on column policy_documents.document_kind is 'annual_government_report | five_year_plan | sector_guidance | budget_speech | fact_sheet | address | ministerial_article | other.';
comment on column policy_documents.period_start is 'First year of the period the document covers.';
comment on column policy_documents.period_end is 'Last year of that period.';
comment on column policy_documents.inferred is 'Fields inferred from the text (no header said them), each with the words it came from.';
comment on column policy_documents.text is 'The document''s text as read from its file (one paragraph, heading or list item a line): spans point into it.';
comment on column policy_documents.sha256 is 'sha256 of the text.';
comment on column policy_documents.n_chars is 'Characters in the text.';
comment on column policy_documents.warnings is 'What was missing from the header and assumed.';
comment on column policy_documents.loaded_at is 'When the document was read.';
