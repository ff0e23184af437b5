"""The comparison on cases computed by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.compare import method
from pipeline.compare.claims import check_change, check_rank, check_threshold
from pipeline.compare.goals import assess_goal, change_target
from pipeline.compare.series import Series, ranks_by_year
from pipeline.extract.deadlines import change_start_year


def s(**points: float) -> Series:
    years = sorted(int(y[1:]) for y in points)
    return Series(years, [points[f"y{y}"] for y in years])


def test_compound_rate_by_hand():
    # 100 -> 121 over two years is exactly 10% a year
    assert method.growth(121.0, 100.0, 2) == pytest.approx(0.10)


def test_direction_goal_with_its_numbers():
    out = assess_goal(
        series=s(y2020=1.0, y2021=2.0, y2022=2.0, y2024=2.42),
        expected="increase",
        baseline_year=2022,
        unit="% of GDP",
        as_of_year=2026,
    )
    assert out["rule"] == "direction"
    assert (out["baseline_year"], out["baseline_value"]) == (2022, 2.0)
    assert (out["latest_year"], out["latest_value"]) == (2024, 2.42)
    assert out["change"] == pytest.approx(0.42)
    assert out["annual_rate"] == pytest.approx(10.0)
    assert out["status"] == "on track"
    assert out["stale"] is False


def test_base_year_is_the_next_with_a_value_and_one_point_is_not_enough():
    out = assess_goal(
        series=s(y2019=50.0, y2021=49.0, y2023=48.0, y2024=47.0),
        expected="decrease",
        baseline_year=2022,
        unit="%",
    )
    assert out["baseline_year"] == 2023
    assert out["status"] == "on track"  # 48 -> 47: -2.08% a year
    one = assess_goal(series=s(y2021=5.0), expected="increase", baseline_year=2022, unit="x")
    assert one["status"] == "insufficient data" and "2022" in one["reason"]
    assert assess_goal(series=None, expected="increase", baseline_year=2022, unit="x")[
        "status"
    ] == ("no data")


def test_maintain_uses_the_themes_band():
    # the seed's manufacturing share: 26.42377 (2022) -> 24.86924 (2024), band ±1 point
    out = assess_goal(
        series=s(y2022=26.42377, y2023=25.49917, y2024=24.86924),
        expected="maintain",
        baseline_year=2022,
        unit="% of GDP",
        theme_tolerance={"absolute": 1.0},
    )
    assert out["rule"] == "maintain"
    assert out["drift"] == pytest.approx(-1.55453)
    assert out["tolerance"] == 1.0
    assert out["status"] == "deterioration"


def test_maintain_default_band_is_relative_for_levels():
    out = assess_goal(
        series=s(y2022=1000.0, y2023=1040.0), expected="maintain", baseline_year=2022, unit="people"
    )
    assert out["tolerance"] == pytest.approx(50.0)
    assert out["status"] == "on track"


def test_numeric_target_with_deadline_uses_the_progress_measure():
    # 2.0 (2022) -> 2.42 (2024): 10%/yr; 2.0 -> 4.0 over 2022-2030 needs 2 ** (1/8) - 1 = 9.05%
    out = assess_goal(
        series=s(y2022=2.0, y2024=2.42),
        expected="increase",
        baseline_year=2022,
        unit="% of GDP",
        target_value=4.0,
        target_unit="%",
        target_year=2030,
    )
    assert out["rule"] == "target"
    assert out["required_rate"] == pytest.approx((2 ** (1 / 8) - 1) * 100)
    assert out["ratio"] == pytest.approx(0.10 / (2 ** (1 / 8) - 1))
    assert out["status"] == "on track"
    assert out["projected_value"] == pytest.approx(2.42 * 1.1**6)


def test_change_targets_become_levels():
    # "energy use per unit of GDP to be cut by 16 percent" from 8.96 in 2010: 7.5264 by 2015
    out = assess_goal(
        series=s(y2010=8.96, y2015=7.24, y2021=6.0),
        expected="decrease",
        baseline_year=2010,
        unit="MJ/$2021 PPP GDP",
        target_value=16.0,
        target_unit="%",
        target_year=2015,
        target_type="change",
    )
    assert out["target_value"] == pytest.approx(8.96 * 0.84)
    assert (out["latest_year"], out["status"]) == (2015, "target achieved")
    assert change_target(10.0, 2.0, "percentage points", "increase") == 12.0
    assert change_target(10.0, 2.0, "times", "increase") == 20.0
    assert change_target(75.0, 1.0, "years", "increase", "years") == 76.0


def test_a_target_on_another_scale_is_judged_by_direction():
    # "every 10,000 people to have 3.3 patents" against the national count of applications
    out = assess_goal(
        series=s(y2010=293066.0, y2015=968252.0),
        expected="increase",
        baseline_year=2010,
        unit="number",
        target_value=3.3,
        target_unit="number",
        target_year=2015,
    )
    assert out["rule"] == "direction" and "not on the scale" in out["reason"]


def test_growth_rate_goal_reads_a_rate_series_directly():
    out = assess_goal(
        series=s(y2017=6.9, y2018=6.76),
        expected="maintain",
        baseline_year=2017,
        unit="annual %",
        target_value=6.5,
        target_unit="%",
        target_type="growth_rate",
        comparator="~",
        rate_series=True,
    )
    assert out["rule"] == "growth rate"
    assert (out["years_met"], out["years_assessed"], out["status"]) == (1, 1, "on track")


def test_stale_data_is_flagged():
    out = assess_goal(
        series=s(y2015=1.0, y2021=2.0), expected="increase", baseline_year=2015, unit="x",
        as_of_year=2026,
    )  # fmt: skip
    assert out["stale"] is True and "stale" in out["reason"]


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


def test_change_claims_check_both_ends_when_the_text_names_the_start():
    # "tourist departures have grown from 83 million to over 130 million over the past five
    # years", published 2018: 2017 against > 130 million, 2012 against 83 million within 5%
    series = s(y2012=83.2e6, y2016=122e6, y2017=143e6)
    assert change_start_year("over the past five years", 2017) == 2012
    assert change_start_year("since 2013", 2017) == 2013
    assert change_start_year("in recent years", 2017) is None
    verdict, evidence, point = check_change(series, 83e6, 130e6, ">", 2017, 2012)
    assert (verdict, point) == ("supported", (2017, 143e6))
    assert "start: value 83.20 million in 2012" in evidence
    wrong_start = check_change(series, 60e6, 130e6, ">", 2017, 2012)[0]
    assert wrong_start == "contradicted"
    unknown_start = check_change(series, 60e6, 130e6, ">", 2017, None)
    assert unknown_start[0] == "supported" and "not checked" in unknown_start[1]
    assert check_change(series, 83e6, 150e6, ">", 2017, 2012)[0] == "contradicted"
