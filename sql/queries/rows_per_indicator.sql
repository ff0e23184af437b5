-- How many rows each of these indicators holds now: what a failed fetch keeps.
select
    indicator_code,
    count(*) as n
from observations
where indicator_code in (select unnest($codes::varchar[]))
group by indicator_code
