"""Rule families for documents the extractor has not seen: target lists, bullets, periods,
target types, repeats, and the WDI search behind goals the themes do not know."""

from __future__ import annotations

import pytest

from pipeline.documents import parse_document
from pipeline.extract.deadlines import deadline, target_type
from pipeline.extract.quantities import quantities
from pipeline.extract.segment import Span
from pipeline.extract.semantics import measure_of
from pipeline.link.search import load_index
from tests.support.reading import LinkedReader


@pytest.fixture(scope="module")
def extractor() -> LinkedReader:
    return LinkedReader()


def _doc(body: str, country: str = "CHN", published: str = "2024-03-05"):
    header = f"---\nid: t\ntitle: t\npublished: {published}\ncountry: {country}\n---\n"
    return parse_document((header + body).encode(), "t.txt")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("CPI increase of around 3 percent", "FP.CPI.TOTL.ZG"),
        ("raise the share of the services sector to 60 percent", "NV.SRV.TOTL.ZS"),
        ("forest coverage rate to reach 25 percent", "AG.LND.FRST.ZS"),
        ("average life expectancy to 79 years", "SP.DYN.LE00.IN"),
        ("military spending of 2 percent of GDP", "MS.MIL.XPND.GD.ZS"),
        ("reduce infant mortality to 5 per 1,000 live births", "SP.DYN.IMRT.IN"),
        ("over 12 million new urban jobs", None),  # WDI has no urban jobs series
        ("deepen the reform of state-owned enterprises", None),
    ],
)
def test_wdi_search(text, code):
    match = load_index().best(text)
    assert (match.indicator_code if match else None) == code


def test_target_list_items_are_goals_with_their_numbers(extractor):
    doc = _doc(
        "The main projected targets for development this year are: GDP growth of around "
        "5 percent; over 12 million new urban jobs; a surveyed urban unemployment rate of "
        "around 5.5 percent; a CPI increase of around 3 percent; and energy consumption per "
        "unit of GDP to drop by around 2.5 percent."
    )
    recs = [r for r in extractor.extract(doc) if r.kind == "goal"]
    got = [(r.target_value, r.target_year, r.measure, (r.indicators or [None])[0]) for r in recs]
    assert got == [
        (5.0, 2024, "annual_rate", "NY.GDP.MKTP.KD.ZG"),
        (12e6, 2024, "count", None),
        (5.5, 2024, "level", "SL.UEM.TOTL.ZS"),
        (3.0, 2024, "annual_rate", "FP.CPI.TOTL.ZG"),
        (2.5, 2024, "change", "EG.EGY.PRIM.PP.KD"),
    ]
    assert recs[1].note and "unmeasured" in recs[1].note
    assert recs[4].direction == "decrease"


def test_bullets_are_read_without_their_markers(extractor):
    doc = _doc(
        "Main targets for 2025:\n"
        "-- GDP growth of around 5 percent\n"
        "• Urbanization rate of 65 percent by 2025\n"
    )
    recs = [r for r in extractor.extract(doc) if r.kind == "goal"]
    assert [r.text for r in recs] == [
        "GDP growth of around 5 percent",
        "Urbanization rate of 65 percent by 2025",
    ]
    assert recs[1].indicators[0] == "SP.URB.TOTL.IN.ZS"


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("keep prices stable this year", 2024),
        ("double output over the next decade", 2034),
        ("complete the reform in 2026", 2026),
        ("it grew in 2019", None),  # a year before publication is not a deadline
        ("by the end of the 14th Five-Year Plan period", 2025),
        ("invest about $2 trillion this decade", 2030),  # written in 2024: 2021-2030
    ],
)
def test_periods(text, year):
    assert deadline(text, 2024) == year


@pytest.mark.parametrize(
    ("text", "kind", "measure"),
    [
        ("GDP growth of around 5 percent", "growth_rate", "annual_rate"),
        ("R&D spending to grow by more than 7% a year", "growth_rate", "annual_rate"),
        ("GDP to grow by 7 percent annually on average", "growth_rate", "average_rate"),
        ("energy consumption per unit of GDP to drop by around 2.5 percent", "change", "change"),
        ("an unemployment rate of around 5.5 percent", "level", "level"),
        ("life span per person to increase by one year", "change", "change"),
        ("will double federal funding for public transit", "change", "multiple"),
        ("create over 11 million new urban jobs", "level", "count"),
    ],
)
def test_target_types_and_measures(text, kind, measure):
    every = quantities(text, Span(0, len(text)))
    (q,) = ([q for q in every if q.unit != "years"] or every)[:1]
    assert target_type(text, q, 0) == kind
    assert measure_of(text, q, 0, None) == measure


def test_a_goal_targets_the_end_of_from_to_and_keeps_its_stated_base(extractor):
    doc = _doc(
        "The number of gigabit broadband users is expected to jump from 6.4 million in 2020 to "
        "60 million in 2025. Services to account for 56 percent of GDP by 2025, up from 50.5 "
        "percent in 2020."
    )
    users, services = extractor.extract(doc)
    assert (users.target_value, users.base_value, users.base_year) == (60e6, 6.4e6, 2020)
    assert (users.target_year, users.period_start, users.period_end) == (2025, 2021, 2025)
    assert (services.target_value, services.base_value, services.base_year) == (56, 50.5, 2020)


def test_a_plans_yearly_rate_is_an_average_over_its_period(extractor):
    doc = _doc(
        "The 12th Five-Year Plan (2011-2015) sets these targets: GDP to grow by 7 percent "
        "annually on average; CPI increase kept at around 3 percent.",
        published="2011-03-05",
    )
    gdp, cpi = [r for r in extractor.extract(doc) if r.kind == "goal"]
    assert (gdp.measure, gdp.period_start, gdp.period_end) == ("average_rate", 2011, 2015)
    assert (cpi.comparator_wording, cpi.target_year) == ("around", 2015)


def test_ranges_and_per_year_units():
    text = "inflation between 2 and 3 percent; spending up 7 percent a year"
    q1, q2 = quantities(text, Span(0, len(text)))
    assert (q1.low, q1.value, q1.comparator) == (2.0, 3.0, "between")
    assert q2.unit == "percent per year"


def test_a_repeated_goal_becomes_context_pointing_at_the_first(extractor):
    doc = _doc(
        "We must accelerate the promotion of new industrialization.\n"
        "It is necessary to accelerate the promotion of new industrialization.\n"
    )
    first, second = extractor.extract(doc)
    assert first.kind == "goal"
    assert second.kind == "context" and second.note == f"repeats {first.goal_id}"


def test_a_short_imperative_opening_a_paragraph_is_its_heading(extractor):
    doc = _doc(
        "Repair American roads and bridges. The plan will modernize 20,000 miles of highways."
    )
    lead, body = extractor.extract(doc)
    assert lead.kind == "context" and "lead" in lead.note
    assert body.kind == "goal" and body.target_value == 20000


def test_comparisons_without_a_number_are_unverifiable_claims(extractor):
    doc = _doc("Our nation is falling behind its biggest competitors on research and development.")
    (rec,) = extractor.extract(doc)
    assert (rec.kind, rec.direction, rec.target_value) == ("claim", "threshold", None)
    assert "no number" in rec.note


def test_items_separated_by_commas_are_split_even_when_short(extractor):
    doc = _doc("The plan will revitalize manufacturing, secure supply chains, and invest in R&D.")
    themes = [r.theme for r in extractor.extract(doc) if r.kind == "goal"]
    assert "supply_chain_security" in themes and "innovation_rd" in themes


def test_worlds_largest_takes_its_subject_from_what_follows(extractor):
    doc = _doc(
        "Incomes outpaced economic growth, creating the world's largest middle-income group."
    )
    (rec,) = [r for r in extractor.extract(doc) if r.direction == "rank"]
    assert rec.theme is None and rec.indicators == []
    doc = _doc("China has become the world's largest exporter of goods and services.")
    (rec,) = [r for r in extractor.extract(doc) if r.direction == "rank"]
    assert rec.theme == "exports"


def test_a_restated_number_is_one_commitment(extractor):
    """A fact sheet says its headline items in a summary and again in their section."""
    doc = _doc(
        "The President's plan will modernize 20,000 miles of highways, roads, and main-streets. "
        "It will fix the ten most economically significant bridges in the country.\n"
        "Repair roads and bridges. His plan will modernize 20,000 miles of highways, roads. "
        "It will fix the most economically significant large bridges in the country. "
        "It will modernize 5,000 miles of rail.",
        country="USA",
    )
    goals = [r for r in extractor.extract(doc) if r.kind == "goal"]
    assert [r.target_value for r in goals] == [20000, 10, 5000]


def test_multiples_are_changes_from_the_base(extractor):
    doc = _doc("This investment will double federal funding for public transit.", country="USA")
    (rec,) = extractor.extract(doc)
    assert (rec.direction, rec.target_value, rec.target_unit) == ("increase", 2.0, "times")
    assert rec.measure == "multiple"


def test_years_are_a_target_only_when_nothing_else_is(extractor):
    doc = _doc(
        "It will be fully paid for within the next 15 years. "
        "Life span per person to increase by one year. "
        "Raise the urbanization rate to 60 percent within the next 5 years.",
        country="USA",
        published="2021-03-31",
    )
    paid, life, urban = extractor.extract(doc)
    assert (paid.target_value, paid.target_unit, paid.comparator) == (15, "years", "<=")
    assert (paid.direction, paid.target_year) == ("achieve", 2036)
    assert (life.target_value, life.target_unit, life.direction) == (1, "years", "increase")
    assert (urban.target_value, urban.target_unit, urban.target_year) == (60, "%", 2026)


def test_money_committed_is_funding_and_a_sub_allocation_a_means(extractor):
    doc = _doc(
        "The plan invests an additional $621 billion in transportation infrastructure. "
        "This includes $25 billion for a dedicated fund to support ambitious projects. "
        "GDP to go from 67.7 trillion yuan last year to more than 92.7 trillion yuan in 2020.",
        country="USA",
    )
    total, part, gdp = extractor.extract(doc)
    assert (total.kind, total.target_value, total.target_unit) == ("funding", 621e9, "US$")
    assert part.kind == "context" and "part of the amount" in part.note
    assert (gdp.kind, gdp.target_value, gdp.base_value) == ("goal", 92.7e12, 67.7e12)


def test_spending_a_share_of_gdp_raises_it(extractor):
    doc = _doc("It will invest about 1 percent of GDP per year over eight years.", country="USA")
    (rec,) = extractor.extract(doc)
    assert (rec.kind, rec.direction, rec.target_value) == ("goal", "increase", 1.0)


def test_a_part_opening_with_of_stays_with_the_number_before_it(extractor):
    doc = _doc(
        "One in five miles, or 173,000 total miles, of our highways and major roads are in "
        "poor condition, as well as 45,000 bridges.",
        country="USA",
    )
    claims = [r for r in extractor.extract(doc) if r.kind == "claim"]
    assert [r.target_value for r in claims] == [173000, 45000]
    assert "highways" in claims[0].text
