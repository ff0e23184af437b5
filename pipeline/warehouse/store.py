"""The DuckDB warehouse: one file, one table per asset, views from sql/views/.

Writes are atomic per table: a table is dropped, re-created from ``sql/tables/<name>.sql`` and
filled inside one transaction, so a failed write leaves the previous table as it was and a
rerun never duplicates rows. Values always travel as bind parameters or as a registered frame;
the only names put into SQL text are table names from the fixed list below.

Readers and the writer never share a file. DuckDB lets one process hold a file for writing or
many processes read it, not both, and people keep the file open (the CLI, a notebook, a BI tool)
while the schedule runs. So there are two files:

- the **working file** (``.work/policy.duckdb`` beside the published one): the pipeline's own.
  Every write goes there, and the assets read their inputs back from it;
- the **published file** (``POLICY_TRACKER_DB``, ``warehouse/policy.duckdb``): what readers open,
  read-only. The writer never opens it. After each committed write the working file is
  checkpointed (everything in the main file, nothing left in the WAL) and, while the writer
  still holds it, copied to a temporary file in the published file's folder, fsynced and renamed
  over the published file (``os.replace``: atomic). A reader sees the old file or the new one,
  whole; one that holds a connection across a publish keeps reading the version it opened
  until it reconnects. A run killed at any moment leaves both files as they were at the last
  commit and the last publish; the next write publishes everything committed since.

A working file that does not exist yet is seeded from the published file, so a warehouse written
before this design (or copied from elsewhere) carries on. Writers still share the working file:
a connection waits up to ``LOCK_WAIT_SECONDS`` for another writer (a run launched by the
document sensor while another run writes) instead of failing at once.

The file stays in the storage format of DuckDB 1.5 (the engine pinned in pyproject.toml), which
the ``duckdb`` CLI from PyPI (duckdb-cli 1.5) opens.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.config import SQL_DIR
from pipeline.warehouse.registry import TABLES as REGISTRY
from pipeline.warehouse.registry import table as registered

TABLES = tuple(sorted(REGISTRY))
LOCK_WAIT_SECONDS = 60.0
WORK_DIR = ".work"
_PUBLISHING = ".publishing"  # suffix of the temporary copies made while publishing

log = logging.getLogger(__name__)


def work_path_for(published: Path | str) -> Path:
    """The working file that publishes to ``published``: ``<folder>/.work/<name>``."""
    published = Path(published)
    return published.parent / WORK_DIR / published.name


class Warehouse:
    """The pipeline's handle on the warehouse. ``path`` is the published file readers open;
    every method works on the working file ``work_path`` and publishes after each write."""

    def __init__(self, path: Path | str, work_path: Path | str | None = None):
        self.path = Path(path)
        self.work_path = Path(work_path) if work_path is not None else work_path_for(self.path)

    @contextmanager
    def connect(self, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection to the working file (seeded from the published file if missing)."""
        self._seed_work_file()
        if not read_only:
            self.work_path.parent.mkdir(parents=True, exist_ok=True)
        con = _connect_waiting(self.work_path, read_only)
        try:
            yield con
        finally:
            con.close()

    def exists(self, table: str, *, published: bool = False) -> bool:
        """Whether ``table`` is in the working file (or, with ``published``, the published one)."""
        if published:
            if not self.path.exists():
                return False
            with _reading(self.path) as con:
                return _table_exists(con, table)
        self._seed_work_file()
        if not self.work_path.exists():
            return False
        with self.connect(read_only=True) as con:
            return _table_exists(con, table)

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
            counts = {name: _count(con, name) for name in tables}
            self._publish(con)
        return counts

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
            counts = {name: _count(con, name) for name in ddls}
            self._publish(con)
        return counts

    def count(self, table: str) -> int:
        _check_table(table)
        with self.connect(read_only=True) as con:
            return _count(con, table)

    def read(
        self, query: str, params: list | dict | None = None, *, published: bool = False
    ) -> pd.DataFrame:
        """Run a query on the working file (or, with ``published``, on the published file:
        what a reader outside the pipeline, such as ``policy-tracker scorecard``, sees)."""
        if published:
            with _reading(self.path) as con:
                return con.execute(query, params or []).df()
        with self.connect(read_only=True) as con:
            return con.execute(query, params or []).df()

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """Several reads of the working file on one connection (a connection costs ~10 ms
        to open; a step that reads eight things pays it once): see ``Reader``."""
        with self.connect(read_only=True) as con:
            yield Reader(con)

    def read_table(self, table: str) -> pd.DataFrame:
        _check_table(table)  # before any file is opened
        with self.reading() as read:
            return read.table(table)

    def create_views(self, names: list[str] | None = None) -> list[str]:
        """Create (or replace) the views of ``sql/views/`` (those named, else all); publish."""
        paths = sorted((SQL_DIR / "views").glob("*.sql"))
        if names is not None:
            paths = [p for p in paths if p.stem in set(names)]
        with self.connect() as con:
            for path in paths:
                con.execute(path.read_text(encoding="utf-8"))
            self._publish(con)
        return [p.stem for p in paths]

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A connection for a write that manages its own transaction (a bulk load); the
        working file is published when the block ends without an error."""
        with self.connect() as con:
            yield con
            self._publish(con)

    def staging(self, name: str) -> Path:
        """The folder beside the working file where ``name``'s staged parquet files live
        (``.work/staging/live/``): one file per indicator, kept between runs."""
        return self.work_path.parent / "staging" / name

    def publish(self) -> None:
        """Publish the working file now (each write already does; this is for a manual
        catch-up, e.g. after a crash between a commit and its publish)."""
        with self.connect() as con:
            self._publish(con)

    # -- the working file and the published copy ---------------------------------------------

    def _publish(self, con: duckdb.DuckDBPyConnection) -> None:
        """Copy the working file over the published file, atomically.

        Called with ``con`` open on the working file and no transaction open: the checkpoint
        moves every committed change into the main file, and holding ``con`` keeps any other
        writer out while the bytes are copied.
        """
        con.execute("checkpoint")
        wal = _wal(self.work_path)
        if wal.exists() and wal.stat().st_size > 0:
            raise RuntimeError(
                f"cannot publish {self.work_path}: its WAL still holds changes after a checkpoint"
            )
        try:
            _atomic_copy(self.work_path, self.path)
        except OSError as exc:
            raise OSError(
                f"publishing {self.work_path} to {self.path} failed ({exc}); the working file "
                "holds the committed data and the next write publishes it"
            ) from exc
        stale = _wal(self.path)
        if stale.exists():
            # Only a reader that opened the published file read-write makes one; replayed onto
            # the new file, it would corrupt it. Whatever it held was discarded with the old file.
            log.warning("removing %s: the published file is replaced, not written", stale)
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()

    def _seed_work_file(self) -> None:
        """Start the working file from the published one the first time (no-clobber)."""
        if self.work_path.exists() or not self.path.exists():
            return
        self.work_path.parent.mkdir(parents=True, exist_ok=True)
        wal = _wal(self.path)
        if wal.exists():  # written by an older version that wrote the file in place
            shutil.copyfile(wal, _wal(self.work_path))
        tmp = _copy_to_temp(self.path, self.work_path.parent, self.work_path.name)
        try:
            os.link(tmp, self.work_path)  # fails if another process seeded it meanwhile
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links: a rename, only if still missing
            if not self.work_path.exists():
                tmp.replace(self.work_path)
        finally:
            tmp.unlink(missing_ok=True)
        log.info("seeded the working file %s from %s", self.work_path, self.path)


class Reader:
    """Reads on one open connection: ``reader(sql)`` and ``reader.table(name)`` as frames.
    ``arrow=True``: through Arrow, a quarter of the time for a large result, with the same
    dtypes only for text, integer and double columns (observations)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self._con = con

    def __call__(self, sql: str, arrow: bool = False) -> pd.DataFrame:
        result = self._con.execute(sql)
        return result.to_arrow_table().to_pandas() if arrow else result.df()

    def table(self, table: str) -> pd.DataFrame:
        _check_table(table)
        return self(f'select * from "{table}"')  # noqa: S608 - a name from TABLES


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _copy_to_temp(src: Path, folder: Path, name: str) -> Path:
    """Copy ``src`` to a new temporary file in ``folder``, flushed to disk; returns its path."""
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=_PUBLISHING, dir=folder)
    try:
        with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
            shutil.copyfileobj(inp, out, 1 << 20)
            out.flush()
            os.fsync(out.fileno())
        shutil.copymode(src, tmp)  # mkstemp makes 0600; readers need what the source has
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _atomic_copy(src: Path, dest: Path) -> None:
    """Replace ``dest`` with a copy of ``src``: temporary file in dest's folder, fsync, rename."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    # Copies left by a publish that was killed; no other publish runs (the caller holds src).
    for leftover in dest.parent.glob(f".{dest.name}.*{_PUBLISHING}"):
        leftover.unlink(missing_ok=True)
    tmp = _copy_to_temp(src, dest.parent, dest.name)
    try:
        tmp.replace(dest)  # os.replace: atomic within one file system
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(dest.parent)


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _reading(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = _connect_waiting(path, read_only=True)
    try:
        yield con
    finally:
        con.close()


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
    registered(table)  # raises for a name the registry does not declare


def _ddl(table: str) -> str:
    return registered(table).ddl()


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
