"""Gather a source's indicators for the ``observations`` table, failures named, not swallowed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from pipeline.sources.base import Fetched
from pipeline.warehouse.registry import table


class Source(Protocol):
    name: str
    complete: bool  # whether a run replaces the whole table (else only the indicators loaded)

    def wanted(self, codes: set[str]) -> list[str]: ...
    def observations(self, codes: list[str]): ...  # yields Fetched
    def countries(self) -> pd.DataFrame: ...


@dataclass
class Loaded:
    rows: pd.DataFrame
    complete: bool
    loaded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # indicator -> the error, in words
    missing: list[str] = field(default_factory=list)  # asked for, not held by the source
    requests: int = 0

    def errors_md(self) -> str:
        lines = [f"- **{code}** failed: {why}" for code, why in self.failed.items()]
        lines += [f"- {code}: not in the snapshot" for code in self.missing]
        return "\n".join(lines)


def load(source: Source, codes: set[str]) -> Loaded:
    """Every indicator the source should load for ``codes`` (the catalogue's and those goals
    link to): the rows of those it could, and the others with why."""
    frames: list[pd.DataFrame] = []
    out = Loaded(table("observations").frame([]), source.complete)
    for fetched in source.observations(source.wanted(codes)):
        _take(out, fetched, frames)
    if frames:
        out.rows = pd.concat(frames, ignore_index=True)
    out.loaded = sorted(out.rows["indicator_code"].unique())
    return out


def _take(out: Loaded, fetched: Fetched, frames: list[pd.DataFrame]) -> None:
    if fetched.error is None:
        frames.append(fetched.rows)
        out.requests += fetched.requests
    elif isinstance(fetched.error, LookupError):
        out.missing.append(fetched.indicator_code)
    else:
        out.failed[fetched.indicator_code] = str(fetched.error)


def per_indicator(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows, economies and years per indicator loaded: what the asset's metadata shows."""
    return (
        rows.groupby("indicator_code")
        .agg(
            rows=("value", "size"),
            economies=("country_iso3", "nunique"),
            first_year=("year", "min"),
            last_year=("year", "max"),
        )
        .reset_index()
    )
