"""The scorecard a person reads: console text, Markdown and HTML reports, and one chart per
indicator and country (the series, the baseline and the latest value marked)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: charts are files
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

STATUS_MARK = {
    "on track": "on track",
    "off track": "OFF TRACK",
    "stalled": "stalled",
    "no new data": "no new data",
    "no data": "no data",
    "unmeasured": "unmeasured",
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


def draw_charts(
    progress: pd.DataFrame, observations: pd.DataFrame, names: dict[str, str], folder: Path
) -> dict[tuple[str, str], Path]:
    """One PNG per indicator x country that a goal is held against."""
    folder.mkdir(parents=True, exist_ok=True)
    drawn: dict[tuple[str, str], Path] = {}
    wanted = progress.dropna(subset=["indicator_code"])
    series = {
        k: g.sort_values("year")
        for k, g in observations.groupby(["indicator_code", "country_iso3"])
    }
    for (code, country), rows in wanted.groupby(["indicator_code", "country_iso3"], sort=True):
        data = series.get((code, country))
        if data is None or data.empty:
            continue
        first = rows.iloc[0]
        fig, ax = plt.subplots(figsize=(6.4, 3.2), dpi=100)
        recent = data[data["year"] >= 1990]
        ax.plot(recent["year"], recent["value"], color="#1f4e79", linewidth=1.8)
        if pd.notna(first["baseline_year"]):
            ax.axvline(int(first["baseline_year"]), color="#888888", linestyle="--", linewidth=1)
            ax.scatter(
                [first["baseline_year"]],
                [first["baseline_value"]],
                color="#888888",
                zorder=3,
                label=f"baseline {int(first['baseline_year'])}",
            )
        if pd.notna(first["latest_year"]):
            ax.scatter(
                [first["latest_year"]],
                [first["latest_value"]],
                color="#c0392b",
                zorder=3,
                label=f"latest {int(first['latest_year'])}",
            )
        if pd.notna(first.get("tolerance")) and pd.notna(first["baseline_value"]):
            b, t = first["baseline_value"], first["tolerance"]
            ax.axhspan(b - t, b + t, color="#2e86c1", alpha=0.12, label=f"stable band ±{t:g}")
        ax.set_title(_short(f"{country}: {names.get(code, code)}", 70), fontsize=10)
        ax.set_xlabel("year", fontsize=8)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7, loc="best")
        fig.tight_layout()
        path = folder / f"{_slug(code)}_{country}.png"
        fig.savefig(path)
        plt.close(fig)
        drawn[(code, country)] = path
    return drawn


def markdown(scorecard: pd.DataFrame, claims: pd.DataFrame, charts: dict, base: Path) -> str:
    out = [
        "# Policy scorecard",
        "",
        "Method: baseline (year before publication) to latest value, compound annual rate; "
        "status follows the goal's direction; see docs/method.md.",
        "",
        "## Goals",
        "",
        "| goal | indicator | baseline | latest | change | %/yr | status | reason |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in scorecard.itertuples(index=False):
        base_txt = (
            "" if pd.isna(r.baseline_year) else f"{_num(r.baseline_value)} ({int(r.baseline_year)})"
        )
        latest_txt = (
            "" if pd.isna(r.latest_year) else f"{_num(r.latest_value)} ({int(r.latest_year)})"
        )
        goal = _short(f"[{r.goal_direction}] {r.goal_text}", 80).replace("|", "/")
        out.append(
            f"| {goal} | {r.indicator_code} | {base_txt} | {latest_txt} | "
            f"{_num(r.change_since_baseline)} | {_num(r.annual_rate_pct)} | {r.status} | "
            f"{str(r.reason).replace('|', '/')} |"
        )
    out += ["", "## Claims", "", "| claim | indicator | verdict | evidence |", "|---|---|---|---|"]
    for r in claims.itertuples(index=False):
        out.append(
            f"| {_short(r.claim_text, 90).replace('|', '/')} | {r.indicator_code} | {r.verdict} | "
            f"{str(r.evidence).replace('|', '/')} |"
        )
    out += ["", "## Charts", ""]
    for (code, country), path in sorted(charts.items()):
        out.append(f"![{country} {code}]({path.relative_to(base).as_posix()})")
        out.append("")
    return "\n".join(out) + "\n"


def html_report(scorecard: pd.DataFrame, claims: pd.DataFrame, charts: dict, base: Path) -> str:
    def table(df: pd.DataFrame) -> str:
        return df.to_html(index=False, escape=True, na_rep="", border=0, classes="grid")

    goals_cols = [
        "goal_text",
        "goal_direction",
        "indicator_code",
        "baseline_year",
        "baseline_value",
        "latest_year",
        "latest_value",
        "change_since_baseline",
        "annual_rate_pct",
        "status",
        "reason",
    ]
    claim_cols = ["claim_text", "indicator_code", "country", "verdict", "evidence"]
    imgs = "\n".join(
        f'<figure><img src="{html.escape(p.relative_to(base).as_posix())}" '
        f'alt="{html.escape(country)} {html.escape(code)}"></figure>'
        for (code, country), p in sorted(charts.items())
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Policy scorecard</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #222; }}
table.grid {{ border-collapse: collapse; font-size: 13px; }}
table.grid td, table.grid th {{
  border-bottom: 1px solid #ddd; padding: 4px 8px; text-align: left; }}
figure {{ display: inline-block; margin: 8px; }}
</style></head><body>
<h1>Policy scorecard</h1>
<p>Method: baseline (the year before publication) to the latest value, compound annual rate;
the status follows the goal's direction (docs/method.md).</p>
<h2>Goals</h2>{table(scorecard[goals_cols])}
<h2>Claims</h2>{table(claims[claim_cols])}
<h2>Charts</h2>{imgs}
</body></html>
"""
