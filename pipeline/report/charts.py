"""A chart per goal picture: the indicator over time, the baseline and the target marked, a
maintain goal's band shaded, the peers faint."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display: charts are files
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from pipeline.formatting import short  # noqa: E402


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
        data = series.get((row.indicator_code, row.country_iso3))
        if data is None or data.empty:
            continue
        path = folder / f"{n:03d}_{_slug(row.indicator_code)}_{row.country_iso3}.png"
        _draw(row, data, series, names, peers, path)
        drawn[row.chart_key] = path
    return drawn


def _draw(row, data: pd.DataFrame, series: dict, names: dict, peers, path: Path) -> None:
    code, country = row.indicator_code, row.country_iso3
    fig, ax = plt.subplots(figsize=(6.4, 3.2), dpi=90)
    since = 1990
    for peer in peers:
        other = series.get((code, peer))
        if peer == country or other is None:
            continue
        other = other[other["year"] >= since]
        ax.plot(other["year"], other["value"], color="#999999", alpha=0.35, linewidth=1)
        ax.annotate(peer, (other["year"].iloc[-1], other["value"].iloc[-1]), fontsize=6,
                    color="#888888", xytext=(2, 0), textcoords="offset points")  # fmt: skip
    mine = data[data["year"] >= since]
    ax.plot(mine["year"], mine["value"], color="#1f4e79", linewidth=2, label=country)
    _marks(ax, row)
    ax.set_title(short(f"{country}: {names.get(code, code)}", 70), fontsize=10)
    ax.set_xlabel("year", fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    # fixed margins: tight_layout measured a quarter of the drawing time, for a layout that is
    # the same on every chart
    fig.subplots_adjust(left=0.1, right=0.96, top=0.9, bottom=0.15)
    fig.savefig(path)
    plt.close(fig)


def _marks(ax, row) -> None:
    """The baseline, the judged value, the target and its path, a maintain goal's band."""
    by, bv = int(row.baseline_year), row.baseline_value
    ax.axvline(by, color="#888888", linestyle="--", linewidth=1)
    ax.scatter([by], [bv], color="#555555", zorder=3, label=f"baseline {by}")
    if pd.notna(row.latest_year):
        ax.scatter([row.latest_year], [row.latest_value], color="#c0392b", zorder=3,
                   label=f"judged {int(row.latest_year)}")  # fmt: skip
    if pd.notna(row.target_value) and pd.notna(row.target_year):
        ty, tv = int(row.target_year), row.target_value
        ax.scatter([ty], [tv], marker="*", s=120, color="#27ae60", zorder=4,
                   label=f"target {tv:g} by {ty}")  # fmt: skip
        ax.plot([by, ty], [bv, tv], color="#27ae60", linestyle=":", linewidth=1.2)
    if row.rule == "maintain" and pd.notna(row.tolerance):
        centre = row.target_value if pd.notna(row.target_value) else bv
        t = row.tolerance
        ax.axhspan(centre - t, centre + t, color="#2e86c1", alpha=0.12, label=f"band ±{t:g}")
