"""Documents as partitions: ``document_files`` stages each document (one partition per file,
kept in step with the folder), ``load_staged_documents`` gathers them, and the tables come out
as a run that reads every document itself. Real assets, in-process, one Dagster instance for
all runs (it holds the partitions), a temporary DuckDB file.
"""

from __future__ import annotations

import shutil

import dagster as dg
import pandas as pd
import pytest

from assets.definitions import all_assets
from assets.jobs import load_staged_documents, stage_documents
from assets.staging import DOCUMENTS, document_files
from pipeline.config import DOCUMENTS_DIR
from pipeline.warehouse.store import Warehouse
from tests.support.pipeline import resources

TABLES = ("policy_documents", "extracted_goals", "policy_goals", "goal_progress", "claim_checks")
RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def tables(wh: Warehouse) -> dict[str, pd.DataFrame]:
    out = {}
    for name in TABLES:
        df = wh.read_table(name).drop(columns=["loaded_at", "computed_at"], errors="ignore")
        key = [c for c in ("document_id", "goal_id", "claim_id", "indicator_code") if c in df]
        out[name] = df.sort_values(key).reset_index(drop=True)
    return out


def job(res: dict, name: str):
    defs = dg.Definitions(
        assets=[*all_assets, document_files],
        jobs=[stage_documents, load_staged_documents],
        resources=res,
    )
    return defs.resolve_job_def(name)


def stage(res: dict, instance: dg.DagsterInstance, keys: list[str]):
    """One run over a range of document partitions, as a backfill's run is."""
    return job(res, "stage_documents").execute_in_process(
        instance=instance, tags={RANGE_START: keys[0], RANGE_END: keys[-1]}, raise_on_error=False
    )


@pytest.fixture(scope="module")
def whole(tmp_path_factory):
    """Every shipped document, read by a normal run, then staged and loaded by partitions in
    a second warehouse: (folder, instance, tables of the normal run, resources of the second)."""
    tmp = tmp_path_factory.mktemp("document_partitions")
    folder = tmp / "documents"
    shutil.copytree(DOCUMENTS_DIR, folder)
    normal = resources(tmp / "normal", documents_dir=folder)
    (tmp / "normal").mkdir()
    instance = dg.DagsterInstance.ephemeral()
    assert dg.materialize(all_assets, resources=normal, instance=instance).success
    (tmp / "staged").mkdir()
    res = resources(tmp / "staged", documents_dir=folder)
    return folder, instance, tables(Warehouse(tmp / "normal" / "policy.duckdb")), res


def test_a_run_adds_a_partition_per_file(whole):
    folder, instance, _, _ = whole
    assert sorted(instance.get_dynamic_partitions(DOCUMENTS.name)) == sorted(
        p.name for p in folder.iterdir()
    )


def test_staged_partitions_load_the_same_tables_as_a_run_that_reads_them(whole):
    folder, instance, expected, res = whole
    keys = instance.get_dynamic_partitions(DOCUMENTS.name)
    staged = stage(res, instance, keys)
    assert staged.success
    files = sorted(p.name for p in res["warehouse"].get().staging("documents").iterdir())
    assert len(files) == 2 * len(keys)
    loaded = job(res, "load_staged_documents").execute_in_process(instance=instance)
    assert loaded.success
    mat = loaded.asset_materializations_for_node("policy_documents")[0]
    assert mat.metadata["selection"].value == f"{len(keys)} from staged files, 0 read now"
    got = tables(Warehouse(res["warehouse"].path))
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], expected[name], check_dtype=False, obj=name)


def test_a_document_changed_after_staging_is_read_again_not_taken_stale(whole, tmp_path):
    folder, instance, _, res = whole
    keys = sorted(instance.get_dynamic_partitions(DOCUMENTS.name))
    assert stage(res, instance, keys).success
    edited = folder / keys[0]
    original = edited.read_text(encoding="utf-8")
    try:
        edited.write_text(
            original + "\nRaise forest coverage to 30 percent by 2035.\n", encoding="utf-8"
        )
        loaded = job(res, "load_staged_documents").execute_in_process(instance=instance)
        assert loaded.success
        mat = loaded.asset_materializations_for_node("policy_documents")[0]
        assert mat.metadata["selection"].value == f"{len(keys) - 1} from staged files, 1 read now"
        goals = Warehouse(res["warehouse"].path).read_table("extracted_goals")
        assert goals["text"].str.contains("forest coverage to 30 percent").any()
    finally:
        edited.write_text(original, encoding="utf-8")


def test_an_unreadable_document_fails_its_partition_and_keeps_the_others(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copy(sorted(DOCUMENTS_DIR.iterdir())[0], folder)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    res = resources(tmp_path, documents_dir=folder)
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(DOCUMENTS.name, sorted(p.name for p in folder.iterdir()))
    result = stage(res, instance, sorted(p.name for p in folder.iterdir()))
    assert not result.success
    failure = next(e for e in result.all_events if e.event_type_value == "STEP_FAILURE")
    assert "scan.pdf" in failure.step_failure_data.user_failure_data.description
    staged = sorted(p.name for p in res["warehouse"].get().staging("documents").iterdir())
    good = sorted(DOCUMENTS_DIR.iterdir())[0].name
    assert staged == [f"{good}.document.parquet", f"{good}.records.parquet"]
