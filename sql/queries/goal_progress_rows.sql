-- Every goal_progress row, as the report charts and lists them.
select *
from goal_progress
