"""Bulk loads: snapshot parquet files into the ``observations`` table, columnar end to end.

The snapshot path that ``SnapshotSource`` and the ``observations`` asset take today reads each
indicator into pandas, validates the whole frame with pandera and hands it to DuckDB: fine for
the catalogue (230,000 rows), too slow and too big for all of WDI (some 23 million rows; see
``docs/performance.md``). Here DuckDB scans the parquet files with its own columnar reader
(columnar, no Python objects, no row inserts), batch by batch, straight into the table,
so memory stays bounded by DuckDB's ``memory_limit`` rather than by the size of the data.
(Registering a ``pyarrow.dataset`` instead measured 2.3 GB at 100x: pyarrow's read-ahead
buffers sit outside DuckDB's limit.) The checks the pandera schema makes (no nulls, one row
per country, indicator and year, values within the catalogue's bounds) run as SQL over the
loaded table, in the same transaction, so a failure leaves the previous table as it was.

Names only come from the fixed table DDL in ``sql/tables/``; values and file paths travel as
bind parameters. The caller owns the connection (``Warehouse.connect()``) and
publishes after the load; this module imports no Dagster.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline.warehouse.registry import table

_MEMORY = re.compile(r"\d+(\.\d+)?\s*[KMGT]i?B")
_PRIMARY_KEY = re.compile(r",\s*primary key \([^)]*\)", re.IGNORECASE)


class BulkLoadError(RuntimeError):
    """The loaded rows broke a check; the transaction was rolled back."""


@dataclass(frozen=True)
class BulkLoad:
    rows: int
    indicators: int


def load_observations(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[Path],
    *,
    source: str,
    source_updated: str | None,
    fetched_at: datetime,
    bounds: dict[str, tuple[float | None, float | None]] | None = None,
    keyed: bool = True,
    memory_limit: str | None = "1GB",
) -> BulkLoad:
    """Replace ``observations`` with the rows of ``files`` (parquet with the columns
    ``country_iso3, indicator_code, year, value``), streaming them through Arrow.

    Rows with a null value are left out (as the API client drops them). ``bounds`` maps an
    indicator to its (min, max); a value outside raises ``BulkLoadError`` naming the first
    offending rows, as does a repeated country, indicator and year.

    ``keyed``: create the table as ``sql/tables/observations.sql`` says, primary key included,
    so DuckDB enforces one row per key while it inserts. At 23 million rows that index
    costs 4x the time, 5x the memory and 4x the file (docs/performance.md); with
    ``keyed=False`` the table has no primary key and one ``group by`` after the insert finds
    repeated keys instead. ``memory_limit`` bounds DuckDB's memory (it spills beyond it).
    """
    if memory_limit is not None:
        if not _MEMORY.fullmatch(memory_limit):
            raise ValueError(f"memory_limit must look like '1GB' or '512MB', not {memory_limit!r}")
        con.execute(f"set memory_limit = '{memory_limit}'")  # checked just above
    paths = [str(f) for f in files]
    ddl = table("observations").ddl()
    if not keyed:
        ddl, found = _PRIMARY_KEY.subn("", ddl)
        if found != 1:
            raise ValueError("observations.sql: expected one primary key clause to leave out")
    con.execute("begin transaction")
    try:
        con.execute("drop table if exists observations")
        con.execute(ddl)
        try:
            con.execute(
                "insert into observations by name "
                "select country_iso3, indicator_code, year::integer as year, value, "
                "? as source, ?::varchar as source_updated, ?::timestamptz as fetched_at "
                "from read_parquet(?) where value is not null",
                [source, source_updated, fetched_at, paths],
            )
        except duckdb.ConstraintException as exc:  # the primary key: one row per key
            raise BulkLoadError(
                f"observations: a country, indicator and year repeat ({exc})"
            ) from exc
        if not keyed:
            _check_unique(con)
        if bounds:
            _check_bounds(con, bounds)
        rows, indicators = con.execute(
            "select count(*), count(distinct indicator_code) from observations"
        ).fetchone()
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")
    return BulkLoad(int(rows), int(indicators))


def _check_unique(con: duckdb.DuckDBPyConnection) -> None:
    repeated = con.execute(
        "select country_iso3, indicator_code, year, count(*) as n from observations "
        "group by all having count(*) > 1 order by all limit 5"
    ).fetchall()
    if repeated:
        shown = "; ".join(f"{c} {i} {y} x{n}" for c, i, y, n in repeated)
        raise BulkLoadError(f"observations: a country, indicator and year repeat ({shown})")


def _check_bounds(
    con: duckdb.DuckDBPyConnection, bounds: dict[str, tuple[float | None, float | None]]
) -> None:
    codes = list(bounds)
    lows = [b[0] for b in bounds.values()]
    highs = [b[1] for b in bounds.values()]
    bad = con.execute(
        "with b as (select unnest(?::varchar[]) as indicator_code, "
        "unnest(?::double[]) as lo, unnest(?::double[]) as hi) "
        "select o.country_iso3, o.indicator_code, o.year, o.value "
        "from observations as o inner join b using (indicator_code) "
        "where o.value < b.lo or o.value > b.hi "
        "order by o.indicator_code, o.country_iso3, o.year limit 5",
        [codes, lows, highs],
    ).fetchall()
    if bad:
        shown = "; ".join(f"{c} {i} {y}: {v}" for c, i, y, v in bad)
        raise BulkLoadError(f"observations: values outside the catalogue's bounds ({shown})")
