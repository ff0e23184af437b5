"""Work staged one partition at a time: statistics per indicator (``observation_files``) and
documents per file (``document_files``).

Each partition fetches one indicator (from the API, or copies it out of the snapshot) into its
own parquet file in the staging folder beside the warehouse's working file. Partitions are
independent of each other and of DuckDB's single writer, so any number run at once, on any
worker an executor sends them to (``docs/scaling.md``); ``observations`` then loads every file
in one bulk load (run it with ``fetch: false``: the ``load_staged_observations`` job does).

``document_files`` is the same for documents: a partition per file in the documents folder
(its file name; ``policy_documents`` and the document sensor keep the set in step with the
folder), each read and extracted into staged parquet files (``pipeline/extract/staged.py``),
then ``load_staged_documents`` gathers them. A backfill takes 25 partitions a run, so hundreds
of documents become a few dozen runs spread over the executor's workers.

These assets are outside ``materialize_everything``: a run without a partition cannot include
them.
"""

import warnings
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from assets.checks import OWNERS, check_result, passed_check
from assets.resources import (
    CatalogResource,
    DocumentsResource,
    StatisticsResource,
    WarehouseResource,
)
from pipeline.documents import DocumentError
from pipeline.extract.staged import FILE_HASH, stage_file, write_staged
from pipeline.sources.load import StagedInvalid, stage_one
from pipeline.warehouse.schemas import ValidationResult, validate_table

# BackfillPolicy is beta in Dagster 1.13 and says so on every import; we pin the minor version
warnings.filterwarnings("ignore", "Parameter `backfill_policy`", dg.BetaWarning)

INDICATORS = dg.DynamicPartitionsDefinition(name="indicator")
DOCUMENTS = dg.DynamicPartitionsDefinition(name="document")
DOCUMENTS_PER_RUN = 25
# Dagster refuses these in static partition keys (its partitions/utils/base.py) and writes a
# range of keys as "first...last": a dynamic key holding one would make ranges ambiguous. A file
# so named is still read by every run; it just gets no partition of its own.
NOT_IN_KEYS = ("...", "\a", "\b", "\f", "\n", "\r", "\t", "\v", "\0")


def partition_keys(names) -> list[str]:
    """The file names that can be ``document`` partition keys, sorted."""
    return sorted(n for n in names if not any(bad in n for bad in NOT_IN_KEYS))


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


@dg.asset(
    partitions_def=DOCUMENTS,
    group_name="documents",
    kinds={"parquet"},
    owners=OWNERS,
    backfill_policy=dg.BackfillPolicy.multi_run(max_partitions_per_run=DOCUMENTS_PER_RUN),
    check_specs=[
        dg.AssetCheckSpec(
            "document_files_schema",
            asset="document_files",
            blocking=True,
            description=(
                "The policy_documents and extracted_goals schemas over each document's staged "
                "rows, before its files replace the last good ones."
            ),
        )
    ],
)
def document_files(
    context: dg.AssetExecutionContext,
    catalog: CatalogResource,
    documents: DocumentsResource,
    warehouse: WarehouseResource,
):
    """One document (a file of the documents folder) read and extracted into two staged
    parquet files: its policy_documents row and its extracted_goals rows. A run of several
    partitions (a backfill takes up to 25) does them one after another; a document that
    cannot be read or fails the schemas is named, keeps its last good files, and fails the
    run once the others are written."""
    folder = Path(documents.folder)
    staging = warehouse.get().staging("documents")
    cat, now = catalog.get(), datetime.now(UTC)
    unreadable, invalid, records = {}, {}, 0
    for name in context.partition_keys:
        try:
            staged = stage_file(folder, name, cat, now)
        except DocumentError as err:
            unreadable[name] = err.reason
            continue
        results = [
            validate_table("policy_documents", staged.document.drop(columns=[FILE_HASH])),
            validate_table("extracted_goals", staged.records),
        ]
        if failed := [r for r in results if not r.passed]:
            invalid[name] = "; ".join(r.summary(limit=3) for r in failed)
            continue
        write_staged(staged, staging)
        records += len(staged.records)
    done = len(context.partition_keys) - len(unreadable) - len(invalid)
    yield dg.AssetCheckResult(
        check_name="document_files_schema",
        passed=not invalid,
        description="; ".join(f"{n}: {why}" for n, why in invalid.items())
        or f"{done} document(s) valid",
        metadata={"documents": done, "invalid": len(invalid)},
    )
    if unreadable or invalid:
        named = "\n".join(f"- {n}: {why}" for n, why in {**unreadable, **invalid}.items())
        raise dg.Failure(
            f"{len(unreadable) + len(invalid)} of {len(context.partition_keys)} document(s) "
            f"not staged (their last good files stay):\n{named}",
            allow_retries=False,  # the file, not the moment, is at fault
        )
    yield dg.MaterializeResult(
        metadata={
            "documents": done,
            "records": records,
            "staging": dg.MetadataValue.path(str(staging)),
        }
    )
