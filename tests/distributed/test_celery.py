"""The partitioned statistics and the comparison on a distributed executor: Dagster's celery
executor, a Redis broker and two Celery worker processes, all started by the test. The
``observation_files`` partitions run one run each (what a backfill does), two runs at a time,
with the ``worldbank`` pool limited to one step at a time across runs and workers; then
the ``document_files`` partitions (one per document) run the same way; then ``policy_documents``
and ``observations`` load the staged files and the comparison runs, step by step on the workers.
The tables must equal those of the in-process run ``make run`` does, and the steps must have
run in more than one worker process and never in the test's own.

Needs Debian's ``redis-server`` (``.ci/run`` installs it): with POLICY_TRACKER_REQUIRE_REDIS=1
(CI sets it) a missing one fails the test; elsewhere it is skipped.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import dagster as dg
import pandas as pd
import pytest
from dagster._core.definitions.reconstruct import build_reconstructable_job

from pipeline.config import DOCUMENTS_DIR
from pipeline.warehouse.store import Warehouse
from tests.support.celery import ROOT, celery_workers, redis_available, redis_server
from tests.support.pipeline import materialize_all, resources

pytestmark = pytest.mark.slow

DOCUMENTS = ["new_industrialization_2023.txt", "gov_work_report_2018_highlights.txt"]
TABLES = [
    "policy_documents", "extracted_goals", "observations", "goal_progress", "claim_checks",
    "goal_context",
]  # fmt: skip
VOLATILE = ["loaded_at", "generated_at", "chart_path", "report_path"]


def job(name: str):
    return build_reconstructable_job(
        "tests.distributed.defs", "get_job", reconstructable_args=(name,),
        reconstructor_working_directory=str(ROOT),
    )  # fmt: skip


def table(db: Path, name: str) -> pd.DataFrame:
    df = Warehouse(db).read(f'select * from "{name}"', published=True)  # noqa: S608 - fixed names
    df = df.drop(columns=[c for c in VOLATILE if c in df])
    return df.sort_values(list(df.columns)).reset_index(drop=True)


def run_partition(home: str, name: str, key: str, run_config: dict) -> str:
    """One partition's run of job ``name``, in a spawned process of its own (``execute_job``
    is not safe to call from threads): its own instance on the shared home. Returns the run
    id."""
    with dg.DagsterInstance.from_config(home) as instance, dg.execute_job(
        job(name), instance=instance, run_config=run_config, tags={"dagster/partition": key},
    ) as result:  # fmt: skip
        assert result.success, [e.message for e in result.all_events if e.is_failure]
        return result.run_id


def step_spans(instance: dg.DagsterInstance, run_id: str) -> list[tuple[float, float, int]]:
    """(start, end, pid) of each step of a run, from its event log."""
    starts, spans = {}, []
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = (entry.timestamp, event.pid)
        elif event.event_type_value == "STEP_SUCCESS":
            t0, pid = starts[event.step_key]
            spans.append((t0, entry.timestamp, pid))
    return spans


def most_at_once(spans: list[tuple[float, float, int]]) -> int:
    edges = sorted([(s, 1) for s, _, _ in spans] + [(e, -1) for _, e, _ in spans])
    now = peak = 0
    for _, step in edges:
        now += step
        peak = max(peak, now)
    return peak


@pytest.fixture
def documents(tmp_path: Path) -> Path:
    folder = tmp_path / "documents"
    folder.mkdir()
    for name in DOCUMENTS:
        shutil.copy(DOCUMENTS_DIR / name, folder / name)
    return folder


def test_partitioned_statistics_and_comparison_on_celery_equal_an_in_process_run(
    tmp_path: Path, documents: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not redis_available():
        if os.environ.get("POLICY_TRACKER_REQUIRE_REDIS") == "1":
            pytest.fail("redis-server is missing: apt-get install redis-server (.ci/run does)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    reference = tmp_path / "inprocess"
    res = resources(reference, documents_dir=documents, indicators="linked")
    assert materialize_all(res).success

    db = tmp_path / "celery" / "policy.duckdb"
    env = {
        "POLICY_TRACKER_DB": str(db),
        "POLICY_TRACKER_REPORTS": str(tmp_path / "celery" / "reports"),
        "POLICY_TRACKER_DOCUMENTS": str(documents),
        "POLICY_TRACKER_SOURCE": "snapshot",
        "POLICY_TRACKER_INDICATORS": "linked",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    with (
        redis_server() as broker,
        celery_workers(broker, tmp_path / "workers", env, n=2),
        dg.DagsterInstance.from_config(str(home)) as instance,
    ):
        instance.event_log_storage.set_concurrency_slots("worldbank", 1)
        celery = {"execution": {"config": {"broker": broker, "backend": broker}}}
        with dg.execute_job(job("upstream"), instance=instance) as result:
            assert result.success
        codes = instance.get_dynamic_partitions("indicator")  # added by indicator_catalog
        assert len(codes) >= 2, codes
        files = instance.get_dynamic_partitions("document")  # added by policy_documents
        assert sorted(files) == sorted(DOCUMENTS)
        spawn = mp.get_context("spawn")
        with ProcessPoolExecutor(2, mp_context=spawn) as pool:
            runs = list(
                pool.map(
                    run_partition,
                    [str(home)] * len(codes),
                    ["stage_celery"] * len(codes),
                    codes,
                    [celery] * len(codes),
                )
            )
            doc_runs = list(pool.map(run_partition, [str(home)] * len(files),
                                     ["documents_celery"] * len(files), files,
                                     [celery] * len(files)))  # fmt: skip
        compare = celery | {"ops": {
            "observations": {"config": {"fetch": False}},
            "policy_documents": {"config": {"staged": True}},
            "extracted_goals": {"config": {"staged": True}},
        }}  # fmt: skip
        with dg.execute_job(job("compare_celery"), instance=instance, run_config=compare) as result:
            assert result.success, [e.message for e in result.all_events if e.is_failure]
            compared = step_spans(instance, result.run_id)
        staged = [span for run in runs for span in step_spans(instance, run)]
        documented = [span for run in doc_runs for span in step_spans(instance, run)]
        loaded = instance.get_latest_materialization_event(dg.AssetKey("policy_documents"))

    assert len(staged) == len(codes)
    assert len(documented) == len(files)
    selection = loaded.asset_materialization.metadata["selection"].value
    assert selection == f"{len(files)} from staged files, 0 read now"
    pids = {pid for _, _, pid in staged + documented + compared}
    assert os.getpid() not in pids, "a step ran in the test process, not on a worker"
    assert len(pids) >= 2, f"every step ran in one worker process: {pids}"
    assert most_at_once(staged) == 1, "the worldbank pool lets one fetch run at a time"
    for name in TABLES:
        pd.testing.assert_frame_equal(table(db, name), table(reference / "policy.duckdb", name))
