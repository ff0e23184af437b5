"""Dagster resources: one per system the assets talk to, each setting a field.

Every field has its default (``pipeline.config.SETTINGS``) and, when its environment variable
is set, takes it through ``dg.EnvVar``, so ``make run``, ``make dev`` and the schedule need no
configuration, tests point them at temporary folders, and the Launchpad shows and sets every
one of them for a run.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline import config
from pipeline.catalog import Catalogue
from pipeline.sources import LiveSource, SnapshotSource
from pipeline.sources.load import wanted_codes
from pipeline.sources.worldbank import WorldBankClient
from pipeline.warehouse import Warehouse


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file every asset writes its table to (``POLICY_TRACKER_DB``)."""

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
    indicators: str = config.SETTINGS["POLICY_TRACKER_INDICATORS"].default
    snapshot_dir: str = str(config.SNAPSHOT_DIR)
    api_url: str = config.SETTINGS["WORLDBANK_API_URL"].default
    max_workers: int = int(config.SETTINGS["WORLDBANK_MAX_WORKERS"].default)
    max_attempts: int = 5
    per_page: int = 20000
    read_timeout_seconds: float = 60.0
    backoff_seconds: float = 0.5
    max_retry_after_seconds: float = 120.0

    def get(self) -> SnapshotSource | LiveSource:
        source = config.check_source(self.source)
        if source == "snapshot":
            return SnapshotSource(Path(self.snapshot_dir))
        return LiveSource(self.client())

    def codes(self, catalogue: set[str], linked: set[str], cat: Catalogue) -> list[str]:
        """The indicators a run loads, as ``indicators`` says (``catalogue``, ``linked`` or
        ``all``): ``pipeline.sources.load.wanted_codes``."""
        return wanted_codes(self.get(), self.indicators, catalogue, linked, cat.series_codes)

    def client(self) -> WorldBankClient:
        return WorldBankClient(
            self.api_url,
            max_attempts=self.max_attempts,
            per_page=self.per_page,
            timeout=(5.0, self.read_timeout_seconds),
            backoff=self.backoff_seconds,
            max_retry_after=self.max_retry_after_seconds,
            max_workers=self.max_workers,
        )


class DocumentsResource(dg.ConfigurableResource):
    """The folder of policy documents (``POLICY_TRACKER_DOCUMENTS``). The assets read it, and
    so does the ``document_sensor``, which never opens the DuckDB file."""

    folder: str = str(config.DOCUMENTS_DIR)


class ReviewsResource(dg.ConfigurableResource):
    """The folder of analysts' reviews (``POLICY_TRACKER_REVIEWS``): one YAML file per
    document that accepts, rejects or corrects extracted records (``pipeline/reviews.py``)."""

    folder: str = str(config.REVIEWS_DIR)


class CatalogResource(dg.ConfigurableResource):
    """The catalogue (``POLICY_TRACKER_CATALOG``): themes, indicators, the WDI series list;
    economy names from the snapshot's country list."""

    folder: str = str(config.CATALOG_DIR)
    countries_csv: str = str(config.SNAPSHOT_DIR / "countries.csv")

    def get(self) -> Catalogue:
        return Catalogue(Path(self.folder), Path(self.countries_csv))


class ComparisonResource(dg.ConfigurableResource):
    """How goals are set in context: the peer economies (``POLICY_TRACKER_PEERS``,
    comma-separated ISO3 codes; empty for none)."""

    peers: str = config.DEFAULT_PEERS

    def peer_codes(self) -> tuple[str, ...]:
        return config.parse_peers(self.peers)


class ReportsResource(dg.ConfigurableResource):
    """Where the scorecard report and its charts are written (``POLICY_TRACKER_REPORTS``)."""

    folder: str


def _setting(env: str):
    """The setting as a resource field value: ``dg.EnvVar`` when the environment sets it (the
    Launchpad then shows where it came from), else its default."""
    return dg.EnvVar(env) if config.is_set(env) else config.SETTINGS[env].default


def _int_setting(env: str):
    return dg.EnvVar.int(env) if config.is_set(env) else int(config.SETTINGS[env].default)


def default_resources() -> dict[str, dg.ConfigurableResource]:
    return {
        "warehouse": WarehouseResource(path=_setting("POLICY_TRACKER_DB")),
        "statistics": StatisticsResource(
            source=_setting("POLICY_TRACKER_SOURCE"),
            indicators=_setting("POLICY_TRACKER_INDICATORS"),
            api_url=_setting("WORLDBANK_API_URL"),
            max_workers=_int_setting("WORLDBANK_MAX_WORKERS"),
        ),
        "documents": DocumentsResource(folder=_setting("POLICY_TRACKER_DOCUMENTS")),
        "catalog": CatalogResource(folder=_setting("POLICY_TRACKER_CATALOG")),
        "reviews": ReviewsResource(folder=_setting("POLICY_TRACKER_REVIEWS")),
        "comparison": ComparisonResource(peers=_setting("POLICY_TRACKER_PEERS")),
        "reports": ReportsResource(folder=_setting("POLICY_TRACKER_REPORTS")),
    }
