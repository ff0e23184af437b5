-- The claims view, every row: each claim with its verdict and evidence.
select *
from v_claims
