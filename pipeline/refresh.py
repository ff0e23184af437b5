"""Refresh the shipped snapshot's curated indicators from the live World Bank API.

``policy-tracker refresh-snapshot [--api-url URL] [--snapshot data/snapshot]`` fetches every
indicator of ``indicators.csv`` (all economies and aggregates, every year) and the country
list, then rewrites ``observations.parquet``, ``indicators.csv`` and ``countries.csv`` in the
same shapes, so ``SnapshotSource`` and the pipeline read them unchanged. Each refreshed
indicator records its new provenance (source "World Bank API v2", the API's ``lastupdated``,
the URL it came from, when it was fetched); an indicator the API refuses keeps its previous
rows and provenance and is named in the summary (and the command exits 1). The bulk file
(``wdi_bulk.parquet``) is left as it is, and so is ``PROVENANCE.md``, which describes the
shipped build: after a refresh, ``indicators.csv`` is where each indicator's provenance is.
Files are written beside the old ones and renamed over them, so an interrupted refresh leaves
the previous snapshot whole.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.config import SNAPSHOT_DIR
from pipeline.worldbank import WorldBankClient, WorldBankError

KEY = ["indicator_code", "country_iso3", "year"]
SOURCE = "World Bank API v2"


@dataclass
class Refresh:
    refreshed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # code -> the client's error

    def summary(self) -> str:
        lines = [f"refreshed {len(self.refreshed)} indicator(s) from the API"]
        lines += [f"  kept the previous rows of {code}: {err}" for code, err in self.failed.items()]
        return "\n".join(lines)


def refresh_snapshot(client: WorldBankClient, folder: Path = SNAPSHOT_DIR) -> Refresh:
    folder = Path(folder)
    meta = pd.read_csv(folder / "indicators.csv", keep_default_na=False, na_values=[""])
    old = pq.read_table(folder / "observations.parquet").to_pandas()
    countries = client.fetch_countries()
    out = Refresh()
    frames, rows = [], []
    for code, result in client.fetch_indicators(list(meta["indicator_code"])):
        previous = meta.loc[meta["indicator_code"] == code].iloc[0].to_dict()
        if isinstance(result, WorldBankError):
            out.failed[code] = str(result)
            frames.append(old[old["indicator_code"] == code])
            rows.append(previous)
            continue
        out.refreshed.append(code)
        frames.append(result[["country_iso3", "indicator_code", "year", "value"]])
        rows.append(
            previous
            | {
                "source": SOURCE,
                "source_updated": result["source_updated"].dropna().max() if len(result) else None,
                "origin_file": f"{client.base_url}/country/all/indicator/{code}",
                "fetched_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    obs = pd.concat(frames, ignore_index=True)
    obs = obs.astype({"year": "int16", "value": "float64"})
    obs = obs.sort_values(["indicator_code", "country_iso3", "year"], ignore_index=True)
    if obs.duplicated(KEY).any():
        raise ValueError("the refreshed observations repeat a country, indicator and year")
    stats = obs.groupby("indicator_code").agg(
        rows=("value", "size"),
        economies=("country_iso3", "nunique"),
        first_year=("year", "min"),
        last_year=("year", "max"),
    )
    new_meta = pd.DataFrame(rows, columns=meta.columns).set_index("indicator_code")
    new_meta.update(stats)
    new_meta = new_meta.reset_index()
    for col in ("rows", "economies", "first_year", "last_year"):
        new_meta[col] = new_meta[col].astype("int64")
    shipped = pd.read_csv(folder / "countries.csv", nrows=0).columns
    countries = countries[[c for c in shipped if c in countries.columns]]

    _replace(folder / "observations.parquet", lambda p: _write_parquet(obs, p))
    _replace(folder / "indicators.csv", lambda p: new_meta.to_csv(p, index=False))
    _replace(folder / "countries.csv", lambda p: countries.to_csv(p, index=False))
    return out


def _write_parquet(df: pd.DataFrame, path: Path) -> None:
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), path, compression="zstd")


def _replace(path: Path, write) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api-url", default=None, help="default: WORLDBANK_API_URL or the API")
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT_DIR)
    args = parser.parse_args(argv)
    with WorldBankClient(args.api_url) as client:
        try:
            result = refresh_snapshot(client, args.snapshot)
        except WorldBankError as exc:  # the country list itself failed: nothing was written
            print(f"snapshot not refreshed: {exc}", file=sys.stderr)
            return 1
    print(result.summary())
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
