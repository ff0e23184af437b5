"""When a document was published: datelines, issue dates, dates at the top, the file's hints."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from pipeline.documents.metadata.evidence import TOP, Hints, declared, found, missing, squash

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DAY = r"\d{1,2}(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}"
DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b{YEAR}-[01]\d-[0-3]\d\b")),
    ("month day, year", re.compile(rf"\b{MONTH}\s+{DAY},?\s+{YEAR}\b")),
    ("day month year", re.compile(rf"\b{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}\b")),
    ("dd.mm.yyyy", re.compile(rf"\b[0-3]?\d[./][01]?\d[./]{YEAR}\b")),
]
# "BEIJING, March 5 (Xinhua) --": a news agency's dateline, usually without a year
DATELINE = re.compile(
    rf"\b([A-Z][A-Z.' -]{{2,30}}),\s+({MONTH}\s+\d{{1,2}})(?:,?\s+({YEAR}))?\s*"
    r"\((Xinhua|Reuters|AP|AFP|PTI|IANS|ANI|UNI|Kyodo|Yonhap|TASS|Bernama)\)\s*(?:--|—|–|-)?"
)
ISSUE_CUE = re.compile(
    r"\b(?:issued|published|released|dated|adopted|promulgated|delivered|signed)\s+(?:on\s+)?$"
    r"|\bdate[d:]?\s*$|\bas of\s+$",
    re.IGNORECASE,
)


def _parse_date(text: str, *, dayfirst: bool = True) -> date | None:
    from dateutil import parser

    if re.fullmatch(rf"{YEAR}-\d{{2}}-\d{{2}}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None

    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).replace(" of ", " ")
    try:
        return parser.parse(cleaned, dayfirst=dayfirst, fuzzy=False).date()
    except (ValueError, OverflowError):
        return None


@dataclass(frozen=True)
class _DateCandidate:
    when: date
    start: int
    evidence: str
    rank: int  # lower is better


def date_candidates(text: str, year_hint: int | None = None) -> list[_DateCandidate]:
    """Every date the patterns find, ranked: datelines and issue dates at the top first."""
    found: list[_DateCandidate] = []
    taken: list[tuple[int, int]] = []
    years = Counter(int(y) for y in re.findall(rf"\b({YEAR})\b", text[:3000]))
    for m in DATELINE.finditer(text[:2000]):
        # the year: its own, a full date near the top, the file's publication date, the one
        # year the text names (with several, the most named is as often the target's year:
        # "HANOI, Nov. 8 -- ... next year ... targets set for 2019", filed in 2018)
        year = m.group(3)
        if not year:
            near = [c for c in date_candidates_plain(text) if c.start < 2000]
            year = str(near[0].when.year) if near else None
        if not year and year_hint:
            year = str(year_hint)
        if not year and len(years) == 1:  # one year named: no guess needed
            year = str(next(iter(years)))
        if not year:
            continue
        when = _parse_date(f"{m.group(2)} {year}", dayfirst=False)
        if when:
            found.append(_DateCandidate(when, m.start(), squash(m.group(0)), 0))
            taken.append(m.span())
    for cand in date_candidates_plain(text):
        if any(a <= cand.start < b for a, b in taken):
            continue
        found.append(cand)
    return sorted(found, key=lambda c: (c.rank, c.start))


def date_candidates_plain(text: str) -> list[_DateCandidate]:
    out: list[_DateCandidate] = []
    for kind, rx in DATE_PATTERNS:
        for m in rx.finditer(text):
            when = _parse_date(m.group(0), dayfirst=kind != "month day, year")
            if when is None:
                continue
            before = text[max(0, m.start() - 40) : m.start()]
            cue = ISSUE_CUE.search(before)
            if m.start() < TOP:
                rank = 1
                evidence = squash(before[cue.start() :] + m.group(0)) if cue else m.group(0)
            elif cue:
                rank = 2
                evidence = squash(before[cue.start() :] + m.group(0))
            else:
                rank = 4  # a date in the body: an event, a deadline
                evidence = m.group(0)
            out.append(_DateCandidate(when, m.start(), evidence, rank))
    return out


def infer_published(text: str, hints: Hints) -> dict[str, Any]:
    if hints.date and (hints.date_source or "").startswith("front matter"):
        when = _parse_date(hints.date[:10], dayfirst=False)
        if when:
            return declared(when.isoformat(), f"{hints.date_source}: {hints.date}")
    hint_year = None
    if hints.date and re.match(rf"{YEAR}", hints.date):
        hint_year = int(hints.date[:4])
    trusted_hint = hints.date and hints.date_source and "CreationDate" not in hints.date_source
    # a PDF's CreationDate is when the file was made (printed, converted), so no year from it
    cands = date_candidates(text, hint_year if trusted_hint else None)
    best = cands[0] if cands else None
    if best and best.rank <= 2:
        return found(best.when.isoformat(), best.evidence)
    yearless = DATELINE.search(text[:2000])
    if trusted_hint:
        when = _parse_date(hints.date[:10], dayfirst=False) if hints.date else None
        if when:
            return found(when.isoformat(), f"{hints.date} ({hints.date_source})", "hint")
    if best:
        return found(best.when.isoformat(), f"{best.evidence} (a date in the body)")
    if hints.date:  # a PDF's CreationDate: when it was made, often not when it was published
        when = _parse_date(hints.date[:10], dayfirst=False)
        if when:
            return found(when.isoformat(), f"{hints.date} ({hints.date_source})", "hint")
    if yearless:
        out = missing()
        out["evidence"] = f"dateline {squash(yearless.group(0))!r} has no year, and none found"
        return out
    return missing()
