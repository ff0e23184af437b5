"""read_document on each format, and the files it must refuse with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.documents.errors import DocumentError as UnreadableDocument
from pipeline.documents.formats import read_document
from pipeline.documents.formats.hyphens import Hyphenation, join_two
from pipeline.documents.formats.text import plain_text


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- txt -------------------------------------------------------------------------------------


def test_txt_front_matter_becomes_hints(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "doc.txt",
        "---\nid: x\ntitle: A plan\npublished: 2021-03-31\n---\n"
        "First paragraph.\n\nSecond paragraph.\n",
    )
    doc = read_document(path)
    assert doc.format == "txt"
    assert doc.text == "First paragraph.\nSecond paragraph."
    assert doc.title_hint == "A plan"
    assert str(doc.date_hint) == "2021-03-31 (front matter published)"
    assert doc.pages is None


def test_txt_hard_wrapped_paragraphs_are_joined() -> None:
    body = (
        "The plan will modernize 20,000 miles of highways, roads and main\n"
        "streets and will fix the ten most economically significant brid-\n"
        "ges in the country in need of reconstruction, and repair the worst\n"
        "of the smaller ones, providing critical linkages to all communi-\n"
        "ties.\n\n"
        "- A list item stays a line\n"
        "- and so does the next\n"
    )
    text = plain_text(body)
    assert text.split("\n")[0] == (
        "The plan will modernize 20,000 miles of highways, roads and main streets and will fix "
        "the ten most economically significant bridges in the country in need of "
        "reconstruction, and repair the worst of the smaller ones, providing critical linkages "
        "to all communities."
    )
    assert text.split("\n")[1:] == ["- A list item stays a line", "- and so does the next"]


def test_txt_lines_of_a_list_without_blank_lines_stay(documents: Path) -> None:
    doc = read_document(documents / "five_year_plan_12th_targets.txt")
    assert "-- GDP to grow by 7 percent annually on average;" in doc.text.split("\n")
    assert "Economic targets" in doc.text.split("\n")


def test_txt_windows_1252_is_decoded_with_a_warning(tmp_path: Path) -> None:
    raw = "Caf\xe9 \u201cquoted\u201d goal of 5 percent.".encode("cp1252")
    path = write(tmp_path, "cp.txt", raw)
    doc = read_document(path)
    assert doc.text == "Café “quoted” goal of 5 percent."
    assert doc.warnings and "cp1252" in doc.warnings[0]


def test_txt_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.txt", "GDP growth of around 6.5 percent".encode("utf-16"))
    assert read_document(path).text == "GDP growth of around 6.5 percent"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("latin.txt", b"\x81\x8d\x8f\x90\x9d abc \x81", "not UTF-8"),
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"\n\n   \n", "no text"),
        ("memo.docx", b"PK\x03\x04", "unknown kind of file '.docx'"),
        ("noext", b"text", "unknown kind of file"),
        ("renamed.txt", b"%PDF-1.7\n...", "a PDF named .txt"),
    ],
)
def test_unreadable_text_files(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(UnreadableDocument) as err:
        read_document(path)
    assert reason in err.value.reason
    assert err.value.path == str(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="no such file"):
        read_document(tmp_path / "nope.pdf")


# --- md --------------------------------------------------------------------------------------

MARKDOWN = """---
title: Union Budget 2023-24 highlights
date: 2023-02-01
---
# Budget 2023-2024: *Highlights*

The **capital investment** outlay is increased by 33 per cent to
[₹ 10 lakh crore](https://www.indiabudget.gov.in), 3.3 per cent of GDP.

## Priorities

* Inclusive development
* Reaching the last mile
  1. Green growth
  2. Youth power

| Item | 2022-23 | 2023-24 |
|------|--------:|--------:|
| Fiscal deficit (% of GDP) | 6.4 | 5.9 |

> "Amrit Kaal"

Line one
line two, ![a chart](chart.png) and `code`.
<div class="note">An <b>HTML</b> note.</div>
"""


def test_markdown_markup_is_stripped_and_lines_kept(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "budget.md", MARKDOWN))
    assert doc.format == "md"
    assert doc.text.split("\n") == [
        "Budget 2023-2024: Highlights",
        "The capital investment outlay is increased by 33 per cent to ₹ 10 lakh crore, "
        "3.3 per cent of GDP.",
        "Priorities",
        "- Inclusive development",
        "- Reaching the last mile",
        "1. Green growth",
        "2. Youth power",
        "Item\t2022-23\t2023-24",
        "Fiscal deficit (% of GDP)\t6.4\t5.9",
        '"Amrit Kaal"',
        "Line one line two, a chart and code.",
        "An HTML note.",
    ]
    assert doc.title_hint == "Union Budget 2023-24 highlights"
    assert doc.date_hint is not None and doc.date_hint.value == "2023-02-01"


def test_markdown_title_hint_from_the_first_heading(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "a.md", "Intro line\n\n# The *Real* Title\n\nText.\n"))
    assert doc.title_hint == "The Real Title"


# --- html ------------------------------------------------------------------------------------


def test_html_hints(fixtures: Path) -> None:
    doc = read_document(fixtures / "american_jobs_plan_2021.html")
    assert doc.format == "html"
    assert doc.title_hint == "FACT SHEET: The American Jobs Plan"
    assert doc.date_hint is not None
    assert doc.date_hint.value == "2021-03-31T17:41:00-04:00"
    assert doc.date_hint.source == "html meta article:published_time"
    assert doc.text.startswith("FACT SHEET: The American Jobs Plan\nWhile the American Rescue")
    assert "\nBUILD WORLD-CLASS TRANSPORTATION INFRASTRUCTURE" in doc.text
    assert "\n- Repair American roads and bridges. One in five miles" in doc.text


def test_html_div_soup_page_reads_the_same(fixtures: Path) -> None:
    """The second page has no HTML5 sections (an older theme's divs)."""
    doc = read_document(fixtures / "gov_work_report_2018_highlights.html")
    assert doc.text.split("\n")[:2] == [
        "Highlights of Chinese premier's govt work report",
        "date 2018-03-06 Beijing",
    ]


def test_html_table_rows_become_tab_separated_lines(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Targets</title></head><body><article><h1>Energy targets</h1>"
        + "".join(
            f"<p>The plan sets target number {i} for the power sector this decade.</p>"
            for i in range(4)
        )
        + "<table><tr><th>Year</th><th>Capacity</th></tr><tr><td>2030</td><td>500 GW</td></tr>"
        "</table></article></body></html>"
    )
    doc = read_document(write(tmp_path, "t.html", page))
    assert "Year\tCapacity" in doc.text.split("\n")
    assert "2030\t500 GW" in doc.text.split("\n")


def test_html_meta_charset_latin1(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="iso-8859-1"><title>T</title></head><body><article>'
        + "".join(
            f"<p>Le caf\xe9 est la politique publique num\xe9ro {i}, tr\xe8s importante "
            "pour nous tous.</p>"
            for i in range(4)
        )
        + "</article></body></html>"
    )
    doc = read_document(write(tmp_path, "fr.html", page.encode("latin-1")))
    assert "café" in doc.text
    assert "iso-8859-1" in doc.warnings[0]


def test_html_without_main_text(fixtures: Path) -> None:
    with pytest.raises(UnreadableDocument, match="no main text"):
        read_document(fixtures / "nav_only.html")


# --- pdf -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pages"),
    [
        ("american_jobs_plan_2021.pdf", 4),
        ("american_jobs_plan_2021_2col.pdf", 3),
        ("american_jobs_plan_2021_header.pdf", 5),
        ("gov_work_report_2018_highlights.pdf", 1),
    ],
)
def test_pdf_pages_and_hints(fixtures: Path, name: str, pages: int) -> None:
    doc = read_document(fixtures / name)
    assert doc.format == "pdf"
    assert doc.pages == pages
    assert doc.title_hint in (
        "FACT SHEET: The American Jobs Plan",
        "Highlights of Chinese premier's govt work report",
    )
    assert doc.date_hint is not None and doc.date_hint.source == "pdf metadata CreationDate"
    assert doc.warnings == []


def test_scanned_pdf(fixtures: Path) -> None:
    with pytest.raises(UnreadableDocument) as err:
        read_document(fixtures / "scanned.pdf")
    assert err.value.reason == (
        "no text layer: a scanned PDF needs OCR, which this product does not do"
    )


def test_encrypted_pdf(fixtures: Path) -> None:
    with pytest.raises(UnreadableDocument, match="encrypted: the PDF needs a password"):
        read_document(fixtures / "encrypted.pdf")


def test_truncated_pdf(fixtures: Path, tmp_path: Path) -> None:
    raw = (fixtures / "gov_work_report_2018_highlights.pdf").read_bytes()
    with pytest.raises(UnreadableDocument, match="corrupt"):
        read_document(write(tmp_path, "cut.pdf", raw[:3000]))


def test_not_a_pdf(tmp_path: Path) -> None:
    with pytest.raises(UnreadableDocument, match="not a PDF"):
        read_document(write(tmp_path, "fake.pdf", b"<html>oops</html>"))


# --- joining lines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("our infra-", "structure is", "our infrastructure is"),
        ("provid-", "ing links", "providing links"),
        ("inland water-", "ways, ports", "inland waterways, ports"),
        ("affordable, high-", "speed broadband", "affordable, high-speed broadband"),
        ("in supply-", "side reform", "in supply-side reform"),
        ("shipped on U.S.-", "flag vessels", "shipped on U.S.-flag vessels"),
        ("the COVID-", "19 pandemic", "the COVID-19 pandemic"),
        ("Inter\u00ad", "national", "International"),
        ("risk.—", "Xinhua", "risk.—Xinhua"),
        ("rates –", "China", "rates – China"),
        ("plain", "line", "plain line"),
    ],
)
def test_join_two(left: str, right: str, joined: str) -> None:
    assert join_two(left, right, Hyphenation(vocabulary=set())) == joined


def test_a_document_that_never_splits_words_keeps_its_hyphens() -> None:
    lines = ["the plan prioritizes long-", "standing injustice and socio-", "economic gaps"]
    h = Hyphenation.of(lines)
    assert not h.splits_words
    joined = join_two(lines[0], lines[1], h)
    assert joined == "the plan prioritizes long-standing injustice and socio-"


def test_html_label_lines_go_and_text_that_starts_alike_stays(tmp_path: Path) -> None:
    paragraphs = [
        "Share of non-fossil energy in total consumption will reach 20 percent by 2025.",
        "Read more: Five things to know about the plan",
        "Advertisement",
        "Related: What the budget means for you",
        "Related measures will strengthen the grid and cut losses in transmission by half.",
        "Share this article",
        "The plan sets ten further targets for the power sector in the coming decade.",
    ]
    page = (
        "<html><head><title>Plan</title></head><body><article><h1>Plan</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    text = read_document(write(tmp_path, "p.html", page)).text.split("\n")
    assert text == ["Plan", paragraphs[0], paragraphs[4], paragraphs[6]]


def test_a_scanned_page_inside_a_text_pdf_is_left_out_with_a_warning(
    fixtures: Path, tmp_path: Path
) -> None:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter()
    writer.append(fixtures / "gov_work_report_2018_highlights.pdf")
    writer.append(fixtures / "scanned.pdf", pages=(0, 1))
    mixed = tmp_path / "mixed.pdf"
    with mixed.open("wb") as fh:
        writer.write(fh)
    doc = read_document(mixed)
    assert doc.pages == 2
    assert doc.warnings == ["page(s) 2 have no text layer (scanned?): left out"]
    assert "- CPI increase of around 3 percent" in doc.text.split("\n")
