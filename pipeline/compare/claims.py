"""Claims against the statistics: one row per claim x indicator in ``claim_checks``.

Claims are checked at the baseline year (or the latest year before it): thresholds against the
claimed bound, changes "from X to Y" at both ends, ranks among economies (aggregates excluded)
including runs of consecutive years, each with its evidence.
"""

from __future__ import annotations

import operator

import pandas as pd

from pipeline.compare import judge, method
from pipeline.compare.goals import by_hand
from pipeline.compare.semantics import FLIPPED, Reading, is_rate_series
from pipeline.compare.series import (
    Series,
    baseline_years,
    links_by_record,
    none,
    ranks_by_year,
    series_index,
)
from pipeline.formatting import number
from pipeline.warehouse.registry import VERDICTS, table

APPROX = method.APPROX
OPS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


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
    comp = none(comparator) or "~"
    if comp == "between" and none(low) is not None:
        holds = low <= ov <= claimed
    elif comp in OPS:
        holds = OPS[comp](ov, claimed)
    else:  # "~" and anything unknown: within 5%
        holds = abs(ov - claimed) <= APPROX * abs(claimed)
    verdict = "supported" if holds else "contradicted"
    when = f"{oy}" + ("" if oy == year else f" (latest at or before {year})")
    text = f"value {number(ov)} in {when}; the claim says {comp} {number(claimed)}"
    return verdict, point, text


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
        parts.append(f"start {number(start)} not checked: the text names no start year")
    else:
        first = series.at_or_before(start_year)
        if first is None:
            parts.append(f"start: no value in or before {start_year}")
        else:
            ok = abs(first[1] - start) <= APPROX * abs(start)
            rose = (point[1] - first[1]) * (end - start) > 0
            holds = holds and ok and rose
            parts.append(
                f"start: value {number(first[1])} in {first[0]}; "
                f"the claim says {number(start)} "
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
    reading: Reading | None = None,
    indicators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every claim x linked indicator; a claim no indicator checks gets one row saying so.

    A verdict needs certainty both ways: a claim is held against a series only when its
    quantity's unit and concept fit the series' and the series measures the claim's own
    definition (not a proxy, ``conventions.yaml``). Otherwise it is unverifiable, with why and
    with the series' value beside it."""
    checker = _Checker(observations, countries)
    facts = {} if indicators is None else _facts(indicators)
    baseline = baseline_years(documents)
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
            "claimed_value": none(c.target_value),
            "comparator": c.comparator,
        }
        glinks = links_by_goal.get(c.goal_id)
        if glinks is None or glinks.empty:
            evidence = c.note or "no public indicator measures this claim"
            rows.append(base | {"verdict": "unverifiable", "evidence": evidence})
            continue
        for link in glinks.itertuples(index=False):
            code = link.indicator_code
            row = base | {"indicator_code": code, "is_primary": link.is_primary}
            sign = reading.signs.get((c.theme, code), 1) if reading else 1
            row |= checker.check(c, code, year, sign)
            why = _uncertain(c, facts.get(code), reading)
            if why and row["verdict"] != "unverifiable":
                row |= {"verdict": "unverifiable", "evidence": f"{why}; {row['evidence']}"}
            rows.append(by_hand(c, row, "verdict") if _is_verdict(c) else row)
    return table("claim_checks").frame(rows)


def _is_verdict(c) -> bool:
    return none(getattr(c, "review_status", None)) in VERDICTS


def _facts(indicators: pd.DataFrame) -> dict[str, judge.Indicator]:
    return {
        code: judge.Indicator(code, unit, name, is_rate_series(unit, name))
        for code, unit, name in zip(
            indicators["indicator_code"],
            indicators["unit"].fillna(""),
            indicators["name"].fillna(""),
            strict=True,
        )
    }


def _uncertain(c, ind: judge.Indicator | None, reading: Reading | None) -> str | None:
    """Why the series cannot settle the claim either way, or None."""
    if ind is None or reading is None or c.direction == "rank":
        return None
    proxy = reading.conventions.proxy(ind.code, c.text)
    if proxy is not None:
        return f"not the claim's definition: {proxy.differs}"
    unit = none(c.target_unit)
    plain_rate = ind.rate_series and (unit or "").lower() in {"%", "percent"}
    claim = judge.Target(
        none(c.target_value), unit, "annual_rate" if plain_rate else "level", none(c.comparator)
    )
    return judge.unfit(claim, ind, None)


class _Checker:
    """Checks one claim against one indicator; ranks are computed once per indicator."""

    def __init__(self, observations: pd.DataFrame, countries: pd.DataFrame):
        self.observations = observations
        self.idx = series_index(observations)
        self.economies = set(countries.loc[~countries["is_aggregate"].astype(bool), "country_iso3"])
        self._ranks: dict[str, pd.DataFrame] = {}

    def check(self, c, code: str, year: int | None, sign: int = 1) -> dict:
        if year is None:
            return {"verdict": "unverifiable", "evidence": "no publication date to check at"}
        if c.direction == "threshold" and none(c.target_value) is None:
            return {"verdict": "unverifiable", "evidence": c.note or "the claim has no number"}
        if c.direction == "rank" and none(c.claim_rank) is None:
            return {"verdict": "unverifiable", "evidence": c.note or "the rank has no number"}
        series = self.idx.get((c.country_iso3, code))
        if c.direction == "rank":
            if code not in self._ranks:
                self._ranks[code] = ranks_by_year(self.observations, code, self.economies)
            return check_rank(
                self._ranks[code],
                c.country_iso3,
                int(c.claim_rank),
                year,
                none(c.claim_run_years),
                c.claim_run_comparator,
                within=none(c.comparator) == "<=",
            )
        low, value, comparator = none(c.target_value_low), float(c.target_value), c.comparator
        if sign < 0:  # "a deficit of 6.4% of GDP" on net lending: -6.4, bounds turned round
            value, low = -value, None if low is None else -low
            comparator = FLIPPED.get(none(comparator), comparator)
        if low is not None and none(comparator) != "between":
            verdict, evidence, point = check_change(
                series, float(low), value, comparator, year, none(c.claim_start_year)
            )
            out = {"check_type": "change", "verdict": verdict, "evidence": evidence}
        else:
            verdict, point, evidence = check_threshold(series, value, comparator, year, low)
            out = {"verdict": verdict, "evidence": evidence}
        if point:
            out |= {"observed_year": point[0], "observed_value": point[1]}
        return out
