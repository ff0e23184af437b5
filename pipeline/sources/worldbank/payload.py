"""What the World Bank API's answers mean: pure functions over responses, payloads and rows.

Every JSON answer is ``[header, rows]``; errors come as ``[{"message": [...]}]`` (sometimes
with HTTP 200), some as XML. See ``pipeline.sources.worldbank`` for the quirks.
"""

from __future__ import annotations

import gc
import json
import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import msgspec
import requests

from pipeline.sources.worldbank.errors import Retry, WorldBankError

SNIPPET_CHARS = 200
RETRY_AFTER_STATUSES = frozenset({429, 503})
AGGREGATES = "Aggregates"


class Ref(msgspec.Struct):
    id: str = ""


class DataRow(msgspec.Struct, omit_defaults=True):
    """One row of a data page, as the API sends it, decoded straight into these fields (the
    others are skipped unread)."""

    indicator: Ref | None = None
    country: Ref | None = None
    countryiso3code: str | None = None
    date: str | None = None
    value: float | None = None


# A well-formed data page: [header, rows]. Decoded typed, a page costs a fifth of json.loads
# and no dict per row (docs/performance.md). Anything else fails to decode and takes the
# general path, which names what is wrong with it.
DATA_PAGE = msgspec.json.Decoder(tuple[dict[str, Any], list[DataRow] | None])


def interpret(
    response: requests.Response,
    url: str,
    indicator: str | None,
    decoder: msgspec.json.Decoder | None = None,
) -> Any:
    """Parsed JSON of a good response; raise _Retry for transient faults, else WorldBankError.

    ``decoder``: try it first on an HTTP 200 body (``DATA_PAGE`` for data pages)."""
    status = response.status_code
    if decoder is not None and status == 200:
        try:
            with gc_paused():
                return list(decoder.decode(response.content))
        except msgspec.MsgspecError:
            pass
    text = response.content.decode("utf-8-sig", errors="replace")
    try:
        with gc_paused():
            payload: Any = json.loads(text)
        parsed = True
    except ValueError:
        payload, parsed = None, False

    if status == 429 or 500 <= status <= 599:
        wait = retry_after(response) if status in RETRY_AFTER_STATUSES else None
        raise Retry(f"HTTP {status} {response.reason or ''}".rstrip(), wait)

    message = error_message(payload) if parsed else None
    if message is not None:
        raise WorldBankError(f"API error (HTTP {status}): {message}", url, indicator)
    if status >= 300:
        raise WorldBankError(
            f"HTTP {status} {response.reason or ''}: {snippet(text)}".strip(), url, indicator
        )
    if not parsed:
        # A body that starts like JSON but does not parse was cut short: worth another try.
        if text.lstrip()[:1] in ("[", "{"):
            raise Retry(f"response is not JSON (truncated?): {snippet(text)}")
        raise WorldBankError(f"response is not JSON: {snippet(text)}", url, indicator)
    return payload


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while a page is parsed.

    A 20,000-row page makes some 100,000 dicts; every few hundred allocations set off a
    collection that scans the live objects and finds nothing (JSON makes no cycles). Paused,
    parsing takes about a third less time (docs/performance.md). Counted, so that threads
    parsing at once re-enable it only when the last one is done, and only if it was enabled.
    """
    global _gc_pauses, _gc_was_enabled
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_was_enabled:
                gc.enable()


def error_message(payload: Any) -> str | None:
    """The text of an API error payload ``[{"message": [...]}]``, or None if it is not one."""
    if not (isinstance(payload, list) and payload and isinstance(payload[0], dict)):
        return None
    messages = payload[0].get("message")
    if messages is None:
        return None
    if isinstance(messages, dict):
        messages = [messages]
    if not isinstance(messages, list):
        return str(messages)
    parts = []
    for item in messages:
        if isinstance(item, dict):
            key, value, msg_id = item.get("key"), item.get("value"), item.get("id")
            text = ": ".join(str(p) for p in (key, value) if p)
            parts.append(f"{text} (message id {msg_id})" if msg_id else text)
        else:
            parts.append(str(item))
    return "; ".join(parts) or "error payload without text"


def retry_after(response: requests.Response) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date); None if absent/bad."""
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        try:
            when = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def split_payload(
    payload: Any, url: str, indicator: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], dict)):
        shape = f"list of {len(payload)}" if isinstance(payload, list) else type(payload).__name__
        raise WorldBankError(
            f"unexpected response shape: expected [header, rows], got {shape}: "
            f"{snippet(json.dumps(payload))}",
            url,
            indicator,
        )
    header, rows = payload
    if rows is not None and not isinstance(rows, list):
        raise WorldBankError(
            f"unexpected response shape: rows is {type(rows).__name__}", url, indicator
        )
    return header, rows


def header_int(header: dict[str, Any], key: str, url: str, indicator: str | None) -> int:
    raw = header.get(key)
    try:
        return int(str(raw).strip())
    except ValueError:
        raise WorldBankError(
            f"unexpected response shape: header {key}={raw!r} is not an integer", url, indicator
        ) from None


def parse_data_row(row: Any) -> tuple[str | None, str, int, float | None] | None:
    """(iso3 or None, indicator id, year, value or None); None if the row is malformed."""
    if not isinstance(row, dict):
        return None
    try:
        year = int(str(row.get("date")).strip())
    except ValueError:
        return None
    raw_value = row.get("value")
    if raw_value is None or raw_value == "":
        value = None
    else:
        try:
            value = float(raw_value)
        except (TypeError, ValueError):
            return None
    iso3 = clean(row.get("countryiso3code"))
    if not iso3:
        # Some aggregates have no ISO3 code; a three-letter country id is one in all but name.
        country_id = nested(row, "country", "id")
        iso3 = country_id if len(country_id) == 3 and country_id.isalpha() else ""
    return (iso3.upper() or None, nested(row, "indicator", "id"), year, value)


def nested(row: dict[str, Any], key: str, field: str = "value") -> str:
    nested = row.get(key)
    return clean(nested.get(field)) if isinstance(nested, dict) else ""


def clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS] + "..."


class IndicatorRows:
    """The rows of one indicator's pages, gathered as columns: country, code, year, value.

    Null values are counted and dropped (most of WDI is null), as are rows with no ISO3 code.
    """

    def __init__(self, code: str):
        self.code = code
        self.iso3s: list[str] = []
        self.codes: list[str] = []
        self.years: list[int] = []
        self.values: list[float] = []
        self.dropped_null = 0
        self.dropped_no_iso3 = 0

    def add_page(self, rows: list[Any], page_no: int, url: str) -> None:
        if rows and type(rows[0]) is DataRow:
            self._add_typed(rows, page_no, url)
            return
        for row in rows:
            if not self._add_fast(row):
                self._add_checked(row, page_no, url)

    def _add_typed(self, rows: list[DataRow], page_no: int, url: str) -> None:
        """A page ``DATA_PAGE`` decoded: the same rules as ``_add_fast`` on its fields."""
        for row in rows:
            date, value, iso3 = row.date, row.value, row.countryiso3code
            if date is None or not (date.isascii() and date.isdigit()):
                self._add_checked(msgspec.to_builtins(row), page_no, url)
            elif value is None:
                self.dropped_null += 1
            elif (
                iso3 is not None
                and len(iso3) == 3
                and iso3.isascii()
                and iso3.isalpha()
                and iso3.isupper()
                and row.indicator is not None
            ):
                self._append(iso3, row.indicator.id.strip() or self.code, int(date), value)
            else:
                self._add_checked(msgspec.to_builtins(row), page_no, url)

    def _add_fast(self, row: Any) -> bool:
        """The well-formed rows the API sends, without per-field calls; False for anything
        else, which takes the checked path with its errors."""
        if type(row) is not dict:
            return False
        raw_value, date_text = row.get("value"), row.get("date")
        if not (type(date_text) is str and date_text.isascii() and date_text.isdigit()):
            return False
        if raw_value is None:
            self.dropped_null += 1
            return True
        iso3, ind = row.get("countryiso3code"), row.get("indicator")
        if not (
            type(raw_value) is float
            and type(iso3) is str
            and len(iso3) == 3
            and iso3.isascii()
            and iso3.isalpha()
            and iso3.isupper()
            and type(ind) is dict
            and type(ind.get("id")) is str
        ):
            return False
        self._append(iso3, ind["id"].strip() or self.code, int(date_text), raw_value)
        return True

    def _add_checked(self, row: Any, page_no: int, url: str) -> None:
        parsed = parse_data_row(row)
        if parsed is None:
            raise WorldBankError(
                f"unexpected row on page {page_no}: {snippet(json.dumps(row))}", url, self.code
            )
        iso3, row_code, year, value = parsed
        if value is None:
            self.dropped_null += 1
        elif iso3 is None:
            self.dropped_no_iso3 += 1
        else:
            self._append(iso3, row_code or self.code, year, value)

    def _append(self, iso3: str, code: str, year: int, value: float) -> None:
        self.iso3s.append(iso3)
        self.codes.append(code)
        self.years.append(year)
        self.values.append(value)


def country_record(row: Any, url: str) -> dict[str, Any]:
    """One row of the country list: ISO3, ISO2, name, region, income group, aggregate flag."""
    iso3 = row.get("id") if isinstance(row, dict) else None
    if not isinstance(iso3, str) or not iso3.strip():
        raise WorldBankError(f"unexpected country row: {snippet(json.dumps(row))}", url)
    region = nested(row, "region")
    return {
        "country_iso3": iso3.strip(),
        "iso2_code": clean(row.get("iso2Code")),
        "name": clean(row.get("name")),
        "region": region,
        "income_group": nested(row, "incomeLevel"),
        "is_aggregate": region == AGGREGATES,
    }


def metadata_record(header: dict, rows: list | None, code: str, url: str) -> dict[str, str]:
    """Name, unit, definition and source organization from an indicator's metadata answer."""
    if not rows or header_int(header, "total", url, code) == 0:
        raise WorldBankError("empty result: the API returned no rows", url, code)
    meta = rows[0]
    if not isinstance(meta, dict):
        raise WorldBankError(
            f"unexpected response shape: metadata row is {type(meta).__name__}", url, code
        )
    returned = clean(meta.get("id"))
    if returned.upper() != code.upper():
        raise WorldBankError(f"asked for {code}, got metadata for {returned!r}", url, code)
    return {
        "indicator_code": returned,
        "name": clean(meta.get("name")),
        "unit": clean(meta.get("unit")),
        "definition": clean(meta.get("sourceNote")),
        "source_organization": clean(meta.get("sourceOrganization")),
    }
