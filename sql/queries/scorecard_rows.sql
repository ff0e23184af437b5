-- The scorecard view, every row: what the report, the console and the UI show.
select *
from v_scorecard
