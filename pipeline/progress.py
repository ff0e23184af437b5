"""Hold goals and claims against the statistics: pure functions over pandas frames.

Goals (one row per goal x indicator x country in ``goal_progress``):

- the **baseline** is the value in the year before publication, or the latest before it;
- the **latest** is the newest value; with no value after the baseline the status is
  ``no new data`` (progress since publication cannot be seen yet);
- ``annual_rate`` is the compound annual rate between them, in percent a year;
- the **status** follows the direction expected of the indicator:
  increase / decrease: ``on track`` when it moves the expected way by more than
  ``STALL_PCT`` percent a year, ``stalled`` within that, ``off track`` the other way;
  maintain: ``on track`` while the drift from the baseline stays inside the tolerance band
  (the theme's, else 1 unit for percentages and 5% of the baseline otherwise), else
  ``off track``; a numeric target with a deadline: ``on track`` when the observed rate is at
  least the rate the target needs (or the target is met), else ``off track``.

Claims (one row per claim x indicator in ``claim_checks``) are checked at the baseline year
(or the latest year before it): thresholds against the claimed bound, ranks among economies
(aggregates excluded) including runs of consecutive years, each with its evidence.
"""

from __future__ import annotations

import math
import operator
from dataclasses import dataclass

import pandas as pd

STALL_PCT = 0.5  # percent a year: slower than this is not movement
DEFAULT_RELATIVE_TOLERANCE = 0.05
DEFAULT_PCT_TOLERANCE = 1.0
APPROX = 0.05  # "around 20%" holds within 5% of 20

METHOD = "baseline-to-latest compound annual rate (docs/method.md)"

GOAL_PROGRESS_COLUMNS = [
    "goal_id",
    "document_id",
    "indicator_code",
    "is_primary",
    "country_iso3",
    "expected_direction",
    "baseline_year",
    "baseline_value",
    "latest_year",
    "latest_value",
    "change",
    "annual_rate",
    "target_value",
    "target_year",
    "required_rate",
    "tolerance",
    "status",
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


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    a = abs(v)
    if a >= 1e12:
        s = f"{v / 1e12:.2f} trillion"
    elif a >= 1e9:
        s = f"{v / 1e9:.2f} billion"
    elif a >= 1e6:
        s = f"{v / 1e6:.2f} million"
    elif a >= 100:
        s = f"{v:,.0f}"
    else:
        s = f"{v:.2f}"
    return f"{s} {unit}".strip()


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
    return not ind_pct and target_unit not in {"yuan", "years"}


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
) -> dict:
    """One goal x indicator x country: the numbers and a status with its reason."""
    out: dict = {
        "baseline_year": None,
        "baseline_value": None,
        "latest_year": None,
        "latest_value": None,
        "change": None,
        "annual_rate": None,
        "required_rate": None,
        "tolerance": None,
    }
    if series is None or not series.years:
        return out | {"status": "no data", "reason": "no observations for this indicator"}
    latest = series.latest()
    if baseline_year is None:
        baseline_year = latest[0] - 5
        why_base = "no publication date: baseline is five years before the latest value"
    else:
        why_base = f"baseline is {baseline_year}, the year before publication, or the latest before"
    base = series.at_or_before(baseline_year)
    if base is None:
        return out | {
            "latest_year": latest[0],
            "latest_value": latest[1],
            "status": "no data",
            "reason": f"no value in or before {baseline_year} to start from",
        }
    by, bv = base
    ly, lv = latest
    out |= {"baseline_year": by, "baseline_value": bv, "latest_year": ly, "latest_value": lv}
    if ly <= by:
        return out | {
            "status": "no new data",
            "reason": f"latest value is for {ly}; nothing after the baseline yet ({why_base})",
        }
    change = lv - bv
    rate = compound_rate(bv, lv, ly - by)
    out |= {"change": change, "annual_rate": rate}
    moved = f"{_fmt(bv)} in {by} to {_fmt(lv)} in {ly}"

    if (
        target_value is not None
        and target_year is not None
        and target_fits(target_unit, unit)
        and expected in {"increase", "decrease", "achieve"}
    ):
        want_up = target_value >= bv if expected == "achieve" else expected == "increase"
        met = lv >= target_value if want_up else lv <= target_value
        deadline = max(target_year, ly + 1)
        required = compound_rate(lv, target_value, deadline - ly)
        out["required_rate"] = required
        if met:
            return out | {
                "status": "on track",
                "reason": f"target {_fmt(target_value)} met: {moved}",
            }
        if rate is None or required is None:
            ok = (change > 0) == want_up
        else:
            ok = rate >= required if want_up else rate <= required
        return out | {
            "status": "on track" if ok else "off track",
            "reason": (
                f"{moved}: {_fmt(rate)}% a year against {_fmt(required)}% a year needed "
                f"to reach {_fmt(target_value)} by {target_year}"
            ),
        }

    if expected == "maintain":
        tol = tolerance_for(theme_tolerance, unit, bv)
        out["tolerance"] = tol
        inside = abs(change) <= tol
        in_unit = "percentage points" if "%" in unit else unit
        return out | {
            "status": "on track" if inside else "off track",
            "reason": (
                f"{moved}: drift {change:+.2f} {in_unit}, {'inside' if inside else 'outside'} "
                f"the stability band of ±{tol:.2f} {in_unit}"
            ),
        }

    sign = -1.0 if expected == "decrease" else 1.0
    if rate is None:  # across zero: judge by the change alone
        moving = sign * change
        status = "on track" if moving > 0 else ("stalled" if moving == 0 else "off track")
        return out | {"status": status, "reason": f"{moved} (change {change:+.3g})"}
    moving = sign * rate
    if moving > STALL_PCT:
        status = "on track"
    elif moving >= -STALL_PCT:
        status = "stalled"
    else:
        status = "off track"
    return out | {
        "status": status,
        "reason": f"{moved}: {rate:+.2f}% a year; the goal wants it to {expected}",
    }


def goal_progress(
    goals: pd.DataFrame,
    links: pd.DataFrame,
    observations: pd.DataFrame,
    documents: pd.DataFrame,
    indicators: pd.DataFrame,
    theme_tolerances: dict[str, dict],
) -> pd.DataFrame:
    """Every themed goal x indicator x country; unmeasured goals get one row saying so."""
    idx = series_index(observations)
    baseline = baseline_years(documents)
    units = dict(zip(indicators["indicator_code"], indicators["unit"], strict=True))
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
            unit = units.get(link.indicator_code, "")
            result = assess_goal(
                series=idx.get((g.country_iso3, link.indicator_code)),
                expected=link.expected_direction,
                baseline_year=by,
                unit=unit,
                theme_tolerance=theme_tolerances.get(g.theme),
                target_value=_none(g.target_value),
                target_unit=g.target_unit,
                target_year=_none(g.target_year),
            )
            rows.append(
                base
                | {
                    "indicator_code": link.indicator_code,
                    "is_primary": bool(link.is_primary),
                    "expected_direction": link.expected_direction,
                }
                | result
            )
    return _frame(rows, GOAL_PROGRESS_COLUMNS)


def _none(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    return v


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for col in ("baseline_year", "latest_year", "target_year", "evaluation_year", "observed_year"):
        if col in df:
            df[col] = df[col].astype("Int64")
    for col in ("run_years", "run_start_year", "run_end_year", "rank", "economies_ranked"):
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
        "observed_value",
        "claimed_value",
    ):
        if col in df:
            df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    if "is_primary" in df:
        df["is_primary"] = df["is_primary"].astype("boolean")
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
    text = f"value {_fmt(ov)} in {when}; the claim says {comp} {_fmt(claimed)}"
    return verdict, point, text


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
