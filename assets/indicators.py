"""Statistics in: the indicator catalogue, country metadata and the observations.

The observations go through parquet files and one bulk load (``pipeline/sources/load.py``,
``pipeline/warehouse/bulk.py``). ``observations`` stages what it needs itself by default;
``observation_files`` does the same one indicator per partition, for runs that spread the
fetch over processes or machines (a backfill, or the celery executor), after which
``observations`` runs with ``fetch: false`` and loads the files they staged.
"""

from datetime import timedelta

import dagster as dg
import pandas as pd

from assets import staging
from assets.checks import check_result, materialized, passed_check, table_asset, write_checked
from assets.linking import GOAL_INDICATORS
from assets.resources import CatalogResource, StatisticsResource, WarehouseResource
from pipeline.link.indicators import indicator_table
from pipeline.sources.load import from_staged, stage
from pipeline.warehouse.bulk import BulkLoadError
from pipeline.warehouse.schemas import ValidationResult
from pipeline.warehouse.writes import (
    bounds_of,
    linked_codes,
    rows_per_indicator,
    write_observations,
)


@table_asset("indicator_catalog", "indicators", deps=[GOAL_INDICATORS])
def indicator_catalog(
    context: dg.AssetExecutionContext,
    catalog: CatalogResource,
    statistics: StatisticsResource,
    warehouse: WarehouseResource,
):
    """One row per indicator we track: WDI name, unit, definition, bounds and the themes it
    measures (``data/catalog/indicators.yaml`` and ``themes.yaml``), plus every WDI series the
    indicator search linked a goal to (metadata from ``data/catalog/wdi_series.csv``).

    Every indicator a run loads also gets an ``indicator`` partition of ``observation_files``
    (added here, so a new theme or goal adds partitions with no code change)."""
    wh, cat = warehouse.get(), catalog.get()
    linked = linked_codes(wh)
    df = indicator_table(cat, linked)
    rows = yield from write_checked(
        "indicator_catalog", df, lambda: wh.replace({"indicator_catalog": df})["indicator_catalog"]
    )
    wanted = statistics.codes(set(df["indicator_code"]), linked, cat)
    known = set(context.instance.get_dynamic_partitions(staging.INDICATORS.name))
    new = [c for c in wanted if c not in known]
    if new:
        context.instance.add_dynamic_partitions(staging.INDICATORS.name, new)
    yield materialized("indicator_catalog", rows, from_search=int(df["themes"].eq(
        "found by the indicator search").sum()), partitions_added=len(new))  # fmt: skip


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


class ObservationsConfig(dg.Config):
    fetch: bool = True
    """True: stage every indicator in this step. False: load the files the
    ``observation_files`` partitions staged (a code without one keeps its current rows)."""


@table_asset(
    "observations",
    "indicators",
    deps=[indicator_catalog, GOAL_INDICATORS, staging.observation_files],
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
    context: dg.AssetExecutionContext,
    config: ObservationsConfig,
    catalog: CatalogResource,
    statistics: StatisticsResource,
    warehouse: WarehouseResource,
):
    """One row per country, indicator and year: the value with its provenance (source, the
    source's last-updated date, when it was fetched).

    Which indicators: ``statistics.indicators`` (``POLICY_TRACKER_INDICATORS``): ``catalogue``
    (default: the catalogue's, those the goals link to and, from the snapshot, every curated
    one), ``linked`` (only those the goals link to) or ``all`` (every series the snapshot holds,
    or the WDI series list from the API). One that fails is named with its URL and reason in
    the failed check ``observations_sources``, the others are written, and its last good rows
    stay. The rows are checked in DuckDB (``observations_schema``) before they replace the
    table.
    """
    wh = warehouse.get()
    cat = wh.read_table("indicator_catalog")
    codes = statistics.codes(set(cat["indicator_code"]), linked_codes(wh), catalog.get())
    folder = wh.staging(statistics.source)
    source = statistics.get()
    staged = stage(source, codes, folder) if config.fetch else from_staged(codes, folder)
    for why in staged.failed.values():
        context.log.error(why)
    if not staged.loaded:
        raise dg.Failure("no indicator could be loaded", metadata={"errors": staged.errors_md()})
    kept = rows_per_indicator(wh, sorted(set(staged.failed) | set(staged.missing)))
    try:
        loaded = write_observations(wh, staged, bounds_of(cat))
    except BulkLoadError as err:
        yield check_result(ValidationResult("observations", err.rows, err.failures))
        raise dg.Failure(
            f"{err}\nThe table was not written; it keeps its last good rows."
        ) from None
    yield passed_check("observations", loaded.rows)
    yield sources_check(staged.failed, kept, len(staged.loaded), staged.missing)
    yield materialized(
        "observations",
        loaded.rows,
        indicators_loaded=len(staged.loaded),
        indicators_failed=len(staged.failed),
        source=statistics.source,
        indicator_set=statistics.indicators,
        http_requests=staged.requests,
        per_indicator=dg.MetadataValue.md(_per_indicator_md(loaded.per_indicator)),
        not_loaded=dg.MetadataValue.md(staged.errors_md() or "none"),
    )


def _per_indicator_md(per: pd.DataFrame, limit: int = 60) -> str:
    """Rows, economies and years per indicator, at most ``limit`` lines (all of WDI has
    1,400 indicators: the table itself answers the rest)."""
    text = per.head(limit).to_markdown(index=False)
    if len(per) > limit:
        text += (
            f"\n\n... and {len(per) - limit:,} more indicators: the v_observations view has them"
        )
    return text


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
