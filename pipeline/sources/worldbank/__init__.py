"""The World Bank Indicators API v2: see ``client`` for where the data comes from and its quirks."""

from pipeline.sources.worldbank.client import (
    DEFAULT_BASE_URL,
    DEFAULT_MAX_WORKERS,
    MAX_WORKERS_LIMIT,
    WorldBankClient,
)
from pipeline.sources.worldbank.errors import WorldBankError

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_WORKERS",
    "MAX_WORKERS_LIMIT",
    "WorldBankClient",
    "WorldBankError",
]
