"""The text layer of a PDF (pdfminer.six layout analysis): pages and columns in reading order,
running headers, footers and page numbers removed, words broken at a line end re-joined,
paragraphs wrapped over lines, boxes, columns and pages joined, drawn bullets kept as "- "."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.documents.errors import DocumentError
from pipeline.documents.formats import DateHint, Extracted
from pipeline.documents.formats.furniture import drop_running_lines
from pipeline.documents.formats.html import _key as key_of
from pipeline.documents.formats.hyphens import HYPHENS, Hyphenation, join_two
from pipeline.documents.formats.text import BULLET, SENTENCE_END, clean_line

# A wider char_margin than pdfminer's 2.0 keeps a justified line with wide word gaps as one
# line; 4.0 still keeps apart columns with a gutter of 6 mm at 10 pt (compare_libs.py).
LAYOUT: dict[str, Any] = {
    "char_margin": 4.0,
    "line_margin": 0.5,
    "word_margin": 0.1,
    "boxes_flow": -0.5,
    "all_texts": True,
}
MIN_COLUMN_BOXES = 10  # boxes that start at one x before it counts as a column
BAD_TITLE = re.compile(  # what tools put in a PDF's Title when nobody set one
    r"^(?:untitled|microsoft \w+ - |document\d*$)|\.(?:docx?|html?|pdf|txt|indd)$", re.IGNORECASE
)


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float  # from the top of the page
    bottom: float
    size: float
    bold: float  # the share of its characters in a bold font
    bullet: bool = False  # a list bullet drawn as a shape before it
    indent: float = 0.0  # from the left edge of its column


@dataclass
class _Box:
    lines: list[_Line]
    x0: float
    x1: float
    top: float
    bottom: float
    page: int

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def read_pdf(raw: bytes, path: Path | str) -> Extracted:
    if not raw.startswith(b"%PDF-"):
        raise DocumentError(path, "not a PDF (it does not start with %PDF-): corrupt or misnamed")
    info = _pdf_info(raw, path)
    pages = _pdf_pages(raw, path)
    warnings = _check_text_layer(pages, path)
    title_meta: str | None = info.get("Title")
    if title_meta and BAD_TITLE.search(title_meta.strip()):
        title_meta = None
    drop_running_lines(pages, title_meta)
    _set_indents([b for p in pages for b in p.boxes])
    boxes = [b for p in pages for b in p.boxes if b.lines]
    body_size = _median([line.size for b in boxes for line in b.lines]) or 10.0
    hyphenation = Hyphenation.of([line.text for b in boxes for line in b.lines])
    text = "\n".join(p for p in _paragraphs(boxes, hyphenation) if p)
    title, title_source = _title(_first_heading(pages, body_size), title_meta)
    date_hint = None
    if info.get("CreationDate"):
        date_hint = DateHint(_pdf_date(info["CreationDate"]), "pdf metadata CreationDate")
    return Extracted(
        text=text,
        format="pdf",
        pages=len(pages),
        title_hint=title,
        date_hint=date_hint,
        warnings=warnings,
        title_source=title_source,
    )


def _check_text_layer(pages: list[_Page], path: Path | str) -> list[str]:
    """Refuse a PDF with no usable text layer; warn of scanned pages in a readable one."""
    n_chars = sum(len(b.text.replace(" ", "")) for p in pages for b in p.boxes)
    if n_chars == 0 or n_chars < 20 * len(pages) and any(p.images for p in pages):
        if any(p.images for p in pages):
            raise DocumentError(
                path, "no text layer: a scanned PDF needs OCR, which this product does not do"
            )
        raise DocumentError(path, "no text: the PDF's pages hold no text layer")
    unmapped = sum(
        len(m) for p in pages for b in p.boxes for m in re.findall(r"\(cid:\d+\)", b.text)
    )
    if unmapped > 0.05 * n_chars:
        raise DocumentError(
            path,
            "the PDF's fonts have no Unicode mapping, so its text comes out as glyph numbers; "
            "it would need OCR, which this product does not do",
        )
    scanned = [str(p.number) for p in pages if p.images and sum(len(b.text) for b in p.boxes) < 20]
    if scanned:
        return [f"page(s) {', '.join(scanned)} have no text layer (scanned?): left out"]
    return []


def _set_indents(everything: list[_Box]) -> None:
    """Each line's indent from the left edge of its column (the same column on any page)."""
    for box in everything:
        width = box.x1 - box.x0
        column = [
            o.x0
            for o in everything
            if o.x0 < box.x1 and box.x0 < o.x1 and o.x1 - o.x0 <= 1.3 * width
        ]
        for line in box.lines:
            line.indent = line.x0 - min(column)


def _title(heading: str | None, title_meta: str | None) -> tuple[str | None, str | None]:
    if heading and title_meta and key_of(title_meta).startswith(key_of(heading)):
        return heading, "pdf first heading (= metadata Title, less the site)"
    if title_meta:
        return title_meta, "pdf metadata Title"
    return heading, "pdf first heading" if heading else None


def _pdf_info(raw: bytes, path: Path | str) -> dict[str, str]:
    """The document information dictionary; raises for encrypted and broken files."""
    import io

    from pdfminer.pdfdocument import (
        PDFDocument,
        PDFEncryptionError,
        PDFPasswordIncorrect,
    )
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSException
    from pdfminer.utils import decode_text

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(raw)), password="")
    except PDFPasswordIncorrect as exc:
        raise DocumentError(
            path, "encrypted: the PDF needs a password to open; ask for an unprotected copy"
        ) from exc
    except PDFEncryptionError as exc:
        raise DocumentError(path, f"encrypted in a way that cannot be opened ({exc})") from exc
    except (PSException, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise DocumentError(
            path, f"corrupt or truncated PDF ({type(exc).__name__}: {exc})"
        ) from exc
    info: dict[str, str] = {}
    for entry in doc.info:
        for key, value in resolve1(entry).items():
            value = resolve1(value)
            if isinstance(value, bytes):
                value = decode_text(value)
            if isinstance(value, str) and value.strip():
                info[key] = value.strip()
    return info


@dataclass
class _Page:
    number: int
    height: float
    boxes: list[_Box]
    images: int


def _pdf_pages(raw: bytes, path: Path | str) -> list[_Page]:
    import io

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.psparser import PSException

    pages: list[_Page] = []
    try:
        for number, layout in enumerate(
            extract_pages(io.BytesIO(raw), laparams=LAParams(**LAYOUT)), start=1
        ):
            page = _Page(number, layout.height, [], 0)
            marks: list[tuple[float, float, float]] = []
            _collect(layout, page, marks)
            for box in page.boxes:
                for line in box.lines:
                    line.bullet = _has_bullet_mark(line, marks)
            pages.append(page)
    except PDFPasswordIncorrect as exc:
        raise DocumentError(path, "encrypted: the PDF needs a password to open") from exc
    except (
        PSException,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
    ) as exc:
        raise DocumentError(
            path, f"corrupt or truncated PDF ({type(exc).__name__}: {exc})"
        ) from exc
    if not pages:
        raise DocumentError(path, "corrupt PDF: no pages")
    return pages


def _collect(
    container: Iterable[Any], page: _Page, marks: list[tuple[float, float, float]]
) -> None:
    """Text boxes, images and small shapes (list bullets drawn as discs) of a pdfminer layout;
    positions measured from the top of the page."""
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTTextBox, LTTextLine

    height = page.height
    for obj in container:
        if isinstance(obj, LTTextBox):
            lines = []
            for line in obj:
                text = clean_line(line.get_text()) if isinstance(line, LTTextLine) else ""
                if not text:
                    continue
                chars = [c for c in line if isinstance(c, LTChar)]
                size = _median([c.size for c in chars]) or 0.0
                bold = sum("bold" in c.fontname.lower() for c in chars) / max(1, len(chars))
                lines.append(
                    _Line(text, line.x0, line.x1, height - line.y1, height - line.y0, size, bold)
                )
            lines = _merge_same_baseline(lines)
            if lines:
                page.boxes.append(
                    _Box(lines, obj.x0, obj.x1, height - obj.y1, height - obj.y0, page.number)
                )
        elif isinstance(obj, LTImage):
            page.images += 1
        elif isinstance(obj, LTFigure):
            _collect(obj, page, marks)
        elif isinstance(obj, LTCurve) and 1.5 <= obj.width <= 8 and 1.5 <= obj.height <= 8:
            marks.append((obj.x1, height - obj.y1, height - obj.y0))


def _has_bullet_mark(line: _Line, marks: list[tuple[float, float, float]]) -> bool:
    """A small shape just left of the line, at its height: a list bullet drawn, not typed."""
    return any(
        x1 <= line.x0 + 1 and line.x0 - x1 < 25 and line.top <= (top + bottom) / 2 <= line.bottom
        for x1, top, bottom in marks
    )


def _merge_same_baseline(lines: list[_Line]) -> list[_Line]:
    """One line from the pieces pdfminer makes of a justified line with wide word gaps."""
    out: list[_Line] = []
    for line in sorted(lines, key=lambda ln: (round(ln.bottom), ln.x0)):
        last = out[-1] if out else None
        if last is not None and abs(last.bottom - line.bottom) < 1.5 and line.x0 >= last.x1 - 1:
            n, m = len(last.text), len(line.text)
            out[-1] = _Line(
                f"{last.text} {line.text}",
                last.x0,
                line.x1,
                min(last.top, line.top),
                max(last.bottom, line.bottom),
                max(last.size, line.size),
                (last.bold * n + line.bold * m) / (n + m),
            )
        else:
            out.append(line)
    return out


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _paragraphs(boxes: list[_Box], hyphenation: Hyphenation) -> list[str]:
    """Lines to paragraphs: a box's lines are one paragraph unless a list item, a change of
    font, or a short line that ends a sentence starts a new one; a paragraph that breaks off
    without a sentence end goes on in the next box (next column or page)."""
    paras: list[list[_Line]] = []
    continues = False  # may the last paragraph go on in the next box?
    continues_any_case = False  # ... even with a capital (it broke off at a full line)
    column_right = _column_edges(boxes)
    for box in boxes:
        right = max(line.x1 for line in box.lines)
        width = right - box.x0 or 1.0
        for i, line in enumerate(box.lines):
            if BULLET.match(line.text) and not line.text.startswith(("-", "(")):
                line.text = re.sub(r"^[•◦▪▫‣⁃●○■□]\s*", "- ", line.text)
            if line.bullet:
                line.text = f"- {line.text}"
            starts_item = line.bullet or bool(BULLET.match(line.text))
            if starts_item and i > 0 and line.text[:1] in "-–—" and not line.bullet:
                # "inadequate" / "– the Department ...": a dash that goes on with a sentence
                # broken off at a full line is no list marker
                prev = box.lines[i - 1]
                full = prev.x1 >= right - 0.12 * width
                starts_item = not full or prev.text.endswith((*SENTENCE_END, ":"))
            if i == 0:
                if (
                    paras
                    and not starts_item
                    and _goes_on(paras[-1], line, box, continues, continues_any_case)
                ):
                    paras[-1].append(line)
                else:
                    paras.append([line])
                continue
            prev = box.lines[i - 1]
            short = prev.x1 < right - 0.12 * width
            em = 0.8 * (line.size or 10.0)
            in_item = paras[-1][0].text.startswith("- ") or bool(BULLET.match(paras[-1][0].text))
            new = (
                starts_item
                or not _same_font(prev, line)
                or (short and prev.text.endswith(SENTENCE_END) and not line.text[:1].islower())
                or (short and prev.bold > 0.9 and line.bold < 0.1)  # a bold run-in heading
                # a first line indented, paragraphs without space between them
                or (line.x0 > prev.x0 + em and prev.text.endswith(SENTENCE_END) and not in_item)
                # back to the margin after a list item's hanging indent
                or (line.x0 < prev.x0 - em and in_item)
            )
            if new:
                paras.append([line])
            else:
                paras[-1].append(line)
        continues, continues_any_case = _box_end(box, right, width, column_right)
    out = []
    for para in paras:
        text = para[0].text
        for line in para[1:]:
            text = join_two(text, line.text, hyphenation)
        out.append(text)
    return out


def _box_end(
    box: _Box, right: float, width: float, column_right: dict[int, float]
) -> tuple[bool, bool]:
    """Whether the paragraph a box ends with may go on in the next box, and whether even with
    a capital (it broke off at a full line). A box of one line (wide line spacing) is full
    when it reaches its column's right edge."""
    last = box.lines[-1]
    full = last.x1 >= right - 0.12 * width and len(box.lines) > 1
    if len(box.lines) == 1:
        edge = column_right.get(_column_of(box))
        full = edge is not None and last.x1 >= edge - 0.12 * max(edge - box.x0, 1.0)
    continues = not last.text.endswith(SENTENCE_END)
    return continues, continues and full


def _column_of(box: _Box) -> int:
    return round(box.x0 / 20)


def _column_edges(boxes: list[_Box]) -> dict[int, float]:
    """The right edge of each column, by where its boxes start: the widest line of the boxes
    that start there (a justified column's full lines reach it). A start few boxes share (a
    centred title, a heading) is no column."""
    edges: dict[int, float] = {}
    counts: Counter[int] = Counter()
    for box in boxes:
        col = _column_of(box)
        counts[col] += 1
        edges[col] = max(edges.get(col, 0.0), max(line.x1 for line in box.lines))
    return {col: edge for col, edge in edges.items() if counts[col] >= MIN_COLUMN_BOXES}


def _goes_on(
    para: list[_Line], line: _Line, box: _Box, continues: bool, continues_any_case: bool
) -> bool:
    """Does the paragraph that ended the last box go on with the first line of this one?"""
    prev = para[-1]
    if not _same_font(prev, line) or (line.bold > 0.9 and prev.bold < 0.1):
        return False  # another size, or a bold heading after plain text
    if continues and (
        line.text[:1].islower() or prev.text.endswith((",", *HYPHENS)) or continues_any_case
    ):
        return True
    # a list item goes on in the next column or on the next page at its hanging indent
    first = para[0]
    if not (first.text.startswith("- ") or BULLET.match(first.text)):
        return False
    if len(para) > 1 or first.bullet:  # the indent of its lines after a typed bullet, or all
        return abs(line.indent - para[-1].indent) < 2
    em = first.size or 10.0
    return first.indent + 2 < line.indent <= first.indent + 3 * em  # after a typed bullet


def _same_font(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) <= 0.6


def _first_heading(pages: list[_Page], body_size: float) -> str | None:
    """The largest text on the first page with text, if larger than the body text."""
    for page in pages:
        lines = [(line.size, b) for b in page.boxes for line in b.lines[:1]]
        if not lines:
            continue
        size, box = max(lines, key=lambda t: t[0])
        if size >= body_size * 1.2:
            return " ".join(line.text for line in box.lines if line.size >= body_size * 1.2)
        return None
    return None


def _pdf_date(value: str) -> str:
    """'D:20210331174100-04'00'' to '2021-03-31T17:41:00-04:00' (as much as is there)."""
    m = re.match(
        r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(Z|[+-]\d{2}'?\d{2}'?)?", value.strip()
    )
    if not m:
        return value
    y, mo, d, h, mi, s, tz = m.groups()
    out = y + (f"-{mo}" if mo else "") + (f"-{d}" if mo and d else "")
    if d and h:
        out += f"T{h}:{mi or '00'}:{s or '00'}"
        if tz == "Z":
            out += "+00:00"
        elif tz:
            digits = tz.replace("'", "")
            out += f"{digits[:3]}:{digits[3:5]}"
    return out
