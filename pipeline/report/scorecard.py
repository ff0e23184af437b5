"""Write the scorecard report (Markdown, HTML, a chart per goal picture) and the rows of the
``scorecard`` table, from the warehouse's views and tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipeline.report import pages
from pipeline.report.charts import chart_keys, draw_charts
from pipeline.warehouse import Warehouse
from pipeline.warehouse.registry import table
from pipeline.warehouse.sql import query


@dataclass
class Report:
    rows: pd.DataFrame  # the scorecard table
    entries: list[dict]  # one per chart, in scorecard order
    scorecard: pd.DataFrame  # v_scorecard
    html_path: Path


def write_report(wh: Warehouse, folder: Path, peers: tuple[str, ...]) -> Report:
    sc = wh.read(query("scorecard_rows"))
    claims = wh.read(query("claim_rows"))
    prog = wh.read_table("goal_progress")
    obs = wh.read(query("linked_observations"))
    names = dict(wh.read(query("indicator_names")).itertuples(index=False))
    charts = draw_charts(prog, obs, names, folder / "charts", peers)
    entries = pages.charted(sc, prog, charts)
    (folder / "scorecard.md").write_text(pages.markdown(sc, claims, entries, folder), "utf-8")
    html_path = folder / "scorecard.html"
    html_path.write_text(pages.html_report(sc, claims, entries, folder), "utf-8")
    return Report(_rows(prog, charts, html_path), entries, sc, html_path)


def _rows(prog: pd.DataFrame, charts: dict[str, Path], html_path: Path) -> pd.DataFrame:
    drawn = prog.dropna(subset=["indicator_code"]).assign(chart_key=lambda d: chart_keys(d))
    drawn = drawn[drawn["chart_key"].isin(charts)]
    return table("scorecard").frame(
        pd.DataFrame(
            {
                "goal_id": drawn["goal_id"],
                "indicator_code": drawn["indicator_code"],
                "country_iso3": drawn["country_iso3"],
                "status": drawn["status"],
                "chart_path": [str(charts[k]) for k in drawn["chart_key"]],
                "report_path": str(html_path),
                "generated_at": datetime.now(UTC),
            }
        )
    )
