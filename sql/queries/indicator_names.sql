-- Each tracked indicator's name.
select
    indicator_code,
    name
from indicator_catalog
