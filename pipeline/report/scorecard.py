"""Write the scorecard report (HTML with a page per document, Markdown, a chart per goal
picture) and the rows of the ``scorecard`` table, from the warehouse's views and tables."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from pipeline.report import model, pages
from pipeline.report.charts import chart_keys, draw_charts
from pipeline.report.sources import write_document_pages
from pipeline.warehouse import Warehouse
from pipeline.warehouse.registry import table
from pipeline.warehouse.sql import query


@dataclass
class Report:
    rows: pd.DataFrame  # the scorecard table
    summary: pd.DataFrame  # v_summary
    sections: list[model.Section]
    off_track: pd.DataFrame  # v_scorecard rows off track, worst first
    html_path: Path

    @property
    def charts(self) -> list[tuple[Path, str]]:
        return [c for s in self.sections for c in s.charts]


def write_report(wh: Warehouse, folder: Path, peers: tuple[str, ...]) -> Report:
    with wh.reading() as read:
        sc, summary, claims, docs, spans, names = (
            read(query(name))
            for name in ("scorecard_rows", "summary_rows", "claim_rows", "document_pages",
                         "record_spans", "indicator_names")
        )  # fmt: skip
        prog = read.table("goal_progress")
        obs = read(query("linked_observations"), arrow=True)
    names = dict(names.itertuples(index=False))
    # one chart per commitment shown: a goal stated again draws nothing of its own
    shown = sc.loc[sc["goal_id"] == sc["same_as"], ["goal_id", "indicator_code", "country"]]
    prog = prog.merge(
        shown.rename(columns={"country": "country_iso3"}),
        on=["goal_id", "indicator_code", "country_iso3"],
    )
    drawing = draw_charts(prog, obs, names, folder / "charts", peers)  # drawn meanwhile
    try:
        drawn = drawing.paths
        keyed = prog.dropna(subset=["indicator_code"]).assign(chart_key=lambda d: chart_keys(d))
        charts = {
            (g, i, c): drawn[k]
            for g, i, c, k in zip(keyed["goal_id"], keyed["indicator_code"], keyed["country_iso3"],
                                  keyed["chart_key"], strict=True)
            if k in drawn
        }  # fmt: skip
        sections = model.sections(summary, sc, claims, docs, charts)
        write_document_pages(docs, spans, folder / "documents")
        off = model.off_track(sc)
        (folder / "scorecard.md").write_text(pages.markdown(summary, sections, folder), "utf-8")
        html_path = folder / "scorecard.html"
        html_path.write_text(pages.html_report(summary, sections, off, folder), "utf-8")
    finally:
        drawing.wait()
    return Report(_rows(keyed, drawn, html_path), summary, sections, off, html_path)


def _rows(keyed: pd.DataFrame, charts: dict[str, Path], html_path: Path) -> pd.DataFrame:
    drawn = keyed[keyed["chart_key"].isin(charts)]
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
