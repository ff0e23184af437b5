"""Extract goals and claims from a policy document with deterministic, explainable rules.

The text is cut into blocks (lines), sentences and clauses (``segment``); each clause is then
read by rule families whose names end up in the record's ``rule`` field:

- ``skip.*``      headings, bylines and photo captions are not read for goals;
- ``goal.*``      a clause is a goal when it opens with a directive verb ("keep", "promote",
                  "carry out"), after adverbs or "we must", or carries a deadline ("by 2035") or a
                  cue such as "proposed to", or is an item of a list of targets;
- ``claim.*``     a clause that is not a goal is a claim when it states a checkable quantity: a
                  rank ("ranked first in the world for more than 10 consecutive years") or a
                  number with a comparator or unit ("less than 20% of GDP") (``claims``);
- ``theme.*``     the theme catalogue's keywords name what the clause is about (longest match for
                  goals; for claims the phrase nearest the quantity, its subject first);
- ``direction.*`` maintain / decrease / achieve words, else the theme's own direction
                  (``direction``);
- ``country.*``   the economy it concerns: "my country" is the document's, "US" is USA.

Extraction knows themes (topics), never indicators: which series measures a record is
``pipeline.link``'s job. What a rule did not understand is said in ``note``, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from pipeline.catalog import ThemeCatalog
from pipeline.documents import Document
from pipeline.extract import claims
from pipeline.extract.countries import CountryFinder
from pipeline.extract.deadlines import deadline, target_type
from pipeline.extract.direction import direction, from_words
from pipeline.extract.patterns import (
    COMPARISON,
    FUNDING,
    HEADING_INTRO,
    MONEY,
    OF_START,
    OR_START,
    SPENDING,
    SUB_ALLOCATION,
    TARGET_INTRO,
    WITHIN_NEXT,
)
from pipeline.extract.quantities import RANK, RUN, Quantity, quantities
from pipeline.extract.records import Record, make_record
from pipeline.extract.repeats import mark_repeats, merge_alike
from pipeline.extract.segment import (
    LEADING_ADVERBS,
    Span,
    block_kind,
    blocks,
    clauses,
    is_bullet,
    sentences,
    trim,
)
from pipeline.extract.semantics import pick_target, semantics
from pipeline.extract.themes import ThemeFinder

LEAD_MAX_WORDS = 12
GENERIC_UNITS = frozenset(
    {"number", "percent", "percentage points", "percent per year", "percentage points per year",
     "US$", "yuan", "INR", "EUR", "GBP", "years", "times"}
)  # fmt: skip
FRAGMENT = re.compile(
    r"^(?:a|an|and|or|but|just|only|including|up|down|compared|close to|about|some|with|"
    r"plus|nearly|almost)\b",
    re.IGNORECASE,
)
# Documents whose goals, unless they say otherwise, are due at the end of the period they cover
DATED_KINDS = frozenset(
    {"annual_government_report", "five_year_plan", "sector_guidance", "budget_speech"}
)
GOAL_CONFIDENCE = 0.9


def _dated(doc: Document) -> bool:
    """Whether the document's goals are due at the end of its period: a kind that sets dated
    targets, or a period of one year named in its title or opening ("China's targets for
    2017")."""
    one_year = doc.period_end is not None and doc.period_start == doc.period_end
    return doc.period_end is not None and (doc.kind in DATED_KINDS or one_year)


CONTEXT_CONFIDENCE = 0.3


@dataclass
class _Place:
    """Where the reading is: the section, whether in a list of targets, the years they give."""

    plan_year: int | None = None
    doc_year: int | None = None
    section: str | None = None
    section_year: int | None = None
    in_list: bool = False  # inside a target list introduced by "... targets ...:"
    list_year: int | None = None  # the list's own deadline ("targets for this year:")

    def heading(self, text: str, pub_year: int | None) -> None:
        self.section = text.strip()
        self.section_year = deadline(text, pub_year)
        if not self.in_list:  # a sub-heading inside a target list keeps the list going
            self.in_list = bool(HEADING_INTRO.search(text))
            self.list_year = (deadline(text, pub_year) or self.plan_year) if self.in_list else None


class Extractor:
    """Reads documents with one theme catalogue; construct once, call for many documents."""

    def __init__(self, catalog: ThemeCatalog, country_names: dict[str, str]):
        self.catalog = catalog
        self.themes = ThemeFinder(catalog)
        self.countries = CountryFinder(catalog, country_names)
        verbs = "|".join(re.escape(v) + r"(?:s|es)?" for v in catalog.goal_verbs)
        self._verb_start = re.compile(rf"^(?:{verbs}|{_gerunds(catalog.goal_verbs)})\b", re.I)
        self._normative = re.compile(
            rf"\b(?:an?|the)\s+[\w-]+\s+that\s+(?:{verbs})\b", re.IGNORECASE
        )

    def extract(self, doc: Document) -> list[Record]:
        text = doc.text
        records: list[Record] = []
        # A plan's period, from its title or opening ("12th Five-Year Plan (2011-2015)"): the
        # deadline of a target list that names none. A goal that names no year is due when its
        # sentence, list, section or document says ("targets for 2016:", "MAJOR TARGETS FOR
        # 2014", a plan's 2021-2025, a budget's year).
        opening = next((text[b.start : b.end] for b in blocks(text)), "")
        at = _Place(
            plan_year=deadline(doc.title, doc.year) or deadline(opening, doc.year),
            doc_year=doc.period_end if _dated(doc) else None,
        )
        for block in blocks(text):
            btext = text[block.start : block.end]
            bullet = is_bullet(text, block)
            kind = block_kind(btext, bullet)
            if kind == "heading":
                at.heading(btext, doc.year)
                continue
            if kind != "body":
                continue
            at.in_list = at.in_list and bullet
            sents = list(sentences(text, block))
            for n, sent in enumerate(sents):
                lead = n == 0 and len(sents) > 1 and self._is_lead(text[sent.start : sent.end])
                first_of_sentence = len(records)
                records += self._read_sentence(doc, sent, at, lead)
                records[first_of_sentence:] = merge_alike(doc, records[first_of_sentence:])
            if TARGET_INTRO.search(btext):  # the bullets that follow are the list's items
                at.in_list = True
                at.list_year = deadline(btext, doc.year) or at.plan_year
        return mark_repeats(records)

    def _read_sentence(self, doc: Document, sent: Span, at: _Place, lead: bool) -> list[Record]:
        stext = doc.text[sent.start : sent.end]
        intro = TARGET_INTRO.search(stext)
        list_from = sent.start + intro.end() if intro else None
        if intro:
            at.list_year = deadline(stext[: intro.end()], doc.year) or at.plan_year
        sent_country = self.countries.first(stext, doc)
        sent_year = deadline(stext, doc.year)
        cue = self._cue(stext)
        out = []
        for clause in self._list_items(doc.text, sent, list_from, at.in_list):
            listed = at.in_list or (list_from is not None and clause.start >= list_from)
            # a clause that goes on from a target stated before it in the sentence
            framed = cue is not None and sent.start + cue.end() <= clause.start
            year = sent_year or (at.list_year if listed else None) or at.section_year or at.doc_year
            rec = self._read_clause(doc, clause, at.section, sent_country, listed, year, framed)
            if rec is not None and lead and rec.kind == "goal":
                # "Repair American roads and bridges." opening a paragraph that then says what
                # will be done: a heading in bold, not a commitment of its own
                rec.demote("the lead of its paragraph, a summary")
            if rec is not None:
                out.append(rec)
        return out

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
                out.append(trim(text, head))
            listed = in_list or (list_from is not None and clause.start >= list_from)
            start = clause.start
            for m in re.finditer(r",\s+|\s+and\s+", text[clause.start : clause.end]):
                cut = clause.start + m.start()
                left, right = Span(start, cut), Span(clause.start + m.end(), clause.end)
                # "173,000 total miles, of our highways": the comma closes an aside, and a
                # part that opens with "of" is not an item of its own
                if OF_START.match(text, right.start) or OR_START.match(text, right.start):
                    continue  # ", or 173,000 total miles": the same thing said again
                if (
                    _says_more(text, left)
                    and _says_more(text, right)
                    or (listed and m.group(0).startswith(",") and self._items(text, left, right))
                    or _with_a_number(text, left, right)
                    or _number_pair(text, left, right)
                ):
                    out.append(trim(text, left))
                    start = right.start
            out.append(trim(text, Span(start, clause.end)))
        return [c for c in out if c.end > c.start]

    def _items(self, text: str, left: Span, right: Span) -> bool:
        """Inside a target list, two parts that each carry a number or name a theme."""
        return bool(
            (quantities(text, left) or self.themes.longest(text[left.start : left.end])[0])
            and (_says_more(text, right) or self.themes.longest(text[right.start : right.end])[0])
        )

    def _read_clause(
        self,
        doc: Document,
        span: Span,
        section: str | None,
        sent_country: str | None,
        listed: bool = False,
        context_year: int | None = None,
        framed: bool = False,
    ) -> Record | None:
        text = doc.text[span.start : span.end]
        pub_year = doc.year
        own_year = deadline(text, pub_year)
        rank = RANK.search(text)
        every = quantities(doc.text, span)
        qty = _targets(doc.text, span, every)
        rules = self._goal_rules(text, own_year, pub_year, rank, qty, listed, framed)
        if not rules and _commits_money(text, qty):
            # "A capital outlay of ` 2.40 lakh crore has been provided for the Railways"
            rules = [f"funding.committed '{FUNDING.search(text).group(0)}'"]
        if rules:
            return self._goal(doc, span, text, section, rules, own_year or context_year, qty)
        if rank:
            return claims.read_claim(
                self.themes, self.countries, doc, span, section, sent_country, rank, qty
            )
        if not self._states_a_fact(text):
            return None  # a number with no commitment and no statement around it: a fragment
        if qty:
            return claims.read_claim(
                self.themes, self.countries, doc, span, section, sent_country, None, qty
            )
        if (years := [q for q in every if not RUN.search(text)]) or COMPARISON.search(text):
            # "more than 30 years of progress", "falling behind its competitors on R&D"
            return claims.read_claim(
                self.themes, self.countries, doc, span, section, sent_country, None, years
            )
        return None

    def _states_a_fact(self, text: str) -> bool:
        """A claim states something: a verb of fact or of the past. A short piece with none
        that opens like an aside ("an increase of 180 billion yuan over the 2023 budget figure",
        "Just 15%", "and $14,000 a year") is a fragment of the sentence around it."""
        cues = (*self.catalog.past_cues, *self.catalog.fact_cues)
        if any(p.search(text) for p in cues) or COMPARISON.search(text):
            return True
        return not (FRAGMENT.match(text) or len(text.split()) <= 4)

    def _cue(self, text: str) -> re.Match | None:
        return next((m for c in self.catalog.goal_cues if (m := c.search(text))), None)

    def _goal_rules(self, text, year, pub_year, rank, qty, listed, framed=False) -> list[str]:
        """The rule that makes a clause a goal, or none. A commitment's words (a directive verb,
        a cue such as "will" or "target") make a goal; then a statement about the past
        ("grew", "last year") is a claim, in a list of targets too; then a deadline, a list of
        targets, money committed, a sentence framed as a target."""
        verb = self._verb_start.match(LEADING_ADVERBS.sub("", text))
        if verb:
            return [f"goal.directive-verb '{verb.group(0).lower()}'"]
        if cue := self._cue(text):
            return [f"goal.cue '{cue.group(0)}'"]
        if any(p.search(text) for p in self.catalog.past_cues):
            return []
        if year and (pub_year is None or year >= pub_year) and not rank:
            return [f"goal.deadline {year}"]
        if listed and (qty or self.themes.longest(text)[0]):
            return ["goal.target-list"]
        if any(q.unit in MONEY for q in qty) and (spend := SPENDING.search(text)):
            return [f"goal.spending '{spend.group(0)}'"]
        if normative := self._normative.search(text):
            return [f"goal.normative '{normative.group(0)}'"]
        if framed and qty and not rank:
            return ["goal.framed-sentence"]
        return []

    def _goal(self, doc, span, text, section, rules, year, qty) -> Record:
        theme, keyword = self.themes.longest(text)
        target, base = pick_target(doc.text, qty)
        meaning = semantics(
            doc.text, span.start, text, target, base, year, doc.year, doc.kind,
            (doc.period_start, doc.period_end),
        )  # fmt: skip
        action = rules[0].startswith("goal.directive-verb")
        goal_direction, drule = direction(
            self.catalog, text, theme, year, target, KIND_OF[meaning.measure], action, span.start
        )
        stripped = LEADING_ADVERBS.sub("", text)
        verb_at = len(text) - len(stripped) if self._verb_start.match(stripped) else len(text)
        country, crule = self.countries.for_goal(text, doc, verb_at)
        kind, note, confidence = "goal", None, GOAL_CONFIDENCE
        if theme:
            rules.append(f"theme.keyword '{keyword}'")
        elif target is None:
            kind, confidence = "context", CONTEXT_CONFIDENCE
            note = "a directive with no theme in the catalogue and no number: not a goal"
        rules += [drule, crule]
        if target is not None:
            rules.append(f"target.quantity '{target.text}'")
            if base is not None:
                rules.append(f"target.base '{base.text}'")
            if target.unit in MONEY and SUB_ALLOCATION.match(text):
                kind = "context"
                note = "a part of the amount just stated (a means, not a goal of its own)"
            elif target.unit in MONEY and _funds(text, theme):
                kind = "funding"
                rules.append(f"funding '{FUNDING.search(text).group(0)}'")
        return make_record(
            doc,
            span,
            kind,
            section,
            theme,
            direction=goal_direction,
            country_iso3=country,
            target=target,
            comparator=target.comparator if target else None,
            target_year=year,
            measure=meaning.measure,
            comparator_wording=meaning.wording,
            base_value=meaning.base_value,
            base_year=meaning.base_year,
            period_start=meaning.period_start,
            period_end=meaning.period_end,
            rule="; ".join(rules),
            confidence=confidence,
            note=note,
            # a goal with a number that no theme names: worth a search of the WDI series
            searchable=kind == "goal" and theme is None,
            direction_from_words=from_words(drule),
            keyword=keyword,
        )


# how the direction rules read a measure
KIND_OF = {
    None: None, "level": "level", "count": "level", "change": "change", "multiple": "change",
    "annual_rate": "growth_rate", "average_rate": "growth_rate",
}  # fmt: skip
# Money that is an outcome, not a commitment of funds: an economy's size, a deficit, trade
OUTCOME_MONEY_THEMES = frozenset(
    {"economy_size", "taxation", "exports", "external_balance", "debt_leverage"}
)


PAST_TIME = re.compile(r"\blast\s+year\b|\bin\s+(?:19|20)\d\d\b|\bago\b", re.IGNORECASE)


def _commits_money(text: str, qty: list[Quantity]) -> bool:
    """Money put into something, with no time in the past: funding, whatever the tense."""
    return (
        any(q.unit in MONEY for q in qty)
        and FUNDING.search(text) is not None
        and not PAST_TIME.search(text)
    )


def _funds(text: str, theme) -> bool:
    """Money the plan spends, invests or allocates: a funding line, not an outcome goal."""
    return bool(FUNDING.search(text)) and (theme is None or theme.name not in OUTCOME_MONEY_THEMES)


def _targets(text: str, span: Span, every: list[Quantity]) -> list[Quantity]:
    """The clause's numbers that can be targets. Years are deadlines ("within the next 15
    years") or runs, not targets, unless the clause has no other number and the years are a
    bound or a change ("fully paid for within the next 15 years", "life span to increase by one
    year")."""
    return [q for q in every if q.unit != "years"] or [
        replace(q, comparator="<=") if within else q
        for q in every
        if (within := WITHIN_NEXT.search(text, span.start, q.span.start))
        or q.comparator == "<="
        or target_type(text, q, span.start) == "change"
    ]


def _gerunds(verbs: tuple[str, ...]) -> str:
    """ "keeping", "creating", "cutting": a goal verb opening an item of a list of targets."""
    forms = []
    for verb in verbs:
        if " " in verb:
            continue
        stem = verb[:-1] if verb.endswith("e") and not verb.endswith("ee") else verb
        forms.append(re.escape(stem) + rf"{re.escape(stem[-1])}?ing")
    return "|".join(forms)


def _with_a_number(text: str, left: Span, right: Span) -> bool:
    """ "..., with the market value reaching 11 trillion yuan": a target of its own after a
    clause of at least five words."""
    return (
        re.match(r"with\b", text[right.start : right.end], re.IGNORECASE) is not None
        and len(text[left.start : left.end].split()) >= 5
        and bool(quantities(text, right))
    )


def _number_pair(text: str, left: Span, right: Span) -> bool:
    """ "by 13.5 percent and 18 percent, respectively", "17 trillion yuan and 46 trillion
    yuan": two numbers of one unit side by side, each a target of its own."""
    lq, rq = quantities(text, left), quantities(text, right)
    if not lq or not rq or lq[-1].unit != rq[0].unit:
        return False
    between = text[lq[-1].span.end : rq[0].span.start]
    return len(between.split()) <= 1  # nothing but the "and" or the comma between them


def _says_more(text: str, span: Span) -> bool:
    """A list item of its own: a number and at least two words beside it ("the surveyed
    unemployment rate within 5.5 percent"), not a bare "up 4 percentage points"."""
    qty = quantities(text, span)
    if not qty:
        return bool(RANK.search(text, span.start, span.end))
    if qty[0].unit not in GENERIC_UNITS:  # "100,000 public charging posts": a count of things
        return True
    rest = text[span.start : qty[0].span.start] + " " + text[qty[0].span.end : span.end]
    return len(re.findall(r"[A-Za-z]{3,}", rest)) >= 2


def extract_records(
    doc: Document, catalog: ThemeCatalog, country_names: dict[str, str]
) -> list[Record]:
    return Extractor(catalog, country_names).extract(doc)
