-- One row per country, indicator and year, every value beside its unit and the names a reader
-- knows; dates as dates (null where the source records none).
create or replace view v_observations as
select
    o.country_iso3 as country,
    c.name as country_name,
    o.indicator_code,
    ic.name as indicator_name,
    ic.unit,
    o.year,
    o.value,
    o.source,
    try_cast(o.source_updated as date) as source_updated,
    o.fetched_at
from observations as o
left join indicator_catalog as ic on o.indicator_code = ic.indicator_code
left join countries as c on o.country_iso3 = c.country_iso3;
