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
    series is fetched anew, every page. ``base_url`` points the client at another base URL (a
    mirror, or the loopback server the tests run); the default is ``DEFAULT_BASE_URL``.

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

The client is split by concern: ``http`` (one GET with retries, the paging loop),
``payload`` (what an answer means: pure functions), ``errors``, and this module (the public
calls: one indicator, many at once, the country list, metadata). No Dagster, no SQL, no
environment: the base URL and the worker count are the caller's (the ``statistics`` resource).
A client holds one ``requests.Session``; use one client per thread.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any
from urllib.parse import quote

import pandas as pd
import requests

from pipeline.sources.worldbank.errors import WorldBankError
from pipeline.sources.worldbank.http import Page, RetryPolicy, Stats, Transport
from pipeline.sources.worldbank.payload import (
    DATA_PAGE,
    IndicatorRows,
    country_record,
    metadata_record,
    split_payload,
)

DEFAULT_BASE_URL = "https://api.worldbank.org/v2"
# Indicators fetched at once by ``fetch_indicators``. The live API starts failing near 20
# parallel requests, so the default stays well under that and the limit below it.
DEFAULT_MAX_WORKERS = 4
MAX_WORKERS_LIMIT = 16
COUNTRIES_PER_PAGE = 400
INDICATOR_COLUMNS = ["country_iso3", "indicator_code", "year", "value", "source_updated"]
COUNTRY_COLUMNS = ["country_iso3", "iso2_code", "name", "region", "income_group", "is_aggregate"]

log = logging.getLogger(__name__)


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
        max_workers: int = DEFAULT_MAX_WORKERS,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if per_page < 1:
            raise ValueError("per_page must be at least 1")
        self.per_page = per_page
        self.max_workers = check_workers(max_workers)
        self.policy = RetryPolicy(max_attempts, backoff, max_backoff, max_retry_after, jitter)
        self.transport = Transport(
            base_url or DEFAULT_BASE_URL,
            timeout=timeout,
            policy=self.policy,
            session=session,
            sleep=sleep,
        )

    @property
    def base_url(self) -> str:
        return self.transport.base_url

    def close(self) -> None:
        """Close the session if this client created it (a passed-in session is the caller's)."""
        self.transport.close()

    def __enter__(self) -> WorldBankClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

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
        stats = Stats()
        got = IndicatorRows(code)
        source_updated: str | None = None
        pages = self._indicator_pages(code, countries, date, stats, DATA_PAGE)
        for page_no, (header, rows) in enumerate(pages, start=1):
            if page_no == 1:
                lastupdated = header.get("lastupdated")
                source_updated = str(lastupdated) if lastupdated not in (None, "") else None
            got.add_page(rows, page_no, stats.last_url or self.base_url)
        if got.dropped_no_iso3:
            log.warning(
                "World Bank %s: dropped %d rows with no ISO3 code", code, got.dropped_no_iso3
            )
        df = _indicator_frame(got, source_updated, stats.first_url or self.base_url)
        df.attrs.update(
            requests=stats.request_count,
            url=stats.first_url,
            dropped_null_values=got.dropped_null,
            dropped_no_iso3=got.dropped_no_iso3,
        )
        return df

    def iter_indicator_pages(
        self, code: str, countries: str = "all", date: str | None = None
    ) -> Iterator[Page]:
        """Yield ``(header, rows)`` per page, raw as the API sent them (null values included).

        The same paging loop and checks as ``fetch_indicator``; use it to stream large series.
        """
        yield from self._indicator_pages(code, countries, date, Stats())

    def fetch_indicators(
        self,
        codes: Iterable[str],
        countries: str = "all",
        date: str | None = None,
        *,
        max_workers: int | None = None,
    ) -> Iterator[tuple[str, pd.DataFrame | WorldBankError]]:
        """Fetch many indicators, ``max_workers`` at a time (default: this client's), and yield
        ``(code, frame)`` or ``(code, WorldBankError)`` for each, in the order of ``codes``.

        Each frame is what ``fetch_indicator`` returns, with the same retries and checks; an
        indicator that fails does not stop the others. Each worker thread has its own client
        with this client's settings (its own Session, its connection kept alive across the
        indicators it fetches). At most ``2 * max_workers`` results are held at once, so a
        caller that writes each frame away as it comes holds a bounded amount of memory.
        With one worker, or a Session passed in by the caller (not shared across threads),
        the indicators are fetched one after another by this client.
        """
        workers = self.max_workers if max_workers is None else check_workers(max_workers)
        codes = list(codes)
        if workers == 1 or len(codes) <= 1 or not self.transport.owns_session:
            for code in codes:
                yield code, self.fetch_or_error(code, countries, date)
            return
        yield from _in_threads(self, codes, workers, countries, date)

    def fetch_or_error(
        self, code: str, countries: str = "all", date: str | None = None
    ) -> pd.DataFrame | WorldBankError:
        try:
            return self.fetch_indicator(code, countries, date)
        except WorldBankError as exc:
            return exc

    def clone(self) -> WorldBankClient:
        """A client with this one's settings and a Session of its own (for another thread)."""
        p = self.policy
        return WorldBankClient(
            self.base_url,
            per_page=self.per_page,
            timeout=self.transport.timeout,
            max_attempts=p.max_attempts,
            backoff=p.backoff,
            max_backoff=p.max_backoff,
            max_retry_after=p.max_retry_after,
            jitter=p.jitter,
            sleep=self.transport._sleep,
            max_workers=1,
        )

    def fetch_countries(self) -> pd.DataFrame:
        """The country list: economies and aggregates, one row each, sorted by country_iso3.

        Columns: country_iso3, iso2_code, name, region, income_group, is_aggregate (bool,
        True where the region is "Aggregates"). Names, regions and groups are stripped.
        """
        stats = Stats()
        params = {"format": "json", "per_page": COUNTRIES_PER_PAGE}
        records = [
            country_record(row, stats.last_url or self.base_url)
            for _header, rows in self.transport.pages(
                "country", params, indicator=None, stats=stats
            )
            for row in rows
        ]
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
        payload, url = self.transport.request_json(
            f"indicator/{quote(code, safe='')}", {"format": "json"}, indicator=code, stats=Stats()
        )
        header, rows = split_payload(payload, url, code)
        return metadata_record(header, rows, code, url)

    def _indicator_pages(
        self, code: str, countries: str, date: str | None, stats: Stats, decoder=None
    ) -> Iterator[Page]:
        path = f"country/{quote(countries, safe=';')}/indicator/{quote(code, safe='')}"
        params = {"format": "json", "per_page": self.per_page}
        after_page = {"date": date} if date is not None else None
        yield from self.transport.pages(
            path, params, after_page=after_page, indicator=code, stats=stats, decoder=decoder
        )


def _indicator_frame(got: IndicatorRows, source_updated: str | None, url: str) -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "country_iso3": pd.Series(got.iso3s, dtype="str"),
            "indicator_code": pd.Series(got.codes, dtype="str"),
            "year": pd.Series(got.years, dtype="int64"),
            "value": pd.Series(got.values, dtype="float64"),
            "source_updated": [source_updated] * len(got.iso3s),
        },
        columns=INDICATOR_COLUMNS,
    )
    duplicated = df.duplicated(subset=["country_iso3", "indicator_code", "year"])
    if duplicated.any():
        first = df.loc[duplicated].iloc[0]
        raise WorldBankError(
            f"data changed while paging: {int(duplicated.sum())} repeated country-years "
            f"(first: {first['country_iso3']} {first['year']})",
            url,
            got.code,
        )
    return df.sort_values(["country_iso3", "year"], kind="stable").reset_index(drop=True)


def _in_threads(
    client: WorldBankClient, codes: list[str], workers: int, countries: str, date: str | None
) -> Iterator[tuple[str, pd.DataFrame | WorldBankError]]:
    """Fetch ``codes`` on ``workers`` threads, each with a client of its own; results in order,
    at most ``2 * workers`` held at once."""
    local = threading.local()
    clients: list[WorldBankClient] = []
    lock = threading.Lock()

    def work(code: str) -> pd.DataFrame | WorldBankError:
        mine = getattr(local, "client", None)
        if mine is None:
            mine = local.client = client.clone()
            with lock:
                clients.append(mine)
        return mine.fetch_or_error(code, countries, date)

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
        for mine in clients:
            mine.close()


def check_workers(max_workers: int) -> int:
    if not 1 <= max_workers <= MAX_WORKERS_LIMIT:
        raise ValueError(
            f"max_workers must be between 1 and {MAX_WORKERS_LIMIT} (the live API fails near 20 "
            f"parallel requests), not {max_workers}"
        )
    return max_workers
