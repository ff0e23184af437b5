"""Linking: which WDI series measures each goal and claim the extractor found.

A record whose theme the catalogue knows is measured by that theme's indicators; a goal with a
number that no theme names, or a claim no theme names, is looked up among the 1,486 WDI series
(``search``). A claim is held against a series only when the quantity's unit fits the
series' ("20% of GDP" fits "% of GDP", not "people"). Context records are not linked: they
commit to nothing. What linking could not do is said in the record's ``note``; the rules it
used are added to its ``rule``.

The result is the ``policy_goals`` table (the records, each with its primary indicator) and
``goal_indicators`` (one row per record and indicator, primary first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from pipeline.catalog import Catalogue, Theme
from pipeline.link.search import IndicatorIndex, load_index
from pipeline.warehouse.registry import table

RATE_MEASURES = ("annual_rate", "average_rate")
SEARCH_GOAL_CONFIDENCE = 0.7
UNMATCHED_GOAL_CONFIDENCE = 0.6
SEARCH_CLAIM_CONFIDENCE = 0.65
UNMATCHED_CLAIM_CONFIDENCE = 0.4
UNFIT_CLAIM_CONFIDENCE = 0.6


def _signed(direction: str, sign: int) -> str:
    """The words' direction on a series of the opposite sign: reduce a deficit, raise net
    lending."""
    if sign > 0:
        return direction
    return {"increase": "decrease", "decrease": "increase"}.get(direction, direction)


@dataclass
class Link:
    """What linking decided for one record."""

    indicators: list[str] = field(default_factory=list)
    expected: list[str | None] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    theme: str | None = None  # set when the series search named the record's theme
    note: str | None = None
    confidence: float | None = None


class Linker:
    def __init__(self, catalogue: Catalogue, index: IndicatorIndex | None = None):
        self.themes = catalogue.themes.themes
        self.index = index or load_index(catalogue.series_path, catalogue.folder / "themes.yaml")
        series = self.index.series
        self.units = dict(zip(series["indicator_code"], series["unit"], strict=True))
        cat = catalogue.indicators
        self.units.update(zip(cat["indicator_code"], cat["unit"], strict=True))

    def link(self, record: dict) -> Link:
        if record["kind"] == "goal":
            return self._goal(record)
        if record["kind"] == "claim":
            return self._claim(record)
        return Link()

    def _goal(self, r: dict) -> Link:
        theme = self.themes.get(r["theme"]) if r["theme"] else None
        if theme is not None:
            rate = self._as_rate(theme, r)
            theme = rate or theme
            # Words ("keep ... stable", "reduce") fix the direction for every indicator (turned
            # round for a series of the opposite sign: "stop profit shifting" raises tax
            # revenue); otherwise each indicator moves the way it does when the theme advances.
            codes = [i.code for i in theme.indicators]
            expected = [_signed(r["direction"], i.sign) if r["direction_from_words"] else i.improves
                        for i in theme.indicators]  # fmt: skip
            note = None if codes else f"theme '{theme.name}' has no public indicator: unmeasured"
            if rate is None:
                return Link(codes, expected, note=note)
            return Link(codes, expected, [f"theme.as_rate {rate.name}"], theme=rate.name, note=note)
        if not r["searchable"]:
            return Link()
        match = self.index.best(r["text"])
        if match is None:
            return Link(
                note="no theme or WDI series matched this target; it is kept, unmeasured",
                confidence=UNMATCHED_GOAL_CONFIDENCE,
            )
        direction = "increase" if r["direction"] == "achieve" else r["direction"]
        return Link(
            [match.indicator_code],
            [direction],
            [f"indicator.search '{match.name}' ({match.score:.0f})"],
            theme=f"wdi:{match.indicator_code}",
            confidence=SEARCH_GOAL_CONFIDENCE,
        )

    def _as_rate(self, theme: Theme, r: dict) -> Theme | None:
        """The theme a growth rate is about ("GDP to grow by 6.5%": economic growth)."""
        unit = str(r.get("target_unit") or "")
        # a growth rate, a change in percent, or a plain percentage of a quantity that is no
        # percentage: "6-6.5% growth in gross domestic product"
        rate = (
            r.get("measure") in RATE_MEASURES
            or unit in {"%", "percent"}
            or (r.get("measure") == "change" and unit.startswith(("%", "percent")))
        )
        return self.themes.get(theme.as_rate) if rate and theme.as_rate else None

    def _claim(self, r: dict) -> Link:
        theme: Theme | None = self.themes.get(r["theme"]) if r["theme"] else None
        has_number = r["quantity_text"] is not None
        if theme is None:
            match = self.index.best(r["text"])
            if match is not None and (not has_number or self.fits(r, match.indicator_code)):
                return Link(
                    [match.indicator_code],
                    [None],
                    [f"indicator.search '{match.name}' ({match.score:.0f})"],
                    theme=f"wdi:{match.indicator_code}",
                    confidence=SEARCH_CLAIM_CONFIDENCE,
                )
            return Link(
                note="no theme or WDI series matched the quantity: unverifiable",
                confidence=UNMATCHED_CLAIM_CONFIDENCE,
            )
        codes = [i.code for i in theme.indicators]
        out = Link()
        if has_number and codes:
            fitting = [c for c in codes if self.fits(r, c)]
            if not fitting:
                out.note = (
                    f"the quantity '{r['quantity_text']}' is not what the '{theme.name}' "
                    f"indicators measure ({', '.join(codes)}): unverifiable"
                )
                out.confidence = UNFIT_CLAIM_CONFIDENCE
            codes = fitting
        if not codes and out.note is None and r["note"] is None:
            out.note = f"theme '{theme.name}' has no public indicator: unverifiable"
        out.indicators, out.expected = codes, [None] * len(codes)
        return out

    def fits(self, record: dict, code: str) -> bool:
        """Can this indicator check this record's quantity? '20% of GDP' fits '% of GDP', not
        'people'; a bare '8 percent in taxes' does not fit 'tax revenue (% of GDP)' unless the
        clause names GDP or speaks of a rate or share (then the percentage is the indicator's
        own kind)."""
        return unit_fits(record["target_unit"], self.units.get(code, ""), record["text"])


def unit_fits(target_unit: str | None, indicator_unit: str, text: str = "") -> bool:
    qty_unit, denominator = _quantity_unit(target_unit or "")
    unit = indicator_unit.lower()
    is_pct = unit.startswith("%") or "annual %" in unit
    if qty_unit.startswith(("percent", "percentage points")):
        if not is_pct:
            return False
        if denominator:
            denom = denominator.removeprefix("the ").strip()
            return f"% of {denom}" in unit or unit.endswith(denom)
        of = re.match(r"%\s+of\s+(?:total\s+)?([a-z]+)", unit)
        if of and text:
            low = text.lower()
            return of.group(1) in low or bool(re.search(r"\b(?:rate|ratio|share|proportion)", low))
        return True
    if qty_unit == "US$":
        return "us$" in unit
    if qty_unit == "yuan":
        return "lcu" in unit
    return not is_pct


def _quantity_unit(label: str) -> tuple[str, str | None]:
    """The extractor's unit label back to (unit, denominator): "% of GDP" -> percent of GDP."""
    if label.startswith("% of "):
        return "percent", label.removeprefix("% of ")
    if label == "%":
        return "percent", None
    return label, None


def link_records(
    extracted: pd.DataFrame, catalogue: Catalogue, linker: Linker | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``policy_goals`` and ``goal_indicators`` from the ``reviewed_goals`` rows (or the
    ``extracted_goals`` rows): records a reviewer rejected are left out, an indicator a reviewer
    chose replaces the ones linking would pick."""
    linker = linker or Linker(catalogue)
    goals, links = [], []
    for r in extracted.to_dict("records"):
        r = {k: (None if _missing(v) else v) for k, v in r.items()}
        if r.get("review_action") == "reject":
            continue
        found = _by_hand(r) if r.get("review_indicator") else linker.link(r)
        rule = "; ".join([r["rule"], *found.rules])
        goals.append(
            r
            | {
                "theme": found.theme or r["theme"],
                "primary_indicator": found.indicators[0] if found.indicators else None,
                "is_measured": bool(found.indicators),
                "rule": rule,
                "confidence": found.confidence or r["confidence"],
                "note": found.note or r["note"],
            }
        )
        links += [
            {
                "goal_id": r["goal_id"],
                "indicator_code": code,
                "is_primary": i == 0,
                "position": i + 1,
                "expected_direction": found.expected[i],
            }
            for i, code in enumerate(found.indicators)
        ]
    return table("policy_goals").frame(goals), table("goal_indicators").frame(links)


def _by_hand(r: dict) -> Link:
    """The indicator a reviewer linked, the record's own direction expected of it."""
    direction = {"achieve": "increase"}.get(r["direction"], r["direction"])
    expected = None if r["kind"] == "claim" else direction
    code = r["review_indicator"]
    return Link([code], [expected], ["review.indicator"], theme=r["theme"] or f"wdi:{code}")


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)
