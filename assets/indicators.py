"""Statistics in: the indicator catalogue, country metadata and the observations."""

import dagster as dg
import pandas as pd

from assets.documents import policy_goals
from assets.validation import check_result, schema_check_spec, stop_if_failed
from pipeline.catalog import load_indicator_catalog, load_theme_catalog
from pipeline.mapping import load_index
from pipeline.resources import StatisticsResource, WarehouseResource
from pipeline.schemas import observations_schema, validate
from pipeline.sources import SnapshotSource
from pipeline.storage import Warehouse


@dg.asset(group_name="indicators", deps=[policy_goals], kinds={"duckdb"})
def indicator_catalog(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per indicator we track: WDI name, unit, definition, bounds and the themes it
    measures (``data/catalog/indicators.yaml`` and ``themes.yaml``), plus every WDI series the
    indicator search linked a goal to (metadata from ``data/catalog/wdi_series.csv``)."""
    wh = warehouse.get()
    catalog = load_indicator_catalog()
    themes: dict[str, list[str]] = {}
    for theme in load_theme_catalog().themes.values():
        for ind in theme.indicators:
            themes.setdefault(ind.code, []).append(theme.name)
    catalog["themes"] = catalog["indicator_code"].map(lambda c: ", ".join(themes.get(c, [])))
    linked = set()
    if wh.exists("goal_indicators"):
        linked = set(
            wh.read("select distinct indicator_code from goal_indicators")["indicator_code"]
        )
    extra = sorted(linked - set(catalog["indicator_code"]))
    if extra:
        series = load_index().series.set_index("indicator_code")
        found = [c for c in extra if c in series.index]
        rows = series.loc[found, ["name", "unit", "definition", "in_snapshot"]].reset_index()
        rows["themes"] = "found by the indicator search"
        catalog = pd.concat([catalog, rows], ignore_index=True)
    counts = wh.replace({"indicator_catalog": catalog})
    return dg.MaterializeResult(
        metadata={"rows": counts["indicator_catalog"], "from_search": len(extra)}
    )


@dg.asset(group_name="indicators", kinds={"duckdb"})
def countries(statistics: StatisticsResource, warehouse: WarehouseResource):
    """One row per WDI economy or aggregate: ISO3 code, name, region, income group and whether
    it is an aggregate (World, High income, ...). Ranking claims leave aggregates out."""
    df = statistics.get().countries()
    counts = warehouse.get().replace({"countries": df})
    return dg.MaterializeResult(
        metadata={
            "rows": counts["countries"],
            "economies": int((~df["is_aggregate"]).sum()),
            "aggregates": int(df["is_aggregate"].sum()),
            "source": statistics.source,
        }
    )


@dg.asset(
    group_name="indicators",
    deps=[indicator_catalog, policy_goals],
    kinds={"duckdb"},
    check_specs=[
        schema_check_spec("observations", "Observations"),
        dg.AssetCheckSpec(
            name="observations_sources",
            asset="observations",
            blocking=False,
            description=(
                "Every indicator of the catalogue was fetched. One that fails is named with its "
                "URL and reason and keeps its last good rows; the comparison goes on with them."
            ),
        ),
    ],
)
def observations(
    context: dg.AssetExecutionContext, statistics: StatisticsResource, warehouse: WarehouseResource
):
    """One row per country, indicator and year: the value with its provenance (source, the
    source's last-updated date, when it was fetched).

    From the snapshot: every indicator it holds, every economy and aggregate, every year.
    From the live API: every indicator in the catalogue; one that fails is named with its URL
    and reason in the failed check ``observations_sources``, the others are written, and its
    last good rows stay, so the comparison still runs on the freshest data there is.
    """
    wh = warehouse.get()
    catalog = wh.read_table("indicator_catalog")
    source = statistics.get()
    codes = set(catalog["indicator_code"])
    if wh.exists("goal_indicators"):  # what the documents' goals need, found by the mapper
        codes |= set(
            wh.read("select distinct indicator_code from goal_indicators")["indicator_code"]
        )
    if isinstance(source, SnapshotSource):
        codes |= set(source.available())
    frames, failed, missing, requests = [], {}, [], 0
    for fetched in source.observations(sorted(codes)):
        if fetched.error is None:
            frames.append(fetched.rows)
            requests += fetched.requests
        elif isinstance(fetched.error, LookupError):
            missing.append(fetched.indicator_code)
            context.log.warning(str(fetched.error))
        else:
            failed[fetched.indicator_code] = str(fetched.error)
            context.log.error(str(fetched.error))
    if not frames:
        raise dg.Failure(
            description="no indicator could be loaded",
            metadata={"errors": dg.MetadataValue.md(_errors_md(failed, missing))},
        )
    df = pd.concat(frames, ignore_index=True)
    result = validate(
        observations_schema(catalog[["indicator_code", "value_min", "value_max"]]),
        df,
        "observations",
        ["country_iso3", "indicator_code", "year"],
    )
    yield check_result(result, "observations")
    stop_if_failed(result)
    loaded = sorted(df["indicator_code"].unique())
    kept = _rows_per_indicator(wh, sorted(failed))
    if isinstance(source, SnapshotSource) or not wh.exists("observations"):
        rows = wh.replace({"observations": df})["observations"]
    else:  # a failed indicator keeps its last good rows
        rows = wh.replace_where("observations", df, "indicator_code", loaded)
    per_indicator = (
        df.groupby("indicator_code")
        .agg(
            rows=("value", "size"),
            economies=("country_iso3", "nunique"),
            first_year=("year", "min"),
            last_year=("year", "max"),
        )
        .reset_index()
    )
    failures = []
    for code, why in failed.items():
        if kept.get(code):
            failures.append(f"{code}: {why} (kept its last good {kept[code]:,} rows)")
        else:
            failures.append(f"{code}: {why} (no earlier rows to keep)")
    yield dg.AssetCheckResult(
        check_name="observations_sources",
        asset_key="observations",
        passed=not failed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=(
            f"{len(failed)} indicator(s) failed: " + "; ".join(failures)
            if failed
            else f"all {len(loaded)} indicators fetched"
        ),
        metadata={
            "failed": len(failed),
            "failures": dg.MetadataValue.md("\n".join(f"- {f}" for f in failures) or "none"),
        },
    )
    yield dg.MaterializeResult(
        metadata={
            "rows": rows,
            "indicators_loaded": len(loaded),
            "indicators_failed": len(failed),
            "source": statistics.source,
            "http_requests": requests,
            "per_indicator": dg.MetadataValue.md(per_indicator.to_markdown(index=False)),
            "not_loaded": dg.MetadataValue.md(_errors_md(failed, missing) or "none"),
        }
    )


def _rows_per_indicator(wh: Warehouse, codes: list[str]) -> dict[str, int]:
    if not codes or not wh.exists("observations"):
        return {}
    got = wh.read(
        "select indicator_code, count(*) as n from observations "
        "where indicator_code in (select unnest(?::varchar[])) group by 1",
        [codes],
    )
    return dict(zip(got["indicator_code"], got["n"], strict=True))


def _errors_md(failed: dict[str, str], missing: list[str]) -> str:
    lines = [f"- **{code}** failed: {why}" for code, why in failed.items()]
    lines += [f"- {code}: not in the snapshot" for code in missing]
    return "\n".join(lines)
