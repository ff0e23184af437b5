"""The shared inputs of every comparison: each series by country and indicator, ranks among
economies, the documents' base years, each record's links. Pure functions over frames."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd


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
    return {doc: None if missing(year) else int(year) for doc, year in years}


def links_by_record(links: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """goal_id -> the goal_indicators rows of that goal or claim."""
    return {g: grp for g, grp in links.groupby("goal_id", sort=False)}


def series_index(observations: pd.DataFrame) -> dict[tuple[str, str], Series]:
    """(country, indicator) -> its yearly values, sorted; built once per run."""
    obs = observations.dropna(subset=["value"])
    obs = obs.sort_values(["country_iso3", "indicator_code", "year"], kind="stable")
    countries = obs["country_iso3"].to_numpy(dtype=object)
    codes = obs["indicator_code"].to_numpy(dtype=object)
    years = obs["year"].astype(int).to_numpy()
    values = obs["value"].astype(float).to_numpy()
    # one slice per (country, indicator): where either changes, a series starts
    change = np.flatnonzero((countries[1:] != countries[:-1]) | (codes[1:] != codes[:-1])) + 1
    starts, ends = np.r_[0, change], np.r_[change, len(obs)]
    return {
        (countries[a], codes[a]): Series(years[a:b].tolist(), values[a:b].tolist())
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
        if b > a
    }


def ranks_by_year(observations: pd.DataFrame, code: str, economies: set[str]) -> pd.DataFrame:
    """Rank of every economy (aggregates excluded) by value, per year: 1 is the largest."""
    obs = observations[
        (observations["indicator_code"] == code) & observations["country_iso3"].isin(economies)
    ].dropna(subset=["value"])
    return obs.assign(
        rank=obs.groupby("year")["value"].rank(ascending=False, method="min").astype(int),
        economies_ranked=obs.groupby("year")["value"].transform("size"),
    )


def missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def none(v):
    """A frame's cell as Python: None for any kind of missing value."""
    return None if missing(v) else v
