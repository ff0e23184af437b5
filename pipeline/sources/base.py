"""What every source yields: one indicator's observations in one tidy shape, or its error.

Sources (``snapshot``: the shipped files; ``live``: the World Bank API; more later, such as
OECD or a national statistics office) yield ``Fetched`` per indicator, with rows in the shape
of the ``observations`` table: ``country_iso3, indicator_code, year, value, source,
source_updated, fetched_at``. ``load`` gathers them for the ``observations`` asset.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from pipeline.warehouse.registry import table

COUNTRY_COLUMNS = ["country_iso3", "name", "region", "income_group", "is_aggregate"]


@dataclass(frozen=True)
class Fetched:
    """One indicator's rows, or the error that stopped them."""

    indicator_code: str
    rows: pd.DataFrame | None
    error: Exception | None = None
    requests: int = 0


def tidy(df: pd.DataFrame, source: str, fetched_at: datetime) -> pd.DataFrame:
    """Rows with ``country_iso3, indicator_code, year, value`` (and ``source_updated`` when
    known) as ``observations`` rows from ``source``, fetched at ``fetched_at``."""
    out = df.assign(source=source, fetched_at=pd.Timestamp(fetched_at).tz_convert("UTC"))
    if "source_updated" not in out:
        out["source_updated"] = None
    return table("observations").frame(out)
