"""Shared set-up for the reliability tests: the loopback World Bank API, one clean live run to
compare against, and short client settings so that retries cost milliseconds, not minutes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import duckdb
import pandas as pd
import pytest

from pipeline.warehouse.store import TABLES, Warehouse
from tests.conftest import SEED
from tests.support.live_fixtures import missing_codes, write_live_fixtures
from tests.support.pipeline import materialize_all, resources
from tests.support.wb_server import WorldBankStub

MANF = "NV.IND.MANF.ZS"
KEY = ["indicator_code", "country_iso3", "year"]
# Small pages (NV.IND.MANF.ZS is 1,365 rows for the listed economies: three pages), quick
# retries, a read timeout short enough that a hanging request costs half a second.
FAST = {
    "per_page": 500,
    "max_attempts": 4,
    "backoff_seconds": 0.01,
    "read_timeout_seconds": 0.5,
    "max_retry_after_seconds": 5.0,
}
MISSING = missing_codes()  # every live run here names them


@pytest.fixture(scope="session")
def live_fixtures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("worldbank")
    served = write_live_fixtures(folder)
    assert MANF in served
    return folder


@pytest.fixture(scope="session")
def seed_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("documents")
    shutil.copy(SEED, folder / SEED.name)
    return folder


@pytest.fixture
def stub(live_fixtures: Path) -> Iterator[WorldBankStub]:
    with WorldBankStub(fixtures_dir=live_fixtures) as server:
        yield server
        assert server.errors == []


def live(tmp: Path, stub: WorldBankStub, documents: Path, **settings: float) -> dict:
    return resources(
        tmp, source="live", api_url=stub.base_url, documents_dir=documents, **(FAST | settings)
    )


@pytest.fixture(scope="session")
def clean(tmp_path_factory: pytest.TempPathFactory, live_fixtures: Path, seed_only: Path) -> Path:
    """A folder holding the warehouse of one clean live run of the whole pipeline (only the
    indicators in MISSING fail, as in every live run here)."""
    tmp = tmp_path_factory.mktemp("clean_live_run")
    with WorldBankStub(fixtures_dir=live_fixtures) as server:
        result = materialize_all(live(tmp, server, seed_only))
        assert server.errors == []
    assert result.success
    failed = [e for e in result.get_asset_check_evaluations() if not e.passed]
    # the indicators the stub refuses fail their check, and the goals on them have no data
    assert {e.check_name for e in failed} == {"observations_sources", "goals_measured"}
    return tmp


@pytest.fixture(scope="session")
def finished(tmp_path_factory: pytest.TempPathFactory, seed_only: Path) -> Path:
    """A folder holding the warehouse (published and working file) of one finished run of the
    whole pipeline on the shipped snapshot, over the seed document only."""
    tmp = tmp_path_factory.mktemp("finished_run")
    result = materialize_all(resources(tmp, documents_dir=seed_only))
    assert result.success, failures(result)
    return tmp


def copy_finished(src: Path, dest: Path) -> Path:
    """Copy both files of a warehouse folder; returns the published file's path in ``dest``."""
    shutil.copy2(src / "policy.duckdb", dest / "policy.duckdb")
    shutil.copytree(src / ".work", dest / ".work")
    return dest / "policy.duckdb"


def copy_warehouse(src: Path, dest: Path) -> Warehouse:
    """A copy of the published file of ``src`` in ``dest``: the working file is seeded from it."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / "policy.duckdb", dest / "policy.duckdb")
    return Warehouse(dest / "policy.duckdb")


def published_table(folder: Path, table: str) -> pd.DataFrame:
    """A table as a reader sees it (the published file), in a stable order."""
    df = Warehouse(folder / "policy.duckdb").read(
        f"select * from {table} order by all",  # a name from TABLES, never a value
        published=True,
    )
    assert table in TABLES
    return df


def observations(folder: Path) -> pd.DataFrame:
    df = published_table(folder, "observations").astype({"year": "int64"})
    return df.sort_values(KEY, ignore_index=True)


def counts(path: Path, tables: list[str] | None = None) -> dict[str, int]:
    """Row counts of every table in a DuckDB file, opened read-only as any reader would."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        present = [r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()]
        return {
            t: con.execute(f'select count(*) from "{t}"').fetchone()[0]
            for t in sorted(tables or present)
        }
    finally:
        con.close()


def check(result: dg.ExecuteInProcessResult, name: str) -> dg.AssetCheckEvaluation:
    (found,) = [e for e in result.get_asset_check_evaluations() if e.check_name == name]
    return found


def failures(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    """step key -> failure message (with the messages of its causes), for every failed step."""
    found = {}
    for event in result.all_events:
        if not event.is_step_failure:
            continue
        parts, error = [], event.step_failure_data.error
        while error is not None:
            parts.append(error.message.strip())
            error = error.cause
        found[event.step_key] = "\n".join(parts)
    return found


def succeeded(result: dg.ExecuteInProcessResult) -> set[str]:
    return {e.step_key for e in result.get_step_success_events()}
