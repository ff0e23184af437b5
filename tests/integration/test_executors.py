"""The same asset definitions on Dagster's multiprocess executor: every step in a process of
its own (as on the Celery or Kubernetes executors, docs/scaling.md), the warehouse shared
through its working file. The run must give the tables an in-process run gives."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from assets.definitions import all_assets
from assets.resources import default_resources
from pipeline.warehouse.store import Warehouse
from tests.support.pipeline import materialize_all, resources

pytestmark = pytest.mark.slow

TABLES = ["policy_goals", "goal_indicators", "observations", "goal_progress", "claim_checks"]


def everything_multiprocess() -> dg.JobDefinition:
    """Built in each step's process from the environment, as a code location would be."""
    job = dg.define_asset_job(
        "everything_multiprocess",
        selection=dg.AssetSelection.all(),
        executor_def=dg.multiprocess_executor,
    )
    defs = dg.Definitions(assets=all_assets, jobs=[job], resources=default_resources())
    return defs.resolve_job_def("everything_multiprocess")


def counts(db: Path) -> dict[str, int]:
    wh = Warehouse(db)
    return {
        t: int(wh.read(f'select count(*) as n from "{t}"', published=True)["n"][0]) for t in TABLES
    }  # noqa: S608


def test_the_asset_graph_runs_on_the_multiprocess_executor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reference = tmp_path / "inprocess"
    assert materialize_all(resources(reference)).success

    db = tmp_path / "multiprocess" / "policy.duckdb"
    monkeypatch.setenv("POLICY_TRACKER_DB", str(db))
    monkeypatch.setenv("POLICY_TRACKER_REPORTS", str(tmp_path / "multiprocess" / "reports"))
    monkeypatch.setenv("POLICY_TRACKER_SOURCE", "snapshot")
    home = tmp_path / "dagster_home"
    home.mkdir()
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        result = dg.execute_job(
            dg.reconstructable(everything_multiprocess),
            instance=instance,
            run_config={"execution": {"config": {"max_concurrent": 2}}},
        )
        assert result.success
        steps = {e.step_key for e in result.get_step_success_events()}
        assert {"observations", "goal_progress", "claim_checks", "scorecard"} <= steps
        pids = {e.pid for e in result.all_events if e.step_key is not None and e.pid is not None}
        assert len(pids) > 1  # the steps did run in processes of their own
    assert counts(db) == counts(reference / "policy.duckdb")
