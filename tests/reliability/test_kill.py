"""SIGKILL during a run: the warehouse opens, holds the previous data, and the next run completes.

The test starts from a copy of one finished run (``finished``: the whole pipeline on the
snapshot, the seed document only), starts real runs in another process on it, kills each with
SIGKILL at a chosen moment, then checks both files: the published one (what readers open) and
the working one (what the next run writes). Row counts must equal the finished run's, the
observations must be the same rows (a fingerprint of every value), and a next run must
complete and leave the same counts again: two runs in a row, identical counts.

Moments: inside the transaction that writes ``observations`` (its new blocks already in the
file, some rows deleted, nothing committed), halfway through copying the working file to the
published one, and wherever ``policy-tracker run`` happens to be once it has published twice.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.config import ROOT
from pipeline.warehouse.store import work_path_for
from tests.reliability.conftest import copy_finished, counts, failures
from tests.support.pipeline import materialize_all, resources

BIN = Path(sys.executable).parent
FINGERPRINT = (
    "select count(*), sum(hash(country_iso3, indicator_code, year, value, source_updated)) "
    "from observations"
)


def fingerprint(path: Path) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(FINGERPRINT).fetchone()
    finally:
        con.close()


@pytest.fixture
def warehouse(finished: Path, tmp_path: Path) -> Path:
    """This test's copy of the finished run: published file and working file."""
    return copy_finished(finished, tmp_path)


def environment(db: Path, documents: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("POLICY_TRACKER_SOURCE", "WORLDBANK_API_URL", "POLICY_TRACKER_DOCUMENTS")
    }
    env.update(
        POLICY_TRACKER_DB=str(db),
        POLICY_TRACKER_REPORTS=str(db.parent / "reports"),
        POLICY_TRACKER_DOCUMENTS=str(documents),
        DAGSTER_HOME=str(db.parent / "dagster_home"),
        PYTHONPATH=str(ROOT),
    )
    return env


def start(command: list[str], db: Path, documents: Path) -> subprocess.Popen:
    (db.parent / "dagster_home").mkdir(exist_ok=True)
    with (db.parent / "run.log").open("a") as log:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment(db, documents),
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )


def wait_for_line(proc: subprocess.Popen, prefix: str, timeout: float = 120) -> str:
    deadline = time.monotonic() + timeout
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            line = proc.stdout.readline()
            if line.startswith(prefix):
                return line.strip()
            if not line and proc.poll() is not None:
                break
    proc.kill()
    pytest.fail(f"no {prefix!r} line from the run (exit {proc.poll()})")


def kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL


def leftovers(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.*.publishing"))


def assert_as_before(db: Path, finished: Path) -> None:
    """Both files open and hold exactly what the finished run left."""
    want = counts(finished / "policy.duckdb")
    assert counts(db) == want, "the published file"
    assert fingerprint(db) == fingerprint(finished / "policy.duckdb")
    work = work_path_for(db)
    assert counts(work) == want, "the working file, its WAL replayed"
    assert fingerprint(work) == fingerprint(finished / "policy.duckdb")


def assert_next_run_completes(db: Path, finished: Path, documents: Path) -> None:
    result = materialize_all(resources(db.parent, documents_dir=documents))
    assert result.success, failures(result)
    assert counts(db) == counts(finished / "policy.duckdb"), "two runs in a row, the same counts"
    assert fingerprint(db) == fingerprint(finished / "policy.duckdb")
    assert leftovers(db) == []


def test_three_kills_leave_the_previous_data_and_the_next_run_completes(
    warehouse: Path, finished: Path, seed_only: Path
) -> None:
    """One warehouse, three runs killed in turn (each starts on what the previous kill left
    and writes several tables before it dies), then a run that completes."""
    pause = [sys.executable, "-m", "tests.support.killable_run", "--pause"]
    before = counts(finished / "policy.duckdb")

    # 1. Inside the transaction that writes observations: its rows inserted (their blocks in
    #    the working file), one indicator's deleted, nothing committed.
    proc = start([*pause, "inside-transaction"], warehouse, seed_only)
    paused = wait_for_line(proc, "PAUSED")
    kill(proc)
    seen = int(paused.rsplit("(", 1)[1].split()[0])
    assert seen < before["observations"], "the killed transaction held a table never committed"
    assert_as_before(warehouse, finished)
    assert leftovers(warehouse) == []

    # 2. Halfway through copying the working file over the published one.
    proc = start([*pause, "mid-publish"], warehouse, seed_only)
    wait_for_line(proc, "PAUSED")
    kill(proc)
    (half,) = leftovers(warehouse)  # the interrupted copy, beside the published file
    assert 0 < half.stat().st_size < warehouse.stat().st_size
    assert_as_before(warehouse, finished)

    # 3. `policy-tracker run`, wherever it is once it has published twice.
    published = warehouse.stat().st_ino
    proc = start([str(BIN / "policy-tracker"), "run"], warehouse, seed_only)
    replaced, deadline = 0, time.monotonic() + 120
    while replaced < 2 and time.monotonic() < deadline and proc.poll() is None:
        inode = warehouse.stat().st_ino
        if inode != published:  # each write publishes a new file in its place
            replaced, published = replaced + 1, inode
        time.sleep(0.01)
    assert replaced == 2 and proc.poll() is None, "the run was writing when it was killed"
    kill(proc)
    assert_as_before(warehouse, finished)

    # The next run completes, leaves the same counts, and clears any interrupted copy.
    assert_next_run_completes(warehouse, finished, seed_only)
