-- Each document's base year: the year progress is measured from.
select
    document_id,
    baseline_year
from policy_documents
