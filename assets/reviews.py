"""Extracted -> reviewed: ``reviewed_goals``, the records with the analysts' reviews applied."""

import dagster as dg

from assets.checks import materialized, table_asset, write_checked
from assets.documents import extracted_goals
from assets.resources import ReviewsResource, WarehouseResource
from pipeline.reviews import ReviewError, apply_reviews, load_reviews

REVIEWS_MATCH = dg.AssetCheckSpec(
    name="reviews_match",
    asset="reviewed_goals",
    description=(
        "Every review in data/reviews/ found exactly one record. A review whose quote matches "
        "none (the sentence changed: stale) or several is named here, with its file, and not "
        "applied."
    ),
)


@table_asset("reviewed_goals", "documents", deps=[extracted_goals], checks=(REVIEWS_MATCH,))
def reviewed_goals(context: dg.AssetExecutionContext, reviews: ReviewsResource,
                   warehouse: WarehouseResource):  # fmt: skip
    """The extracted records with every review applied: accepted, rejected (kept, marked;
    linking leaves them out), corrected (kind, value, comparator, measure, period, indicator)
    or given a status by hand. Each row says whether a person reviewed it and what they did."""
    wh = warehouse.get()
    try:
        found = load_reviews(reviews.folder)
    except ReviewError as exc:
        raise dg.Failure(f"reviews in {reviews.folder}: {exc}") from exc
    applied = apply_reviews(wh.read_table("extracted_goals"), found)
    for problem in applied.problems:
        context.log.warning(f"review not applied: {problem}")
    yield dg.AssetCheckResult(
        check_name="reviews_match",
        asset_key="reviewed_goals",
        passed=not applied.problems,
        severity=dg.AssetCheckSeverity.WARN,
        description="; ".join(applied.problems) or f"all {len(found)} reviews applied",
        metadata={"reviews": len(found), "applied": applied.applied,
                  "not_applied": len(applied.problems),
                  "for_documents_not_read": len(applied.elsewhere)},
    )  # fmt: skip
    df = applied.frame
    rows = yield from write_checked(
        "reviewed_goals", df, lambda: wh.replace({"reviewed_goals": df})["reviewed_goals"]
    )
    yield materialized(
        "reviewed_goals", rows, reviews=len(found), applied=applied.applied,
        not_applied=dg.MetadataValue.md("\n".join(f"- {p}" for p in applied.problems) or "none"),
        for_documents_not_read=dg.MetadataValue.md(
            "\n".join(f"- {p}" for p in applied.elsewhere) or "none"
        ),
    )  # fmt: skip
