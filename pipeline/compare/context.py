"""Each goal in context: the same indicator for the world, the goal country's income group and a
set of peer economies, and the goal country's rank among economies. Pure functions over pandas
frames; the ``goal_context`` asset reads and writes.

One row per goal (``kind == 'goal'``) x linked indicator x comparator economy, in this order
(``economy_order``):

0. the goal country itself (role ``goal country``);
1. the world, ``WLD`` (role ``world``);
2. the goal country's income-group aggregate (role ``income group``), by the WDI codes in
   ``INCOME_GROUP_AGGREGATES``;
3. each peer (role ``peer``) in the order given (``POLICY_TRACKER_PEERS``). An economy already
   on an earlier row is not repeated: a peer equal to the goal country (USA for a US plan) or
   to the world is skipped.

Years: ``year`` is the goal country's latest year with a value for the indicator, the same on
every row of that goal and indicator. Each comparator is read in that year, or, when it has no
value then, in its latest year at or before it; ``value_year`` says which year was used and
``note`` says so in words. A value after ``year`` is never used: it would set one economy's
newer figure beside the goal country's older one.

Rank: the goal country's rank in ``year`` among economies (countries with ``is_aggregate``
false that have a value that year, ``economies_ranked`` of them), **1 = the highest value**,
ties sharing the best rank, as in ``claim_checks``. It is put on every row of that goal and
indicator. For an indicator the goal wants lower (``expected_direction == 'decrease'``) a rank
near 1 is the wrong end; ``rank_note`` says so.

Quirks we know about:

- No value at all for the goal country: every row of that goal and indicator has no ``year``,
  ``value``, ``goal_country_value`` or ``rank`` (nothing to compare in), and ``note`` says why.
- No income group (a country missing from the country list, ``Not classified`` such as VEN, an
  aggregate): the income-group row is kept with no economy, and ``note`` says why.
- Many bulk WDI series carry no aggregates (no WLD, no UMC): those rows have no value and a note.
- Shares of GDP and other ratios rank fine; totals (``NY.GDP.MKTP.CD``) rank by size, so a large
  economy ranks high whatever the goal says.
"""

from __future__ import annotations

import pandas as pd

from pipeline.compare.series import Series, ranks_by_year, series_index
from pipeline.warehouse.registry import table

WORLD = "WLD"
# WDI names of income groups (countries.income_group) -> the code of their aggregate.
INCOME_GROUP_AGGREGATES = {
    "High income": "HIC",
    "Upper middle income": "UMC",
    "Lower middle income": "LMC",
    "Low income": "LIC",
}
RANK_NOTE = "1 = highest value"
RANK_NOTE_DECREASE = "1 = highest value; the goal wants it lower, so a rank near 1 is bad"


def comparators(
    country: str,
    income_group: str | None,
    peers: tuple[str, ...] | list[str],
) -> list[tuple[str, str | None, str | None]]:
    """(role, economy code, note) for one goal country, in row order; the income-group row has
    no code and a note when the country has no income group with a WDI aggregate."""
    group_code = INCOME_GROUP_AGGREGATES.get(income_group) if income_group else None
    if group_code:
        why = None
    elif not income_group:
        why = f"{country} has no income group in the country list"
    else:
        why = f"{country}'s income group ({income_group}) has no WDI aggregate"
    rows = [
        ("goal country", country, None),
        ("world", WORLD, None),
        ("income group", group_code, why),
    ]
    rows += [("peer", code, None) for code in peers]
    seen: set[str] = set()
    out = []
    for role, code, note in rows:
        if code is not None and code in seen:
            continue
        if code is not None:
            seen.add(code)
        out.append((role, code, note))
    return out


def goal_context(
    goals: pd.DataFrame,
    links: pd.DataFrame,
    observations: pd.DataFrame,
    countries: pd.DataFrame,
    peers: tuple[str, ...] | list[str],
) -> pd.DataFrame:
    """One row per goal x linked indicator x comparator economy (see the module docstring).

    ``goals``: goal_id, document_id, kind, country_iso3; ``links``: goal_id, indicator_code,
    is_primary, expected_direction; ``observations``: country_iso3, indicator_code, year, value;
    ``countries``: country_iso3, name, income_group, is_aggregate.
    """
    measured = goals.loc[goals["kind"] == "goal", ["goal_id", "document_id", "country_iso3"]]
    link_cols = ["goal_id", "indicator_code", "is_primary", "expected_direction"]
    order = ["position"] if "position" in links else []
    pairs = measured.merge(
        links.sort_values(["goal_id", *order, "indicator_code"])[link_cols],
        on="goal_id",
        how="inner",
        sort=False,
    )
    idx = series_index(observations)
    names = dict(zip(countries["country_iso3"], countries["name"], strict=True))
    groups = dict(zip(countries["country_iso3"], countries["income_group"], strict=True))
    economies = set(countries.loc[~countries["is_aggregate"].astype(bool), "country_iso3"])
    group_names = {code: name for name, code in INCOME_GROUP_AGGREGATES.items()}
    rank_cache: dict[str, pd.DataFrame] = {}

    rows = []
    for p in pairs.itertuples(index=False):
        code, country = p.indicator_code, p.country_iso3
        series = idx.get((country, code))
        year, own_value = series.latest() if series else (None, None)
        rank = n_ranked = None
        if year is not None:
            if code not in rank_cache:
                rank_cache[code] = ranks_by_year(observations, code, economies)
            rank, n_ranked = _rank_of(rank_cache[code], country, year)
        direction = None if pd.isna(p.expected_direction) else p.expected_direction
        group = groups.get(country)
        group = None if pd.isna(group) else group
        base = {
            "goal_id": p.goal_id,
            "document_id": p.document_id,
            "indicator_code": code,
            "is_primary": bool(p.is_primary),
            "expected_direction": direction,
            "country_iso3": country,
            "year": year,
            "goal_country_value": own_value,
            "rank": rank,
            "economies_ranked": n_ranked,
            "rank_note": RANK_NOTE_DECREASE if direction == "decrease" else RANK_NOTE,
        }
        for order_no, (role, economy, why) in enumerate(comparators(country, group, peers)):
            name = names.get(economy, group_names.get(economy)) if economy else None
            value_year, value, note = _compare(idx.get((economy, code)), year, economy, country)
            rows.append(
                base
                | {
                    "economy_order": order_no,
                    "role": role,
                    "economy_iso3": economy,
                    "economy_name": name,
                    "value_year": value_year,
                    "value": value,
                    "note": why or note,
                }
            )
    return table("goal_context").frame(rows)


def _compare(
    series: Series | None, year: int | None, economy: str | None, country: str
) -> tuple[int | None, float | None, str | None]:
    """(year used, value, note) for one comparator against the goal country's year."""
    if year is None:
        return None, None, f"no value for {country}: nothing to compare"
    if economy is None:
        return None, None, None
    hit = series.at_or_before(year) if series else None
    if hit is None:
        return None, None, f"no value for {economy} in or before {year}"
    used, value = hit
    note = None if used == year else f"no {year} value for {economy}: its latest before is {used}"
    return used, value, note


def _rank_of(ranks: pd.DataFrame, country: str, year: int) -> tuple[int | None, int | None]:
    """The country's rank in ``year`` among economies (``ranks_by_year``'s row), and how
    many were ranked; (None, None) when it has no value that year."""
    hit = ranks[(ranks["country_iso3"] == country) & (ranks["year"] == year)]
    if hit.empty:
        return None, None
    return int(hit["rank"].iloc[0]), int(hit["economies_ranked"].iloc[0])
