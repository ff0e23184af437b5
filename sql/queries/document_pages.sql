-- Each document's stored text and what a reader is told about it, for its page in the report.
select
    document_id,
    title,
    country_iso3,
    document_kind,
    published,
    period_start,
    period_end,
    text
from policy_documents
order by document_id
