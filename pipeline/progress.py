"""Hold goals and claims against the statistics: pure functions over pandas frames.

Goals (one row per goal x indicator x country in ``goal_progress``) are judged by the method in
``pipeline/method.py`` (Open SDG progress measure for targets and directions, a tolerance band
for "maintain", year-by-year rates for growth-rate targets); every number behind the status is
a column, and ``rule`` names the branch. The base year is the year before publication (the next
year with a value when that one has none, as Open SDG does).

Claims (one row per claim x indicator in ``claim_checks``) are checked at the baseline year
(or the latest year before it): thresholds against the claimed bound, ranks among economies
(aggregates excluded) including runs of consecutive years, each with its evidence.
"""

from __future__ import annotations

import math
import operator
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipeline import method
from pipeline.method import Assessment

DEFAULT_RELATIVE_TOLERANCE = 0.05
DEFAULT_PCT_TOLERANCE = 1.0
APPROX = method.APPROX

METHOD = "Open SDG progress measure + UN SDG Progress Chart 2023 projection (docs/method.md)"

GOAL_PROGRESS_COLUMNS = [
    "goal_id",
    "document_id",
    "indicator_code",
    "is_primary",
    "country_iso3",
    "expected_direction",
    "rule",
    "baseline_year",
    "baseline_value",
    "latest_year",
    "latest_value",
    "change",
    "annual_rate",
    "target_value",
    "target_year",
    "required_rate",
    "ratio",
    "projected_value",
    "distance_covered",
    "tolerance",
    "drift",
    "limit_value",
    "years_met",
    "years_assessed",
    "status",
    "stale",
    "data_latest_year",
    "source_updated",
    "reason",
    "method",
]
CLAIM_CHECK_COLUMNS = [
    "goal_id",
    "document_id",
    "indicator_code",
    "is_primary",
    "country_iso3",
    "check_type",
    "evaluation_year",
    "observed_year",
    "observed_value",
    "claimed_value",
    "comparator",
    "rank",
    "economies_ranked",
    "run_years",
    "run_start_year",
    "run_end_year",
    "verdict",
    "evidence",
]
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


@dataclass(frozen=True)
class Series:
    years: list[int]
    values: list[float]

    def at_or_before(self, year: int) -> tuple[int, float] | None:
        best = None
        for y, v in zip(self.years, self.values, strict=True):
            if y <= year:
                best = (y, v)
        return best

    def latest(self) -> tuple[int, float] | None:
        return (self.years[-1], self.values[-1]) if self.years else None


def baseline_years(documents: pd.DataFrame) -> dict[str, int | None]:
    """document_id -> the year progress is measured from (None without a publication date)."""
    years = zip(documents["document_id"], documents["baseline_year"], strict=True)
    return {doc: None if _none(year) is None else int(year) for doc, year in years}


def links_by_record(links: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """goal_id -> the goal_indicators rows of that goal or claim."""
    return {g: grp for g, grp in links.groupby("goal_id", sort=False)}


def series_index(observations: pd.DataFrame) -> dict[tuple[str, str], Series]:
    """(country, indicator) -> its yearly values, sorted; built once per run."""
    obs = observations.dropna(subset=["value"]).sort_values("year")
    out = {}
    for (country, code), grp in obs.groupby(["country_iso3", "indicator_code"], sort=False):
        out[(country, code)] = Series(grp["year"].astype(int).tolist(), grp["value"].tolist())
    return out


def compound_rate(v0: float, v1: float, years: int) -> float | None:
    """Percent a year; undefined across zero or a sign change."""
    if years <= 0 or v0 <= 0 or v1 <= 0:
        return None
    return ((v1 / v0) ** (1.0 / years) - 1.0) * 100.0


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


def is_rate_series(unit: str, name: str = "") -> bool:
    """A series whose values already are yearly rates ("GDP growth (annual %)")."""
    return "annual %" in f"{unit} {name}".lower()


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
) -> dict:
    """One goal x indicator x country: the branch of the method that fits what the goal states,
    every number behind the status, and whether the data are stale."""
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
    level = None
    if target_value is not None and target_type != "growth_rate":
        if target_type == "change":
            if base is not None:
                level = change_target(base.value, target_value, target_unit, expected, unit)
        elif target_fits(target_unit, unit):
            level = target_value
    scale_note = None
    if level is not None and base is not None and not _same_scale(level, base.value):
        # "every 10,000 people to have 3.3 patents" against a national total: not one scale
        scale_note = (
            f"target {method.fmt(level)} is not on the scale of the indicator "
            f"({method.fmt(base.value)} in {base.year}): judged by direction only"
        )
        level = None
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
    return _row(result, level, target_year, stale, newest, as_of)


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
        "target_year": target_year if a.rule in {"target", "growth rate"} else None,
        "required_rate": a.required_rate,
        "ratio": a.ratio,
        "projected_value": a.projected_value,
        "distance_covered": a.distance_covered,
        "tolerance": a.tolerance,
        "drift": a.drift,
        "limit_value": a.limit,
        "years_met": a.years_met,
        "years_assessed": a.years_assessed,
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
    theme_tolerances: dict[str, dict],
    as_of_year: int | None = None,
) -> pd.DataFrame:
    """Every themed goal x indicator x country; unmeasured goals get one row saying so."""
    idx = series_index(observations)
    baseline = baseline_years(documents)
    units = dict(zip(indicators["indicator_code"], indicators["unit"].fillna(""), strict=True))
    names = dict(zip(indicators["indicator_code"], indicators["name"].fillna(""), strict=True))
    limits = dict(zip(indicators["indicator_code"], indicators["value_max"], strict=True))
    updated = _source_updated(observations)
    rows = []
    themed = goals[(goals["kind"] == "goal") & goals["theme"].notna()]
    links_by_goal = links_by_record(links)
    for g in themed.itertuples(index=False):
        by = baseline.get(g.document_id)
        base = {
            "goal_id": g.goal_id,
            "document_id": g.document_id,
            "country_iso3": g.country_iso3,
            "target_value": _none(g.target_value),
            "target_year": _none(g.target_year),
            "method": METHOD,
            "stale": False,
        }
        glinks = links_by_goal.get(g.goal_id)
        if glinks is None or glinks.empty:
            rows.append(
                base
                | {
                    "indicator_code": None,
                    "is_primary": None,
                    "expected_direction": g.direction,
                    "status": "unmeasured",
                    "reason": g.note or "no public indicator measures this goal",
                }
            )
            continue
        for link in glinks.itertuples(index=False):
            code = link.indicator_code
            unit = units.get(code, "")
            result = assess_goal(
                series=idx.get((g.country_iso3, code)),
                expected=link.expected_direction,
                baseline_year=by,
                unit=unit,
                theme_tolerance=theme_tolerances.get(g.theme),
                target_value=_none(g.target_value),
                target_unit=g.target_unit,
                target_year=_none(g.target_year),
                target_type=_none(getattr(g, "target_type", None)),
                comparator=_none(g.comparator),
                limit=_none(limits.get(code)),
                rate_series=is_rate_series(unit, names.get(code, "")),
                as_of_year=as_of_year,
            )
            rows.append(
                base
                | {
                    "indicator_code": code,
                    "is_primary": bool(link.is_primary),
                    "expected_direction": link.expected_direction,
                    "source_updated": updated.get((g.country_iso3, code)),
                }
                | result
            )
    return _frame(rows, GOAL_PROGRESS_COLUMNS)


def _source_updated(observations: pd.DataFrame) -> dict[tuple[str, str], str]:
    """(country, indicator) -> the source's last-updated date of the values used."""
    if "source_updated" not in observations:
        return {}
    obs = observations.dropna(subset=["source_updated"])
    grouped = obs.groupby(["country_iso3", "indicator_code"], sort=False)["source_updated"].max()
    return {k: str(v) for k, v in grouped.items()}


def _none(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    return v


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for col in ("baseline_year", "latest_year", "target_year", "evaluation_year", "observed_year"):
        if col in df:
            df[col] = df[col].astype("Int64")
    for col in (
        "run_years",
        "run_start_year",
        "run_end_year",
        "rank",
        "economies_ranked",
        "years_met",
        "years_assessed",
        "data_latest_year",
    ):
        if col in df:
            df[col] = df[col].astype("Int64")
    for col in (
        "baseline_value",
        "latest_value",
        "change",
        "annual_rate",
        "target_value",
        "required_rate",
        "tolerance",
        "ratio",
        "projected_value",
        "distance_covered",
        "drift",
        "limit_value",
        "observed_value",
        "claimed_value",
    ):
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    if "is_primary" in df:
        df["is_primary"] = df["is_primary"].astype("boolean")
    if "stale" in df:
        df["stale"] = df["stale"].fillna(False).astype(bool)
    return df


# ---------------------------------------------------------------------------------------------
# Claims


def ranks_by_year(observations: pd.DataFrame, code: str, economies: set[str]) -> pd.DataFrame:
    """Rank of every economy (aggregates excluded) by value, per year: 1 is the largest."""
    obs = observations[
        (observations["indicator_code"] == code) & observations["country_iso3"].isin(economies)
    ].dropna(subset=["value"])
    return obs.assign(
        rank=obs.groupby("year")["value"].rank(ascending=False, method="min").astype(int),
        economies_ranked=obs.groupby("year")["value"].transform("size"),
    )


def check_threshold(
    series: Series | None,
    claimed: float,
    comparator: str | None,
    year: int,
    low: float | None = None,
):
    if series is None:
        return "unverifiable", None, "no observations for this indicator"
    point = series.at_or_before(year)
    if point is None:
        return "unverifiable", None, f"no value in or before {year}"
    oy, ov = point
    comp = _none(comparator) or "~"
    if comp == "between" and _none(low) is not None:
        holds = low <= ov <= claimed
    elif comp in OPS:
        holds = OPS[comp](ov, claimed)
    else:  # "~" and anything unknown: within 5%
        holds = abs(ov - claimed) <= APPROX * abs(claimed)
    verdict = "supported" if holds else "contradicted"
    when = f"{oy}" + ("" if oy == year else f" (latest at or before {year})")
    text = f"value {method.fmt(ov)} in {when}; the claim says {comp} {method.fmt(claimed)}"
    return verdict, point, text


PERIOD = re.compile(
    r"\b(?:past|last)\s+(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+years\b|"
    r"\bsince\s+(?P<since>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
WORD_YEARS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
              "nine": 9, "ten": 10}  # fmt: skip


def change_start_year(text: str, year: int) -> int | None:
    """The year a "from X to Y" claim starts: "over the past five years" -> year - 5, "since
    2012" -> 2012; None when the text does not say."""
    m = PERIOD.search(text)
    if m is None:
        return None
    if m.group("since"):
        return int(m.group("since"))
    n = m.group("n").lower()
    return year - int(WORD_YEARS.get(n, n))


def check_change(
    series: Series | None,
    start: float,
    end: float,
    comparator: str | None,
    year: int,
    start_year: int | None,
) -> tuple[str, str, tuple[int, float] | None]:
    """ "rose from X to Y": Y at the evaluation year (as a threshold), the direction X -> Y, and,
    when the text names the start ("over the past five years"), X at the start year (within
    5%)."""
    verdict, point, evidence = check_threshold(series, end, comparator, year)
    if point is None:
        return verdict, evidence, None
    parts, holds = [f"end: {evidence}"], verdict == "supported"
    if start_year is None:
        parts.append(f"start {method.fmt(start)} not checked: the text names no start year")
    else:
        first = series.at_or_before(start_year)
        if first is None:
            parts.append(f"start: no value in or before {start_year}")
        else:
            ok = abs(first[1] - start) <= APPROX * abs(start)
            rose = (point[1] - first[1]) * (end - start) > 0
            holds = holds and ok and rose
            parts.append(
                f"start: value {method.fmt(first[1])} in {first[0]}; "
                f"the claim says {method.fmt(start)} "
                f"({'within' if ok else 'not within'} 5%), moving the way the claim says: "
                f"{'yes' if rose else 'no'}"
            )
    return ("supported" if holds else "contradicted"), "; ".join(parts), point


def check_rank(
    ranks: pd.DataFrame,
    country: str,
    claimed_rank: int,
    year: int,
    run_years: int | None,
    run_comparator: str | None,
    within: bool = False,
) -> dict:
    """Rank ``claimed_rank`` (or, ``within``, any rank up to it: "in the top 25") at ``year``,
    and for a run, in each of ``run_years`` consecutive years ending there."""
    mine = ranks[(ranks["country_iso3"] == country) & (ranks["year"] <= year)].sort_values("year")
    if mine.empty:
        return {
            "verdict": "unverifiable",
            "evidence": f"{country} has no value in or before {year}",
        }
    last = mine.iloc[-1]
    run_end = int(last["year"])
    run = 0
    expect = run_end
    for r in mine.iloc[::-1].itertuples(index=False):
        if int(r.year) != expect or not _rank_holds(int(r.rank), claimed_rank, within):
            break
        run += 1
        expect -= 1
    out = {
        "observed_year": run_end,
        "observed_value": float(last["value"]),
        "rank": int(last["rank"]),
        "economies_ranked": int(last["economies_ranked"]),
        "run_years": run,
        "run_start_year": run_end - run + 1 if run else None,
        "run_end_year": run_end if run else None,
    }
    at = f"rank {int(last['rank'])} of {int(last['economies_ranked'])} economies in {run_end}"
    if run_years is None:
        ok = _rank_holds(int(last["rank"]), claimed_rank, within)
        return out | {
            "verdict": "supported" if ok else "contradicted",
            "evidence": f"{at}; the claim says rank {claimed_rank}",
        }
    comp = run_comparator or ">="
    ok = OPS.get(comp, operator.ge)(run, run_years)
    span = f"{run_end - run + 1}-{run_end}" if run else "none"
    before = mine[mine["year"] == run_end - run]
    broke = (
        f"; in {run_end - run} it ranked {int(before['rank'].iloc[0])}" if not before.empty else ""
    )
    return out | {
        "verdict": "supported" if ok else "contradicted",
        "evidence": (
            f"{at}; rank {claimed_rank} for {run} consecutive years ({span}){broke}; "
            f"the claim says {comp} {run_years} years"
        ),
    }


def _rank_holds(rank: int, claimed: int, within: bool) -> bool:
    return rank <= claimed if within else rank == claimed


def claim_checks(
    goals: pd.DataFrame,
    links: pd.DataFrame,
    observations: pd.DataFrame,
    documents: pd.DataFrame,
    countries: pd.DataFrame,
) -> pd.DataFrame:
    idx = series_index(observations)
    baseline = baseline_years(documents)
    economies = set(countries.loc[~countries["is_aggregate"].astype(bool), "country_iso3"])
    rank_cache: dict[str, pd.DataFrame] = {}
    links_by_goal = links_by_record(links)
    rows = []
    for c in goals[goals["kind"] == "claim"].itertuples(index=False):
        year = baseline.get(c.document_id)
        base = {
            "goal_id": c.goal_id,
            "document_id": c.document_id,
            "country_iso3": c.country_iso3,
            "check_type": c.direction,
            "evaluation_year": year,
            "claimed_value": _none(c.target_value),
            "comparator": c.comparator,
        }
        glinks = links_by_goal.get(c.goal_id)
        if glinks is None or glinks.empty:
            rows.append(
                base
                | {
                    "indicator_code": None,
                    "is_primary": None,
                    "verdict": "unverifiable",
                    "evidence": c.note or "no public indicator measures this claim",
                }
            )
            continue
        for link in glinks.itertuples(index=False):
            code = link.indicator_code
            row = base | {"indicator_code": code, "is_primary": bool(link.is_primary)}
            if year is None:
                rows.append(
                    row | {"verdict": "unverifiable", "evidence": "no publication date to check at"}
                )
                continue
            if c.direction == "threshold" and _none(c.target_value) is None:
                rows.append(
                    row
                    | {"verdict": "unverifiable", "evidence": c.note or "the claim has no number"}
                )
                continue
            if c.direction == "rank" and _none(c.claim_rank) is None:
                rows.append(
                    row
                    | {"verdict": "unverifiable", "evidence": c.note or "the rank has no number"}
                )
                continue
            if c.direction == "rank":
                if code not in rank_cache:
                    rank_cache[code] = ranks_by_year(observations, code, economies)
                row |= check_rank(
                    rank_cache[code],
                    c.country_iso3,
                    int(c.claim_rank),
                    year,
                    _none(c.claim_run_years),
                    c.claim_run_comparator,
                    within=_none(c.comparator) == "<=",
                )
            elif _none(c.target_value_low) is not None and _none(c.comparator) != "between":
                verdict, evidence, point = check_change(
                    idx.get((c.country_iso3, code)),
                    float(c.target_value_low),
                    float(c.target_value),
                    c.comparator,
                    year,
                    change_start_year(f"{c.section or ''} {c.text}", year),
                )
                row |= {"check_type": "change", "verdict": verdict, "evidence": evidence}
                if point:
                    row |= {"observed_year": point[0], "observed_value": point[1]}
            else:
                verdict, point, evidence = check_threshold(
                    idx.get((c.country_iso3, code)),
                    float(c.target_value),
                    c.comparator,
                    year,
                    _none(getattr(c, "target_value_low", None)),
                )
                row |= {"verdict": verdict, "evidence": evidence}
                if point:
                    row |= {"observed_year": point[0], "observed_value": point[1]}
            rows.append(row)
    return _frame(rows, CLAIM_CHECK_COLUMNS)
