"""infer_metadata on the shipped documents' bodies (their headers hold the answers) and on
short openings of each kind of document."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.documents.formats import read_document
from pipeline.documents.formats.text import split_front_matter
from pipeline.documents.metadata import infer_metadata
from pipeline.documents.metadata.dates import date_candidates


def body_and_header(path: Path) -> tuple[str, dict[str, str]]:
    return split_front_matter(path.read_text(encoding="utf-8"))


# --- the shipped documents -------------------------------------------------------------------

SHIPPED = {
    # id: what the body alone gives, where it differs from the header, and why
    "american_jobs_plan_2021": {
        "published": None,  # the body has no date; the saved page's meta tag has it
        "country": "USA",
        "document_kind": "other",  # "FACT SHEET" is only in the title, not in the body
        "period": None,
    },
    "five_year_plan_12th_targets": {
        "published": None,  # "submitted Saturday": no date in the body
        "country": "CHN",
        "document_kind": "five_year_plan",
        "period": {"start": 2011, "end": 2015},
    },
    "gov_work_report_2018_highlights": {
        # the header says 2018-03-05 (the Monday it was distributed); the body's only date is
        # its crawl line "date 2018-03-06 Beijing"
        "published": "2018-03-06",
        "country": "CHN",
        "document_kind": "annual_government_report",
        "period": {"start": 2018, "end": 2018},
    },
    "new_industrialization_2023": {
        "published": "2023-02-17",
        "country": "CHN",
        "document_kind": "ministerial_article",
        "period": None,
        "title": "Accelerate the promotion of new industrialization",
    },
}


@pytest.mark.parametrize("doc_id", SHIPPED)
def test_shipped_document_bodies(documents: Path, doc_id: str) -> None:
    body, header = body_and_header(documents / f"{doc_id}.txt")
    got = infer_metadata(body)
    want = SHIPPED[doc_id]
    assert got["country"]["value"] == header["country"] == want["country"]
    if want["published"] is not None and want["published"] == header["published"]:
        assert got["published"]["value"] == header["published"]
    assert got["published"]["value"] == want["published"]
    assert got["document_kind"]["value"] == want["document_kind"]
    assert got["period"]["value"] == want["period"]
    if "title" in want:
        assert got["title"]["value"] == want["title"] == header["title"]
    for field in got.values():
        assert field["inferred"] is True
        if field["value"] is not None:
            assert field["evidence"]  # the words it was inferred from


def test_every_found_field_says_which_words(documents: Path) -> None:
    body, _ = body_and_header(documents / "new_industrialization_2023.txt")
    got = infer_metadata(body)
    assert got["published"]["evidence"] == "date 2023-02-17"
    assert "Communist Party" in got["country"]["evidence"]
    assert got["document_kind"]["evidence"].startswith("cue 'Author: Party Secretary and Minister")


def test_hints_fill_what_the_body_lacks(fixtures: Path) -> None:
    page = read_document(fixtures / "american_jobs_plan_2021.html")
    got = infer_metadata(page.text, page)
    assert got["published"]["value"] == "2021-03-31"
    assert got["published"]["source"] == "hint"
    assert "article:published_time" in got["published"]["evidence"]
    assert got["title"]["value"] == "FACT SHEET: The American Jobs Plan"
    assert got["document_kind"]["value"] == "fact_sheet"
    assert got["country"]["value"] == "USA"


def test_a_pdf_dateline_beats_its_creation_date(fixtures: Path) -> None:
    pdf = read_document(fixtures / "gov_work_report_2018_highlights.pdf")
    got = infer_metadata(pdf.text, pdf)
    # the dateline "BEIJING, March 5 (Xinhua)" with the year of the crawl line under it
    # (2018-03-06); the CreationDate (the day the fixture was printed) is not used
    assert got["published"]["value"] == "2018-03-05"
    assert got["published"]["evidence"] == "BEIJING, March 5 (Xinhua)"
    assert got["title"]["value"] == "Highlights of Chinese premier's govt work report"


def test_a_yearless_dateline_takes_the_year_of_the_hint() -> None:
    text = "BEIJING, March 5 (Xinhua) -- China has set its growth target for this year."
    got = infer_metadata(text, {"date": "2018-03-06T08:15:00+05:00"})
    assert got["published"]["value"] == "2018-03-05"
    assert got["published"]["evidence"] == "BEIJING, March 5 (Xinhua) --"
    bare = infer_metadata(text)
    assert bare["published"]["value"] is None
    assert "has no year" in bare["published"]["evidence"]


# --- openings of each kind -------------------------------------------------------------------

BUDGET = (
    "Budget 2023-2024\nSpeech of\nNirmala Sitharaman\nMinister of Finance\nFebruary 1, 2023\n"
    "Hon'ble Speaker,\nI present the Budget for 2023-24. This is the first Budget in Amrit Kaal. "
    "The capital investment outlay is being increased by 33 per cent to ₹ 10 lakh crore."
)
SOTU = (
    "Remarks of President Joe Biden – State of the Union Address As Prepared for Delivery\n"
    "The United States Capitol\nFebruary 7, 2023\n"
    "Mr. Speaker. Madam Vice President. Our First Lady and Second Gentleman. Members of "
    "Congress and the Cabinet. My fellow Americans."
)
XINHUA = (
    "BEIJING, March 5, 2023 (Xinhua) -- China has set its GDP growth target at around 5 percent "
    "for this year, according to a government work report submitted Sunday to the national "
    "legislature. Premier Li Keqiang delivered the Report on the Work of the Government at the "
    "opening of the annual session of the National People's Congress. The country saw GDP grow "
    "3 percent in 2022, the report said, citing figures released on January 17, 2023."
)
NEA = (
    "Guiding Opinions of the National Energy Administration on Energy Work in 2022\n"
    "Issued on 29 March 2022\n"
    "In 2022, the share of non-fossil energy in total energy consumption will rise to about "
    "17.3 percent, and the 14th Five-Year Plan period will see 500 GW of new capacity."
)
EU = (
    "EUROPEAN COMMISSION\nBrussels, 11.12.2019\nCOM(2019) 640 final\n"
    "COMMUNICATION FROM THE COMMISSION TO THE EUROPEAN PARLIAMENT, THE EUROPEAN COUNCIL, THE "
    "COUNCIL, THE EUROPEAN ECONOMIC AND SOCIAL COMMITTEE AND THE COMMITTEE OF THE REGIONS\n"
    "The European Green Deal\n"
    "This Communication sets out a European Green Deal for the European Union (EU) and its "
    "citizens. The EU aims to be climate-neutral by 2050."
)
PLAN_14 = (
    "Outline of the 14th Five-Year Plan for Economic and Social Development\n"
    "During the 14th Five-Year Plan period, China will keep GDP growth within a reasonable range."
)
INDIA_REPORT = (
    "Government of India\nMinistry of Finance\nEconomic Survey 2022-23\n"
    "Issued on 5th March, 2018\nThe economy grew as the Lok Sabha debated the rupee."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            BUDGET,
            {
                "published": "2023-02-01",
                "country": "IND",
                "document_kind": "budget_speech",
                "period": {"start": 2023, "end": 2024},
                "title": "Budget 2023-2024",
            },
        ),
        (
            SOTU,
            {
                "published": "2023-02-07",
                "country": "USA",
                "document_kind": "address",
                "period": None,
            },
        ),
        (
            XINHUA,
            {
                "published": "2023-03-05",
                "country": "CHN",
                "document_kind": "annual_government_report",
                "period": {"start": 2023, "end": 2023},
            },
        ),
        (
            NEA,
            {
                "published": "2022-03-29",
                "country": "CHN",
                "document_kind": "sector_guidance",
                "period": {"start": 2022, "end": 2022},  # the year in its title
                "title": "Guiding Opinions of the National Energy Administration on Energy Work "
                "in 2022",
            },
        ),
        (
            EU,
            {
                "published": "2019-12-11",
                "country": "EUU",
                "document_kind": "other",
                "title": "The European Green Deal",
            },
        ),
        (
            PLAN_14,
            {
                "country": "CHN",
                "document_kind": "five_year_plan",
                "period": {"start": 2021, "end": 2025},
            },
        ),
        (INDIA_REPORT, {"published": "2018-03-05", "country": "IND"}),
    ],
    ids=[
        "budget",
        "state-of-the-union",
        "xinhua",
        "nea-guidance",
        "eu-communication",
        "14th-plan",
        "india-ministry",
    ],
)
def test_openings(text: str, expected: dict) -> None:
    got = infer_metadata(text)
    assert {k: got[k]["value"] for k in expected} == expected
    for key in expected:
        if expected[key] is not None:
            assert got[key]["evidence"]


def test_xinhua_dateline_evidence_and_the_body_date_is_not_taken() -> None:
    got = infer_metadata(XINHUA)
    assert got["published"]["evidence"] == "BEIJING, March 5, 2023 (Xinhua) --"
    assert got["period"]["evidence"] == "an annual report published in 2023"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Issued on 10 April 2021", "2021-04-10"),
        ("July 23, 2019", "2019-07-23"),
        ("2023-02-17", "2023-02-17"),
        ("5th March, 2018", "2018-03-05"),
        ("Sept. 5, 2019", "2019-09-05"),
        ("dated 01.02.2023", "2023-02-01"),
    ],
)
def test_date_patterns(text: str, iso: str) -> None:
    cands = date_candidates(text)
    assert cands and cands[0].when.isoformat() == iso


def test_no_date_is_made_up() -> None:
    text = "The plan runs for five years. It was debated on Monday and adopted in the spring."
    assert infer_metadata(text)["published"]["value"] is None


def test_a_top_date_beats_body_dates() -> None:
    text = (
        "Statement on the economy\nJuly 23, 2019\n"
        + "Growth was strong in the quarter. " * 20
        + "On March 1, 2020 the new rules apply."
    )
    assert infer_metadata(text)["published"]["value"] == "2019-07-23"


def test_country_by_mentions_when_no_issuer() -> None:
    text = (
        "Japan's economy grew 2 percent. Exports from Japan to Germany rose, and "
        "Japanese firms invested more than German ones."
    )
    got = infer_metadata(text)["country"]
    assert got["value"] == "JPN"
    assert got["evidence"].startswith("most mentioned economy")


def test_a_header_is_not_overruled(documents: Path) -> None:
    """With the project's header read as front matter, its date and title stand."""
    doc = read_document(documents / "gov_work_report_2018_highlights.txt")
    got = infer_metadata(doc.text, doc)
    assert got["published"] == {
        "value": "2018-03-05",
        "inferred": False,
        "source": "header",
        "evidence": "front matter published: 2018-03-05",
    }
    assert got["title"]["value"].startswith("Highlights of Chinese premier's govt work report")
    assert got["title"]["inferred"] is False
    assert got["country"]["inferred"] is True  # the header's country is not a hint here
