"""Documents in, goals and claims out.

Both assets take a ``DocumentSelection``: empty (the default) reads every document and replaces
whole tables; naming documents (ids or file names) re-reads and re-extracts only those and
replaces only their rows. The ``document_sensor`` launches ``refresh_documents`` with one.
"""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.validation import check_result, schema_check_spec, stop_if_failed
from pipeline.documents import Document, DocumentError, read_documents
from pipeline.extract import Extractor, to_frames
from pipeline.resources import DocumentsResource, WarehouseResource
from pipeline.schemas import PolicyGoals, validate
from pipeline.storage import Warehouse


class DocumentSelection(dg.Config):
    """Which documents to (re)load: ids (``my_plan_2024``) or file names (``my_plan_2024.txt``).

    Empty, the default: every document in the folder, and the whole table is replaced.
    """

    documents: list[str] = []


def selection_run_config(documents: list[str]) -> dict:
    """Run config that refreshes only ``documents`` in both document assets."""
    config = {"config": {"documents": list(documents)}}
    return {"ops": {"policy_documents": config, "policy_goals": config}}


def _wanted(selection: DocumentSelection) -> set[str]:
    return {Path(name.strip()).name for name in selection.documents if name.strip()}


def _matches(wanted: set[str], document_id: str | None, path: str) -> bool:
    name = Path(path).name
    return document_id in wanted or name in wanted or Path(name).stem in wanted


def _report(errors: list[DocumentError]) -> str:
    return "\n".join(str(e) for e in errors) or "none"


@dg.asset(group_name="documents", kinds={"duckdb"})
def policy_documents(
    context: dg.AssetExecutionContext,
    config: DocumentSelection,
    documents: DocumentsResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """One row per policy document: id, title, author, published date, country, text, sha256.

    Reads every ``*.txt`` in the documents folder (``POLICY_TRACKER_DOCUMENTS``, default
    ``data/documents/``). A document that cannot be read (empty, binary, not UTF-8, too large,
    HTML, a bad header) is reported by name and skipped; the others still load. Missing
    metadata gets a default and a warning. With a selection, only the documents named are
    read and only their rows replaced; if none of them can be read, the asset fails.
    """
    folder = Path(documents.folder)
    docs, errors = read_documents(folder)
    wanted = _wanted(config)
    if wanted:
        docs = [d for d in docs if _matches(wanted, d.document_id, d.path)]
        errors = [e for e in errors if _matches(wanted, None, e.path)]
        found = {d.document_id for d in docs} | {Path(d.path).name for d in docs}
        found |= {Path(d.path).stem for d in docs} | {Path(e.path).name for e in errors}
        found |= {Path(e.path).stem for e in errors}
        missing = sorted(wanted - found)
        errors += [
            DocumentError(folder / name, "no *.txt file with this name or id") for name in missing
        ]
    for err in errors:
        context.log.error(str(err))
    for doc in docs:
        for warning in doc.warnings:
            context.log.warning(f"document {doc.path}: {warning}")
    if not docs:
        what = f"none of {sorted(wanted)} could be read" if wanted else "no readable document"
        raise dg.Failure(
            description=f"{what} in {folder}:\n{_report(errors) if errors else 'no *.txt files'}",
            metadata={"errors": _report(errors) if errors else "no *.txt files"},
        )
    loaded_at = datetime.now(UTC)
    df = pd.DataFrame(
        [
            {
                "document_id": d.document_id,
                "title": d.title,
                "author": d.author,
                "published": d.published,
                "baseline_year": d.baseline_year,
                "country_iso3": d.country_iso3,
                "language": d.language,
                "source_url": d.source_url,
                "path": Path(d.path).name,
                "text": d.text,
                "sha256": d.sha256,
                "n_chars": len(d.text),
                "warnings": "; ".join(d.warnings) or None,
                "loaded_at": loaded_at,
            }
            for d in docs
        ]
    )
    wh = warehouse.get()
    if wanted:
        # The rows of these documents, and any row an edited file had under its previous id.
        keys = sorted(set(df["document_id"]) | _ids_at_paths(wh, list(df["path"])))
        rows = wh.replace_where("policy_documents", df, "document_id", keys)
    else:
        rows = wh.replace({"policy_documents": df})["policy_documents"]
    metadata = {
        "rows": rows,
        "documents": dg.MetadataValue.md(
            df[["document_id", "title", "published", "country_iso3", "n_chars"]].to_markdown(
                index=False
            )
        ),
        "errors": dg.MetadataValue.text(_report(errors)),
    }
    if wanted:
        metadata["selection"] = dg.MetadataValue.text(", ".join(sorted(wanted)))
    return dg.MaterializeResult(metadata=metadata)


def _ids_at_paths(wh: Warehouse, paths: list[str]) -> set[str]:
    """Ids the warehouse holds for these file names (a header's id may have been edited)."""
    if not wh.exists("policy_documents"):
        return set()
    found = wh.read(
        "select document_id from policy_documents where path in (select unnest(?::varchar[]))",
        [paths],
    )
    return set(found["document_id"])


@dg.asset(
    group_name="documents",
    deps=[policy_documents],
    kinds={"duckdb"},
    check_specs=[schema_check_spec("policy_goals", "PolicyGoals")],
)
def policy_goals(
    context: dg.AssetExecutionContext, config: DocumentSelection, warehouse: WarehouseResource
):
    """One row per goal or claim found in a document (plus goal_indicators: one row per goal and
    indicator that measures it).

    Each record carries its clause, character span, theme, direction, country, target and the
    rules that produced it. Goals no indicator measures are kept and marked unmeasured. With a
    selection, only those documents' goals and links are re-extracted and replaced (together,
    in one transaction), with the goals of documents no longer in policy_documents.
    """
    wh = warehouse.get()
    documents = wh.read_table("policy_documents")
    wanted = _wanted(config)
    if wanted:
        hit = [
            _matches(wanted, doc_id, path if isinstance(path, str) else "")
            for doc_id, path in zip(documents["document_id"], documents["path"], strict=True)
        ]
        documents = documents[hit]
        if documents.empty:
            raise dg.Failure(
                description=f"no document in policy_documents matches {sorted(wanted)}"
            )
    extractor = Extractor()
    records = []
    for row in documents.to_dict("records"):
        found = extractor.extract(Document.from_row(row))
        context.log.info(f"{row['document_id']}: {len(found)} goals and claims")
        records.extend(found)
    goals, links = to_frames(records)
    if goals.empty:  # an empty frame's text columns are `object`; the schema checks their type
        context.log.warning(f"no goal or claim found in {', '.join(documents['document_id'])}")
        goals = goals.astype({name: col.dtype.type for name, col in PolicyGoals.columns.items()})
    result = validate(PolicyGoals, goals, "policy_goals", ["goal_id"])
    yield check_result(result, "policy_goals")
    stop_if_failed(result)
    if wanted:
        keys = sorted(set(documents["document_id"]) | _orphans(wh))
        counts = wh.replace_for_keys(
            "policy_goals", goals, "document_id", keys, {"goal_indicators": (links, "goal_id")}
        )
    else:
        counts = wh.replace({"policy_goals": goals, "goal_indicators": links})
    by_kind = goals.groupby(["kind", "is_measured"]).size().rename("records").reset_index()
    refreshed = {"documents": ", ".join(sorted(documents["document_id"]))} if wanted else {}
    yield dg.MaterializeResult(
        metadata=refreshed
        | {
            "rows": counts["policy_goals"],
            "goal_indicators_rows": counts["goal_indicators"],
            "by_kind": dg.MetadataValue.md(by_kind.to_markdown(index=False)),
            "themes": dg.MetadataValue.md(
                goals.groupby("theme")
                .size()
                .rename("records")
                .reset_index()
                .to_markdown(index=False)
            ),
        }
    )


def _orphans(wh: Warehouse) -> set[str]:
    """Documents with goals but no row in policy_documents any more (an id edited away)."""
    if not wh.exists("policy_goals"):
        return set()
    found = wh.read(
        "select distinct document_id from policy_goals"
        " where document_id not in (select document_id from policy_documents)"
    )
    return set(found["document_id"])
