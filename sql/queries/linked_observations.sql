-- Only the indicators goals and claims point at: the comparison never needs the whole table.
select
    o.country_iso3,
    o.indicator_code,
    o.year,
    o.value,
    o.source_updated
from observations as o
where o.indicator_code in (select distinct gi.indicator_code from goal_indicators as gi)
