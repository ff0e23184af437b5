"""Cut a document's text into blocks (lines), sentences and clauses, as character spans.

Spans are offsets into the document's text, so every record can point at the words it came
from. Headings, bylines and photo captions are told apart from body text here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.extract.patterns import TARGET_INTRO

CAPTION = re.compile(
    r"photo by|/\s*photo\b|\bphoto\s*/|the picture shows|news agency reporter|"
    r"\(photo\b|^author\s*:",
    re.IGNORECASE,
)
HEADING_NUMBER = re.compile(r"^\s*(?:\d+|[IVX]+|[a-z])[.)、]\s+\S")
ABBREVIATIONS = re.compile(
    r"(?:\b(?:U\.S|U\.K|No|Mr|Mrs|Ms|Dr|Prof|St|e\.g|i\.e|etc|vs|approx|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z])$"
)
# A full stop ends a sentence before space + capital, or glued straight to a capital
# ("modernization.Industrialization"), never inside a number ("1.4").
SENTENCE_END = re.compile(r"[.!?][\"”’)]?(?=\s+[\"“‘(]?[A-Z0-9]|[A-Z][a-z])")
ADVERBS = (
    r"(?:and|but|or|also|then|further|furthermore|actively|steadily|vigorously|"
    r"comprehensively|continuously|continue to|deeply|effectively|firmly|fully|resolutely|"
    r"strive to|we must|we will|we should|we shall|it is necessary to|it is essential to|"
    r"need to|needs to|to|will|must|should|shall|so as to|substantially|greatly|basically|"
    r"constantly|accurately|in-depth|orderly|jointly|better|more|not only)"
)
LEADING_ADVERBS = re.compile(rf"^(?:{ADVERBS}\b[\s,]*)+", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


BULLET = re.compile(
    r"^(?:--?|[•·▪●◦○■□▫◆◇►▶‣⁃∙*–—]|\(\d{1,2}\)|\d{1,2}\)|\([a-z]\)|\([ivx]{1,4}\))\s*(?=\S)"
)
# "1. ", "2) ", "1. 1. ": a numbered item (a list item when it reads as a sentence, else a
# numbered heading)
NUMBERED = re.compile(r"^(?:(?:\d{1,2}|[IVX]{1,4})[.)、]\s+)+(?=\S)")


def blocks(text: str) -> Iterator[Span]:
    """Each non-empty line: paragraphs, headings, bullets and captions are lines here. A
    bullet's marker ("-- ", "• ", "(3) ") is left out of its span."""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            marker = BULLET.match(stripped) or NUMBERED.match(stripped)
            if marker and len(stripped) > marker.end():
                lead += marker.end()
                stripped = stripped[marker.end() :]
            yield Span(start + lead, start + lead + len(stripped))


def is_bullet(text: str, span: Span) -> bool:
    """A list item: a bullet, or a numbered line that reads as a sentence."""
    line_start = text.rfind("\n", 0, span.start) + 1
    line = text[line_start : span.end].lstrip()
    if BULLET.match(line):
        return True
    item = text[span.start : span.end]
    return bool(NUMBERED.match(line)) and _reads_as_sentence(item)


def _reads_as_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in ".;:!?" and len(text.split()) > 6


def block_kind(text: str, bullet: bool = False) -> str:
    """body | heading | caption | byline. A bullet is body, however short."""
    if CAPTION.search(text):
        return "caption"
    if bullet:
        return "body"
    intro = TARGET_INTRO.search(text)
    if intro and text[intro.end() :].strip():  # "MAJOR TARGETS FOR 2018: - GDP growth of ..."
        return "body"
    words = text.split()
    ends_like_sentence = text.rstrip()[-1:] in '.!?;:”"'
    if HEADING_NUMBER.match(text) and len(words) <= 25:
        return "heading"
    if not ends_like_sentence and len(words) <= 20:
        return "heading" if len(words) > 3 else "byline"
    return "body"


def sentences(text: str, span: Span) -> Iterator[Span]:
    start = span.start
    for m in SENTENCE_END.finditer(text, span.start, span.end):
        before = text[start : m.start()]
        if ABBREVIATIONS.search(before):
            continue
        end = m.end()
        if text[start:end].strip():
            yield trim(text, Span(start, end))
        start = end
    if text[start : span.end].strip():
        yield trim(text, Span(start, span.end))


def trim(text: str, span: Span) -> Span:
    s, e = span.start, span.end
    while s < e and text[s] in " \t,–—":
        s += 1
    while e > s and text[e - 1] in " \t.,;":
        e -= 1
    return Span(s, e)


def clauses(text: str, sentence: Span, verbs: tuple[str, ...]) -> list[Span]:
    """Cut a sentence where a new directive clause or a new statement starts."""
    verb_alt = "|".join(re.escape(v) + r"s?" for v in verbs)
    cut = re.compile(
        rf";\s*|,\s*(?=(?:and|but|while)\s)|"
        rf",\s*(?=we\s+(?:must|will|should|shall)\b|it\s+is\s+(?:necessary|essential)\s+to\b)|"
        rf",\s*(?=(?:{ADVERBS}\s+)*(?:{verb_alt})\b)|"
        rf"\s(?=and\s+(?:{verb_alt})\b)",
        re.IGNORECASE,
    )
    pieces: list[Span] = []
    start = sentence.start
    for m in cut.finditer(text, sentence.start, sentence.end):
        left = text[start : m.start()]
        # "Cultivate and expand ..." stays one clause; "Revitalize manufacturing, secure ..."
        # is two (a comma separates items, a bare "and" may join two verbs of one item)
        if len(left.split()) < (2 if "," in m.group(0) or ";" in m.group(0) else 3):
            continue
        pieces.append(trim(text, Span(start, m.start())))
        start = m.end()
    pieces.append(trim(text, Span(start, sentence.end)))
    return [p for p in pieces if p.end > p.start]
