"""What a target's number means: which number it is, what it measures, over which period.

- **target and base**: "to jump from 6.4 million in 2020 to 60 million in 2025" targets 60 million
  from a stated base of 6.4 million in 2020; "10 percent of GDP, up from 7.8 percent in 2020"
  targets 10 percent. A base is kept with its year (``base_value``, ``base_year``).
- **measure**: ``level`` (the value at the deadline), ``change`` (a cumulative change from the
  period's base: "cut by 16 percent", "increase by 3 percentage points"), ``annual_rate`` (the
  rate in one year: "GDP growth of around 6.5 percent" in an annual report), ``average_rate``
  (the average yearly rate over a period: "7 percent annually on average" in a five-year plan),
  ``multiple`` ("double per-capita GDP from its 2000 level"), ``count`` (a number of things made
  in the period: "create over 11 million new urban jobs").
- **wording**: the words that bind the number, as written ("around", "no more than", "within",
  "at least", "basically stable"): how they are judged is the catalogue's convention table.
- **period**: the years the target covers: one year for an annual target, the plan's years
  for an average or a cumulative change, from the stated base to the deadline otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.quantities import COMPARATOR_ALT, Quantity

BASE_CUE = re.compile(
    r"\b(?:up|down|rising|falling|increasing|decreasing)\s+from\s*$|"
    r"\b(?:compared\s+(?:to|with)|against|versus|vs\.?|from)\s*$",
    re.IGNORECASE,
)
FROM_TO = re.compile(r"\bfrom\s*$", re.IGNORECASE)
YEAR_AFTER = re.compile(r"^\s*(?:in|at the end of|as of)\s+((?:19|20)\d\d)\b|^\s*(last year)", re.I)
LEVEL_CUE = re.compile(r"\b(?:reach|levels?|to|at)\s*$", re.IGNORECASE)
# "cut energy consumption and carbon dioxide emissions per unit of GDP by 15 percent", "a
# reduction in energy consumption per unit of GDP of at least 3.4%", "up 4 percentage points"
# (not "make up 60 percent")
CHANGE_BEFORE = re.compile(
    r"\b(?:(?:drop|fall|decline|decrease|reduce|cut|lower|increase|raise|rise|grow|expand|"
    r"boost|lift)(?:s|d|n|ed|ing|ting|ped)?\s+(?:[\w-]+\s+){0,12}?by|(?:reduction|drop|fall|decline|"
    r"decrease|cut|increase|rise)\s+(?:[\w-]+\s+){0,10}?of|down|(?<!make )(?<!makes )"
    r"(?<!made )up)\s*$",
    re.IGNORECASE,
)
REDUCE_BEFORE = re.compile(
    r"\b(?:drop|fall|decline|decrease|reduce|cut|lower)(?:s|d|n|ed|ped|ting)?\s+"
    r"(?:[\w-]+\s+){0,12}?by\s*$|\b(?:reduction|drop|fall|decline|decrease|cut)\s+"
    r"(?:[\w-]+\s+){0,10}?of\s*$",
    re.IGNORECASE,
)
RATE_WORDS = re.compile(
    r"\b(?:growth|grow(?:s|ing)?|annual(?:ly)?|a year|per year|per annum|year[\s-]on[\s-]year|"
    r"increase of|rise of|inflation|CPI|consumer prices?)\b",
    re.IGNORECASE,
)
AVERAGE_WORDS = re.compile(
    r"\bon average\b|\baverage(?:d)?\b|\bannually\b[^.;]{0,40}\bperiod\b|"
    r"\b(?:a|per|each|every)\s+year\b[^.;]{0,40}\b(?:period|plan|five years)\b|"
    r"\bover\s+the\s+(?:period|five years|plan)\b",
    re.IGNORECASE,
)
COUNT_WORDS = re.compile(r"\b(?:new|create[sd]?|creating|add(?:s|ed|ing)?|additional)\b", re.I)
STABLE_WORDS = re.compile(
    r"\b(?:basically|generally|largely|broadly)\s+stable\b|\bstable\b|\bin step with\b|"
    r"\bsteady\s+(?:rise|growth|increase)\b|\bbasic(?:ally)?\s+balance[d]?\b",
    re.IGNORECASE,
)
WORDING = re.compile(rf"^(?:{COMPARATOR_ALT})\b", re.IGNORECASE)
PLAN_KINDS = frozenset({"five_year_plan"})


@dataclass(frozen=True)
class Semantics:
    measure: str | None
    wording: str | None
    base_value: float | None
    base_year: int | None
    period_start: int | None
    period_end: int | None


def pick_target(text: str, qty: list[Quantity]) -> tuple[Quantity | None, Quantity | None]:
    """The number a goal commits to, and the stated base it starts from (or None)."""
    if not qty:
        return None, None
    base = None
    targets = []
    for q in qty:
        before = text[max(0, q.span.start - 25) : q.span.start]
        if BASE_CUE.search(before) and (targets or len(qty) > 1):
            base = base or q
            continue
        targets.append(q)
    if not targets:
        return qty[0], None
    target = targets[0]
    if base is None and len(qty) > 1 and target is qty[0]:
        before = text[max(0, qty[0].span.start - 8) : qty[0].span.start]
        if FROM_TO.search(before):  # "from 6.4 million in 2020 to 60 million in 2025"
            return qty[1], qty[0]
    return target, base


def base_year(text: str, base: Quantity | None, pub_year: int | None) -> int | None:
    """The year a stated base belongs to: "6.4 million in 2020", "4.3 billion tonnes last year"."""
    if base is None:
        return None
    m = YEAR_AFTER.match(text[base.span.end : base.span.end + 30])
    if not m:
        return None
    if m.group(1):
        return int(m.group(1))
    return pub_year - 1 if pub_year else None


def measure_of(text: str, q: Quantity, clause_start: int, doc_kind: str | None) -> str:
    """level | change | annual_rate | average_rate | multiple | count (see the module)."""
    before = text[max(clause_start, q.span.start - 110) : q.span.start]
    clause = text[clause_start : q.span.end + 80]
    after = text[q.span.start : q.span.end + 40]
    if q.unit == "times":
        return "multiple"
    per_year = q.unit.endswith("per year")
    if per_year or (q.unit.startswith("percent") and RATE_WORDS.search(before + " " + q.text)):
        if AVERAGE_WORDS.search(clause) or (doc_kind in PLAN_KINDS and "annual" in clause.lower()):
            return "average_rate"
        if not per_year and REDUCE_BEFORE.search(before):  # "cut by 3 percent": a change
            return "change"
        return "annual_rate"
    if CHANGE_BEFORE.search(before):
        return "change"
    if q.unit not in {"percent", "percentage points"} and COUNT_WORDS.search(before + after):
        return "count"
    return "level"


def wording_of(q: Quantity | None, clause: str) -> str | None:
    """The words that bind the number ("around", "no more than"), or a stability phrase."""
    if q is not None:
        m = WORDING.match(q.text)
        if m:
            return m.group(0).lower()
        after = re.search(r"\bor\s+(?:more|higher|above|lower|less)\b", q.text, re.IGNORECASE)
        if after:
            return after.group(0).lower()
        if q.comparator == "between":
            return "between"
    m = STABLE_WORDS.search(clause)
    return m.group(0).lower() if m else None


def period_of(
    measure: str | None,
    target_year: int | None,
    base: int | None,
    doc_period: tuple[int | None, int | None],
) -> tuple[int | None, int | None]:
    """The first and last year a target covers (see the module)."""
    if target_year is None:
        return None, None
    start, end = doc_period
    if measure == "annual_rate":
        return target_year, target_year
    if base is not None and base < target_year:
        return base + 1, target_year
    if start is not None and end == target_year and start < target_year:
        return start, target_year
    return target_year, target_year


def semantics(
    text: str,
    clause_start: int,
    clause: str,
    target: Quantity | None,
    base: Quantity | None,
    target_year: int | None,
    doc_year: int | None,
    doc_kind: str | None,
    doc_period: tuple[int | None, int | None],
) -> Semantics:
    measure = measure_of(text, target, clause_start, doc_kind) if target else None
    year0 = base_year(text, base, doc_year)
    start, end = period_of(measure, target_year, year0, doc_period)
    return Semantics(
        measure=measure,
        wording=wording_of(target, clause),
        base_value=base.value if base else None,
        base_year=year0,
        period_start=start,
        period_end=end,
    )
