"""The scorecard as the Dagster UI shows it, in a real webserver and a real browser.

Two runs of ``policy-tracker run --persist`` into one Dagster instance: the first over a folder
holding two good documents and a file that is no PDF, the second after that file is gone. Then
the webserver: the scorecard's summary reads without sideways scrolling at 1,400 px, every table
asset shows its columns and row count, and the unreadable file is named in a check result the
UI shows and the run history keeps.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipeline.config import DOCUMENTS_DIR, ROOT
from pipeline.warehouse.registry import TABLES
from tests.integration.test_dagster_ui import WEBSERVER, Webserver, wait_until_loaded
from tests.support.processes import free_port, stop_group
from tests.support.ui import browser_or_skip, open_asset_page

pytestmark = pytest.mark.slow

CLI = Path(sys.executable).parent / "policy-tracker"
GOOD = ["gov_work_report_2018_highlights.txt", "new_industrialization_2023.txt"]
CHECK_HISTORY = """
{ assetCheckExecutions(assetKey: {path: ["policy_documents"]}, checkName: "documents_readable",
                       limit: 10) { status evaluation { success description } } }
"""


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Webserver, Path, list]]:
    browser_or_skip()
    tmp = tmp_path_factory.mktemp("scorecard_ui")
    home, docs = tmp / "dagster_home", tmp / "documents"
    home.mkdir()
    docs.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    for name in GOOD:
        shutil.copy(DOCUMENTS_DIR / name, docs / name)
    (docs / "broken.pdf").write_bytes(b"this was saved as a PDF but is not one\n" * 20)
    server = Webserver(port=free_port(), db=tmp / "policy.duckdb", reports=tmp / "reports",
                       stderr=tmp / "webserver.stderr")  # fmt: skip
    env = {k: v for k, v in os.environ.items()
           if k not in ("POLICY_TRACKER_SOURCE", "WORLDBANK_API_URL")}  # fmt: skip
    env |= {
        "DAGSTER_HOME": str(home),
        "POLICY_TRACKER_DB": str(server.db),
        "POLICY_TRACKER_REPORTS": str(server.reports),
        "POLICY_TRACKER_DOCUMENTS": str(docs),
    }
    runs = [subprocess.run([str(CLI), "run", "--persist", "--log-level", "ERROR"], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=600)]  # fmt: skip
    (docs / "broken.pdf").unlink()
    runs.append(subprocess.run([str(CLI), "run", "--persist", "--log-level", "ERROR"], cwd=ROOT,
                               env=env, capture_output=True, text=True, timeout=600))  # fmt: skip
    command = [str(WEBSERVER), "-h", "127.0.0.1", "-p", str(server.port), "-w", "workspace.yaml"]
    with (tmp / "webserver.stdout").open("wb") as out, server.stderr.open("wb") as err:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err,
                                start_new_session=True)  # fmt: skip
    try:
        wait_until_loaded(server, proc)
        yield server, tmp, runs
    finally:
        stop_group(proc)


def test_an_unreadable_file_is_named_and_the_good_documents_load(ui) -> None:
    server, tmp, runs = ui
    first, second = runs
    assert first.returncode == 1 and "CHECK FAILED documents_readable" in first.stderr
    assert "broken.pdf: not a PDF" in first.stderr
    assert second.returncode == 0, second.stderr[-2000:]
    with duckdb.connect(str(server.db), read_only=True) as con:
        ids = {r[0] for r in con.execute("select document_id from policy_documents").fetchall()}
    assert ids == {Path(n).stem for n in GOOD}
    # the run history keeps the failed result beside the later, passing one
    history = server.graphql(CHECK_HISTORY)["assetCheckExecutions"]
    assert [h["evaluation"]["success"] for h in history] == [True, False]
    assert "broken.pdf" in history[1]["evaluation"]["description"]


def test_the_ui_shows_the_check_that_names_the_file(ui) -> None:
    server, tmp, _ = ui
    text = open_asset_page(server.url, "policy_documents", view="checks",
                           click="documents_readable")  # fmt: skip
    assert "documents_readable" in text
    assert "Execution history" in text


def test_the_scorecard_summary_reads_without_scrolling_sideways(ui) -> None:
    server, tmp, _ = ui
    facts = open_asset_page(server.url, "scorecard", measure="document · country")
    assert facts["found"], "no summary table on the scorecard's page"
    assert facts["overflowing"] == [], f"scrolls sideways at 1400 px: {facts['overflowing']}"
    assert facts["right"] <= 1400
    for name in GOOD:
        assert Path(name).stem in facts["text"]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_asset_shows_its_columns_and_row_count(ui, name: str) -> None:
    server, _, _ = ui
    text = open_asset_page(server.url, name)
    assert "Columns" in text and "Row count" in text, text[:500]
    for column in TABLES[name].columns[:3]:
        assert column.name in text, f"{name}: column {column.name} not shown"
