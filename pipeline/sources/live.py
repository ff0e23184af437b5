"""The live World Bank API as a source (``POLICY_TRACKER_SOURCE=live``): see
``pipeline.sources.worldbank`` for the client, its retries and the API's quirks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pandas as pd

from pipeline.sources.base import COUNTRY_COLUMNS, Fetched, tidy
from pipeline.sources.worldbank import WorldBankClient, WorldBankError


class LiveSource:
    """The World Bank API: indicators fetched ``max_workers`` at a time (default: the client's,
    ``WORLDBANK_MAX_WORKERS`` or 4), yielded in the order asked for, one frame each."""

    name = "live"
    complete = False  # an indicator that fails keeps its last good rows

    def __init__(
        self,
        client: WorldBankClient | None = None,
        date: str | None = None,
        max_workers: int | None = None,
    ):
        self.client = client or WorldBankClient()
        self.date = date
        self.max_workers = max_workers

    def countries(self) -> pd.DataFrame:
        return self.client.fetch_countries()[COUNTRY_COLUMNS]

    def observations(self, codes: list[str]) -> Iterator[Fetched]:
        source = f"World Bank API {self.client.base_url}"
        fetched = self.client.fetch_indicators(
            codes, "all", self.date, max_workers=self.max_workers
        )
        for code, result in fetched:
            if isinstance(result, WorldBankError):
                yield Fetched(code, None, result)
                continue
            fetched_at = datetime.now(UTC)
            yield Fetched(code, tidy(result, source, fetched_at), None, result.attrs["requests"])

    def wanted(self, codes: set[str]) -> list[str]:
        """What a run fetches: the indicators asked for."""
        return sorted(codes)
