-- One row per goal the extractor found but could not hold against an indicator, and why.
create or replace view v_unmeasured_goals as
select
    document_id,
    goal_id,
    theme,
    direction,
    note,
    text
from policy_goals
where kind = 'goal' and not is_measured
order by document_id, span_start;
