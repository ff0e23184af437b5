"""The single Dagster ``Definitions``: assets, checks, jobs, the weekly schedule, resources.

Loaded by ``workspace.yaml`` (``make dev``) and by ``policy-tracker run`` (``make run``).
"""

from __future__ import annotations

import dagster as dg

from assets import comparison, documents, indicators
from pipeline.resources import default_resources

all_assets = dg.load_assets_from_modules([documents, indicators, comparison])

everything = dg.define_asset_job(
    "materialize_everything",
    selection=dg.AssetSelection.all(),
    description="Documents, statistics, comparison and scorecard: the whole pipeline.",
)
refresh_statistics = dg.define_asset_job(
    "refresh_statistics",
    selection=dg.AssetSelection.groups("indicators").downstream(),
    description="Refresh the statistics and everything that compares goals against them.",
)
weekly_refresh = dg.ScheduleDefinition(
    name="weekly_statistics_refresh",
    job=refresh_statistics,
    cron_schedule="0 6 * * 1",  # Mondays 06:00 UTC; WDI updates land a few times a year
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)

defs = dg.Definitions(
    assets=all_assets,
    jobs=[everything, refresh_statistics],
    schedules=[weekly_refresh],
    resources=default_resources(),
)
