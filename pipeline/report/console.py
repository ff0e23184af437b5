"""The scorecard as plain text, for ``make run`` and ``policy-tracker scorecard``: per document,
one line per commitment x indicator (a goal stated again is counted once), off track first."""

from __future__ import annotations

import pandas as pd

from pipeline.formatting import number, short
from pipeline.report.model import MARK

LOUD = {"deterioration", "target missed", "limited progress"}


def _status(r) -> str:
    text = r.status.upper() if r.status in LOUD else r.status
    return f"{MARK.get(r.status, ' ')} {text}" + (" (stale)" if r.stale else "")


def console(scorecard: pd.DataFrame, claims: pd.DataFrame, country: str | None = None) -> str:
    """Plain text: one line per commitment x indicator with numbers, then the claim verdicts."""
    sc = scorecard[scorecard["goal_id"] == scorecard["same_as"]]
    if country:
        sc = sc[sc["country"] == country]
    measured = sc[sc["indicator_code"].notna()]
    lines = []
    header = (
        f"{'goal':<44} {'indicator':<21} {'base':>4} {'value':>9} {'judged':>6} {'value':>9} "
        f"{'%/yr':>7}  status"
    )
    for doc_id, grp in measured.groupby("document_id", sort=False):
        lines.append(f"Scorecard: {doc_id}  ({len(grp)} goal x indicator rows)")
        lines.append(header)
        lines.append("-" * len(header))
        for r in grp.itertuples(index=False):
            times = f" (x{r.restated})" if r.restated > 1 else ""
            label = f"[{r.goal_direction}] {r.goal_text}{times}"
            lines.append(
                f"{short(label, 44):<44} {r.indicator_code:<21} "
                f"{'' if pd.isna(r.baseline_year) else int(r.baseline_year):>4} "
                f"{number(r.baseline_value):>9} "
                f"{'' if pd.isna(r.latest_year) else int(r.latest_year):>6} "
                f"{number(r.latest_value):>9} {number(r.annual_rate_pct):>7}  {_status(r)}"
            )
        lines.append("")
    unmeasured = sc[sc["indicator_code"].isna()]
    if len(unmeasured):
        lines.append(f"Goals with no public indicator (unmeasured): {len(unmeasured)}")
        for r in unmeasured.itertuples(index=False):
            lines.append(f"  - {r.theme}: {short(r.goal_text, 90)}")
        lines.append("")
    lines.append("Claims")
    order = claims.assign(_u=claims["verdict"] == "unverifiable").sort_values("_u", kind="stable")
    for r in order.itertuples(index=False):
        lines.append(
            f"  {r.verdict.upper():<13} {r.country} {r.indicator_code:<16} "
            f"{short(r.claim_text, 70)}"
        )
        lines.append(f"{'':16}evidence: {r.evidence}")
    return "\n".join(lines)
