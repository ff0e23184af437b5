"""A real ``materialize_everything`` run (the job ``policy-tracker run`` executes) that can stop
at a chosen moment of a write and wait there to be killed.

    python -m tests.support.killable_run [--pause inside-transaction|mid-publish] [--table T]

Settings come from the environment, as for ``policy-tracker run`` (``POLICY_TRACKER_DB``, ...).
With ``--pause``, when the run writes ``--table`` (default ``observations``) it prints
``PAUSED <what>`` and sleeps, so that a test can SIGKILL it at exactly that point:

- ``inside-transaction``: the new rows are inserted (DuckDB has written their blocks into the
  file) and then the rows of one indicator deleted, all inside the open transaction, so the
  table as the run sees it differs from every committed state;
- ``mid-publish``: the write is committed and half of the working file is copied to the
  temporary file that would replace the published one.

Without ``--pause`` it runs to the end and prints ``DONE <success>``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time

from pipeline.warehouse import bulk
from pipeline.warehouse import store as storage


def _pause(what: str) -> None:
    print(f"PAUSED {what}", flush=True)
    time.sleep(3600)
    sys.exit(3)  # never reached when the test kills us


def _arm_inside_transaction(table: str) -> None:
    insert = storage._insert

    def paused_insert(con, name, df):
        insert(con, name, df)
        if name == table:
            code = str(df["indicator_code"].iloc[0]) if "indicator_code" in df else None
            if code is not None:
                con.execute(f'delete from "{name}" where indicator_code = ?', [code])  # noqa: S608
            left = con.execute(f'select count(*) from "{name}"').fetchone()[0]  # noqa: S608
            _pause(f"inside the transaction writing {name} ({left} rows as the run sees them)")

    def paused_bulk_insert(con, scan):  # observations: one bulk load per scan of files
        bulk_insert(con, scan)
        if table == "observations":
            (code,) = con.execute("select min(indicator_code) from observations").fetchone()
            con.execute("delete from observations where indicator_code = ?", [code])
            left = con.execute("select count(*) from observations").fetchone()[0]
            _pause(f"inside the transaction writing {table} ({left} rows as the run sees them)")

    bulk_insert = bulk._insert
    storage._insert = paused_insert
    bulk._insert = paused_bulk_insert


def _arm_mid_publish(table: str) -> None:
    insert, copy = storage._insert, shutil.copyfileobj
    armed = {"on": False}

    def marking_insert(con, name, df):
        insert(con, name, df)
        armed["on"] = armed["on"] or name == table

    def marking_bulk_insert(con, scan):
        bulk_insert(con, scan)
        armed["on"] = armed["on"] or table == "observations"

    bulk_insert = bulk._insert
    bulk._insert = marking_bulk_insert

    def half_copy(src, dst, length=0):
        if not armed["on"]:
            return copy(src, dst, length)
        size = os.fstat(src.fileno()).st_size
        dst.write(src.read(size // 2))
        dst.flush()
        os.fsync(dst.fileno())
        _pause(f"publishing {table}: {size // 2} of {size} bytes copied")
        return None

    storage._insert = marking_insert
    storage.shutil.copyfileobj = half_copy


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pause", choices=["inside-transaction", "mid-publish"])
    parser.add_argument("--table", default="observations")
    args = parser.parse_args()
    if args.pause == "inside-transaction":
        _arm_inside_transaction(args.table)
    elif args.pause == "mid-publish":
        _arm_mid_publish(args.table)

    import dagster as dg

    from assets.definitions import defs

    job = defs.resolve_job_def("materialize_everything")
    result = job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
    )
    print(f"DONE {result.success}", flush=True)
    return 0 if result.success else 1


if __name__ == "__main__":
    raise SystemExit(main())
