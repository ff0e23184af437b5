"""The single Dagster ``Definitions``: assets, checks, jobs, the schedule, the sensor, resources.

Loaded by ``workspace.yaml`` (``make dev``) and by ``policy-tracker run`` (``make run``).
"""

from __future__ import annotations

import gc

import dagster as dg

from assets import comparison, documents, indicators, linking, report, reviews, staging
from assets.jobs import JOBS, weekly_refresh
from assets.resources import default_resources
from assets.sensors import document_sensor

all_assets = dg.load_assets_from_modules(
    [documents, reviews, linking, indicators, comparison, report]
)

defs = dg.Definitions(
    # the per-indicator and per-document partitions are in the graph but not in all_assets: whatever
    # materializes all_assets (make run, the tests) runs without a partition
    assets=[*all_assets, staging.observation_files, staging.document_files],
    jobs=JOBS,
    schedules=[weekly_refresh],
    sensors=[document_sensor],
    resources=default_resources(),
    # One process per run: DuckDB lets one process write the file at a time, so steps in
    # parallel processes would only wait for each other's lock (and pay a process start each).
    executor=dg.in_process_executor,
)

# Everything imported so far (Dagster, pandas, pandera, matplotlib: a few hundred thousand
# objects) lives as long as the process. Frozen, the collector's full passes stop scanning
# it on every run (0.35-0.5 s a run here, docs/performance.md), and forked chart processes
# do not touch those pages.
gc.freeze()
