"""Documents in, goals and claims out."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.validation import check_result, schema_check_spec, stop_if_failed
from pipeline.documents import Document, read_documents
from pipeline.extract import Extractor, to_frames
from pipeline.resources import DocumentsResource, WarehouseResource
from pipeline.schemas import PolicyGoals, validate


@dg.asset(group_name="documents", kinds={"duckdb"})
def policy_documents(
    context: dg.AssetExecutionContext, documents: DocumentsResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """One row per policy document: id, title, author, published date, country, text, sha256.

    Reads every ``*.txt`` in ``data/documents/``. A document that cannot be read (empty,
    binary, not UTF-8, too large, HTML, a bad header) is reported by name and skipped; the
    others still load. Missing metadata gets a default and a warning.
    """
    docs, errors = read_documents(Path(documents.folder))
    for err in errors:
        context.log.error(str(err))
    for doc in docs:
        for warning in doc.warnings:
            context.log.warning(f"document {doc.path}: {warning}")
    if not docs:
        raise dg.Failure(
            description=f"no readable document in {documents.folder}",
            metadata={"errors": "\n".join(str(e) for e in errors) or "no *.txt files"},
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
    counts = warehouse.get().replace({"policy_documents": df})
    return dg.MaterializeResult(
        metadata={
            "rows": counts["policy_documents"],
            "documents": dg.MetadataValue.md(
                df[["document_id", "title", "published", "country_iso3", "n_chars"]].to_markdown(
                    index=False
                )
            ),
            "errors": dg.MetadataValue.text("\n".join(str(e) for e in errors) or "none"),
        }
    )


@dg.asset(
    group_name="documents",
    deps=[policy_documents],
    kinds={"duckdb"},
    check_specs=[schema_check_spec("policy_goals", "PolicyGoals")],
)
def policy_goals(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """One row per goal or claim found in a document (plus goal_indicators: one row per goal and
    indicator that measures it).

    Each record carries its clause, character span, theme, direction, country, target and the
    rules that produced it. Goals no indicator measures are kept and marked unmeasured.
    """
    wh = warehouse.get()
    documents = wh.read_table("policy_documents")
    extractor = Extractor()
    records = []
    for row in documents.to_dict("records"):
        found = extractor.extract(Document.from_row(row))
        context.log.info(f"{row['document_id']}: {len(found)} goals and claims")
        records.extend(found)
    goals, links = to_frames(records)
    result = validate(PolicyGoals, goals, "policy_goals", ["goal_id"])
    yield check_result(result, "policy_goals")
    stop_if_failed(result)
    counts = wh.replace({"policy_goals": goals, "goal_indicators": links})
    by_kind = goals.groupby(["kind", "is_measured"]).size().rename("records").reset_index()
    yield dg.MaterializeResult(
        metadata={
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
