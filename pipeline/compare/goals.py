"""Goals against the statistics: one row per goal x indicator x country in ``goal_progress``.

Each goal is judged by the method in ``method`` (Open SDG progress measure for targets and
directions, a tolerance band for "maintain", year-by-year rates for growth-rate targets); every
number behind the status is a column, and ``rule`` names the branch. The base year is the year
before publication (the next year with a value when that one has none, as Open SDG does).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from pipeline.compare import judge, method
from pipeline.compare.method import Assessment
from pipeline.compare.semantics import Reading, Semantics, is_rate_series
from pipeline.compare.series import Series, baseline_years, links_by_record, none, series_index
from pipeline.formatting import number
from pipeline.warehouse.registry import table

DEFAULT_RELATIVE_TOLERANCE = 0.05
DEFAULT_PCT_TOLERANCE = 1.0

# the method's branches by what a target measures
TARGET_TYPE = {
    "level": "level", "count": "level", "change": "change", "multiple": "change",
    "annual_rate": "growth_rate", "average_rate": "growth_rate",
}  # fmt: skip
DEADLINE_RULES = {"target", "growth rate", "at deadline", "reached"}
METHOD = "Open SDG progress measure + UN SDG Progress Chart 2023 projection (docs/method.md)"


def tolerance_for(theme_tolerance: dict | None, unit: str, baseline: float) -> float:
    tol = theme_tolerance or {}
    if "absolute" in tol:
        return float(tol["absolute"])
    if "relative" in tol:
        return abs(baseline) * float(tol["relative"])
    if unit.strip().startswith("%") or "%" in unit:
        return DEFAULT_PCT_TOLERANCE
    return abs(baseline) * DEFAULT_RELATIVE_TOLERANCE


def target_fits(target_unit: str | None, indicator_unit: str) -> bool:
    if not target_unit:
        return False
    ind_pct = "%" in indicator_unit
    if target_unit.startswith("%") or target_unit == "percentage points":
        return ind_pct
    if target_unit == "US$":
        return "US$" in indicator_unit
    return not ind_pct and target_unit not in {"yuan", "years", "times"}


def change_target(
    base: float, value: float, unit: str | None, direction: str, indicator_unit: str = ""
) -> float | None:
    """The level a change from the base names: "cut by 16 percent" -> base x 0.84, "raise by 2
    percentage points" -> base + 2, "double" -> base x 2, "increase by one year" on a series
    in years -> base + 1."""
    sign = -1.0 if direction == "decrease" else 1.0
    if unit and unit == indicator_unit.strip().lower():
        return base + sign * value
    if unit == "times":
        return base * value
    if unit == "percentage points":
        return base + sign * value
    if unit and unit.startswith("%"):
        return base * (1 + sign * value / 100.0)
    return None


def _verdict(
    sem: Semantics, series: Series, tolerance: float | None, as_of: int
) -> Assessment | None:
    """The verdict the goal's own statement gives: unverifiable when the series cannot judge
    it, met or missed once the deadline has passed, achieved when a level is reached early;
    None when the progress measure should judge it instead."""
    t, conv = sem.target, sem.convention
    why = judge.unfit(t, sem.indicator, sem.proxy)
    if why is None and conv.judged_as == "relative":
        why = conv.why
    if why is not None:
        return Assessment("unverifiable", judge.UNVERIFIABLE, why)
    if t.end is not None and as_of > t.end:
        got = judge.judge(series, t, sem.indicator, conv, tolerance=tolerance, proxy=sem.proxy)
        return _from_judgement("at deadline", got, sem)
    early = judge.met_early(series, t, sem.indicator, conv, tolerance)
    return None if early is None else _from_judgement("reached", early, sem)


def _from_judgement(rule: str, j: judge.Judgement, sem: Semantics) -> Assessment:
    out = Assessment(rule, j.status, j.reason, base=j.observed.base, current=j.observed.end)
    out.judged_value, out.bound = j.observed.value, j.bound
    if sem.convention.why and j.status in judge.VERDICTS:
        out.notes.append(f"convention {sem.convention.id}: {sem.convention.why}")
    if sem.proxy is not None and j.status != judge.UNVERIFIABLE:
        out.notes.append(f"proxy: {sem.proxy.differs}")
    return out


def assess_goal(
    *,
    series: Series | None,
    expected: str,
    baseline_year: int | None,
    unit: str,
    theme_tolerance: dict | None = None,
    target_value: float | None = None,
    target_unit: str | None = None,
    target_year: int | None = None,
    target_type: str | None = None,
    comparator: str | None = None,
    limit: float | None = None,
    rate_series: bool = False,
    as_of_year: int | None = None,
    semantics: Semantics | None = None,
) -> dict:
    """One goal x indicator x country: the branch of the method that fits what the goal states,
    every number behind the status, and whether the data are stale. With ``semantics``, a
    target is first judged by what it states (``judge``): at its deadline once passed."""
    empty = {c: None for c in ("baseline_year", "baseline_value", "latest_year", "latest_value")}
    if series is None or not series.years:
        return empty | {
            "rule": None,
            "status": "no data",
            "reason": "no observations for this indicator",
        }
    years, values = series.years, series.values  # noqa: PD011 - a Series of lists, not pandas
    newest = years[-1]
    if baseline_year is None:
        baseline_year = newest - 5
    base = method.base_point(years, values, baseline_year)
    current, cut = method.current_point(years, values, target_year)
    as_of = as_of_year or date.today().year
    stale = method.is_stale(newest, as_of)
    if semantics is not None:
        expected = semantics.direction
    level, scale_note = _level(target_value, target_unit, target_type, expected, unit, base)
    if semantics is not None:
        tol = tolerance_for(theme_tolerance, unit, base.value if base else 0.0)
        verdict = _verdict(semantics, series, tol, as_of)
        if verdict is not None:
            if level is not None and target_year is not None and verdict.rule != "unverifiable":
                # how far it got, by the progress measure, beside the verdict
                _progress_beside(verdict, method.assess_target(
                    base, current, level, target_year, expected, cut))  # fmt: skip
            judged = verdict.status in judge.VERDICTS
            row = _row(verdict, level, target_year, stale and not judged, newest, as_of)
            return row | semantics.columns()
    if target_type == "growth_rate" and target_value is not None:
        result = method.assess_growth_rate(
            method.yearly_rates(years, values, rate_series),
            baseline_year,
            target_value,
            comparator,
            expected,
            tolerance=(theme_tolerance or {}).get("rate", method.RATE_BAND),
            until=target_year,
        )
        result.base, result.current = base, current
    elif expected == "maintain":
        tol = tolerance_for(theme_tolerance, unit, base.value if base else 0.0)
        result = method.assess_maintain(base, current, tol, unit, level, comparator)
    elif level is not None and target_year is not None:
        result = method.assess_target(base, current, level, target_year, expected, cut)
    else:
        result = method.assess_direction(base, current, expected, limit)
    if cut and result.rule in {"direction", "maintain"} and result.current is not None:
        result.notes.append(f"deadline {target_year} passed: judged at {result.current.year}")
    if scale_note:
        result.notes.append(scale_note)
    if result.status == "insufficient data" and base is None:
        result.reason = f"no value in or after the base year {baseline_year} (latest {newest})"
    row = _row(result, level, target_year, stale, newest, as_of)
    return row if semantics is None else row | semantics.columns()


def _progress_beside(verdict: Assessment, progress: Assessment) -> None:
    judged, base = verdict.current, progress.base
    if judged is None or base is None or base.year >= judged.year:
        return  # no base before the judged year: nothing to say how far it got
    if verdict.base is None:
        verdict.base = base
    for name in ("observed_rate", "required_rate", "ratio", "distance_covered"):
        setattr(verdict, name, getattr(progress, name))


def _level(
    value: float | None, unit: str | None, target_type: str | None, expected: str,
    indicator_unit: str, base: method.Point | None,
) -> tuple[float | None, str | None]:  # fmt: skip
    """The level a target names in the indicator's unit, and a note when it cannot be used."""
    level = None
    if value is not None and target_type != "growth_rate":
        if target_type == "change":
            if base is not None:
                level = change_target(base.value, value, unit, expected, indicator_unit)
        elif target_fits(unit, indicator_unit):
            level = value
    if level is not None and base is not None and not _same_scale(level, base.value):
        # "every 10,000 people to have 3.3 patents" against a national total: not one scale
        note = (
            f"target {number(level)} is not on the scale of the indicator "
            f"({number(base.value)} in {base.year}): judged by direction only"
        )
        return None, note
    return level, None


def _same_scale(a: float, b: float, factor: float = 50.0) -> bool:
    if a == 0 or b == 0:
        return True
    if (a > 0) != (b > 0):
        return True
    return 1 / factor <= abs(a / b) <= factor


def _row(
    a: Assessment, level: float | None, target_year: int | None, stale: bool, newest, as_of
) -> dict:
    base, cur = a.base, a.current
    change = None if base is None or cur is None else cur.value - base.value
    reason = a.reason + "".join(f"; {n}" for n in a.notes)
    if stale:
        reason += (
            f"; stale: the latest value is for {newest}, "
            f"over {method.STALE_YEARS} years before {as_of}"
        )
    return {
        "rule": a.rule,
        "baseline_year": base.year if base else None,
        "baseline_value": base.value if base else None,
        "latest_year": cur.year if cur else None,
        "latest_value": cur.value if cur else None,
        "change": change,
        "annual_rate": a.observed_rate,
        "target_value": level,
        "target_year": target_year if a.rule in DEADLINE_RULES else None,
        "required_rate": a.required_rate,
        "ratio": a.ratio,
        "projected_value": a.projected_value,
        "distance_covered": a.distance_covered,
        "tolerance": a.tolerance,
        "drift": a.drift,
        "limit_value": a.limit,
        "years_met": a.years_met,
        "years_assessed": a.years_assessed,
        "judged_value": a.judged_value,
        "bound": a.bound,
        "status": a.status,
        "stale": stale,
        "data_latest_year": newest,
        "reason": reason,
    }


def goal_progress(
    goals: pd.DataFrame,
    links: pd.DataFrame,
    observations: pd.DataFrame,
    documents: pd.DataFrame,
    indicators: pd.DataFrame,
    reading: Reading,
    as_of_year: int | None = None,
) -> pd.DataFrame:
    """Every themed goal x indicator x country; unmeasured goals get one row saying so."""
    idx = series_index(observations)
    baseline = baseline_years(documents)
    facts = _indicator_facts(indicators)
    updated = _source_updated(observations)
    rows = []
    themed = goals[(goals["kind"] == "goal") & goals["theme"].notna()]
    links_by_goal = links_by_record(links)
    for g in themed.itertuples(index=False):
        base = {
            "goal_id": g.goal_id,
            "document_id": g.document_id,
            "country_iso3": g.country_iso3,
            "target_value": none(g.target_value),
            "target_year": none(g.target_year),
            "method": METHOD,
            "stale": False,
        }
        glinks = links_by_goal.get(g.goal_id)
        if glinks is None or glinks.empty:
            rows.append(by_hand(g, base | _unmeasured(g)))
            continue
        for link in glinks.itertuples(index=False):
            code = link.indicator_code
            unit, name, limit = facts.get(code, ("", "", None))
            sem = reading.semantics(
                g, link, judge.Indicator(code, unit, name, is_rate_series(unit, name))
            )
            result = assess_goal(
                series=idx.get((g.country_iso3, code)),
                expected=link.expected_direction,
                baseline_year=baseline.get(g.document_id),
                unit=unit,
                theme_tolerance=reading.tolerances.get(g.theme),
                target_value=none(g.target_value),
                target_unit=g.target_unit,
                target_year=none(g.target_year),
                target_type=TARGET_TYPE.get(none(g.measure)),
                comparator=_comparator(sem) or none(g.comparator),
                limit=none(limit),
                rate_series=sem.indicator.rate_series,
                as_of_year=as_of_year,
                semantics=sem,
            )
            link_cols = {
                "indicator_code": code,
                "is_primary": bool(link.is_primary),
                "source_updated": updated.get((g.country_iso3, code)),
            }
            rows.append(by_hand(g, base | sem.columns() | link_cols | result))
    return table("goal_progress").frame(rows)


def by_hand(g, row: dict, key: str = "status") -> dict:
    """A status (or verdict) a reviewer set replaces the computed one; the reason keeps both."""
    status = none(getattr(g, "review_status", None))
    if status is None:
        return row
    computed = f"{row.get(key)}: {row.get('reason') or row.get('evidence') or ''}"
    said = f"set by hand in review: {none(g.review_reason)} (the data say {computed})"
    out = row | {key: status, ("reason" if key == "status" else "evidence"): said}
    return out | ({"rule": "review"} if key == "status" else {})


def _comparator(sem: Semantics) -> str | None:
    """The comparator the progress measure reads, from the convention: a floor is >=."""
    conv = sem.convention
    if conv.judged_as == "around" and conv.above is not None and conv.above == float("inf"):
        return ">="
    return {"at_least": ">=", "at_most": "<=", "range": "between"}.get(conv.judged_as)


def _unmeasured(g) -> dict:
    return {
        "indicator_code": None,
        "is_primary": None,
        "expected_direction": g.direction,
        "status": "unmeasured",
        "reason": g.note or "no public indicator measures this goal",
    }


def _indicator_facts(indicators: pd.DataFrame) -> dict[str, tuple[str, str, float | None]]:
    """indicator -> (unit, name, natural limit)."""
    return {
        code: (unit, name, limit)
        for code, unit, name, limit in zip(
            indicators["indicator_code"],
            indicators["unit"].fillna(""),
            indicators["name"].fillna(""),
            indicators["value_max"],
            strict=True,
        )
    }


def _source_updated(observations: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(country, indicator) -> the source's last-updated date of the values used."""
    if "source_updated" not in observations:
        return {}
    obs = observations.dropna(subset=["source_updated"])
    grouped = obs.groupby(["country_iso3", "indicator_code"], sort=False)["source_updated"].max()
    return {k: str(v) for k, v in grouped.items()}
