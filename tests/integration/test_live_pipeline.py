"""The whole pipeline in live mode against a loopback World Bank API, materialized in-process.

Nothing is mocked: ``StatisticsResource(source="live")`` talks HTTP to
``tests.support.wb_server.WorldBankStub``, which serves, for every catalogue indicator the
shipped snapshot holds, the snapshot's real values for the economies of the recorded country
list, in the API's JSON shape (``tests.support.live_fixtures``, written to a temporary folder).

The stub leaves one catalogue indicator unserved (``live_fixtures.UNSERVED``, IT.NET.USER.ZS)
and answers it as the API answers an unknown code (the error payload with HTTP 200). Every live
run here therefore fails the ``observations_sources`` check on that one indicator, writes all
the others, and goes on to compare goals with them; a fully clean live run would need invented
values.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pandas as pd
import pyarrow.parquet as pq
import pytest

from assets.resources import StatisticsResource
from pipeline.config import DOCUMENTS_DIR, SNAPSHOT_DIR
from pipeline.warehouse.registry import TABLES
from pipeline.warehouse.store import Warehouse
from tests.support.live_fixtures import (
    LAST_UPDATED,
    catalogue_codes,
    listed_countries,
    missing_codes,
    served_rows,
    write_live_fixtures,
)
from tests.support.pipeline import materialize_all, resources
from tests.support.wb_server import (
    Fault,
    WorldBankStub,
    connection_reset,
    error_payload,
    http_status,
)

MANF = "NV.IND.MANF.ZS"
SEED = DOCUMENTS_DIR / "new_industrialization_2023.txt"
# step keys: link_goals writes policy_goals and goal_indicators, views every view
UPSTREAM = {
    "policy_documents", "extracted_goals", "reviewed_goals", "link_goals", "indicator_catalog",
    "countries",
}  # fmt: skip
DOWNSTREAM = {"goal_progress", "claim_checks", "goal_context", "views", "scorecard"}
KEY = ["indicator_code", "country_iso3", "year"]


@pytest.fixture(scope="module")
def fixtures_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("worldbank")
    served = write_live_fixtures(folder)
    assert served == sorted(set(catalogue_codes()) - set(MISSING))
    assert "IT.NET.USER.ZS" in MISSING and "NV.IND.MANF.ZS" in served
    return folder


MISSING = missing_codes()  # every live run here names them
N_SERVED = len(catalogue_codes()) - len(MISSING)


@pytest.fixture(scope="module")
def seed_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Only the seed document: its goals link theme indicators only, all in the catalogue."""
    folder = tmp_path_factory.mktemp("documents")
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def stub(fixtures_dir: Path) -> Iterator[WorldBankStub]:
    with WorldBankStub(fixtures_dir=fixtures_dir) as server:
        yield server
        assert server.errors == []


def live(tmp: Path, stub: WorldBankStub, documents: Path) -> dict:
    return resources(tmp, source="live", api_url=stub.base_url, documents_dir=documents)


def data_url(stub: WorldBankStub, code: str) -> str:
    return f"{stub.base_url}/country/all/indicator/{code}?format=json&per_page=20000&page=1"


def read_observations(tmp: Path) -> pd.DataFrame:
    df = Warehouse(tmp / "policy.duckdb").read("select * from observations")
    df = df.astype({"year": "int64"})
    return df.sort_values(KEY, ignore_index=True)


def started_steps(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.step_key for e in result.all_events if e.event_type_value == "STEP_START"}


def observations_failure(result: dg.ExecuteInProcessResult) -> tuple[str, dict]:
    """The failed sources check of a run that went on: its description, and the metadata of
    the observations materialization."""
    assert result.success, "a failed indicator does not fail the run"
    (check,) = [
        e for e in result.get_asset_check_evaluations() if e.check_name == "observations_sources"
    ]
    assert not check.passed
    assert check.severity == dg.AssetCheckSeverity.ERROR
    (mat,) = [
        e.event_specific_data.materialization
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION" and e.step_key == "observations"
    ]
    return check.description, {k: v.value for k, v in mat.metadata.items()}


def assert_names(message: str, stub: WorldBankStub, code: str, reason: str) -> None:
    assert f"{code}: World Bank API: indicator {code}: {reason}" in message
    assert f"(GET {data_url(stub, code)})" in message


def test_live_run_writes_every_served_indicator_and_names_the_one_the_api_rejects(
    stub: WorldBankStub, seed_only: Path, fixtures_dir: Path, tmp_path: Path
) -> None:
    before = datetime.now(UTC)
    result = materialize_all(live(tmp_path, stub, seed_only))
    after = datetime.now(UTC)

    message, metadata = observations_failure(result)
    everything = UPSTREAM | {"observations"} | DOWNSTREAM
    assert started_steps(result) == everything, "the comparison goes on with what loaded"
    assert {e.step_key for e in result.get_step_success_events()} == everything
    assert message.startswith(f"{len(MISSING)} indicator(s) failed")
    for code in MISSING:
        assert_names(message, stub, code, "API error (HTTP 200): Invalid value")
    assert "(no earlier rows to keep)" in message
    assert metadata["indicators_loaded"] == N_SERVED
    assert metadata["indicators_failed"] == len(MISSING)
    assert metadata["http_requests"] == N_SERVED
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {f"{name}_schema": True for name in TABLES} | {
        "observations_sources": False,
        "documents_readable": True,
        "reviews_match": True,
        "goals_measured": False,  # the goals on the refused indicators have no data
    }

    # The rows written are exactly the rows served, null values dropped.
    got = read_observations(tmp_path)
    want = served_rows(fixtures_dir)
    raw_rows = sum(
        len(json.loads(p.read_text(encoding="utf-8"))[1])
        for p in fixtures_dir.glob("indicator_*.json")
        if not p.name.startswith("indicator_meta_")
    )
    assert 0 < len(want) < raw_rows, "the served pages must carry null values to drop"
    assert len(got) == len(want) == metadata["dagster/row_count"]
    assert not set(MISSING) & set(got["indicator_code"])
    pd.testing.assert_frame_equal(
        got[want.columns.tolist()], want, check_dtype=False, check_exact=True
    )
    assert set(got["source"]) == {f"World Bank API {stub.base_url}"}
    assert stub.base_url.startswith("http://127.0.0.1:") and stub.base_url.endswith("/v2")
    assert set(got["source_updated"]) == {LAST_UPDATED}
    assert got["fetched_at"].between(before, after).all()
    assert got.groupby("indicator_code")["fetched_at"].nunique().eq(1).all()

    # ... and they are the shipped snapshot's real values for the listed economies.
    listed = [c["id"] for c in listed_countries()]
    snap = pq.read_table(
        SNAPSHOT_DIR / "observations.parquet", filters=[("country_iso3", "in", listed)]
    ).to_pandas()
    snap = snap[~snap["indicator_code"].isin(MISSING)]
    snap = snap.astype({"year": "int64"}).sort_values(KEY, ignore_index=True)
    pd.testing.assert_frame_equal(
        got[snap.columns.tolist()], snap, check_dtype=False, check_exact=True
    )

    countries = Warehouse(tmp_path / "policy.duckdb").read_table("countries")
    assert sorted(countries["country_iso3"]) == sorted(listed)
    assert int(countries["is_aggregate"].sum()) == 8
    assert (countries["region"] == countries["region"].str.strip()).all()

    # One request per catalogue indicator (an error payload is not retried) and one list.
    paths = sorted(r.path for r in stub.requests_to("/indicator/"))
    assert paths == [f"/v2/country/all/indicator/{c}" for c in catalogue_codes()]
    assert [r.path for r in stub.requests if "/indicator/" not in r.path] == ["/v2/country"]


def test_comparison_runs_on_the_rows_a_failed_live_run_kept(
    stub: WorldBankStub, seed_only: Path, fixtures_dir: Path, tmp_path: Path
) -> None:
    live_tmp, snap_tmp = tmp_path / "live", tmp_path / "snapshot"
    observations_failure(materialize_all(live(live_tmp, stub, seed_only)))
    assert materialize_all(resources(snap_tmp, documents_dir=seed_only)).success
    live_wh, snap_wh = Warehouse(live_tmp / "policy.duckdb"), Warehouse(snap_tmp / "policy.duckdb")

    # Goals are about China, whose rows are the same whichever source served them.
    # Only the vintage differs: the API's lastupdated against the snapshot's provenance date.
    # The unserved indicator has no data in the live run, and values in the snapshot's.
    order = "select * from goal_progress order by goal_id, indicator_code nulls first"
    got, want = live_wh.read(order), snap_wh.read(order)
    unserved = got["indicator_code"].isin(MISSING)
    assert (got.loc[unserved, "status"] == "no data").all()
    got, want = got[~unserved].reset_index(drop=True), want[~unserved].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        got.drop(columns="source_updated"), want.drop(columns="source_updated")
    )
    judged = got[got["latest_value"].notna()]
    assert judged["source_updated"].notna().all()

    order = "select * from claim_checks order by goal_id, indicator_code nulls first"
    got, want = live_wh.read(order), snap_wh.read(order)
    same = [c for c in want.columns if c not in ("economies_ranked", "evidence")]
    pd.testing.assert_frame_equal(got[same], want[same])
    assert set(got["verdict"]) == {"supported", "unverifiable"}

    # The rank claim is ranked among the listed economies only, aggregates left out.
    rank = got[got["check_type"] == "rank"].iloc[0]
    served = served_rows(fixtures_dir)
    economies = {c["id"] for c in listed_countries() if c["region"]["value"] != "Aggregates"}
    ranked = served[
        (served["indicator_code"] == rank["indicator_code"])
        & (served["year"] == rank["evaluation_year"])
        & served["country_iso3"].isin(economies)
    ]
    assert rank["rank"] == 1
    assert rank["economies_ranked"] == len(ranked) == 13
    assert f"rank 1 of {len(ranked)} economies in {rank['evaluation_year']}" in rank["evidence"]
    assert (live_tmp / "reports" / "scorecard.html").exists()


def test_transient_faults_are_retried_and_write_the_same_rows(
    stub: WorldBankStub, seed_only: Path, tmp_path: Path
) -> None:
    # Four faults in a row on one request need five attempts: the resource's default, not the
    # test helper's three. Their order keeps the backoff short: 0.5 s, 1 s, 2 s, then
    # Retry-After: 0.
    statistics = StatisticsResource(source="live", api_url=stub.base_url)
    assert statistics.max_attempts == 5
    clean_tmp, faulty_tmp = tmp_path / "clean", tmp_path / "faulty"
    clean_res = {**live(clean_tmp, stub, seed_only), "statistics": statistics}
    faulty_res = {**live(faulty_tmp, stub, seed_only), "statistics": statistics}

    clean = materialize_all(clean_res)
    stub.requests.clear()
    stub.inject(connection_reset(), path=f"/indicator/{MANF}")
    stub.inject(http_status(500), times=2, path=f"/indicator/{MANF}")
    stub.inject(http_status(429, retry_after=0), path=f"/indicator/{MANF}")
    faulty = materialize_all(faulty_res)

    assert stub.pending_faults() == 0
    assert len(stub.requests_to(f"/indicator/{MANF}")) == 5
    (clean_msg, clean_meta), (faulty_msg, faulty_meta) = map(observations_failure, [clean, faulty])
    for message in (clean_msg, faulty_msg):  # only the indicator with no data fails
        assert message.startswith(f"{len(MISSING)} indicator(s) failed")
        assert_names(message, stub, MISSING[0], "API error (HTTP 200)")
        assert MANF not in message
    assert faulty_meta["http_requests"] == clean_meta["http_requests"] + 4

    rows_clean = read_observations(clean_tmp).drop(columns="fetched_at")
    rows_faulty = read_observations(faulty_tmp).drop(columns="fetched_at")
    assert (rows_faulty["indicator_code"] == MANF).sum() == 648
    pd.testing.assert_frame_equal(rows_faulty, rows_clean, check_exact=True)


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        (error_payload(), "API error (HTTP 200): Invalid value"),
        (http_status(404), "HTTP 404 Not Found"),
    ],
    ids=["error-payload", "http-404"],
)
def test_permanent_fault_on_a_rerun_keeps_that_indicators_last_good_rows(
    stub: WorldBankStub, seed_only: Path, tmp_path: Path, fault: Fault, reason: str
) -> None:
    res = live(tmp_path, stub, seed_only)
    observations_failure(materialize_all(res))  # fails on MISSING only
    first = read_observations(tmp_path)
    stub.requests.clear()
    stub.inject(fault, times=3, path=f"/indicator/{MANF}")  # as many as the client attempts

    message, metadata = observations_failure(materialize_all(res))

    assert message.startswith(f"{len(MISSING) + 1} indicator(s) failed")
    assert_names(message, stub, MANF, reason)
    assert f"{MANF}: " in message and "(kept its last good 648 rows)" in message
    assert_names(message, stub, MISSING[0], "API error (HTTP 200)")
    assert len(stub.requests_to(f"/indicator/{MANF}")) == 1, "a permanent error is not retried"
    assert metadata["indicators_loaded"] == N_SERVED - 1

    second = read_observations(tmp_path)
    assert len(second) == len(first)
    is_manf = first["indicator_code"] == MANF
    assert is_manf.sum() == 648
    pd.testing.assert_frame_equal(
        second[second["indicator_code"] == MANF].reset_index(drop=True),
        first[is_manf].reset_index(drop=True),
        check_exact=True,
    )
    # Every other indicator was fetched again: same values, a later fetched_at.
    pd.testing.assert_frame_equal(
        second.drop(columns="fetched_at"), first.drop(columns="fetched_at"), check_exact=True
    )
    refreshed = ~is_manf
    assert (second.loc[refreshed, "fetched_at"] > first.loc[is_manf, "fetched_at"].max()).all()
    assert (second.loc[refreshed, "fetched_at"] > first.loc[refreshed, "fetched_at"]).all()
