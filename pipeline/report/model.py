"""What the scorecard report says, before any markup: a summary per document and country, then
per document its commitments grouped by status (off track first), its claims (checked first)
and its charts. The HTML page, the Markdown page and the Dagster metadata all render this.

A goal stated several times in a document (the same indicator, target, deadline and status:
``v_scorecard.same_as``) is one row that cites each sentence, so no goal x indicator x country
appears twice and the counts are not inflated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.formatting import number

STATUS_ORDER = (
    "target missed", "deterioration", "limited progress", "acceleration needed", "on track",
    "target achieved", "unverifiable", "insufficient data", "no data", "unmeasured",
)  # fmt: skip
# a sign beside each status, so the report reads without colour
MARK = {
    "target achieved": "✔", "on track": "↗", "acceleration needed": "▲",
    "limited progress": "▽", "deterioration": "✖", "target missed": "✗",
    "unverifiable": "?", "insufficient data": "?", "no data": "–", "unmeasured": "–",
    "supported": "✔", "contradicted": "✖",
}  # fmt: skip
OFF_TRACK = ("target missed", "deterioration", "limited progress", "acceleration needed")
SUMMARY_COLUMNS = {
    "target_achieved": "achieved", "on_track": "on track",
    "acceleration_needed": "needs acceleration", "limited_progress": "limited progress",
    "deterioration": "deteriorating", "target_missed": "missed", "no_verdict": "no verdict",
    "unmeasured": "unmeasured",
}  # fmt: skip


@dataclass
class GoalRow:
    """One commitment x indicator x country, with every sentence that states it."""

    goal_id: str
    status: str
    stale: bool
    sentences: list[tuple[str, str]]  # (goal_id, full text)
    country: str
    indicator: str | None
    indicator_name: str | None
    unit: str | None
    numbers: dict[str, str]
    reason: str
    chart: Path | None = None

    @property
    def mark(self) -> str:
        return MARK.get(self.status, "")


@dataclass
class Section:
    document_id: str
    title: str
    facts: str  # country, kind, published, period
    counts: dict[str, int]
    groups: list[tuple[str, list[GoalRow]]]
    checked_claims: pd.DataFrame
    unverifiable_claims: pd.DataFrame
    charts: list[tuple[Path, str]] = field(default_factory=list)  # (png, caption)


def _text(v) -> str | None:
    return v if isinstance(v, str) else None


def _cell(v, unit: str | None = None) -> str:
    if v is None or pd.isna(v):
        return ""
    return number(v) + (f" {unit}" if unit else "")


def _at(v, year) -> str:
    return "" if v is None or pd.isna(v) else f"{number(v)} ({int(year)})"


def numbers(r) -> dict[str, str]:
    """The numbers behind a status, formatted as reasons print them."""
    target = r.target_as_judged if isinstance(r.target_as_judged, str) else ""
    if not target and pd.notna(r.target_value):
        target = number(r.target_value)
    if target and pd.notna(r.target_year):
        target += f" by {int(r.target_year)}"
    return {
        "base": _at(r.baseline_value, r.baseline_year),
        "judged": _at(r.latest_value, r.latest_year),
        "judged value": _cell(r.judged_value),
        "target": target,
        "%/yr": _cell(r.annual_rate_pct),
        "needed %/yr": _cell(r.required_rate_pct),
        "R": _cell(r.progress_ratio),
    }


def goal_rows(doc_rows: pd.DataFrame, charts: dict[tuple, Path]) -> list[GoalRow]:
    """One row per commitment x indicator x country, citing each sentence of it."""
    out: dict[tuple, GoalRow] = {}
    for r in doc_rows.itertuples(index=False):
        key = (r.same_as, r.indicator_code, r.country)
        row = out.get(key)
        if row is None:
            out[key] = GoalRow(
                goal_id=r.same_as, status=r.status, stale=bool(r.stale),
                sentences=[], country=r.country, indicator=_text(r.indicator_code),
                indicator_name=_text(r.indicator_name), unit=_text(r.unit),
                numbers=numbers(r), reason=r.reason,
                chart=charts.get((r.goal_id, r.indicator_code, r.country)),
            )  # fmt: skip
            row = out[key]
        if r.goal_id not in {g for g, _ in row.sentences}:
            row.sentences.append((r.goal_id, r.goal_text))
    return list(out.values())


def _facts(doc: pd.Series, countries: list[str]) -> str:
    parts = [", ".join(countries)]
    if isinstance(doc.get("document_kind"), str):
        parts.append(doc["document_kind"].replace("_", " "))
    if pd.notna(doc.get("published")):
        parts.append(f"published {pd.Timestamp(doc['published']).date()}")
    if pd.notna(doc.get("period_start")) and pd.notna(doc.get("period_end")):
        start, end = int(doc["period_start"]), int(doc["period_end"])
        parts.append(f"covers {start}" + (f"-{end}" if end != start else ""))
    return " · ".join(p for p in parts if p)


def sections(
    summary: pd.DataFrame,
    scorecard: pd.DataFrame,
    claims: pd.DataFrame,
    documents: pd.DataFrame,
    charts: dict[tuple, Path],
) -> list[Section]:
    """One section per document, in the summary's order."""
    docs = documents.set_index("document_id")
    out = []
    for doc_id, counts in summary.groupby("document_id", sort=False):
        rows = goal_rows(scorecard[scorecard["document_id"] == doc_id], charts)
        groups = [(s, [r for r in rows if r.status == s]) for s in STATUS_ORDER]
        mine = claims[claims["document_id"] == doc_id]
        checked = mine["verdict"] != "unverifiable"
        doc = docs.loc[doc_id] if doc_id in docs.index else pd.Series(dtype=object)
        section = Section(
            document_id=doc_id,
            title=str(doc.get("title") or doc_id),
            facts=_facts(doc, sorted(counts["country"])),
            counts={k: int(counts[k].sum()) for k in ("goals", *SUMMARY_COLUMNS)},
            groups=[(s, g) for s, g in groups if g],
            checked_claims=mine[checked],
            unverifiable_claims=mine[~checked],
        )
        seen: set[Path] = set()
        for r in rows:
            if r.chart is not None and r.chart not in seen:
                seen.add(r.chart)
                what = f" ({r.indicator})" if r.indicator else ""
                caption = f"{r.mark} {r.status}{what}: {r.sentences[0][1]}"
                section.charts.append((r.chart, caption))
        out.append(section)
    return out


def off_track(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The commitments off track, worst first: what the summary leads with."""
    rows = scorecard[
        scorecard["status"].isin(OFF_TRACK) & (scorecard["goal_id"] == scorecard["same_as"])
    ]
    order = {s: i for i, s in enumerate(STATUS_ORDER)}
    return rows.assign(_o=rows["status"].map(order)).sort_values(["_o", "document_id"])


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """v_summary as a reader reads it: one row per document and country, counts by status."""
    out = pd.DataFrame(
        {
            "document": summary["document_id"],
            "country": summary["country"],
            "goals": summary["goals"],
        }
    )
    for col, label in SUMMARY_COLUMNS.items():
        out[label] = summary[col]
    out["claims ✔/✖/?"] = [
        f"{a}/{b}/{c}"
        for a, b, c in zip(
            summary["claims_supported"], summary["claims_contradicted"],
            summary["claims_unverifiable"], strict=True,
        )
    ]  # fmt: skip
    return out
