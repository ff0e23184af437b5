"""Every fault of the World Bank API, injected by the loopback server, through the real pipeline.

The ``observations`` asset runs in live mode, materialized by Dagster on a copy of the warehouse
of one clean live run (``clean``: what the asset reads is there), against
``tests.support.wb_server.WorldBankStub`` with small pages and short retries (``FAST``). A
transient fault must end in exactly the rows of the clean run, all of them fetched again; a
permanent one must fail only that indicator, with a message naming the indicator, the URL and
the reason, keep its previous rows in DuckDB and let every other indicator load.

Every live run here also names the catalogue indicators the snapshot cannot serve (``MISSING``):
those are answered with the API's error payload, as the real API answers an unknown code.
"""

from __future__ import annotations

import json
import logging
import math
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.reliability.conftest import (
    FAST,
    MANF,
    MISSING,
    check,
    copy_warehouse,
    failures,
    live,
    observations,
    published_table,
    succeeded,
)
from tests.support.pipeline import materialize_all
from tests.support.wb_server import (
    Fault,
    WorldBankStub,
    change_data,
    drop_mid_body,
    error_payload,
    hang,
    http_status,
    load_fixture_text,
    raw_body,
)

# The asset alone, on a copy of the clean run's warehouse: what it reads is there already.
STATISTICS = "observations"
ATTEMPTS = int(FAST["max_attempts"])
# What a proxy hands on when the upstream connection drops: a recorded page, cut mid-JSON.
TRUNCATED = load_fixture_text(f"indicator_{MANF}.json")[:150]
XML_NOT_FOUND = load_fixture_text("error_archived_indicator.xml")
EMPTY = load_fixture_text("empty_result.json")

Injection = tuple[Fault, int, int]  # fault, how many requests in a row, which page


def data_url(stub: WorldBankStub, code: str, page: int) -> str:
    return (
        f"{stub.base_url}/country/all/indicator/{code}"
        f"?format=json&per_page={FAST['per_page']}&page={page}"
    )


def manf_pages(stub: WorldBankStub) -> int:
    return math.ceil(len(stub.indicators[MANF].rows) / int(FAST["per_page"]))


def inject(stub: WorldBankStub, injections: list[Injection]) -> None:
    for fault, times, page in injections:
        stub.inject(fault, times=times, path=f"/indicator/{MANF}", page=page)


def sources_message(result) -> str:
    evaluation = check(result, "observations_sources")
    assert not evaluation.passed
    return evaluation.description or ""


def values(df: pd.DataFrame) -> pd.DataFrame:
    """The rows without what differs between two fetches: when, and the server's port."""
    return df.drop(columns=["fetched_at", "source"])


def add_rows(stub: WorldBankStub) -> None:
    """The data changes between page 1 and page 2: a release adds 20 rows."""
    rows = stub.indicators[MANF].rows
    extra = [dict(row, date=str(1900 + i)) for i, row in enumerate(rows[:20])]
    rows.extend(extra)


TRANSIENT: dict[str, list[Injection]] = {
    "http-500-burst": [(http_status(500), 3, 1)],
    "http-502-burst-on-page-2": [(http_status(502), 3, 2)],
    "http-429-retry-after": [(http_status(429, retry_after=1), 1, 1)],
    "hanging-request": [(hang(30), 1, 1)],
    "connection-cut-mid-body": [(drop_mid_body(), 2, 2)],
    "body-cut-mid-json": [(raw_body(TRUNCATED), 2, 1)],
}


@pytest.mark.parametrize("injections", TRANSIENT.values(), ids=TRANSIENT.keys())
def test_transient_fault_ends_with_the_rows_of_a_clean_run(
    injections: list[Injection],
    stub: WorldBankStub,
    seed_only: Path,
    clean: Path,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    copy_warehouse(clean, tmp_path)
    inject(stub, injections)
    caplog.set_level(logging.WARNING, logger="pipeline.sources.worldbank.client")
    started = time.monotonic()
    result = materialize_all(live(tmp_path, stub, seed_only), selection=STATISTICS)
    elapsed = time.monotonic() - started

    assert result.success, failures(result)
    assert stub.pending_faults() == 0, "every injected fault was met"
    retries = sum(times for _, times, _ in injections)
    assert len(stub.requests_to(f"/indicator/{MANF}")) == manf_pages(stub) + retries
    message = sources_message(result)  # only the indicators nothing real can be served for
    assert message.startswith(f"{len(MISSING)} indicator(s) failed")
    assert MANF not in message
    assert check(result, "observations_schema").passed
    got, want = observations(tmp_path), observations(clean)
    assert (got["indicator_code"] == MANF).sum() == len(
        [r for r in stub.indicators[MANF].rows if r["value"] is not None]
    )
    pd.testing.assert_frame_equal(values(got), values(want))
    # ... and every row was written by this run, none kept from the copy it started from.
    assert set(got["source"]) == {f"World Bank API {stub.base_url}"}
    assert got["fetched_at"].min() > want["fetched_at"].max()
    retried = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
    assert len(retried) == retries
    if any(f.status == 429 for f, _, _ in injections):
        assert all("retrying in 1.0s" in m for m in retried), "Retry-After is honoured"
    assert elapsed < 30, "retries are bounded"


PERMANENT: dict[str, tuple[list[Injection], str, int, int]] = {
    # name: (injections, reason, page that fails, requests made to that page)
    "http-502-outlasts-the-retries": (
        [(http_status(502), ATTEMPTS, 1)],
        f"gave up after {ATTEMPTS} attempts; last error: HTTP 502 Bad Gateway",
        1,
        ATTEMPTS,
    ),
    "http-429-outlasts-the-retries": (
        [(http_status(429, retry_after=0), ATTEMPTS, 1)],
        f"gave up after {ATTEMPTS} attempts; last error: HTTP 429 Too Many Requests",
        1,
        ATTEMPTS,
    ),
    "hangs-on-every-attempt": (
        [(hang(30), ATTEMPTS, 2)],
        f"gave up after {ATTEMPTS} attempts; last error: ReadTimeout",
        2,
        ATTEMPTS,
    ),
    "body-cut-on-every-attempt": (
        [(raw_body(TRUNCATED), ATTEMPTS, 1)],
        f"gave up after {ATTEMPTS} attempts; last error: response is not JSON (truncated?)",
        1,
        ATTEMPTS,
    ),
    "error-payload-with-http-200": (
        [(error_payload(), 1, 1)],
        "API error (HTTP 200): Invalid value: The provided parameter value is not valid",
        1,
        1,
    ),
    "xml-indicator-not-found": (
        [(raw_body(XML_NOT_FOUND, content_type="text/xml"), 1, 1)],
        'response is not JSON: <?xml version="1.0" encoding="utf-8"?>',
        1,
        1,
    ),
    "empty-result-header-null": (
        [(raw_body(EMPTY), 1, 1)],
        "empty result: the API returned no rows",
        1,
        1,
    ),
    "pages-and-total-change-between-pages": (
        [(change_data(add_rows), 1, 2)],
        "data changed while paging: page 1 said pages=3 total={total}, "
        "page 2 says pages=3 total={changed}",
        2,
        1,
    ),
}


@pytest.mark.parametrize(
    ("injections", "reason", "page", "requests"), PERMANENT.values(), ids=PERMANENT.keys()
)
def test_permanent_fault_names_the_indicator_and_keeps_its_rows(
    injections: list[Injection],
    reason: str,
    page: int,
    requests: int,
    stub: WorldBankStub,
    seed_only: Path,
    clean: Path,
    tmp_path: Path,
) -> None:
    copy_warehouse(clean, tmp_path)  # the previous run's data, as a reader sees it
    before = observations(tmp_path)
    total = len(stub.indicators[MANF].rows)
    reason = reason.format(total=total, changed=total + 20)
    inject(stub, injections)
    started = time.monotonic()
    result = materialize_all(live(tmp_path, stub, seed_only), selection=STATISTICS)
    elapsed = time.monotonic() - started

    assert result.success, "a failed indicator does not fail the run"
    assert elapsed < 30, "retries are bounded"
    message = sources_message(result)
    assert message.startswith(f"{len(MISSING) + 1} indicator(s) failed")
    named = f"{MANF}: World Bank API: indicator {MANF}: {reason}"
    assert named in message, message
    assert f"(GET {data_url(stub, MANF, page)})" in message
    kept = int((before["indicator_code"] == MANF).sum())
    assert f"(kept its last good {kept:,} rows)" in message
    asked = [r for r in stub.requests_to(f"/indicator/{MANF}") if r.page == page]
    assert len(asked) == requests

    after = observations(tmp_path)
    is_manf = after["indicator_code"] == MANF
    pd.testing.assert_frame_equal(  # the failed indicator: its previous rows, untouched
        after[is_manf].reset_index(drop=True),
        before[before["indicator_code"] == MANF].reset_index(drop=True),
    )
    others_after = after[~is_manf].reset_index(drop=True)
    others_before = before[before["indicator_code"] != MANF].reset_index(drop=True)
    pd.testing.assert_frame_equal(  # every other indicator: fetched again, same values
        values(others_after), values(others_before)
    )
    assert (others_after["fetched_at"] > others_before["fetched_at"]).all()


def test_country_list_burst_is_retried_and_writes_the_same_rows(
    stub: WorldBankStub, clean: Path, tmp_path: Path, seed_only: Path
) -> None:
    stub.inject(http_status(502), times=2, path="/v2/country")
    stub.inject(drop_mid_body(), times=1, path="/v2/country")
    result = materialize_all(live(tmp_path, stub, seed_only), selection="countries")
    assert result.success, failures(result)
    assert len(stub.requests_to("/v2/country")) == 4
    pd.testing.assert_frame_equal(
        published_table(tmp_path, "countries"), published_table(clean, "countries")
    )


def test_country_list_refused_fails_the_asset_by_name_and_keeps_the_table(
    stub: WorldBankStub, clean: Path, tmp_path: Path, seed_only: Path
) -> None:
    copy_warehouse(clean, tmp_path)
    stub.inject(raw_body(XML_NOT_FOUND, content_type="text/xml"), path="/v2/country")
    result = materialize_all(live(tmp_path, stub, seed_only), selection="countries+")
    assert not result.success
    errors = failures(result)
    assert set(errors) == {"countries"}
    url = f"{stub.base_url}/country?format=json&per_page=400&page=1"
    assert "World Bank API: response is not JSON: <?xml" in errors["countries"]
    assert f"(GET {url})" in errors["countries"]
    assert "claim_checks" not in succeeded(result), "nothing downstream ran"
    for table in ("countries", "claim_checks"):
        pd.testing.assert_frame_equal(
            published_table(tmp_path, table), published_table(clean, table)
        )


def test_the_served_series_has_the_pages_the_faults_are_aimed_at(stub: WorldBankStub) -> None:
    """Faults on page 2 and the reason quoting pages=3 need NV.IND.MANF.ZS on three pages."""
    assert manf_pages(stub) == 3
    with pytest.raises(json.JSONDecodeError):
        json.loads(TRUNCATED)
