-- Documents with extracted records but no row in policy_documents any more (an id edited away).
select distinct document_id
from extracted_goals
where document_id not in (select pd.document_id from policy_documents as pd)
