"""End to end: ``dagster dev`` (as ``make dev`` runs it) picks up a document dropped into the
documents folder, and its goals appear in DuckDB without restarting anything.

The warehouse is first filled by ``policy-tracker run`` with the same environment (the
comparison needs the statistics); then the real ``dagster dev`` starts in its own process group
with DAGSTER_HOME, POLICY_TRACKER_DB, POLICY_TRACKER_REPORTS and POLICY_TRACKER_DOCUMENTS in a
temporary folder. The sensor's first tick refreshes the seed document; once that run is done a
new document is written into the folder, and DuckDB is polled (read-only, retrying while a run
holds the file) until its goals are there. The process group is always killed at the end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pytest
import requests

from pipeline.config import ROOT
from tests.conftest import SEED
from tests.support.processes import LoopbackDagster, free_port, stop_group
from tests.support.ui import scorecard_charts_in_ui

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 60.0
PICKUP_TIMEOUT = 120.0
NEW_ID = "employment_plan_2024"
NEW_DOCUMENT = f"""---
id: {NEW_ID}
title: Report on the work of the government (employment and innovation)
published: 2024-03-05
country: CHN
---
Keep the surveyed urban unemployment rate at around 5.5 percent. Raise R&D spending. \
Increase the share of manufacturing in GDP.
"""

RUNS_QUERY = """
query Runs($job: String!) {
  runsOrError(filter: {pipelineName: $job}) {
    __typename
    ... on Runs { results { runId status tags { key value } } }
    ... on PythonError { message }
  }
}
"""


@dataclass(frozen=True)
class Dev(LoopbackDagster):
    db: Path
    documents: Path
    log: Path

    def runs(self, job: str = "refresh_documents") -> list[dict[str, Any]]:
        data = self.graphql(RUNS_QUERY, {"job": job})["runsOrError"]
        assert data["__typename"] == "Runs", data
        return data["results"]

    def tail(self, lines: int = 80) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def wait_for(what: str, dev: Dev, proc: subprocess.Popen, timeout: float, probe) -> Any:
    """Call ``probe`` until it returns something truthy; fail with the log tail otherwise."""
    deadline = time.monotonic() + timeout
    last = "nothing yet"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"dagster dev exited with {proc.returncode}:\n{dev.tail()}")
        try:
            found = probe()
        except (requests.RequestException, AssertionError, KeyError, duckdb.Error) as exc:
            found, last = None, f"{type(exc).__name__}: {exc}"
        if found:
            return found
        time.sleep(0.5)
    pytest.fail(f"{what}: not after {timeout:.0f} s (last: {last})\n{dev.tail()}")


def goals_of(db: Path, document_id: str) -> int:
    """Read-only; raises duckdb.IOException while a run holds the file (the caller retries)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select count(*) from policy_goals where document_id = ?", [document_id]
        ).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def dev(tmp_path: Path) -> Iterator[tuple[Dev, subprocess.Popen]]:
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    documents = tmp_path / "documents"
    documents.mkdir()
    shutil.copy(SEED, documents)
    server = Dev(
        port=free_port(),
        db=tmp_path / "policy.duckdb",
        documents=documents,
        log=tmp_path / "dagster_dev.log",
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("POLICY_TRACKER_SOURCE", "WORLDBANK_API_URL")
    }
    env.update(
        DAGSTER_HOME=str(home),
        POLICY_TRACKER_DB=str(server.db),
        POLICY_TRACKER_REPORTS=str(tmp_path / "reports"),
        POLICY_TRACKER_DOCUMENTS=str(documents),
    )
    # No `make run` first: the warehouse is empty, and the sensor's first run must build it all.
    command = [
        str(BIN / "dagster"),
        "dev",
        "--host",
        "127.0.0.1",
        "--port",
        str(server.port),
        "--workspace",
        "workspace.yaml",
    ]
    with server.log.open("wb") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield server, proc
    finally:
        stop_group(proc)


SCORECARD_METADATA = """
{
  assetOrError(assetKey: {path: ["scorecard"]}) {
    ... on Asset {
      assetMaterializations(limit: 1) {
        metadataEntries { label ... on MarkdownMetadataEntry { mdStr } }
      }
    }
  }
}
"""


def scorecard_markdown(dev: Dev) -> dict[str, str]:
    """The markdown entries of the latest scorecard materialization, by label."""
    (mat,) = dev.graphql(SCORECARD_METADATA)["assetOrError"]["assetMaterializations"]
    return {e["label"]: e["mdStr"] for e in mat["metadataEntries"] if e.get("mdStr")}


def successes(dev: Dev, expected: int) -> list[dict[str, Any]] | None:
    """The refresh_documents runs once ``expected`` of them succeeded; fail at a failed one."""
    runs = dev.runs()
    for run in runs:
        if run["status"] in ("FAILURE", "CANCELED"):
            pytest.fail(f"run {run['runId']} ended {run['status']}:\n{dev.tail(150)}")
    done = [r for r in runs if r["status"] == "SUCCESS"]
    return runs if len(done) >= expected else None


def test_a_new_document_is_picked_up_by_the_sensor_while_dagster_dev_runs(dev) -> None:
    server, proc = dev
    started = time.monotonic()

    # The sensor's first tick refreshes the seed document; wait until that run is over.
    (first,) = wait_for(
        "the sensor's first refresh_documents run succeeded",
        server,
        proc,
        PICKUP_TIMEOUT,
        lambda: successes(server, 1),
    )
    seed_goals = goals_of(server.db, "new_industrialization_2023")
    assert seed_goals > 0
    con = duckdb.connect(str(server.db), read_only=True)
    try:  # the whole comparison was built from an empty warehouse
        scored = con.execute("select count(*) from v_scorecard").fetchone()[0]
    finally:
        con.close()
    assert scored > 0
    # The UI shows the goals off track and each chart as an entry of its own, the PNG inline.
    entries = scorecard_markdown(server)
    charts = {k: v for k, v in entries.items() if k.startswith("chart ")}
    assert "off_track" in entries and len(charts) >= 5
    assert all(v.count("](data:image/png;base64,") == 1 for v in charts.values())
    # ... and a browser on the asset's page opens one and decodes its chart.
    shown, decoded = scorecard_charts_in_ui(server.url, server.log.with_name("ui.png"))
    assert shown == decoded == 1

    (server.documents / f"{NEW_ID}.txt").write_text(NEW_DOCUMENT, encoding="utf-8")
    found = wait_for(
        f"goals of {NEW_ID} in DuckDB",
        server,
        proc,
        PICKUP_TIMEOUT,
        lambda: goals_of(server.db, NEW_ID),
    )
    assert found >= 3  # unemployment, R&D, manufacturing share

    # One more run, selecting only the new file; the seed document's goals are untouched.
    runs = wait_for("the second run succeeded", server, proc, 30, lambda: successes(server, 2))
    assert len(runs) == 2, runs
    latest = next(r for r in runs if r["runId"] != first["runId"])
    tags = {t["key"]: t["value"] for t in latest["tags"]}
    assert tags["policy_tracker/documents"] == f"{NEW_ID}.txt"
    assert tags["dagster/sensor_name"] == "document_sensor"
    assert goals_of(server.db, "new_industrialization_2023") == seed_goals
    assert time.monotonic() - started < PICKUP_TIMEOUT
