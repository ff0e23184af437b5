"""Records to indicators: ``policy_goals`` and ``goal_indicators``, written together."""

import dagster as dg

from assets.checks import materialized, schema_check, schema_result, stop_if_failed, table_spec
from assets.resources import CatalogResource, WarehouseResource
from assets.reviews import reviewed_goals
from pipeline.link import link_records

POLICY_GOALS = dg.AssetKey("policy_goals")
GOAL_INDICATORS = dg.AssetKey("goal_indicators")


@dg.multi_asset(
    specs=[
        table_spec("policy_goals", "documents", deps=[reviewed_goals]),
        table_spec("goal_indicators", "documents", deps=[reviewed_goals]),
    ],
    check_specs=[schema_check("policy_goals"), schema_check("goal_indicators")],
)
def link_goals(catalog: CatalogResource, warehouse: WarehouseResource):
    """Links every extracted record to the series that measure it (themes, the WDI series
    search, unit fit) and writes both tables in one transaction: readers never see goals
    without their links."""
    wh = warehouse.get()
    goals, links = link_records(wh.read_table("reviewed_goals"), catalog.get())
    results = [schema_result("policy_goals", goals), schema_result("goal_indicators", links)]
    for check, _ in results:
        yield check
    for _, result in results:
        stop_if_failed(result)
    counts = wh.replace({"policy_goals": goals, "goal_indicators": links})
    by_kind = goals.groupby(["kind", "is_measured"]).size().rename("records").reset_index()
    yield materialized(
        "policy_goals",
        counts["policy_goals"],
        by_kind=dg.MetadataValue.md(by_kind.to_markdown(index=False)),
    )
    yield materialized("goal_indicators", counts["goal_indicators"])
