"""What a clause is about: the catalogue theme whose keywords it uses.

Themes are topics ("manufacturing_share", "inflation"): extraction names them from the
words; which indicators measure a theme is linking's business (``pipeline.link``).
"""

from __future__ import annotations

from pipeline.catalog import Theme, ThemeCatalog


class ThemeFinder:
    def __init__(self, catalog: ThemeCatalog):
        self.catalog = catalog

    def longest(self, text: str) -> tuple[Theme | None, str | None]:
        """The theme of the longest keyword match, and the words matched."""
        best: tuple[int, Theme, str] | None = None
        for theme in self.catalog.themes.values():
            for pattern in theme.keywords:
                for m in pattern.finditer(text):
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
                    before = m.end() <= anchor
                    distance = anchor - m.end() if before else m.start() - anchor
                    key = (0 if before else 1, max(distance, 0), -len(m.group(0)))
                    if best is None or key < best[0]:
                        best = (key, theme, m.group(0))
        return (best[1], best[2]) if best else (None, None)
