-- One readable row per goal x indicator x country: what the goal says, what the data say,
-- the method's numbers behind the status (docs/method.md) and the data's vintage.
create or replace view v_scorecard as
select
    gp.document_id,
    gp.goal_id,
    g.theme,
    g.direction as goal_direction,
    gp.country_iso3 as country,
    coalesce(gp.indicator_code, '(none)') as indicator_code,
    coalesce(ic.name, 'no public indicator') as indicator_name,
    gp.is_primary,
    gp.expected_direction,
    gp.rule as method_rule,
    gp.baseline_year,
    round(gp.baseline_value, 2) as baseline_value,
    gp.latest_year,
    round(gp.latest_value, 2) as latest_value,
    round(gp.change, 2) as change_since_baseline,
    round(gp.annual_rate, 2) as annual_rate_pct,
    gp.target_value,
    gp.target_year,
    round(gp.required_rate, 2) as required_rate_pct,
    round(gp.ratio, 2) as progress_ratio,
    round(gp.projected_value, 2) as projected_at_target_year,
    round(100 * gp.distance_covered, 1) as distance_covered_pct,
    round(gp.tolerance, 2) as tolerance,
    round(gp.drift, 2) as drift,
    gp.years_met,
    gp.years_assessed,
    gp.status || case when gp.stale then ' (stale)' else '' end as status,
    gp.data_latest_year,
    coalesce(gp.source_updated, 'not recorded') as source_updated,
    gp.reason,
    left(g.text, 100) as goal_text
from goal_progress as gp
inner join policy_goals as g on gp.goal_id = g.goal_id
left join indicator_catalog as ic on gp.indicator_code = ic.indicator_code
order by
    gp.document_id asc, g.span_start asc, gp.is_primary desc nulls last, gp.indicator_code asc;
