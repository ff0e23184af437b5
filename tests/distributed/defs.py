"""The project's own assets, with jobs on Dagster's celery executor and in process: the code
location the distributed test's runs and the Celery workers rebuild, by job name, from the
environment (``POLICY_TRACKER_*``), as workers on other machines would."""

from __future__ import annotations

import dagster as dg
from dagster_celery import celery_executor

from assets.definitions import all_assets
from assets.resources import default_resources
from assets.staging import document_files, observation_files

STAGED = dg.AssetSelection.assets("observation_files")
DOCUMENTS = dg.AssetSelection.assets("document_files")
# everything the staged files feed: the documents and the statistics loaded, then compared
COMPARISON = dg.AssetSelection.all() - STAGED - DOCUMENTS
UPSTREAM = (
    dg.AssetSelection.assets("indicator_catalog", "countries").upstream() - DOCUMENTS
).required_multi_asset_neighbors()


def definitions() -> dg.Definitions:
    jobs = [
        dg.define_asset_job("upstream", selection=UPSTREAM, executor_def=dg.in_process_executor),
        dg.define_asset_job("stage_celery", selection=STAGED, executor_def=celery_executor),
        dg.define_asset_job("documents_celery", selection=DOCUMENTS, executor_def=celery_executor),
        dg.define_asset_job("compare_celery", selection=COMPARISON, executor_def=celery_executor),
    ]
    return dg.Definitions(
        assets=[*all_assets, observation_files, document_files],
        jobs=jobs,
        resources=default_resources(),
    )


def get_job(name: str) -> dg.JobDefinition:
    return definitions().resolve_job_def(name)
