-- The floor for the end-to-end run: every goal x indicator x country's baseline and latest
-- value, change, compound annual rate and the country's rank among economies in its latest
-- year, straight from the observations DuckDB loaded from the snapshot parquet files.
create or replace table floor_progress as
with links as (
    select
        g.goal_id,
        gi.indicator_code,
        g.country_iso3,
        d.baseline_year
    from goal_indicators as gi
    inner join policy_goals as g on gi.goal_id = g.goal_id
    inner join policy_documents as d on g.document_id = d.document_id
),

progress as (
    select
        l.goal_id,
        l.indicator_code,
        l.country_iso3,
        max(o.year) filter (where o.year <= l.baseline_year) as baseline_year,
        arg_max(o.value, o.year) filter (where o.year <= l.baseline_year) as baseline_value,
        max(o.year) as latest_year,
        arg_max(o.value, o.year) as latest_value
    from links as l
    inner join observations as o
        on l.indicator_code = o.indicator_code and l.country_iso3 = o.country_iso3
    group by l.goal_id, l.indicator_code, l.country_iso3
),

ranked as (
    select
        o.indicator_code,
        o.country_iso3,
        o.year,
        rank() over (partition by o.indicator_code, o.year order by o.value desc) as value_rank
    from observations as o
    inner join countries as c on o.country_iso3 = c.country_iso3
    where
        not c.is_aggregate
        and o.indicator_code in (select l.indicator_code from links as l)
)

select
    p.goal_id,
    p.indicator_code,
    p.country_iso3,
    p.baseline_year,
    p.baseline_value,
    p.latest_year,
    p.latest_value,
    r.value_rank,
    p.latest_value - p.baseline_value as value_change,
    case
        when p.baseline_value > 0 and p.latest_value > 0 and p.latest_year > p.baseline_year
            then
                100 * (
                    pow(p.latest_value / p.baseline_value, 1.0 / (p.latest_year - p.baseline_year))
                    - 1
                )
    end as annual_rate_pct
from progress as p
left join ranked as r
    on
        p.indicator_code = r.indicator_code
        and p.country_iso3 = r.country_iso3
        and p.latest_year = r.year
