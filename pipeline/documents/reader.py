"""Policy documents as their publishers put them out: ``.txt``, ``.md``, ``.html`` or ``.pdf``.

The text comes from ``formats`` (one paragraph, heading or list item per line; a web page's
main text; a PDF's text layer in reading order) and is stored in ``policy_documents.text``:
the spans of extracted records point into it. Metadata comes from an optional header, else
from the document itself (``metadata``: dateline, issuer, title, kind, period), each inferred
field saying so and from which words. A header still wins::

    ---
    id: new_industrialization_2023
    title: Accelerate the promotion of new industrialization
    author: Jin Zhuanglong
    published: 2023-02-17
    country: CHN
    kind: ministerial_article
    period: 2023-2035
    source_url: https://...
    ---
    The body, as published.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pipeline.documents.errors import DocumentError
from pipeline.documents.formats import MAX_PDF_BYTES, Extracted, kind_of, read_bytes
from pipeline.documents.formats.text import decode_text, read_text
from pipeline.documents.metadata import infer_metadata

MAX_BYTES = 5_000_000  # a text document is tens of kilobytes; 5 MB is not a document
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,99}$")
KINDS = (
    "annual_government_report", "five_year_plan", "sector_guidance", "budget_speech",
    "fact_sheet", "address", "ministerial_article", "other",
)  # fmt: skip
UNKNOWN_COUNTRY = "WLD"

__all__ = [
    "MAX_BYTES", "Document", "DocumentError", "file_sha256", "parse_document", "read_documents",
]  # fmt: skip


@dataclass(frozen=True)
class Document:
    document_id: str
    title: str
    author: str | None
    published: date | None
    country_iso3: str
    language: str
    source_url: str | None
    text: str
    path: str
    warnings: tuple[str, ...] = field(default=())
    format: str = "txt"
    kind: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    inferred: tuple[str, ...] = field(default=())  # "published 2018-03-05 from '...'"

    @classmethod
    def from_row(cls, row: dict) -> Document:
        """Rebuild a document from its ``policy_documents`` row."""
        published = row.get("published")
        text = str(published)
        if published is None or text in {"NaT", "None", "nan", "<NA>"}:
            published = None  # pandas reads a missing date as NaT, which passes for a datetime
        elif not isinstance(published, date) or hasattr(published, "date"):
            published = date.fromisoformat(text[:10])

        def number(key: str) -> int | None:
            v = row.get(key)
            return None if v is None or v != v else int(v)

        return cls(
            document_id=row["document_id"],
            title=row["title"],
            author=row.get("author"),
            published=published,
            country_iso3=row["country_iso3"],
            language=row.get("language") or "en",
            source_url=row.get("source_url"),
            text=row["text"],
            path=row.get("path") or "",
            format=row.get("format") or "txt",
            kind=row.get("document_kind"),
            period_start=number("period_start"),
            period_end=number("period_end"),
        )

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def year(self) -> int | None:
        """The year the document speaks from: its publication's, else its period's first."""
        if self.published:
            return self.published.year
        return self.period_start

    @property
    def baseline_year(self) -> int | None:
        """The last full year before publication: what progress is measured from."""
        return self.year - 1 if self.year else None


def parse_document(raw: bytes, path: Path | str) -> Document:
    """Parse one document's bytes (read as its file name's format); raise DocumentError for
    anything that is not a document."""
    kind = kind_of(path)
    limit = MAX_PDF_BYTES if kind == "pdf" else MAX_BYTES
    if len(raw) > limit:
        raise DocumentError(path, f"too large ({len(raw):,} bytes; the limit is {limit:,})")
    meta: dict[str, str] = {}
    if kind in ("txt", "md"):
        if b"\x00" in raw:
            raise DocumentError(path, "binary content (NUL bytes): not a text document")
        content, warnings = decode_text(raw, path)
        meta, body = _split_header(content, path)
        extracted = read_text(body, kind)
        extracted.warnings[:0] = warnings
        if not extracted.text.strip():
            raise DocumentError(path, "empty: no text after the header")
    else:
        extracted = read_bytes(raw, path, kind)
    return _document(extracted, meta, path)


def _document(extracted: Extracted, meta: dict[str, str], path: Path | str) -> Document:
    """The document of ``extracted`` text: the header's fields, the others inferred."""
    inferred = infer_metadata(extracted.text, extracted)
    notes: list[str] = []
    warnings = list(extracted.warnings)

    def pick(name: str, header_value):
        """The header's value, else the inferred one (noted with its evidence)."""
        if header_value:
            return header_value
        got = inferred[name]
        if got["value"] is not None:
            notes.append(f"{name} {_show(got['value'])} inferred from '{got['evidence']}'")
        return got["value"]

    doc_id = meta.get("id") or _slug(Path(str(path)).stem)
    if not ID_PATTERN.match(doc_id):
        raise DocumentError(path, f"id {doc_id!r} must be lower-case letters, digits, _ or -")
    published = _published(pick("published", meta.get("published")), meta, path)
    if published is None:
        warnings.append("no publication date found; 'this year' and baselines use the period")
    country = (pick("country", meta.get("country")) or "").upper()
    if not country:
        country = UNKNOWN_COUNTRY
        warnings.append(f"no country in the header or the text; using {UNKNOWN_COUNTRY}")
    if not re.fullmatch(r"[A-Z0-9]{3}", country):
        raise DocumentError(path, f"country {country!r} is not an ISO3 code")
    period = pick("period", _period(meta.get("period"))) or {}
    kind = pick("document_kind", meta.get("kind") if meta.get("kind") in KINDS else None)
    return Document(
        document_id=doc_id,
        title=pick("title", meta.get("title")) or _first_line(extracted.text),
        author=meta.get("author") or None,
        published=published,
        country_iso3=country,
        language=meta.get("language") or "en",
        source_url=meta.get("source_url") or None,
        text=extracted.text,
        path=str(path),
        warnings=tuple(warnings),
        format=extracted.format,
        kind=kind,
        period_start=period.get("start"),
        period_end=period.get("end"),
        inferred=tuple(notes),
    )


def _published(value, meta: dict[str, str], path: Path | str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        if "published" in meta:
            raise DocumentError(path, f"published {value!r} is not YYYY-MM-DD") from exc
        return None


def _period(raw: str | None) -> dict[str, int] | None:
    """A header's ``period: 2021-2025`` (or one year)."""
    m = re.fullmatch(r"\s*((?:19|20)\d\d)\s*(?:[-–]\s*((?:19|20)\d\d))?\s*", raw or "")
    if not m:
        return None
    return {"start": int(m.group(1)), "end": int(m.group(2) or m.group(1))}


def _show(value) -> str:
    if isinstance(value, dict):
        return f"{value.get('start')}-{value.get('end')}"
    return str(value)


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9_\-]+", "_", stem.lower()).strip("_-")
    return slug[:100] or "document"


def _split_header(content: str, path: Path | str) -> tuple[dict[str, str], str]:
    """The ``key: value`` lines between the two ``---`` lines, and the body after them."""
    meta: dict[str, str] = {}
    body = content
    if content.startswith("---\n"):
        end = content.find("\n---\n", 4)
        if end < 0:
            raise DocumentError(path, "metadata header opened with '---' is never closed")
        for lineno, line in enumerate(content[4:end].split("\n"), start=2):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if not sep:
                raise DocumentError(path, f"header line {lineno} is not 'key: value': {line!r}")
            meta[key.strip().lower()] = value.strip()
        body = content[end + 5 :]
    if not body.strip():
        raise DocumentError(path, "empty: no text after the header")
    if re.search(r"<\s*(html|body|div|p|script)\b", body[:5000], re.IGNORECASE):
        raise DocumentError(
            path, "looks like HTML: save it as .html, and its main text is read as a web page"
        )
    return meta, body


def _first_line(body: str) -> str:
    for line in body.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def size_limit(path: Path) -> int:
    """The most bytes a document of ``path``'s format may have."""
    return MAX_PDF_BYTES if kind_of(path) == "pdf" else MAX_BYTES


def _read_bounded(path: Path) -> bytes:
    """A regular file's bytes, never more than its format's limit + 1 of them.

    A symlink to a device (``/dev/zero``) or a named pipe would otherwise be read forever or
    block the run; a huge file is refused from its size, without reading it.
    """
    limit = size_limit(path)
    try:
        if not path.is_file():
            raise DocumentError(path, "not a regular file (a device, a pipe or a folder)")
        size = path.stat().st_size
        if size > limit:
            raise DocumentError(path, f"too large ({size:,} bytes; the limit is {limit:,})")
        with path.open("rb") as f:
            return f.read(limit + 1)
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from exc


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in chunks: what tells a changed file from the one seen
    (the document sensor, staged documents). Call it on regular files only."""
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def document_files(folder: Path) -> list[Path]:
    """Every entry of the documents folder a run must read or name: all but hidden ones."""
    return sorted(p for p in folder.iterdir() if not p.name.startswith("."))


def read_documents(
    folder: Path, only: set[str] | None = None
) -> tuple[list[Document], list[DocumentError]]:
    """Read every file in a folder (``only``: just the files of these names); a file that is
    not a readable document (an unknown format, a scanned PDF, ...) is reported by name with
    the reason, the others go through."""
    docs: list[Document] = []
    errors: list[DocumentError] = []
    seen: dict[str, str] = {}
    for path in document_files(folder):
        if only is not None and path.name not in only:
            continue
        try:
            doc = parse_document(_read_bounded(path), path)
        except DocumentError as exc:
            errors.append(exc)
            continue
        if doc.document_id in seen:
            errors.append(
                DocumentError(
                    path, f"id {doc.document_id!r} is also used by {seen[doc.document_id]}"
                )
            )
            continue
        seen[doc.document_id] = path.name
        docs.append(doc)
    return docs, errors
