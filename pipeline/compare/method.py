"""The progress method, as pure functions: one goal, one indicator, one economy at a time.

Four branches, chosen by what the goal states (``docs/method.md`` has the sums worked by hand):

- **target**: a number and a deadline in the indicator's unit. The Open SDG / Statistics
  Canada progress measure (open-sdg/sdg-build ``sdg/ProgressMeasure.py``, methodology 2): the
  observed compound annual growth rate since the base year, the rate required to reach the
  target by the target year (also from the base year), and their ratio R with the direction's
  sign. Beside it the UN SDG Progress Chart 2023 projection: the value expected at the target
  year at the current rate, and the share of the distance from base to target covered so far.
- **direction**: no number ("strengthen", "reduce"). Open SDG methodology 1: the observed rate
  with the direction's sign against 1.5% / 0.5% / 0 a year; thresholds shrink near a natural
  limit (a share's 100%) by the coefficient ``1 - (base / limit) ** 4.44``.
- **maintain**: "keep ... basically stable". A tolerance band around the baseline (or around the
  stated level, or a stated bound); the drift is reported in the indicator's unit.
- **growth rate**: "grow by more than 7% a year", "drop by around 2.5%". The indicator's
  year-on-year change (or its own value, for a series that already is an annual rate) against
  the target rate, year by year; the mean rate gives R as in the target branch.

Statuses, one vocabulary for every branch: ``target achieved``, ``on track`` (R >= 0.95, or a
rate at or above the high threshold, or inside the band), ``acceleration needed`` (0.60 <= R <
0.95), ``limited progress`` (0 <= R < 0.60), ``deterioration`` (R < 0, or outside the band),
and ``insufficient data`` when fewer than two points or a sign change leave nothing to measure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.formatting import number as fmt

# Open SDG's thresholds: R for a target, the observed rate (a fraction a year) without one.
RATIO_HIGH, RATIO_MED, RATIO_LOW = 0.95, 0.60, 0.0
RATE_HIGH, RATE_MED, RATE_LOW = 0.015, 0.005, 0.0
LIMIT_EXPONENT = 4.44
ZERO_BASE = 0.001  # Open SDG replaces a zero base (or target) with this
APPROX = 0.05  # "around 2.5%" is met within 5% of 2.5
RATE_BAND = 0.5  # percentage points: "around 6.5 percent" growth holds within half a point
STALE_YEARS = 3

ON_TRACK = "on track"
STATUSES = (
    "target achieved",
    ON_TRACK,
    "acceleration needed",
    "limited progress",
    "deterioration",
    "insufficient data",
)


@dataclass(frozen=True)
class Point:
    year: int
    value: float


@dataclass
class Assessment:
    """Every number behind a status, so a reader can redo the sum by hand."""

    rule: str
    status: str
    reason: str
    base: Point | None = None
    current: Point | None = None
    observed_rate: float | None = None  # percent a year
    required_rate: float | None = None  # percent a year
    ratio: float | None = None
    projected_value: float | None = None
    distance_covered: float | None = None  # share of base -> target covered
    tolerance: float | None = None
    drift: float | None = None
    limit: float | None = None
    years_met: int | None = None
    years_assessed: int | None = None
    judged_value: float | None = None  # at the deadline: the value the target is judged on
    bound: str | None = None  # the target as judged: ">= 6.35", "<= 3"
    notes: list[str] = field(default_factory=list)


def growth(current: float, base: float, years: float) -> float:
    """Open SDG's growth_calculation: compound annual growth as a fraction."""
    return (current / base) ** (1.0 / years) - 1.0


def sign_of(base: float) -> int:
    return -1 if base < 0 else 1


def direction_sign(direction: str, base: float, target: float | None = None) -> int:
    """+1 when higher is better. "achieve" points from the base toward the target."""
    if direction == "decrease":
        return -1
    if direction == "achieve" and target is not None:
        return 1 if target >= base else -1
    return 1


def status_from_ratio(ratio: float) -> str:
    if ratio >= RATIO_HIGH:
        return ON_TRACK
    if ratio >= RATIO_MED:
        return "acceleration needed"
    if ratio >= RATIO_LOW:
        return "limited progress"
    return "deterioration"


def limit_coefficient(base: float, limit: float | None) -> float:
    """Open SDG: how much of the rate thresholds is left near a natural limit (1 far from it)."""
    if limit is None:
        return 1.0
    b, lim = abs(base), abs(limit)
    if b >= 2 * lim:
        return 1.0
    if b <= lim:
        return 1.0 - (b / lim) ** LIMIT_EXPONENT
    return 1.0 - ((2 * lim - b) / lim) ** LIMIT_EXPONENT


def status_from_rate(progress: float, coefficient: float = 1.0) -> str:
    """Methodology 1 with thresholds scaled by the limit coefficient."""
    if progress < RATE_LOW:
        return "deterioration"
    if coefficient == 0 or progress >= RATE_HIGH * coefficient:
        return ON_TRACK
    if progress >= RATE_MED * coefficient:
        return "acceleration needed"
    return "limited progress"


def base_point(years: list[int], values: list[float], base_year: int) -> Point | None:
    """The base year's value, else the next year with one (Open SDG's rule)."""
    for y, v in zip(years, values, strict=True):
        if y >= base_year:
            return Point(y, v)
    return None


def current_point(
    years: list[int], values: list[float], deadline: int | None = None
) -> tuple[Point | None, bool]:
    """The newest value; when the deadline has passed, the value at it (or the last before).
    Returns the point and whether the deadline cut it."""
    if not years:
        return None, False
    newest = Point(years[-1], values[-1])
    if deadline is None or newest.year <= deadline:
        return newest, False
    before = [Point(y, v) for y, v in zip(years, values, strict=True) if y <= deadline]
    return (before[-1] if before else None), True


def _usable(base: Point | None, current: Point | None, rule: str) -> Assessment | None:
    """The edge cases every branch shares, or None when the pair can be measured."""
    if base is None or current is None:
        return Assessment(rule, "insufficient data", "no value in or after the base year")
    if current.year <= base.year:
        return Assessment(
            rule,
            "insufficient data",
            f"one point only ({base.year}): progress needs two",
            base=base,
            current=current,
        )
    if (base.value > 0 > current.value) or (base.value < 0 < current.value):
        return Assessment(
            rule,
            "insufficient data",
            f"the value changed sign ({fmt(base.value)} in {base.year}, {fmt(current.value)} in "
            f"{current.year}): a compound rate is undefined",
            base=base,
            current=current,
        )
    return None


def assess_target(
    base: Point | None,
    current: Point | None,
    target: float,
    target_year: int,
    direction: str,
    deadline_cut: bool = False,
) -> Assessment:
    """Open SDG methodology 2 and the UN Progress Chart projection."""
    rule = "target"
    edge = _usable(base, current, rule)
    if edge:
        return edge
    notes = []
    b = base.value
    if b == 0:
        notes.append(f"base value 0 replaced by {ZERO_BASE} (Open SDG)")
        b = ZERO_BASE
    t = target
    if t == 0:
        notes.append(f"target 0 replaced by {ZERO_BASE} (Open SDG)")
        t = ZERO_BASE
    d = direction_sign(direction, base.value, target)
    s = sign_of(b)
    achieved = current.value >= target if d > 0 else current.value <= target
    observed = growth(current.value, b, current.year - base.year)
    out = Assessment(rule, "", "", base=base, current=current, observed_rate=observed * 100)
    out.notes = notes
    span = target_year - base.year
    if span > 0 and (t / b) > 0:
        required = growth(t, b, span)
        out.required_rate = required * 100
        if required != 0:
            out.ratio = s * d * observed / abs(required)
    if target != base.value:
        out.distance_covered = (current.value - base.value) / (target - base.value)
    if current.year < target_year:
        out.projected_value = current.value * (1 + observed) ** (target_year - current.year)
    cut = f" (deadline {target_year} passed: judged at {current.year})" if deadline_cut else ""
    moved = f"{fmt(base.value)} in {base.year} to {fmt(current.value)} in {current.year}{cut}"
    if achieved:
        out.status = "target achieved"
        out.reason = f"target {fmt(target)} reached: {moved}"
        return out
    if out.ratio is None:
        moving = s * d * observed
        out.status = ON_TRACK if moving > 0 else "deterioration"
        out.reason = f"{moved}; the target needs no change from the base, so the direction decides"
        return out
    out.status = status_from_ratio(out.ratio)
    out.reason = (
        f"{moved}: {_pct(out.observed_rate)} a year observed, {_pct(out.required_rate)} a year "
        f"needed from {base.year} to reach {fmt(target)} by {target_year}; R = {out.ratio:.2f}"
    )
    if out.projected_value is not None:
        out.reason += f"; at this rate {fmt(out.projected_value)} in {target_year}"
    return out


def assess_direction(
    base: Point | None, current: Point | None, direction: str, limit: float | None = None
) -> Assessment:
    """Open SDG methodology 1: the rate alone against 1.5% / 0.5% / 0 a year."""
    rule = "direction"
    edge = _usable(base, current, rule)
    if edge:
        return edge
    b = base.value if base.value != 0 else ZERO_BASE
    observed = growth(current.value, b, current.year - base.year)
    d = direction_sign(direction, b)
    progress = sign_of(b) * d * observed
    coeff = limit_coefficient(b, limit) if d > 0 else 1.0
    out = Assessment(
        rule,
        status_from_rate(progress, coeff),
        "",
        base=base,
        current=current,
        observed_rate=observed * 100,
        limit=limit if d > 0 else None,
    )
    near = f", thresholds scaled by {coeff:.2f} near the limit {fmt(limit)}" if coeff < 1 else ""
    out.reason = (
        f"{fmt(base.value)} in {base.year} to {fmt(current.value)} in {current.year}: "
        f"{_pct(observed * 100)} a year; the goal wants it to {_plain(direction)} "
        f"(on track from {RATE_HIGH * coeff * 100:.2f}% a year{near})"
    )
    return out


def assess_maintain(
    base: Point | None,
    current: Point | None,
    tolerance: float,
    unit: str,
    level: float | None = None,
    comparator: str | None = None,
) -> Assessment:
    """A band: around the baseline ("keep ... basically stable"), around a stated level
    ("around 3 percent"), or one side of a stated bound ("no higher than 5.5 percent")."""
    rule = "maintain"
    if current is None:
        return Assessment(rule, "insufficient data", "no value to judge")
    in_unit = "percentage points" if "%" in unit else unit
    if level is not None and comparator in {"<", "<=", ">", ">="}:
        ok = {
            "<": current.value < level,
            "<=": current.value <= level,
            ">": current.value > level,
            ">=": current.value >= level,
        }[comparator]
        return Assessment(
            rule,
            ON_TRACK if ok else "deterioration",
            f"{fmt(current.value)} in {current.year}; the goal holds it {comparator} {fmt(level)}",
            base=base,
            current=current,
            drift=current.value - level,
        )
    centre = level if level is not None else (base.value if base else None)
    if centre is None or (level is None and (base is None or current.year <= base.year)):
        return Assessment(
            rule,
            "insufficient data",
            "one point only: stability needs a base and a later value",
            base=base,
            current=current,
        )
    drift = current.value - centre
    inside = abs(drift) <= tolerance
    around = f"the level {fmt(level)}" if level is not None else f"the {base.year} baseline"
    out = Assessment(
        rule,
        ON_TRACK if inside else "deterioration",
        (
            f"{fmt(current.value)} in {current.year}: drift {drift:+.2f} {in_unit} from {around} "
            f"({fmt(centre)}), {'inside' if inside else 'outside'} the band of ±{tolerance:.2f} "
            f"{in_unit}"
        ),
        base=base,
        current=current,
        tolerance=tolerance,
        drift=drift,
    )
    if base is not None and current.year > base.year and base.value > 0 < current.value:
        out.observed_rate = growth(current.value, base.value, current.year - base.year) * 100
    return out


def yearly_rates(years: list[int], values: list[float], is_rate: bool) -> list[tuple[int, float]]:
    """Each year's rate in percent: the value itself for a series that is an annual rate, else
    the change on the year before (consecutive years only)."""
    if is_rate:
        return list(zip(years, values, strict=True))
    out = []
    for (y0, v0), (y1, v1) in zip(
        zip(years, values, strict=True), zip(years[1:], values[1:], strict=True), strict=False
    ):
        if y1 == y0 + 1 and v0 != 0 and (v0 > 0) == (v1 > 0):
            out.append((y1, (v1 / v0 - 1) * 100))
    return out


def assess_growth_rate(
    rates: list[tuple[int, float]],
    base_year: int,
    target_rate: float,
    comparator: str | None,
    direction: str,
    tolerance: float = RATE_BAND,
    until: int | None = None,
) -> Assessment:
    """A target stated as a yearly rate, judged year by year after the base year."""
    rule = "growth rate"
    span = [(y, r) for y, r in rates if y > base_year and (until is None or y <= until)]
    if not span:
        return Assessment(rule, "insufficient data", f"no yearly rate after {base_year}")
    want = -abs(target_rate) if direction == "decrease" else target_rate
    band = direction == "maintain" or (
        comparator in {None, "~", "="} and direction not in {"increase", "decrease"}
    )

    def met(r: float) -> bool:
        if comparator in {">", ">="} and direction != "decrease":
            return r >= want
        if comparator in {"<", "<="} and direction != "decrease":
            return r <= want
        if band:
            return abs(r - want) <= tolerance
        # a change to make: at least (about) the stated size, in the stated direction
        return r * (1 if want >= 0 else -1) >= abs(want) * (1 - APPROX)

    hits = [met(r) for _, r in span]
    mean = sum(r for _, r in span) / len(span)
    listed = ", ".join(f"{y}: {r:+.2f}%" for y, r in span)
    out = Assessment(
        rule,
        "",
        "",
        observed_rate=mean,
        required_rate=want,
        years_met=sum(hits),
        years_assessed=len(hits),
        tolerance=tolerance if band else None,
    )
    if band:
        inside = abs(mean - want) <= tolerance
        out.status = ON_TRACK if inside else "deterioration"
        out.drift = mean - want
        out.reason = (
            f"yearly rates {listed}; mean {mean:+.2f}% against {want:g}% ± {tolerance:g} "
            f"({out.years_met} of {out.years_assessed} years inside)"
        )
        return out
    out.ratio = mean / abs(want) * (1 if want >= 0 else -1) if want else None
    if comparator in {"<", "<="} and direction != "decrease":  # a ceiling on a rate
        out.ratio = None
        out.status = ON_TRACK if mean <= want else "deterioration"
    else:
        out.status = status_from_ratio(out.ratio) if out.ratio is not None else ON_TRACK
    out.reason = (
        f"yearly rates {listed}; mean {mean:+.2f}% a year against {comparator or ''}{want:g}% "
        f"({out.years_met} of {out.years_assessed} years met)"
        + (f"; R = {out.ratio:.2f}" if out.ratio is not None else "")
    )
    return out


def is_stale(latest_year: int | None, as_of_year: int) -> bool:
    """A latest value more than three years older than the year the run judges in."""
    return latest_year is not None and as_of_year - latest_year > STALE_YEARS


def _plain(direction: str) -> str:
    return "increase" if direction == "achieve" else direction


def _pct(v: float | None) -> str:
    return "n/a" if v is None else f"{v:+.2f}%"
