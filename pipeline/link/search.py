"""Find the WDI series that measures a goal the curated themes do not know.

The mapper searches the 1,486 WDI series in ``data/catalog/wdi_series.csv`` (code, name, unit,
definition) with BM25 over the series name (weighted) and its definition, after a few
synonyms from ``themes.yaml`` (``search_synonyms``: "cpi" -> "consumer prices inflation").
A match must share a *specific* word with the series name (not just "rate" or "total") and
score above a floor; otherwise the goal is unmeasured, said so, and never guessed. Among
close candidates the ones the snapshot holds values for win, so the scorecard can use them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from pipeline.catalog import load_theme_catalog
from pipeline.config import CATALOG_DIR
from pipeline.words import tokens

# Words too common in WDI names to identify a series on their own.
GENERIC = frozenset(
    """
    total rate annual value current constant us lcu ppp people population number ratio index
    growth gdp per capita modeled estimate national international economy metric ton kg us$ usd
    constant current share
    """.split()
)
K1, B = 1.2, 0.75
NAME_WEIGHT = 3.0
MIN_SCORE = 6.0
COVERAGE = 2 / 3
SNAPSHOT_PREFERENCE = 0.97  # a series with values wins a near-tie
QUALIFIERS = frozenset(
    """
    female male women men age ages rural urban youth modeled national
    """.split()
)


def _qualifiers(name: str, query: list[str]) -> int:
    """How many breakdown words (sex, age, area) the name has that the query did not ask for."""
    return sum(1 for t in tokens(name) if t in QUALIFIERS and t not in query)


@dataclass(frozen=True)
class Match:
    indicator_code: str
    name: str
    score: float
    matched: tuple[str, ...]
    in_snapshot: bool


class IndicatorIndex:
    def __init__(self, series: pd.DataFrame, synonyms: dict[str, str] | None = None):
        self.series = series.reset_index(drop=True)
        self.synonyms = {k.lower(): v for k, v in (synonyms or {}).items()}
        self._name_tf = [Counter(tokens(n)) for n in self.series["name"]]
        self._def_tf = [Counter(tokens(str(d))) for d in self.series["definition"].fillna("")]
        n = len(self.series)
        df: Counter[str] = Counter()
        for tf_name, tf_def in zip(self._name_tf, self._def_tf, strict=True):
            df.update(set(tf_name) | set(tf_def))
        self._idf = {t: math.log(1 + (n - c + 0.5) / (c + 0.5)) for t, c in df.items()}
        self._avg_name = sum(sum(t.values()) for t in self._name_tf) / max(n, 1)
        self._avg_def = sum(sum(t.values()) for t in self._def_tf) / max(n, 1)

    def _expand(self, text: str) -> list[str]:
        return self._expanded(text)[0]

    def _expanded(self, text: str) -> tuple[list[str], dict[str, set[str]]]:
        """Query tokens with synonyms added, and for each original token what it also stands
        for ("grain" -> {"cereal", "production"})."""
        low = text.lower()
        extra: list[str] = []
        stands_for: dict[str, set[str]] = {t: {t} for t in tokens(low)}
        for phrase, replacement in self.synonyms.items():
            if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", low):
                more = tokens(replacement)
                extra += more
                for t in tokens(phrase):
                    stands_for.setdefault(t, {t}).update(more)
        return tokens(low) + extra, stands_for

    def _bm25(self, query: list[str], tf: Counter, avg: float) -> float:
        length = sum(tf.values())
        score = 0.0
        for term in query:
            f = tf.get(term, 0)
            if f:
                norm = f * (K1 + 1) / (f + K1 * (1 - B + B * length / avg))
                score += self._idf.get(term, 0.0) * norm
        return score

    def search(self, text: str, limit: int = 5) -> list[Match]:
        query = list(dict.fromkeys(self._expand(text)))
        if not query:
            return []
        out = []
        for i, (tf_name, tf_def) in enumerate(zip(self._name_tf, self._def_tf, strict=True)):
            matched = tuple(t for t in query if t in tf_name)
            if not any(t not in GENERIC for t in matched):
                continue  # must share a specific word with the series' name
            score = NAME_WEIGHT * self._bm25(query, tf_name, self._avg_name) + self._bm25(
                query, tf_def, self._avg_def
            )
            row = self.series.iloc[i]
            out.append(
                Match(row["indicator_code"], row["name"], score, matched, bool(row["in_snapshot"]))
            )
        # Near-ties go to the plainest series: "Unemployment, total" before "..., female".
        out.sort(key=lambda m: (-round(m.score, 0), _qualifiers(m.name, query), len(m.name)))
        return out[:limit]

    def best(self, text: str) -> Match | None:
        """The series that measures ``text``, or None when nothing fits well enough.

        Beyond the score floor, the series' name must cover at least two thirds of the text's
        specific words (a word is covered by itself or by its synonyms): "urban jobs" is not
        "urban population", and a long directive clause rarely names a series at all.
        """
        _, stands_for = self._expanded(text)
        specific = {t: alts for t, alts in stands_for.items() if t not in GENERIC}
        if not specific:
            return None
        found = []
        for m in self.search(text, limit=25):
            name = set(tokens(m.name))
            covered = sum(1 for alts in specific.values() if alts & name)
            if m.score >= MIN_SCORE and covered >= COVERAGE * len(specific):
                found.append(m)
        if not found:
            return None
        top = found[0]
        same = [m for m in found if m.in_snapshot and set(m.matched) == set(top.matched)]
        if same and same[0].score >= SNAPSHOT_PREFERENCE * top.score:
            return same[0]
        return top


@lru_cache(maxsize=2)
def load_index(
    path: Path = CATALOG_DIR / "wdi_series.csv", themes: Path = CATALOG_DIR / "themes.yaml"
) -> IndicatorIndex:
    """The series list at ``path``, searchable, with the synonyms of the theme catalogue."""
    series = pd.read_csv(path, keep_default_na=False)
    series["in_snapshot"] = series["in_snapshot"].astype(str).str.lower().eq("true")
    return IndicatorIndex(series, load_theme_catalog(themes).search_synonyms)
