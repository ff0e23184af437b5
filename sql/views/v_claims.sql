-- One readable row per claim x indicator: the claim, the verdict and the evidence.
create or replace view v_claims as
select
    cc.document_id,
    cc.goal_id,
    g.theme,
    cc.check_type,
    cc.country_iso3 as country,
    coalesce(cc.indicator_code, '(none)') as indicator_code,
    cc.verdict,
    cc.evidence,
    cc.evaluation_year,
    cc.observed_year,
    cc.observed_value,
    cc.rank,
    cc.run_years,
    left(g.text, 120) as claim_text,
    g.reviewed,
    g.review
from claim_checks as cc
inner join policy_goals as g on cc.goal_id = g.goal_id
order by cc.document_id asc, g.span_start asc, cc.is_primary desc nulls last;
