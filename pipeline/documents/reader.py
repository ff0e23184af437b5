"""Policy documents: plain UTF-8 text with a small metadata header.

A document starts with a header between two ``---`` lines, one ``key: value`` per line::

    ---
    id: new_industrialization_2023
    title: Accelerate the promotion of new industrialization
    author: Jin Zhuanglong
    published: 2023-02-17
    country: CHN
    language: en
    source_url: https://...
    ---
    The body, as published.

Spans in extracted records are character offsets into the body (the text after the header),
which is stored verbatim in ``policy_documents.text``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

MAX_BYTES = 5_000_000  # a policy document is tens of kilobytes; 5 MB is not a document
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]{0,99}$")


class DocumentError(ValueError):
    """A document that cannot be read; names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"document {path}: {reason}")
        self.path = str(path)
        self.reason = reason


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

    @classmethod
    def from_row(cls, row: dict) -> Document:
        """Rebuild a document from its ``policy_documents`` row."""
        published = row.get("published")
        if published is not None and not isinstance(published, date):
            published = (
                None
                if str(published) in {"NaT", "None", "nan"}
                else date.fromisoformat(str(published)[:10])
            )
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
        )

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def baseline_year(self) -> int | None:
        """The last full year before publication: what progress is measured from."""
        return self.published.year - 1 if self.published else None


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9_\-]+", "_", stem.lower()).strip("_-")
    return slug[:100] or "document"


def parse_document(raw: bytes, path: Path | str, default_country: str = "CHN") -> Document:
    """Parse one document's bytes; raise DocumentError for anything that is not a document."""
    meta, body = _split_header(_decode(raw, path), path)
    warnings: list[str] = []
    doc_id = meta.get("id") or _slug(Path(str(path)).stem)
    if not ID_PATTERN.match(doc_id):
        raise DocumentError(path, f"id {doc_id!r} must be lower-case letters, digits, _ or -")
    if "id" not in meta:
        warnings.append(f"no id in the header; using {doc_id!r} from the file name")
    title = meta.get("title") or _first_line(body)
    if "title" not in meta:
        warnings.append("no title in the header; using the first line")
    published = None
    if meta.get("published"):
        try:
            published = date.fromisoformat(meta["published"])
        except ValueError as exc:
            raise DocumentError(path, f"published {meta['published']!r} is not YYYY-MM-DD") from exc
    else:
        warnings.append("no published date; progress cannot be measured from a baseline year")
    country = (meta.get("country") or "").upper()
    if not country:
        country = default_country
        warnings.append(f"no country in the header; assuming {default_country}")
    elif not re.fullmatch(r"[A-Z]{3}", country):
        raise DocumentError(path, f"country {country!r} is not an ISO3 code")
    return Document(
        document_id=doc_id,
        title=title,
        author=meta.get("author") or None,
        published=published,
        country_iso3=country,
        language=meta.get("language") or "en",
        source_url=meta.get("source_url") or None,
        text=body,
        path=str(path),
        warnings=tuple(warnings),
    )


def _decode(raw: bytes, path: Path | str) -> str:
    if len(raw) > MAX_BYTES:
        raise DocumentError(path, f"too large ({len(raw):,} bytes; the limit is {MAX_BYTES:,})")
    if b"\x00" in raw:
        raise DocumentError(path, "binary content (NUL bytes): not a text document")
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(path, f"not UTF-8 (byte {exc.start}: {exc.reason})") from exc
    return content.replace("\r\n", "\n")


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
        raise DocumentError(path, "looks like HTML; save the article's text, not the web page")
    return meta, body


def _first_line(body: str) -> str:
    for line in body.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


def _read_bounded(path: Path) -> bytes:
    """A regular file's bytes, never more than MAX_BYTES + 1 of them.

    A symlink to a device (``/dev/zero``) or a named pipe would otherwise be read forever or
    block the run; a huge file is refused from its size, without reading it.
    """
    try:
        if not path.is_file():
            raise DocumentError(path, "not a regular file (a device, a pipe or a folder)")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(path, f"too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        with path.open("rb") as f:
            return f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from exc


def read_documents(folder: Path) -> tuple[list[Document], list[DocumentError]]:
    """Read every ``*.txt`` in a folder; a bad document is reported, the others go through."""
    docs: list[Document] = []
    errors: list[DocumentError] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.txt")):
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
