-- Every indicator a goal or claim is linked to.
select distinct indicator_code
from goal_indicators
order by indicator_code
