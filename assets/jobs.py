"""Jobs and the schedule: the whole pipeline, the weekly statistics refresh, document refreshes."""

import dagster as dg

from assets.documents import STAGED_RUN_CONFIG

REFRESH_DOCUMENTS = "refresh_documents"
# the per-indicator and per-document partitions: runs of them carry a partition, so no other
# job includes them
STAGED = dg.AssetSelection.assets("observation_files", "document_files")

everything = dg.define_asset_job(
    "materialize_everything",
    selection=dg.AssetSelection.all() - STAGED,
    description="Documents, statistics, comparison and scorecard: the whole pipeline.",
)
refresh_statistics = dg.define_asset_job(
    "refresh_statistics",
    selection=dg.AssetSelection.groups("indicators").downstream() - STAGED,
    description="Refresh the statistics and everything that compares goals against them.",
)
refresh_documents = dg.define_asset_job(
    REFRESH_DOCUMENTS,
    # The country list rides along: claim checks need it, and with it a first run of this job
    # (the sensor's first tick on an empty warehouse) has everything it needs.
    selection=dg.AssetSelection.assets("policy_documents").downstream()
    | dg.AssetSelection.assets("countries"),
    description=(
        "Re-read documents and re-extract their goals, then everything that compares them. "
        "Run config may select documents (ids or file names); document_sensor does."
    ),
)
apply_reviews = dg.define_asset_job(
    "apply_reviews",
    selection=dg.AssetSelection.assets("reviewed_goals").downstream(),
    description=(
        "Apply data/reviews/ again without re-reading documents: reviewed goals, links, "
        "comparison and scorecard. Run it after editing a review."
    ),
)
stage_observation_files = dg.define_asset_job(
    "stage_observation_files",
    selection=dg.AssetSelection.assets("observation_files"),
    description=(
        "Fetch indicators one partition each into staged parquet files (a backfill over the "
        "indicator partitions spreads them over the executor's workers; the worldbank pool "
        "bounds how many call the API at once). Then run load_staged_observations."
    ),
)
load_staged_observations = dg.define_asset_job(
    "load_staged_observations",
    selection=dg.AssetSelection.assets("observations").downstream(),
    config={"ops": {"observations": {"config": {"fetch": False}}}},
    description=(
        "Load the files the observation_files partitions staged (one bulk load), then "
        "everything that compares goals against them."
    ),
)
stage_documents = dg.define_asset_job(
    "stage_documents",
    selection=dg.AssetSelection.assets("document_files"),
    description=(
        "Read and extract documents one partition each into staged parquet files (a backfill "
        "over the document partitions takes 25 a run and spreads the runs over the workers). "
        "Then run load_staged_documents."
    ),
)
load_staged_documents = dg.define_asset_job(
    "load_staged_documents",
    selection=dg.AssetSelection.assets("policy_documents").downstream()
    | dg.AssetSelection.assets("countries"),
    config=STAGED_RUN_CONFIG,
    description=(
        "Load every document from the files the document_files partitions staged (a document "
        "not staged, or changed since, is read here), then everything that compares them."
    ),
)
weekly_refresh = dg.ScheduleDefinition(
    name="weekly_statistics_refresh",
    job=refresh_statistics,
    cron_schedule="0 6 * * 1",  # Mondays 06:00 UTC; WDI updates land a few times a year
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
JOBS = [
    everything,
    refresh_statistics,
    refresh_documents,
    apply_reviews,
    stage_observation_files,
    load_staged_observations,
    stage_documents,
    load_staged_documents,
]
