"""Values that must not reach the tables, served by the loopback World Bank API in live mode.

Each test edits the rows the loopback server serves, then materializes ``observations`` and
everything downstream of it on a copy of the clean live run's warehouse.

- Values the pandera schema refuses (a share of 250%, a year 1800, a value that is not a number,
  two rows for one country, indicator and year) fail the blocking check ``observations_schema``:
  the check names the failing rows, the asset writes nothing, nothing downstream runs, and every
  table is the one the clean run left.
- Rows the client cannot take as they come (a value like ``"n/a"``, one country-year twice in one
  series) fail that indicator before validation, with the indicator, URL and row named; its last
  good rows stay and the other indicators load (as any permanent API fault).
"""

from __future__ import annotations

from collections.abc import Callable
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
from tests.support.wb_server import WorldBankStub

DOWNSTREAM = ["goal_progress", "claim_checks", "scorecard"]
KEPT = ["observations", *DOWNSTREAM]


def chn_2024(stub: WorldBankStub, code: str = MANF) -> dict:
    """The served row for China in 2024 (it has a value)."""
    (row,) = [
        r
        for r in stub.indicators[code].rows
        if r["countryiso3code"] == "CHN" and r["date"] == "2024" and r["value"] is not None
    ]
    return row


def has_chn_2024(stub: WorldBankStub, code: str) -> bool:
    return any(
        r["countryiso3code"] == "CHN" and r["date"] == "2024" and r["value"] is not None
        for r in stub.indicators[code].rows
    )


def share_of_250(stub: WorldBankStub) -> None:
    chn_2024(stub)["value"] = 250.0


def year_1800(stub: WorldBankStub) -> None:
    chn_2024(stub)["date"] = "1800"


def not_a_number(stub: WorldBankStub) -> None:
    chn_2024(stub)["value"] = "NaN"  # parses as a float, and is none


def duplicate_key(stub: WorldBankStub) -> None:
    """Another series sends a row labelled as NV.IND.MANF.ZS for China in 2024."""
    other = next(c for c in sorted(stub.indicators) if c != MANF and has_chn_2024(stub, c))
    row = chn_2024(stub, other)
    row["indicator"] = dict(row["indicator"], id=MANF)


BLOCKED: dict[str, tuple[Callable[[WorldBankStub], None], str, list[str]]] = {
    # name: (edit, the check that fails, what the failing rows must show)
    "share-of-250-percent": (share_of_250, "out of bounds", ["CHN", MANF, "2024", "250"]),
    "year-1800": (year_1800, "in_range", ["CHN", MANF, "1800"]),
    "value-not-a-number": (not_a_number, "not_nullable", ["CHN", MANF, "2024"]),
    "duplicate-key-across-series": (duplicate_key, "uniqueness", ["CHN", MANF, "2024"]),
}


@pytest.fixture
def before(clean: Path, tmp_path: Path) -> dict[str, pd.DataFrame]:
    copy_warehouse(clean, tmp_path)
    return {
        t: observations(tmp_path) if t == "observations" else published_table(tmp_path, t)
        for t in KEPT
    }


@pytest.mark.parametrize(("edit", "failed_check", "named"), BLOCKED.values(), ids=BLOCKED.keys())
def test_invalid_values_stop_downstream_name_the_rows_and_keep_every_table(
    edit: Callable[[WorldBankStub], None],
    failed_check: str,
    named: list[str],
    stub: WorldBankStub,
    seed_only: Path,
    tmp_path: Path,
    before: dict[str, pd.DataFrame],
) -> None:
    edit(stub)
    result = materialize_all(live(tmp_path, stub, seed_only), selection="observations*")

    assert not result.success
    assert set(failures(result)) == {"observations"}
    assert not succeeded(result) & set(DOWNSTREAM), "the blocking check stops what depends on it"
    evaluation = check(result, "observations_schema")
    assert not evaluation.passed
    failing = evaluation.metadata["failing_rows"].value
    assert failed_check in failing
    for text in named:
        assert text in failing, (text, failing)
    message = failures(result)["observations"]
    assert "The table was not written; it keeps its last good rows." in message
    assert all(text in message for text in named[:2])
    pd.testing.assert_frame_equal(observations(tmp_path), before["observations"])
    for table in DOWNSTREAM:
        pd.testing.assert_frame_equal(published_table(tmp_path, table), before[table])


def series_twice(stub: WorldBankStub) -> None:
    stub.indicators[MANF].rows.append(dict(chn_2024(stub)))


def value_na(stub: WorldBankStub) -> None:
    chn_2024(stub)["value"] = "n/a"


def page_of_chn_2024(stub: WorldBankStub) -> int:
    rows = stub.indicators[MANF].rows
    return rows.index(chn_2024(stub)) // int(FAST["per_page"]) + 1


REFUSED: dict[str, tuple[Callable[[WorldBankStub], None], str, bool]] = {
    # name: (edit, reason, whether the URL is the failing row's page, else page 1)
    "country-year-twice-in-a-series": (
        series_twice,
        "data changed while paging: 1 repeated country-years (first: CHN 2024)",
        False,
    ),
    "value-n/a": (value_na, 'unexpected row on page {page}: {{"indicator"', True),
}


@pytest.mark.parametrize(("edit", "reason", "on_row_page"), REFUSED.values(), ids=REFUSED.keys())
def test_rows_the_client_refuses_fail_that_indicator_by_name_and_keep_its_rows(
    edit: Callable[[WorldBankStub], None],
    reason: str,
    on_row_page: bool,
    stub: WorldBankStub,
    seed_only: Path,
    tmp_path: Path,
    before: dict[str, pd.DataFrame],
) -> None:
    page = page_of_chn_2024(stub) if on_row_page else 1
    edit(stub)
    # The asset alone: that the comparison goes on after a failed indicator is shown in
    # tests/integration/test_live_pipeline.py.
    result = materialize_all(live(tmp_path, stub, seed_only), selection="observations")

    assert result.success, failures(result)
    evaluation = check(result, "observations_sources")
    assert not evaluation.passed
    message = evaluation.description or ""
    assert message.startswith(f"{len(MISSING) + 1} indicator(s) failed")
    url = (
        f"{stub.base_url}/country/all/indicator/{MANF}"
        f"?format=json&per_page={FAST['per_page']}&page={page}"
    )
    assert f"{MANF}: World Bank API: indicator {MANF}: {reason.format(page=page)}" in message
    assert f"(GET {url})" in message
    if on_row_page:  # the row is quoted
        assert '"value": "n/a"' in message and '"countryiso3code": "CHN"' in message
    assert check(result, "observations_schema").passed

    old, new = before["observations"], observations(tmp_path)
    pd.testing.assert_frame_equal(
        new[new["indicator_code"] == MANF].reset_index(drop=True),
        old[old["indicator_code"] == MANF].reset_index(drop=True),
    )
    assert len(new) == len(old)
