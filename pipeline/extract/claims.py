"""Claims: statements about the past or present that data can check.

A claim states a rank ("ranked first in the world for more than 10 consecutive years"), a
number ("less than 20% of GDP"), a change ("rose from 54 trillion to 82.7 trillion yuan over the
past five years") or a comparison with no number ("lags its peers"). Its theme is the keyword
nearest the quantity, its subject first; its country the one its clause (or sentence) names.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.documents import Document
from pipeline.extract.countries import CountryFinder
from pipeline.extract.deadlines import change_start_year
from pipeline.extract.patterns import COMPARISON
from pipeline.extract.quantities import COMPARATORS, ORDINALS, RUN, Quantity, scale_like
from pipeline.extract.records import Record, make_record
from pipeline.extract.segment import Span
from pipeline.extract.themes import ThemeFinder

CONFIDENCE = 0.85


def read_claim(
    themes: ThemeFinder,
    countries: CountryFinder,
    doc: Document,
    span: Span,
    section: str | None,
    sent_country: str | None,
    rank: re.Match | None,
    qty: list[Quantity],
) -> Record:
    text = doc.text[span.start : span.end]
    theme, keyword = _theme(themes, doc, span, text, rank, qty)
    country, crule = countries.for_claim(text, doc, sent_country)
    rules = [crule]
    run = RUN.search(text)
    fields = _what_it_claims(text, span, rank, qty, rules)
    if run:
        rules.append(f"claim.run '{run.group(0)}'")
    if theme is not None:
        rules.append(f"theme.nearest '{keyword}'")
    target = fields.pop("target")
    start_year = None
    if target is not None and target.low is not None and target.comparator != "between":
        start_year = change_start_year(f"{section or ''} {text}", doc.baseline_year)
    return make_record(
        doc,
        span,
        "claim",
        section,
        theme,
        target=target,
        country_iso3=country,
        comparator=(
            target.comparator if target else ("<=" if rank and rank.group("top") else None)
        ),
        claim_run_years=int(run.group("n")) if run else None,
        claim_run_comparator=(COMPARATORS.get((run.group("comp") or "").lower()) if run else None),
        claim_start_year=start_year,
        rule="; ".join(rules),
        confidence=CONFIDENCE,
        keyword=keyword,
        **fields,
    )


def _theme(themes, doc, span, text, rank, qty):
    if rank and rank.group("sup"):
        # "the world's largest middle-income group": what is largest follows the phrase
        after = doc.text[rank.end() + span.start : rank.end() + span.start + 60]
        return themes.longest(re.split(r"[,;]", after)[0])
    if rank:
        anchor = rank.start() + span.start
    elif qty:
        anchor = qty[0].span.start
    else:  # a comparison: what it compares is named after "behind ... on"
        anchor = span.start + COMPARISON.search(text).end()
    return themes.nearest(text, anchor - span.start)


def _rank_value(rank: re.Match) -> int | None:
    number = rank.group("no") or rank.group("num") or rank.group("num2") or rank.group("top")
    return ORDINALS.get(
        (rank.group("word") or rank.group("sup") or rank.group("word2") or "").lower()
    ) or (int(number) if number else None)


def _what_it_claims(text: str, span: Span, rank, qty: list[Quantity], rules: list[str]) -> dict:
    """direction, target, claim_rank and note of a rank, a comparison or a quantity claim;
    its rule goes first in ``rules``."""
    rank_value = _rank_value(rank) if rank else None
    if rank and rank_value is None and qty:
        # "constitute 43 per cent of enrolment - one of the highest in the world": the number
        # is what data can check; a rank with no number is not
        rank = None
    if rank:
        rules.insert(0, f"claim.rank '{rank.group(0)}'")
        note = None
        if rank_value is None:
            note = "a rank without a number ('one of the highest'): unverifiable as stated"
        return {"direction": "rank", "target": None, "claim_rank": rank_value, "note": note}
    if not qty:
        compared = COMPARISON.search(text)
        rules.insert(0, f"claim.comparison '{compared.group(0)}'")
        # "lags its peers": a place among economies; "falling behind ... on R&D": a level
        peers = re.search(r"peers|rivals", compared.group(0), re.I)
        return {
            "direction": "rank" if peers else "threshold",
            "target": None,
            "note": "a comparison with no number: unverifiable as stated",
        }
    target = qty[0]
    if len(qty) > 1 and re.search(r"\bfrom\s*$", text[: qty[0].span.start - span.start]):
        # "rose from 54 trillion to 82.7 trillion yuan": a change, 82.7 trillion at the end and
        # 54 trillion (kept as target_value_low) at the start
        target = replace(qty[1], low=qty[0].value * scale_like(qty[0], qty[1]))
        rules.append(f"claim.change from '{qty[0].text}'")
    rules.insert(0, f"claim.quantity '{target.text}'")
    return {"direction": "threshold", "target": target}
