"""The scorecard a person reads: console text, Markdown and HTML reports, and a chart per goal
(the indicator over time, the baseline and the target marked, peers faint), the same table and
charts as Dagster asset metadata."""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: charts are files
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

STATUS_MARK = {
    "deterioration": "DETERIORATION",
    "limited progress": "LIMITED PROGRESS",
}


def _num(v) -> str:
    if v is None or pd.isna(v):
        return "-"
    a = abs(float(v))
    if a >= 1e9:
        return f"{v / 1e9:,.2f}B"
    if a >= 1e6:
        return f"{v / 1e6:,.2f}M"
    if a >= 1000:
        return f"{v:,.0f}"
    return f"{v:,.2f}"


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def console(scorecard: pd.DataFrame, claims: pd.DataFrame, country: str | None = None) -> str:
    """Plain text: one line per goal x indicator with numbers, then the claim verdicts."""
    sc = scorecard[scorecard["indicator_code"] != "(none)"]
    if country:
        sc = sc[sc["country"] == country]
    lines = []
    header = (
        f"{'goal':<44} {'indicator':<21} {'base':>4} {'value':>9} {'latest':>6} {'value':>9} "
        f"{'change':>9} {'%/yr':>7}  status"
    )
    for doc_id, grp in sc.groupby("document_id", sort=False):
        lines.append(f"Scorecard: {doc_id}  ({len(grp)} goal x indicator rows)")
        lines.append(header)
        lines.append("-" * len(header))
        for r in grp.itertuples(index=False):
            label = f"[{r.goal_direction}] {r.theme}: {r.goal_text}"
            lines.append(
                f"{_short(label, 44):<44} {r.indicator_code:<21} "
                f"{'' if pd.isna(r.baseline_year) else int(r.baseline_year):>4} "
                f"{_num(r.baseline_value):>9} "
                f"{'' if pd.isna(r.latest_year) else int(r.latest_year):>6} "
                f"{_num(r.latest_value):>9} {_num(r.change_since_baseline):>9} "
                f"{_num(r.annual_rate_pct):>7}  {STATUS_MARK.get(r.status, r.status)}"
            )
        lines.append("")
    unmeasured = scorecard[scorecard["indicator_code"] == "(none)"]
    if len(unmeasured):
        lines.append(f"Goals with no public indicator (unmeasured): {len(unmeasured)}")
        for r in unmeasured.itertuples(index=False):
            lines.append(f"  - {r.theme}: {_short(r.goal_text, 90)}")
        lines.append("")
    lines.append("Claims")
    for r in claims.itertuples(index=False):
        lines.append(
            f"  {r.verdict.upper():<13} {r.country} {r.indicator_code:<16} "
            f"{_short(r.claim_text, 70)}"
        )
        lines.append(f"{'':16}evidence: {r.evidence}")
    return "\n".join(lines)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


CHART_KEY = ["indicator_code", "country_iso3", "rule", "baseline_year", "target_value",
             "target_year", "tolerance", "expected_direction"]  # fmt: skip


def chart_keys(progress: pd.DataFrame) -> pd.Series:
    """One chart per distinct picture: goals that share indicator, country, baseline, target and
    band share their chart (seven goals on manufacturing's share draw it once)."""
    cols = [progress[c].map(str) for c in CHART_KEY]
    return pd.Series(["|".join(parts) for parts in zip(*cols, strict=True)], index=progress.index)


def draw_charts(
    progress: pd.DataFrame,
    observations: pd.DataFrame,
    names: dict[str, str],
    folder: Path,
    peers: tuple[str, ...] = (),
) -> dict[str, Path]:
    """One PNG per goal picture (see ``chart_keys``): the goal country's series, peers faint,
    the baseline and the target marked, a maintain goal's band shaded. Key -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    drawn: dict[str, Path] = {}
    wanted = progress.dropna(subset=["indicator_code", "baseline_year"])
    wanted = wanted.assign(chart_key=chart_keys(wanted)).drop_duplicates("chart_key")
    series = {
        k: g.sort_values("year")
        for k, g in observations.groupby(["indicator_code", "country_iso3"], sort=False)
    }
    for n, row in enumerate(wanted.itertuples(index=False)):
        code, country = row.indicator_code, row.country_iso3
        data = series.get((code, country))
        if data is None or data.empty:
            continue
        fig, ax = plt.subplots(figsize=(6.4, 3.2), dpi=90)
        since = 1990
        for peer in peers:
            other = series.get((code, peer))
            if peer == country or other is None:
                continue
            other = other[other["year"] >= since]
            ax.plot(other["year"], other["value"], color="#999999", alpha=0.35, linewidth=1)
            ax.annotate(
                peer,
                (other["year"].iloc[-1], other["value"].iloc[-1]),
                fontsize=6,
                color="#888888",
                xytext=(2, 0),
                textcoords="offset points",
            )
        mine = data[data["year"] >= since]
        ax.plot(mine["year"], mine["value"], color="#1f4e79", linewidth=2, label=country)
        by, bv = int(row.baseline_year), row.baseline_value
        ax.axvline(by, color="#888888", linestyle="--", linewidth=1)
        ax.scatter([by], [bv], color="#555555", zorder=3, label=f"baseline {by}")
        if pd.notna(row.latest_year):
            ax.scatter(
                [row.latest_year], [row.latest_value], color="#c0392b", zorder=3,
                label=f"judged {int(row.latest_year)}",
            )  # fmt: skip
        if pd.notna(row.target_value) and pd.notna(row.target_year):
            ty, tv = int(row.target_year), row.target_value
            ax.scatter([ty], [tv], marker="*", s=120, color="#27ae60", zorder=4,
                       label=f"target {tv:g} by {ty}")  # fmt: skip
            ax.plot([by, ty], [bv, tv], color="#27ae60", linestyle=":", linewidth=1.2)
        if row.rule == "maintain" and pd.notna(row.tolerance):
            centre = row.target_value if pd.notna(row.target_value) else bv
            t = row.tolerance
            ax.axhspan(centre - t, centre + t, color="#2e86c1", alpha=0.12, label=f"band ±{t:g}")
        ax.set_title(_short(f"{country}: {names.get(code, code)}", 70), fontsize=10)
        ax.set_xlabel("year", fontsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="best")
        # fixed margins: tight_layout measured a quarter of the drawing time, for a layout
        # that is the same on every chart
        fig.subplots_adjust(left=0.1, right=0.96, top=0.9, bottom=0.15)
        path = folder / f"{n:03d}_{_slug(code)}_{country}.png"
        fig.savefig(path)
        plt.close(fig)
        drawn[row.chart_key] = path
    return drawn


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
            "goal": [_short(f"[{d}] {t}", 70) for d, t in zip(
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
            f"| {_short(r.claim_text, 90).replace('|', '/')} | {r.indicator_code} | {r.verdict} | "
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
        entry["goals"].append(_short(r.goal_text, 80))
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
