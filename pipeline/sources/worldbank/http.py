"""HTTP to the World Bank API: one GET with retries, and the paging loop with its checks.

Transient faults (connection errors, timeouts, cut bodies, HTTP 429 and 5xx, a body that
starts like JSON and does not parse) are retried with exponential backoff and jitter,
honouring ``Retry-After``; anything else is a ``WorldBankError`` naming the URL and the reason.
A transport holds one ``requests.Session``: use one per thread.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import msgspec
import requests
from requests.adapters import HTTPAdapter

from pipeline.sources.worldbank.errors import Retry, WorldBankError
from pipeline.sources.worldbank.payload import header_int, interpret, split_payload

# ChunkedEncodingError is what requests raises when the server closes mid-body.
TRANSIENT_EXCEPTIONS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)
USER_AGENT = (
    f"policy-tracker/0.1 (World Bank indicators client; python-requests/{requests.__version__})"
)

log = logging.getLogger(__name__)

Page = tuple[dict[str, Any], list[dict[str, Any]]]


@dataclass
class Stats:
    """Bookkeeping for one fetch (kept per call so that generators do not share counters)."""

    request_count: int = 0
    first_url: str | None = None
    last_url: str | None = None


@dataclass
class RetryPolicy:
    max_attempts: int = 5
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_retry_after: float = 120.0
    jitter: float = 0.1

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        delay = min(self.backoff * 2 ** (attempt - 1), self.max_backoff)
        # Jitter keeps parallel runs from retrying in lockstep; it is not security-relevant.
        delay += random.uniform(0.0, self.jitter * delay)  # noqa: S311
        return min(delay, self.max_backoff)


class Transport:
    def __init__(
        self,
        base_url: str,
        *,
        timeout: tuple[float, float],
        policy: RetryPolicy,
        session: requests.Session | None = None,
        sleep: Callable[[float], Any],
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.policy = policy
        self._sleep = sleep
        self.owns_session = session is None
        if session is None:
            session = requests.Session()
            # max_retries=0: retries are ours, so that every wait goes through `sleep`.
            adapter = HTTPAdapter(pool_connections=2, pool_maxsize=4, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
        self.session = session
        self._headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}

    def close(self) -> None:
        """Close the session if this transport created it (a passed-in one is the caller's)."""
        if self.owns_session:
            self.session.close()

    def request_json(
        self,
        path: str,
        params: dict[str, Any],
        *,
        indicator: str | None,
        stats: Stats,
        decoder: msgspec.json.Decoder | None = None,
    ) -> tuple[Any, str]:
        """GET one URL and return ``(parsed JSON, full URL)``, retrying transient failures.
        ``decoder``: tried first on a good body (see ``payload.interpret``)."""
        url = str(requests.Request("GET", f"{self.base_url}/{path}", params=params).prepare().url)
        stats.last_url = url
        last = ""
        attempts = self.policy.max_attempts
        for attempt in range(1, attempts + 1):
            stats.request_count += 1
            try:
                response = self.session.get(url, headers=self._headers, timeout=self.timeout)
            except TRANSIENT_EXCEPTIONS as exc:
                last, wait = f"{type(exc).__name__}: {exc}", None
            except requests.RequestException as exc:
                raise WorldBankError(f"{type(exc).__name__}: {exc}", url, indicator) from exc
            else:
                try:
                    return interpret(response, url, indicator, decoder), url
                except Retry as retry:
                    last, wait = retry.reason, retry.wait
                finally:
                    response.close()
            if attempt == attempts:
                break
            delay = self.policy.delay(attempt, wait)
            log.warning(
                "World Bank GET %s failed (%s), attempt %d of %d; retrying in %.1fs",
                url,
                last,
                attempt,
                attempts,
                delay,
            )
            self._sleep(delay)
        raise WorldBankError(
            f"gave up after {attempts} attempts; last error: {last}", url, indicator
        )

    def pages(
        self,
        path: str,
        params: dict[str, Any],
        *,
        after_page: dict[str, Any] | None = None,
        indicator: str | None,
        stats: Stats,
        decoder: msgspec.json.Decoder | None = None,
    ) -> Iterator[Page]:
        """Request page 1, 2, ... until the header's ``pages``, checking each page's header:
        the same ``pages`` and ``total`` on every page (else the data changed while paging),
        the page asked for, a rows list, and as many rows in all as ``total`` said."""
        first: tuple[int, int] | None = None
        seen_rows = 0
        page = 1
        while True:
            query = {**params, "page": page, **(after_page or {})}
            payload, url = self.request_json(
                path, query, indicator=indicator, stats=stats, decoder=decoder
            )
            if page == 1:
                stats.first_url = url
            header, rows = split_payload(payload, url, indicator)
            counts = _check_page(header, rows, page, first, url, indicator)
            first = first or counts
            seen_rows += len(rows)
            yield header, rows
            if page >= counts[0]:
                break
            page += 1
        if seen_rows != first[1]:
            raise WorldBankError(
                f"the pages held {seen_rows} rows but the header said total={first[1]}",
                stats.first_url or url,
                indicator,
            )


def _check_page(
    header: dict[str, Any],
    rows: list | None,
    page: int,
    first: tuple[int, int] | None,
    url: str,
    indicator: str | None,
) -> tuple[int, int]:
    """(pages, total) of a page whose header agrees with page 1's; else a WorldBankError."""
    pages = header_int(header, "pages", url, indicator)
    total = header_int(header, "total", url, indicator)
    if first is None:
        if total == 0 or pages == 0 or rows is None:
            raise WorldBankError("empty result: the API returned no rows", url, indicator)
    elif (pages, total) != first:
        raise WorldBankError(
            f"data changed while paging: page 1 said pages={first[0]} total={first[1]}, "
            f"page {page} says pages={pages} total={total}",
            url,
            indicator,
        )
    header_page = header.get("page")
    if header_page is not None and header_int(header, "page", url, indicator) != page:
        raise WorldBankError(
            f"unexpected response shape: asked for page {page}, got page {header_page}",
            url,
            indicator,
        )
    if not isinstance(rows, list):
        raise WorldBankError(
            f"unexpected response shape: page {page} of {pages} has no rows list", url, indicator
        )
    return pages, total
