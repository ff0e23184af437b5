"""How a target's words are judged: the convention table in ``data/catalog/conventions.yaml``.

"Around 3 percent" is a ceiling for inflation and a floor with slack for growth; which one is
data, not code. ``Conventions.resolve`` finds the first convention whose conditions hold for a
goal x indicator (else a default from the comparator), ``Conventions.proxy`` the definitional
difference between a series and the target's own statistic, when the file names one.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

JUDGED_AS = ("at_least", "at_most", "around", "range", "band", "direction", "relative")
# the way an indicator should move for each reading: what the scorecard shows as the direction
DIRECTION_OF = {"at_least": "increase", "at_most": "decrease", "around": "maintain",
                "range": "maintain", "band": "maintain"}  # fmt: skip
NONE = "none"  # a goal without a number, or a bare number without a comparator


def _none(v) -> float | None:
    return None if v is None or v == NONE else float(v)


@dataclass(frozen=True)
class Convention:
    id: str
    judged_as: str
    below: float | None = None  # slack under a floor / the lower side of "around"
    above: float | None = None  # slack over a ceiling / the upper side; inf: no upper side
    level: float | None = None  # the bound a goal without a number implies
    over_period: bool = False  # judge the period's average
    centre: float | None = None  # a band's centre (None: the base year's value)
    width: float | None = None  # a band's half-width (None: the theme's tolerance)
    relative: bool = False  # below / above are shares of the target, not units
    on_low: bool = False  # judge a range against its low end
    why: str = ""
    source: str = ""
    indicators: frozenset[str] = frozenset()
    measures: frozenset[str] = frozenset()
    comparators: frozenset[str] = frozenset()
    improves: frozenset[str] = frozenset()
    wording: re.Pattern[str] | None = None

    def matches(
        self, *, indicator: str, measure: str | None, comparator: str | None, improves: str,
        words: str,
    ) -> bool:  # fmt: skip
        return (
            (not self.indicators or indicator in self.indicators)
            and (not self.measures or (measure or NONE) in self.measures)
            and (not self.comparators or (comparator or NONE) in self.comparators)
            and (not self.improves or improves in self.improves)
            and (self.wording is None or bool(self.wording.search(words)))
        )


@dataclass(frozen=True)
class Proxy:
    """A series that measures a neighbouring concept, and how far apart the two can be."""

    indicator: str
    wording: re.Pattern[str]
    differs: str
    margin: float = 0.0
    relative: bool = False  # margin as a share of the target
    per_year: bool = False  # margin per year of the target's period
    comparable: bool = True  # False: the series cannot judge the target at all
    margin_why: str = ""

    def margin_for(self, target: float, years: int) -> float:
        if self.relative:
            return abs(target) * self.margin
        if self.per_year:
            return self.margin * max(1, years)
        return self.margin


@dataclass
class Conventions:
    conventions: list[Convention]
    defaults: dict[str, str]
    around_tolerance: float = 0.05
    range_tolerance: float = 0.05
    proxies: list[Proxy] = field(default_factory=list)

    def resolve(
        self, *, indicator: str, measure: str | None, comparator: str | None, improves: str,
        words: str, has_number: bool,
    ) -> Convention:  # fmt: skip
        """The convention for one goal x indicator: the first that matches, else a default."""
        for c in self.conventions:
            if c.matches(
                indicator=indicator, measure=measure if has_number else None,
                comparator=comparator, improves=improves, words=words,
            ):  # fmt: skip
                return c
        if not has_number:
            return Convention("direction", "direction", why="no number: the direction decides")
        if comparator in self.defaults:
            judged = self.defaults[comparator]
            tol = self.around_tolerance if judged == "around" else None
            return Convention(
                f"default {comparator}", judged, why=f"the comparator '{comparator}'",
                below=tol, above=tol, relative=tol is not None,
            )  # fmt: skip
        judged = {"increase": "at_least", "decrease": "at_most"}.get(improves, "around")
        tol = self.around_tolerance if judged == "around" else None
        return Convention(
            f"default {improves}", judged, below=tol, above=tol, relative=tol is not None,
            why=f"a bare number on an indicator that should {_verb(improves)}",
        )  # fmt: skip

    def proxy(self, indicator: str, words: str) -> Proxy | None:
        for p in self.proxies:
            if p.indicator == indicator and p.wording.search(words):
                return p
        return None


def _verb(improves: str) -> str:
    return {"increase": "rise", "decrease": "fall"}.get(improves, "hold")


def _set(raw) -> frozenset[str]:
    return frozenset(NONE if v is None else str(v) for v in raw or [])


def _convention(raw: dict) -> Convention:
    tol = raw.get("tolerance") or {}
    above = tol.get("above")
    wording = raw.get("wording")
    if raw["judged_as"] not in JUDGED_AS:
        raise ValueError(f"convention {raw['id']}: judged_as must be one of {JUDGED_AS}")
    return Convention(
        id=raw["id"],
        judged_as=raw["judged_as"],
        below=_none(tol.get("below")),
        above=math.inf if above == NONE else _none(above),
        level=_none(raw.get("level")),
        over_period=raw.get("over") == "period",
        centre=_none(raw.get("centre")),
        width=_none(raw.get("width")),
        on_low=raw.get("against") == "low_end",
        why=" ".join(str(raw.get("why", "")).split()),
        source=" ".join(str(raw.get("source", "")).split()),
        indicators=_set(raw.get("indicators")),
        measures=_set(raw.get("measures")),
        comparators=_set(raw.get("comparators")),
        improves=_set(raw.get("improves")),
        wording=re.compile(wording, re.IGNORECASE) if wording else None,
    )


def _proxy(raw: dict) -> Proxy:
    margin = raw.get("margin", 0)
    kind = next(iter(margin)) if isinstance(margin, dict) else None
    return Proxy(
        indicator=raw["indicator"],
        wording=re.compile(raw.get("wording", "."), re.IGNORECASE),
        differs=" ".join(raw["differs"].split()),
        margin=float(margin[kind] if kind else margin),
        relative=kind == "relative",
        per_year=kind == "per_year",
        comparable=bool(raw.get("concept", True)),
        margin_why=" ".join(str(raw.get("margin_why", "")).split()),
    )


def parse_conventions(raw: dict) -> Conventions:
    defaults = dict(raw.get("defaults") or {})
    around = float(defaults.pop("around_tolerance", 0.05))
    rng = float(defaults.pop("range_tolerance", 0.05))
    return Conventions(
        conventions=[_convention(c) for c in raw.get("conventions") or []],
        defaults={str(k): str(v) for k, v in defaults.items()},
        around_tolerance=around,
        range_tolerance=rng,
        proxies=[_proxy(p) for p in raw.get("proxies") or []],
    )


def load_conventions(path: Path) -> Conventions:
    return parse_conventions(yaml.safe_load(path.read_text(encoding="utf-8")))
