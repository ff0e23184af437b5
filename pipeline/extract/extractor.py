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
from dataclasses import replace

from pipeline.catalog import ThemeCatalog
from pipeline.documents import Document
from pipeline.extract import claims
from pipeline.extract.countries import CountryFinder
from pipeline.extract.deadlines import deadline, target_type
from pipeline.extract.direction import direction, from_words
from pipeline.extract.patterns import (
    COMPARISON,
    MONEY,
    OF_START,
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
from pipeline.extract.themes import ThemeFinder

LEAD_MAX_WORDS = 12
GOAL_CONFIDENCE = 0.9
CONTEXT_CONFIDENCE = 0.3


class Extractor:
    """Reads documents with one theme catalogue; construct once, call for many documents."""

    def __init__(self, catalog: ThemeCatalog, country_names: dict[str, str]):
        self.catalog = catalog
        self.themes = ThemeFinder(catalog)
        self.countries = CountryFinder(catalog, country_names)
        verbs = "|".join(re.escape(v) + r"(?:s|es)?" for v in catalog.goal_verbs)
        self._verb_start = re.compile(rf"^(?:{verbs})\b", re.IGNORECASE)
        self._normative = re.compile(
            rf"\b(?:an?|the)\s+[\w-]+\s+that\s+(?:{verbs})\b", re.IGNORECASE
        )

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
                intro = TARGET_INTRO.search(stext)
                list_from = sent.start + intro.end() if intro else None
                if intro:
                    list_year = deadline(stext[: intro.end()], pub_year) or plan_year
                first_of_sentence = len(records)
                sent_country = self.countries.first(stext, doc)
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
                records[first_of_sentence:] = merge_alike(doc, records[first_of_sentence:])
            if TARGET_INTRO.search(btext):  # the bullets that follow are the list's items
                in_list = True
                list_year = deadline(btext, pub_year) or plan_year
        return mark_repeats(records)

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
                if OF_START.match(text, right.start):
                    continue
                if (
                    _says_more(text, left)
                    and _says_more(text, right)
                    or (listed and m.group(0).startswith(",") and self._items(text, left, right))
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
        list_year: int | None = None,
    ) -> Record | None:
        text = doc.text[span.start : span.end]
        pub_year = doc.published.year if doc.published else None
        year = deadline(text, pub_year) or list_year
        rank = RANK.search(text)
        every = quantities(doc.text, span)
        qty = _targets(doc.text, span, every)
        rules = self._goal_rules(text, year, pub_year, rank, qty, listed)
        if rules:
            return self._goal(doc, span, text, section, rules, year, qty)
        if rank or qty:
            return claims.read_claim(
                self.themes, self.countries, doc, span, section, sent_country, rank, qty
            )
        if (years := [q for q in every if not RUN.search(text)]) or COMPARISON.search(text):
            # "more than 30 years of progress", "falling behind its competitors on R&D"
            return claims.read_claim(
                self.themes, self.countries, doc, span, section, sent_country, None, years
            )
        return None

    def _goal_rules(self, text, year, pub_year, rank, qty, listed) -> list[str]:
        """The rule that makes a clause a goal, or none."""
        verb = self._verb_start.match(LEADING_ADVERBS.sub("", text))
        cue = next((c for c in self.catalog.goal_cues if c.search(text)), None)
        if verb:
            return [f"goal.directive-verb '{verb.group(0).lower()}'"]
        if cue:
            return [f"goal.cue '{cue.search(text).group(0)}'"]
        if year and (pub_year is None or year >= pub_year) and not rank:
            return [f"goal.deadline {year}"]
        if listed and (qty or self.themes.longest(text)[0]):
            return ["goal.target-list"]
        if any(q.unit in MONEY for q in qty) and (spend := SPENDING.search(text)):
            return [f"goal.spending '{spend.group(0)}'"]
        if normative := self._normative.search(text):
            return [f"goal.normative '{normative.group(0)}'"]
        return []

    def _goal(self, doc, span, text, section, rules, year, qty) -> Record:
        theme, keyword = self.themes.longest(text)
        target = qty[0] if qty else None
        kind_of_target = target_type(doc.text, target, span.start) if target else None
        action = rules[0].startswith("goal.directive-verb")
        goal_direction, drule = direction(
            self.catalog, text, theme, year, target, kind_of_target, action, span.start
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
            if target.unit in MONEY and SUB_ALLOCATION.match(text):
                kind = "context"
                note = "a part of the amount just stated (a means, not a goal of its own)"
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
            target_type=kind_of_target,
            rule="; ".join(rules),
            confidence=confidence,
            note=note,
            # a goal with a number that no theme names: worth a search of the WDI series
            searchable=kind == "goal" and theme is None,
            direction_from_words=from_words(drule),
            keyword=keyword,
        )


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


def _says_more(text: str, span: Span) -> bool:
    """A list item of its own: a number and at least two words beside it ("the surveyed
    unemployment rate within 5.5 percent"), not a bare "up 4 percentage points"."""
    qty = quantities(text, span)
    if not qty:
        return bool(RANK.search(text, span.start, span.end))
    rest = text[span.start : qty[0].span.start] + " " + text[qty[0].span.end : span.end]
    return len(re.findall(r"[A-Za-z]{3,}", rest)) >= 2


def extract_records(
    doc: Document, catalog: ThemeCatalog, country_names: dict[str, str]
) -> list[Record]:
    return Extractor(catalog, country_names).extract(doc)
