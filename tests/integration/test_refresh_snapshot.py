"""`policy-tracker refresh-snapshot` against the loopback World Bank API: the curated
indicators are fetched again, the files keep their shapes, a refused indicator keeps its rows,
and a refused country list leaves every file as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from assets.cli import main as cli
from pipeline.sources.refresh import SOURCE, refresh_snapshot
from pipeline.sources.worldbank import WorldBankClient
from tests.support.live_fixtures import LAST_UPDATED, listed_countries, write_live_fixtures
from tests.support.pipeline import copy_snapshot, materialize_all, resources
from tests.support.wb_server import WorldBankStub, http_status

pytestmark = pytest.mark.slow
FILES = ("observations.parquet", "indicators.csv", "countries.csv")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("worldbank")
    return folder, write_live_fixtures(folder)


def fingerprints(snap: Path) -> dict[str, str]:
    return {f: hashlib.sha256((snap / f).read_bytes()).hexdigest() for f in FILES}


def client(stub: WorldBankStub) -> WorldBankClient:
    return WorldBankClient(stub.base_url, max_attempts=2, backoff=0.01)


def test_refresh_fetches_the_curated_indicators_and_keeps_the_shapes(served, tmp_path):
    fixtures, codes = served
    snap = copy_snapshot(tmp_path)
    before = pq.read_table(snap / "observations.parquet").to_pandas()
    meta_before = pd.read_csv(snap / "indicators.csv")
    with WorldBankStub(fixtures_dir=fixtures) as stub, client(stub) as c:
        result = refresh_snapshot(c, snap)
    curated = set(meta_before["indicator_code"])
    assert set(result.refreshed) == curated & set(codes)
    assert set(result.failed) == curated - set(codes)
    assert all(code in err for code, err in result.failed.items())

    after = pq.read_table(snap / "observations.parquet").to_pandas()
    assert after.dtypes.to_dict() == before.dtypes.to_dict()
    listed = {c["id"] for c in listed_countries()}
    key = ["indicator_code", "country_iso3", "year"]
    for code in curated:
        want = before[before["indicator_code"] == code]
        if code in result.refreshed:  # the API serves the listed economies' real values
            want = want[want["country_iso3"].isin(listed)]
        got = after[after["indicator_code"] == code]
        pd.testing.assert_frame_equal(
            got.sort_values(key, ignore_index=True), want.sort_values(key, ignore_index=True)
        )

    meta = pd.read_csv(snap / "indicators.csv").set_index("indicator_code")
    assert list(meta.reset_index().columns) == list(meta_before.columns)
    fresh = meta.loc[result.refreshed]
    assert (fresh["source"] == SOURCE).all()
    assert (fresh["source_updated"] == LAST_UPDATED).all()
    assert fresh["origin_file"].str.startswith(stub.base_url).all()
    kept = meta.loc[list(result.failed)]
    assert (kept["source"] != SOURCE).all()
    countries = pd.read_csv(snap / "countries.csv")
    assert sorted(countries["country_iso3"]) == sorted(listed)

    # The pipeline runs on the refreshed snapshot as on the shipped one.
    assert materialize_all(resources(tmp_path / "run", snapshot_dir=snap)).success


def test_a_refused_country_list_changes_nothing(served, tmp_path, capsys):
    fixtures, _ = served
    snap = copy_snapshot(tmp_path)
    before = fingerprints(snap)
    with WorldBankStub(fixtures_dir=fixtures) as stub:
        stub.inject(http_status(500), times=5, path="/v2/country")
        code = cli(["refresh-snapshot", "--api-url", stub.base_url, "--snapshot", str(snap)])
    assert code == 1
    assert "snapshot not refreshed" in capsys.readouterr().err
    assert fingerprints(snap) == before
    assert not [p for p in snap.iterdir() if p.name.startswith(".")]  # no temporary files left
