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


# -- a chart whose picture did not change is not drawn again ---------------------------------


def progress(target: float = 30.0) -> pd.DataFrame:
    rows = [
        {"indicator_code": code, "country_iso3": "CHN", "rule": "target", "baseline_year": 2015,
         "baseline_value": 29.0, "latest_year": 2024, "latest_value": 26.2,
         "target_value": target, "target_year": 2025, "tolerance": None,
         "expected_direction": "increase"}
        for code in ("NV.IND.MANF.ZS", "GB.XPD.RSDV.GD.ZS")
    ]  # fmt: skip
    return pd.DataFrame(rows)


def observations(shift: float = 0.0) -> pd.DataFrame:
    frames = [
        pd.DataFrame({"indicator_code": code, "country_iso3": "CHN", "year": range(2000, 2025),
                      "value": [v + i / 10 + shift * (code == "GB.XPD.RSDV.GD.ZS")
                                for i in range(25)]})
        for code, v in (("NV.IND.MANF.ZS", 30.0), ("GB.XPD.RSDV.GD.ZS", 1.0))
    ]  # fmt: skip
    return pd.concat(frames, ignore_index=True)


def draw(folder: Path, prog: pd.DataFrame, obs: pd.DataFrame) -> dict[str, int]:
    """Draw, then each PNG's modification time (ns)."""
    charts.draw_charts(prog, obs, {}, folder).wait()
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.png")}


def test_a_second_run_with_the_same_pictures_draws_nothing(tmp_path):
    first = draw(tmp_path, progress(), observations())
    assert len(first) == 2
    assert draw(tmp_path, progress(), observations()) == first


def test_a_changed_series_or_target_redraws_only_its_chart(tmp_path):
    first = draw(tmp_path, progress(), observations())
    second = draw(tmp_path, progress(), observations(shift=0.5))  # R&D's series changed
    changed = {name for name in first if second[name] != first[name]}
    assert changed == {n for n in first if "GB_XPD_RSDV_GD_ZS" in n}
    third = draw(tmp_path, progress(target=35.0), observations(shift=0.5))  # both targets
    assert all(third[name] != second[name] for name in first)


def test_a_chart_no_longer_wanted_is_removed_and_a_lost_index_redraws_all(tmp_path):
    first = draw(tmp_path, progress(), observations())
    draw(tmp_path, progress().iloc[:1], observations())
    assert len(list(tmp_path.glob("*.png"))) == 1
    (tmp_path / charts.INDEX).write_text("not json", encoding="utf-8")
    again = draw(tmp_path, progress(), observations())
    assert all(again[name] != first[name] for name in again)


def test_no_index_is_left_claiming_charts_a_failed_drawing_did_not_write(tmp_path, monkeypatch):
    draw(tmp_path, progress(), observations())
    monkeypatch.setattr(charts, "_draw", lambda *job: (_ for _ in ()).throw(OSError("disk")))
    monkeypatch.setattr(charts, "MIN_PER_PROCESS", 10**6)
    drawing = charts.draw_charts(progress(target=40.0), observations(), {}, tmp_path)
    with pytest.raises(OSError):
        drawing.wait()
    assert not (tmp_path / charts.INDEX).exists()
