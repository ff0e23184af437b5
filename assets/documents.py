"""Documents in, records out: ``policy_documents``, then ``extracted_goals``.

Both assets take a ``DocumentSelection``: empty (the default) reads every document and
replaces whole tables; naming documents (ids or file names) re-reads and re-extracts only
those and replaces only their rows. The ``document_sensor`` launches ``refresh_documents``
with one.
"""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from assets.checks import materialized, table_asset, write_checked
from assets.resources import CatalogResource, DocumentsResource, WarehouseResource
from pipeline.documents.selection import documents_frame, matches, select_documents, wanted_names
from pipeline.extract import extract_documents
from pipeline.warehouse.writes import write_documents, write_extracted


class DocumentSelection(dg.Config):
    """Which documents to (re)load: ids (``my_plan_2024``) or file names (``my_plan_2024.txt``).

    Empty, the default: every document in the folder, and the whole table is replaced.
    """

    documents: list[str] = []


def selection_run_config(documents: list[str]) -> dict:
    """Run config that refreshes only ``documents`` in both document assets."""
    config = {"config": {"documents": list(documents)}}
    return {"ops": {"policy_documents": config, "extracted_goals": config}}


DOCUMENTS_READABLE = dg.AssetCheckSpec(
    name="documents_readable",
    asset="policy_documents",
    description=(
        "Every file in the documents folder could be read. One that cannot (a format we do not "
        "read, a scanned PDF, an encrypted file, bad text) is named with the reason; the others "
        "load, and the run's history keeps this result."
    ),
)


@table_asset("policy_documents", "documents", checks=(DOCUMENTS_READABLE,))
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
    got = select_documents(folder, config.documents)
    for err in got.errors:
        context.log.error(str(err))
    for doc in got.documents:
        for warning in doc.warnings:
            context.log.warning(f"document {doc.path}: {warning}")
    yield readable_check(got.errors, len(got.documents))
    wh = warehouse.get()
    if not got.documents:
        what = (
            f"none of {sorted(got.wanted)} could be read" if got.wanted else "no readable document"
        )
        if not wh.exists("policy_documents") or wh.count("policy_documents") == 0:
            raise dg.Failure(f"{what} in {folder}:\n{got.errors_text()}")
        kept = wh.count("policy_documents")
        yield dg.AssetCheckResult(
            check_name="policy_documents_schema",
            asset_key="policy_documents",
            passed=True,
            description=f"nothing new written: the last good {kept} rows stay, as validated",
        )
        yield materialized(
            "policy_documents", kept, kept=f"{what}: the last good {kept} rows stay",
            errors=dg.MetadataValue.text(got.errors_text()),
        )  # fmt: skip
        return
    df = documents_frame(got.documents, datetime.now(UTC))
    rows = yield from write_checked(
        "policy_documents", df, lambda: write_documents(wh, df, got.is_selection)
    )
    table = df[["document_id", "title", "published", "country_iso3", "n_chars", "warnings"]]
    yield materialized(
        "policy_documents",
        rows,
        documents=dg.MetadataValue.md(table.to_markdown(index=False)),
        errors=dg.MetadataValue.text(got.errors_text()),
        selection=", ".join(sorted(got.wanted)) or "every document",
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


@table_asset("extracted_goals", "documents", deps=[policy_documents])
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
