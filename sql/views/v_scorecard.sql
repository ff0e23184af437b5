-- One readable row per goal x indicator x country: what the goal says, what the data say and
-- the numbers behind the status (docs/method.md). Ordered by document, country and status, the
-- goals off track first and the rows without a verdict last; status and stale apart; every value
-- beside its unit. restated/same_as: a goal stated again in its document (the same indicator,
-- target, deadline and status) points at the first statement, so one row per commitment is
-- "where goal_id = same_as".
create or replace view v_scorecard as
with rows_ as (
    select
        gp.*,
        g.text,
        g.theme,
        g.direction,
        g.span_start,
        g.reviewed,
        g.review,
        concat_ws(
            '|', gp.document_id, gp.country_iso3, coalesce(gp.indicator_code, gp.goal_id),
            gp.status, gp.target_value, gp.target_year, gp.rule, gp.baseline_year
        ) as commitment
    from goal_progress as gp
    inner join policy_goals as g on gp.goal_id = g.goal_id
)

select
    r.document_id,
    r.country_iso3 as country,
    r.status,
    r.stale,
    left(r.text, 80) as goal,
    r.indicator_code,
    ic.name as indicator_name,
    ic.unit,
    r.judged_as,
    r.bound as target_as_judged,
    r.target_value,
    r.target_year,
    r.period_start,
    r.period_end,
    r.baseline_year,
    round(r.baseline_value, 4) as baseline_value,
    r.latest_year,
    round(r.latest_value, 4) as latest_value,
    round(r.judged_value, 4) as judged_value,
    round(r.change, 4) as change_since_baseline,
    round(r.annual_rate, 2) as annual_rate_pct,
    round(r.required_rate, 2) as required_rate_pct,
    round(r.ratio, 2) as progress_ratio,
    round(r.projected_value, 4) as projected_at_target_year,
    round(100 * r.distance_covered, 1) as distance_covered_pct,
    round(r.tolerance, 4) as tolerance,
    round(r.drift, 4) as drift,
    r.years_met,
    r.years_assessed,
    r.rule as method_rule,
    r.convention,
    r.fit,
    -- one direction per row: the way the judged target moves the indicator
    coalesce(r.expected_direction, r.direction) as goal_direction,
    r.theme,
    r.is_primary,
    r.reviewed,
    r.review,
    r.data_latest_year,
    try_cast(r.source_updated as date) as source_updated,
    count(*) over (partition by r.commitment) as restated,
    first(r.goal_id order by r.span_start) over (partition by r.commitment) as same_as,
    r.reason,
    r.text as goal_text,
    r.goal_id
from rows_ as r
left join indicator_catalog as ic on r.indicator_code = ic.indicator_code
order by
    r.document_id asc,
    r.country_iso3 asc,
    list_position(
        [
            'target missed', 'deterioration', 'limited progress', 'acceleration needed',
            'on track', 'target achieved', 'unverifiable', 'insufficient data', 'no data',
            'unmeasured'
        ],
        r.status
    ) asc,
    r.span_start asc,
    r.is_primary desc nulls last,
    r.indicator_code asc;
