"""Documents in, records out: ``policy_documents``, then ``extracted_goals``.

Both assets take a ``DocumentSelection``: empty (the default) reads every document and
replaces whole tables; naming documents (ids or file names) re-reads and re-extracts only
those and replaces only their rows. The ``document_sensor`` launches ``refresh_documents``
with one. ``staged: true`` (the ``load_staged_documents`` job) takes each document from the
files its ``document_files`` partition staged (``assets/staging.py``).
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pandas as pd

from assets import staging
from assets.checks import materialized, table_asset, write_checked
from assets.resources import CatalogResource, DocumentsResource, WarehouseResource
from pipeline.documents.reader import document_files
from pipeline.documents.selection import documents_frame, matches, select_documents, wanted_names
from pipeline.extract import extract_documents
from pipeline.extract.staged import gather_documents, gather_records
from pipeline.warehouse.writes import write_documents, write_extracted


class DocumentSelection(dg.Config):
    """Which documents to (re)load: ids (``my_plan_2024``) or file names (``my_plan_2024.txt``).

    Empty, the default: every document in the folder, and the whole table is replaced.
    ``staged``: every document too, each taken from the files its ``document_files`` partition
    staged when they are current (one not staged, or changed since, is read here).
    """

    documents: list[str] = []
    staged: bool = False


def selection_run_config(documents: list[str]) -> dict:
    """Run config that refreshes only ``documents`` in both document assets."""
    config = {"config": {"documents": list(documents)}}
    return {"ops": {"policy_documents": config, "extracted_goals": config}}


STAGED_RUN_CONFIG = {
    "ops": {name: {"config": {"staged": True}} for name in ("policy_documents", "extracted_goals")}
}


@dataclass
class Read:
    frame: pd.DataFrame  # policy_documents rows
    errors: list
    wanted: set[str]  # a selection's names; empty: every document
    how: str

    def errors_text(self) -> str:
        return "\n".join(str(e) for e in self.errors) or "none"


def read_folder(config: DocumentSelection, folder: Path, staging: Path) -> Read:
    """The documents a run loads: as configured, from the folder or from staged files."""
    now = datetime.now(UTC)
    if config.staged:
        if config.documents:
            raise dg.Failure("a staged load takes every document: leave `documents` empty")
        got = gather_documents(folder, staging, now)
        how = f"{len(got.staged)} from staged files, {len(got.read)} read now"
        return Read(got.frame, got.errors, set(), how)
    sel = select_documents(folder, config.documents)
    how = ", ".join(sorted(sel.wanted)) or "every document"
    return Read(documents_frame(sel.documents, now), sel.errors, sel.wanted, how)


def sync_partitions(context: dg.AssetExecutionContext, folder: Path, read: Read) -> None:
    """Keep the ``document`` partitions the folder's files: add the files read; a run of every
    document also drops the partitions of files that are gone."""
    name = staging.DOCUMENTS.name
    known = set(context.instance.get_dynamic_partitions(name))
    files = {p.name for p in document_files(folder)} if folder.is_dir() else set()
    new = staging.partition_keys(set(read.frame["path"]) - known)
    if new:
        context.instance.add_dynamic_partitions(name, new)
    if not read.wanted:
        for gone in sorted(known - files):
            context.instance.delete_dynamic_partition(name, gone)


DOCUMENTS_READABLE = dg.AssetCheckSpec(
    name="documents_readable",
    asset="policy_documents",
    description=(
        "Every file in the documents folder could be read. One that cannot (a format we do not "
        "read, a scanned PDF, an encrypted file, bad text) is named with the reason; the others "
        "load, and the run's history keeps this result."
    ),
)


@table_asset(
    "policy_documents", "documents", deps=[staging.document_files], checks=(DOCUMENTS_READABLE,)
)
def policy_documents(
    context: dg.AssetExecutionContext,
    config: DocumentSelection,
    documents: DocumentsResource,
    warehouse: WarehouseResource,
):
    """One row per policy document: id, title, author, published date, country, text, sha256.

    Reads the documents folder (``POLICY_TRACKER_DOCUMENTS``, default ``data/documents/``). A
    document that cannot be read is named with the reason in the ``documents_readable`` check
    and skipped; the others still load. When none can be read, the table keeps its last good
    rows and the assets after it go on with them (the check says what failed). Missing metadata
    gets a default and a warning. With a selection, only the documents named are read and only
    their rows replaced.
    """
    folder = Path(documents.folder)
    wh = warehouse.get()
    read = read_folder(config, folder, wh.staging("documents"))
    for err in read.errors:
        context.log.error(str(err))
    for path, warnings in zip(read.frame["path"], read.frame["warnings"], strict=True):
        if warnings:
            context.log.warning(f"document {path}: {warnings}")
    yield readable_check(read.errors, len(read.frame))
    errors_text = read.errors_text()
    if read.frame.empty:
        what = (
            f"none of {sorted(read.wanted)} could be read"
            if read.wanted
            else "no readable document"
        )
        if not wh.exists("policy_documents") or wh.count("policy_documents") == 0:
            raise dg.Failure(f"{what} in {folder}:\n{errors_text}")
        kept = wh.count("policy_documents")
        yield dg.AssetCheckResult(
            check_name="policy_documents_schema",
            asset_key="policy_documents",
            passed=True,
            description=f"nothing new written: the last good {kept} rows stay, as validated",
        )
        yield materialized(
            "policy_documents", kept, kept=f"{what}: the last good {kept} rows stay",
            errors=dg.MetadataValue.text(errors_text),
        )  # fmt: skip
        return
    sync_partitions(context, folder, read)
    df = read.frame
    rows = yield from write_checked(
        "policy_documents", df, lambda: write_documents(wh, df, bool(read.wanted))
    )
    table = df[["document_id", "title", "published", "country_iso3", "n_chars", "warnings"]]
    yield materialized(
        "policy_documents",
        rows,
        documents=dg.MetadataValue.md(table.to_markdown(index=False)),
        errors=dg.MetadataValue.text(errors_text),
        selection=read.how,
    )


def readable_check(errors: list, read: int) -> dg.AssetCheckResult:
    failures = [f"{Path(e.path).name}: {e.reason}" for e in errors]
    return dg.AssetCheckResult(
        check_name="documents_readable",
        asset_key="policy_documents",
        passed=not failures,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(failures)} file(s) could not be read: " + "; ".join(failures)
            if failures
            else f"all {read} documents read"
        ),
        metadata={
            "read": read,
            "unreadable": len(failures),
            "files": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures) or "none"),
        },
    )


@table_asset("extracted_goals", "documents", deps=[policy_documents, staging.document_files])
def extracted_goals(
    context: dg.AssetExecutionContext,
    config: DocumentSelection,
    catalog: CatalogResource,
    warehouse: WarehouseResource,
):
    """One row per goal, claim or context clause as the extractor read each document: the
    clause, its span, kind, theme, direction, country, target and the rules that found it.
    No indicators yet: linking (``policy_goals``) chooses them. With a selection, only those
    documents are re-extracted and only their rows replaced."""
    wh = warehouse.get()
    docs = wh.read_table("policy_documents")
    wanted = wanted_names(config.documents)
    if wanted:
        pairs = zip(docs["document_id"], docs["path"].fillna(""), strict=True)
        docs = docs[[matches(wanted, doc_id, path) for doc_id, path in pairs]]
        if docs.empty:  # none of the selected files could be read: policy_documents says so
            kept = wh.count("extracted_goals") if wh.exists("extracted_goals") else 0
            context.log.warning(f"no document in policy_documents matches {sorted(wanted)}")
            yield dg.AssetCheckResult(
                check_name="extracted_goals_schema", asset_key="extracted_goals", passed=True,
                description=f"nothing to re-extract: the last good {kept} rows stay",
            )  # fmt: skip
            yield materialized("extracted_goals", kept, selection="no readable document")
            return
    if config.staged:
        records, fresh = gather_records(docs, wh.staging("documents"), catalog.get())
        context.log.info(f"{len(docs) - len(fresh)} documents' records from staged files")
    else:
        records = extract_documents(docs, catalog.get())
    selected = sorted(docs["document_id"]) if wanted else None
    rows = yield from write_checked(
        "extracted_goals", records, lambda: write_extracted(wh, records, selected)
    )
    by_kind = records.groupby(["document_id", "kind"]).size().rename("records").reset_index()
    context.log.info(f"extracted {len(records)} records from {len(docs)} documents")
    yield materialized(
        "extracted_goals", rows, by_kind=dg.MetadataValue.md(by_kind.to_markdown(index=False))
    )
