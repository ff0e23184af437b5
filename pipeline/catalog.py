"""The catalogues that ship in data/catalog/: themes (what goals talk about) and indicators.

``themes.yaml`` maps words to themes and themes to WDI indicators; ``indicators.yaml`` holds
each indicator's WDI metadata and the bounds a value must respect. Both are plain YAML so that
adding a theme or an indicator needs no code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from pipeline.compare.conventions import Conventions, load_conventions
from pipeline.config import CATALOG_DIR, SNAPSHOT_DIR

DIRECTIONS = ("increase", "decrease", "maintain")
OPPOSITE = {"increase": "decrease", "decrease": "increase"}


@dataclass(frozen=True)
class ThemeIndicator:
    code: str
    improves: str
    sign: int = 1  # -1: the series is the theme's quantity negated (net lending for a deficit)


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    keywords: tuple[re.Pattern[str], ...]
    indicators: tuple[ThemeIndicator, ...]
    improves: str
    tolerance: dict
    as_rate: str | None = None  # the theme a growth-rate goal is about instead

    @property
    def primary(self) -> str | None:
        return self.indicators[0].code if self.indicators else None


@dataclass(frozen=True)
class ThemeCatalog:
    themes: dict[str, Theme]
    directions: dict[str, tuple[re.Pattern[str], ...]]
    goal_verbs: tuple[str, ...]
    goal_cues: tuple[re.Pattern[str], ...]
    past_cues: tuple[re.Pattern[str], ...]
    fact_cues: tuple[re.Pattern[str], ...]
    country_aliases: dict[str, tuple[str, ...]]
    own_country: tuple[str, ...]
    search_synonyms: dict[str, str]


def _word_pattern(expr: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){expr}(?![\w-])", re.IGNORECASE)


def parse_theme_catalog(raw: dict) -> ThemeCatalog:
    """Check and compile a theme catalogue; a mistake names the theme and the field."""
    themes = {}
    for name, spec in (raw.get("themes") or {}).items():
        improves = spec.get("improves", "increase")
        if improves not in DIRECTIONS:
            raise ValueError(f"theme {name}: improves must be one of {DIRECTIONS}")
        indicators = []
        for entry in spec.get("indicators") or []:
            entry = entry if isinstance(entry, dict) else {"code": str(entry)}
            sign = int(entry.get("sign", 1))
            if sign not in (1, -1):
                raise ValueError(f"theme {name}: indicator {entry['code']} sign must be 1 or -1")
            how = entry.get("improves", OPPOSITE.get(improves, improves) if sign < 0 else improves)
            if how not in DIRECTIONS:
                raise ValueError(f"theme {name}: indicator {entry['code']} improves {how!r}")
            indicators.append(ThemeIndicator(entry["code"], how, sign))
        try:
            keywords = tuple(_word_pattern(k) for k in spec["keywords"])
        except (KeyError, re.error) as exc:
            raise ValueError(f"theme {name}: bad or missing keywords: {exc}") from exc
        themes[name] = Theme(
            name=name,
            label=spec.get("label", name),
            keywords=keywords,
            indicators=tuple(indicators),
            improves=improves,
            tolerance=dict(spec.get("tolerance") or {}),
            as_rate=spec.get("as_rate"),
        )
    for name, theme in themes.items():
        if theme.as_rate is not None and theme.as_rate not in themes:
            raise ValueError(f"theme {name}: as_rate names no theme: {theme.as_rate}")
    directions = {
        family: tuple(_word_pattern(p) for p in patterns)
        for family, patterns in (raw.get("directions") or {}).items()
    }
    return ThemeCatalog(
        themes=themes,
        directions=directions,
        goal_verbs=tuple(sorted(raw.get("goal_verbs") or [], key=len, reverse=True)),
        goal_cues=tuple(_word_pattern(p) for p in raw.get("goal_cues") or []),
        past_cues=tuple(_word_pattern(p) for p in raw.get("past_cues") or []),
        fact_cues=tuple(_word_pattern(p) for p in raw.get("fact_cues") or []),
        country_aliases={k: tuple(v) for k, v in (raw.get("country_aliases") or {}).items()},
        own_country=tuple(raw.get("own_country") or []),
        search_synonyms={str(k): str(v) for k, v in (raw.get("search_synonyms") or {}).items()},
    )


@lru_cache(maxsize=4)
def load_theme_catalog(path: Path = CATALOG_DIR / "themes.yaml") -> ThemeCatalog:
    return parse_theme_catalog(yaml.safe_load(path.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Catalogue:
    """Everything in ``data/catalog/`` (themes, indicators, the WDI series list) and the economy
    names the extractor recognises: what the ``catalog`` resource hands the stages. Files are
    read once per path (cached), so building one per run costs nothing after the first."""

    folder: Path = CATALOG_DIR
    countries_csv: Path = SNAPSHOT_DIR / "countries.csv"

    @property
    def themes(self) -> ThemeCatalog:
        return load_theme_catalog(Path(self.folder) / "themes.yaml")

    @property
    def indicators(self) -> pd.DataFrame:
        return load_indicator_catalog(Path(self.folder) / "indicators.yaml")

    @property
    def conventions(self) -> Conventions:
        return _conventions(Path(self.folder) / "conventions.yaml")

    @property
    def country_names(self) -> dict[str, str]:
        return load_country_names(Path(self.countries_csv))

    @property
    def series_path(self) -> Path:
        return Path(self.folder) / "wdi_series.csv"

    def series_codes(self) -> set[str]:
        """Every WDI series the catalogue lists (what ``all`` fetches from the API)."""
        return set(pd.read_csv(self.series_path(), usecols=["indicator_code"])["indicator_code"])


@lru_cache(maxsize=4)
def _conventions(path: Path) -> Conventions:
    return load_conventions(path)


def load_indicator_catalog(path: Path = CATALOG_DIR / "indicators.yaml") -> pd.DataFrame:
    """One row per indicator: code, name, unit, definition, bounds."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["indicators"]
    df = pd.DataFrame(entries)
    for col in ("value_min", "value_max"):
        df[col] = pd.to_numeric(df[col], errors="coerce").astype("float64")
    return df


@lru_cache(maxsize=2)
def load_country_names(path: Path = SNAPSHOT_DIR / "countries.csv") -> dict[str, str]:
    """Economy names (not aggregates) to ISO3: what the extractor recognises in text."""
    df = pd.read_csv(path, keep_default_na=False)
    economies = df[df["is_aggregate"].astype(str).str.lower() != "true"]
    return dict(zip(economies["name"], economies["country_iso3"], strict=True))
