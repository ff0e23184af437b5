"""World Bank Indicators API (v2) client: indicator series, the country list, indicator metadata.

Where the data comes from
    The World Development Indicators (WDI, source id 2) as served by the public World Bank
    Indicators API v2 at https://api.worldbank.org/v2 (no key, no login). Requests made:

    - data: ``GET {base}/country/{codes}/indicator/{code}?format=json&per_page=N&page=P[&date=Y:Y]``
      where ``codes`` is ``all`` or ISO codes joined by ``;`` (``CHN;USA``);
    - the country list: ``GET {base}/country?format=json&per_page=400&page=P``;
    - indicator metadata: ``GET {base}/indicator/{code}?format=json``.

    Every JSON answer is ``[header, rows]``; the header carries ``page``, ``pages``, ``per_page``,
    ``total`` and, for data, ``sourceid`` and ``lastupdated`` (the WDI release date, kept here as
    ``source_updated``).

How to refresh
    There is no incremental endpoint: materialize the assets that call this module again and each
    series is fetched anew, every page. ``WORLDBANK_API_URL`` points the client at another base
    URL (a mirror, or the loopback server the tests run); unset, it uses ``DEFAULT_BASE_URL``.

Quirks we know about (each one is handled below, and tested against a loopback server)
    - Errors may come with HTTP 200: ``[{"message": [{"id": "120", "key": "Invalid value",
      "value": "The provided parameter value is not valid"}]}]``. Not retried (unless it
      comes with a 5xx or 429 status: those are retried whatever the body says).
    - Some archived or deleted indicators answer with an XML ``<wb:error>`` body even though
      ``format=json`` was asked for. Any body that is not JSON is a permanent error, except one
      that starts like JSON but does not parse: that is a cut connection, retried like a 5xx.
    - An empty result is ``[{"page": 1, "pages": 0, "total": 0, ...}, null]``: an error here,
      because every series we ask for should have rows.
    - ``page``/``pages``/``per_page``/``total`` are ints in the data endpoint but strings in
      some others (``"per_page": "400"`` on the country list): both are accepted.
    - ``value`` is null for every year without data; those rows are dropped and counted.
    - ``countryiso3code`` is ``""`` for some aggregates (e.g. "Not classified"). We fall back
      to ``country.id`` when that is three letters, otherwise the row is dropped and counted.
    - Region, income-group and country names sometimes carry trailing spaces
      (``"Latin America & Caribbean "``): stripped.
    - If the data changes while we page (``pages`` or ``total`` differ between pages, or the
      rows repeat a country-year), the fetch fails rather than mixing two releases.
    - The API rate-limits with 429 and has bursts of 5xx and dropped connections. Those are
      retried with exponential backoff, honouring ``Retry-After`` on 429/503.

This module imports no Dagster and builds no SQL. A client holds one ``requests.Session``;
use one client per thread.
"""

from __future__ import annotations

import gc
import itertools
import json
import logging
import math
import os
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote

import pandas as pd
import requests
from requests.adapters import HTTPAdapter

DEFAULT_BASE_URL = "https://api.worldbank.org/v2"
ENV_BASE_URL = "WORLDBANK_API_URL"
ENV_MAX_WORKERS = "WORLDBANK_MAX_WORKERS"
# Indicators fetched at once by ``fetch_indicators``. The live API starts failing near 20
# parallel requests, so the default stays well under that and the limit below it.
DEFAULT_MAX_WORKERS = 4
MAX_WORKERS_LIMIT = 16
USER_AGENT = (
    f"policy-tracker/0.1 (World Bank indicators client; python-requests/{requests.__version__})"
)
COUNTRIES_PER_PAGE = 400
INDICATOR_COLUMNS = ["country_iso3", "indicator_code", "year", "value", "source_updated"]
COUNTRY_COLUMNS = ["country_iso3", "iso2_code", "name", "region", "income_group", "is_aggregate"]
AGGREGATES = "Aggregates"

_SNIPPET_CHARS = 200
_RETRY_AFTER_STATUSES = frozenset({429, 503})
# ChunkedEncodingError is what requests raises when the server closes mid-body.
_TRANSIENT_EXCEPTIONS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)

log = logging.getLogger(__name__)


class WorldBankError(RuntimeError):
    """A permanent failure talking to the World Bank API (retries, if any, are used up).

    Attributes: ``indicator`` (str | None), ``url`` (the full URL of the failing GET) and
    ``reason`` (what went wrong, without the URL).
    """

    def __init__(self, reason: str, url: str, indicator: str | None = None) -> None:
        self.reason = reason
        self.url = url
        self.indicator = indicator
        subject = f"indicator {indicator}: " if indicator else ""
        super().__init__(f"World Bank API: {subject}{reason} (GET {url})")

    def __reduce__(self) -> tuple[Any, ...]:
        # The default reduce would call __init__ with the formatted message only.
        return (type(self), (self.reason, self.url, self.indicator))


@dataclass
class _Stats:
    """Bookkeeping for one fetch (kept per call so that generators do not share counters)."""

    request_count: int = 0
    first_url: str | None = None
    last_url: str | None = None


class _Retry(Exception):
    """Internal signal: this attempt failed in a way worth retrying."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait


class WorldBankClient:
    """Client for the World Bank Indicators API v2 (see the module docstring)."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        per_page: int = 20000,
        timeout: tuple[float, float] = (5.0, 60.0),
        max_attempts: int = 5,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        max_retry_after: float = 120.0,
        jitter: float = 0.1,
        session: requests.Session | None = None,
        sleep: Callable[[float], Any] = time.sleep,
        max_workers: int | None = None,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if per_page < 1:
            raise ValueError("per_page must be at least 1")
        if base_url is None:
            base_url = os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        self.base_url = base_url.rstrip("/")
        self.per_page = per_page
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.jitter = jitter
        if max_workers is None:
            max_workers = int(os.environ.get(ENV_MAX_WORKERS) or DEFAULT_MAX_WORKERS)
        self.max_workers = _check_workers(max_workers)
        self._sleep = sleep
        self._owns_session = session is None
        if session is None:
            session = requests.Session()
            # max_retries=0: retries are ours, so that every wait goes through `sleep`.
            adapter = HTTPAdapter(pool_connections=2, pool_maxsize=4, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self._session = session
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}

    # -- lifecycle -------------------------------------------------------------------------

    def close(self) -> None:
        """Close the session if this client created it (a passed-in session is the caller's)."""
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> WorldBankClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- public API ------------------------------------------------------------------------

    def fetch_indicator(
        self, code: str, countries: str = "all", date: str | None = None
    ) -> pd.DataFrame:
        """Fetch every page of one indicator as a tidy frame, one row per country-year.

        Columns: country_iso3 (str), indicator_code (str), year (int64), value (float64),
        source_updated (the header's ``lastupdated``, str or None). Rows with a null value are
        dropped. Sorted by country_iso3, year. ``df.attrs`` holds ``requests`` (HTTP requests
        made, retries included), ``url`` (first page URL), ``dropped_null_values`` and
        ``dropped_no_iso3``.
        """
        stats = _Stats()
        iso3s: list[str] = []
        codes: list[str] = []
        years: list[int] = []
        values: list[float] = []
        source_updated: str | None = None
        dropped_null = dropped_no_iso3 = 0
        for page_no, (header, rows) in enumerate(
            self._indicator_pages(code, countries, date, stats), start=1
        ):
            if page_no == 1:
                lastupdated = header.get("lastupdated")
                source_updated = str(lastupdated) if lastupdated not in (None, "") else None
            for row in rows:
                # Fast path for the well-formed rows the API sends (most of them null): the
                # result _parse_data_row would give, without its per-field calls. Anything
                # else takes the full path below, with its checks and errors.
                if type(row) is dict:
                    raw_value, date_text = row.get("value"), row.get("date")
                    if type(date_text) is str and date_text.isascii() and date_text.isdigit():
                        if raw_value is None:
                            dropped_null += 1
                            continue
                        iso3, ind = row.get("countryiso3code"), row.get("indicator")
                        if (
                            type(raw_value) is float
                            and type(iso3) is str
                            and len(iso3) == 3
                            and iso3.isascii()
                            and iso3.isalpha()
                            and iso3.isupper()
                            and type(ind) is dict
                            and type(ind.get("id")) is str
                        ):
                            iso3s.append(iso3)
                            codes.append(ind["id"].strip() or code)
                            years.append(int(date_text))
                            values.append(raw_value)
                            continue
                parsed = _parse_data_row(row)
                if parsed is None:
                    raise WorldBankError(
                        f"unexpected row on page {page_no}: {_snippet(json.dumps(row))}",
                        stats.last_url or self.base_url,
                        code,
                    )
                iso3, row_code, year, value = parsed
                if value is None:
                    dropped_null += 1
                    continue
                if iso3 is None:
                    dropped_no_iso3 += 1
                    continue
                iso3s.append(iso3)
                codes.append(row_code or code)
                years.append(year)
                values.append(value)
        if dropped_no_iso3:
            log.warning("World Bank %s: dropped %d rows with no ISO3 code", code, dropped_no_iso3)
        df = pd.DataFrame(
            {
                "country_iso3": pd.Series(iso3s, dtype="str"),
                "indicator_code": pd.Series(codes, dtype="str"),
                "year": pd.Series(years, dtype="int64"),
                "value": pd.Series(values, dtype="float64"),
                "source_updated": [source_updated] * len(iso3s),
            },
            columns=INDICATOR_COLUMNS,
        )
        duplicated = df.duplicated(subset=["country_iso3", "indicator_code", "year"])
        if duplicated.any():
            first = df.loc[duplicated].iloc[0]
            raise WorldBankError(
                f"data changed while paging: {int(duplicated.sum())} repeated country-years "
                f"(first: {first['country_iso3']} {first['year']})",
                stats.first_url or self.base_url,
                code,
            )
        df = df.sort_values(["country_iso3", "year"], kind="stable").reset_index(drop=True)
        df.attrs.update(
            requests=stats.request_count,
            url=stats.first_url,
            dropped_null_values=dropped_null,
            dropped_no_iso3=dropped_no_iso3,
        )
        return df

    def iter_indicator_pages(
        self, code: str, countries: str = "all", date: str | None = None
    ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """Yield ``(header, rows)`` per page, raw as the API sent them (null values included).

        The same paging loop and checks as ``fetch_indicator``; use it to stream large series.
        """
        yield from self._indicator_pages(code, countries, date, _Stats())

    def fetch_indicators(
        self,
        codes: Iterable[str],
        countries: str = "all",
        date: str | None = None,
        *,
        max_workers: int | None = None,
    ) -> Iterator[tuple[str, pd.DataFrame | WorldBankError]]:
        """Fetch many indicators, ``max_workers`` at a time (default: this client's
        ``max_workers``, from ``WORLDBANK_MAX_WORKERS`` or 4), and yield ``(code, frame)`` or
        ``(code, WorldBankError)`` for each, in the order of ``codes``.

        Each frame is what ``fetch_indicator`` returns, with the same retries and checks; an
        indicator that fails does not stop the others. Each worker thread has its own client
        with this client's settings (its own Session, its connection kept alive across the
        indicators it fetches). At most ``2 * max_workers`` results are held at once, so a
        caller that writes each frame away as it comes holds a bounded amount of memory.
        With one worker, or a Session passed in by the caller (not shared across threads),
        the indicators are fetched one after another by this client.
        """
        workers = self.max_workers if max_workers is None else _check_workers(max_workers)
        codes = list(codes)
        if workers == 1 or len(codes) <= 1 or not self._owns_session:
            for code in codes:
                yield code, self._fetch_or_error(code, countries, date)
            return
        local = threading.local()
        clients: list[WorldBankClient] = []
        lock = threading.Lock()

        def work(code: str) -> pd.DataFrame | WorldBankError:
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = self._clone()
                with lock:
                    clients.append(client)
            return client._fetch_or_error(code, countries, date)

        todo = iter(codes)
        pending: deque[tuple[str, Future[pd.DataFrame | WorldBankError]]] = deque()
        try:
            with ThreadPoolExecutor(workers, thread_name_prefix="worldbank") as pool:
                try:
                    for code in itertools.islice(todo, 2 * workers):
                        pending.append((code, pool.submit(work, code)))
                    while pending:
                        code, future = pending.popleft()
                        result = future.result()
                        for more in itertools.islice(todo, 1):
                            pending.append((more, pool.submit(work, more)))
                        yield code, result
                finally:  # a caller that stops early: start nothing more
                    for _, future in pending:
                        future.cancel()
        finally:
            for client in clients:
                client.close()

    def _fetch_or_error(
        self, code: str, countries: str, date: str | None
    ) -> pd.DataFrame | WorldBankError:
        try:
            return self.fetch_indicator(code, countries, date)
        except WorldBankError as exc:
            return exc

    def _clone(self) -> WorldBankClient:
        """A client with this one's settings and a Session of its own (for another thread)."""
        return WorldBankClient(
            self.base_url,
            per_page=self.per_page,
            timeout=self.timeout,
            max_attempts=self.max_attempts,
            backoff=self.backoff,
            max_backoff=self.max_backoff,
            max_retry_after=self.max_retry_after,
            jitter=self.jitter,
            sleep=self._sleep,
            max_workers=1,
        )

    def fetch_countries(self) -> pd.DataFrame:
        """The country list: economies and aggregates, one row each, sorted by country_iso3.

        Columns: country_iso3, iso2_code, name, region, income_group, is_aggregate (bool,
        True where the region is "Aggregates"). Names, regions and groups are stripped.
        """
        stats = _Stats()
        records: list[dict[str, Any]] = []
        pages = self._iter_pages(
            "country",
            {"format": "json", "per_page": COUNTRIES_PER_PAGE},
            indicator=None,
            stats=stats,
        )
        for _header, rows in pages:
            for row in rows:
                iso3 = row.get("id") if isinstance(row, dict) else None
                if not isinstance(iso3, str) or not iso3.strip():
                    raise WorldBankError(
                        f"unexpected country row: {_snippet(json.dumps(row))}",
                        stats.last_url or self.base_url,
                    )
                region = _nested(row, "region")
                records.append(
                    {
                        "country_iso3": iso3.strip(),
                        "iso2_code": _clean(row.get("iso2Code")),
                        "name": _clean(row.get("name")),
                        "region": region,
                        "income_group": _nested(row, "incomeLevel"),
                        "is_aggregate": region == AGGREGATES,
                    }
                )
        df = pd.DataFrame.from_records(records, columns=COUNTRY_COLUMNS)
        df["is_aggregate"] = df["is_aggregate"].astype(bool)
        df = df.sort_values("country_iso3", kind="stable").reset_index(drop=True)
        df.attrs.update(requests=stats.request_count, url=stats.first_url)
        return df

    def fetch_indicator_metadata(self, code: str) -> dict[str, str]:
        """Name, unit, definition and source organization of one indicator.

        Keys: indicator_code, name, unit, definition (the API's ``sourceNote``),
        source_organization. Missing fields come back as "".
        """
        payload, url = self._request_json(
            f"indicator/{quote(code, safe='')}", {"format": "json"}, indicator=code, stats=_Stats()
        )
        header, rows = _split_payload(payload, url, code)
        if not rows or _header_int(header, "total", url, code) == 0:
            raise WorldBankError("empty result: the API returned no rows", url, code)
        meta = rows[0]
        if not isinstance(meta, dict):
            raise WorldBankError(
                f"unexpected response shape: metadata row is {type(meta).__name__}", url, code
            )
        returned = _clean(meta.get("id"))
        if returned.upper() != code.upper():
            raise WorldBankError(f"asked for {code}, got metadata for {returned!r}", url, code)
        return {
            "indicator_code": returned,
            "name": _clean(meta.get("name")),
            "unit": _clean(meta.get("unit")),
            "definition": _clean(meta.get("sourceNote")),
            "source_organization": _clean(meta.get("sourceOrganization")),
        }

    # -- paging ------------------------------------------------------------------------------

    def _indicator_pages(
        self, code: str, countries: str, date: str | None, stats: _Stats
    ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        path = f"country/{quote(countries, safe=';')}/indicator/{quote(code, safe='')}"
        params = {"format": "json", "per_page": self.per_page}
        after_page = {"date": date} if date is not None else None
        yield from self._iter_pages(
            path, params, after_page=after_page, indicator=code, stats=stats
        )

    def _iter_pages(
        self,
        path: str,
        params: dict[str, Any],
        *,
        after_page: dict[str, Any] | None = None,
        indicator: str | None,
        stats: _Stats,
    ) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
        """Request page 1, 2, ... until the header's ``pages``, checking each page's header."""
        first_pages = first_total = 0
        seen_rows = 0
        page = 1
        while True:
            query = {**params, "page": page, **(after_page or {})}
            payload, url = self._request_json(path, query, indicator=indicator, stats=stats)
            if page == 1:
                stats.first_url = url
            header, rows = _split_payload(payload, url, indicator)
            pages = _header_int(header, "pages", url, indicator)
            total = _header_int(header, "total", url, indicator)
            if page == 1:
                if total == 0 or pages == 0 or rows is None:
                    raise WorldBankError("empty result: the API returned no rows", url, indicator)
                first_pages, first_total = pages, total
            elif (pages, total) != (first_pages, first_total):
                raise WorldBankError(
                    f"data changed while paging: page 1 said pages={first_pages} "
                    f"total={first_total}, page {page} says pages={pages} total={total}",
                    url,
                    indicator,
                )
            header_page = header.get("page")
            if header_page is not None and _header_int(header, "page", url, indicator) != page:
                raise WorldBankError(
                    f"unexpected response shape: asked for page {page}, got page {header_page}",
                    url,
                    indicator,
                )
            if not isinstance(rows, list):
                raise WorldBankError(
                    f"unexpected response shape: page {page} of {pages} has no rows list",
                    url,
                    indicator,
                )
            seen_rows += len(rows)
            yield header, rows
            if page >= pages:
                break
            page += 1
        if seen_rows != first_total:
            raise WorldBankError(
                f"the pages held {seen_rows} rows but the header said total={first_total}",
                stats.first_url or url,
                indicator,
            )

    # -- one request, with retries ---------------------------------------------------------

    def _request_json(
        self, path: str, params: dict[str, Any], *, indicator: str | None, stats: _Stats
    ) -> tuple[Any, str]:
        """GET one URL and return ``(parsed JSON, full URL)``, retrying transient failures."""
        url = str(requests.Request("GET", f"{self.base_url}/{path}", params=params).prepare().url)
        stats.last_url = url
        last = ""
        for attempt in range(1, self.max_attempts + 1):
            stats.request_count += 1
            try:
                response = self._session.get(url, headers=self._headers, timeout=self.timeout)
            except _TRANSIENT_EXCEPTIONS as exc:
                last, wait = f"{type(exc).__name__}: {exc}", None
            except requests.RequestException as exc:
                raise WorldBankError(f"{type(exc).__name__}: {exc}", url, indicator) from exc
            else:
                try:
                    return _interpret(response, url, indicator), url
                except _Retry as retry:
                    last, wait = retry.reason, retry.wait
                finally:
                    response.close()
            if attempt == self.max_attempts:
                break
            delay = self._retry_delay(attempt, wait)
            log.warning(
                "World Bank GET %s failed (%s), attempt %d of %d; retrying in %.1fs",
                url,
                last,
                attempt,
                self.max_attempts,
                delay,
            )
            self._sleep(delay)
        raise WorldBankError(
            f"gave up after {self.max_attempts} attempts; last error: {last}", url, indicator
        )

    def _retry_delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        delay = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
        # Jitter keeps parallel runs from retrying in lockstep; it is not security-relevant.
        delay += random.uniform(0.0, self.jitter * delay)  # noqa: S311
        return min(delay, self.max_backoff)


# -- response interpretation (module level: no client state needed) -------------------------


def _interpret(response: requests.Response, url: str, indicator: str | None) -> Any:
    """Parsed JSON of a good response; raise _Retry for transient faults, else WorldBankError."""
    status = response.status_code
    text = response.content.decode("utf-8-sig", errors="replace")
    try:
        with _gc_paused():
            payload: Any = json.loads(text)
        parsed = True
    except ValueError:
        payload, parsed = None, False

    if status == 429 or 500 <= status <= 599:
        wait = _retry_after(response) if status in _RETRY_AFTER_STATUSES else None
        raise _Retry(f"HTTP {status} {response.reason or ''}".rstrip(), wait)

    message = _error_message(payload) if parsed else None
    if message is not None:
        raise WorldBankError(f"API error (HTTP {status}): {message}", url, indicator)
    if status >= 300:
        raise WorldBankError(
            f"HTTP {status} {response.reason or ''}: {_snippet(text)}".strip(), url, indicator
        )
    if not parsed:
        # A body that starts like JSON but does not parse was cut short: worth another try.
        if text.lstrip()[:1] in ("[", "{"):
            raise _Retry(f"response is not JSON (truncated?): {_snippet(text)}")
        raise WorldBankError(f"response is not JSON: {_snippet(text)}", url, indicator)
    return payload


_gc_lock = threading.Lock()
_gc_pauses = 0
_gc_was_enabled = False


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause CPython's cyclic garbage collector while a page is parsed.

    A 20,000-row page makes some 100,000 dicts; each few hundred allocations set off a
    collection that scans the live objects and finds nothing (JSON makes no cycles). Paused,
    parsing takes about 40% less time (docs/performance.md). Counted, so that threads parsing
    at once re-enable it only when the last one is done, and only if it was enabled before.
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


def _error_message(payload: Any) -> str | None:
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


def _retry_after(response: requests.Response) -> float | None:
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


def _split_payload(
    payload: Any, url: str, indicator: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]] | None]:
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], dict)):
        shape = f"list of {len(payload)}" if isinstance(payload, list) else type(payload).__name__
        raise WorldBankError(
            f"unexpected response shape: expected [header, rows], got {shape}: "
            f"{_snippet(json.dumps(payload))}",
            url,
            indicator,
        )
    header, rows = payload
    if rows is not None and not isinstance(rows, list):
        raise WorldBankError(
            f"unexpected response shape: rows is {type(rows).__name__}", url, indicator
        )
    return header, rows


def _header_int(header: dict[str, Any], key: str, url: str, indicator: str | None) -> int:
    raw = header.get(key)
    try:
        return int(str(raw).strip())
    except ValueError:
        raise WorldBankError(
            f"unexpected response shape: header {key}={raw!r} is not an integer", url, indicator
        ) from None


def _parse_data_row(row: Any) -> tuple[str | None, str, int, float | None] | None:
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
    iso3 = _clean(row.get("countryiso3code"))
    if not iso3:
        # Some aggregates have no ISO3 code; a three-letter country id is one in all but name.
        country_id = _nested(row, "country", "id")
        iso3 = country_id if len(country_id) == 3 and country_id.isalpha() else ""
    return (iso3.upper() or None, _nested(row, "indicator", "id"), year, value)


def _check_workers(max_workers: int) -> int:
    if not 1 <= max_workers <= MAX_WORKERS_LIMIT:
        raise ValueError(
            f"max_workers must be between 1 and {MAX_WORKERS_LIMIT} (the live API fails near 20 "
            f"parallel requests), not {max_workers}"
        )
    return max_workers


def _nested(row: dict[str, Any], key: str, field: str = "value") -> str:
    nested = row.get(key)
    return _clean(nested.get(field)) if isinstance(nested, dict) else ""


def _clean(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET_CHARS else text[:_SNIPPET_CHARS] + "..."
