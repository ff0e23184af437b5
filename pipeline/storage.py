"""The DuckDB warehouse: one file, one table per asset, views from sql/views/.

Writes are atomic per table: a table is dropped, re-created from ``sql/tables/<name>.sql`` and
filled inside one transaction, so a failed write leaves the previous table as it was and a
rerun never duplicates rows. Values always travel as bind parameters or as a registered frame;
the only names put into SQL text are table names from the fixed list below.

DuckDB lets one process hold the file for writing (and no reader then): a connection waits up
to ``LOCK_WAIT_SECONDS`` for another process's short connection to end (a run launched by the
document sensor while another run writes, a reader in the CLI) instead of failing at once.

The file stays in the storage format of DuckDB 1.5 (the engine pinned in pyproject.toml), which
the ``duckdb`` CLI from PyPI (duckdb-cli 1.5) opens.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.config import SQL_DIR

TABLES = tuple(sorted(p.stem for p in (SQL_DIR / "tables").glob("*.sql")))
LOCK_WAIT_SECONDS = 60.0


class Warehouse:
    def __init__(self, path: Path | str):
        self.path = Path(path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = _connect_waiting(self.path, read_only)
        try:
            yield con
        finally:
            con.close()

    def exists(self, table: str) -> bool:
        if not self.path.exists():
            return False
        with self.connect(read_only=True) as con:
            found = con.execute(
                "select count(*) from information_schema.tables where table_name = ?", [table]
            ).fetchone()
        return bool(found and found[0])

    def replace(self, tables: dict[str, pd.DataFrame]) -> dict[str, int]:
        """Replace whole tables with new rows, all in one transaction; returns row counts.

        Either every table is replaced or none is: readers never see goals without their links.
        """
        ddls = {name: _ddl(name) for name in tables}
        with self.connect() as con:
            with _transaction(con):
                for name, df in tables.items():
                    con.execute(f'drop table if exists "{name}"')
                    con.execute(ddls[name])
                    _insert(con, name, df)
            return {name: _count(con, name) for name in tables}

    def replace_where(self, table: str, df: pd.DataFrame, column: str, keys: list[str]) -> int:
        """Replace only the rows whose ``column`` is in ``keys`` (one indicator, one document)."""
        return self.replace_for_keys(table, df, column, keys)[table]

    def replace_for_keys(
        self,
        table: str,
        df: pd.DataFrame,
        column: str,
        keys: list[str],
        children: dict[str, tuple[pd.DataFrame, str]] | None = None,
    ) -> dict[str, int]:
        """Replace the rows of ``table`` whose ``column`` is in ``keys`` and, in the same
        transaction, the rows of each child table that hang off them; returns row counts.

        ``children`` maps a table to its new rows and the column it shares with ``table``:
        ``{"goal_indicators": (links, "goal_id")}`` replaces one document's goals and their
        links together, so readers never see goals without their links (or the reverse).
        """
        children = children or {}
        ddls = {name: _ddl(name) for name in [table, *children]}
        incoming = {table: (df, column)} | children
        for name, (rows, col) in incoming.items():
            if col not in rows.columns:
                raise ValueError(f"{name}: no column {col!r} in the incoming rows")
        with self.connect() as con:
            with _transaction(con):
                for name, ddl in ddls.items():
                    if not _table_exists(con, name):
                        con.execute(ddl)
                for name, (_, col) in incoming.items():
                    if col not in _columns(con, name) or col not in _columns(con, table):
                        raise ValueError(f"{name} and {table} do not both have a column {col!r}")
                for child, (
                    _,
                    link,
                ) in children.items():  # children first: they point at the parent
                    con.execute(
                        f'delete from "{child}" where "{link}" in (select "{link}" from "{table}"'  # noqa: S608 - checked names
                        f' where "{column}" in (select unnest(?::varchar[])))',
                        [list(keys)],
                    )
                con.execute(
                    f'delete from "{table}" where "{column}" in (select unnest(?::varchar[]))',  # noqa: S608 - checked names
                    [list(keys)],
                )
                for name, (rows, _) in incoming.items():
                    _insert(con, name, rows)
            return {name: _count(con, name) for name in ddls}

    def count(self, table: str) -> int:
        _check_table(table)
        with self.connect(read_only=True) as con:
            return _count(con, table)

    def read(self, query: str, params: list | None = None) -> pd.DataFrame:
        with self.connect(read_only=True) as con:
            return con.execute(query, params or []).df()

    def read_table(self, table: str) -> pd.DataFrame:
        _check_table(table)
        return self.read(f'select * from "{table}"')  # noqa: S608 - a name from TABLES  # noqa: S608 - table names come from TABLES only

    def create_views(self) -> list[str]:
        names = []
        with self.connect() as con:
            for path in sorted((SQL_DIR / "views").glob("*.sql")):
                con.execute(path.read_text(encoding="utf-8"))
                names.append(path.stem)
        return names


def _connect_waiting(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Connect; while another process holds the file's lock, retry until LOCK_WAIT_SECONDS."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "Could not set lock" not in str(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.5)


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")


def _ddl(table: str) -> str:
    _check_table(table)
    return (SQL_DIR / "tables" / f"{table}.sql").read_text(encoding="utf-8")


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("begin transaction")
    try:
        yield
    except BaseException:
        con.execute("rollback")
        raise
    con.execute("commit")


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f'select count(*) from "{table}"').fetchone()[0])  # noqa: S608 - checked name


def _insert(con: duckdb.DuckDBPyConnection, table: str, df: pd.DataFrame) -> None:
    """Rows travel as a registered frame; only the (checked) table name is in the SQL."""
    con.register("incoming", df)
    try:
        con.execute(f'insert into "{table}" by name select * from incoming')  # noqa: S608 - checked name
    finally:
        con.unregister("incoming")


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}


def _table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = ?", [table]
    ).fetchone()
    return bool(row and row[0])
