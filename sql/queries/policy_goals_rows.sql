-- Every policy_goals row, as the comparison reads them.
select *
from policy_goals
