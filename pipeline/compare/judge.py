"""A target judged at its deadline by what it states (``docs/method.md``, "At the deadline").

What the number measures decides which values count: a level, the value in the deadline year;
a rate in one year, that year's rate (the series' own value when it is an annual rate, else its
change on the year before); an average annual rate, the geometric mean of the period's yearly
rates; a cumulative change, from the year before the period to the deadline; a multiple, the
deadline's value over the base year's. How the number binds (floor, ceiling, "around", a range,
a band) comes from the convention table (``conventions.py``). Missing years are named.

Pure functions: no frames, no warehouse.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pipeline.compare.conventions import Convention, Proxy
from pipeline.compare.method import Point
from pipeline.compare.series import Series
from pipeline.formatting import number as fmt

MET, MISSED = "target achieved", "target missed"
UNVERIFIABLE, INSUFFICIENT = "unverifiable", "insufficient data"
VERDICTS = (MET, MISSED, UNVERIFIABLE)
RATES = ("annual_rate", "average_rate")
CURRENT_PRICES = ("current us$", "current lcu", "current international $")


@dataclass(frozen=True)
class Target:
    """What a goal states, as the extractor read it (and a reviewer corrected it)."""

    value: float | None
    unit: str | None = None
    measure: str | None = None
    comparator: str | None = None
    start: int | None = None  # first year of the period
    end: int | None = None  # the deadline
    low: float | None = None  # a range's low end
    base_year: int | None = None
    direction: str = "increase"  # the way the indicator should move

    @property
    def base(self) -> int | None:
        """The year changes and multiples are measured from: the stated base, else the year
        before the period."""
        if self.base_year is not None:
            return self.base_year
        return None if self.start is None else self.start - 1


@dataclass(frozen=True)
class Indicator:
    code: str
    unit: str
    name: str = ""
    rate_series: bool = False  # its values already are yearly rates ("annual %")


@dataclass
class Observed:
    value: float | None = None
    unit: str = ""
    base: Point | None = None
    end: Point | None = None
    missing: list[int] = field(default_factory=list)
    how: str = ""


@dataclass
class Judgement:
    status: str
    reason: str
    observed: Observed
    bound: str = ""  # the target as judged: ">= 6.35", "<= 3", "within 4 of 0"
    miss: float | None = None  # how far outside the bound (judged unit)


def unfit(t: Target, ind: Indicator, proxy: Proxy | None) -> str | None:
    """Why the series cannot judge the target (its unit or concept is another), or None."""
    name = f"{ind.name} {ind.unit}".lower()
    if proxy is not None and not proxy.comparable:
        return f"{ind.code} cannot judge it: {proxy.differs}"
    if t.measure in RATES:
        if ind.rate_series:
            return None
        if any(c in name for c in CURRENT_PRICES):
            return f"a real growth rate is not measured by a series in current prices ({ind.name})"
        if "%" in ind.unit:
            return f"a growth rate is not a share: {ind.name} is in {ind.unit}"
        return None
    if t.value is None or t.measure is None:
        return None
    unit = (t.unit or "").lower()
    if t.measure == "multiple":
        if any(c in name for c in CURRENT_PRICES):
            return f"a multiple in real terms is not measured in current prices ({ind.name})"
        return None
    if t.measure == "change":
        if unit.startswith("%") or unit in {"times", "percentage points"}:
            return None if unit != "percentage points" or "%" in ind.unit else _units(t, ind)
        return None if unit and unit == ind.unit.lower() else _units(t, ind)
    if ind.rate_series:
        return f"a level is not a yearly rate: {ind.name} is a rate"
    pct_target = unit.startswith("%") or unit == "percentage points"
    if pct_target != ("%" in ind.unit):
        return _units(t, ind)
    if unit in {"yuan", "rupees", "euros", "years", "times"} or "yuan" in unit:
        return _units(t, ind)
    return None


def _units(t: Target, ind: Indicator) -> str:
    return (
        f"the target is in {t.unit or 'no unit'}, {ind.code} in {ind.unit}: not the same quantity"
    )


def _values(series: Series) -> dict[int, float]:
    return dict(zip(series.years, series.values, strict=True))


def _missing(have: dict[int, float], years: list[int]) -> list[int]:
    return [y for y in years if y not in have]


def observe(series: Series, t: Target, ind: Indicator, conv: Convention) -> Observed:
    """The value the target is judged on, and the years it needs (``missing`` when absent)."""
    have = _values(series)
    end = t.end
    measure = t.measure if t.value is not None else None
    if measure in RATES:
        return _rate(have, t, ind)
    if measure in ("change", "multiple"):
        return _change(have, t, ind)
    if conv.over_period and t.start is not None:
        years = list(range(t.start, end + 1))
        out = Observed(missing=_missing(have, years), unit=ind.unit)
        if not out.missing:
            out.value = sum(have[y] for y in years) / len(years)
            out.end = Point(end, have[end])
            out.how = f"average of {_span(years)}: " + ", ".join(fmt(have[y]) for y in years)
        return out
    need_base = conv.judged_as == "direction" or (conv.judged_as == "band" and conv.centre is None)
    base = t.base if need_base else None
    out = Observed(unit=ind.unit)
    if need_base and base is None:
        out.how = "no base year: the period's start is unknown"
        return out
    out.missing = _missing(have, [y for y in (base, end) if y is not None])
    if out.missing:
        return out
    out.value, out.end = have[end], Point(end, have[end])
    out.how = f"{fmt(have[end])} in {end}"
    if base is not None:
        out.base = Point(base, have[base])
        out.how = f"{fmt(have[base])} in {base} to {out.how}"
    return out


def _rate(have: dict[int, float], t: Target, ind: Indicator) -> Observed:
    end = t.end
    start = end if t.measure == "annual_rate" or t.start is None else t.start
    years = list(range(start, end + 1))
    out = Observed(unit="% a year")
    if ind.rate_series:
        out.missing = _missing(have, years)
        if out.missing:
            return out
        rates = [have[y] for y in years]
        out.end = Point(end, have[end])
    else:
        out.missing = _missing(have, [start - 1, *years])
        if out.missing:
            return out
        rates = [(have[y] / have[y - 1] - 1) * 100 for y in years]
        out.base, out.end = Point(start - 1, have[start - 1]), Point(end, have[end])
    if len(years) == 1:
        out.value = rates[0]
        out.how = f"{rates[0]:.2f}% in {end}"
        return out
    growth = math.prod(1 + r / 100 for r in rates)
    out.value = (growth ** (1 / len(rates)) - 1) * 100
    listed = ", ".join(f"{y}: {r:.2f}" for y, r in zip(years, rates, strict=True))
    out.how = f"geometric mean of {_span(years)}'s rates ({listed}) = {out.value:.2f}% a year"
    return out


def _change(have: dict[int, float], t: Target, ind: Indicator) -> Observed:
    base, end = t.base, t.end
    if ind.rate_series and base is not None and (t.unit or "").lower().startswith(("%", "perc")):
        return _compounded(have, base, end, t.measure == "multiple")
    out = Observed(missing=_missing(have, [base, end]) if base is not None else [end])
    if base is None:
        out.how = "no base year: the period's start is unknown"
        return out
    if out.missing:
        return out
    b, e = have[base], have[end]
    out.base, out.end = Point(base, b), Point(end, e)
    unit = (t.unit or "").lower()
    if t.measure == "multiple" or unit == "times":
        out.value, out.unit = (e / b if b else None), "times"
        out.how = f"{fmt(e)} in {end} / {fmt(b)} in {base} = {fmt(out.value)} times"
        return out
    sign = -1 if t.direction == "decrease" else 1
    if unit.startswith("%"):
        change = (e / b - 1) * 100 if b else None
        out.unit = "%"
    else:
        change, out.unit = e - b, ind.unit
    out.value = None if change is None else sign * change
    what = "fall" if sign < 0 else "change"
    out.how = f"{fmt(b)} in {base} to {fmt(e)} in {end}: a {what} of {fmt(out.value)} {out.unit}"
    return out


def _compounded(have: dict[int, float], base: int, end: int, multiple: bool) -> Observed:
    """A change (or multiple) of a quantity whose series is its yearly growth rate: the
    product of the years' growth factors ("GDP up 7% in 2015" on GDP growth, annual %)."""
    years = list(range(base + 1, end + 1))
    out = Observed(missing=_missing(have, years), unit="times" if multiple else "%")
    if out.missing:
        return out
    factor = math.prod(1 + have[y] / 100 for y in years)
    out.value = factor if multiple else (factor - 1) * 100
    out.end = Point(end, have[end])
    rates = ", ".join(f"{y}: {have[y]:.2f}" for y in years)
    out.how = f"compounded from {_span(years)}'s rates ({rates}): {fmt(out.value)} {out.unit}"
    return out


def _span(years: list[int]) -> str:
    return f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])


def bounds(t: Target, conv: Convention, obs: Observed, tolerance: float | None,
           rng: float) -> tuple[float, float, str]:  # fmt: skip
    """The interval that meets the target, and how to say it."""
    level = t.value if t.value is not None else conv.level
    if conv.on_low and t.low is not None:
        level = t.low
    if conv.judged_as == "band":
        centre = conv.centre if conv.centre is not None else (obs.base.value if obs.base else 0)
        width = conv.width if conv.width is not None else (tolerance or 0.0)
        return centre - width, centre + width, f"within {fmt(width)} of {fmt(centre)}"
    if level is None:
        return -math.inf, math.inf, "no bound"

    def slack(v: float | None) -> float:
        if v is None:
            return 0.0
        return abs(level) * v if conv.relative else v

    below, above = slack(conv.below), slack(conv.above)
    if conv.judged_as == "at_least":
        return level - below, math.inf, f">= {fmt(level - below)}"
    if conv.judged_as == "at_most":
        return -math.inf, level + above, f"<= {fmt(level + above)}"
    if conv.judged_as == "range" and t.low is not None:
        return t.low - rng, level + rng, f"{fmt(t.low)}-{fmt(level)} (± {fmt(rng)})"
    hi = level + above
    said = f">= {fmt(level - below)}" if math.isinf(hi) else f"{fmt(level - below)} to {fmt(hi)}"
    return level - below, hi, said


def judge(series: Series, t: Target, ind: Indicator, conv: Convention, *,
          tolerance: float | None = None, proxy: Proxy | None = None,
          range_tolerance: float = 0.05) -> Judgement:  # fmt: skip
    """The verdict at the deadline: met, missed, or why neither can be said."""
    obs = observe(series, t, ind, conv)
    if obs.missing:
        ends = f"the series runs {series.years[0]}-{series.years[-1]}" if series.years else ""
        needed = ", ".join(map(str, obs.missing))
        return Judgement(INSUFFICIENT, f"no value for {needed} ({ends})", obs)
    if obs.value is None:
        return Judgement(INSUFFICIENT, obs.how or "nothing to judge", obs)
    if conv.judged_as == "direction":
        return _direction(t, obs)
    lo, hi, said = bounds(t, conv, obs, tolerance, range_tolerance)
    met = lo <= obs.value <= hi
    miss = 0.0 if met else (lo - obs.value if obs.value < lo else obs.value - hi)
    unit = "percentage points" if obs.unit.startswith("%") else obs.unit
    reason = f"{obs.how}; judged {conv.judged_as.replace('_', ' ')} ({said})"
    if met:
        return Judgement(MET, f"{reason}: met", obs, said, 0.0)
    if proxy is not None:
        years = (t.end - t.start + 1) if t.start is not None and t.end is not None else 1
        margin = proxy.margin_for(t.value if t.value is not None else obs.value, years)
        if miss <= margin:
            return Judgement(
                UNVERIFIABLE,
                f"{reason}: missed by {fmt(miss)} {unit} on this series, less than the "
                f"{fmt(margin)} {unit} its definition can differ by ({proxy.margin_why})",
                obs, said, miss,
            )  # fmt: skip
    return Judgement(MISSED, f"{reason}: missed by {fmt(miss)} {unit}", obs, said, miss)


def _direction(t: Target, obs: Observed) -> Judgement:
    if obs.base is None or obs.end is None:
        return Judgement(INSUFFICIENT, "a direction needs the year before the period", obs)
    moved = obs.end.value - obs.base.value
    want = -1 if t.direction == "decrease" else 1
    said = f"{fmt(obs.base.value)} in {obs.base.year} to {fmt(obs.end.value)} in {obs.end.year}"
    if t.direction == "maintain":
        return Judgement(INSUFFICIENT, f"{said}: 'maintain' without a band", obs)
    ok = moved * want > 0
    verb = "fell" if moved < 0 else "rose" if moved > 0 else "did not move"
    status = MET if ok else MISSED
    return Judgement(status, f"{said}: it {verb}; the goal wants it to {t.direction}", obs)


def met_early(series: Series, t: Target, ind: Indicator, conv: Convention,
              tolerance: float | None = None) -> Judgement | None:  # fmt: skip
    """Before the deadline: a level, count, change or multiple the latest value already meets
    (a floor reached, a ceiling got under) is achieved on this series; else None."""
    if t.value is None or t.measure in RATES or conv.judged_as not in ("at_least", "at_most"):
        return None
    if not series.years:
        return None
    latest = series.years[-1]
    early = Target(**{**t.__dict__, "end": latest})
    if early.base is not None and early.base >= latest:
        return None
    got = judge(series, early, ind, conv, tolerance=tolerance)
    if got.status != MET:
        return None
    due = f"before the {t.end} deadline" if t.end is not None else "(no deadline stated)"
    got.reason = f"{got.reason} in {latest}, {due}"
    return got
