"""Refreshing one document: the real ``refresh_documents`` job, in-process, on a temporary DuckDB.

The warehouse is filled once by a full materialization of two documents (the seed document and
a short work report written here); each test works on its own copy of that file. A selection
replaces only the selected document's rows (policy_documents, policy_goals, goal_indicators),
a selection of only unreadable files fails naming each one, and a full run with one bad file
still loads the good ones.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest

from assets.definitions import all_assets
from assets.documents import selection_run_config
from assets.jobs import refresh_documents
from pipeline.warehouse.store import Warehouse
from tests.conftest import SEED
from tests.support.pipeline import materialize_all, resources

SEED_ID = "new_industrialization_2023"
REPORT_ID = "work_report_2024"
HEADER = (
    "---\nid: {id}\ntitle: Report on the work of the government\nauthor: State Council\n"
    "published: 2024-03-05\ncountry: CHN\nlanguage: en\n---\n"
)
REPORT = (
    "Main targets for development this year.\n"
    "Keep the surveyed urban unemployment rate at around 5.5 percent. "
    "Raise R&D spending. Increase the share of manufacturing in GDP.\n"
)
REPORT_EDITED = REPORT + "Raise the share of forest coverage to about 25 percent by 2025.\n"


def write(folder: Path, name: str, doc_id: str, body: str) -> Path:
    path = folder / name
    path.write_text(HEADER.format(id=doc_id) + body, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A warehouse holding both documents, fully materialized."""
    tmp = tmp_path_factory.mktemp("document_refresh")
    folder = tmp / "documents"
    folder.mkdir()
    shutil.copy(SEED, folder)
    write(folder, f"{REPORT_ID}.txt", REPORT_ID, REPORT)
    result = materialize_all(resources(tmp, documents_dir=folder))
    assert result.success
    return tmp


@pytest.fixture
def setup(base: Path, tmp_path: Path) -> tuple[dict, Path, Warehouse]:
    """This test's own copy of the warehouse and the documents folder."""
    shutil.copy(base / "policy.duckdb", tmp_path / "policy.duckdb")
    folder = tmp_path / "documents"
    shutil.copytree(base / "documents", folder)
    return resources(tmp_path, documents_dir=folder), folder, Warehouse(tmp_path / "policy.duckdb")


def run_refresh(res: dict, documents: list[str] | None) -> dg.ExecuteInProcessResult:
    """The real refresh_documents job, with a selection (or none: every document)."""
    job = dg.Definitions(
        assets=all_assets, jobs=[refresh_documents], resources=res
    ).resolve_job_def("refresh_documents")
    return job.execute_in_process(
        run_config=selection_run_config(documents) if documents is not None else None,
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


def failure_messages(result: dg.ExecuteInProcessResult) -> str:
    return "\n".join(
        e.step_failure_data.error.message for e in result.all_events if e.is_step_failure
    )


def goals(wh: Warehouse, doc_id: str) -> pd.DataFrame:
    return wh.read(
        "select * exclude (document_id) from policy_goals where document_id = ? order by goal_id",
        [doc_id],
    )


def links(wh: Warehouse, doc_id: str) -> pd.DataFrame:
    return wh.read(
        "select l.* from goal_indicators as l inner join policy_goals as g using (goal_id)"
        " where g.document_id = ? order by l.goal_id, l.indicator_code",
        [doc_id],
    )


def loaded_at(wh: Warehouse) -> dict[str, object]:
    rows = wh.read("select document_id, loaded_at from policy_documents")
    return dict(zip(rows["document_id"], rows["loaded_at"], strict=True))


def assert_consistent(wh: Warehouse) -> None:
    """No duplicate goals, no link without its goal, no goal of an unknown document."""
    checks = wh.read(
        """
        select
            (select count(*) - count(distinct goal_id) from policy_goals) as duplicate_goals,
            (select count(*) from goal_indicators
             where goal_id not in (select goal_id from policy_goals)) as orphan_links,
            (select count(*) from policy_goals
             where document_id not in (select document_id from policy_documents)) as orphan_goals,
            (select count(*) - count(distinct document_id) from policy_documents) as duplicate_docs
        """
    ).iloc[0]
    assert checks.to_dict() == {
        "duplicate_goals": 0,
        "orphan_links": 0,
        "orphan_goals": 0,
        "duplicate_docs": 0,
    }


def test_the_base_warehouse_holds_both_documents(setup):
    _, _, wh = setup
    assert set(loaded_at(wh)) == {SEED_ID, REPORT_ID}
    assert len(goals(wh, REPORT_ID)) >= 3
    assert len(links(wh, REPORT_ID)) >= 3
    assert_consistent(wh)


def test_one_document_is_refreshed_alone(setup):
    res, folder, wh = setup
    seed_goals, seed_links, before = goals(wh, SEED_ID), links(wh, SEED_ID), loaded_at(wh)
    report_goals = goals(wh, REPORT_ID)
    write(folder, f"{REPORT_ID}.txt", REPORT_ID, REPORT_EDITED)

    result = run_refresh(res, [f"{REPORT_ID}.txt"])
    assert result.success, failure_messages(result)

    after = loaded_at(wh)
    assert after[SEED_ID] == before[SEED_ID]  # the seed document's row was not rewritten
    assert after[REPORT_ID] > before[REPORT_ID]
    pd.testing.assert_frame_equal(goals(wh, SEED_ID), seed_goals)
    pd.testing.assert_frame_equal(links(wh, SEED_ID), seed_links)
    refreshed = goals(wh, REPORT_ID)
    assert len(refreshed) == len(report_goals) + 1
    (added,) = set(refreshed["goal_id"]) - set(report_goals["goal_id"])
    assert "forest coverage" in refreshed.set_index("goal_id").loc[added, "text"]
    assert_consistent(wh)
    # The comparison downstream read every document's goals back from DuckDB.
    compared = wh.read("select distinct document_id from goal_progress")
    assert set(compared["document_id"]) == {SEED_ID, REPORT_ID}
    materialized = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert {"policy_documents", "policy_goals", "goal_progress", "scorecard"} <= materialized


def test_a_rerun_of_the_same_selection_leaves_the_same_rows(setup):
    res, _, wh = setup
    counts = {t: wh.count(t) for t in ("policy_documents", "policy_goals", "goal_indicators")}
    report = goals(wh, REPORT_ID)
    result = run_refresh(res, [REPORT_ID, f"{REPORT_ID}.txt"])  # by id and by file name
    assert result.success, failure_messages(result)
    assert {t: wh.count(t) for t in counts} == counts
    pd.testing.assert_frame_equal(goals(wh, REPORT_ID), report)
    assert_consistent(wh)


def test_a_selection_of_only_bad_files_names_each_and_keeps_the_data(setup):
    res, folder, wh = setup
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\x00\x01\x02\x03 binary")
    (folder / "blank.txt").write_bytes(b"")
    before = {t: wh.read(f"select * from {t} order by all") for t in ("policy_documents",)}
    result = run_refresh(res, ["scan.txt", "blank.txt"])
    # the data is intact, so no asset is shown as failed; the check names each file
    assert result.success, failure_messages(result)
    (check,) = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "documents_readable"
    ]
    assert not check.passed
    assert "scan.txt: binary content" in check.description
    assert "blank.txt: empty" in check.description
    pd.testing.assert_frame_equal(
        wh.read("select * from policy_documents order by all"), before["policy_documents"]
    )


def test_a_selection_with_one_bad_file_refreshes_the_good_one_and_lists_the_error(setup):
    res, folder, wh = setup
    (folder / "latin1.txt").write_bytes(
        HEADER.format(id="latin1").encode() + b"caf\x81\x8d\x90 plan"
    )
    write(folder, f"{REPORT_ID}.txt", REPORT_ID, REPORT_EDITED)
    result = run_refresh(res, ["latin1.txt", REPORT_ID])
    assert result.success, failure_messages(result)
    (event,) = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey("policy_documents")
    ]
    errors = event.materialization.metadata["errors"].value
    assert "latin1.txt: not UTF-8" in errors
    assert goals(wh, REPORT_ID)["text"].str.contains("forest coverage").any()
    assert "latin1" not in loaded_at(wh)


def test_a_full_run_with_a_bad_file_still_loads_the_good_ones(setup):
    res, folder, wh = setup
    (folder / "huge.txt").write_bytes(b"x" * 5_000_001)
    result = run_refresh(res, None)
    assert result.success, failure_messages(result)
    assert set(loaded_at(wh)) == {SEED_ID, REPORT_ID}
    (event,) = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == dg.AssetKey("policy_documents")
    ]
    assert "huge.txt: too large" in event.materialization.metadata["errors"].value
    assert_consistent(wh)


def test_a_document_whose_id_changed_leaves_no_rows_under_the_old_id(setup):
    res, folder, wh = setup
    write(folder, f"{REPORT_ID}.txt", "work_report_2024_en", REPORT)
    result = run_refresh(res, [f"{REPORT_ID}.txt"])
    assert result.success, failure_messages(result)
    assert set(loaded_at(wh)) == {SEED_ID, "work_report_2024_en"}
    assert goals(wh, REPORT_ID).empty
    assert len(goals(wh, "work_report_2024_en")) >= 3
    assert_consistent(wh)


def test_a_document_with_no_goals_is_loaded_and_its_old_goals_go(setup):
    res, folder, wh = setup
    write(folder, f"{REPORT_ID}.txt", REPORT_ID, "The meeting was held in Beijing.\n")
    result = run_refresh(res, [REPORT_ID])
    assert result.success, failure_messages(result)
    assert REPORT_ID in loaded_at(wh)
    assert goals(wh, REPORT_ID).empty
    assert len(goals(wh, SEED_ID)) > 100
    assert_consistent(wh)


def test_a_deleted_document_stays_on_a_selective_run_and_goes_on_a_full_run(setup):
    res, folder, wh = setup
    (folder / f"{REPORT_ID}.txt").unlink()
    result = run_refresh(res, [SEED_ID])
    assert result.success, failure_messages(result)
    assert set(loaded_at(wh)) == {SEED_ID, REPORT_ID}  # a selection touches only its documents
    result = run_refresh(res, None)
    assert result.success, failure_messages(result)
    assert set(loaded_at(wh)) == {SEED_ID}
    assert goals(wh, REPORT_ID).empty
    assert_consistent(wh)
