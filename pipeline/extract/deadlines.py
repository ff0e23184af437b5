"""When a goal is due, and what kind of number it states: a level, a change or a yearly rate."""

from __future__ import annotations

import re

from pipeline.extract.quantities import Quantity

DEADLINE = re.compile(
    # a fiscal year ends in its second year: "2023-24", "financial year 2025-26", "FY2024"
    r"\b(?P<fy1>(?:19|20)\d\d)\s*[-–]\s*(?P<fy2>\d{2})\b(?!\s*(?:percent|per cent|%))|"
    r"\bFY\s?(?P<fy3>(?:19|20)\d\d|\d{2})\b|"
    r"\bby\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d\d)\b(?!\s*[-–]\s*\d)|"
    r"\bby\s+the\s+(?P<mid>middle|end)\s+of\s+(?:this|the)\s+century\b|"
    r"\b(?:during|by\s+the\s+end\s+of|in)\s+the\s+(?P<fyp>\d+)(?:st|nd|rd|th)\s+"
    r"five-year\s+plan\b|"
    r"\b(?:over|within|in)\s+the\s+(?:next|following|coming)\s+(?P<next>decade|\d+\s+years|"
    r"(?:two|three|five|ten)\s+years)\b|"
    r"\b(?P<this>this\s+year|for\s+the\s+year)\b(?!\s+(?:19|20)\d\d)|"
    r"\b(?P<nextyear>next\s+year|the\s+coming\s+year)\b|"
    r"\b(?P<decade>this\s+decade)\b|"
    r"\b(?:in|for|until|through)\s+(?P<in>(?:19|20)\d\d)\b(?!\s*[-–]\s*\d)|"
    r"\((?:19|20)\d\d\s*[-–]\s*(?P<range_end>(?:19|20)\d\d)\)",
    re.IGNORECASE,
)
STARTING = re.compile(r"\b(?:starting|beginning|since|from|as of)\s*$", re.IGNORECASE)
WORD_NUMBERS = {"two": 2, "three": 3, "five": 5, "ten": 10}


def deadline(text: str, published_year: int | None = None) -> int | None:
    """The year a goal is due: "by 2035", "by the middle of this century", "during the 14th
    Five-Year Plan period", "over the next decade", "this decade", "this year" and "next year"
    (these need the publication year), "in 2025" (only when not before publication)."""
    for m in DEADLINE.finditer(text):
        if m.group("fy1"):
            start = int(m.group("fy1"))
            end = start // 100 * 100 + int(m.group("fy2"))
            if end == start + 1 or (end == start // 100 * 100 and start % 100 == 99):
                return end if end > start else end + 100
            continue
        if m.group("fy3"):
            year = int(m.group("fy3"))
            return year if year > 100 else 2000 + year
        if m.group("year"):
            return int(m.group("year"))
        if m.group("range_end"):  # "the 12th Five-Year Plan (2011-2015)"
            return int(m.group("range_end"))
        if m.group("mid"):
            return 2050 if m.group("mid").lower() == "middle" else 2100
        if m.group("fyp"):
            n = int(m.group("fyp"))
            if n >= 6:
                return 1985 + 5 * (n - 6)  # 6th plan 1981-85 ... 14th 2021-25
            continue
        if m.group("in") and STARTING.search(text, 0, m.start()):
            continue  # "starting in 2006", "since 2012": where something begins
        if published_year is None:
            if m.group("in"):  # no publication year to tell a past year from a deadline
                return int(m.group("in"))
            continue
        if m.group("next"):
            words = m.group("next").lower().split()
            n = 10 if words[0] == "decade" else int(WORD_NUMBERS.get(words[0], words[0]))
            return published_year + n
        if m.group("this"):
            return published_year
        if m.group("nextyear"):  # a plan for next year, adopted in November
            return published_year + 1
        if m.group("decade"):  # "this decade", written in 2021: 2021-2030
            return (published_year - 1) // 10 * 10 + 10
        if m.group("in") and int(m.group("in")) >= published_year:
            return int(m.group("in"))
    return None


GROWTH_WORDS = re.compile(
    r"\b(?:growth|grow(?:s|ing)?|annual(?:ly)?|a year|per year|per annum|year-on-year|"
    r"increase of|rise of|inflation)\b",
    re.IGNORECASE,
)
CHANGE_WORDS = re.compile(
    r"\b(?:(?:drop|fall|decline|decrease|reduce|cut|lower|increase|raise|rise|grow)(?:s|d|n)?"
    r"\s+by|(?:reduction|drop|fall|decline|decrease|cut)\s+of)\s*$",
    re.IGNORECASE,
)


def target_type(text: str, q: Quantity, clause_start: int) -> str:
    """level | change (from the base year) | growth_rate (each year)."""
    before = text[max(clause_start, q.span.start - 40) : q.span.start]
    if q.unit.endswith("per year"):
        return "growth_rate"
    if q.unit == "times":  # "double federal funding": a multiple of the base
        return "change"
    if CHANGE_WORDS.search(before):
        return "change"
    if q.unit.startswith("percent") and GROWTH_WORDS.search(before + " " + q.text):
        return "growth_rate"
    return "level"


PERIOD = re.compile(
    r"\b(?:past|last)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+years\b|"
    r"\bsince\s+(?P<since>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
WORD_YEARS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10}  # fmt: skip


def change_start_year(text: str, year: int | None) -> int | None:
    """The year a "from X to Y" claim starts: "over the past five years" -> year - 5, "since
    2012" -> 2012; None when the text does not say."""
    m = PERIOD.search(text)
    if m is None:
        return None
    if m.group("since"):
        return int(m.group("since"))
    if year is None:
        return None
    n = m.group("n").lower()
    return year - int(WORD_YEARS.get(n, n))
