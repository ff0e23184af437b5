"""Extract goals and claims from a policy document with deterministic, explainable rules.

The text is cut into blocks (lines), sentences and clauses; each clause is then read by rule
families whose names end up in the record's ``rule`` field:

- ``skip.*``      headings, bylines and photo captions are not read for goals;
- ``goal.*``      a clause is a goal when it opens with a directive verb ("keep", "promote",
                  "carry out"), after adverbs or "we must", or carries a deadline ("by 2035") or a
                  cue such as "proposed to";
- ``claim.*``     a clause that is not a goal is a claim when it states a checkable quantity: a
                  rank ("ranked first in the world for more than 10 consecutive years") or a
                  number with a comparator or unit ("less than 20% of GDP");
- ``theme.*``     the theme catalogue's keywords name what the clause is about (longest match for
                  goals; for claims the phrase nearest the quantity, its subject first);
- ``direction.*`` maintain / decrease / achieve words, else the theme's own direction;
- ``country.*``   the economy it concerns: "my country" is the document's, "US" is USA.

What a rule did not understand is said in ``note`` (no theme matched, the quantity does not fit
the theme's indicator, ...), never guessed: a goal with no indicator is kept and marked
unmeasured, a claim with none is unverifiable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

import pandas as pd

from pipeline.catalog import (
    Theme,
    ThemeCatalog,
    load_country_names,
    load_indicator_catalog,
    load_theme_catalog,
)
from pipeline.documents import Document
from pipeline.mapping import load_index

# ---------------------------------------------------------------------------------------------
# Segmentation

CAPTION = re.compile(
    r"photo by|/\s*photo\b|\bphoto\s*/|the picture shows|news agency reporter|"
    r"\(photo\b|^author\s*:",
    re.IGNORECASE,
)
HEADING_NUMBER = re.compile(r"^\s*(?:\d+|[IVX]+|[a-z])[.)、]\s+\S")
ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|No|Mr|Mrs|Ms|Dr|Prof|St|e\.g|i\.e|etc|vs|approx|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])$"
)
# A full stop ends a sentence before space + capital, or glued straight to a capital
# ("modernization.Industrialization"), never inside a number ("1.4").
SENTENCE_END = re.compile(r"[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9]|[A-Z][a-z])")
ADVERBS = (
    r"(?:and|but|or|also|then|further|furthermore|actively|steadily|vigorously|"
    r"comprehensively|continuously|continue to|deeply|effectively|firmly|fully|resolutely|"
    r"strive to|we must|we will|we should|we shall|it is necessary to|it is essential to|"
    r"need to|needs to|to|will|must|should|shall|so as to|substantially|greatly|basically|"
    r"constantly|accurately|in-depth|orderly|jointly|better|more|not only)"
)
LEADING_ADVERBS = re.compile(rf"^(?:{ADVERBS}\b[\s,]*)+", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


BULLET = re.compile(r"^(?:--?|[•·▪●◦*–—]|\(\d{1,2}\)|\d{1,2}\)|\([a-z]\))\s+")


def blocks(text: str) -> Iterator[Span]:
    """Each non-empty line: paragraphs, headings, bullets and captions are lines here. A
    bullet's marker ("-- ", "• ", "(3) ") is left out of its span."""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            marker = BULLET.match(stripped)
            if marker and len(stripped) > marker.end():
                lead += marker.end()
                stripped = stripped[marker.end() :]
            yield Span(start + lead, start + lead + len(stripped))


def is_bullet(text: str, span: Span) -> bool:
    line_start = text.rfind("\n", 0, span.start) + 1
    return bool(BULLET.match(text[line_start : span.end].lstrip()))


def block_kind(text: str, bullet: bool = False) -> str:
    """body | heading | caption | byline. A bullet is body, however short."""
    if CAPTION.search(text):
        return "caption"
    if bullet:
        return "body"
    intro = TARGET_INTRO.search(text)
    if intro and text[intro.end() :].strip():  # "MAJOR TARGETS FOR 2018: - GDP growth of ..."
        return "body"
    words = text.split()
    ends_like_sentence = text.rstrip()[-1:] in '.!?;:”"'
    if HEADING_NUMBER.match(text) and len(words) <= 25:
        return "heading"
    if not ends_like_sentence and len(words) <= 20:
        return "heading" if len(words) > 3 else "byline"
    return "body"


def sentences(text: str, span: Span) -> Iterator[Span]:
    start = span.start
    for m in SENTENCE_END.finditer(text, span.start, span.end):
        before = text[start : m.start()]
        if ABBREVIATIONS.search(before):
            continue
        end = m.end()
        if text[start:end].strip():
            yield _trim(text, Span(start, end))
        start = end
    if text[start : span.end].strip():
        yield _trim(text, Span(start, span.end))


def _trim(text: str, span: Span) -> Span:
    s, e = span.start, span.end
    while s < e and text[s] in " \t,–—":
        s += 1
    while e > s and text[e - 1] in " \t.,;":
        e -= 1
    return Span(s, e)


def clauses(text: str, sentence: Span, verbs: tuple[str, ...]) -> list[Span]:
    """Cut a sentence where a new directive clause or a new statement starts."""
    verb_alt = "|".join(re.escape(v) + r"s?" for v in verbs)
    cut = re.compile(
        rf";\s*|,\s*(?=(?:and|but|while)\s)|"
        rf",\s*(?=we\s+(?:must|will|should|shall)\b|it\s+is\s+(?:necessary|essential)\s+to\b)|"
        rf",\s*(?=(?:{ADVERBS}\s+)*(?:{verb_alt})\b)|"
        rf"\s(?=and\s+(?:{verb_alt})\b)",
        re.IGNORECASE,
    )
    pieces: list[Span] = []
    start = sentence.start
    for m in cut.finditer(text, sentence.start, sentence.end):
        left = text[start : m.start()]
        # "Cultivate and expand ..." stays one clause; "Revitalize manufacturing, secure ..."
        # is two (a comma separates items, a bare "and" may join two verbs of one item)
        if len(left.split()) < (2 if "," in m.group(0) or ";" in m.group(0) else 3):
            continue
        pieces.append(_trim(text, Span(start, m.start())))
        start = m.end()
    pieces.append(_trim(text, Span(start, sentence.end)))
    return [p for p in pieces if p.end > p.start]


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
DEADLINE = re.compile(
    r"\bby\s+(?:the\s+end\s+of\s+)?(?P<year>(?:19|20)\d\d)\b|"
    r"\bby\s+the\s+(?P<mid>middle|end)\s+of\s+(?:this|the)\s+century\b|"
    r"\b(?:during|by\s+the\s+end\s+of|in)\s+the\s+(?P<fyp>\d+)(?:st|nd|rd|th)\s+"
    r"five-year\s+plan\b|"
    r"\b(?:over|within|in)\s+the\s+next\s+(?P<next>decade|\d+\s+years|"
    r"(?:two|three|five|ten)\s+years)\b|"
    r"\b(?P<this>this\s+year|for\s+the\s+year)\b|"
    r"\b(?P<decade>this\s+decade)\b|"
    r"\b(?:in|for|until|through)\s+(?P<in>(?:19|20)\d\d)\b|"
    r"\((?:19|20)\d\d\s*[-–]\s*(?P<range_end>(?:19|20)\d\d)\)",
    re.IGNORECASE,
)
WORD_NUMBERS = {"two": 2, "three": 3, "five": 5, "ten": 10}
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
        num = m.group("num")
        has_unit = any(m.group(g) for g in ("pct", "scale", "unit", "currency", "count"))
        before = text[max(span.start, m.start() - 8) : m.start()]
        if re.search(r"\b(?:every|per|each)\s*$", before, re.IGNORECASE):
            continue  # "every 10,000 people": a denominator, not the target
        if not has_unit and not m.group("comp") and not m.group("between"):
            continue  # a bare number: a year, an ordinal, a count of things we do not measure
        if YEAR_ONLY.match(num) and not m.group("pct"):
            continue
        if text[m.end("num") : m.end("num") + 2].lower() in {"st", "nd", "rd", "th"}:
            continue  # "20th National Congress"
        value = float(num.replace(",", ""))
        if m.group("scale"):
            value *= SCALE[m.group("scale").lower()]
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
        of = m.group("of") if unit.startswith(("percent", "percentage points")) else None
        comp = COMPARATORS.get((m.group("comp") or "").lower())
        low = None
        if m.group("between"):
            comp, low = "between", float(m.group("low"))
        found.append(
            Quantity(
                value, unit, comp, m.group(0), Span(m.start(), m.end()), of and of.lower(), low
            )
        )
    return sorted(found, key=lambda q: q.span.start)


def deadline(text: str, published_year: int | None = None) -> int | None:
    """The year a goal is due: "by 2035", "by the middle of this century", "during the 14th
    Five-Year Plan period", "over the next decade", "this decade" and "this year" (these need
    the publication year), "in 2025" (only when not before publication)."""
    for m in DEADLINE.finditer(text):
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
        if published_year is None:
            continue
        if m.group("next"):
            words = m.group("next").lower().split()
            n = 10 if words[0] == "decade" else int(WORD_NUMBERS.get(words[0], words[0]))
            return published_year + n
        if m.group("this"):
            return published_year
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


MONEY = {"US$", "yuan", "euro", "euros"}
# An action done to the whole of something: achieved, not merely advanced.
COMPLETE = re.compile(
    r"\b(?i:fully|universal(?:ly)?|entire(?:ly)?|completely)\b|"
    # lower-case only: "Safe Streets for All" is a name, not a completion
    r"\b[a-z]+\s+(?:all|every)\s+(?!users|people|citizens|americans)"
)
PURPOSE = re.compile(r"\b(?:to|that will|which will)\s+[a-z]+", re.IGNORECASE)
# A comparison with other economies that states no number: still a claim data can check.
COMPARISON = re.compile(
    r"\b(?:fall(?:s|ing)?|fell|lag(?:s|ging)?)\s+(?:far\s+)?behind\b|"
    r"\blags?\s+(?:its\s+|our\s+)?(?:peers|competitors|rivals)\b",
    re.IGNORECASE,
)
# Money a plan commits (present or future tense): "invests $621 billion", "calling on
# Congress to invest $85 billion", "proposing a $174 billion investment".
SPENDING = re.compile(
    r"\b(?:invests?|investing|proposes?|proposing|calls? on|calling on|includes?|provides?|"
    r"allocates?|commits?|dedicates?|funds?)\b",
    re.IGNORECASE,
)
TARGET_INTRO = re.compile(
    r"\b(?:targets?|goals?|objectives?|aims?|indicators?)\b[^.:;]{0,120}:\s*", re.IGNORECASE
)


# ---------------------------------------------------------------------------------------------
# Records


@dataclass
class Record:
    goal_id: str
    document_id: str
    kind: str  # goal | claim | context (neither: kept to say what was not understood)
    text: str
    span_start: int
    span_end: int
    section: str | None
    theme: str | None
    direction: str
    country_iso3: str
    target_value: float | None
    target_unit: str | None
    comparator: str | None
    target_year: int | None
    quantity_text: str | None
    target_type: str | None  # level | change | growth_rate
    target_value_low: float | None  # "between 3 and 5 percent"
    claim_rank: int | None
    claim_run_years: int | None
    claim_run_comparator: str | None
    indicators: list[str] = field(default_factory=list)
    expected_directions: list[str | None] = field(default_factory=list)
    rule: str = ""
    confidence: float = 0.0
    note: str | None = None
    keyword: str | None = None  # the theme words matched (not stored: the rule quotes them)

    def demote(self, note: str) -> None:
        """Not a goal after all: context, with why, and the id that says so."""
        self.kind, self.note = "context", note
        self.goal_id = record_id(self.document_id, self.kind, self.span_start)

    @property
    def is_measured(self) -> bool:
        return bool(self.indicators)

    def as_row(self) -> dict:
        row = asdict(self)
        row.pop("indicators")
        row.pop("expected_directions")
        row["is_measured"] = self.is_measured
        row["primary_indicator"] = self.indicators[0] if self.indicators else None
        return row


class Extractor:
    """Reads documents with one theme catalogue; construct once, call for many documents."""

    def __init__(self, catalog: ThemeCatalog | None = None, country_names: dict | None = None):
        self.catalog = catalog or load_theme_catalog()
        names = dict(country_names if country_names is not None else load_country_names())
        aliases: dict[str, str] = {}
        for iso3, alts in self.catalog.country_aliases.items():
            for alt in alts:
                aliases[alt] = iso3
        for name, iso3 in names.items():
            aliases.setdefault(re.escape(name), iso3)
        ordered = sorted(aliases, key=len, reverse=True)
        # Case-sensitive: "US" is a country, "us" is not.
        self._country = re.compile(r"(?<![\w-])(" + "|".join(ordered) + r")(?![\w-])")
        self._alias_patterns = [(re.compile(rf"^{k}$"), aliases[k]) for k in ordered]
        own = "|".join(re.escape(o) for o in self.catalog.own_country)
        self._own = re.compile(rf"\b(?:{own})\b", re.IGNORECASE) if own else None
        verbs = "|".join(re.escape(v) + r"(?:s|es)?" for v in self.catalog.goal_verbs)
        self._verb_start = re.compile(rf"^(?:{verbs})\b", re.IGNORECASE)
        self._normative = re.compile(
            rf"\b(?:an?|the)\s+[\w-]+\s+that\s+(?:{verbs})\b", re.IGNORECASE
        )

    # -- public -----------------------------------------------------------------------------

    def extract(self, doc: Document) -> list[Record]:
        text = doc.text
        records: list[Record] = []
        section: str | None = None
        in_list = False  # inside a target list introduced by "... targets ...:"
        list_year: int | None = None  # the list's own deadline ("targets for this year:")
        pub_year = doc.published.year if doc.published else None
        # A plan's period, from its title or opening ("12th Five-Year Plan (2011-2015)"):
        # the deadline of a target list that names none.
        opening = next((text[b.start : b.end] for b in blocks(text)), "")
        plan_year = deadline(doc.title, pub_year) or deadline(opening, pub_year)
        for block in blocks(text):
            btext = text[block.start : block.end]
            bullet = is_bullet(text, block)
            kind = block_kind(btext, bullet)
            if kind == "heading":
                section = btext.strip()
                if not in_list:  # a sub-heading inside a target list keeps the list going
                    in_list = bool(TARGET_INTRO.search(btext))
                    list_year = (deadline(btext, pub_year) or plan_year) if in_list else None
                continue
            if kind != "body":
                continue
            in_list = in_list and bullet
            sents = list(sentences(text, block))
            for n, sent in enumerate(sents):
                stext = text[sent.start : sent.end]
                lead = n == 0 and len(sents) > 1 and self._is_lead(stext)
                sent_country = self._first_country(stext, doc)
                intro = TARGET_INTRO.search(stext)
                list_from = sent.start + intro.end() if intro else None
                if intro:
                    list_year = deadline(stext[: intro.end()], pub_year) or plan_year
                first_of_sentence = len(records)
                for clause in self._list_items(text, sent, list_from, in_list):
                    listed = in_list or (list_from is not None and clause.start >= list_from)
                    rec = self._read_clause(
                        doc, clause, section, sent_country, listed, list_year if listed else None
                    )
                    if rec is not None and lead and rec.kind == "goal":
                        # "Repair American roads and bridges." opening a paragraph that then
                        # says what will be done: a heading in bold, not a commitment of its own
                        rec.demote("the lead of its paragraph, a summary")
                    if rec is not None:
                        records.append(rec)
                records[first_of_sentence:] = _merge_alike(doc, records[first_of_sentence:])
            if TARGET_INTRO.search(btext):  # the bullets that follow are the list's items
                in_list = True
                list_year = deadline(btext, pub_year) or plan_year
        return _mark_repeats(records)

    def _is_lead(self, sentence: str) -> bool:
        """A short imperative with no number that opens a longer paragraph."""
        words = sentence.split()
        stripped = LEADING_ADVERBS.sub("", sentence)
        return (
            len(words) <= LEAD_MAX_WORDS
            and bool(self._verb_start.match(stripped))
            and not quantities(sentence, Span(0, len(sentence)))
            and deadline(sentence) is None
        )

    def _list_items(
        self, text: str, sent: Span, list_from: int | None, in_list: bool
    ) -> list[Span]:
        """Clauses, each cut again where two items meet: at a comma or "and" between parts that
        each carry their own number ("GDP has risen to 82.7 trillion yuan, registering average
        annual growth of 7.1 percent"), and inside a target list also between parts that each
        name a theme ("basically stable macro leverage, and ... prevention of risk")."""
        out = []
        for clause in clauses(text, sent, self.catalog.goal_verbs):
            if list_from is not None and clause.start < list_from < clause.end:
                head, clause = Span(clause.start, list_from), Span(list_from, clause.end)
                out.append(_trim(text, head))
            listed = in_list or (list_from is not None and clause.start >= list_from)
            start = clause.start
            for m in re.finditer(r",\s+|\s+and\s+", text[clause.start : clause.end]):
                cut = clause.start + m.start()
                left, right = Span(start, cut), Span(clause.start + m.end(), clause.end)
                # "173,000 total miles, of our highways": the comma closes an aside, and a
                # part that opens with "of" is not an item of its own
                if OF_START.match(text, right.start):
                    continue
                numbers = _says_more(text, left) and _says_more(text, right)
                themes = (
                    listed
                    and m.group(0).startswith(",")
                    and (quantities(text, left) or self._theme_longest(text[left.start : cut])[0])
                    and (
                        _says_more(text, right)
                        or self._theme_longest(text[right.start : right.end])[0]
                    )
                )
                if numbers or themes:
                    out.append(_trim(text, left))
                    start = right.start
            out.append(_trim(text, Span(start, clause.end)))
        return [c for c in out if c.end > c.start]

    # -- clause reading ---------------------------------------------------------------------

    def _read_clause(
        self,
        doc: Document,
        span: Span,
        section: str | None,
        sent_country: str | None,
        listed: bool = False,
        list_year: int | None = None,
    ) -> Record | None:
        text = doc.text[span.start : span.end]
        stripped = LEADING_ADVERBS.sub("", text)
        verb = self._verb_start.match(stripped)
        cue = next((c for c in self.catalog.goal_cues if c.search(text)), None)
        normative = self._normative.search(text)
        pub_year = doc.published.year if doc.published else None
        year = deadline(text, pub_year) or list_year
        rank = RANK.search(text)
        every = quantities(doc.text, span)
        # Years are deadlines ("within the next 15 years") or runs, not targets, unless the
        # clause has no other number and the years are a bound or a change ("fully paid for
        # within the next 15 years", "life span to increase by one year").
        qty = [q for q in every if q.unit != "years"] or [
            replace(q, comparator="<=") if within else q
            for q in every
            if (within := WITHIN_NEXT.search(doc.text, span.start, q.span.start))
            or q.comparator == "<="
            or target_type(doc.text, q, span.start) == "change"
        ]
        rules: list[str] = []
        if verb:
            rules.append(f"goal.directive-verb '{verb.group(0).lower()}'")
        elif cue:
            rules.append(f"goal.cue '{cue.search(text).group(0)}'")
        elif year and (pub_year is None or year >= pub_year) and not rank:
            rules.append(f"goal.deadline {year}")
        elif listed and (qty or self._theme_longest(text)[0]):
            rules.append("goal.target-list")
        elif any(q.unit in MONEY for q in qty) and (spend := SPENDING.search(text)):
            rules.append(f"goal.spending '{spend.group(0)}'")
        elif normative:
            rules.append(f"goal.normative '{normative.group(0)}'")
        elif rank or qty:
            return self._claim(doc, span, text, section, sent_country, rank, qty)
        elif (years := [q for q in every if not RUN.search(text)]) or COMPARISON.search(text):
            # "more than 30 years of progress", "falling behind its competitors on R&D"
            return self._claim(doc, span, text, section, sent_country, None, years)
        else:
            return None
        return self._goal(doc, span, text, section, rules, year, qty)

    def _goal(self, doc, span, text, section, rules, year, qty) -> Record:
        theme, keyword = self._theme_longest(text)
        target = qty[0] if qty else None
        kind_of_target = target_type(doc.text, target, span.start) if target else None
        action = rules[0].startswith("goal.directive-verb")
        direction, drule = self._direction(
            text, theme, year, target, kind_of_target, action, span.start
        )
        country, crule = self._goal_country(text, doc)
        note = None
        confidence = 0.9
        kind = "goal"
        indicators: list[str] = []
        expected: list[str | None] = []
        if theme:
            rules.append(f"theme.keyword '{keyword}'")
            indicators = [i.code for i in theme.indicators]
            # Words ("keep ... stable", "reduce") fix the direction for every indicator;
            # otherwise each indicator moves the way it does when the theme advances.
            from_words = not drule.startswith(("direction.theme", "direction.default"))
            expected = [direction if from_words else i.improves for i in theme.indicators]
            if not indicators:
                note = f"theme '{theme.name}' has no public indicator: unmeasured"
        else:
            # A qualitative directive names no series often enough to risk a search: only a
            # goal with a number (or an item of a target list) is looked up in WDI.
            searchable = target is not None or "goal.target-list" in rules
            match = load_index().best(text) if searchable else None
            if match is not None:
                rules.append(f"indicator.search '{match.name}' ({match.score:.0f})")
                indicators, expected = [match.indicator_code], [_plain(direction)]
                confidence = 0.7
            elif target is not None:
                note = "no theme or WDI series matched this target; it is kept, unmeasured"
                confidence = 0.6
            else:
                kind = "context"
                note = "a directive with no theme in the catalogue and no number: not a goal"
                confidence = 0.3
        rules.append(drule)
        rules.append(crule)
        if target is not None:
            rules.append(f"target.quantity '{target.text}'")
        if target is not None and target.unit in MONEY and SUB_ALLOCATION.match(text):
            kind = "context"
            note = "a part of the amount just stated (a means, not a goal of its own)"
        return _record(
            doc,
            span,
            kind,
            section,
            theme,
            indicators,
            direction=direction,
            country_iso3=country,
            target=target,
            comparator=target.comparator if target else None,
            target_year=year,
            target_type=kind_of_target,
            expected_directions=expected,
            rule="; ".join(rules),
            confidence=confidence,
            note=note,
            keyword=keyword,
        )

    def _claim(self, doc, span, text, section, sent_country, rank, qty) -> Record:
        rules: list[str] = []
        if rank:
            anchor = rank.start() + span.start
        elif qty:
            anchor = qty[0].span.start
        else:  # a comparison: what it compares is named after "behind ... on"
            anchor = span.start + COMPARISON.search(text).end()
        if rank and rank.group("sup"):
            # "the world's largest middle-income group": what is largest follows the phrase
            after = doc.text[rank.end() + span.start : rank.end() + span.start + 60]
            theme, keyword = self._theme_longest(re.split(r"[,;]", after)[0])
        else:
            theme, keyword = self._theme_nearest(text, anchor - span.start)
        country, crule = self._claim_country(text, doc, sent_country)
        rules.append(crule)
        run = RUN.search(text)
        note = None
        if rank:
            direction = "rank"
            number = (
                rank.group("no") or rank.group("num") or rank.group("num2") or rank.group("top")
            )
            rank_value = ORDINALS.get(
                (rank.group("word") or rank.group("sup") or rank.group("word2") or "").lower()
            ) or (int(number) if number else None)
            if rank_value is None:
                note = "a rank without a number ('one of the highest'): unverifiable as stated"
            rules.insert(0, f"claim.rank '{rank.group(0)}'")
            target = None
        elif not qty:
            compared = COMPARISON.search(text)
            # "lags its peers": a place among economies; "falling behind ... on R&D": a level
            direction = (
                "rank" if re.search(r"peers|rivals", compared.group(0), re.I) else "threshold"
            )
            rank_value = None
            target = None
            rules.insert(0, f"claim.comparison '{compared.group(0)}'")
            note = "a comparison with no number: unverifiable as stated"
        else:
            direction = "threshold"
            rank_value = None
            target = qty[0]
            if len(qty) > 1 and re.search(r"\bfrom\s*$", text[: qty[0].span.start - span.start]):
                # "rose from 54 trillion to 82.7 trillion yuan": a change, 82.7 trillion at the
                # end and 54 trillion (kept as target_value_low) at the start
                target = replace(qty[1], low=qty[0].value * _scale_like(qty[0], qty[1]))
                rules.append(f"claim.change from '{qty[0].text}'")
            rules.insert(0, f"claim.quantity '{target.text}'")
        if run:
            rules.append(f"claim.run '{run.group(0)}'")
        indicators: list[str] = []
        confidence = 0.85
        if theme is None:
            match = load_index().best(text)
            if match is not None and (
                target is None or _unit_fits(target, match.indicator_code, text)
            ):
                rules.append(f"indicator.search '{match.name}' ({match.score:.0f})")
                indicators = [match.indicator_code]
                confidence = 0.65
            else:
                note = "no theme or WDI series matched the quantity: unverifiable"
                confidence = 0.4
        else:
            rules.append(f"theme.nearest '{keyword}'")
            indicators = [i.code for i in theme.indicators]
            if target is not None and indicators:
                fitting = [c for c in indicators if _unit_fits(target, c, text)]
                if not fitting:
                    note = (
                        f"the quantity '{target.text}' is not what the '{theme.name}' indicators "
                        f"measure ({', '.join(indicators)}): unverifiable"
                    )
                    confidence = 0.6
                indicators = fitting
            if not indicators and note is None:
                note = f"theme '{theme.name}' has no public indicator: unverifiable"
        return _record(
            doc,
            span,
            "claim",
            section,
            theme,
            indicators,
            direction=direction,
            country_iso3=country,
            target=target,
            comparator=(
                target.comparator if target else ("<=" if rank and rank.group("top") else None)
            ),
            claim_rank=rank_value,
            claim_run_years=int(run.group("n")) if run else None,
            claim_run_comparator=(
                COMPARATORS.get((run.group("comp") or "").lower()) if run else None
            ),
            expected_directions=[None] * len(indicators),
            rule="; ".join(rules),
            confidence=confidence,
            note=note,
        )

    # -- helpers ----------------------------------------------------------------------------

    def _theme_longest(self, text: str) -> tuple[Theme | None, str | None]:
        best: tuple[int, Theme, str] | None = None
        for theme in self.catalog.themes.values():
            for pattern in theme.keywords:
                for m in pattern.finditer(text):
                    if best is None or len(m.group(0)) > best[0]:
                        best = (len(m.group(0)), theme, m.group(0))
        return (best[1], best[2]) if best else (None, None)

    def _theme_nearest(self, text: str, anchor: int) -> tuple[Theme | None, str | None]:
        """The theme phrase nearest the quantity, preferring its subject (the phrase before)."""
        best: tuple[tuple[int, int, int], Theme, str] | None = None
        for theme in self.catalog.themes.values():
            for pattern in theme.keywords:
                for m in pattern.finditer(text):
                    before = m.end() <= anchor
                    distance = anchor - m.end() if before else m.start() - anchor
                    key = (0 if before else 1, max(distance, 0), -len(m.group(0)))
                    if best is None or key < best[0]:
                        best = (key, theme, m.group(0))
        return (best[1], best[2]) if best else (None, None)

    def _direction(
        self,
        text: str,
        theme: Theme | None,
        year: int | None,
        target: Quantity | None = None,
        kind: str | None = None,
        action: bool = False,
        offset: int = 0,
    ) -> tuple[str, str]:
        """maintain words; then what a number says (a bound or an "around" holds a level, a
        change follows its verb, a level to reach is achieved); then decrease words; then
        achieve words with a deadline; then the theme's own direction."""
        for pattern in self.catalog.directions.get("maintain", ()):
            m = pattern.search(text)
            if m:
                return "maintain", f"direction.maintain '{m.group(0)}'"
        if COMPLETE.search(text):  # "eliminate all lead pipes", "fully paid for"
            return "achieve", f"direction.complete '{COMPLETE.search(text).group(0)}'"
        decrease = next(
            (m for p in self.catalog.directions.get("decrease", ()) if (m := p.search(text))),
            None,
        )
        if target is not None:
            if target.denominator and SPENDING.search(text[: max(0, target.span.start - offset)]):
                # "invest about 1 percent of GDP per year": an addition to what is spent
                return "increase", f"direction.spending-share '{target.text}'"
            if kind == "change":
                if target.unit == "times" and target.value < 1:  # "halve"
                    return "decrease", f"direction.multiple '{target.text}'"
                if decrease:
                    return "decrease", f"direction.decrease '{decrease.group(0)}' by a number"
                return "increase", f"direction.change '{target.text}'"
            if kind == "growth_rate":
                if target.comparator in {">", ">="}:  # "grow by more than 7% a year"
                    return "increase", f"direction.rate-floor '{target.text}'"
                return "maintain", f"direction.rate '{target.text}'"
            # A bound holds a level; "around" holds a rate ("around 5.5 percent") but only
            # approximates an amount to reach ("about $2 trillion").
            rate = target.unit.startswith(("percent", "percentage"))
            if action and target.comparator in {">", ">="}:
                # "electrify at least 20 percent of the fleet": an action with a floor reaches
                # a level; "to be no less than 540 million tons" holds one
                return "achieve", f"direction.action-floor '{target.text}'"
            if target.comparator in {"<", "<=", ">=", "between"} or (
                target.comparator == "~" and rate
            ):
                return "maintain", f"direction.bound '{target.text}'"
            if target.unit in MONEY:
                # money for a purpose moves what the purpose names: "$20 billion to improve
                # road safety ... that reduce crashes" is a decrease, "to win the EV market" an
                # increase; money with no purpose is an amount to spend. The purpose comes
                # after the amount ("calling on Congress to invest $25 billion" names none).
                purpose = PURPOSE.search(text, max(0, target.span.end - offset))
                if purpose:
                    return (
                        ("decrease", f"direction.purpose '{decrease.group(0)}'")
                        if decrease
                        else ("increase", f"direction.purpose '{purpose.group(0)}'")
                    )
            return "achieve", f"direction.level-to-reach '{target.text}'"
        if decrease:
            return "decrease", f"direction.decrease '{decrease.group(0)}'"
        if year is not None:
            for pattern in self.catalog.directions.get("achieve", ()):
                m = pattern.search(text)
                if m:
                    return "achieve", f"direction.achieve '{m.group(0)}' by {year}"
        if theme is not None:
            return theme.improves, f"direction.theme '{theme.name}' improves={theme.improves}"
        return "increase", "direction.default increase"

    def _mentions(self, text: str, doc: Document) -> list[tuple[int, str]]:
        found = [(m.start(), self._code_of(m.group(0))) for m in self._country.finditer(text)]
        if self._own:
            found += [(m.start(), doc.country_iso3) for m in self._own.finditer(text)]
        return sorted(found)

    def _code_of(self, matched: str) -> str:
        for pattern, code in self._alias_patterns:
            if pattern.match(matched):
                return code
        return matched

    def _first_country(self, text: str, doc: Document) -> str | None:
        mentions = self._mentions(text, doc)
        return mentions[0][1] if mentions else None

    def _goal_country(self, text: str, doc: Document) -> tuple[str, str]:
        """A document's goals are its own country's unless the clause opens by naming another."""
        stripped = LEADING_ADVERBS.sub("", text)
        offset = len(text) - len(stripped)
        verb = self._verb_start.match(stripped)
        verb_at = offset if verb else len(text)
        for pos, code in self._mentions(text, doc):
            if pos < verb_at and code != doc.country_iso3:
                return code, f"country.named {code}"
        return doc.country_iso3, f"country.document {doc.country_iso3}"

    def _claim_country(self, text, doc, sent_country) -> tuple[str, str]:
        mentions = self._mentions(text, doc)
        if mentions:
            return mentions[0][1], f"country.clause {mentions[0][1]}"
        if sent_country:
            return sent_country, f"country.sentence {sent_country}"
        return doc.country_iso3, f"country.document {doc.country_iso3}"


def _says_more(text: str, span: Span) -> bool:
    """A list item of its own: a number and at least two words beside it ("the surveyed
    unemployment rate within 5.5 percent"), not a bare "up 4 percentage points"."""
    qty = quantities(text, span)
    if not qty:
        return bool(RANK.search(text, span.start, span.end))
    rest = text[span.start : qty[0].span.start] + " " + text[qty[0].span.end : span.end]
    return len(re.findall(r"[A-Za-z]{3,}", rest)) >= 2


def _record(
    doc: Document,
    span: Span,
    kind: str,
    section: str | None,
    theme: Theme | None,
    indicators: list[str],
    *,
    target: Quantity | None,
    **fields,
) -> Record:
    """A record's common fields from its clause, theme and number; the rest as given."""
    defaults = {
        "target_value": target.value if target else None,
        "target_unit": _unit_label(target) if target else None,
        "target_year": None,
        "target_type": None,
        "claim_rank": None,
        "claim_run_years": None,
        "claim_run_comparator": None,
    }
    if target is None and fields.get("claim_rank") is not None:
        # a rank claim's number is its rank: "we rank 13th" holds 13, "in the top 25" 25
        fields = {"target_value": float(fields["claim_rank"]), "target_unit": "rank"} | fields
    return Record(
        goal_id=record_id(doc.document_id, kind, span.start),
        document_id=doc.document_id,
        kind=kind,
        text=doc.text[span.start : span.end],
        span_start=span.start,
        span_end=span.end,
        section=section,
        theme=theme.name if theme else (f"wdi:{indicators[0]}" if indicators else None),
        quantity_text=target.text if target else None,
        target_value_low=target.low if target else None,
        indicators=indicators,
        **(defaults | fields),
    )


def _merge_alike(doc: Document, recs: list[Record]) -> list[Record]:
    """Within one sentence, goals side by side with the same theme and direction and no
    number of their own are one commitment ("replace thousands of buses, repair hundreds of
    stations, renew airports"): one record spanning them, its rules joined."""
    out: list[Record] = []
    for rec in recs:
        prev = out[-1] if out else None
        if (
            prev is not None
            and rec.kind == prev.kind == "goal"
            and rec.theme is not None
            and (rec.theme, rec.direction) == (prev.theme, prev.direction)
            and rec.target_value is None
            and prev.target_value is None
            and rec.target_year == prev.target_year
        ):
            prev.span_end = rec.span_end
            prev.text = doc.text[prev.span_start : prev.span_end]
            prev.rule = f"{prev.rule}; merged.same-theme '{rec.text[:40]}'"
            continue
        out.append(rec)
    return out


def record_id(document_id: str, kind: str, span_start: int) -> str:
    """Stable while the text is: the document, a letter for the kind, where the clause starts."""
    return f"{document_id}-{ID_LETTER[kind]}{span_start}"


def _plain(direction: str) -> str:
    return "increase" if direction == "achieve" else direction


FILLER = frozenset(
    [
        "must",
        "necessary",
        "need",
        "needs",
        "should",
        "shall",
        "will",
        "continue",
        "promotion",
        "process",
        "efforts",
    ]
)


def _content(text: str) -> set[str]:
    from pipeline.mapping import STOPWORDS, stem

    words = re.findall(r"[a-z]{4,}", text.lower())
    return {stem(w)[:7] for w in words if w not in STOPWORDS and w not in FILLER}


def _scale_like(start: Quantity, end: Quantity) -> float:
    """A bare start takes the end's scale word: "from 54 to 82.7 trillion yuan"."""
    scale = re.compile(r"\b(thousand|million|billion|trillion)\b", re.IGNORECASE)
    if scale.search(start.text):
        return 1.0
    m = scale.search(end.text)
    return SCALE[m.group(1).lower()] if m else 1.0


def _mark_repeats(records: list[Record]) -> list[Record]:
    """A goal that says again what an earlier goal of the same theme said becomes context
    pointing at the first: one commitment, one record. A goal with a number repeats one with
    the same number and unit ("will modernize 20,000 miles of highways" in the summary and
    again in its section); a goal with none repeats one with most of its words, in the same
    direction unless the first gave the number ("fix the ten most ... bridges", later "fix the
    most ... large bridges")."""
    seen: list[Record] = []
    for rec in records:
        if rec.kind != "goal":
            continue
        first = next((f for f in seen if _repeats(rec, f)), None)
        if first is not None:
            rec.demote(f"repeats {first.goal_id}")
        else:
            seen.append(rec)
    return records


def _repeats(rec: Record, first: Record) -> bool:
    if first.theme != rec.theme:
        return False
    if rec.target_value is not None:
        return (
            first.target_value == rec.target_value
            and first.target_unit == rec.target_unit
            and first.target_year == rec.target_year
        )
    if rec.target_year is not None:
        return False
    if first.direction != rec.direction and first.target_value is None:
        return False
    words = _content(rec.text) - _content(rec.keyword or "")
    other = _content(first.text) - _content(first.keyword or "")
    union = words | other
    return not union or len(words & other) / len(union) >= REPEAT_SIMILARITY


# "This includes $25 billion for ...": a share of the sum the sentence before stated
SUB_ALLOCATION = re.compile(r"(?:this|that|it)\s+(?:also\s+)?includes?\b", re.IGNORECASE)
WITHIN_NEXT = re.compile(r"\bwithin\s+the\s+next\s+$", re.IGNORECASE)
OF_START = re.compile(r"of\b", re.IGNORECASE)
REPEAT_SIMILARITY = 0.5
LEAD_MAX_WORDS = 12
ID_LETTER = {"goal": "g", "claim": "c", "context": "x"}


def _unit_label(q: Quantity) -> str:
    if q.unit == "percent" and q.denominator:
        return f"% of {q.denominator.removeprefix('the ')}"
    return {"percent": "%"}.get(q.unit, q.unit)


@lru_cache(maxsize=1)
def _indicator_units() -> dict[str, str]:
    """Every WDI series' unit, the curated catalogue's where it says otherwise."""
    series = load_index().series
    units = dict(zip(series["indicator_code"], series["unit"], strict=True))
    cat = load_indicator_catalog()
    units.update(zip(cat["indicator_code"], cat["unit"], strict=True))
    return units


def _indicator_unit(code: str) -> str:
    return _indicator_units().get(code, "")


def _unit_fits(q: Quantity, code: str, text: str = "") -> bool:
    """Can this indicator check this quantity? '20% of GDP' fits '% of GDP', not 'people'; a
    bare '8 percent in taxes' does not fit 'tax revenue (% of GDP)' unless the clause names
    GDP or speaks of a rate or share (then the percentage is the indicator's own kind)."""
    unit = _indicator_unit(code).lower()
    is_pct = unit.startswith("%") or "annual %" in unit
    if q.unit.startswith(("percent", "percentage points")):
        if not is_pct:
            return False
        if q.denominator:
            denom = q.denominator.removeprefix("the ").strip()
            return f"% of {denom}" in unit or unit.endswith(denom)
        of = re.match(r"%\s+of\s+(?:total\s+)?([a-z]+)", unit)
        if of and text:
            low = text.lower()
            return of.group(1) in low or bool(re.search(r"\b(?:rate|ratio|share|proportion)", low))
        return True
    if q.unit == "US$":
        return "us$" in unit
    if q.unit == "yuan":
        return "lcu" in unit
    return not is_pct


def extract(doc: Document) -> list[Record]:
    return Extractor().extract(doc)


GOAL_COLUMNS = [
    "goal_id",
    "document_id",
    "kind",
    "text",
    "span_start",
    "span_end",
    "section",
    "theme",
    "direction",
    "country_iso3",
    "target_value",
    "target_unit",
    "comparator",
    "target_year",
    "quantity_text",
    "target_type",
    "target_value_low",
    "claim_rank",
    "claim_run_years",
    "claim_run_comparator",
    "primary_indicator",
    "is_measured",
    "rule",
    "confidence",
    "note",
]
LINK_COLUMNS = ["goal_id", "indicator_code", "is_primary", "position", "expected_direction"]


def to_frames(records: list[Record]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The records as the policy_goals table and the goal_indicators link table."""
    goals = pd.DataFrame([r.as_row() for r in records], columns=GOAL_COLUMNS)
    for col in ("span_start", "span_end", "target_year", "claim_rank", "claim_run_years"):
        goals[col] = goals[col].astype("Int64")
    goals["target_value"] = goals["target_value"].astype("float64")
    goals["confidence"] = goals["confidence"].astype("float64")
    goals["is_measured"] = goals["is_measured"].astype(bool)
    links = pd.DataFrame(
        [
            {
                "goal_id": r.goal_id,
                "indicator_code": code,
                "is_primary": i == 0,
                "position": i + 1,
                "expected_direction": r.expected_directions[i],
            }
            for r in records
            for i, code in enumerate(r.indicators)
        ],
        columns=LINK_COLUMNS,
    )
    links["position"] = links["position"].astype("int64")
    links["is_primary"] = links["is_primary"].astype(bool)
    return goals, links
