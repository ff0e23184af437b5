"""What the Dagster UI shows on the scorecard asset's page: the summary as a table it renders in
place (narrow enough for the page's default width), the goals off track, and each chart as an
entry of its own (opened one at a time, not one 20,000-pixel dialog). Numbers are formatted as
in the report. ``assets/report.py`` attaches these metadata values to the scorecard asset."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import dagster as dg
import pandas as pd

from pipeline.formatting import short
from pipeline.report.model import MARK

# the signs of the report, so that the table fits the asset page without scrolling sideways
COUNTS = (
    ("target_achieved", "✔"), ("on_track", "↗"), ("acceleration_needed", "▲"),
    ("limited_progress", "▽"), ("deterioration", "✖"), ("target_missed", "✗"),
    ("no_verdict", "?"), ("unmeasured", "–"),
)  # fmt: skip
LEGEND = (
    "✔ achieved · ↗ on track · ▲ acceleration needed · ▽ limited progress · ✖ deteriorating · "
    "✗ target missed · ? no verdict (unverifiable, insufficient data, no data) · "
    "– no public indicator"
)


def summary_frame(summary: pd.DataFrame) -> pd.DataFrame:
    """Four columns: the document and its country, how many goals, their statuses in signs,
    the claims' verdicts."""
    statuses = [
        " ".join(f"{sign}{int(row[col])}" for col, sign in COUNTS if int(row[col]))
        for _, row in summary.iterrows()
    ]
    claims = [
        f"✔{a} ✖{b} ?{c}"
        for a, b, c in zip(summary["claims_supported"], summary["claims_contradicted"],
                           summary["claims_unverifiable"], strict=True)
    ]  # fmt: skip
    return pd.DataFrame({
        "document · country": [f"{d} · {c}" for d, c in
                               zip(summary["document_id"], summary["country"], strict=True)],
        "goals": summary["goals"].astype(int), "statuses": statuses, "claims": claims,
    })  # fmt: skip


def summary_table(summary: pd.DataFrame):
    frame = summary_frame(summary)
    types = {c: ("int" if frame[c].dtype.kind in "iu" else "string") for c in frame.columns}
    return dg.MetadataValue.table(
        records=[
            dg.TableRecord({k: (int(v) if types[k] == "int" else str(v)) for k, v in row.items()})
            for row in frame.to_dict("records")
        ],  # fmt: skip
        schema=dg.TableSchema(columns=[dg.TableColumn(c, types[c]) for c in frame.columns]),
    )


def off_track_markdown(off: pd.DataFrame) -> str:
    if off.empty:
        return "No goal is off track."
    return "\n".join(
        f"- {MARK.get(r.status, '')} **{r.status}** · {r.document_id} · {r.indicator_code}: "
        f"{short(r.goal_text, 100)}"
        for r in off.itertuples(index=False)
    )


def chart_entries(charts: list[tuple[Path, str]]) -> dict:
    """One metadata entry per chart: ``chart 01 NY.GDP.MKTP.KD.ZG CHN`` -> the PNG inline."""
    out = {}
    for n, (path, caption) in enumerate(charts, 1):
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        label = re.sub(r"^\d+_", "", path.stem).replace("_", " ")
        out[f"chart {n:02d} {label}"] = dg.MetadataValue.md(
            f"{short(caption, 200)}\n\n![{label}](data:image/png;base64,{data})"
        )
    return out
