"""The scorecard as plain text, for ``make run`` and ``policy-tracker scorecard``."""

from __future__ import annotations

import pandas as pd

from pipeline.formatting import number, short

STATUS_MARK = {
    "deterioration": "DETERIORATION",
    "limited progress": "LIMITED PROGRESS",
}


def console(scorecard: pd.DataFrame, claims: pd.DataFrame, country: str | None = None) -> str:
    """Plain text: one line per goal x indicator with numbers, then the claim verdicts."""
    sc = scorecard[scorecard["indicator_code"] != "(none)"]
    if country:
        sc = sc[sc["country"] == country]
    lines = []
    header = (
        f"{'goal':<44} {'indicator':<21} {'base':>4} {'value':>9} {'latest':>6} {'value':>9} "
        f"{'change':>9} {'%/yr':>7}  status"
    )
    for doc_id, grp in sc.groupby("document_id", sort=False):
        lines.append(f"Scorecard: {doc_id}  ({len(grp)} goal x indicator rows)")
        lines.append(header)
        lines.append("-" * len(header))
        for r in grp.itertuples(index=False):
            label = f"[{r.goal_direction}] {r.theme}: {r.goal_text}"
            lines.append(
                f"{short(label, 44):<44} {r.indicator_code:<21} "
                f"{'' if pd.isna(r.baseline_year) else int(r.baseline_year):>4} "
                f"{number(r.baseline_value):>9} "
                f"{'' if pd.isna(r.latest_year) else int(r.latest_year):>6} "
                f"{number(r.latest_value):>9} {number(r.change_since_baseline):>9} "
                f"{number(r.annual_rate_pct):>7}  {STATUS_MARK.get(r.status, r.status)}"
            )
        lines.append("")
    unmeasured = scorecard[scorecard["indicator_code"] == "(none)"]
    if len(unmeasured):
        lines.append(f"Goals with no public indicator (unmeasured): {len(unmeasured)}")
        for r in unmeasured.itertuples(index=False):
            lines.append(f"  - {r.theme}: {short(r.goal_text, 90)}")
        lines.append("")
    lines.append("Claims")
    for r in claims.itertuples(index=False):
        lines.append(
            f"  {r.verdict.upper():<13} {r.country} {r.indicator_code:<16} "
            f"{short(r.claim_text, 70)}"
        )
        lines.append(f"{'':16}evidence: {r.evidence}")
    return "\n".join(lines)
