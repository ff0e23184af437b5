"""Jobs and the schedule: the whole pipeline, the weekly statistics refresh, document refreshes."""

import dagster as dg

REFRESH_DOCUMENTS = "refresh_documents"

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
weekly_refresh = dg.ScheduleDefinition(
    name="weekly_statistics_refresh",
    job=refresh_statistics,
    cron_schedule="0 6 * * 1",  # Mondays 06:00 UTC; WDI updates land a few times a year
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
JOBS = [everything, refresh_statistics, refresh_documents, apply_reviews]
