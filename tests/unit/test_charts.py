"""Charts drawn while the report is written: ``Drawing`` starts them, ``wait()`` returns the
files once written, and a chart that fails raises there, in the pool or drawn in place."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from pipeline.report import charts
from pipeline.report.charts import Drawing


def job(path: Path, rule: str = "target", year: float = 2024.0) -> tuple:
    row = SimpleNamespace(indicator_code="NV.IND.MANF.ZS", country_iso3="CHN", rule=rule,
                          baseline_year=2015, baseline_value=29.0, latest_year=year,
                          latest_value=26.2, target_value=30.0, target_year=2025,
                          tolerance=None)  # fmt: skip
    data = pd.DataFrame({"year": range(2000, 2025), "value": [30.0 - i / 10 for i in range(25)]})
    return (row, data, {}, "Manufacturing, value added (% of GDP)", (), path)


@pytest.mark.parametrize("per_process", [1, 10**6], ids=["forked pool", "drawn in place"])
def test_every_chart_is_written_by_the_time_wait_returns(tmp_path, monkeypatch, per_process):
    monkeypatch.setattr(charts, "MIN_PER_PROCESS", per_process)
    jobs = [job(tmp_path / f"{n}.png") for n in range(4)]
    drawing = Drawing(jobs, {str(n): j[-1] for n, j in enumerate(jobs)})
    paths = drawing.wait()
    assert sorted(p.name for p in paths.values()) == ["0.png", "1.png", "2.png", "3.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in paths.values())


@pytest.mark.parametrize("per_process", [1, 10**6], ids=["forked pool", "drawn in place"])
def test_a_chart_that_fails_raises_at_wait(tmp_path, monkeypatch, per_process):
    monkeypatch.setattr(charts, "MIN_PER_PROCESS", per_process)
    jobs = [job(tmp_path / "a.png"), job(tmp_path / "missing" / "b.png")]  # no such folder
    drawing = Drawing(jobs, {})
    with pytest.raises(FileNotFoundError):
        drawing.wait()


def test_a_daemonic_process_draws_in_place(tmp_path, monkeypatch):
    """A Celery worker's pool process may not have children: no pool there."""
    monkeypatch.setattr(charts, "MIN_PER_PROCESS", 1)
    monkeypatch.setattr(mp.current_process(), "daemon", True, raising=False)
    drawing = Drawing([job(tmp_path / "a.png"), job(tmp_path / "b.png")], {})
    assert drawing._pool is None
    drawing.wait()
    assert (tmp_path / "b.png").exists()
