"""The shipped snapshot: real WDI values in ``data/snapshot/``, no network needed.

``observations.parquet`` holds the curated indicators (every economy and aggregate, every
year), always loaded; ``wdi_bulk.parquet`` 325 more, loaded when a goal links to one. Where
the values came from, with commits and known quirks, is in ``PROVENANCE.md``. Rebuild it with
``make snapshot`` (from the shared real-data folder) or refresh its curated indicators from
the live API with ``policy-tracker refresh-snapshot``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.config import SNAPSHOT_DIR
from pipeline.sources.base import COUNTRY_COLUMNS, Fetched, tidy
from pipeline.warehouse.bulk import Scan


class SnapshotSource:
    """The curated files (``observations.parquet``: always loaded) and the WDI bulk file
    (``wdi_bulk.parquet``: 325 more indicators, loaded when a goal needs one)."""

    name = "snapshot"
    complete = True  # a run replaces the whole observations table

    def __init__(self, folder: Path = SNAPSHOT_DIR):
        self.folder = Path(folder)

    def indicators(self) -> pd.DataFrame:
        """Every indicator the snapshot holds, curated first, with ``file`` naming where."""
        base = pd.read_csv(self.folder / "indicators.csv", keep_default_na=False, na_values=[""])
        base["file"] = "observations.parquet"
        bulk_index = self.folder / "wdi_bulk_index.csv"
        if not bulk_index.exists():
            return base
        bulk = pd.read_csv(bulk_index, keep_default_na=False, na_values=[""])
        bulk = bulk[~bulk["indicator_code"].isin(base["indicator_code"])].assign(
            source="datahub.io WDI copy",
            origin_file="wdi_bulk/wdi_bulk.parquet",
            fetched_at=base["fetched_at"].iloc[0] if len(base) else None,
            file="wdi_bulk.parquet",
        )
        return pd.concat([base, bulk], ignore_index=True)

    def available(self) -> list[str]:
        """The curated indicators: loaded on every run."""
        return sorted(
            pd.read_csv(self.folder / "indicators.csv", usecols=["indicator_code"])[
                "indicator_code"
            ]
        )

    def countries(self) -> pd.DataFrame:
        df = pd.read_csv(self.folder / "countries.csv", keep_default_na=False, na_values=[""])
        df["is_aggregate"] = df["is_aggregate"].astype(str).str.lower().eq("true")
        return df[COUNTRY_COLUMNS]

    def observations(self, codes: list[str] | None = None) -> Iterator[Fetched]:
        meta = self._meta()
        wanted = sorted(meta.index) if codes is None else sorted(set(codes))
        for file, group in meta.loc[[c for c in wanted if c in meta.index]].groupby("file"):
            table = pq.read_table(
                self.folder / file, filters=[("indicator_code", "in", list(group.index))]
            ).to_pandas()
            for code, grp in table.groupby("indicator_code", sort=True):
                m = meta.loc[code]
                rows = grp.assign(source_updated=m["updated"])
                yield Fetched(code, tidy(rows, m["provenance"], m["fetched"].to_pydatetime()))
        for code in wanted:
            if code not in meta.index:
                yield Fetched(
                    code,
                    None,
                    LookupError(
                        f"snapshot: indicator {code} is in neither {self.folder}/indicators.csv "
                        "nor wdi_bulk_index.csv; use POLICY_TRACKER_SOURCE=live to fetch it"
                    ),
                )

    def scans(self, codes: list[str]) -> tuple[list[Scan], list[str]]:
        """The files holding ``codes``, each with the provenance of the indicators it holds
        (read straight from the snapshot, no copy), and the codes it does not hold."""
        meta = self._meta()
        held = [c for c in sorted(set(codes)) if c in meta.index]
        scans = []
        for file, group in meta.loc[held].groupby("file", sort=True):
            prov = pd.DataFrame(
                {
                    "indicator_code": group.index,
                    "source": group["provenance"].to_numpy(),
                    "source_updated": group["updated"].to_numpy(),
                    "fetched_at": group["fetched"].to_numpy(),
                }
            )
            scans.append(Scan((str(self.folder / file),), prov))
        return scans, sorted(set(codes) - set(held))

    def _meta(self) -> pd.DataFrame:
        """Every indicator held, by code: its file and its provenance as ``observations``
        records it (source, the source's update date, when the snapshot fetched it)."""
        meta = self.indicators().set_index("indicator_code")
        meta["provenance"] = "snapshot: " + meta["source"] + " (" + meta["origin_file"] + ")"
        meta["updated"] = [None if pd.isna(u) else str(u) for u in meta["source_updated"]]
        meta["fetched"] = pd.to_datetime(meta["fetched_at"], utc=True)
        return meta

    def held(self) -> list[str]:
        """Every indicator the snapshot holds: the curated ones and the bulk file's."""
        return sorted(set(self.indicators()["indicator_code"]))

    def wanted(self, codes: set[str]) -> list[str]:
        """What a run loads: the indicators asked for and every curated one."""
        return sorted(set(codes) | set(self.available()))
