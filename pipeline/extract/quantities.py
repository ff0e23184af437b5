"""Numbers in text: values with their unit, scale, comparator and range, ranks and runs.

``quantities(text, span)`` finds every number a clause states ("around 6.5 percent", "over
11 million", "$621 billion", "one-third", "double"), leaves out what is not a quantity (years,
ordinals, denominators such as "every 10,000 people") and says how each binds (comparator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.extract.segment import Span

# ---------------------------------------------------------------------------------------------
# Quantities

SCALE = {
    "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "mn": 1e6, "bn": 1e9,
    "tn": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "lakh crore": 1e12,
    "lakh crores": 1e12, "hundred million": 1e8,
}  # fmt: skip
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
    "up to": "<=",
    "a maximum": "<=",
    "a maximum of": "<=",
    "a minimum of": ">=",
    "or lower": "<=",
    "or higher": ">=",
    "or more": ">=",
    "or above": ">=",
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
NUM = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?"
SCALE_ALT = (
    r"lakh\s+crores?|hundred\s+million|thousand|million|billion|trillion|lakhs?|crores?|mn|bn|tn"
)
# Units a target or claim is stated in, beside percentages, money and counts of things.
UNITS = (
    r"yuan|U\.?S\.?\s+dollars|dollars|euros?|rupees|pounds|tons|tonnes|metric\s+tons|people|persons|years|"
    r"households|jobs|giga[\s-]?watts?|GWh|GW|mega[\s-]?watts?|MWh|MW|kilowatts?|kW|"
    r"terawatt[\s-]hours?|TWh|MMT|MT|"
    r"kilowatt[\s-]hours?|kWh|kilometres|kilometers|km|miles|hectares|ha|mu|acres|"
    r"cubic\s+met(?:er|re)s|barrels|days|months|times"
)
# Money: the sign before the number. "`" is how some PDFs of Indian budgets print the rupee.
CURRENCY = r"US\$|\$|RMB\s?|¥|₹\s?|Rs\.?\s?|INR\s?|€|£|`\s?(?=\d)"
QUANTITY = re.compile(
    # a range: "between 3 and 5 percent", "from 6 to 7%", "6.5% to 7%" (not "10% and 8%")
    r"(?:(?P<between>between|from)\s+(?P<low>" + NUM + r")\s*(?:%|percent|per cent)?"
    r"\s*(?:and|to|-|–)\s+|"
    r"(?P<low2>" + NUM + r")\s*(?:%|percent|per cent)\s*(?:to|-|–)\s*)?"
    rf"(?:(?P<comp>{COMPARATOR_ALT})\s+)?"
    rf"(?:(?P<currency>{CURRENCY})|(?<![A-Za-z]))"  # not a name's digits: "G20", "A380"
    rf"(?P<num>{NUM})"
    rf"(?:\s*[-–]\s*(?P<high>{NUM})(?=\s*(?:%|percent|per cent)))?"
    r"(?:\s*(?P<pct>%|percent\b|per\s?cent\b|percentage points?\b))?"
    rf"(?:\s*(?P<scale>{SCALE_ALT})\b)?"
    rf"(?:\s*(?P<unit>{UNITS})\b)?"
    r"(?:\s*(?P<after>or (?:more|higher|above|lower|less)))?"
    r"(?:\s*(?:on average\s+)?(?P<per_year>per year|a year|per annum|annually|each year|"
    r"year[\s-]on[\s-]year)\b)?"
    r"(?:\s+(?P<count>(?:(?!of\b|and\b|in\b|to\b|by\b)[a-z][\w-]*\s+){0,3}?"
    r"(?!years\b|times\b)[a-z]{3,}s)\b)?"
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
# A count in words: "Fifty additional airports", "One hundred labs", "twenty-five new centres"
NUMBER_WORD = (
    r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|one|two|three|four|five|six|seven|"
    r"eight|nine)"
)
# "two million homes", "Eighty-three lakh SHGs", "Forty thousand bogies", "a crore tax-payers"
WORD_QUANTITY = re.compile(
    rf"(?:(?P<comp>{COMPARATOR_ALT})\s+)?\b(?P<word>{NUMBER_WORD}(?:-{NUMBER_WORD})?|hundred|an?)"
    rf"\s+(?P<scale>{SCALE_ALT})\b"
    r"(?:\s+(?P<noun>(?:(?!of\b|and\b|in\b|to\b|by\b)[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s\b|"
    r"[a-z][\w-]*))?",
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
# a capacity in words: "one giga-watt", "two million tonnes" is WORD_QUANTITY's
WORD_UNIT = re.compile(
    rf"\b(?P<word>{NUMBER_WORD}(?:-{NUMBER_WORD})?)\s+"
    r"(?P<unit>giga[\s-]?watts?|mega[\s-]?watts?|kilo[\s-]?watts?|tonnes?|tons?|hectares|"
    r"kilomet(?:er|re)s)\b",
    re.IGNORECASE,
)
# "net-zero emissions by 2060", "carbon neutrality": a level of zero net emissions
NET_ZERO = re.compile(r"\bnet[\s-]zero\b|\bcarbon[\s-]neutral(?:ity)?\b", re.IGNORECASE)
# "one in ten Americans", "1 in 5 children": a share
ONE_IN = re.compile(
    rf"\b(?P<part>{NUMBER_WORD}|\d+)\s+in\s+(?:every\s+)?(?P<whole>{NUMBER_WORD}|\d+)\s+"
    r"(?=[A-Za-z]+)(?!years?\b|months?\b|days?\b|percent\b)"
    r"(?![A-Za-z]+,?\s+or\s+[\d$])",  # "One in five miles, or 173,000 miles": the number says it
    re.IGNORECASE,
)
# what happened: "have more than trebled", "has doubled", "the tripling of": a multiple of the
# earlier level, unless a number follows ("doubled to 149": the level is the number's)
MULTIPLIED = re.compile(
    r"\b(?P<comp>more\s+than\s+|nearly\s+|almost\s+)?"
    r"(?P<m>doubled|doubling|tripled|trebled|tripling|trebling|quadrupled|quadrupling)\b"
    r"(?!\s+(?:to|from|by|in)\b[^.;\d]{0,12}\d)",
    re.IGNORECASE,
)
PAST_MULTIPLES = {"doub": 2.0, "trip": 3.0, "treb": 3.0, "quad": 4.0}


# A percentage in words: "about seven percent", "five per cent"
WORD_PERCENT = re.compile(
    rf"(?:(?P<comp>{COMPARATOR_ALT})\s+)?\b(?P<words>{NUMBER_WORD}(?:[\s-]{NUMBER_WORD})?)"
    r"\s+(?:percent|per\s?cent)\b",
    re.IGNORECASE,
)
WORD_COUNT = re.compile(
    rf"\b(?P<words>{NUMBER_WORD}(?:[\s-]{NUMBER_WORD})?"
    rf"(?:\s+hundred(?:\s+and\s+{NUMBER_WORD}(?:[\s-]{NUMBER_WORD})?)?)?)"
    r"\s+(?P<noun>(?:(?!of\b|and\b|in\b|to\b|by\b|per\b|percent\b)[a-z][\w’'-]*\s+){0,4}?"
    r"[a-z]{3,}s)\b",
    re.IGNORECASE,
)


def _word_value(word: str) -> float:
    """ "a" -> 1, "hundred" -> 100, "eighty-three" -> 83."""
    from text_to_num import text2num

    word = word.lower()
    if word.isdigit():
        return float(word)
    if word in ("a", "an"):
        return 1.0
    if word in WORD_VALUES:
        return float(WORD_VALUES[word])
    return float(text2num(word.replace("-", " "), "en"))


# "Five integrated aquaparks will be set up": a handful of things to be made is a target
TO_BE_MADE = re.compile(
    r"[^.;,]{0,60}?\s(?:will|shall|are\s+to|would)\s+be\s+(?:\w+\s+)?(?:set[\s-]?up|established|built|"
    r"implemented|created|launched|opened|developed|constructed|revived|converted)\b",
    re.IGNORECASE,
)


def _word_counts(text: str, span: Span) -> list[Quantity]:
    from text_to_num import text2num

    out = []
    for m in WORD_COUNT.finditer(text, span.start, span.end):
        if m.group("noun").lower().split()[0] in SCALE or m.group("noun").lower() in NOT_COUNTS:
            continue  # "two million homes": WORD_QUANTITY's
        try:
            value = float(text2num(" ".join(m.group("words").lower().split()), "en"))
        except ValueError:
            continue
        if value >= 10 or TO_BE_MADE.match(text, m.end(), span.end):
            unit = m.group("noun").split()[-1].lower()
            out.append(Quantity(value, unit, None, m.group(0), Span(m.start(), m.end()), None))
    return out


def _word_percents(text: str, span: Span) -> list[Quantity]:
    from text_to_num import text2num

    out = []
    for m in WORD_PERCENT.finditer(text, span.start, span.end):
        try:
            value = float(text2num(" ".join(m.group("words").lower().split()), "en"))
        except ValueError:
            continue
        comp = COMPARATORS.get((m.group("comp") or "").lower())
        out.append(Quantity(value, "percent", comp, m.group(0), Span(m.start(), m.end()), None))
    return out


def _at(m: re.Match, value: float, unit: str, comp: str | None = None) -> Quantity:
    return Quantity(value, unit, comp, m.group(0), Span(m.start(), m.end()), None)


def _word_change(m: re.Match) -> Quantity:
    """ "increase by one year": the number and its unit, not the "by"."""
    unit = "years" if m.group("unit").lower().startswith("year") else "percentage points"
    at = Span(m.start("word"), m.end())
    return Quantity(float(WORD_VALUES[m.group("word").lower()]), unit, None,
                    m.string[at.start : at.end], at, None)  # fmt: skip


def _one_in(m: re.Match) -> Quantity | None:
    """ "one in ten Americans": a share."""
    part, whole = _word_value(m.group("part")), _word_value(m.group("whole"))
    if not 0 < part < whole:
        return None
    return Quantity(part / whole, "share", None, m.group(0).strip(), Span(m.start(), m.end()),
                    None)  # fmt: skip


def _word_quantity(m: re.Match) -> Quantity:
    value = _word_value(m.group("word")) * _number("1", m.group("scale"))
    unit = (m.group("noun") or "number").split()[-1].lower()
    return _at(m, value, unit, COMPARATORS.get((m.group("comp") or "").lower()))


# Numbers in words and multiples, each pattern with how it reads a match (None: not one).
WORDED = (
    (WORD_CHANGE, _word_change),  # "increase by one year"
    (RANKED_COUNT, lambda m: _at(m, float(WORD_VALUES[m.group("word").lower()]), "number")),
    (DOLLAR_SIZE, lambda m: _at(m, SCALE[m.group("scale").lower()], "US$")),  # "a trillion-dollar"
    (MULTIPLY, lambda m: _at(m, MULTIPLES[m.group("m").lower()], "times")),  # "will double"
    (WORD_UNIT, lambda m: _at(m, _word_value(m.group("word")),
                              re.sub(r"[\s-]", "", m.group("unit").lower()))),  # "one giga-watt"
    (NET_ZERO, lambda m: _at(m, 0.0, "net emissions", "=")),  # "net-zero carbon emissions"
    (ONE_IN, _one_in),  # "one in ten Americans"
    (MULTIPLIED, lambda m: _at(m, PAST_MULTIPLES[m.group("m").lower()[:4]], "times",
                               COMPARATORS.get((m.group("comp") or "").strip().lower()))),
    (MULTIPLE, lambda m: _at(m, MULTIPLES[m.group("m").lower()], "times")),  # "twice the"
    (WORD_QUANTITY, _word_quantity),  # "more than two million homes"
)  # fmt: skip


def quantities(text: str, span: Span) -> list[Quantity]:
    found = _word_counts(text, span) + _word_percents(text, span)
    for pattern, read in WORDED:
        found += [q for m in pattern.finditer(text, span.start, span.end) if (q := read(m))]
    for m in QUANTITY.finditer(text, span.start, span.end):
        q = _numeric(text, span, m)
        if q is not None:
            found.append(q)
    return _shared_scales(text, _distinct(sorted(found, key=lambda q: q.span.start)))


def _distinct(found: list[Quantity]) -> list[Quantity]:
    """One quantity per stretch of text: the first read of a span; a share ("one in ten")
    over the count inside it ("ten Americans"), unless a number just after restates it ("one
    in four or 25%")."""
    starts = [q.span.start for q in found if q.unit != "share"]
    found = [  # "one in four or 25%", "One in five miles, or 173,000 miles": restated
        q for q in found if q.unit != "share" or not any(0 <= p - q.span.end <= 15 for p in starts)
    ]
    seen: set[tuple[int, int]] = set()
    kept = []
    for q in found:
        if (q.span.start, q.span.end) not in seen:
            seen.add((q.span.start, q.span.end))
            kept.append(q)
    shares = [q.span for q in kept if q.unit == "share"]
    return [
        q
        for q in kept
        if q.unit == "share" or not any(a.start <= q.span.start < a.end for a in shares)
    ]


SCALE_WORD = re.compile(rf"\b({SCALE_ALT})\b", re.IGNORECASE)
PAIRED = re.compile(r"^\s*(?:and|or|to|,)\s*(?:`|₹|Rs\.?|\$|US\$)?\s*$", re.IGNORECASE)


def _shared_scales(text: str, found: list[Quantity]) -> list[Quantity]:
    """ "` 30.80 and 47.66 lakh crore respectively", "$2 and $3 billion": the scale word and
    unit after the second number are the first's too."""
    out = list(found)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        scale = SCALE_WORD.search(second.text)
        if scale is None or SCALE_WORD.search(first.text):
            continue
        if not PAIRED.match(text[first.span.end : second.span.start]):
            continue
        units = {first.unit, second.unit} - {"number"}
        if len(units) > 1:
            continue
        unit = units.pop() if units else "number"
        factor = SCALE[" ".join(scale.group(1).lower().split())]
        out[i] = replace(first, value=first.value * factor, unit=unit)
        out[i + 1] = replace(second, unit=unit)
    return out


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
    if YEAR_ONLY.match(num) and not (m.group("pct") or m.group("currency") or m.group("scale")):
        return None
    if text[m.end("num") : m.end("num") + 2].lower() in {"st", "nd", "rd", "th"}:
        return None  # "20th National Congress"
    value = _number(num, m.group("scale"))
    counted = m.group("count") and not any(m.group(g) for g in ("pct", "unit", "scale", "currency"))
    if counted and (value < 10 or m.group("count").lower() in NOT_COUNTS):
        return None  # "3 new projects": a handful, not a quantity to track; "5 this year"
    unit = _unit(m)
    if unit == "mmt":  # million metric tonnes: "5 MMT" is 5 million tonnes
        value, unit = value * 1e6, "tonnes"
    of = m.group("of") if unit.startswith(("percent", "percentage points")) else None
    comp = COMPARATORS.get((m.group("comp") or m.group("after") or "").lower())
    low = None
    if m.group("between") and m.group("between").lower() == "between" or m.group("high"):
        comp = "between"
        low = float(m.group("low").replace(",", "")) if m.group("low") else value
        value = _number(m.group("high"), m.group("scale")) if m.group("high") else value
    elif m.group("low2"):  # "6.5% to 7%": a range
        comp, low = "between", float(m.group("low2").replace(",", ""))
    span_ = Span(m.start(), m.end())
    return Quantity(value, unit, comp, m.group(0), span_, of and of.lower(), low)


def _number(num: str, scale: str | None) -> float:
    value = float(num.replace(",", ""))
    if scale:
        value *= SCALE[" ".join(scale.lower().split())]
    return value


NOT_COUNTS = frozenset({"this", "its", "his", "was", "has", "is", "as", "us", "yes", "plus"})
MONEY_UNITS = {
    "rmb": "yuan", "¥": "yuan", "yuan": "yuan", "$": "US$", "us$": "US$", "dollars": "US$",
    "₹": "INR", "rs": "INR", "rs.": "INR", "inr": "INR", "`": "INR", "rupees": "INR",
    "€": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "pounds": "GBP",
}  # fmt: skip
UNIT_NAMES = {
    "gigawatt": "GW", "gigawatts": "GW", "megawatt": "MW", "megawatts": "MW", "kilowatt": "kW",
    "kilowatts": "kW", "kilometres": "km", "kilometers": "km", "tons": "tonnes",
    "metric tons": "tonnes", "ha": "hectares", "persons": "people", "us dollars": "US$",
    "u.s. dollars": "US$",
}  # fmt: skip


def _unit(m: re.Match) -> str:
    pct = (m.group("pct") or "").lower()
    named = " ".join((m.group("unit") or "").lower().split())
    currency = (m.group("currency") or "").strip().lower()
    if pct.startswith("percentage point"):
        unit = "percentage points"
    elif pct:
        unit = "percent"
    elif currency or named in MONEY_UNITS or named.endswith("dollars"):
        unit = MONEY_UNITS.get(currency or named, "US$")
    elif named:
        unit = UNIT_NAMES.get(named, named)
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
    scale = re.compile(rf"\b({SCALE_ALT})\b", re.IGNORECASE)
    if scale.search(start.text):
        return 1.0
    m = scale.search(end.text)
    return SCALE[" ".join(m.group(1).lower().split())] if m else 1.0
