"""The progress method reproduced on worked cases (docs/method.md), each edge case included.

Open SDG / Statistics Canada progress measure (sdg-build ``sdg/ProgressMeasure.py``):
growth = (current / base) ** (1 / years) - 1; R = sign * direction * observed / |required|.
"""

from __future__ import annotations

import pytest

from pipeline.compare.method import (
    Point,
    assess_direction,
    assess_growth_rate,
    assess_maintain,
    assess_target,
    base_point,
    current_point,
    growth,
    is_stale,
    limit_coefficient,
    yearly_rates,
)

B = Point(2015, 10.0)


def test_growth_is_open_sdgs_compound_rate():
    assert growth(121.0, 100.0, 2) == pytest.approx(0.10)
    assert growth(8.0, 10.0, 5) == pytest.approx(0.8**0.2 - 1)


@pytest.mark.parametrize(
    ("current", "status", "ratio"),
    [
        # required: 10 -> 20 over 2015-2030 = 2 ** (1/15) - 1 = 4.729% a year
        (15.0, "on track", (1.5**0.2 - 1) / (2 ** (1 / 15) - 1)),  # 8.447% / 4.729% = 1.786
        (12.0, "acceleration needed", (1.2**0.2 - 1) / (2 ** (1 / 15) - 1)),  # 0.785
        (11.0, "limited progress", (1.1**0.2 - 1) / (2 ** (1 / 15) - 1)),  # 0.407
        (9.0, "deterioration", (0.9**0.2 - 1) / (2 ** (1 / 15) - 1)),  # -0.440
    ],
)
def test_target_ratio_and_its_four_bands(current, status, ratio):
    out = assess_target(B, Point(2020, current), 20.0, 2030, "increase")
    assert out.ratio == pytest.approx(ratio)
    assert out.status == status
    assert out.required_rate == pytest.approx((2 ** (1 / 15) - 1) * 100)
    assert out.observed_rate == pytest.approx(((current / 10) ** 0.2 - 1) * 100)


def test_target_projection_and_distance_covered():
    # UN Progress Chart 2023: at 8.447% a year, 15 (2020) grows to 15 * 1.08447**10 by 2030
    out = assess_target(B, Point(2020, 15.0), 20.0, 2030, "increase")
    assert out.projected_value == pytest.approx(15 * 1.5 ** (10 / 5))  # = 33.75
    assert out.distance_covered == pytest.approx(0.5)  # 5 of the 10 to go


def test_target_achieved_wins_over_the_ratio():
    out = assess_target(B, Point(2020, 21.0), 20.0, 2030, "increase")
    assert out.status == "target achieved"


def test_decrease_target():
    # 10 -> 8 in five years: -4.365% a year; 10 -> 5 by 2030 needs -4.516%: R = 0.967
    out = assess_target(B, Point(2020, 8.0), 5.0, 2030, "decrease")
    assert out.ratio == pytest.approx(-(0.8**0.2 - 1) / abs(0.5 ** (1 / 15) - 1))
    assert out.ratio == pytest.approx(0.9666, abs=1e-3)
    assert out.status == "on track"


def test_achieve_points_from_base_to_target():
    down = assess_target(B, Point(2020, 8.0), 5.0, 2030, "achieve")
    assert down.status == "on track"
    up = assess_target(B, Point(2020, 8.0), 20.0, 2030, "achieve")
    assert up.status == "deterioration"


def test_negative_base_flips_the_sign():
    # -10 -> -8 toward -5 is progress even though the growth (0.8 ** 0.2 - 1) is negative
    out = assess_target(Point(2015, -10.0), Point(2020, -8.0), -5.0, 2030, "increase")
    assert out.ratio == pytest.approx(0.9666, abs=1e-3)
    assert out.status == "on track"


def test_zero_base_is_replaced_as_open_sdg_does():
    out = assess_target(Point(2015, 0.0), Point(2020, 1.0), 2.0, 2030, "increase")
    assert "0.001" in " ".join(out.notes)
    assert out.observed_rate == pytest.approx(((1 / 0.001) ** 0.2 - 1) * 100)


def test_fewer_than_two_points_and_sign_changes_are_insufficient():
    assert assess_target(B, B, 20.0, 2030, "increase").status == "insufficient data"
    assert assess_target(None, B, 20.0, 2030, "increase").status == "insufficient data"
    flip = assess_target(Point(2015, 2.0), Point(2020, -1.0), 5.0, 2030, "increase")
    assert flip.status == "insufficient data" and "sign" in flip.reason


def test_base_year_missing_takes_the_next_year_with_a_value():
    assert base_point([2013, 2016, 2018], [1.0, 2.0, 3.0], 2015) == Point(2016, 2.0)
    assert base_point([2013], [1.0], 2015) is None


def test_deadline_passed_is_judged_at_the_deadline():
    point, cut = current_point([2015, 2019, 2020, 2021, 2024], [1, 2, 3, 4, 5], 2020)
    assert (point, cut) == (Point(2020, 3), True)
    point, cut = current_point([2015, 2019, 2021], [1, 2, 4], 2020)
    assert (point, cut) == (Point(2019, 2), True)
    assert current_point([2015, 2019], [1, 2], 2030) == (Point(2019, 2), False)
    out = assess_target(B, Point(2020, 21.0), 20.0, 2020, "increase", deadline_cut=True)
    assert "deadline 2020 passed" in out.reason


@pytest.mark.parametrize(
    ("rate", "status"),
    [(0.02, "on track"), (0.01, "acceleration needed"), (0.003, "limited progress"),
     (-0.01, "deterioration")],
)  # fmt: skip
def test_direction_only_against_one_and_a_half_half_and_zero(rate, status):
    current = Point(2020, 10.0 * (1 + rate) ** 5)
    out = assess_direction(B, current, "increase")
    assert out.observed_rate == pytest.approx(rate * 100)
    assert out.status == status
    down = assess_direction(B, Point(2020, 10.0 * (1 - rate) ** 5), "decrease")
    assert down.status == status


def test_thresholds_shrink_near_a_natural_limit():
    # base 95 of a 100% share: coefficient 1 - 0.95 ** 4.44 = 0.2037; 1.5% a year -> 0.31%
    assert limit_coefficient(95.0, 100.0) == pytest.approx(1 - 0.95**4.44)
    assert limit_coefficient(10.0, None) == 1.0
    slow = Point(2020, 95.0 * 1.004**5)  # 0.4% a year
    assert assess_direction(Point(2015, 95.0), slow, "increase", limit=100.0).status == "on track"
    assert assess_direction(Point(2015, 95.0), slow, "increase").status == "limited progress"


def test_maintain_band_around_the_baseline():
    # the seed's manufacturing share: 26.42377 (2022) -> 24.86924 (2024), band ±1 point
    out = assess_maintain(Point(2022, 26.42377), Point(2024, 24.86924), 1.0, "% of GDP")
    assert out.drift == pytest.approx(-1.55453)
    assert out.status == "deterioration" and "outside" in out.reason
    assert "percentage points" in out.reason
    wide = assess_maintain(Point(2022, 26.42377), Point(2024, 24.86924), 2.0, "% of GDP")
    assert wide.status == "on track"


def test_maintain_a_stated_level_or_bound():
    assert assess_maintain(None, Point(2018, 4.31), 1.0, "%", 5.5, "<=").status == "on track"
    assert assess_maintain(None, Point(2018, 5.9), 1.0, "%", 5.5, "<=").status == "deterioration"
    around = assess_maintain(Point(2017, 2.0), Point(2018, 3.4), 0.5, "%", 3.0, "~")
    assert around.status == "on track" and around.drift == pytest.approx(0.4)


def test_yearly_rates_from_levels_and_from_rate_series():
    assert yearly_rates([2020, 2021, 2023], [100.0, 110.0, 121.0], is_rate=False) == [
        (2021, pytest.approx(10.0))
    ]  # 2021 -> 2023 is not a yearly step
    assert yearly_rates([2020, 2021], [6.0, 5.0], is_rate=True) == [(2020, 6.0), (2021, 5.0)]


def test_growth_rate_floor_year_by_year():
    # "R&D spending to grow by more than 7% a year": 8, 6, 9 -> mean 7.67, R = 1.10, 2 of 3 met
    rates = [(2015, 99.0), (2016, 8.0), (2017, 6.0), (2018, 9.0)]
    out = assess_growth_rate(rates, 2015, 7.0, ">", "increase")
    assert (out.years_met, out.years_assessed) == (2, 3)
    assert out.observed_rate == pytest.approx(23 / 3)
    assert out.ratio == pytest.approx(23 / 3 / 7)
    assert out.status == "on track"


def test_growth_rate_drop_and_band():
    # "energy use per unit of GDP to drop by around 2.5%": -2.0 and -1.0 -> mean -1.5, R = 0.6
    out = assess_growth_rate([(2019, -2.0), (2020, -1.0)], 2018, 2.5, "~", "decrease")
    assert out.required_rate == -2.5
    assert out.ratio == pytest.approx(0.6)
    assert out.status == "acceleration needed"
    # "GDP growth of around 6.5 percent": 6.76 is inside 6.5 ± 0.5
    held = assess_growth_rate([(2018, 6.76)], 2017, 6.5, "~", "maintain")
    assert held.status == "on track" and held.years_met == 1
    assert assess_growth_rate([], 2017, 6.5, "~", "maintain").status == "insufficient data"


def test_stale_after_three_years():
    assert is_stale(2022, 2026) is True
    assert is_stale(2023, 2026) is False
    assert is_stale(None, 2026) is False
