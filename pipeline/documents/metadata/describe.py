"""What a document is: its title, its kind (annual report, five-year plan, budget speech, ...)
and the period it covers."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pipeline.documents.metadata.dates import DATE_PATTERNS, DATELINE, YEAR
from pipeline.documents.metadata.evidence import TOP, Hints, declared, found, missing

CRAWL_PREFIX = re.compile(rf"^\s*date\s+{YEAR}-\d{{2}}-\d{{2}}\s*")
# Lines above a title that are not it: the issuer's name, a reference number, the kind of paper
NOT_TITLE = re.compile(
    r"^(?:(?:the\s+)?(?:european commission|white house|state council|government of \w+|"
    r"ministry of [\w ,]+|press information bureau|office of the \w+)|"
    r"COM\(\d{4}\)\s*\d+.*|(?:communication|report|proposal) from the commission\b.*|"
    r"for immediate release|speech of|statement by)$",
    re.IGNORECASE,
)


def infer_title(text: str, hints: Hints) -> dict[str, Any]:
    lines = []
    for line in (ln.strip() for ln in text.split("\n")[:12] if ln.strip()):
        candidate = CRAWL_PREFIX.sub("", line).strip()
        if not candidate or _is_dateline_only(candidate) or NOT_TITLE.match(candidate):
            continue
        if CRAWL_PREFIX.match(line) and len(candidate.split()) <= 2:
            continue  # "date 2018-03-06 Beijing": a crawler's dateline
        lines.append(candidate)
    if hints.title and (hints.title_source or "").startswith("front matter"):
        return declared(hints.title, f"{hints.title_source}: {hints.title}")
    if lines and _heading_like(lines[0]):
        first = lines[0]
        if hints.title and _same(hints.title, first):
            return found(hints.title, f"first heading {first!r}, as in the file's title")
        return found(first, f"first heading-like line {first!r}")
    if hints.title:
        return found(
            hints.title, "the file's title (HTML <title>/og:title/h1 or PDF Title)", "hint"
        )
    if lines:
        first = lines[0]
        short = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."
        return {
            "value": short,
            "inferred": True,
            "source": "text",
            "evidence": "no heading: the first line, cut short",
        }
    return missing()


def _is_dateline_only(line: str) -> bool:
    rest = line
    for _, rx in DATE_PATTERNS:
        rest = rx.sub("", rest)
    rest = DATELINE.sub("", rest)
    if rest == line:
        return False  # no date in it
    return len(re.findall(r"[^\W\d_]+", rest)) <= 2


def _heading_like(line: str) -> bool:
    words = line.split()
    if not 1 <= len(words) <= 25 or len(line) > 200:
        return False
    if line.endswith((".", ";", ",")) and not line.isupper():
        return False
    return not re.match(r"^[-–—•*]\s", line)


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"\W+", " ", s).strip().lower()

    return norm(a).startswith(norm(b)) or norm(b).startswith(norm(a))


KIND_CUES: list[tuple[str, str, int]] = [
    ("annual_government_report", r"Report on the Work of the Government", 5),
    ("annual_government_report", r"government work report|govt work report", 4),
    ("five_year_plan", r"\bFive[- ]Year (?:Plan|Program|Programme)\b", 3),
    ("five_year_plan", r"\b\d{1,2}(?:st|nd|rd|th) FYP\b", 3),
    ("sector_guidance", r"\bGuiding Opinions?\b", 5),
    (
        "sector_guidance",
        r"\b(?:Guidance|Guidelines|Notice|Implementation Plan|Action Plan) "
        r"(?:on|for)\b",
        3,
    ),
    ("budget_speech", r"\bBudget\s+(?:19|20)\d{2}\s*[-–]\s*\d{2,4}\b", 3),
    ("budget_speech", r"\bBudget Speech\b|I present the Budget|Hon[’']?ble Speaker", 5),
    ("fact_sheet", r"\bFACT SHEET\b", 6),
    ("address", r"Madam Speaker, Madam Vice President|Mr\. Speaker, Madam Vice President", 6),
    ("address", r"My fellow Americans|State of the Union|Address to the Nation", 5),
    ("address", r"\b(?:Ladies and gentlemen|Dear (?:friends|colleagues|compatriots))\b", 2),
    ("ministerial_article", r"^Author:.*\bMinister\b|^By\b.*\bMinister\b|\bQiushi\b", 5),
]


def infer_kind(text: str) -> dict[str, Any]:
    scores: Counter[str] = Counter()
    evidence: dict[str, str] = {}
    for kind, pattern, weight in KIND_CUES:
        for m in re.finditer(pattern, text, re.IGNORECASE | re.MULTILINE):
            scores[kind] += weight * (2 if m.start() < TOP else 1)
            evidence.setdefault(kind, m.group(0))
    if not scores:
        return {
            "value": "other",
            "inferred": True,
            "source": "text",
            "evidence": "no cue words of a known kind",
        }
    kind, _ = scores.most_common(1)[0]
    return found(kind, f"cue {evidence[kind]!r}")


ANNUAL_PLAN = re.compile(
    rf"\b(?:plan|budget|targets?|tasks?|goals?|objectives)\s+for\s+(?:the\s+(?:fiscal\s+)?year\s+)?"
    rf"(?P<y1>{YEAR})\b(?!\s*[-–])|\b(?P<y2>{YEAR})\s+(?:[\w-]+\s+){{0,3}}?"
    rf"(?:development\s+plan|plan|targets|budget)\b",
    re.IGNORECASE,
)
RANGE = re.compile(rf"\b({YEAR})\s*(?:-|–|—|to|through)\s*((?:19|20)?\d{{2}})\b")
NTH_PLAN = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)\s+Five[- ]Year (?:Plan|Program|Programme)", re.IGNORECASE
)
# India's plans did not follow one another every five years (plan holidays); these are the
# ones a current document mentions.
INDIA_PLANS = {9: (1997, 2002), 10: (2002, 2007), 11: (2007, 2012), 12: (2012, 2017)}


def china_plan(n: int) -> tuple[int, int] | None:
    """China's nth Five-Year Plan: 1st 1953-1957, 2nd 1958-1962, then from 1966 on."""
    if n == 1:
        return 1953, 1957
    if n == 2:
        return 1958, 1962
    if n >= 3:
        start = 1966 + 5 * (n - 3)
        return start, start + 4
    return None


def _year_range(m: re.Match[str]) -> tuple[int, int] | None:
    start = int(m.group(1))
    end_s = m.group(2)
    end = int(end_s) if len(end_s) == 4 else (start // 100) * 100 + int(end_s)
    if end < start:
        end += 100
    return (start, end) if 0 < end - start <= 15 else None


def infer_period(
    text: str,
    kind: str | None,
    country: str | None,
    year: int | None,
    title: str | None = None,
) -> dict[str, Any]:
    head = text[:3000]
    if kind == "budget_speech":
        m = re.search(rf"\bBudget(?:\s+for)?\s+({YEAR})\s*[-–]\s*(\d{{2,4}})\b", head)
        m = m or re.search(
            rf"\b(?:fiscal|financial)\s+year\s+({YEAR})\s*[-–]\s*(\d{{2,4}})\b", head, re.IGNORECASE
        )
        if m and (span := _year_range(m)):
            return found({"start": span[0], "end": span[1]}, m.group(0))
    # a title about one year: "Guiding Opinions on Energy Work in 2022", "Targets for 2024"
    m = re.search(rf"\b(?:in|for)\s+({YEAR})\b(?!\s*[-–])", title or "")
    if m and not NTH_PLAN.search(title or ""):
        y = int(m.group(1))
        return found({"start": y, "end": y}, f"title: {m.group(0)!r}")
    if kind == "five_year_plan" or NTH_PLAN.search(head):
        for m in re.finditer(r"\(" + RANGE.pattern + r"\)", head):
            if span := _year_range(m):
                return found({"start": span[0], "end": span[1]}, m.group(0))
        m = NTH_PLAN.search(head)
        if m:
            n = int(m.group(1))
            span = INDIA_PLANS.get(n) if country == "IND" else china_plan(n)
            if span:
                plan = "India's" if country == "IND" else "China's"
                return found(
                    {"start": span[0], "end": span[1]},
                    f"{m.group(0)} ({plan} {n}th plan: {span[0]}-{span[1]})",
                )
    if kind == "annual_government_report":
        m = re.search(rf"\b(?:targets?|tasks?|goals?)\s+for\s+({YEAR})\b", head, re.IGNORECASE)
        if m:
            y = int(m.group(1))
            return found({"start": y, "end": y}, m.group(0))
        if year:  # a work report, delivered in March, sets the targets of its own year
            return found({"start": year, "end": year}, f"an annual report published in {year}")
    # an annual plan: "the socio-economic development plan for the year 2018", "the 2023
    # socio-economic development plan", "targets for 2009"
    m = ANNUAL_PLAN.search(text[:1200])
    if m:
        y = int(m.group("y1") or m.group("y2"))
        return found({"start": y, "end": y}, m.group(0))
    m = re.search(r"\(" + RANGE.pattern + r"\)", head)
    if m and (span := _year_range(m)):
        return found({"start": span[0], "end": span[1]}, m.group(0))
    return missing()
