"""The DuckDB warehouse: one file, one table per asset, views from sql/views/.

Writes are atomic per table: a table is dropped, re-created from ``sql/tables/<name>.sql`` and
filled inside one transaction, so a failed write leaves the previous table as it was and a
rerun never duplicates rows. Values always travel as bind parameters or as a registered frame;
the only names put into SQL text are table names from the fixed list below.

The file stays in the storage format of DuckDB 1.5 (the engine pinned in pyproject.toml), which
the ``duckdb`` CLI from PyPI (duckdb-cli 1.5) opens.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.config import SQL_DIR

TABLES = tuple(sorted(p.stem for p in (SQL_DIR / "tables").glob("*.sql")))


class Warehouse:
    def __init__(self, path: Path | str):
        self.path = Path(path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(self.path), read_only=read_only)
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
        counts = {}
        with self.connect() as con:
            con.execute("begin transaction")
            try:
                for name, df in tables.items():
                    con.execute(f'drop table if exists "{name}"')  # noqa: S608 - table names come from TABLES only
                    con.execute(ddls[name])
                    con.register("incoming", df)
                    con.execute(f'insert into "{name}" by name select * from incoming')  # noqa: S608 - table names come from TABLES only
                    con.unregister("incoming")
                con.execute("commit")
            except Exception:
                con.execute("rollback")
                raise
            for name in tables:
                counts[name] = int(con.execute(f'select count(*) from "{name}"').fetchone()[0])  # noqa: S608 - table names come from TABLES only
        return counts

    def replace_where(self, table: str, df: pd.DataFrame, column: str, keys: list[str]) -> int:
        """Replace only the rows whose ``column`` is in ``keys`` (one indicator, one document)."""
        ddl = _ddl(table)
        if column not in df.columns:
            raise ValueError(f"{table}: no column {column!r} in the incoming rows")
        with self.connect() as con:
            con.execute("begin transaction")
            try:
                if not _table_exists(con, table):
                    con.execute(ddl)
                con.execute(
                    f'delete from "{table}" where "{column}" in (select unnest(?::varchar[]))',  # noqa: S608 - table names come from TABLES only
                    [list(keys)],
                )
                con.register("incoming", df)
                con.execute(f'insert into "{table}" by name select * from incoming')  # noqa: S608 - table names come from TABLES only
                con.unregister("incoming")
                con.execute("commit")
            except Exception:
                con.execute("rollback")
                raise
            row = con.execute(f'select count(*) from "{table}"').fetchone()  # noqa: S608 - table names come from TABLES only
        return int(row[0])

    def read(self, query: str, params: list | None = None) -> pd.DataFrame:
        with self.connect(read_only=True) as con:
            return con.execute(query, params or []).df()

    def read_table(self, table: str) -> pd.DataFrame:
        _check_table(table)
        return self.read(f'select * from "{table}"')  # noqa: S608 - table names come from TABLES only

    def create_views(self) -> list[str]:
        names = []
        with self.connect() as con:
            for path in sorted((SQL_DIR / "views").glob("*.sql")):
                con.execute(path.read_text(encoding="utf-8"))
                names.append(path.stem)
        return names


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; tables are {', '.join(TABLES)}")


def _ddl(table: str) -> str:
    _check_table(table)
    return (SQL_DIR / "tables" / f"{table}.sql").read_text(encoding="utf-8")


def _table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    row = con.execute(
        "select count(*) from information_schema.tables where table_name = ?", [table]
    ).fetchone()
    return bool(row and row[0])
