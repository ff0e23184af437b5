"""Errors of the World Bank client: a permanent failure (named) and a transient one (retried)."""

from __future__ import annotations

from typing import Any


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


class Retry(Exception):
    """Internal signal: this attempt failed in a way worth retrying."""

    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.wait = wait
