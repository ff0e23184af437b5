"""Statuses against official outcomes: the truth set in ``eval/outcomes/``.

The product runs as a user runs it (``policy-tracker run``, in a subprocess, on the shipped
snapshot) on the truth set's documents copied to a scratch folder; then each keyed target is
looked up among the goals extracted from its quote and its status read from ``goal_progress``,
on the indicator the key names (else the goal's primary one). A status is a verdict when it is
``target achieved`` (met) or ``target missed`` (not met); anything else is no verdict.

Three groups, because they answer different questions:

- **exact**: a WDI series measures the target (``wdi_fit: exact``) and has a value for the years
  needed. The acceptance group: the status should agree with the official verdict.
- **proxy**: a WDI series of another definition (registered vs modelled unemployment, grain vs
  cereals). The row's reason must say so; where the definitions disagree by more than the
  difference between the target and the outcome, no verdict is the right answer.
- **no WDI value**: the series lacks the years (or no series fits): no verdict is right.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.config import ROOT, child_environment
from pipeline.evaluate.extraction import same_number
from pipeline.evaluate.keys import Item, Key

MET, MISSED = "target achieved", "target missed"
VERDICT = {MET: "met", MISSED: "not_met"}


@dataclass
class Judged:
    document_id: str
    item: Item
    group: str  # exact | proxy | no value
    goal_id: str | None = None
    indicator: str | None = None
    status: str | None = None
    reason: str = ""

    @property
    def outcome(self) -> str:
        return self.item.outcome["outcome"]

    @property
    def verdict(self) -> str | None:
        return VERDICT.get(self.status or "")

    @property
    def agrees(self) -> bool | None:
        return None if self.verdict is None else self.verdict == self.outcome


def group_of(item: Item) -> str:
    raw = item.outcome or {}
    fit = str(raw.get("wdi_fit") or "none")
    if not item.indicators or fit.startswith("none"):
        return "no series"
    if raw.get("wdi_value") is None:
        return "no value"
    return "exact" if fit == "exact" else "proxy"


def run_product(keys: list[Key], work: Path) -> Path:
    """``policy-tracker run`` on the keys' documents; returns the DuckDB file."""
    docs = work / "documents"
    docs.mkdir(parents=True)
    for key in keys:
        shutil.copy(key.files[0], docs / key.files[0].name)
    env = child_environment(
        POLICY_TRACKER_DOCUMENTS=str(docs),
        POLICY_TRACKER_DB=str(work / "outcomes.duckdb"),
        POLICY_TRACKER_REPORTS=str(work / "reports"),
        POLICY_TRACKER_SOURCE="snapshot",
    )
    cmd = [sys.executable, "-c", "import sys; from assets.cli import main; sys.exit(main())"]
    done = subprocess.run(  # noqa: S603 - our own interpreter and module, no user input
        [*cmd, "run", "--log-level", "ERROR"], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if "FAILED" in done.stderr or not (work / "outcomes.duckdb").exists():
        failed = [line for line in done.stderr.splitlines() if line.startswith("FAILED")]
        raise RuntimeError(
            "policy-tracker run failed:\n" + "\n".join(failed or [done.stderr[-3000:]])
        )
    return work / "outcomes.duckdb"


def _tables(db: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    with duckdb.connect(str(db), read_only=True) as con:
        docs = con.sql("select document_id, text from policy_documents").df()
        goals = con.sql(
            "select goal_id, document_id, kind, span_start, span_end, target_value, "
            "target_value_low from policy_goals"
        ).df()
        progress = con.sql(
            "select goal_id, indicator_code, is_primary, status, reason from goal_progress"
        ).df()
    return docs, goals, progress


def _locate(text: str, quote: str) -> tuple[int, int] | None:
    start = text.find(quote)
    if start < 0:
        squashed = " ".join(quote.split())
        start = " ".join(text.split()).find(squashed)
        quote = squashed
    return None if start < 0 else (start, start + len(quote))


def _goal_for(
    item: Item, text: str, goals: pd.DataFrame, taken: set[str], progress: pd.DataFrame
) -> str | None:
    """The goal record under the target's quote; with several, the one stating its number.
    None under the quote: a goal elsewhere in the document stating the same number on one of
    the key's indicators (the same target restated: the product keeps one of the two)."""
    where = _locate(text, item.quote)
    if where is None:
        return None
    lo, hi = where
    goals = goals[(goals["kind"] == "goal") & ~goals["goal_id"].isin(taken)]
    under = goals[(goals["span_end"] > lo) & (goals["span_start"] < hi)]
    if under.empty:
        judged = set(progress.loc[progress["indicator_code"].isin(item.indicators), "goal_id"])
        under = goals[goals["goal_id"].isin(judged)]
        under = under[[same_number(v, item.target_value) for v in under["target_value"]]]
    if under.empty:
        return None
    same = under[
        [
            same_number(v, item.target_value) or same_number(low, item.target_value)
            for v, low in zip(under["target_value"], under["target_value_low"], strict=True)
        ]
    ]
    return str((same if not same.empty else under).iloc[0]["goal_id"])


def judge_keys(keys: list[Key], db: Path) -> list[Judged]:
    docs, goals, progress = _tables(db)
    texts = dict(zip(docs["document_id"], docs["text"], strict=True))
    out = []
    for key in keys:
        doc_id = key.files[0].stem
        taken: set[str] = set()
        for item in key.items:
            j = Judged(key.document_id, item, group_of(item))
            out.append(j)
            text = texts.get(doc_id)
            if text is None:
                j.reason = "document not read"
                continue
            mine = goals[goals["document_id"] == doc_id]
            j.goal_id = _goal_for(item, text, mine, taken, progress)
            if j.goal_id is None:
                j.reason = "no goal extracted from the quote"
                continue
            taken.add(j.goal_id)
            rows = progress[progress["goal_id"] == j.goal_id]
            keyed = rows[rows["indicator_code"].isin(item.indicators)]
            if not keyed.empty:
                order = {c: i for i, c in enumerate(item.indicators)}
                row = keyed.iloc[keyed["indicator_code"].map(order).argsort()].iloc[0]
            elif not rows.empty:
                primary = rows[rows["is_primary"].fillna(False).astype(bool)]
                row = (primary if not primary.empty else rows).iloc[0]
            else:
                j.reason = "goal not judged"
                continue
            j.indicator, j.status, j.reason = row["indicator_code"], row["status"], row["reason"]
    return out


HEADER = (
    f"{'document':<30} {'targets':>7} {'exact':>5} {'status':>6} {'agree':>5} {'proxy':>5} "
    f"{'status':>6} {'agree':>5}"
)


def _counts(rows: list[Judged], group: str) -> tuple[int, int, int]:
    g = [r for r in rows if r.group == group]
    return len(g), sum(r.verdict is not None for r in g), sum(bool(r.agrees) for r in g)


def table(judged: list[Judged]) -> list[str]:
    lines = [HEADER]
    by_doc: dict[str, list[Judged]] = {}
    for j in judged:
        by_doc.setdefault(j.document_id, []).append(j)
    for doc, rows in [*by_doc.items(), ("TOTAL", judged)]:
        e, p = _counts(rows, "exact"), _counts(rows, "proxy")
        lines.append(
            f"{doc[:30]:<30} {len(rows):>7} {e[0]:>5} {e[1]:>6} {e[2]:>5} {p[0]:>5} {p[1]:>6} "
            f"{p[2]:>5}"
        )
    return lines


def summary(judged: list[Judged]) -> list[str]:
    out = []
    for group in ("exact", "proxy", "no value", "no series"):
        rows = [j for j in judged if j.group == group]
        if not rows:
            continue
        n, given, agree = _counts(judged, group)
        wrong = sum(j.agrees is False for j in rows)
        statuses = Counter(j.status or j.reason for j in rows)
        out.append(
            f"{group:<9} {n:>3} targets: verdict on {given} ({given / n:.0%}), agrees on {agree}"
            f" ({agree / given if given else 0:.0%} of verdicts), disagrees on {wrong}; "
            + ", ".join(f"{k} {v}" for k, v in statuses.most_common())
        )
    return out


def details(judged: list[Judged]) -> list[str]:
    out = []
    for j in judged:
        mark = {True: "ok ", False: "XX ", None: " - "}[j.agrees]
        out.append(
            f"{mark}{j.document_id} {j.item.id} [{j.group}] official {j.outcome}; "
            f"{j.indicator or '-'}: {j.status or '-'}\n      {j.item.quote[:90]}\n"
            f"      {j.reason[:300]}"
        )
    return out


def main(keys: list[Key], verbose: bool = False, keep: Path | None = None) -> int:
    """Run, judge, print; ``keep`` leaves the run's DuckDB file there to query."""
    with tempfile.TemporaryDirectory(prefix="outcomes-") as tmp:
        db = run_product(keys, Path(tmp))
        judged = judge_keys(keys, db)
        if keep is not None:
            keep.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(db, keep)
    print("\n".join(table(judged)))
    print()
    print("\n".join(summary(judged)))
    if verbose:
        print()
        print("\n".join(details(judged)))
    return 0
