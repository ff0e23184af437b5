"""Parsing World Bank pages: the collector pause (counted across threads, restored as it
was), and data pages decoded typed giving what the general path gives, or taking it."""

from __future__ import annotations

import gc
import json
import threading

import msgspec
import pytest
import requests

from pipeline.sources.worldbank.errors import WorldBankError
from pipeline.sources.worldbank.payload import (
    DATA_PAGE,
    DataRow,
    IndicatorRows,
    gc_paused,
    interpret,
)


def test_the_collector_is_paused_while_parsing_and_enabled_after():
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # another parse at the same time
            assert not gc.isenabled()
        assert not gc.isenabled(), "the first parse is still going"
    assert gc.isenabled()


def test_threads_that_overlap_leave_it_enabled():
    inside, leave = threading.Barrier(4), threading.Event()

    def parse():
        with gc_paused():
            inside.wait()
            leave.wait()

    threads = [threading.Thread(target=parse) for _ in range(3)]
    for t in threads:
        t.start()
    inside.wait()
    assert not gc.isenabled()
    leave.set()
    for t in threads:
        t.join()
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


# -- data pages decoded typed (DATA_PAGE) against the general path ---------------------------

ROWS = [
    {"indicator": {"id": "NV.IND.MANF.ZS", "value": "Manufacturing"}, "country": {"id": "CN"},
     "countryiso3code": "CHN", "date": "2023", "value": 26.2, "unit": "", "decimal": 1},
    {"indicator": {"id": "NV.IND.MANF.ZS"}, "country": {"id": "CN"}, "countryiso3code": "CHN",
     "date": "2022", "value": 27},  # an integer value
    {"indicator": {"id": "NV.IND.MANF.ZS"}, "country": {"id": "CN"}, "countryiso3code": "CHN",
     "date": "1960", "value": None},
    {"indicator": {"id": "NV.IND.MANF.ZS"}, "country": {"id": "XKX"}, "countryiso3code": "",
     "date": "2023", "value": 12.5},  # no ISO3 code: the three-letter country id stands in
    {"indicator": {"id": "NV.IND.MANF.ZS"}, "country": {"id": "1A"}, "countryiso3code": "",
     "date": "2023", "value": 9.0},  # no code at all: dropped and counted
]  # fmt: skip


def columns(rows: list) -> tuple:
    got = IndicatorRows("NV.IND.MANF.ZS")
    got.add_page(rows, 1, "http://127.0.0.1/x")
    return got.iso3s, got.codes, got.years, got.values, got.dropped_null, got.dropped_no_iso3


def page(rows: list) -> bytes:
    return json.dumps([{"page": 1, "pages": 1, "total": len(rows)}, rows]).encode()


def test_a_typed_page_gives_the_columns_the_general_path_gives():
    header, rows = DATA_PAGE.decode(page(ROWS))
    assert header["total"] == len(ROWS)
    assert all(type(r) is DataRow for r in rows)
    assert columns(rows) == columns(ROWS)
    assert columns(rows) == (
        ["CHN", "CHN", "XKX"], ["NV.IND.MANF.ZS"] * 3, [2023, 2022, 2023], [26.2, 27.0, 12.5], 1, 1
    )  # fmt: skip


@pytest.mark.parametrize(
    "row",
    [
        {"countryiso3code": "CHN", "date": "2023", "value": "26.2", "indicator": {"id": "X"}},
        {"countryiso3code": "CHN", "date": 2023, "value": 26.2, "indicator": {"id": "X"}},
        "not a row",
    ],
    ids=["value as text", "year as number", "not an object"],
)
def test_a_page_the_typed_decoder_refuses_takes_the_general_path(row):
    with pytest.raises(msgspec.ValidationError):
        DATA_PAGE.decode(page([row]))
    body = page([row])
    response = requests.Response()
    response.status_code, response._content = 200, body
    payload = interpret(response, "http://127.0.0.1/x", "X", DATA_PAGE)
    assert payload == json.loads(body)  # the general path's dicts, checked row by row after


def test_a_malformed_row_in_a_typed_page_is_named_as_on_the_general_path():
    bad = {"indicator": {"id": "X"}, "countryiso3code": "CHN", "date": "20x3", "value": 1.0}
    _, rows = DATA_PAGE.decode(page([bad]))
    with pytest.raises(WorldBankError, match="unexpected row on page 1") as typed:
        columns(rows)
    with pytest.raises(WorldBankError) as general:
        columns([bad])
    assert str(typed.value) == str(general.value)


def test_a_page_with_a_byte_order_mark_is_read_by_the_general_path():
    body = b"\xef\xbb\xbf" + page(ROWS[:1])
    with pytest.raises(msgspec.DecodeError):
        DATA_PAGE.decode(body)
    response = requests.Response()
    response.status_code, response._content = 200, body
    header, rows = interpret(response, "http://127.0.0.1/x", "X", DATA_PAGE)
    assert header["total"] == 1 and columns(rows)[0] == ["CHN"]
