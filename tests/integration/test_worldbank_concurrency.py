"""WorldBankClient.fetch_indicators: bounded concurrency against the loopback server.

Results come back in the order asked for, each equal to what fetch_indicator returns alone;
an indicator that fails is yielded as its WorldBankError and the others still load; each
worker keeps its own connection alive; the number of workers is bounded.
"""

from __future__ import annotations

import pandas as pd
import pytest

from assets.resources import default_resources
from pipeline.sources.worldbank import MAX_WORKERS_LIMIT, WorldBankClient, WorldBankError
from tests.support.wb_server import WorldBankStub, http_status

MANF = "NV.IND.MANF.ZS"
POP = "SP.POP.TOTL"


@pytest.fixture
def stub():
    with WorldBankStub() as server:
        yield server


def test_results_in_order_and_equal_to_single_fetches(stub: WorldBankStub) -> None:
    codes = [POP, MANF, "NOT.A.CODE", MANF, POP]
    with WorldBankClient(stub.base_url, per_page=10, sleep=lambda s: None) as client:
        alone = {c: client.fetch_indicator(c) for c in (MANF, POP)}
        got = list(client.fetch_indicators(codes, max_workers=3))
    assert [code for code, _ in got] == codes
    for code, result in got:
        if code == "NOT.A.CODE":
            assert isinstance(result, WorldBankError)
            assert result.indicator == "NOT.A.CODE"
        else:
            assert isinstance(result, pd.DataFrame)
            pd.testing.assert_frame_equal(result, alone[code])
            assert result.attrs["requests"] == alone[code].attrs["requests"]


def test_retries_still_apply_per_indicator(stub: WorldBankStub) -> None:
    stub.inject(http_status(503, retry_after=0), times=2, path=f"/indicator/{MANF}")
    with WorldBankClient(stub.base_url, sleep=lambda s: None) as client:
        got = dict(client.fetch_indicators([MANF, POP], max_workers=2))
    assert isinstance(got[MANF], pd.DataFrame)
    assert got[MANF].attrs["requests"] == 3  # two 503s, then the page
    assert isinstance(got[POP], pd.DataFrame)


def test_each_worker_reuses_its_connection(stub: WorldBankStub) -> None:
    codes = [MANF, POP] * 4
    with WorldBankClient(stub.base_url, per_page=10) as client:
        results = list(client.fetch_indicators(codes, max_workers=2))
    assert all(isinstance(r, pd.DataFrame) for _, r in results)
    ports = {r.client_port for r in stub.requests}
    assert len(stub.requests) > 8
    assert len(ports) <= 2


def test_workers_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="between 1 and"):
        WorldBankClient("http://127.0.0.1:9/v2", max_workers=MAX_WORKERS_LIMIT + 1)
    monkeypatch.setenv("WORLDBANK_MAX_WORKERS", "2")
    statistics = default_resources()["statistics"].process_config_and_initialize()
    assert statistics.client().max_workers == 2
    monkeypatch.delenv("WORLDBANK_MAX_WORKERS")
    statistics = default_resources()["statistics"].process_config_and_initialize()
    assert statistics.client().max_workers == 4
