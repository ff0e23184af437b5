"""Goals against statistics: progress, claim checks and the scorecard."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pandas as pd

from assets.documents import policy_goals
from assets.indicators import countries, indicator_catalog, observations
from assets.validation import check_result, schema_check_spec, stop_if_failed
from pipeline import config, context, progress, report
from pipeline.catalog import load_theme_catalog
from pipeline.resources import ReportsResource, WarehouseResource
from pipeline.schemas import GoalProgress, validate
from pipeline.storage import Warehouse

# Only the indicators goals and claims point at: the comparison never needs the whole table.
LINKED_OBSERVATIONS = """
select o.country_iso3, o.indicator_code, o.year, o.value, o.source_updated
from observations as o
where o.indicator_code in (select distinct indicator_code from goal_indicators)
"""


def _inputs(wh: Warehouse) -> dict[str, pd.DataFrame]:
    return {
        "goals": wh.read_table("policy_goals"),
        "links": wh.read_table("goal_indicators"),
        "documents": wh.read("select document_id, baseline_year from policy_documents"),
        "observations": wh.read(LINKED_OBSERVATIONS),
    }


@dg.asset(
    group_name="comparison",
    deps=[policy_goals, observations, indicator_catalog],
    kinds={"duckdb"},
    check_specs=[schema_check_spec("goal_progress", "GoalProgress")],
)
def goal_progress(warehouse: WarehouseResource):
    """One row per goal, indicator and country: baseline year and value, latest year and value,
    change, compound annual rate, the rate a target needs, and a status with its reason."""
    wh = warehouse.get()
    data = _inputs(wh)
    tolerances = {name: t.tolerance for name, t in load_theme_catalog().themes.items()}
    df = progress.goal_progress(
        data["goals"],
        data["links"],
        data["observations"],
        data["documents"],
        wh.read_table("indicator_catalog"),
        tolerances,
    )
    result = validate(GoalProgress, df, "goal_progress", ["goal_id", "indicator_code"])
    yield check_result(result, "goal_progress")
    stop_if_failed(result)
    rows = wh.replace({"goal_progress": df})["goal_progress"]
    yield dg.MaterializeResult(
        metadata={
            "rows": rows,
            "statuses": dg.MetadataValue.md(
                df["status"]
                .value_counts()
                .rename_axis("status")
                .reset_index()
                .to_markdown(index=False)
            ),
        }
    )


@dg.asset(group_name="comparison", deps=[policy_goals, observations, countries], kinds={"duckdb"})
def claim_checks(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per claim and indicator: the verdict (supported | contradicted | unverifiable)
    and the evidence (years, values, rank among economies with aggregates left out)."""
    wh = warehouse.get()
    data = _inputs(wh)
    df = progress.claim_checks(
        data["goals"],
        data["links"],
        data["observations"],
        data["documents"],
        wh.read_table("countries"),
    )
    rows = wh.replace({"claim_checks": df})["claim_checks"]
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "verdicts": dg.MetadataValue.md(
                df[["goal_id", "indicator_code", "verdict", "evidence"]].to_markdown(index=False)
            ),
        }
    )


@dg.asset(
    group_name="comparison", deps=[goal_progress, claim_checks, "goal_context"], kinds={"duckdb"}
)
def scorecard(warehouse: WarehouseResource, reports: ReportsResource) -> dg.MaterializeResult:
    """One row per goal, indicator and country charted: the scorecard report (Markdown and HTML
    in ``reports/``, a chart per goal with the baseline and target marked and peers faint, the
    status table with the method's numbers, the claim verdicts), the same table and charts as
    this asset's metadata, and the SQL views (``v_scorecard``, ``v_claims``, ``v_peer_context``,
    ``v_unmeasured_goals``)."""
    wh = warehouse.get()
    views = wh.create_views()
    sc = wh.read("select * from v_scorecard")
    claims = wh.read("select * from v_claims")
    prog = wh.read_table("goal_progress")
    obs = wh.read(LINKED_OBSERVATIONS)
    names = dict(
        wh.read("select indicator_code, name from indicator_catalog").itertuples(index=False)
    )
    folder = Path(reports.folder)
    charts = report.draw_charts(prog, obs, names, folder / "charts", config.peers())
    entries = report.charted(sc, prog, charts)
    (folder / "scorecard.md").write_text(
        report.markdown(sc, claims, entries, folder), encoding="utf-8"
    )
    (folder / "scorecard.html").write_text(
        report.html_report(sc, claims, entries, folder), encoding="utf-8"
    )
    drawn = prog.dropna(subset=["indicator_code"]).assign(chart_key=lambda d: report.chart_keys(d))
    drawn = drawn[drawn["chart_key"].isin(charts)]
    table = pd.DataFrame(
        {
            "goal_id": drawn["goal_id"],
            "indicator_code": drawn["indicator_code"],
            "country_iso3": drawn["country_iso3"],
            "status": drawn["status"],
            "chart_path": [str(charts[k]) for k in drawn["chart_key"]],
            "report_path": str(folder / "scorecard.html"),
            "generated_at": datetime.now(UTC),
        }
    )
    rows = wh.replace({"scorecard": table})["scorecard"]
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "charts": len(charts),
            "views": ", ".join(views),
            "report": dg.MetadataValue.path(str(folder / "scorecard.html")),
            "scorecard": dg.MetadataValue.md(report.dagster_markdown(sc, entries)),
        }
    )


@dg.asset(group_name="comparison", deps=[policy_goals, observations, countries], kinds={"duckdb"})
def goal_context(warehouse: WarehouseResource) -> dg.MaterializeResult:
    """One row per goal, indicator and comparator economy (the goal country, the world, its
    income-group aggregate, each peer of ``POLICY_TRACKER_PEERS``): the value in the goal
    country's latest year (else the comparator's latest before it), and the goal country's rank
    among economies that year, aggregates left out (1 = highest value)."""
    peers = config.peers()
    wh = warehouse.get()
    df = context.goal_context(
        wh.read("select * from policy_goals where kind = ?", ["goal"]),
        wh.read_table("goal_indicators"),
        wh.read(LINKED_OBSERVATIONS),
        wh.read_table("countries"),
        peers,
    )
    rows = wh.replace({"goal_context": df})["goal_context"]
    shown = df[df["is_primary"].fillna(False).astype(bool)].drop_duplicates(
        ["country_iso3", "indicator_code", "economy_order"]
    )
    return dg.MaterializeResult(
        metadata={
            "rows": rows,
            "peers": ", ".join(peers),
            "preview": dg.MetadataValue.md(
                shown[
                    [
                        "country_iso3",
                        "indicator_code",
                        "role",
                        "economy_iso3",
                        "year",
                        "value_year",
                        "value",
                        "rank",
                        "economies_ranked",
                    ]
                ]
                .head(40)
                .to_markdown(index=False)
            ),
        }
    )
