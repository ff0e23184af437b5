"""Replacing one document's rows in two tables at once, and waiting for another process's lock."""

from __future__ import annotations

import subprocess
import sys
import time

import duckdb
import pandas as pd
import pytest

from pipeline.warehouse import store as storage
from pipeline.warehouse.store import Warehouse


def goal_rows(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "goal_id": [g for g, _ in pairs],
            "document_id": [d for _, d in pairs],
            "kind": "goal",
            "text": [f"text of {g}" for g, _ in pairs],
            "span_start": 0,
            "span_end": 10,
            "direction": "increase",
            "country_iso3": "CHN",
            "is_measured": True,
            "reviewed": False,
            "rule": "r",
            "confidence": 0.9,
        }
    )


def link_rows(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "goal_id": [g for g, _ in pairs],
            "indicator_code": [c for _, c in pairs],
            "is_primary": True,
            "position": 1,
            "expected_direction": "increase",
        }
    )


@pytest.fixture
def wh(tmp_path) -> Warehouse:
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.replace(
        {
            "policy_goals": goal_rows(("a-g1", "a"), ("a-g2", "a"), ("b-g1", "b")),
            "goal_indicators": link_rows(("a-g1", "X.1"), ("a-g2", "X.2"), ("b-g1", "X.1")),
        }
    )
    return wh


def table(wh: Warehouse, name: str) -> pd.DataFrame:
    return wh.read(f"select * from {name} order by all")


def replace_a(wh: Warehouse, goals: pd.DataFrame, links: pd.DataFrame, keys=("a",)) -> dict:
    return wh.replace_for_keys(
        "policy_goals", goals, "document_id", list(keys), {"goal_indicators": (links, "goal_id")}
    )


def test_only_the_keyed_rows_and_their_links_are_replaced(wh):
    counts = replace_a(wh, goal_rows(("a-g3", "a")), link_rows(("a-g3", "X.3")))
    assert counts == {"policy_goals": 2, "goal_indicators": 2}
    goals = wh.read("select goal_id, document_id from policy_goals order by 1")
    assert goals.to_numpy().tolist() == [["a-g3", "a"], ["b-g1", "b"]]
    links = wh.read("select goal_id, indicator_code from goal_indicators order by 1")
    assert links.to_numpy().tolist() == [["a-g3", "X.3"], ["b-g1", "X.1"]]


def test_replacing_the_same_rows_twice_leaves_one_copy(wh):
    for _ in range(2):
        replace_a(wh, goal_rows(("a-g1", "a")), link_rows(("a-g1", "X.1"), ("a-g1", "X.9")))
    assert wh.count("policy_goals") == 2
    assert wh.count("goal_indicators") == 3


def test_a_failed_insert_changes_neither_table(wh):
    before = {t: table(wh, t) for t in ("policy_goals", "goal_indicators")}
    duplicate_link = link_rows(("a-g1", "X.1"), ("a-g1", "X.1"))
    with pytest.raises(duckdb.ConstraintException):
        replace_a(wh, goal_rows(("a-g1", "a")), duplicate_link)
    for name, rows in before.items():
        pd.testing.assert_frame_equal(table(wh, name), rows)


def test_keys_travel_as_parameters(wh):
    hostile = "a') or true; drop table policy_goals; --"
    replace_a(wh, goal_rows(("c-g1", "c")), link_rows(), keys=[hostile])
    assert wh.count("policy_goals") == 4  # nothing deleted: no document has that id
    assert wh.count("goal_indicators") == 3


def test_missing_columns_and_unknown_tables_are_refused(wh):
    with pytest.raises(ValueError, match="no column 'document_id'"):
        replace_a(wh, goal_rows(("a-g1", "a")).drop(columns="document_id"), link_rows())
    with pytest.raises(ValueError, match="do not both have a column 'indicator_code'"):
        wh.replace_for_keys(
            "policy_goals",
            goal_rows(),
            "document_id",
            ["a"],
            {"goal_indicators": (link_rows(), "indicator_code")},
        )
    with pytest.raises(ValueError, match="unknown table"):
        wh.replace_for_keys("nope", goal_rows(), "document_id", ["a"])


HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def hold_lock(path, seconds: float) -> subprocess.Popen:
    """Another process with the working file open for writing (a run launched by the sensor)."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_a_connection_waits_for_another_process_to_let_go(wh):
    proc = hold_lock(wh.work_path, 1.5)
    try:
        started = time.monotonic()
        assert wh.count("policy_goals") == 3  # read-only: waits, then reads
        replace_a(wh, goal_rows(("a-g1", "a")), link_rows())  # and writes
        assert time.monotonic() - started > 0.5
    finally:
        proc.wait(timeout=10)


def test_a_lock_held_too_long_is_the_named_duckdb_error(wh, monkeypatch):
    monkeypatch.setattr(storage, "LOCK_WAIT_SECONDS", 0.3)
    proc = hold_lock(wh.work_path, 3)
    try:
        with pytest.raises(duckdb.IOException, match="Could not set lock"):
            wh.count("policy_goals")
    finally:
        proc.kill()
        proc.wait(timeout=10)
