-- Where each goal, claim and funding record sits in its document's text.
select
    goal_id,
    document_id,
    kind,
    span_start,
    span_end
from policy_goals
where kind in ('goal', 'claim', 'funding')
