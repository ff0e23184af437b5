"""Numbers in text: values with their unit, scale, comparator and range, ranks and runs.

``quantities(text, span)`` finds every number a clause states ("around 6.5 percent", "over
11 million", "$621 billion", "one-third", "double"), leaves out what is not a quantity (years,
ordinals, denominators such as "every 10,000 people") and says how each binds (comparator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract.segment import Span

# ---------------------------------------------------------------------------------------------
# Quantities

SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
COMPARATORS = {
    "more than": ">",
    "over": ">",
    "above": ">",
    "exceeding": ">",
    "exceeded": ">",
    "exceeds": ">",
    "in excess of": ">",
    "at least": ">=",
    "no less than": ">=",
    "not less than": ">=",
    "less than": "<",
    "under": "<",
    "below": "<",
    "fewer than": "<",
    "at most": "<=",
    "no more than": "<=",
    "not more than": "<=",
    "no higher than": "<=",
    "no larger than": "<=",
    "no greater than": "<=",
    "not exceeding": "<=",
    "no lower than": ">=",
    "no fewer than": ">=",
    "within": "<=",
    "around": "~",
    "about": "~",
    "approximately": "~",
    "roughly": "~",
    "nearly": "~",
    "almost": "~",
    "close to": "~",
    # a level stated as what there will be: "every 10,000 people to have 3.3 patents"
    "to have": "=",
    "to reach": "=",
}
COMPARATOR_ALT = "|".join(sorted((re.escape(c) for c in COMPARATORS), key=len, reverse=True))
QUANTITY = re.compile(
    r"(?:(?P<between>between)\s+(?P<low>\d+(?:\.\d+)?)\s*(?:%|percent|per cent)?\s*"
    r"(?:and|to|-)\s+)?"
    rf"(?:(?P<comp>{COMPARATOR_ALT})\s+)?"
    r"(?P<currency>US\$|\$|RMB\s?|¥)?"
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<pct>%|percent\b|per cent\b|percentage points?\b))?"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:\s*(?P<unit>yuan|dollars|euros?|tons|tonnes|people|persons|years|households|jobs)\b)?"
    r"(?:\s*(?:on average\s+)?(?P<per_year>per year|a year|per annum|annually|each year)\b)?"
    r"(?:(?<=\d,\d\d\d)\s+(?P<count>(?:[A-Za-z][\w-]*\s+){0,2}?(?:miles|kilometers|km|"
    r"bridges|homes|buildings|vehicles|chargers|buses|schools|units|apartments|wells|"
    r"hectares|acres|students|workers|teachers|doctors|beds|projects|companies|firms))\b)?"
    r"(?:\s+of\s+(?P<of>(?:the\s+)?[A-Za-z][\w-]*(?:\s+[a-z][\w-]*){0,1}))?",
    re.IGNORECASE,
)
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "largest": 1,
    "biggest": 1,
    "wealthiest": 1,
    "richest": 1,
    "top": 1,
}
RANK = re.compile(
    r"rank(?:ed|s|ing)?\s+(?:(?P<word>first|second|third|fourth|fifth)|No\.\s?(?P<no>\d+)|"
    r"(?P<num>\d+)(?:st|nd|rd|th))\s+in\s+the\s+world|"
    r"(?:the\s+)?world[’']?\s?s\s+(?P<sup>largest|biggest)|"
    r"(?P<word2>first|second|third|largest|biggest|wealthiest|richest)\s+(?:\w+\s+){0,2}in\s+"
    r"the\s+world|"
    r"\brank(?:ed|s)?\s+(?P<num2>\d+)(?:st|nd|rd|th)\b|"
    r"\brank(?:ed|s)?\s+in\s+the\s+top\s+(?P<top>\d+)\b|"
    r"\bone\s+of\s+the\s+(?P<oneof>highest|largest|lowest|biggest|smallest|best|worst)\b"
    r"[^.;]{0,60}?\bin\s+the\s+(?:\w+\s+)?world",
    re.IGNORECASE,
)
RUN = re.compile(
    rf"for\s+(?:(?P<comp>{COMPARATOR_ALT})\s+)?(?P<n>\d+)\s+consecutive\s+years", re.IGNORECASE
)
YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str
    comparator: str | None
    text: str
    span: Span
    denominator: str | None
    low: float | None = None  # "between 3 and 5 percent": 3 (value holds 5)


WORD_VALUES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100,
}  # fmt: skip
WORD_QUANTITY = re.compile(
    rf"(?:(?P<comp>{COMPARATOR_ALT})\s+)?\b(?P<word>{'|'.join(WORD_VALUES)})\s+"
    r"(?P<scale>thousand|million|billion|trillion)\b(?:\s+(?P<noun>[a-z][\w-]*))?",
    re.IGNORECASE,
)


MULTIPLES = {
    "twice": 2.0, "double": 2.0, "triple": 3.0, "quadruple": 4.0, "half": 0.5,
    "one-third": 1 / 3, "one-quarter": 0.25, "three times": 3.0, "four times": 4.0,
}  # fmt: skip
MULTIPLE = re.compile(
    r"\b(?P<m>" + "|".join(re.escape(k) for k in MULTIPLES) + r")\b(?=\s+(?:the|as|that)\b)",
    re.IGNORECASE,
)


RANKED_COUNT = re.compile(
    rf"\bthe\s+(?P<word>{'|'.join(WORD_VALUES)})\s+(?:most|largest|worst|biggest|best|top)\b",
    re.IGNORECASE,
)


DOLLAR_SIZE = re.compile(
    r"\b(?:a|one)\s+(?P<scale>million|billion|trillion)-dollar\b", re.IGNORECASE
)
WORD_CHANGE = re.compile(
    rf"\bby\s+(?P<word>{'|'.join(WORD_VALUES)})\s+(?P<unit>years?|percentage\s+points?)\b",
    re.IGNORECASE,
)
MULTIPLY = re.compile(r"\b(?:will|to)\s+(?P<m>double|triple|quadruple)\b", re.IGNORECASE)


def quantities(text: str, span: Span) -> list[Quantity]:
    found = []
    for m in WORD_CHANGE.finditer(text, span.start, span.end):  # "increase by one year"
        value = float(WORD_VALUES[m.group("word").lower()])
        unit = "years" if m.group("unit").lower().startswith("year") else "percentage points"
        at = Span(m.start("word"), m.end())
        found.append(Quantity(value, unit, None, text[at.start : at.end], at, None))
    for m in RANKED_COUNT.finditer(text, span.start, span.end):  # "the ten most ... bridges"
        value = float(WORD_VALUES[m.group("word").lower()])
        found.append(Quantity(value, "number", None, m.group(0), Span(m.start(), m.end()), None))
    for m in DOLLAR_SIZE.finditer(text, span.start, span.end):  # "a trillion-dollar backlog"
        value = SCALE[m.group("scale").lower()]
        found.append(Quantity(value, "US$", None, m.group(0), Span(m.start(), m.end()), None))
    for m in MULTIPLY.finditer(text, span.start, span.end):  # "will double federal funding"
        value = MULTIPLES[m.group("m").lower()]
        found.append(Quantity(value, "times", None, m.group(0), Span(m.start(), m.end()), None))
    for m in MULTIPLE.finditer(text, span.start, span.end):  # "twice the commute time"
        value = MULTIPLES[m.group("m").lower()]
        found.append(Quantity(value, "times", None, m.group(0), Span(m.start(), m.end()), None))
    for m in WORD_QUANTITY.finditer(text, span.start, span.end):  # "more than two million homes"
        value = WORD_VALUES[m.group("word").lower()] * SCALE[m.group("scale").lower()]
        unit = (m.group("noun") or "number").lower()
        comp = COMPARATORS.get((m.group("comp") or "").lower())
        found.append(Quantity(value, unit, comp, m.group(0), Span(m.start(), m.end()), None))
    for m in QUANTITY.finditer(text, span.start, span.end):
        q = _numeric(text, span, m)
        if q is not None:
            found.append(q)
    return sorted(found, key=lambda q: q.span.start)


def _numeric(text: str, span: Span, m: re.Match) -> Quantity | None:
    """A number in digits with its unit, or None when it is no quantity (a year, an ordinal,
    a denominator, a bare count)."""
    num = m.group("num")
    has_unit = any(m.group(g) for g in ("pct", "scale", "unit", "currency", "count"))
    before = text[max(span.start, m.start() - 8) : m.start()]
    if re.search(r"\b(?:every|per|each)\s*$", before, re.IGNORECASE):
        return None  # "every 10,000 people": a denominator, not the target
    if not has_unit and not m.group("comp") and not m.group("between"):
        return None  # a bare number: a year, an ordinal, a count of things we do not measure
    if YEAR_ONLY.match(num) and not m.group("pct"):
        return None
    if text[m.end("num") : m.end("num") + 2].lower() in {"st", "nd", "rd", "th"}:
        return None  # "20th National Congress"
    value = float(num.replace(",", ""))
    if m.group("scale"):
        value *= SCALE[m.group("scale").lower()]
    unit = _unit(m)
    of = m.group("of") if unit.startswith(("percent", "percentage points")) else None
    comp = COMPARATORS.get((m.group("comp") or "").lower())
    low = None
    if m.group("between"):
        comp, low = "between", float(m.group("low"))
    return Quantity(value, unit, comp, m.group(0), Span(m.start(), m.end()), of and of.lower(), low)


def _unit(m: re.Match) -> str:
    pct = (m.group("pct") or "").lower()
    if pct.startswith("percentage point"):
        unit = "percentage points"
    elif pct:
        unit = "percent"
    elif m.group("currency") or (m.group("unit") or "").lower() in {"yuan", "dollars"}:
        cur = (m.group("currency") or m.group("unit") or "").strip().lower()
        unit = "yuan" if cur in {"rmb", "¥", "yuan"} else "US$"
    elif m.group("unit"):
        unit = m.group("unit").lower()
    elif m.group("count"):
        unit = m.group("count").split()[-1].lower()
    else:
        unit = "number"
    if m.group("per_year") and unit in {"percent", "percentage points"}:
        unit = f"{unit} per year"
    return unit


def unit_label(q: Quantity) -> str:
    if q.unit == "percent" and q.denominator:
        return f"% of {q.denominator.removeprefix('the ')}"
    return {"percent": "%"}.get(q.unit, q.unit)


def scale_like(start: Quantity, end: Quantity) -> float:
    """A bare start takes the end's scale word: "from 54 to 82.7 trillion yuan"."""
    scale = re.compile(r"\b(thousand|million|billion|trillion)\b", re.IGNORECASE)
    if scale.search(start.text):
        return 1.0
    m = scale.search(end.text)
    return SCALE[m.group(1).lower()] if m else 1.0
