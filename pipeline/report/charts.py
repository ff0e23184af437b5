"""A chart per goal picture: the indicator over time, the baseline and the target marked, a
maintain goal's band shaded, the peers faint.

A chart whose picture has not changed since the last run is not drawn again: each PNG's
picture hash (what it shows: the fields drawn, its series and the peers', the indicator's
name, this module's code and matplotlib's version) is kept in ``<charts>/.index.json``, written
only once every chart of a run is drawn.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")  # no display: charts are files
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from pipeline.formatting import short  # noqa: E402

MIN_PER_PROCESS = 8  # below this many charts per process, forking costs more than it saves
INDEX = ".index.json"  # {PNG file name: picture hash} of the charts last drawn
# what _draw reads of a picture's row
DRAWN = ("indicator_code", "country_iso3", "rule", "baseline_year", "baseline_value",
         "latest_year", "latest_value", "target_value", "target_year", "tolerance")  # fmt: skip
_VERSION = hashlib.sha256(Path(__file__).read_bytes() + matplotlib.__version__.encode()).digest()


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")


CHART_KEY = ["indicator_code", "country_iso3", "rule", "baseline_year", "target_value",
             "target_year", "tolerance", "expected_direction"]  # fmt: skip


def chart_keys(progress: pd.DataFrame) -> pd.Series:
    """One chart per distinct picture: goals that share indicator, country, baseline, target and
    band share their chart (seven goals on manufacturing's share draw it once)."""
    cols = [progress[c].map(str) for c in CHART_KEY]
    return pd.Series(["|".join(parts) for parts in zip(*cols, strict=True)], index=progress.index)


class Drawing:
    """Charts being drawn: ``paths`` (chart key -> PNG) is known at once; ``wait()`` returns
    it once every file is written (and raises if a chart failed). Forked processes draw
    while the caller goes on with the rest of the report."""

    def __init__(self, jobs: list[tuple], paths: dict[str, Path], index: dict | None = None):
        self.paths = paths
        self._jobs = jobs
        self._index = index  # (index file, {name: hash}) to write once all are drawn
        workers = min(len(jobs) // MIN_PER_PROCESS, os.cpu_count() or 1)
        daemonic = mp.current_process().daemon  # a Celery worker's pool: no children allowed
        self._pool = None
        if workers >= 2 and not daemonic and "fork" in mp.get_all_start_methods():
            self._pool = ProcessPoolExecutor(workers, mp_context=mp.get_context("fork"))
            chunk = max(1, len(jobs) // (4 * workers))
            self._results = self._pool.map(_draw_job, jobs, chunksize=chunk)

    def wait(self) -> dict[str, Path]:
        if self._pool is None:  # few charts, one core, no fork: drawn here, one by one
            for job in self._jobs:
                _draw(*job)
        else:
            with self._pool:
                list(self._results)  # consumed here, so that a chart that failed raises here
        self._jobs = []
        if self._index is not None:
            path, hashes = self._index
            path.write_text(json.dumps(hashes, indent=0, sort_keys=True), encoding="utf-8")
        return self.paths


def draw_charts(
    progress: pd.DataFrame,
    observations: pd.DataFrame,
    names: dict[str, str],
    folder: Path,
    peers: tuple[str, ...] = (),
) -> Drawing:
    """One PNG per goal picture (see ``chart_keys``): the goal country's series, peers faint,
    the baseline and the target marked, a maintain goal's band shaded. Drawing starts now,
    on every core (Agg rendering is CPU-bound and holds the GIL, so in forked processes:
    matplotlib already imported, nothing to pickle but the rows); ``.wait()`` for the files.
    A chart whose file holds the same picture as last time is kept, not drawn."""
    folder.mkdir(parents=True, exist_ok=True)
    index_path = folder / INDEX
    last = _read_index(index_path)
    index_path.unlink(missing_ok=True)  # until this run's charts are all drawn
    hashes: dict[str, str] = {}
    drawn: dict[str, Path] = {}
    wanted = progress.dropna(subset=["indicator_code", "baseline_year"])
    wanted = wanted.assign(chart_key=chart_keys(wanted)).drop_duplicates("chart_key")
    # only the series the charts draw: each picture's indicator, for its country and the peers
    needed = observations["indicator_code"].isin(set(wanted["indicator_code"])) & observations[
        "country_iso3"
    ].isin(set(wanted["country_iso3"]) | set(peers))
    series = {
        k: g.sort_values("year")
        for k, g in observations[needed].groupby(["indicator_code", "country_iso3"], sort=False)
    }
    jobs = []
    for n, row in enumerate(wanted.itertuples(index=False)):
        data = series.get((row.indicator_code, row.country_iso3))
        if data is None or data.empty:
            continue
        path = folder / f"{n:03d}_{_slug(row.indicator_code)}_{row.country_iso3}.png"
        peer_series = {p: series.get((row.indicator_code, p)) for p in peers}
        picture = SimpleNamespace(**row._asdict())  # picklable, for the drawing processes
        job = (picture, data, peer_series, names.get(row.indicator_code), peers, path)
        drawn[row.chart_key] = path
        hashes[path.name] = _picture_hash(*job[:5])
        if last.get(path.name) != hashes[path.name] or not path.is_file():
            jobs.append(job)
    for old in folder.glob("*.png"):
        if old.name not in hashes:
            old.unlink()
    return Drawing(jobs, drawn, (index_path, hashes))


def _read_index(path: Path) -> dict[str, str]:
    """The last run's picture hashes; anything unreadable counts as none (all drawn anew)."""
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return index if isinstance(index, dict) else {}


def _picture_hash(row, data: pd.DataFrame, series: dict, name, peers) -> str:
    """What a chart shows, hashed: the fields drawn, the series (its own and the peers'), the
    indicator's name, the peers, and the code that draws it."""
    h = hashlib.sha256(_VERSION)
    h.update(repr(([getattr(row, f, None) for f in DRAWN], name, tuple(peers))).encode())
    for frame in [data, *(series.get(p) for p in peers)]:
        h.update(b"-" if frame is None else frame[["year", "value"]].to_numpy("float64").tobytes())
    return h.hexdigest()


def _draw_job(job: tuple) -> None:
    _draw(*job)


def _draw(row, data: pd.DataFrame, series: dict, name, peers, path: Path) -> None:
    code, country = row.indicator_code, row.country_iso3
    fig = Figure(figsize=(6.4, 3.2), dpi=90)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    since = 1990
    for peer in peers:
        other = series.get(peer)
        if peer == country or other is None:
            continue
        other = other[other["year"] >= since]
        ax.plot(other["year"], other["value"], color="#999999", alpha=0.35, linewidth=1)
        ax.annotate(peer, (other["year"].iloc[-1], other["value"].iloc[-1]), fontsize=6,
                    color="#888888", xytext=(2, 0), textcoords="offset points")  # fmt: skip
    mine = data[data["year"] >= since]
    ax.plot(mine["year"], mine["value"], color="#1f4e79", linewidth=2, label=country)
    _marks(ax, row)
    # a fixed title position: placed automatically, it measures every tick label first
    ax.set_title(short(f"{country}: {name or code}", 70), fontsize=10, y=1.0, pad=6)
    ax.set_xlabel("year", fontsize=8)
    # a handful of ticks: each is two lines and a label to lay out, most of a chart's cost
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.tick_params(labelsize=8)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, loc="best")
    # fixed margins: tight_layout measured a quarter of the drawing time, for a layout that is
    # the same on every chart
    fig.subplots_adjust(left=0.1, right=0.96, top=0.9, bottom=0.15)
    fig.savefig(path, pil_kwargs={"compress_level": 1})  # zlib's fastest: the PNG is small


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
