-- Ids the warehouse holds for these file names (a header's id may have been edited).
select document_id
from policy_documents
where path in (select unnest($paths::varchar[]))
