"""Page furniture in a PDF: running headers and footers, page numbers, URLs and print stamps,
told apart from the body by where they sit on the page and by repeating across pages."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pipeline.documents.formats.html import _key as key_of

BAND = 0.07  # running headers and footers sit in the outer 7% of the page height
PAGE_NUMBER_BAND = 0.12  # a line that is only a page number, in the outer 12%
PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—)]?"
    r"(?:\s*(?:/|of|\|)\s*\d{1,4})?$",
    re.IGNORECASE,
)
PAGE_NUMBER_AT_END = re.compile(
    r"(?:\bpage\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?|\b\d{1,4}\s*/\s*\d{1,4})$", re.IGNORECASE
)
URL = re.compile(r"^(?:https?|file)://\S+$|^www\.\S+$", re.IGNORECASE)
STAMP = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?$", re.IGNORECASE
)


def _furniturekey_of(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def drop_running_lines(pages: list[Any], title_meta: str | None) -> None:
    """Remove running headers and footers and page numbers: lines in the outer bands of a page
    that repeat on other pages (digits aside) or look like page furniture by themselves.

    Lines, not text boxes: pdfminer puts a running header into the same box as a body line
    that starts close below it."""

    def in_band(line: Any, page: Any, band: float = BAND) -> bool:
        return line.bottom <= band * page.height or line.top >= (1 - band) * page.height

    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(
            {_furniturekey_of(ln.text) for b in page.boxes for ln in b.lines if in_band(ln, page)}
        )
    title_keys = set()
    if title_meta:
        title_keys = {key_of(title_meta), key_of(re.split(r"\s+[|·–—-]\s+", title_meta)[0])}
    need = max(2, (len(pages) + 1) // 2)
    for page in pages:
        for box in page.boxes:
            box.lines = [
                ln
                for ln in box.lines
                if not (
                    in_band(ln, page)
                    and (
                        (len(pages) > 1 and counts[_furniturekey_of(ln.text)] >= need)
                        or _is_furniture(ln.text, title_keys)
                    )
                    # a bare page number may sit a little above the band (a centred footer)
                    or (in_band(ln, page, PAGE_NUMBER_BAND) and PAGE_NUMBER.match(ln.text.strip()))
                )
            ]
        page.boxes = [b for b in page.boxes if b.lines]


def _is_furniture(text: str, title_keys: set[str]) -> bool:
    text = text.strip()
    if PAGE_NUMBER.match(text) or URL.match(text) or STAMP.match(text):
        return True
    if PAGE_NUMBER_AT_END.search(text) and len(text) < 200:
        return True
    key = key_of(text)
    cut = text.endswith(("…", "...")) and len(key) > 15  # a running title cut short
    return any(
        t and (key == t or key.endswith(" " + t) or (cut and t.startswith(key))) for t in title_keys
    )
