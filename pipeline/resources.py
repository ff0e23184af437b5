"""Dagster resources: the warehouse, the statistics source, the documents folder, the reports.

Defaults come from the environment (see pipeline/config.py), so ``make run``, ``make dev`` and
the schedule need no configuration, and tests point them at temporary folders.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline import config
from pipeline.sources import LiveSource, SnapshotSource
from pipeline.storage import Warehouse
from pipeline.worldbank import WorldBankClient


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file every asset writes its table to."""

    path: str

    def get(self) -> Warehouse:
        return Warehouse(self.path)


class StatisticsResource(dg.ConfigurableResource):
    """Where observations come from: ``snapshot`` (shipped, default) or ``live`` (the API).

    The live client's retry settings bound how long one request may take before its indicator
    fails: ``max_attempts`` x (connect 5 s + ``read_timeout_seconds``) plus the waits between
    attempts (``backoff_seconds`` doubling, at most 30 s each; a ``Retry-After`` is honoured
    up to ``max_retry_after_seconds``). Tests shorten them; the defaults suit the real API.
    """

    source: str = "snapshot"
    snapshot_dir: str = str(config.SNAPSHOT_DIR)
    api_url: str | None = None
    max_attempts: int = 5
    per_page: int = 20000
    read_timeout_seconds: float = 60.0
    backoff_seconds: float = 0.5
    max_retry_after_seconds: float = 120.0

    def get(self) -> SnapshotSource | LiveSource:
        if self.source == "snapshot":
            return SnapshotSource(Path(self.snapshot_dir))
        if self.source == "live":
            client = WorldBankClient(
                self.api_url,
                max_attempts=self.max_attempts,
                per_page=self.per_page,
                timeout=(5.0, self.read_timeout_seconds),
                backoff=self.backoff_seconds,
                max_retry_after=self.max_retry_after_seconds,
            )
            return LiveSource(client)
        raise ValueError(f"statistics source must be 'snapshot' or 'live', not {self.source!r}")


class DocumentsResource(dg.ConfigurableResource):
    """The folder of policy documents (``*.txt`` with a metadata header).

    Defaults to ``POLICY_TRACKER_DOCUMENTS`` (``data/documents/``); the assets read it, and so
    does the ``document_sensor``, which never opens the DuckDB file.
    """

    folder: str = str(config.DOCUMENTS_DIR)


class ReportsResource(dg.ConfigurableResource):
    """Where the scorecard report and its charts are written."""

    folder: str


def default_resources() -> dict:
    return {
        "warehouse": WarehouseResource(path=str(config.db_path())),
        "statistics": StatisticsResource(source=config.source(), api_url=None),
        "documents": DocumentsResource(folder=str(config.documents_dir())),
        "reports": ReportsResource(folder=str(config.reports_dir())),
    }
