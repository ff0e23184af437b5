-- Every goal_indicators row, as the comparison reads them.
select *
from goal_indicators
