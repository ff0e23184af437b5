-- The summary view, every row: one per document and country.
select *
from v_summary
