"""Analyst reviews: accept, reject or correct what the extractor read, in files kept in the repo.

One YAML file per document in ``data/reviews/`` (``POLICY_TRACKER_REVIEWS``)::

    document: gov_work_report_2018_highlights
    reviews:
      - quote: CPI increase of around 3 percent   # words of the record's clause
        reviewer: jane
        reason: the work report's CPI target is a ceiling; the 2019 report counts 2.1% as met
        comparator: "<="                          # corrections, any of FIELDS
        status: target achieved                   # a status set by hand (needs a reason)
      - quote: Basic parity in personal income growth
        reject: true
        reason: a relation between two series, not a target we can measure

A review finds its record by its ``quote``: words the record's clause contains, compared with
spaces, case and curly quotes ignored. Goal ids move when text before a clause changes; a
sentence's words do not, so a review survives re-extraction of an unchanged sentence. A quote
that matches no record (the sentence changed, or the extractor now cuts it elsewhere), or
several, is reported with its file and never applied silently. Pure functions: the
``reviewed_goals`` asset reads the files and writes the table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from pipeline.warehouse.registry import (
    GOAL_DIRECTIONS,
    MEASURES,
    RECORD_KINDS,
    STATUSES,
    VERDICTS,
    table,
)

# what a review may correct, and the values each may take (None: any)
FIELDS: dict[str, tuple[str, ...] | None] = {
    "kind": RECORD_KINDS,
    "theme": None,
    "direction": GOAL_DIRECTIONS,
    "target_value": None,
    "target_value_low": None,
    "target_unit": None,
    "comparator": (">", ">=", "<", "<=", "~", "=", "between"),
    "measure": MEASURES,
    "target_year": None,
    "period_start": None,
    "period_end": None,
    "base_year": None,
    "country_iso3": None,
}
NUMBERS = {"target_value", "target_value_low"}
YEARS = {"target_year", "period_start", "period_end", "base_year"}
KEYS = {"quote", "reviewer", "reason", "reject", "indicator", "status", *FIELDS}


class ReviewError(ValueError):
    """A review file that cannot be read: names the file and the entry."""


@dataclass(frozen=True)
class Review:
    file: str
    document_id: str
    quote: str
    reason: str | None = None
    reviewer: str | None = None
    reject: bool = False
    corrections: dict = field(default_factory=dict)
    indicator: str | None = None
    status: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}: '{self.quote}'"


@dataclass
class Applied:
    frame: pd.DataFrame  # the reviewed_goals table
    problems: list[str]  # reviews that matched no record, or more than one
    applied: int
    elsewhere: list[str] = field(default_factory=list)  # reviews of documents not read


def normalise(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(re.sub(r"[\u2010-\u2015]", "-", text).lower().split())


def _entry(path: Path, document: str, n: int, raw) -> Review:
    where = f"{path.name}, review {n}"
    if not isinstance(raw, dict) or not str(raw.get("quote") or "").strip():
        raise ReviewError(f"{where}: each review needs a quote (words of the record's clause)")
    unknown = set(raw) - KEYS
    if unknown:
        raise ReviewError(f"{where}: unknown fields {sorted(unknown)}; allowed: {sorted(KEYS)}")
    corrections = {}
    for name, allowed in FIELDS.items():
        if name not in raw:
            continue
        value = raw[name]
        if allowed is not None and value not in allowed:
            raise ReviewError(f"{where}: {name} must be one of {list(allowed)}, not {value!r}")
        if name in NUMBERS and value is not None:
            value = float(value)
        if name in YEARS and value is not None:
            value = int(value)
        corrections[name] = value
    status = raw.get("status")
    if status is not None and status not in (*STATUSES, *VERDICTS):
        raise ReviewError(f"{where}: status must be a status or a verdict, not {status!r}")
    if (status or raw.get("reject")) and not raw.get("reason"):
        raise ReviewError(f"{where}: a status set by hand or a rejection needs a reason")
    return Review(
        file=path.name,
        document_id=document,
        quote=str(raw["quote"]).strip(),
        reason=raw.get("reason"),
        reviewer=raw.get("reviewer"),
        reject=bool(raw.get("reject", False)),
        corrections=corrections,
        indicator=raw.get("indicator"),
        status=status,
    )


def load_reviews(folder: Path) -> list[Review]:
    """Every review in the folder's ``*.yaml`` files; a malformed file raises ReviewError."""
    out = []
    for path in sorted(Path(folder).glob("*.y*ml")):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ReviewError(f"{path.name}: not valid YAML: {exc}") from exc
        document = raw.get("document") if isinstance(raw, dict) else None
        if not document:
            raise ReviewError(f"{path.name}: needs 'document: <document id>' at the top")
        entries = raw.get("reviews") or []
        if not isinstance(entries, list):
            raise ReviewError(f"{path.name}: 'reviews' must be a list")
        out += [_entry(path, str(document), n, e) for n, e in enumerate(entries, 1)]
    return out


def _find(review: Review, records: pd.DataFrame) -> tuple[int | None, str | None]:
    """The one record a review's quote names, else why not."""
    mine = records[records["document_id"] == review.document_id]
    quote = normalise(review.quote)
    texts = [normalise(t) for t in mine["text"]]
    whole = [i for i, t in zip(mine.index, texts, strict=True) if t == quote]
    inside = [i for i, t in zip(mine.index, texts, strict=True) if quote in t]
    found = whole or inside
    if not found:
        return None, f"{review.where}: matches no record of {review.document_id} (stale?)"
    if len(found) > 1:
        return None, f"{review.where}: matches {len(found)} records; quote more words"
    return found[0], None


def _show(v) -> str:
    v = v.item() if hasattr(v, "item") else v
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return repr(v)


def _said(review: Review, before: pd.Series) -> str:
    who = f" by {review.reviewer}" if review.reviewer else ""
    why = f": {review.reason}" if review.reason else ""
    if review.reject:
        return f"rejected{who}{why}"
    changes = [
        f"{k} {_show(before[k])} -> {_show(v)}"
        for k, v in review.corrections.items()
        if before[k] != v
    ]
    if review.indicator:
        changes.append(f"indicator -> {review.indicator}")
    if review.status:
        changes.append(f"status set to '{review.status}'")
    what = "corrected " + ", ".join(changes) if changes else "accepted"
    return f"{what}{who}{why}"


def apply_reviews(extracted: pd.DataFrame, reviews: list[Review]) -> Applied:
    """The extracted records with every review applied (``reviewed_goals``)."""
    df = extracted.copy().reset_index(drop=True)
    df = df.assign(
        reviewed=False, review=None, review_action=None, review_indicator=None,
        review_status=None, review_reason=None,
    )  # fmt: skip
    problems, elsewhere, applied = [], [], 0
    read = set(df["document_id"])
    for review in reviews:
        if review.document_id not in read:  # another documents folder: nothing to match
            elsewhere.append(f"{review.where}: document {review.document_id} not in this run")
            continue
        at, problem = _find(review, df)
        if problem:
            problems.append(problem)
            continue
        said = _said(review, df.loc[at])
        for name, value in review.corrections.items():
            df.loc[at, name] = value
        action = "reject" if review.reject else "correct" if review.corrections else "accept"
        df.loc[at, ["reviewed", "review", "review_action"]] = [True, said, action]
        df.loc[at, ["review_indicator", "review_status", "review_reason"]] = [
            review.indicator, review.status, review.reason,
        ]  # fmt: skip
        applied += 1
    return Applied(table("reviewed_goals").frame(df), problems, applied, elsewhere)
