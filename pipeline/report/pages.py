"""The scorecard a person reads: the HTML report (opens from disk, no server), the Markdown
report, and the summary the Dagster UI shows. Content comes from ``model``; this module is
markup only."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from pipeline.formatting import short
from pipeline.report.model import MARK, STATUS_ORDER, GoalRow, Section, summary_table
from pipeline.report.sources import slug

METHOD_NAME = (
    "targets judged at their deadline by what they state (data/catalog/conventions.yaml); "
    "open goals by the Open SDG progress measure (observed vs required compound growth, R; "
    "1.5% / 0.5% / 0 a year without a target) and the UN SDG Progress Chart projection"
)
STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; max-width: 1300px; }
table.grid { border-collapse: collapse; font-size: 13px; }
table.grid td, table.grid th { border-bottom: 1px solid #ddd; padding: 4px 8px;
  text-align: left; vertical-align: top; }
td.num { text-align: right; white-space: nowrap; }
.status { white-space: nowrap; font-weight: bold; }
.s-ok { color: #1e7b34; } .s-on { color: #2b6cb0; } .s-behind { color: #b7791f; }
.s-bad { color: #c0392b; } .s-none { color: #666; }
details summary { cursor: pointer; color: #2b6cb0; }
section.document { border-top: 2px solid #ccc; margin-top: 2em; }
figure { display: inline-block; margin: 8px; width: 576px; vertical-align: top; }
figcaption { font-size: 12px; }
#charts-status { color: #555; font-size: 12px; }
#charts-status.broken { color: #b00; font-weight: bold; }
"""
TONE = {
    "target achieved": "s-ok", "on track": "s-on", "acceleration needed": "s-behind",
    "limited progress": "s-behind", "deterioration": "s-bad", "target missed": "s-bad",
    "supported": "s-ok", "contradicted": "s-bad",
}  # fmt: skip
CHECK_SCRIPT = """
// Says whether every chart loaded: a chart file missing next to this page shows here.
window.addEventListener("load", function () {
  var imgs = Array.prototype.slice.call(document.querySelectorAll("figure img"));
  var ok = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
  var el = document.getElementById("charts-status");
  el.textContent = ok + " of " + imgs.length + " charts loaded";
  if (ok !== imgs.length) { el.className = "broken"; }
  document.body.setAttribute("data-charts", ok + "/" + imgs.length);
});
"""


def _e(v) -> str:
    return html.escape("" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v))


def status_html(status: str, stale: bool = False) -> str:
    tone = TONE.get(status, "s-none")
    stale_note = ' <small title="the latest value is over three years old">(stale)</small>'
    return f'<span class="status {tone}">{MARK.get(status, "")} {_e(status)}</span>' + (
        stale_note if stale else ""
    )


def chart_id(path: Path) -> str:
    return f"chart-{path.stem}"


def _goal_cell(row: GoalRow, base: Path) -> str:
    first_id, first = row.sentences[0]
    doc_link = f"documents/{slug(first_id.rsplit('-', 1)[0])}.html"
    links = [f'<a href="{doc_link}#{_e(g)}">sentence {n}</a>' for n, (g, _) in
             enumerate(row.sentences, 1)]  # fmt: skip
    more = f" (stated {len(row.sentences)} times)" if len(row.sentences) > 1 else ""
    cell = f"{_e(short(first, 110))}{more}"
    full = "".join(f"<p>{_e(t)}</p>" for _, t in row.sentences)
    cell += f"<details><summary>full text, source</summary>{full}<p>{' · '.join(links)}</p>"
    cell += "</details>"
    if row.chart is not None:
        cell += f' <a class="chart-link" href="#{chart_id(row.chart)}">chart</a>'
    return cell


def goals_table(rows: list[GoalRow], base: Path) -> str:
    heads = ["goal", "indicator", "base", "judged", "target", "%/yr", "R", "reason"]
    out = ["<table class='grid goals'><thead><tr>"]
    out += [f"<th>{h}</th>" for h in heads] + ["</tr></thead><tbody>"]
    for r in rows:
        has = isinstance(r.indicator, str)
        indicator = (
            f"{_e(r.indicator_name or r.indicator)}<br><small>{_e(r.indicator)} · {_e(r.unit)}"
            "</small>" if has else "<small>no public indicator</small>"
        )  # fmt: skip
        n = r.numbers
        out.append(
            f"<tr data-goal='{_e(r.goal_id)}' data-indicator='{_e(r.indicator)}' "
            f"data-country='{_e(r.country)}'>"
            f"<td>{_goal_cell(r, base)}</td><td>{indicator}</td>"
            f"<td class='num'>{_e(n['base'])}</td><td class='num'>{_e(n['judged'])}</td>"
            f"<td class='num'>{_e(n['target'])}</td><td class='num'>{_e(n['%/yr'])}</td>"
            f"<td class='num'>{_e(n['R'])}</td>"
            f"<td><details><summary>{status_html(r.status, r.stale)}</summary>"
            f"<small>{_e(r.reason)}</small></details></td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def claims_html(s: Section) -> str:
    cols = ["verdict", "indicator_code", "claim_text", "evidence"]
    out = ["<h3>Claims</h3>"]
    if s.checked_claims.empty:
        out.append("<p>No claim could be checked against a series.</p>")
    else:
        rows = s.checked_claims[cols].copy()
        rows["verdict"] = [status_html(v) for v in rows["verdict"]]
        out.append(rows.to_html(index=False, escape=False, border=0, classes="grid claims"))
    n = len(s.unverifiable_claims)
    if n:
        table = s.unverifiable_claims[["claim_text", "indicator_code", "evidence"]].to_html(
            index=False, border=0, classes="grid", na_rep=""
        )
        out.append(f"<details><summary>{n} claims that no series can settle, and why</summary>"
                   f"{table}</details>")  # fmt: skip
    return "".join(out)


def section_html(s: Section, base: Path) -> str:
    counts = ", ".join(f"{k} {v}" for k, v in s.counts.items() if v and k != "goals")
    out = [
        f"<section class='document' id='doc-{_e(slug(s.document_id))}'>",
        f"<h2>{_e(s.title)}</h2><p>{_e(s.facts)} · <code>{_e(s.document_id)}</code></p>",
        f"<p>{s.counts['goals']} goals: {_e(counts.replace('_', ' '))}</p>",
    ]
    for status, rows in s.groups:
        out.append(f"<h3>{status_html(status)} ({len(rows)})</h3>{goals_table(rows, base)}")
    out.append(claims_html(s))
    if s.charts:
        out.append("<h3>Charts</h3>")
    for path, caption in s.charts:
        out.append(
            f'<figure id="{chart_id(path)}"><img src="{_e(path.relative_to(base).as_posix())}" '
            f'alt="{_e(caption)}" width="576" height="288"><figcaption>{_e(short(caption, 160))}'
            "</figcaption></figure>"
        )
    out.append("</section>")
    return "\n".join(out)


def html_report(summary: pd.DataFrame, sections: list[Section], off: pd.DataFrame,
                base: Path) -> str:  # fmt: skip
    table = summary_table(summary)
    table["document"] = [f'<a href="#doc-{_e(slug(d))}">{_e(d)}</a>' for d in table["document"]]
    off_rows = "".join(
        f"<li>{status_html(r.status)} <a href='#doc-{_e(slug(r.document_id))}'>"
        f"{_e(r.document_id)}</a>: {_e(short(r.goal_text, 120))} ({_e(r.indicator_code)})</li>"
        for r in off.itertuples(index=False)
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Policy scorecard</title>
<style>{STYLE}</style></head><body>
<h1>Policy scorecard</h1>
<p>How each government is doing on what it promised. Method: {_e(METHOD_NAME)} (docs/method.md).
Signs: {" ".join(f"{MARK[s]} {s}" for s in STATUS_ORDER[:6])}.</p>
<h2 id="summary">Summary</h2>
{table.to_html(index=False, escape=False, border=0, classes="grid summary")}
<h3>Off track</h3><ul class="off-track">{off_rows or "<li>none</li>"}</ul>
<p id="charts-status">charts loading…</p>
{"".join(section_html(s, base) for s in sections)}
<script>{CHECK_SCRIPT}</script>
</body></html>
"""


def markdown(summary: pd.DataFrame, sections: list[Section], base: Path) -> str:
    out = ["# Policy scorecard", "", f"Method: {METHOD_NAME} (docs/method.md).", "",
           "## Summary", "", summary_table(summary).to_markdown(index=False), ""]  # fmt: skip
    for s in sections:
        out += [f"## {s.title}", "", f"{s.facts} · `{s.document_id}`", ""]
        for status, rows in s.groups:
            out += [f"### {MARK.get(status, '')} {status} ({len(rows)})", ""]
            for r in rows:
                times = f" (stated {len(r.sentences)} times)" if len(r.sentences) > 1 else ""
                what = f"{r.indicator} ({r.unit})" if r.indicator else "no public indicator"
                out.append(f"- {short(r.sentences[0][1], 140)}{times} — {what}: {r.reason}")
            out.append("")
        for path, caption in s.charts:
            out += [f"![{short(caption, 80)}]({path.relative_to(base).as_posix()})", ""]
    return "\n".join(out) + "\n"
