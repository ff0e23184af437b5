"""Statistics in: the indicator catalogue, country metadata and the observations."""

from datetime import timedelta

import dagster as dg

from assets.checks import materialized, table_asset, write_checked
from assets.linking import GOAL_INDICATORS
from assets.resources import CatalogResource, StatisticsResource, WarehouseResource
from pipeline.link.indicators import indicator_table
from pipeline.sources.load import load, per_indicator
from pipeline.warehouse.writes import linked_codes, rows_per_indicator, write_observations


@table_asset("indicator_catalog", "indicators", deps=[GOAL_INDICATORS])
def indicator_catalog(catalog: CatalogResource, warehouse: WarehouseResource):
    """One row per indicator we track: WDI name, unit, definition, bounds and the themes it
    measures (``data/catalog/indicators.yaml`` and ``themes.yaml``), plus every WDI series the
    indicator search linked a goal to (metadata from ``data/catalog/wdi_series.csv``)."""
    wh = warehouse.get()
    df = indicator_table(catalog.get(), linked_codes(wh))
    rows = yield from write_checked(
        "indicator_catalog", df, lambda: wh.replace({"indicator_catalog": df})["indicator_catalog"]
    )
    yield materialized("indicator_catalog", rows, from_search=int(df["themes"].eq(
        "found by the indicator search").sum()))  # fmt: skip


@table_asset("countries", "indicators")
def countries(statistics: StatisticsResource, warehouse: WarehouseResource):
    """One row per WDI economy or aggregate: ISO3 code, name, region, income group and whether
    it is an aggregate (World, High income, ...). Ranking claims leave aggregates out."""
    df = statistics.get().countries()
    wh = warehouse.get()
    rows = yield from write_checked(
        "countries", df, lambda: wh.replace({"countries": df})["countries"]
    )
    economies = int((~df["is_aggregate"]).sum())
    yield materialized("countries", rows, economies=economies, source=statistics.source)


@table_asset(
    "observations",
    "indicators",
    deps=[indicator_catalog, GOAL_INDICATORS],
    # the weekly_statistics_refresh schedule reloads them on Mondays at 06:00 UTC: by 09:00
    # they should have been loaded within the week before
    freshness_policy=dg.FreshnessPolicy.cron(
        deadline_cron="0 9 * * 1", lower_bound_delta=timedelta(days=7), timezone="UTC"
    ),
    checks=(
        dg.AssetCheckSpec(
            name="observations_sources",
            asset="observations",
            blocking=False,
            description=(
                "Every indicator the catalogue and the goals need was loaded. One that fails is "
                "named with its URL and reason (ERROR) and keeps its last good rows; one the "
                "source does not hold is named too (WARN); the comparison goes on with the rest."
            ),
        ),
    ),
)
def observations(
    context: dg.AssetExecutionContext, statistics: StatisticsResource, warehouse: WarehouseResource
):
    """One row per country, indicator and year: the value with its provenance (source, the
    source's last-updated date, when it was fetched).

    From the snapshot: every indicator it holds, every economy and aggregate, every year.
    From the live API: every indicator in the catalogue and every one a goal links to; one that
    fails is named with its URL and reason in the failed check ``observations_sources``, the
    others are written, and its last good rows stay.
    """
    wh = warehouse.get()
    catalog = wh.read_table("indicator_catalog")
    loaded = load(statistics.get(), set(catalog["indicator_code"]) | linked_codes(wh))
    for why in loaded.failed.values():
        context.log.error(why)
    if loaded.rows.empty:
        raise dg.Failure("no indicator could be loaded", metadata={"errors": loaded.errors_md()})
    bounds = catalog[["indicator_code", "value_min", "value_max"]]
    kept = rows_per_indicator(wh, sorted(loaded.failed))
    rows = yield from write_checked(
        "observations", loaded.rows, lambda: write_observations(wh, loaded), bounds
    )
    yield sources_check(loaded.failed, kept, len(loaded.loaded), loaded.missing)
    yield materialized(
        "observations",
        rows,
        indicators_loaded=len(loaded.loaded),
        indicators_failed=len(loaded.failed),
        source=statistics.source,
        http_requests=loaded.requests,
        per_indicator=dg.MetadataValue.md(per_indicator(loaded.rows).to_markdown(index=False)),
        not_loaded=dg.MetadataValue.md(loaded.errors_md() or "none"),
    )


def sources_check(
    failed: dict[str, str], kept: dict[str, int], loaded: int, missing: list[str] = ()
):
    """Failed (ERROR) when an indicator failed to load, and not green either (WARN) when one a
    goal links to is not held by the source at all: either way the goals on it have no data."""
    failures = [
        f"{code}: {why} "
        + (
            f"(kept its last good {kept[code]:,} rows)"
            if kept.get(code)
            else "(no earlier rows to keep)"
        )
        for code, why in failed.items()
    ]
    failures += [
        f"{code}: not held by the source (the goals on it get no data)" for code in missing
    ]
    return dg.AssetCheckResult(
        check_name="observations_sources",
        asset_key="observations",
        passed=not failures,
        severity=dg.AssetCheckSeverity.ERROR if failed else dg.AssetCheckSeverity.WARN,
        description="; ".join(
            part
            for part in (
                f"{len(failed)} indicator(s) failed: " + "; ".join(failures[: len(failed)])
                if failed
                else "",
                f"{len(missing)} not held by the source: " + "; ".join(failures[len(failed) :])
                if missing
                else "",
            )
            if part
        )
        or f"all {loaded} indicators loaded",
        metadata={
            "failed": len(failed),
            "not_in_source": len(missing),
            "failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures) or "none"),
        },
    )
