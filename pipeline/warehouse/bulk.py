"""Bulk loads: parquet files into the ``observations`` table, columnar end to end.

This is how the ``observations`` asset writes its table, from the snapshot's files or from the
files it staged per indicator from the API, at any size up to all of WDI (some 23 million rows;
``docs/performance.md``). DuckDB scans the parquet files with its own reader (no Python objects,
no row inserts, no whole-table pandas copy), so memory stays bounded by DuckDB's
``memory_limit`` rather than by the size of the data. (Registering a ``pyarrow.dataset``
instead measured 2.3 GB at 100x: pyarrow's read-ahead buffers sit outside DuckDB's limit.)

The rules the pandera schema holds a frame to (no nulls, years in range, codes well formed,
finite values, one row per country, indicator and year, values within the catalogue's bounds)
run as SQL over the loaded table (``pipeline.warehouse.sqlchecks``, generated from the same
registry), in the same transaction: a failure rolls back and leaves the previous table as it
was, with the failing rows named.

Names only come from the registry; values and file paths travel as bind parameters. The caller
owns the connection (``Warehouse.connect()``) and publishes after the load; this module imports
no Dagster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.warehouse.registry import table
from pipeline.warehouse.sqlchecks import violations

_MEMORY = re.compile(r"\d+(\.\d+)?\s*[KMGT]i?B")
_PRIMARY_KEY = re.compile(r",\s*primary key \([^)]*\)", re.IGNORECASE)
PROVENANCE = ["indicator_code", "source", "source_updated", "fetched_at"]


class BulkLoadError(RuntimeError):
    """The loaded rows broke a rule; the transaction was rolled back. ``failures`` names the
    rows as ``schemas.validate`` does (check, column, failure_case and the key)."""

    def __init__(self, message: str, failures: pd.DataFrame, rows: int):
        super().__init__(message)
        self.failures = failures
        self.rows = rows  # how many rows the rejected load held


@dataclass(frozen=True)
class Scan:
    """Parquet files to load. With ``provenance`` (one row per indicator: ``source,
    source_updated, fetched_at``) the files need only ``country_iso3, indicator_code, year,
    value`` and only the indicators it lists are loaded; without it the files carry every
    column of the table."""

    files: tuple[str, ...]
    provenance: pd.DataFrame | None = None


@dataclass(frozen=True)
class BulkLoad:
    rows: int
    indicators: int


def load_observations(
    con: duckdb.DuckDBPyConnection,
    scans: Sequence[Scan | Path | str],
    *,
    source: str | None = None,
    source_updated: str | None = None,
    fetched_at: datetime | None = None,
    keep: Sequence[str] = (),
    bounds: dict[str, tuple[float | None, float | None]] | None = None,
    keyed: bool = False,
    memory_limit: str | None = "1GB",
) -> BulkLoad:
    """Replace ``observations`` with the rows of ``scans``, plus the current rows of the
    indicators in ``keep`` (those a run could not refresh keep their last good rows).

    Plain paths in ``scans`` are files of four columns whose provenance is ``source``,
    ``source_updated`` and ``fetched_at``. Rows with a null value are left out (the API client
    drops them too); a NaN, an out-of-range year, a repeated key or a value outside ``bounds``
    (indicator -> (min, max)) raises ``BulkLoadError`` naming the rows.

    ``keyed``: also give the table a primary key on its key, built once the rows have passed
    (the table as declared has none: the uniqueness rule checks the key on every load, and at
    28 million rows the index costs 2.4x the time and 4x the file). ``memory_limit`` bounds
    DuckDB's memory (it spills beyond it).
    """
    if memory_limit is not None:
        if not _MEMORY.fullmatch(memory_limit):
            raise ValueError(f"memory_limit must look like '1GB' or '512MB', not {memory_limit!r}")
        con.execute(f"set memory_limit = '{memory_limit}'")  # checked just above
    plain = [str(s) for s in scans if not isinstance(s, Scan)]
    scans = [s for s in scans if isinstance(s, Scan)]
    if plain:
        codes = _codes(con, plain)
        prov = pd.DataFrame(
            {"indicator_code": codes, "source": source, "source_updated": source_updated,
             "fetched_at": pd.Timestamp(fetched_at)},
        )  # fmt: skip
        scans.append(Scan(tuple(plain), prov))
    spec = table("observations")
    ddl = _PRIMARY_KEY.sub("", spec.ddl())  # a key, if declared, is added once rows pass
    had = _exists(con, "observations")
    con.execute("begin transaction")
    try:
        if had:
            con.execute("alter table observations rename to observations_previous")
        con.execute(ddl)
        for scan in scans:
            _insert(con, scan)
        if had and keep:
            con.execute(
                "insert into observations by name select * from observations_previous "
                "where list_contains(?::varchar[], indicator_code)",
                [list(keep)],
            )
        failures = violations(con, spec, "observations", bounds)
        if not failures.empty:
            (rows,) = con.execute("select count(*) from observations").fetchone()
            raise BulkLoadError(_summary(failures, rows), failures, int(rows))
        if keyed:
            con.execute(f"alter table observations add primary key ({', '.join(spec.row_key)})")
        if had:
            con.execute("drop table observations_previous")
        rows, indicators = con.execute(
            "select count(*), count(distinct indicator_code) from observations"
        ).fetchone()
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
    return BulkLoad(int(rows), int(indicators))


def per_indicator(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Rows, economies and years per indicator in ``observations``: the asset's metadata."""
    return con.execute(
        "select indicator_code, count(*) as rows, count(distinct country_iso3) as economies, "
        "min(year) as first_year, max(year) as last_year from observations "
        "group by indicator_code order by indicator_code"
    ).df()


def _insert(con: duckdb.DuckDBPyConnection, scan: Scan) -> None:
    files = list(scan.files)
    if not files:
        return
    if scan.provenance is None:
        con.execute(
            "insert into observations by name "
            "select country_iso3, indicator_code, year::integer as year, value, source, "
            "source_updated::varchar as source_updated, fetched_at::timestamptz as fetched_at "
            "from read_parquet(?, union_by_name = true) where value is not null",
            [files],
        )
        return
    prov = scan.provenance[PROVENANCE].copy()
    prov["source_updated"] = prov["source_updated"].astype(object).where(
        prov["source_updated"].notna(), None
    )
    con.register("scan_provenance", prov)
    try:
        con.execute(
            "insert into observations by name "
            "select o.country_iso3, o.indicator_code, o.year::integer as year, o.value, "
            "p.source, p.source_updated::varchar as source_updated, "
            "p.fetched_at::timestamptz as fetched_at "
            "from read_parquet(?) as o inner join scan_provenance as p using (indicator_code) "
            "where o.value is not null",
            [files],
        )
    finally:
        con.unregister("scan_provenance")


def _codes(con: duckdb.DuckDBPyConnection, files: list[str]) -> list[str]:
    got = con.execute(
        "select distinct indicator_code from read_parquet(?) order by 1", [files]
    ).fetchall()
    return [c for (c,) in got]


def _exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() where table_name = ? and not temporary", [name]
        ).fetchone()[0]
    )


def _summary(failures: pd.DataFrame, rows: int, limit: int = 5) -> str:
    lines = [f"observations: {len(failures):,} failures in {rows:,} rows"]
    for rec in failures.head(limit).to_dict("records"):
        lines.append(
            f"  {rec['check']} on {rec['column']}: {rec['failure_case']!r} "
            f"({rec['country_iso3']} {rec['indicator_code']} {rec['year']})"
        )
    return "\n".join(lines)
