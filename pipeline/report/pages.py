"""The scorecard a person reads: Markdown and HTML reports with the status table, the claim
verdicts and a chart per goal, and the same table and charts as Dagster asset metadata."""

from __future__ import annotations

import base64
import html
from pathlib import Path

import pandas as pd

from pipeline.formatting import short
from pipeline.report.charts import chart_keys


def _goal_rows(scorecard: pd.DataFrame, progress: pd.DataFrame) -> pd.DataFrame:
    """The scorecard's measured rows with the key of the chart that draws each."""
    keyed = progress.dropna(subset=["indicator_code"]).assign(chart_key=lambda d: chart_keys(d))
    keyed = keyed[["goal_id", "indicator_code", "country_iso3", "chart_key"]].rename(
        columns={"country_iso3": "country"}
    )
    return scorecard.merge(keyed, on=["goal_id", "indicator_code", "country"], how="left")


def status_table(scorecard: pd.DataFrame) -> pd.DataFrame:
    """The columns a reader needs to redo each status by hand."""

    def cell(v, digits: int = 2):
        return "" if v is None or pd.isna(v) else f"{v:,.{digits}f}"

    rows = scorecard[scorecard["indicator_code"] != "(none)"]
    return pd.DataFrame(
        {
            "goal": [short(f"[{d}] {t}", 70) for d, t in zip(
                rows["goal_direction"], rows["goal_text"], strict=True)],
            "indicator": rows["indicator_code"],
            "rule": rows["method_rule"].fillna(""),
            "base": [f"{cell(v)} ({int(y)})" if pd.notna(y) else "" for v, y in zip(
                rows["baseline_value"], rows["baseline_year"], strict=True)],
            "judged": [f"{cell(v)} ({int(y)})" if pd.notna(y) else "" for v, y in zip(
                rows["latest_value"], rows["latest_year"], strict=True)],
            "target": [f"{cell(v)} by {int(y)}" if pd.notna(v) and pd.notna(y) else "" for v, y
                       in zip(rows["target_value"], rows["target_year"], strict=True)],
            "%/yr": rows["annual_rate_pct"].map(cell),
            "needed %/yr": rows["required_rate_pct"].map(cell),
            "R": rows["progress_ratio"].map(cell),
            "status": rows["status"],
        }
    )  # fmt: skip


def markdown(scorecard: pd.DataFrame, claims: pd.DataFrame, entries: list[dict], base: Path) -> str:
    out = [
        "# Policy scorecard",
        "",
        f"Method: {METHOD_NAME}. See docs/method.md.",
        "",
        "## Goals",
        "",
        status_table(scorecard).to_markdown(index=False),
        "",
        "## Claims",
        "",
        "| claim | indicator | verdict | evidence |",
        "|---|---|---|---|",
    ]
    for r in claims.itertuples(index=False):
        out.append(
            f"| {short(r.claim_text, 90).replace('|', '/')} | {r.indicator_code} | {r.verdict} | "
            f"{str(r.evidence).replace('|', '/')} |"
        )
    out += ["", "## Charts", ""]
    for r in entries:
        out.append(f"**{r['status']}**: {r['title']}")
        out.append("")
        out.append(f"![{r['alt']}]({r['path'].relative_to(base).as_posix()})")
        out.append("")
    return "\n".join(out) + "\n"


def charted(scorecard: pd.DataFrame, progress: pd.DataFrame, charts: dict[str, Path]) -> list[dict]:
    """One entry per chart, in scorecard order, naming the goals that share it: what the
    Markdown, the HTML and the UI's metadata each show."""
    rows = _goal_rows(scorecard, progress)
    out: dict[str, dict] = {}
    for r in rows.itertuples(index=False):
        if not isinstance(r.chart_key, str) or r.chart_key not in charts:
            continue
        entry = out.setdefault(
            r.chart_key,
            {
                "path": charts[r.chart_key],
                "alt": f"{r.country} {r.indicator_code}",
                "status": r.status,
                "goals": [],
                "reason": r.reason,
            },
        )
        entry["goals"].append(short(r.goal_text, 80))
    for entry in out.values():
        more = len(entry["goals"]) - 1
        entry["title"] = entry["goals"][0] + (f" (and {more} more goals)" if more else "")
    return list(out.values())


METHOD_NAME = (
    "Open SDG progress measure (observed vs required compound annual growth, ratio R; "
    "1.5% / 0.5% / 0 a year without a target), UN SDG Progress Chart 2023 projection, "
    "tolerance band for maintain goals, year-by-year rates for growth-rate goals"
)


def html_report(
    scorecard: pd.DataFrame, claims: pd.DataFrame, entries: list[dict], base: Path
) -> str:
    def table(df: pd.DataFrame) -> str:
        return df.to_html(index=False, escape=True, na_rep="", border=0, classes="grid")

    claim_cols = ["claim_text", "indicator_code", "country", "verdict", "evidence"]
    figures = "\n".join(
        f'<figure><img src="{html.escape(e["path"].relative_to(base).as_posix())}" '
        f'alt="{html.escape(e["alt"])}" width="576" height="288">'
        f"<figcaption><b>{html.escape(e['status'])}</b>: {html.escape(e['title'])}<br>"
        f"<small>{html.escape(str(e['reason']))}</small></figcaption></figure>"
        for e in entries
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Policy scorecard</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
table.grid {{ border-collapse: collapse; font-size: 13px; }}
table.grid td, table.grid th {{
  border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }}
figure {{ display: inline-block; margin: 8px; width: 576px; vertical-align: top; }}
figcaption {{ font-size: 12px; }}
#charts-status {{ color: #555; font-size: 12px; }}
#charts-status.broken {{ color: #b00; font-weight: bold; }}
</style></head><body>
<h1>Policy scorecard</h1>
<p>Method: {html.escape(METHOD_NAME)} (docs/method.md).</p>
<h2>Goals</h2>{table(status_table(scorecard))}
<h2>Claims</h2>{table(claims[claim_cols])}
<h2>Charts</h2>
<p id="charts-status">charts loading…</p>
{figures}
<script>
// Says whether every chart loaded: a chart file missing next to this page shows here.
window.addEventListener("load", function () {{
  var imgs = Array.prototype.slice.call(document.querySelectorAll("figure img"));
  var ok = imgs.filter(function (i) {{ return i.complete && i.naturalWidth > 0; }}).length;
  var el = document.getElementById("charts-status");
  el.textContent = ok + " of " + imgs.length + " charts loaded";
  if (ok !== imgs.length) {{ el.className = "broken"; }}
  document.body.setAttribute("data-charts", ok + "/" + imgs.length);
}});
</script>
</body></html>
"""


def dagster_markdown(scorecard: pd.DataFrame, entries: list[dict]) -> str:
    """The status table and every chart inline (base64 PNG), for the asset's metadata: the
    Dagster UI renders it on the asset's page."""
    parts = [f"Method: {METHOD_NAME}.", "", status_table(scorecard).to_markdown(index=False), ""]
    for e in entries:
        data = base64.b64encode(e["path"].read_bytes()).decode("ascii")
        parts += [
            f"**{e['status']}**: {e['title']}",
            "",
            f"![{e['alt']}](data:image/png;base64,{data})",
            "",
        ]
    return "\n".join(parts)
