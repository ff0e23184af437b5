-- One readable row per goal x indicator x economy: the goal country beside the world, its income
-- group and the peers in the goal country's latest year, and its rank (1 = highest value).
create or replace view v_peer_context as
select
    gc.document_id,
    gc.goal_id,
    gc.country_iso3 as country,
    gc.indicator_code,
    coalesce(ic.name, gc.indicator_code) as indicator_name,
    gc.is_primary,
    gc.expected_direction,
    gc.role,
    gc.economy_iso3 as economy,
    coalesce(gc.economy_name, gc.economy_iso3, '(none)') as economy_name,
    gc.year,
    gc.value_year,
    gc.value,
    gc.goal_country_value,
    cast(gc.rank as varchar) || ' of ' || cast(gc.economies_ranked as varchar) as goal_country_rank,
    gc.rank_note,
    gc.note,
    left(g.text, 80) as goal_text
from goal_context as gc
inner join policy_goals as g on gc.goal_id = g.goal_id
left join indicator_catalog as ic on gc.indicator_code = ic.indicator_code
order by
    gc.document_id asc,
    g.span_start asc,
    gc.is_primary desc,
    gc.indicator_code asc,
    gc.economy_order asc;
