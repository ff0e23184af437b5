-- One row per document and country: its goals counted by status (each commitment once, on its
-- primary indicator), the stale ones, and its claims by verdict. "How is this government doing
-- on what it promised?" in one table.
create or replace view v_summary as
with goals as (
    select
        document_id,
        country,
        status,
        stale
    from v_scorecard
    where goal_id = same_as
    qualify row_number() over (
        partition by goal_id, country order by is_primary desc nulls last, indicator_code asc
    ) = 1
),

claims as (
    select
        cc.document_id,
        cc.country_iso3 as country,
        count(*) filter (where cc.verdict = 'supported') as claims_supported,
        count(*) filter (where cc.verdict = 'contradicted') as claims_contradicted,
        count(*) filter (where cc.verdict = 'unverifiable') as claims_unverifiable
    from claim_checks as cc
    where coalesce(cc.is_primary, true)
    group by all
),

counts as (
    select
        document_id,
        country,
        count(*) as goals,
        count(*) filter (where status = 'target achieved') as target_achieved,
        count(*) filter (where status = 'on track') as on_track,
        count(*) filter (where status = 'acceleration needed') as acceleration_needed,
        count(*) filter (where status = 'limited progress') as limited_progress,
        count(*) filter (where status = 'deterioration') as deterioration,
        count(*) filter (where status = 'target missed') as target_missed,
        count(*) filter (
            where status in ('insufficient data', 'unverifiable', 'no data')
        ) as no_verdict,
        count(*) filter (where status = 'unmeasured') as unmeasured,
        count(*) filter (where stale) as stale
    from goals
    group by all
)

select
    d.document_id,
    d.title,
    c.country,
    c.goals,
    c.target_achieved,
    c.on_track,
    c.acceleration_needed,
    c.limited_progress,
    c.deterioration,
    c.target_missed,
    c.no_verdict,
    c.unmeasured,
    c.stale,
    coalesce(cl.claims_supported, 0) as claims_supported,
    coalesce(cl.claims_contradicted, 0) as claims_contradicted,
    coalesce(cl.claims_unverifiable, 0) as claims_unverifiable
from counts as c
inner join policy_documents as d on c.document_id = d.document_id
left join claims as cl on c.document_id = cl.document_id and c.country = cl.country
order by d.document_id, c.country;
