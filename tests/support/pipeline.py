"""Run the real Dagster assets in-process against a temporary DuckDB file."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg

from assets.definitions import all_assets
from assets.resources import (
    CatalogResource,
    ComparisonResource,
    DocumentsResource,
    ReportsResource,
    ReviewsResource,
    StatisticsResource,
    WarehouseResource,
)
from pipeline.config import DEFAULT_PEERS, DOCUMENTS_DIR, REVIEWS_DIR, SNAPSHOT_DIR


def resources(
    tmp: Path,
    *,
    source: str = "snapshot",
    snapshot_dir: Path = SNAPSHOT_DIR,
    documents_dir: Path = DOCUMENTS_DIR,
    reviews_dir: Path = REVIEWS_DIR,
    api_url: str | None = None,
    peers: str = DEFAULT_PEERS,
    **client_settings: float,
) -> dict:
    """``client_settings``: more StatisticsResource fields (``per_page``, ``backoff_seconds``,
    ``read_timeout_seconds``, ``max_attempts``, ...), e.g. to keep retries short."""
    settings = {"max_attempts": 3} | client_settings
    if api_url is not None:
        settings["api_url"] = api_url
    return {
        "warehouse": WarehouseResource(path=str(tmp / "policy.duckdb")),
        "statistics": StatisticsResource(source=source, snapshot_dir=str(snapshot_dir), **settings),
        "documents": DocumentsResource(folder=str(documents_dir)),
        "catalog": CatalogResource(),
        "reviews": ReviewsResource(folder=str(reviews_dir)),
        "comparison": ComparisonResource(peers=peers),
        "reports": ReportsResource(folder=str(tmp / "reports")),
    }


def materialize_all(res: dict, selection: str | None = None) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        all_assets,
        resources=res,
        selection=selection,
        raise_on_error=False,
        instance=dg.DagsterInstance.ephemeral(),
    )


def copy_snapshot(tmp: Path) -> Path:
    dest = tmp / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, dest)
    return dest
