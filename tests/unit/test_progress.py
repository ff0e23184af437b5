"""The comparison on cases computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.progress import (
    Series,
    assess_goal,
    check_rank,
    check_threshold,
    compound_rate,
    ranks_by_year,
)


def s(**points: float) -> Series:
    years = sorted(int(y[1:]) for y in points)
    return Series(years, [points[f"y{y}"] for y in years])


def test_compound_rate_by_hand():
    # 100 -> 121 over two years is exactly 10% a year
    assert compound_rate(100.0, 121.0, 2) == pytest.approx(10.0)
    assert compound_rate(0.0, 5.0, 2) is None
    assert compound_rate(5.0, -1.0, 2) is None


def test_increase_on_track_with_numbers():
    out = assess_goal(
        series=s(y2020=1.0, y2021=2.0, y2022=2.0, y2024=2.42),
        expected="increase",
        baseline_year=2022,
        unit="% of GDP",
    )
    assert (out["baseline_year"], out["baseline_value"]) == (2022, 2.0)
    assert (out["latest_year"], out["latest_value"]) == (2024, 2.42)
    assert out["change"] == pytest.approx(0.42)
    assert out["annual_rate"] == pytest.approx(10.0)
    assert out["status"] == "on track"


def test_baseline_is_latest_before_publication_when_the_year_is_missing():
    out = assess_goal(
        series=s(y2019=50.0, y2021=49.0, y2023=48.0),
        expected="decrease",
        baseline_year=2022,
        unit="%",
    )
    assert out["baseline_year"] == 2021
    # 49 -> 48 over two years: (48/49)**0.5 - 1 = -1.026% a year: a decrease, on track
    assert out["annual_rate"] == pytest.approx(-1.0257, abs=1e-3)
    assert out["status"] == "on track"


@pytest.mark.parametrize(
    ("latest", "status"),
    [(100.4, "stalled"), (99.0, "off track"), (102.0, "on track")],
)
def test_increase_statuses(latest, status):
    out = assess_goal(
        series=s(y2022=100.0, y2023=latest), expected="increase", baseline_year=2022, unit="x"
    )
    assert out["status"] == status


def test_maintain_uses_the_stated_band():
    # the seed's manufacturing share: 26.42377 (2022) -> 24.86924 (2024), band ±1 point
    out = assess_goal(
        series=s(y2022=26.42377, y2023=25.49917, y2024=24.86924),
        expected="maintain",
        baseline_year=2022,
        unit="% of GDP",
        theme_tolerance={"absolute": 1.0},
    )
    assert out["change"] == pytest.approx(-1.55453)
    assert out["tolerance"] == 1.0
    assert out["status"] == "off track"
    assert "outside" in out["reason"]
    wide = assess_goal(
        series=s(y2022=26.42377, y2024=24.86924),
        expected="maintain",
        baseline_year=2022,
        unit="% of GDP",
        theme_tolerance={"absolute": 2.0},
    )
    assert wide["status"] == "on track"


def test_maintain_default_band_is_relative_for_levels():
    out = assess_goal(
        series=s(y2022=1000.0, y2023=1040.0), expected="maintain", baseline_year=2022, unit="people"
    )
    assert out["tolerance"] == pytest.approx(50.0)
    assert out["status"] == "on track"


def test_no_new_data_and_no_data():
    out = assess_goal(series=s(y2021=5.0), expected="increase", baseline_year=2022, unit="x")
    assert out["status"] == "no new data"
    assert out["baseline_year"] == out["latest_year"] == 2021
    assert assess_goal(series=None, expected="increase", baseline_year=2022, unit="x")[
        "status"
    ] == ("no data")
    early = assess_goal(series=s(y2023=1.0), expected="increase", baseline_year=2022, unit="x")
    assert early["status"] == "no data"


def test_numeric_target_with_deadline():
    # 2.0 (2022) -> 2.42 (2024): 10%/yr; 2.42 -> 4.0 by 2030 needs (4/2.42)**(1/6)-1 = 8.736%/yr
    out = assess_goal(
        series=s(y2022=2.0, y2024=2.42),
        expected="increase",
        baseline_year=2022,
        unit="% of GDP",
        target_value=4.0,
        target_unit="%",
        target_year=2030,
    )
    assert out["required_rate"] == pytest.approx(8.736, abs=1e-3)
    assert out["status"] == "on track"
    slow = assess_goal(
        series=s(y2022=2.0, y2024=2.1),
        expected="increase",
        baseline_year=2022,
        unit="% of GDP",
        target_value=4.0,
        target_unit="%",
        target_year=2030,
    )
    assert slow["status"] == "off track"


def test_threshold_claims():
    pop = s(y2021=1.4126e9, y2022=1.412175e9, y2023=1.41071e9)
    verdict, point, evidence = check_threshold(pop, 1.4e9, ">", 2022)
    assert verdict == "supported" and point == (2022, 1.412175e9)
    assert "2022" in evidence
    # the USA's industry share stops in 2021: checked at the latest year before 2022
    verdict, point, evidence = check_threshold(s(y2020=17.25, y2021=17.58), 20.0, "<", 2022)
    assert verdict == "supported" and point[0] == 2021 and "latest at or before 2022" in evidence
    assert check_threshold(s(y2022=25.0), 20.0, "<", 2022)[0] == "contradicted"
    assert check_threshold(s(y2022=20.5), 20.0, "~", 2022)[0] == "supported"
    assert check_threshold(None, 20.0, "<", 2022)[0] == "unverifiable"
    assert check_threshold(s(y2023=1.0), 20.0, "<", 2022)[0] == "unverifiable"


@pytest.fixture
def ranks():
    rows = []
    values = {
        "AAA": {2018: 5, 2019: 9, 2020: 9, 2021: 9, 2022: 9},
        "BBB": {2018: 7, 2019: 8, 2020: 8, 2021: 8, 2022: 8},
        "CCC": {2018: 1, 2019: 1, 2020: 1, 2021: 1, 2022: 1},
        "WLD": {y: 100 for y in range(2018, 2023)},  # an aggregate: never ranked
    }
    for country, series in values.items():
        for year, value in series.items():
            rows.append(("X", country, year, float(value)))
    obs = pd.DataFrame(rows, columns=["indicator_code", "country_iso3", "year", "value"])
    return ranks_by_year(obs, "X", {"AAA", "BBB", "CCC"})


def test_rank_run_of_consecutive_years(ranks):
    out = check_rank(ranks, "AAA", 1, 2022, 3, ">")
    assert out["rank"] == 1 and out["economies_ranked"] == 3
    assert (out["run_years"], out["run_start_year"], out["run_end_year"]) == (4, 2019, 2022)
    assert out["verdict"] == "supported"
    assert "in 2018 it ranked 2" in out["evidence"]
    assert check_rank(ranks, "AAA", 1, 2022, 4, ">")["verdict"] == "contradicted"
    assert check_rank(ranks, "AAA", 1, 2022, 4, ">=")["verdict"] == "supported"


def test_rank_without_a_run_and_missing_country(ranks):
    assert check_rank(ranks, "BBB", 2, 2022, None, None)["verdict"] == "supported"
    assert check_rank(ranks, "CCC", 1, 2022, None, None)["verdict"] == "contradicted"
    assert check_rank(ranks, "ZZZ", 1, 2022, None, None)["verdict"] == "unverifiable"
