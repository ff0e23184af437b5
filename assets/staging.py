"""Statistics staged one indicator at a time: the ``observation_files`` partitions.

Each partition fetches one indicator (from the API, or copies it out of the snapshot) into its
own parquet file in the staging folder beside the warehouse's working file. Partitions are
independent of each other and of DuckDB's single writer, so any number run at once, on any
worker an executor sends them to (``docs/scaling.md``); ``observations`` then loads every file
in one bulk load (run it with ``fetch: false``: the ``load_staged_observations`` job does).
This asset is outside ``materialize_everything``: a run without a partition cannot include it.
"""

import dagster as dg

from assets.checks import OWNERS, check_result, passed_check
from assets.resources import StatisticsResource, WarehouseResource
from pipeline.sources.load import StagedInvalid, stage_one
from pipeline.warehouse.schemas import ValidationResult

INDICATORS = dg.DynamicPartitionsDefinition(name="indicator")


@dg.asset(
    partitions_def=INDICATORS,
    group_name="indicators",
    kinds={"parquet"},
    owners=OWNERS,
    pool="worldbank",
    check_specs=[
        dg.AssetCheckSpec(
            "observation_files_schema",
            asset="observation_files",
            blocking=True,
            description=(
                "The observations table's rules (pipeline/warehouse/registry.py) as SQL over "
                "the staged file, before it replaces the last good one."
            ),
        )
    ],
    retry_policy=dg.RetryPolicy(max_retries=2, delay=5, backoff=dg.Backoff.EXPONENTIAL),
)
def observation_files(
    context: dg.AssetExecutionContext, statistics: StatisticsResource, warehouse: WarehouseResource
):
    """One indicator's observations (every economy and year) as one parquet file. A fetch
    that fails raises, and the indicator's last good file stays; Dagster retries it, and a
    backfill of that partition alone can later. The ``worldbank`` pool bounds how many run at
    once across processes and machines (the API fails near 20 requests in flight)."""
    code = context.partition_key
    folder = warehouse.get().staging(statistics.source)
    try:
        path, staged = stage_one(statistics.get(), code, folder)
    except StagedInvalid as err:
        yield check_result(ValidationResult("observation_files", err.rows, err.failures))
        raise dg.Failure(str(err), allow_retries=False) from None
    if path is None:
        raise dg.Failure(
            f"{staged.errors_md() or code}; its last good file stays",
            allow_retries=not staged.missing,  # the source does not hold it: no retry helps
        )
    yield dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(path)),
            "dagster/row_count": staged.rows,
            "http_requests": staged.requests,
        }
    )
    yield passed_check("observation_files", staged.rows)
