"""The single Dagster ``Definitions``: assets, checks, jobs, the schedule, the sensor, resources.

Loaded by ``workspace.yaml`` (``make dev``) and by ``policy-tracker run`` (``make run``).
"""

from __future__ import annotations

import dagster as dg

from assets import comparison, documents, indicators
from pipeline.resources import default_resources
from pipeline.sensors import REFRESH_JOB, document_sensor

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
refresh_documents = dg.define_asset_job(
    REFRESH_JOB,
    # The country list rides along: claim checks need it, and with it a first run of this job
    # (the sensor's first tick on an empty warehouse) has everything it needs.
    selection=dg.AssetSelection.assets("policy_documents", "policy_goals").downstream()
    | dg.AssetSelection.assets("countries"),
    description=(
        "Re-read documents and re-extract their goals, then everything that compares them. "
        "Run config may select documents (ids or file names); document_sensor does."
    ),
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
    jobs=[everything, refresh_statistics, refresh_documents],
    schedules=[weekly_refresh],
    sensors=[document_sensor],
    resources=default_resources(),
    # One process per run: DuckDB lets one process write the file at a time, so steps in
    # parallel processes would only wait for each other's lock (and pay a process start each).
    executor=dg.in_process_executor,
)
