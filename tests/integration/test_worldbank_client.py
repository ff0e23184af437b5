"""WorldBankClient against a real HTTP server on loopback that replays recorded API pages.

Nothing is mocked: the client talks HTTP/1.1 to ``tests.support.wb_server.WorldBankStub``, which
pages the recorded rows itself and injects faults (5xx, 429, resets, cut bodies, hangs, error
payloads, XML, data changing between pages). Sleeps go through an injected ``sleep`` that only
records, so the backoff schedule is asserted without waiting.
"""

from __future__ import annotations

import copy
import json
import math
import pickle
import socket
import time
from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from assets.resources import default_resources
from pipeline.sources.worldbank import DEFAULT_BASE_URL, WorldBankClient, WorldBankError
from tests.support.wb_server import (
    WorldBankStub,
    change_data,
    connection_reset,
    drop_mid_body,
    error_payload,
    fixture_rows,
    hang,
    http_status,
    load_fixture_text,
    raw_body,
)

MANF = "NV.IND.MANF.ZS"
POP = "SP.POP.TOTL"
MANF_COUNTRIES = "CHN;USA;DEU"
PER_PAGE = 10
MANF_ROWS = fixture_rows(f"indicator_{MANF}.json")
MANF_PAGES = math.ceil(len(MANF_ROWS) / PER_PAGE)
COLUMNS = ["country_iso3", "indicator_code", "year", "value", "source_updated"]


def recorded_values(rows: list[dict[str, Any]]) -> dict[tuple[str, int], float]:
    """(iso3, year) -> value for the recorded rows that have a value."""
    return {
        (r["countryiso3code"], int(r["date"])): float(r["value"])
        for r in rows
        if r["value"] is not None
    }


def frame_values(df: pd.DataFrame) -> dict[tuple[str, int], float]:
    return {
        (iso3, int(year)): float(value)
        for iso3, year, value in zip(df["country_iso3"], df["year"], df["value"], strict=True)
    }


@pytest.fixture
def stub() -> Iterator[WorldBankStub]:
    with WorldBankStub() as server:
        yield server
        assert server.errors == []


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_client(stub: WorldBankStub, sleeps: list[float], **kwargs: Any) -> WorldBankClient:
    options: dict[str, Any] = {
        "per_page": PER_PAGE,
        "timeout": (1.0, 0.3),
        "jitter": 0.0,
        "sleep": sleeps.append,
    }
    options.update(kwargs)
    return WorldBankClient(stub.base_url, **options)


@pytest.fixture
def client(stub: WorldBankStub, sleeps: list[float]) -> Iterator[WorldBankClient]:
    with make_client(stub, sleeps) as wb:
        yield wb


def fetch_manf(client: WorldBankClient) -> pd.DataFrame:
    return client.fetch_indicator(MANF, MANF_COUNTRIES)


# -- paging ----------------------------------------------------------------------------------


def test_paging_returns_exactly_the_recorded_rows_over_one_connection(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    df = fetch_manf(client)

    expected = recorded_values(MANF_ROWS)
    assert len(df) == len(expected) == 83
    assert frame_values(df) == expected
    assert list(df.columns) == COLUMNS
    assert df["year"].dtype == "int64"
    assert df["value"].dtype == "float64"
    assert pd.api.types.is_string_dtype(df["country_iso3"])
    assert set(df["indicator_code"]) == {MANF}
    assert set(df["source_updated"]) == {"2025-12-16"}
    assert df["country_iso3"].is_monotonic_increasing
    # Real values from the recording, spot-checked.
    assert frame_values(df)[("CHN", 2022)] == pytest.approx(26.42377)

    seen = stub.requests_to("/indicator/")
    assert [r.page for r in seen] == list(range(1, MANF_PAGES + 1))
    assert all(r.query["per_page"] == str(PER_PAGE) and r.query["format"] == "json" for r in seen)
    assert all(r.path == f"/v2/country/{MANF_COUNTRIES}/indicator/{MANF}" for r in seen)
    assert len({r.client_port for r in seen}) == 1, "pages should reuse one keep-alive connection"
    assert "policy-tracker" in seen[0].headers["User-Agent"]

    assert df.attrs["requests"] == MANF_PAGES == 20
    assert df.attrs["url"] == (
        f"{stub.base_url}/country/{MANF_COUNTRIES}/indicator/{MANF}"
        f"?format=json&per_page={PER_PAGE}&page=1"
    )
    assert df.attrs["dropped_null_values"] == len(MANF_ROWS) - len(expected)
    assert df.attrs["dropped_no_iso3"] == 0
    assert sleeps == []


def test_iter_indicator_pages_streams_raw_pages_lazily(
    client: WorldBankClient, stub: WorldBankStub
) -> None:
    pages = client.iter_indicator_pages(MANF, MANF_COUNTRIES)
    header, rows = next(pages)
    assert len(stub.requests) == 1, "only the first page is fetched before it is consumed"
    assert header["page"] == 1 and header["pages"] == MANF_PAGES
    assert header["lastupdated"] == "2025-12-16"

    rest = list(pages)
    assert [h["page"] for h, _ in rest] == list(range(2, MANF_PAGES + 1))
    all_rows = rows + [row for _, page_rows in rest for row in page_rows]
    assert all_rows == MANF_ROWS  # raw, null values included
    assert len(stub.requests) == MANF_PAGES


def test_date_range_is_sent_and_population_values_match(
    client: WorldBankClient, stub: WorldBankStub
) -> None:
    df = client.fetch_indicator(POP, "CHN;USA", date="2020:2022")

    (seen,) = stub.requests
    assert seen.query["date"] == "2020:2022"
    assert df.attrs["url"].endswith("&page=1&date=2020%3A2022")
    pop_rows = fixture_rows(f"indicator_{POP}.json")
    expected = {
        key: value
        for key, value in recorded_values(pop_rows).items()
        if key[0] in {"CHN", "USA"} and 2020 <= key[1] <= 2022
    }
    assert len(expected) == 6
    assert frame_values(df) == expected


def test_aggregates_without_iso3_fall_back_to_a_three_letter_id_or_are_dropped(
    client: WorldBankClient, stub: WorldBankStub
) -> None:
    # Reproduce the quirk in the recording: some aggregates come with countryiso3code "".
    for row in stub.indicators[POP].rows:
        if row["countryiso3code"] == "EAS":  # id "Z4": no usable code, must be dropped
            row["countryiso3code"] = ""
        elif row["countryiso3code"] == "WLD":  # a three-letter id is used instead
            row["countryiso3code"] = ""
            row["country"]["id"] = "WLD"

    df = client.fetch_indicator(POP)

    assert "EAS" not in set(df["country_iso3"])
    assert (df["country_iso3"] == "WLD").sum() == 10
    assert df.attrs["dropped_no_iso3"] == 10
    assert len(df) == 70 - 10


# -- transient faults: retried, same rows as a clean run ----------------------------------


def test_5xx_burst_then_success_gives_the_clean_rows_and_backs_off(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    clean = fetch_manf(client)
    stub.requests.clear()
    for status in (500, 502, 503):
        stub.inject(http_status(status), page=3)

    df = fetch_manf(client)

    pd.testing.assert_frame_equal(df, clean)
    assert sleeps == [0.5, 1.0, 2.0]
    assert [r.page for r in stub.requests].count(3) == 4
    assert df.attrs["requests"] == MANF_PAGES + 3


def test_backoff_is_capped_and_jitter_stays_small(stub: WorldBankStub, sleeps: list[float]) -> None:
    stub.inject(http_status(500), times=5)
    with make_client(
        stub, sleeps, max_attempts=6, backoff=1.0, max_backoff=3.0, jitter=0.1
    ) as client:
        fetch_manf(client)

    assert len(sleeps) == 5
    for slept, base in zip(sleeps, [1.0, 2.0, 3.0, 3.0, 3.0], strict=True):
        assert base <= slept <= min(base * 1.1, 3.0)


def test_429_retry_after_is_honoured(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    stub.inject(http_status(429, retry_after=7), page=2)

    df = fetch_manf(client)

    assert sleeps == [7.0]
    assert frame_values(df) == recorded_values(MANF_ROWS)


def test_503_retry_after_is_capped(stub: WorldBankStub, sleeps: list[float]) -> None:
    stub.inject(http_status(503, retry_after=600))
    with make_client(stub, sleeps, max_retry_after=120.0) as client:
        fetch_manf(client)

    assert sleeps == [120.0]


@pytest.mark.parametrize("fault", [connection_reset, drop_mid_body], ids=["reset", "cut_body"])
def test_dropped_connection_then_success(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float], fault: Any
) -> None:
    stub.inject(fault(), page=2)

    df = fetch_manf(client)

    assert frame_values(df) == recorded_values(MANF_ROWS)
    assert [r.page for r in stub.requests].count(2) == 2
    assert sleeps == [0.5]
    assert stub.pending_faults() == 0


def test_read_timeout_then_success(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    stub.inject(hang(3.0), page=2)  # far longer than the client's 0.3 s read timeout

    started = time.monotonic()
    df = fetch_manf(client)

    assert time.monotonic() - started < 2.0
    assert frame_values(df) == recorded_values(MANF_ROWS)
    assert sleeps == [0.5]
    assert [r.page for r in stub.requests].count(2) == 2


def test_truncated_json_is_retried(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    cut = load_fixture_text(f"indicator_{MANF}.json")[:300]
    stub.inject(raw_body(cut), page=1)

    df = fetch_manf(client)

    assert frame_values(df) == recorded_values(MANF_ROWS)
    assert sleeps == [0.5]


# -- permanent failures ----------------------------------------------------------------------


def test_retries_exhausted_raise_naming_indicator_url_and_last_status(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    stub.inject(http_status(503), times=5, page=2)

    with pytest.raises(WorldBankError) as info:
        fetch_manf(client)

    err = info.value
    page2 = (
        f"{stub.base_url}/country/{MANF_COUNTRIES}/indicator/{MANF}"
        f"?format=json&per_page={PER_PAGE}&page=2"
    )
    assert err.indicator == MANF
    assert err.url == page2
    assert err.reason == "gave up after 5 attempts; last error: HTTP 503 Service Unavailable"
    assert str(err) == f"World Bank API: indicator {MANF}: {err.reason} (GET {page2})"
    assert [r.page for r in stub.requests] == [1, 2, 2, 2, 2, 2]
    assert sleeps == [0.5, 1.0, 2.0, 4.0]


def test_connection_refused_exhausts_retries(sleeps: list[float]) -> None:
    with socket.socket() as sock:  # a port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with (
        WorldBankClient(
            f"http://127.0.0.1:{port}/v2", max_attempts=3, jitter=0.0, sleep=sleeps.append
        ) as client,
        pytest.raises(WorldBankError) as info,
    ):
        client.fetch_indicator(MANF)

    assert "gave up after 3 attempts; last error: ConnectionError" in info.value.reason
    assert info.value.url.startswith(f"http://127.0.0.1:{port}/v2/country/all/indicator/{MANF}?")
    assert sleeps == [0.5, 1.0]


def test_404_fails_at_once(stub: WorldBankStub, sleeps: list[float]) -> None:
    wrong_base = f"http://127.0.0.1:{stub.port}/v1"  # the stub only serves /v2
    with (
        WorldBankClient(wrong_base, sleep=sleeps.append) as client,
        pytest.raises(WorldBankError, match=r"HTTP 404 Not Found") as info,
    ):
        client.fetch_indicator(MANF)

    assert info.value.indicator == MANF
    assert len(stub.requests) == 1
    assert sleeps == []


def test_error_payload_with_http_200_is_not_retried(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    # The stub answers an unknown indicator the way the API does: 200 and an error payload.
    with pytest.raises(WorldBankError) as info:
        client.fetch_indicator("NOT.AN.INDICATOR")

    assert info.value.indicator == "NOT.AN.INDICATOR"
    assert info.value.reason == (
        "API error (HTTP 200): Invalid value: The provided parameter value is not valid "
        "(message id 120)"
    )
    assert len(stub.requests) == 1
    assert sleeps == []


def test_error_payload_with_http_400(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    stub.inject(error_payload(status=400))

    with pytest.raises(WorldBankError, match=r"API error \(HTTP 400\): Invalid value: The prov"):
        fetch_manf(client)

    assert len(stub.requests) == 1
    assert sleeps == []


def test_xml_error_body_is_not_json(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float]
) -> None:
    xml = load_fixture_text("error_archived_indicator.xml")
    stub.inject(raw_body(xml, content_type="text/xml"))

    with pytest.raises(WorldBankError) as info:
        fetch_manf(client)

    reason = info.value.reason
    assert reason.startswith('response is not JSON: <?xml version="1.0"')
    assert "wb:error" in reason
    assert len(reason) < 260, "only the start of the body is quoted"
    assert len(stub.requests) == 1
    assert sleeps == []


def test_truncated_json_every_time_fails_as_not_json(
    stub: WorldBankStub, sleeps: list[float]
) -> None:
    stub.inject(raw_body('[{"page":1,"pages":20,"per_page":10,"tot'), times=3)
    with (
        make_client(stub, sleeps, max_attempts=3) as client,
        pytest.raises(
            WorldBankError, match=r"gave up after 3 attempts; last error: response is not JSON"
        ),
    ):
        fetch_manf(client)

    assert len(stub.requests) == 3
    assert sleeps == [0.5, 1.0]


@pytest.mark.parametrize("recorded", [False, True], ids=["served", "recorded_body"])
def test_empty_result_raises(client: WorldBankClient, stub: WorldBankStub, recorded: bool) -> None:
    if recorded:
        stub.inject(raw_body(load_fixture_text("empty_result.json")))
    countries = MANF_COUNTRIES if recorded else "FRA"  # no FRA rows in the recording

    with pytest.raises(WorldBankError) as info:
        client.fetch_indicator(MANF, countries)

    assert info.value.reason == "empty result: the API returned no rows"
    assert len(stub.requests) == 1


def test_pages_changing_mid_fetch_raise(client: WorldBankClient, stub: WorldBankStub) -> None:
    def add_a_release(server: WorldBankStub) -> None:
        rows = server.indicators[MANF].rows
        extra = copy.deepcopy(rows[:10])
        for row in extra:
            row["date"] = str(int(row["date"]) - 100)
        rows.extend(extra)

    stub.inject(change_data(add_a_release), page=2)

    with pytest.raises(WorldBankError) as info:
        fetch_manf(client)

    assert info.value.reason == (
        "data changed while paging: page 1 said pages=20 total=195, page 2 says pages=21 total=205"
    )
    assert info.value.url.endswith("&page=2")


def test_rows_shifting_between_pages_raise(client: WorldBankClient, stub: WorldBankStub) -> None:
    # Same count, new order: the header cannot tell, the repeated country-years can.
    stub.inject(change_data(lambda server: server.indicators[MANF].rows.reverse()), page=2)

    with pytest.raises(WorldBankError, match=r"data changed while paging: \d+ repeated"):
        fetch_manf(client)


@pytest.mark.parametrize(
    "body",
    [
        '{"page": 1, "pages": 1}',
        '[{"page": 1, "pages": 1, "total": 1}]',
        '["header", []]',
        '[{"page": 1, "pages": "many", "total": 3}, []]',
        '[{"page": 1, "pages": 1, "total": 1}, {"rows": []}]',
    ],
    ids=["dict", "list_of_one", "header_not_dict", "pages_not_int", "rows_not_list"],
)
def test_unexpected_shape_raises(
    client: WorldBankClient, stub: WorldBankStub, sleeps: list[float], body: str
) -> None:
    stub.inject(raw_body(body))

    with pytest.raises(WorldBankError, match=r"unexpected response shape"):
        fetch_manf(client)

    assert len(stub.requests) == 1
    assert sleeps == []


def test_fewer_rows_than_the_header_total_raise(
    client: WorldBankClient, stub: WorldBankStub
) -> None:
    header = {"page": 1, "pages": 1, "per_page": 10, "total": 5, "lastupdated": "2025-12-16"}
    stub.inject(raw_body(json.dumps([header, MANF_ROWS[:3]])))

    with pytest.raises(WorldBankError) as info:
        fetch_manf(client)

    assert info.value.reason == "the pages held 3 rows but the header said total=5"


def test_header_numbers_given_as_strings_are_accepted(
    client: WorldBankClient, stub: WorldBankStub
) -> None:
    rows = MANF_ROWS[:3]
    header = {"page": "1", "pages": "1", "per_page": "10", "total": "3", "lastupdated": None}
    stub.inject(raw_body(json.dumps([header, rows])))

    df = fetch_manf(client)

    assert len(df) == sum(r["value"] is not None for r in rows)
    assert df["source_updated"].isna().all()


# -- country list and metadata ------------------------------------------------------------


def test_countries_parsed_with_aggregates_flagged_and_names_stripped(
    client: WorldBankClient, stub: WorldBankStub
) -> None:
    df = client.fetch_countries()

    assert list(df.columns) == [
        "country_iso3",
        "iso2_code",
        "name",
        "region",
        "income_group",
        "is_aggregate",
    ]
    assert len(df) == 22
    assert df["is_aggregate"].dtype == bool
    aggregates = set(df.loc[df["is_aggregate"], "country_iso3"])
    assert aggregates == {"EAS", "EUU", "HIC", "LCN", "LMY", "OED", "SSF", "WLD"}
    assert set(df.loc[df["is_aggregate"], "region"]) == {"Aggregates"}
    by_iso3 = df.set_index("country_iso3")
    assert by_iso3.loc["BRA", "region"] == "Latin America & Caribbean"  # API: trailing space
    assert by_iso3.loc["NGA", "region"] == "Sub-Saharan Africa"
    assert by_iso3.loc["LCN", "name"] == "Latin America & Caribbean"
    assert by_iso3.loc["CHN", "iso2_code"] == "CN"
    assert by_iso3.loc["CHN", "income_group"] == "Upper middle income"
    assert by_iso3.loc["WLD", "iso2_code"] == "1W"
    assert not any(value != value.strip() for value in df["region"])

    (seen,) = stub.requests
    assert seen.path == "/v2/country"
    assert seen.query == {"format": "json", "per_page": "400", "page": "1"}


def test_indicator_metadata_parsed(client: WorldBankClient, stub: WorldBankStub) -> None:
    meta = client.fetch_indicator_metadata(MANF)

    assert meta == {
        "indicator_code": MANF,
        "name": "Manufacturing, value added (% of GDP)",
        "unit": "",
        "definition": meta["definition"],
        "source_organization": (
            "World Bank national accounts data, and OECD National Accounts data files."
        ),
    }
    assert meta["definition"].startswith("Manufacturing refers to industries belonging to ISIC")
    (seen,) = stub.requests
    assert seen.path == f"/v2/indicator/{MANF}"
    assert seen.query == {"format": "json"}


def test_metadata_of_unknown_indicator_raises(client: WorldBankClient) -> None:
    with pytest.raises(WorldBankError, match=r"indicator NO\.SUCH: API error") as info:
        client.fetch_indicator_metadata("NO.SUCH")

    assert info.value.url.endswith("/indicator/NO.SUCH?format=json")


# -- configuration and the error type -----------------------------------------------------


def test_base_url_comes_from_the_environment_through_the_resource(
    monkeypatch: pytest.MonkeyPatch, stub: WorldBankStub
) -> None:
    monkeypatch.setenv("WORLDBANK_API_URL", stub.base_url + "/")
    statistics = default_resources()["statistics"].process_config_and_initialize()
    with statistics.client() as client:
        assert client.base_url == stub.base_url
        df = client.fetch_indicator(POP, "JPN")

    assert len(df) == 10
    assert len(stub.requests) == 1

    monkeypatch.delenv("WORLDBANK_API_URL")
    statistics = default_resources()["statistics"].process_config_and_initialize()
    assert statistics.api_url == DEFAULT_BASE_URL
    with WorldBankClient() as client:
        assert client.base_url == DEFAULT_BASE_URL
    with WorldBankClient("http://example.invalid/v2///") as client:
        assert client.base_url == "http://example.invalid/v2"


def test_error_message_format_and_pickling() -> None:
    err = WorldBankError("empty result: the API returned no rows", "http://x/v2/y", MANF)
    assert str(err) == (
        "World Bank API: indicator NV.IND.MANF.ZS: empty result: the API returned no rows "
        "(GET http://x/v2/y)"
    )
    copy_ = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own object
    assert (copy_.reason, copy_.url, copy_.indicator) == (err.reason, err.url, err.indicator)
    assert str(copy_) == str(err)

    no_indicator = WorldBankError("HTTP 404 Not Found", "http://x/v2/country")
    assert str(no_indicator) == "World Bank API: HTTP 404 Not Found (GET http://x/v2/country)"
