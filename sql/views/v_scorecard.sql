-- One readable row per goal x indicator x country: what the goal says, what the data say,
-- the method's numbers behind the status (docs/method.md) and the data's vintage.
-- Read left to right: the status, the goal, the indicator, the numbers, the reason in words.
create or replace view v_scorecard as
select
    gp.status || case when gp.stale then ' (stale)' else '' end as status,
    gp.country_iso3 as country,
    left(g.text, 80) as goal_text,
    coalesce(ic.name, 'no public indicator') as indicator_name,
    gp.rule as method_rule,
    gp.baseline_year,
    round(gp.baseline_value, 2) as baseline_value,
    gp.latest_year,
    round(gp.latest_value, 2) as latest_value,
    gp.target_value,
    gp.target_year,
    gp.judged_as,
    gp.bound as target_as_judged,
    round(gp.judged_value, 2) as judged_value,
    gp.fit,
    round(gp.annual_rate, 2) as annual_rate_pct,
    round(gp.required_rate, 2) as required_rate_pct,
    round(gp.ratio, 2) as progress_ratio,
    round(gp.projected_value, 2) as projected_at_target_year,
    round(100 * gp.distance_covered, 1) as distance_covered_pct,
    round(gp.change, 2) as change_since_baseline,
    round(gp.tolerance, 2) as tolerance,
    round(gp.drift, 2) as drift,
    gp.years_met,
    gp.years_assessed,
    gp.data_latest_year,
    coalesce(gp.source_updated, 'not recorded') as source_updated,
    g.theme,
    -- one direction per row: the way the judged target moves the indicator
    coalesce(gp.expected_direction, g.direction) as goal_direction,
    gp.expected_direction,
    gp.is_primary,
    g.reviewed,
    g.review,
    gp.document_id,
    gp.goal_id,
    coalesce(gp.indicator_code, '(none)') as indicator_code,
    gp.reason
from goal_progress as gp
inner join policy_goals as g on gp.goal_id = g.goal_id
left join indicator_catalog as ic on gp.indicator_code = ic.indicator_code
order by
    gp.document_id asc, g.span_start asc, gp.is_primary desc nulls last, gp.indicator_code asc;
