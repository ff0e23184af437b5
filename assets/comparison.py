"""Goals against statistics: progress, claim checks and each goal in context."""

import dagster as dg

from assets.checks import materialized, table_asset, write_checked
from assets.indicators import countries, indicator_catalog, observations
from assets.linking import GOAL_INDICATORS, POLICY_GOALS
from assets.resources import CatalogResource, ComparisonResource, WarehouseResource
from pipeline.compare.claims import claim_checks as check_claims
from pipeline.compare.context import goal_context as set_in_context
from pipeline.compare.goals import goal_progress as judge_goals
from pipeline.compare.inputs import Inputs
from pipeline.compare.semantics import Reading

LINKED = [POLICY_GOALS, GOAL_INDICATORS, observations]


def _counts(df, column: str) -> dg.MetadataValue:
    counts = df[column].value_counts().rename_axis(column).reset_index()
    return dg.MetadataValue.md(counts.to_markdown(index=False))


GOALS_MEASURED = dg.AssetCheckSpec(
    name="goals_measured",
    asset="goal_progress",
    description=(
        "Every goal linked to an indicator found data for its economy. A goal x indicator with "
        "no data (the series has no value for that economy) is named; goals no public "
        "indicator measures (unmeasured) and those missing years (insufficient data) are "
        "counted."
    ),
)


def measured_check(df) -> dg.AssetCheckResult:
    none_ = df[df["status"] == "no data"]
    named = [
        f"{g} on {i} ({c})"
        for g, i, c in zip(
            none_["goal_id"], none_["indicator_code"], none_["country_iso3"], strict=True
        )
    ]
    counts = df["status"].value_counts()
    return dg.AssetCheckResult(
        check_name="goals_measured",
        asset_key="goal_progress",
        passed=not named,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{len(named)} goal x indicator row(s) have no data: " + "; ".join(named[:20])
            if named else "every linked goal found data for its economy"
        ),
        metadata={
            "no_data": len(named),
            "unmeasured": int(counts.get("unmeasured", 0)),
            "insufficient_data": int(counts.get("insufficient data", 0)),
        },
    )  # fmt: skip


@table_asset(
    "goal_progress", "comparison", deps=[*LINKED, indicator_catalog], checks=(GOALS_MEASURED,)
)
def goal_progress(catalog: CatalogResource, warehouse: WarehouseResource):
    """One row per goal, indicator and country: baseline year and value, latest year and value,
    change, compound annual rate, the rate a target needs, and a status with its reason."""
    wh = warehouse.get()
    data = Inputs.read(wh)
    indicators = wh.read_table("indicator_catalog")
    df = judge_goals(
        data.goals, data.links, data.observations, data.documents, indicators,
        Reading.of(catalog.get()),
    )  # fmt: skip
    yield measured_check(df)
    rows = yield from write_checked(
        "goal_progress", df, lambda: wh.replace({"goal_progress": df})["goal_progress"]
    )
    yield materialized("goal_progress", rows, statuses=_counts(df, "status"))


@table_asset("claim_checks", "comparison", deps=[*LINKED, countries, indicator_catalog])
def claim_checks(catalog: CatalogResource, warehouse: WarehouseResource):
    """One row per claim and indicator: the verdict (supported | contradicted | unverifiable)
    and the evidence (years, values, rank among economies with aggregates left out)."""
    wh = warehouse.get()
    data = Inputs.read(wh)
    df = check_claims(
        data.goals, data.links, data.observations, data.documents, wh.read_table("countries"),
        Reading.of(catalog.get()), wh.read_table("indicator_catalog"),
    )  # fmt: skip
    rows = yield from write_checked(
        "claim_checks", df, lambda: wh.replace({"claim_checks": df})["claim_checks"]
    )
    yield materialized("claim_checks", rows, verdicts=_counts(df, "verdict"))


@table_asset("goal_context", "comparison", deps=[*LINKED, countries])
def goal_context(comparison: ComparisonResource, warehouse: WarehouseResource):
    """One row per goal, indicator and comparator economy (the goal country, the world, its
    income-group aggregate, each peer of the ``comparison`` resource): the value in the goal
    country's latest year (else the comparator's latest before it), and the goal country's rank
    among economies that year, aggregates left out (1 = highest value)."""
    wh = warehouse.get()
    data = Inputs.read(wh)
    peers = comparison.peer_codes()
    df = set_in_context(
        data.goals, data.links, data.observations, wh.read_table("countries"), peers
    )
    rows = yield from write_checked(
        "goal_context", df, lambda: wh.replace({"goal_context": df})["goal_context"]
    )
    yield materialized("goal_context", rows, peers=", ".join(peers) or "none")
