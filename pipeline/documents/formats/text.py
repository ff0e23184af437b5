"""Bytes to text (UTF-8, UTF-16, Windows-1252), front matter, plain text and Markdown as lines:
one paragraph, heading or list item per line, hard-wrapped paragraphs joined."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from pipeline.documents.errors import DocumentError
from pipeline.documents.formats import DateHint, Extracted
from pipeline.documents.formats.hyphens import Hyphenation, join_two

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)


def decode_text(raw: bytes, path: Path | str, *, html: bool = False) -> tuple[str, list[str]]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252.

    Windows-1252 is the one fallback: it is what "not UTF-8" almost always means for English
    text saved on Windows, and it rejects the bytes it does not define. Anything else (binary
    data, another encoding) is refused rather than guessed.
    """
    warnings: list[str] = []
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16").replace("\r\n", "\n")
            return text, ["decoded as UTF-16 (byte order mark)"]
        except UnicodeDecodeError as exc:
            raise DocumentError(path, f"broken UTF-16 text ({exc.reason})") from exc
    if b"\x00" in raw[:65536]:
        raise DocumentError(path, "binary content (NUL bytes), not a text file")
    declared = None
    if html:
        m = _META_CHARSET.search(raw[:4096])
        declared = m.group(1).decode("ascii").lower() if m else None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        candidates = [c for c in (declared, "cp1252") if c and c not in ("utf-8", "utf8")]
        for codec in candidates:
            try:
                text = raw.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
            if len(_CONTROL.findall(text)) <= len(text) // 1000:
                warnings.append(
                    f"not UTF-8 (byte {exc.start}); decoded as {codec}: check quotes and accents"
                )
                break
        else:
            raise DocumentError(
                path,
                f"not UTF-8 (byte 0x{raw[exc.start]:02x} at {exc.start}) and not Windows-1252 "
                "text either: save the file as UTF-8",
            ) from exc
    if len(_CONTROL.findall(text[:65536])) > 20:
        raise DocumentError(path, "binary content (control characters), not a text file")
    return text.replace("\r\n", "\n").replace("\r", "\n"), warnings


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Remove a '---' header of 'key: value' lines (the project's header, YAML front matter)."""
    if not text.startswith("---\n"):
        return text, {}
    end = text.find("\n---\n", 4)
    if end < 0:
        return text, {}
    meta: dict[str, str] = {}
    for line in text[4:end].split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "#")):
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return text[end + 5 :], meta


LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
BULLET = re.compile(r"^(?:[-–—*•◦▪▫‣⁃●○■□]+|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,5}[.)])\s")
SENTENCE_END = tuple('.!?:;"”’)')


def clean_line(line: str) -> str:
    line = line.translate(LIGATURES).replace("\u00a0", " ").replace("\u200b", "")
    line = unicodedata.normalize("NFC", line)
    return re.sub(r"[ \t]+", " ", line).strip()


def plain_text(body: str) -> str:
    """A .txt body: one paragraph per line; hard-wrapped paragraphs joined back."""
    blocks: list[list[str]] = [[]]
    for raw in body.split("\n"):
        line = clean_line(raw)
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    lengths = [len(line) for block in blocks for line in block]
    width = max(lengths, default=0)
    hyphenation = Hyphenation.of([line for block in blocks for line in block])
    out: list[str] = []
    for block in blocks:
        if not block:
            continue
        if 40 <= width <= 100 and _looks_wrapped(block, width):
            out.extend(join_wrapped(block, hyphenation))
        else:
            out.extend(block)
    return "\n".join(out)


def _looks_wrapped(block: list[str], width: int) -> bool:
    """A block whose lines fill most of the file's width, most not ending a sentence: a
    paragraph (or a list whose items are) wrapped at a fixed width. The last line of each
    item (before the next bullet) may be short."""
    if len(block) < 2:
        return False
    inner = [line for line, nxt in zip(block, block[1:], strict=False) if not BULLET.match(nxt)]
    if not inner:
        return False
    if sum(line.rstrip()[-1:] in ".!?:;" for line in inner) * 2 > len(inner):
        return False  # most lines end a sentence: one paragraph a line, not a wrapped one
    full = sum(len(line) >= 0.6 * width for line in inner)
    return full >= 0.8 * len(inner)


def join_wrapped(lines: list[str], hyphenation: Hyphenation | None = None) -> list[str]:
    """Join the lines of one paragraph (a list item starts a new one), re-joining hyphenation."""
    hyphenation = hyphenation or Hyphenation.of(lines)
    out: list[str] = []
    for line in lines:
        if out and not BULLET.match(line):
            out[-1] = join_two(out[-1], line, hyphenation)
        else:
            out.append(line)
    return out


def markdown_to_text(source: str) -> str:
    """Markdown to plain lines: no '#', emphasis or link syntax; list markers kept; table rows
    as tab-separated cells."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(source)
    lines: list[str] = []
    lists: list[list[int | None]] = []  # per open list: the next number, None for bullets
    marker: str | None = None
    row: list[str] | None = None
    for tok in tokens:
        kind = tok.type
        if kind == "bullet_list_open":
            lists.append([None])
        elif kind == "ordered_list_open":
            lists.append([int(str(tok.attrs.get("start", 1)))])
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "list_item_open" and lists:
            number = lists[-1][0]
            if number is None:
                marker = "-"
            else:
                marker = f"{number}{tok.markup or '.'}"
                lists[-1][0] = number + 1
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            lines.append("\t".join(row))
            row = None
        elif kind == "inline":
            text = _inline_text(tok.children or [])
            if row is not None:
                row.append(clean_line(text))
                continue
            for i, part in enumerate(text.split("\n")):
                part = clean_line(part)
                if not part:
                    continue
                if marker and i == 0:
                    part = f"{marker} {part}"
                    marker = None
                lines.append(part)
        elif kind in ("fence", "code_block"):
            lines.extend(clean_line(x) for x in tok.content.splitlines() if x.strip())
        elif kind == "html_block":
            lines.extend(_html_fragment_lines(tok.content))
    return "\n".join(line for line in lines if line)


def _inline_text(children: list) -> str:  # list[markdown_it.token.Token]
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content or "")
        elif child.type == "html_inline":
            continue
    return "".join(parts)


def _html_fragment_lines(fragment: str) -> list[str]:
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ValueError, lxml.etree.ParserError):
        return []
    return [clean_line(t) for t in root.text_content().split("\n") if t.strip()]


def read_text(text: str, kind: str) -> Extracted:
    """A .txt or .md file's text (front matter read for hints and left out) as lines."""
    body, front = split_front_matter(text)
    out = markdown_to_text(body) if kind == "md" else plain_text(body)
    result = Extracted(text=out, format=kind)  # type: ignore[arg-type] - txt or md
    if front.get("title"):
        result.title_hint, result.title_source = front["title"], "front matter title"
    date_key = next((k for k in ("published", "date") if front.get(k)), None)
    if date_key:
        result.date_hint = DateHint(front[date_key], f"front matter {date_key}")
    if kind == "md" and result.title_hint is None:
        m = re.search(r"(?m)^#\s+(.+?)\s*#*\s*$", body)
        if m:
            result.title_hint, result.title_source = markdown_to_text(m.group(1)), "first heading"
    return result
