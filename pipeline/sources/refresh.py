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
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.config import SNAPSHOT_DIR
from pipeline.sources.snapshot_files import curated, with_coverage, write_curated
from pipeline.sources.worldbank import WorldBankClient, WorldBankError

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
    obs = curated(frames)
    new_meta = with_coverage(pd.DataFrame(rows, columns=meta.columns), obs)
    shipped = pd.read_csv(folder / "countries.csv", nrows=0).columns
    write_curated(folder, obs, new_meta, countries[[c for c in shipped if c in countries.columns]])
    return out


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
