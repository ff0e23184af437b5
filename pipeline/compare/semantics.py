"""What a goal states, and how it is read against one indicator: the catalogue's conventions,
tolerances, directions and signs applied to one goal x indicator (``Semantics``). Shared by
goals and claims."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.compare import judge
from pipeline.compare.conventions import DIRECTION_OF, Convention, Conventions, Proxy
from pipeline.compare.series import none

FLIPPED = {">": "<", ">=": "<=", "<": ">", "<=": ">="}


def is_rate_series(unit: str, name: str = "") -> bool:
    """A series whose values already are yearly rates ("GDP growth (annual %)")."""
    return "annual %" in f"{unit} {name}".lower()


@dataclass(frozen=True)
class Semantics:
    """What a goal states and how it is read against one indicator."""

    target: judge.Target
    indicator: judge.Indicator
    convention: Convention
    proxy: Proxy | None = None

    @property
    def direction(self) -> str:
        """The way the indicator should move, from the reading: a floor rises, a ceiling falls,
        a band holds; a cut keeps its own direction; no number keeps the words'."""
        conv = self.convention
        if self.target.measure == "change" or conv.judged_as not in DIRECTION_OF:
            return self.target.direction
        if conv.judged_as == "around" and conv.above == float("inf"):
            return "increase"  # a floor with slack: "growth around 7%" is met from 6.85 up
        return DIRECTION_OF[conv.judged_as]

    @property
    def fit(self) -> str:
        return f"proxy: {self.proxy.differs}" if self.proxy else "exact"

    def columns(self) -> dict:
        t = self.target
        return {
            "measure": t.measure if t.value is not None else None,
            "judged_as": self.convention.judged_as,
            "convention": self.convention.id,
            "period_start": t.start,
            "period_end": t.end,
            "fit": self.fit,
            "expected_direction": self.direction,
        }


@dataclass(frozen=True)
class Reading:
    """The catalogue's part in judging: the conventions, each theme's tolerance band and the
    way each of its indicators moves when the theme advances."""

    conventions: Conventions
    tolerances: dict[str, dict]
    improves: dict[tuple[str, str], str]  # (theme, indicator) -> increase | decrease | maintain
    signs: dict[tuple[str, str], int]  # (theme, indicator) -> -1 where the series is negated

    @classmethod
    def of(cls, catalogue) -> Reading:
        themes = catalogue.themes.themes.values()
        return cls(
            conventions=catalogue.conventions,
            tolerances={t.name: t.tolerance for t in themes},
            improves={(t.name, i.code): i.improves for t in themes for i in t.indicators},
            signs={(t.name, i.code): i.sign for t in themes for i in t.indicators},
        )

    def semantics(self, g, link, indicator: judge.Indicator) -> Semantics:
        """One goal row x one link row: the target, its reading and any proxy."""
        sign = self.signs.get((g.theme, indicator.code), 1)
        value, low, comparator = none(g.target_value), none(g.target_value_low), none(g.comparator)
        if sign < 0 and value is not None and none(g.measure) in ("level", "count"):
            # "a deficit of 3% of GDP": net lending of -3% of GDP, a ceiling becomes a floor
            value, low = -value, None if low is None else -low
            comparator = FLIPPED.get(comparator, comparator)
        measure = none(g.measure)
        start, end = none(g.period_start), none(g.period_end) or none(g.target_year)
        plain_pct = str(none(g.target_unit) or "").lower() in {"%", "percent"}
        if (
            indicator.rate_series
            and plain_pct
            and (measure == "level" or (measure == "change" and start is not None and start == end))
        ):
            # on a series of yearly rates (GDP growth, annual %), "6-6.5% growth in GDP" stated
            # as a level, or "increase the GDP by approximately 7%" in a one-year plan, is the
            # rate of the deadline's year
            measure = "annual_rate"
        target = judge.Target(
            value=value,
            unit=none(g.target_unit),
            measure=measure,
            comparator=comparator,
            start=start,
            end=end,
            low=low,
            base_year=none(g.base_year),
            direction=link.expected_direction,
        )
        words = f"{none(g.comparator_wording) or ''} {g.text}"
        convention = self.conventions.resolve(
            indicator=indicator.code,
            measure=target.measure,
            comparator=target.comparator,
            improves=self.improves.get((g.theme, indicator.code), link.expected_direction),
            words=words,
            has_number=target.value is not None,
        )
        proxy = self.conventions.proxy(indicator.code, g.text)
        return Semantics(target, indicator, convention, proxy)
