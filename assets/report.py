"""What people read: the SQL views, and the scorecard report with its charts."""

import re
from pathlib import Path

import dagster as dg

from assets import scorecard_metadata as ui
from assets.checks import OWNERS, materialized, table_asset, write_checked
from assets.comparison import claim_checks, goal_context, goal_progress
from assets.indicators import observations
from assets.resources import ComparisonResource, ReportsResource, WarehouseResource
from pipeline.config import SQL_DIR
from pipeline.report.scorecard import write_report
from pipeline.warehouse.registry import TABLES

VIEW_FILES = sorted((SQL_DIR / "views").glob("*.sql"))


VIEWS = [p.stem for p in VIEW_FILES]


def _reads(sql: str, name: str) -> list[dg.AssetKey]:
    """The tables and other views a view's SQL names: its lineage in the graph."""
    named = [t for t in [*sorted(TABLES), *VIEWS] if t != name and re.search(rf"\b{t}\b", sql)]
    return [dg.AssetKey(t) for t in named]


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            path.stem,
            group_name="report",
            deps=_reads(path.read_text(encoding="utf-8"), path.stem),
            kinds={"duckdb", "sql"},
            owners=OWNERS,
            description=path.read_text(encoding="utf-8").split("\n", 1)[0].lstrip("- "),
            metadata={"sql": dg.MetadataValue.path(f"sql/views/{path.name}")},
        )
        for path in VIEW_FILES
    ],
    can_subset=True,
)
def views(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """The views of ``sql/views/`` a run selects, created (or replaced) in the warehouse, then
    published."""
    wanted = [key.to_user_string() for key in context.selected_asset_keys]
    for name in warehouse.get().create_views(wanted):
        yield dg.MaterializeResult(asset_key=name)


@table_asset(
    "scorecard",
    "report",
    deps=[goal_progress, claim_checks, goal_context, observations]
    + [dg.AssetKey(p.stem) for p in VIEW_FILES],
)
def scorecard(
    warehouse: WarehouseResource, reports: ReportsResource, comparison: ComparisonResource
):
    """One row per goal, indicator and country charted: the scorecard report (``reports/``: an
    HTML page with a summary per document and country, each document's goals grouped by status
    with links to their charts and to their sentences in the stored text, the claims checked
    first; a Markdown copy; a chart per goal picture). The asset's page leads with the same
    summary table, then the goals off track, the report's path and each chart."""
    wh = warehouse.get()
    report = write_report(wh, Path(reports.folder), comparison.peer_codes())
    rows = yield from write_checked(
        "scorecard", report.rows, lambda: wh.replace({"scorecard": report.rows})["scorecard"]
    )
    yield materialized(
        "scorecard",
        rows,
        summary=ui.summary_table(report.summary),
        legend=ui.LEGEND,
        off_track=dg.MetadataValue.md(ui.off_track_markdown(report.off_track)),
        report=dg.MetadataValue.path(str(report.html_path)),
        charts=len(report.charts),
        **ui.chart_entries(report.charts),
    )
