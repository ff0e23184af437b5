"""Read a policy document as its publisher put it out: .txt, .md, .html or .pdf, to plain text.

The text has one paragraph, heading or list item per line (list items start with "- " or their
own marker), no markup. Libraries do the parsing: markdown-it-py for Markdown, trafilatura for
the main text of a web page, pdfminer.six for the text layer of a PDF and its layout (columns,
text boxes, positions). What this module adds is the cleaning those libraries leave to the
caller: front matter, running headers and footers, page numbers, words hyphenated at a line end,
paragraphs wrapped over lines, columns and pages; list bullets a PDF draws as shapes.

Anything that cannot be read raises ``DocumentError`` with a reason a user can act on. The
modules: ``text`` (bytes to text, plain text and Markdown), ``hyphens`` (words broken at a line
end), ``html`` (trafilatura), ``pdf`` (pdfminer.six).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.documents.errors import DocumentError

Format = Literal["txt", "md", "html", "pdf"]

MAX_TEXT_BYTES = 10_000_000  # a policy document is tens of kilobytes of text
MAX_PDF_BYTES = 100_000_000
EXTENSIONS: dict[str, Format] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
}


@dataclass(frozen=True)
class DateHint:
    """A date found in the file's metadata (not in its text), and where it was found."""

    value: str  # as written there, e.g. "2021-03-31T17:41:00-04:00"
    source: str  # e.g. "html meta article:published_time", "pdf metadata CreationDate"

    def __str__(self) -> str:
        return f"{self.value} ({self.source})"


@dataclass
class Extracted:
    text: str
    format: Format
    pages: int | None = None
    title_hint: str | None = None
    date_hint: DateHint | None = None
    warnings: list[str] = field(default_factory=list)
    title_source: str | None = None  # where title_hint was found


def kind_of(path: Path | str) -> Format:
    """The format a file's name says, or DocumentError naming the ones that are read."""
    suffix = Path(path).suffix.lower()
    kind = EXTENSIONS.get(suffix)
    if kind is None:
        raise DocumentError(
            path,
            f"unknown kind of file {suffix or '(no extension)'!r}: "
            "documents are read from .txt, .md, .html or .pdf files",
        )
    return kind


def read_document(path: Path | str) -> Extracted:
    """Read one document file to plain text; raise DocumentError when it cannot be read."""
    path = Path(path)
    if not path.is_file():
        raise DocumentError(path, "no such file")
    kind = kind_of(path)
    size = path.stat().st_size
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_TEXT_BYTES
    if size > limit:
        raise DocumentError(path, f"too large ({size:,} bytes; the limit is {limit:,})")
    return read_bytes(path.read_bytes(), path, kind)


def read_bytes(raw: bytes, path: Path | str, kind: Format) -> Extracted:
    """The text of a document's bytes, read as ``kind``."""
    from pipeline.documents.formats.html import read_html
    from pipeline.documents.formats.pdf import read_pdf
    from pipeline.documents.formats.text import decode_text, read_text

    if not raw:
        raise DocumentError(path, "the file is empty")
    if kind != "pdf" and raw.startswith(b"%PDF-"):
        raise DocumentError(path, f"this is a PDF named {Path(path).suffix}: rename it to .pdf")
    if kind == "pdf":
        result = read_pdf(raw, path)
    elif kind == "html":
        text, warnings = decode_text(raw, path, html=True)
        result = read_html(text, path)
        result.warnings[:0] = warnings
    else:
        text, warnings = decode_text(raw, path)
        result = read_text(text, kind)
        result.warnings[:0] = warnings
    if not result.text.strip():
        raise DocumentError(path, "no text in the file")
    return result
