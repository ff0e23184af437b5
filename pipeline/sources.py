"""Where the statistics come from: the shipped snapshot (default) or the live World Bank API.

Both sources yield observations in one tidy shape, so the assets do not care which is used:
``country_iso3, indicator_code, year, value, source, source_updated, fetched_at``.

- ``SnapshotSource`` reads ``data/snapshot/`` (real WDI values with provenance, see its
  PROVENANCE.md). It needs no network. Refresh it with ``scripts/build_snapshot.py``.
- ``LiveSource`` pages through the World Bank Indicators API v2 with ``WorldBankClient``
  (``WORLDBANK_API_URL`` sets the base URL). An indicator that fails is reported with its
  error; the others still load.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from pipeline.config import SNAPSHOT_DIR
from pipeline.worldbank import WorldBankClient, WorldBankError

OBSERVATION_COLUMNS = [
    "country_iso3",
    "indicator_code",
    "year",
    "value",
    "source",
    "source_updated",
    "fetched_at",
]
COUNTRY_COLUMNS = ["country_iso3", "name", "region", "income_group", "is_aggregate"]


@dataclass(frozen=True)
class Fetched:
    """One indicator's rows, or the error that stopped them."""

    indicator_code: str
    rows: pd.DataFrame | None
    error: Exception | None = None
    requests: int = 0


def tidy(df: pd.DataFrame, source: str, fetched_at: datetime) -> pd.DataFrame:
    out = df.copy()
    out["year"] = out["year"].astype("int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["source"] = source
    if "source_updated" not in out:
        out["source_updated"] = None
    out["source_updated"] = (
        out["source_updated"].astype(object).where(out["source_updated"].notna(), None)
    )
    out["fetched_at"] = pd.Timestamp(fetched_at).tz_convert("UTC")
    out["fetched_at"] = out["fetched_at"].astype("datetime64[us, UTC]")
    return out[OBSERVATION_COLUMNS]


class SnapshotSource:
    """The curated files (``observations.parquet``: always loaded) and the WDI bulk file
    (``wdi_bulk.parquet``: 325 more indicators, loaded when a goal needs one)."""

    name = "snapshot"

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
        meta = self.indicators().set_index("indicator_code")
        wanted = sorted(meta.index) if codes is None else sorted(set(codes))
        for file, group in meta.loc[[c for c in wanted if c in meta.index]].groupby("file"):
            table = pq.read_table(
                self.folder / file, filters=[("indicator_code", "in", list(group.index))]
            ).to_pandas()
            for code, grp in table.groupby("indicator_code", sort=True):
                m = meta.loc[code]
                updated = m["source_updated"]
                rows = grp.assign(source_updated=None if pd.isna(updated) else str(updated))
                source = f"snapshot: {m['source']} ({m['origin_file']})"
                fetched = pd.Timestamp(m["fetched_at"]).to_pydatetime()
                yield Fetched(code, tidy(rows, source, fetched))
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


class LiveSource:
    """The World Bank API: indicators fetched ``max_workers`` at a time (default: the client's,
    ``WORLDBANK_MAX_WORKERS`` or 4), yielded in the order asked for, one frame each."""

    name = "live"

    def __init__(
        self,
        client: WorldBankClient | None = None,
        date: str | None = None,
        max_workers: int | None = None,
    ):
        self.client = client or WorldBankClient()
        self.date = date
        self.max_workers = max_workers

    def countries(self) -> pd.DataFrame:
        return self.client.fetch_countries()[COUNTRY_COLUMNS]

    def observations(self, codes: list[str]) -> Iterator[Fetched]:
        source = f"World Bank API {self.client.base_url}"
        fetched = self.client.fetch_indicators(
            codes, "all", self.date, max_workers=self.max_workers
        )
        for code, result in fetched:
            if isinstance(result, WorldBankError):
                yield Fetched(code, None, result)
                continue
            fetched_at = datetime.now(UTC)
            yield Fetched(code, tidy(result, source, fetched_at), None, result.attrs["requests"])
