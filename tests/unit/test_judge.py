"""Targets judged at their deadline by what they state, read by the convention table.

The cases are the ones issue 10 names, with WDI values from the shipped snapshot, worked by
hand in docs/method.md ("At the deadline").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalog import Catalogue
from pipeline.compare import judge
from pipeline.compare.goals import assess_goal
from pipeline.compare.judge import Indicator, Target
from pipeline.compare.semantics import Semantics
from pipeline.compare.series import Series

CONVENTIONS = Catalogue().conventions
GDP = Indicator("NY.GDP.MKTP.KD.ZG", "annual %", "GDP growth (annual %)", rate_series=True)
CPI = Indicator("FP.CPI.TOTL.ZG", "annual %", "Inflation, consumer prices (annual %)", True)
UNEMPLOYMENT = Indicator("SL.UEM.TOTL.ZS", "% of total labor force", "Unemployment")
ENERGY = Indicator("EG.EGY.PRIM.PP.KD", "MJ/$2021 PPP GDP", "Energy intensity")
GDP_USD = Indicator("NY.GDP.MKTP.CD", "current US$", "GDP (current US$)")


def series(**points: float) -> Series:
    years = sorted(int(y[1:]) for y in points)
    return Series(years, [points[f"y{y}"] for y in years])


def reading(t: Target, ind: Indicator, improves: str, words: str = "") -> Semantics:
    conv = CONVENTIONS.resolve(
        indicator=ind.code, measure=t.measure, comparator=t.comparator, improves=improves,
        words=words, has_number=t.value is not None,
    )  # fmt: skip
    return Semantics(t, ind, conv, CONVENTIONS.proxy(ind.code, words))


def verdict(s: Series, sem: Semantics, as_of: int = 2026) -> dict:
    t = sem.target
    return assess_goal(
        series=s, expected=t.direction, baseline_year=t.base, unit=sem.indicator.unit,
        target_value=t.value, target_unit=t.unit, target_year=t.end,
        rate_series=sem.indicator.rate_series, as_of_year=as_of, semantics=sem,
    )  # fmt: skip


# the snapshot's CHN values, rounded to two places (docs/method.md)
TWELFTH = series(y2010=10.59, y2011=9.46, y2012=7.86, y2013=7.78, y2014=7.46, y2015=6.98)


def test_an_average_rate_is_the_geometric_mean_of_the_periods_years():
    # "GDP to grow by 7 percent annually on average" (2011-2015): officially met at 7.8%
    t = Target(7.0, "percent per year", "average_rate", None, 2011, 2015, direction="increase")
    sem = reading(t, GDP, "increase")
    out = verdict(TWELFTH, sem)
    factors = [1.0946, 1.0786, 1.0778, 1.0746, 1.0698]
    mean = (factors[0] * factors[1] * factors[2] * factors[3] * factors[4]) ** 0.2 - 1
    assert out["judged_value"] == pytest.approx(mean * 100)
    assert round(out["judged_value"], 2) == 7.90
    assert (out["status"], out["rule"], out["judged_as"]) == (
        "target achieved", "at deadline", "around"
    )  # fmt: skip
    assert out["convention"] == "growth_around" and out["expected_direction"] == "increase"
    assert "2011-2015" in out["reason"]


def test_growth_around_a_target_is_met_within_015_points_below_and_missed_beyond():
    t = Target(7.5, "%", "annual_rate", "~", 2014, 2014, direction="increase")
    assert verdict(series(y2014=7.4), reading(t, GDP, "increase"))["status"] == "target achieved"
    t = Target(5.5, "%", "annual_rate", "~", 2022, 2022, direction="increase")
    out = verdict(series(y2022=2.95), reading(t, GDP, "increase"))
    assert out["status"] == "target missed" and "missed by 2.40" in out["reason"]


def test_cpi_around_a_figure_is_a_ceiling():
    # 2018: "CPI increase of around 3 percent"; 2.07% in 2018
    t = Target(3.0, "%", "annual_rate", "~", 2018, 2018, direction="maintain")
    out = verdict(series(y2017=1.59, y2018=2.07), reading(t, CPI, "maintain"))
    assert (out["status"], out["judged_as"], out["bound"]) == (
        "target achieved",
        "at_most",
        "<= 3.00",
    )
    assert out["expected_direction"] == "decrease"


def test_basically_stable_prices_is_average_inflation_at_most_3_over_the_period():
    t = Target(None, None, None, None, 2011, 2015, direction="maintain")
    cpi = series(y2010=3.18, y2011=5.55, y2012=2.62, y2013=2.62, y2014=1.92, y2015=1.44)
    out = verdict(cpi, reading(t, CPI, "maintain", "generally stable Prices to be kept"))
    assert out["convention"] == "stable_prices"
    assert out["judged_value"] == pytest.approx((5.55 + 2.62 + 2.62 + 1.92 + 1.44) / 5)
    assert out["status"] == "target achieved"


def test_a_cut_is_judged_on_its_size_from_the_year_before_the_period():
    # "energy consumption per unit of GDP to be cut by 16 percent" (2011-2015)
    t = Target(16.0, "%", "change", None, 2011, 2015, direction="decrease")
    out = verdict(series(y2010=8.96, y2015=7.24), reading(t, ENERGY, "decrease", "energy"))
    assert out["judged_value"] == pytest.approx((1 - 7.24 / 8.96) * 100)
    assert out["status"] == "target achieved" and out["judged_as"] == "at_least"
    assert "proxy: WDI is energy supply" in out["reason"] and out["fit"].startswith("proxy")


def test_a_proxy_missing_by_less_than_its_definitions_differ_is_unverifiable():
    # registered urban unemployment "within 4.5 percent"; WDI's modelled rate 4.56
    t = Target(4.5, "%", "level", "<=", 2016, 2016, direction="decrease")
    sem = reading(t, UNEMPLOYMENT, "decrease", "registered urban unemployment")
    out = verdict(series(y2016=4.56), sem)
    assert (
        out["status"] == "unverifiable" and "less than the 0.60 percentage points" in out["reason"]
    )
    assert verdict(series(y2016=5.5), sem)["status"] == "target missed"  # beyond the margin


def test_a_series_past_its_target_is_achieved_before_the_deadline():
    t = Target(11.4, "%", "level", None, 2021, 2030, direction="increase")
    ind = Indicator("EG.FEC.RNEW.ZS", "% of total final energy consumption", "Renewables")
    out = verdict(series(y2020=10.0, y2023=12.2), reading(t, ind, "increase", "non-fossil"))
    assert (out["status"], out["rule"]) == ("target achieved", "reached")


def test_missing_years_are_named():
    t = Target(5.0, "%", "annual_rate", "~", 2025, 2025, direction="increase")
    out = verdict(series(y2023=5.2, y2024=5.0), reading(t, GDP, "increase"))
    assert out["status"] == "insufficient data"
    assert out["reason"].startswith("no value for 2025 (the series runs 2023-2024)")


@pytest.mark.parametrize(
    ("t", "ind", "says"),
    [
        (Target(7.0, "%", "annual_rate", "~", 2015, 2015), GDP_USD, "current prices"),
        (Target(2.0, "times", "multiple", None, 2011, 2020), GDP_USD, "current prices"),
        (Target(65.0, "% of growth", "level", None, 2023, 2023), GDP, "not a yearly rate"),
        (Target(3.0, "% of GDP", "annual_rate", None, 2023, 2023),
         Indicator("NE.EXP.GNFS.ZS", "% of GDP", "Exports of goods and services (% of GDP)"),
         "not a share"),
        (Target(100.0, "trillion yuan", "level", None, 2020, 2020), GDP_USD, "not the same"),
    ],
)  # fmt: skip
def test_a_series_of_another_unit_or_concept_cannot_judge(t, ind, says):
    why = judge.unfit(t, ind, None)
    assert why is not None and says in why
    out = verdict(series(y2014=1.0, y2015=2.0, y2020=3.0, y2023=4.0), reading(t, ind, "increase"))
    assert out["status"] == "unverifiable"


def test_a_relation_between_two_quantities_is_unverifiable_on_one_series():
    t = Target(None, None, None, None, 2018, 2018, direction="maintain")
    words = "Basic parity in personal income growth and economic growth"
    out = verdict(series(y2017=6.9, y2018=6.7), reading(t, GDP, "increase", words))
    assert (out["status"], out["judged_as"]) == ("unverifiable", "relative")


def test_docs_method_lists_every_convention_and_proxy():
    text = (Path(__file__).resolve().parents[2] / "docs" / "method.md").read_text("utf-8")
    for c in CONVENTIONS.conventions:
        assert f"`{c.id}`" in text, f"docs/method.md does not document convention {c.id}"
    for p in CONVENTIONS.proxies:
        assert f"`{p.indicator}`" in text, f"docs/method.md does not document proxy {p.indicator}"
