"""What a clause is about: the catalogue theme whose keywords it uses.

Themes are topics ("manufacturing_share", "inflation"): extraction names them from the
words; which indicators measure a theme is linking's business (``pipeline.link``).
"""

from __future__ import annotations

import re

from pipeline.catalog import Theme, ThemeCatalog

# "11 percent of GDP", "per unit of GDP", "60 percent of China's total population", "the deficit
# to GDP ratio": the quantity named is a denominator, not what the clause is about
DENOMINATOR_BEFORE = re.compile(
    r"(?:percent|per\s?cent|%|share|proportion|ratio|unit|per)\s+(?:of\s+)?(?:the\s+)?"
    r"(?:[\w.]+['’]s\s+)?(?:total\s+|whole\s+)?$|\bto\s+$",
    re.IGNORECASE,
)
RATIO_AFTER = re.compile(r"^\s+ratio\b", re.IGNORECASE)
# what quantities are usually measured against ("70% of innovation activities" is about them)
DENOMINATORS = re.compile(
    r"(?:gdp|gross domestic product|population|economic output|the economy)", re.IGNORECASE
)


def is_denominator(text: str, m: re.Match[str]) -> bool:
    if not DENOMINATORS.fullmatch(m.group(0)):
        return False
    before = text[max(0, m.start() - 40) : m.start()]
    if before.rstrip().lower().endswith(" to") or before.lower().endswith("to "):
        return bool(RATIO_AFTER.match(text[m.end() : m.end() + 8]))
    return bool(DENOMINATOR_BEFORE.search(before))


class ThemeFinder:
    def __init__(self, catalog: ThemeCatalog):
        self.catalog = catalog

    def longest(self, text: str) -> tuple[Theme | None, str | None]:
        """The theme of the longest keyword match, and the words matched."""
        best: tuple[int, Theme, str] | None = None
        for theme in self.catalog.themes.values():
            for pattern in theme.keywords:
                for m in pattern.finditer(text):
                    if is_denominator(text, m):
                        continue
                    if best is None or len(m.group(0)) > best[0]:
                        best = (len(m.group(0)), theme, m.group(0))
        return (best[1], best[2]) if best else (None, None)

    def nearest(self, text: str, anchor: int) -> tuple[Theme | None, str | None]:
        """The theme phrase nearest the quantity at ``anchor``, preferring its subject (the
        phrase before it)."""
        best: tuple[tuple[int, int, int], Theme, str] | None = None
        for theme in self.catalog.themes.values():
            for pattern in theme.keywords:
                for m in pattern.finditer(text):
                    if is_denominator(text, m):
                        continue
                    before = m.end() <= anchor
                    distance = anchor - m.end() if before else m.start() - anchor
                    key = (0 if before else 1, max(distance, 0), -len(m.group(0)))
                    if best is None or key < best[0]:
                        best = (key, theme, m.group(0))
        return (best[1], best[2]) if best else (None, None)
