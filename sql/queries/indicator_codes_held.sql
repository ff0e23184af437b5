-- Every indicator the observations table holds now: what a partial load keeps.
select distinct indicator_code
from observations
