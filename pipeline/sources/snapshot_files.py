"""The one writer of the snapshot's curated files: ``observations.parquet``, ``indicators.csv``
and ``countries.csv`` in ``data/snapshot/``.

Both ways of making a snapshot use it: ``scripts/build_snapshot.py`` (from the shared real-data
folder) and ``policy-tracker refresh-snapshot`` (from the live API). Each file is written beside
the old one and renamed over it, so an interrupted write leaves the previous snapshot whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

KEY = ["indicator_code", "country_iso3", "year"]
VALUE_COLUMNS = ["country_iso3", "indicator_code", "year", "value"]
COVERAGE = ["rows", "economies", "first_year", "last_year"]


def curated(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The observations of ``frames`` as the snapshot keeps them: typed, sorted, one row per
    indicator, country and year (a repeat raises ValueError)."""
    obs = pd.concat([f[VALUE_COLUMNS] for f in frames], ignore_index=True)
    obs = obs.astype({"year": "int16", "value": "float64"})
    obs = obs.sort_values(KEY, ignore_index=True)
    repeated = obs.duplicated(KEY)
    if repeated.any():
        raise ValueError(
            f"observations repeat an indicator, country and year:\n{obs[repeated].head()}"
        )
    return obs


def coverage(obs: pd.DataFrame) -> pd.DataFrame:
    """Per indicator: rows, economies, first and last year."""
    return obs.groupby("indicator_code").agg(
        rows=("value", "size"),
        economies=("country_iso3", "nunique"),
        first_year=("year", "min"),
        last_year=("year", "max"),
    )


def with_coverage(meta: pd.DataFrame, obs: pd.DataFrame) -> pd.DataFrame:
    """``meta`` (one row per indicator) with its coverage columns from ``obs``."""
    order = list(meta.columns) + [c for c in COVERAGE if c not in meta]
    out = meta.drop(columns=[c for c in COVERAGE if c in meta]).set_index("indicator_code")
    out = out.join(coverage(obs)).reset_index()
    for col in COVERAGE:
        out[col] = out[col].astype("int64")
    return out[order]


def write_curated(
    folder: Path, obs: pd.DataFrame, meta: pd.DataFrame, countries: pd.DataFrame
) -> None:
    """Replace the three curated files of ``folder``, each atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    replace_file(folder / "observations.parquet", lambda p: write_parquet(obs, p))
    replace_file(folder / "indicators.csv", lambda p: meta.to_csv(p, index=False))
    replace_file(folder / "countries.csv", lambda p: countries.to_csv(p, index=False))


def write_parquet(df: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path, compression="zstd")


def replace_file(path: Path, write: Callable[[Path], object]) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
