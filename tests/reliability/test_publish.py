"""The published file and the working file (pipeline/storage.py), table by table.

Every write goes to the working file and is then copied over the published file by an atomic
rename; readers only ever open the published file. These tests use small tables; the whole
pipeline under readers and kills is in test_readers.py and test_kill.py.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.warehouse import store as storage
from pipeline.warehouse.store import Warehouse, work_path_for
from tests.support.frames import countries


def published_codes(path: Path) -> list[str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return [
            r[0] for r in con.execute("select country_iso3 from countries order by 1").fetchall()
        ]
    finally:
        con.close()


HOLD = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
if sys.argv[2] == "rw":
    con.execute("create table mine as select 1 as x")  # a reader that wrote: it has a WAL
print(con.execute("select count(*) from countries").fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute("select count(*) from countries").fetchone()[0], flush=True)
"""


def hold(path: Path, mode: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), mode],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    proc.first = int(proc.stdout.readline())  # type: ignore[attr-defined]
    return proc


def test_each_write_is_published_and_the_writer_never_holds_the_published_file(tmp_path):
    wh = Warehouse(tmp_path / "policy.duckdb")
    assert wh.work_path == tmp_path / ".work" / "policy.duckdb" == work_path_for(wh.path)
    wh.replace({"countries": countries("CHN", "USA")})
    assert published_codes(wh.path) == ["CHN", "USA"]
    wh.replace_where("countries", countries("DEU"), "country_iso3", ["DEU"])
    assert published_codes(wh.path) == ["CHN", "DEU", "USA"]
    assert not Path(f"{wh.path}.wal").exists()
    assert list(tmp_path.glob(".policy.duckdb.*")) == []  # no temporary copy left behind


@pytest.mark.parametrize("mode", ["ro", "rw"], ids=["read-only-reader", "read-write-reader"])
def test_a_reader_holding_the_published_file_neither_blocks_nor_sees_a_change(tmp_path, mode):
    wh = Warehouse(tmp_path / "policy.duckdb")
    wh.replace({"countries": countries("CHN")})
    reader = hold(wh.path, mode)
    try:
        started = time.monotonic()
        wh.replace({"countries": countries("CHN", "USA", "DEU")})  # the old design waited 60 s
        assert time.monotonic() - started < 5
        assert published_codes(wh.path) == ["CHN", "DEU", "USA"]
        out, _ = reader.communicate("\n", timeout=30)
    finally:
        if reader.poll() is None:
            reader.kill()
    assert reader.first == 1 and int(out) == 1, "the held connection reads what it opened"
    assert not Path(f"{wh.path}.wal").exists(), "a reader's WAL never lands on the new file"


def test_a_published_file_alone_seeds_the_working_file(tmp_path):
    """A warehouse from before this design (or copied from elsewhere) carries on."""
    old = Warehouse(tmp_path / "old" / "policy.duckdb")
    old.replace({"countries": countries("CHN", "USA")})
    moved = tmp_path / "moved" / "policy.duckdb"
    moved.parent.mkdir()
    moved.write_bytes(old.path.read_bytes())
    wh = Warehouse(moved)
    assert not wh.work_path.exists()
    assert wh.count("countries") == 2
    assert wh.work_path.exists()
    wh.replace_where("countries", countries("DEU"), "country_iso3", ["DEU"])
    assert published_codes(moved) == ["CHN", "DEU", "USA"]


def test_publish_catches_up_after_a_commit_that_was_not_published(tmp_path):
    wh = Warehouse(tmp_path / "policy.duckdb")
    wh.replace({"countries": countries("CHN")})
    con = duckdb.connect(str(wh.work_path))  # a run killed between its commit and its publish
    con.execute("insert into countries values ('USA', 'name USA', 'r', 'i', false)")
    con.close()
    assert published_codes(wh.path) == ["CHN"]
    wh.publish()
    assert published_codes(wh.path) == ["CHN", "USA"]


def test_a_failed_write_publishes_nothing_new(tmp_path):
    wh = Warehouse(tmp_path / "policy.duckdb")
    wh.replace({"countries": countries("CHN")})
    stamp = wh.path.stat().st_ino
    with pytest.raises(duckdb.ConstraintException):
        wh.replace({"countries": countries("USA", "USA")})
    assert wh.path.stat().st_ino == stamp
    assert published_codes(wh.path) == ["CHN"]


def test_a_publish_that_cannot_write_is_a_named_error_and_keeps_the_last_copy(
    tmp_path, monkeypatch
):
    wh = Warehouse(tmp_path / "policy.duckdb")
    wh.replace({"countries": countries("CHN")})

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(storage, "_copy_to_temp", disk_full)
    with pytest.raises(OSError, match="publishing .* failed .*No space left on device"):
        wh.replace({"countries": countries("CHN", "USA")})
    monkeypatch.undo()
    assert published_codes(wh.path) == ["CHN"]
    assert wh.count("countries") == 2, "committed in the working file"
    wh.publish()
    assert published_codes(wh.path) == ["CHN", "USA"]
