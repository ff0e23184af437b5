"""Where things live, and every setting with its environment variable and default.

This is the one module that reads the environment (``assets/resources.py`` turns each setting
into a resource field, with ``dg.EnvVar`` when the variable is set, so the Launchpad shows and
sets it). Every setting has a default that works in a fresh clone with no network:

| variable | default | meaning |
|---|---|---|
| ``POLICY_TRACKER_DB`` | ``warehouse/policy.duckdb`` | the DuckDB file readers open |
| ``POLICY_TRACKER_SOURCE`` | ``snapshot`` | ``snapshot`` (the shipped WDI values) or ``live`` |
| ``POLICY_TRACKER_INDICATORS`` | ``catalogue`` | ``catalogue``, ``linked`` or ``all`` series |
| ``WORLDBANK_API_URL`` | ``https://api.worldbank.org/v2`` | the API's base URL |
| ``WORLDBANK_MAX_WORKERS`` | ``4`` | indicators fetched at once from the live API |
| ``POLICY_TRACKER_REPORTS`` | ``reports/`` | where the scorecard report is written |
| ``POLICY_TRACKER_DOCUMENTS`` | ``data/documents/`` | the folder of policy documents |
| ``POLICY_TRACKER_CATALOG`` | ``data/catalog/`` | themes, indicators, the WDI series list |
| ``POLICY_TRACKER_REVIEWS`` | ``data/reviews/`` | analysts' reviews of extracted records |
| ``POLICY_TRACKER_PEERS`` | ``USA,DEU,JPN,KOR,IND`` | the economies every goal is set beside |
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DOCUMENTS_DIR = DATA_DIR / "documents"
CATALOG_DIR = DATA_DIR / "catalog"
REVIEWS_DIR = DATA_DIR / "reviews"
SNAPSHOT_DIR = DATA_DIR / "snapshot"
SQL_DIR = ROOT / "sql"

SOURCES = ("snapshot", "live")
DEFAULT_PEERS = "USA,DEU,JPN,KOR,IND"
ISO3 = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Setting:
    env: str
    default: str
    description: str


SETTINGS = {
    s.env: s
    for s in (
        Setting("POLICY_TRACKER_DB", str(ROOT / "warehouse" / "policy.duckdb"),
                "The DuckDB file readers open; the pipeline writes .work/ beside it."),
        Setting("POLICY_TRACKER_SOURCE", "snapshot",
                "Where statistics come from: snapshot (shipped, no network) or live (the API)."),
        Setting("POLICY_TRACKER_INDICATORS", "catalogue",
                "Which indicators a run loads: catalogue (the catalogue's and the goals'), "
                "linked (only the goals'), or all (every series the source holds)."),
        Setting("WORLDBANK_API_URL", "https://api.worldbank.org/v2",
                "The World Bank API's base URL (tests point it at a loopback server)."),
        Setting("WORLDBANK_MAX_WORKERS", "4",
                "Indicators fetched at once from the live API (1-16; it fails near 20)."),
        Setting("POLICY_TRACKER_REPORTS", str(ROOT / "reports"),
                "Where the scorecard report and its charts are written."),
        Setting("POLICY_TRACKER_DOCUMENTS", str(DOCUMENTS_DIR), "The folder of policy documents."),
        Setting("POLICY_TRACKER_CATALOG", str(CATALOG_DIR),
                "The catalogue folder: themes.yaml, indicators.yaml, wdi_series.csv."),
        Setting("POLICY_TRACKER_REVIEWS", str(REVIEWS_DIR),
                "The folder of analysts' reviews: one <document>.yaml each (README, Reviews)."),
        Setting("POLICY_TRACKER_PEERS", DEFAULT_PEERS,
                "Peer economies every goal is set beside: comma-separated ISO3 codes."),
    )
}  # fmt: skip


def is_set(env: str) -> bool:
    """Whether the environment sets ``env`` (then resources take it through ``dg.EnvVar``)."""
    return env in os.environ


def child_environment(**settings: str) -> dict[str, str]:
    """This process's environment with ``settings`` over it: for a subprocess run with other
    settings (``python -m pipeline.evaluate --outcomes`` runs the product on its own folder)."""
    return os.environ | settings


def value(env: str) -> str:
    """The setting's value: the environment's, else its default."""
    return os.environ.get(env, SETTINGS[env].default)


def db_path() -> Path:
    return Path(value("POLICY_TRACKER_DB"))


def reports_dir() -> Path:
    return Path(value("POLICY_TRACKER_REPORTS"))


def source() -> str:
    return check_source(value("POLICY_TRACKER_SOURCE"))


def check_source(raw: str) -> str:
    source = raw.strip().lower()
    if source not in SOURCES:
        raise ValueError(f"POLICY_TRACKER_SOURCE must be one of {SOURCES}, not {raw!r}")
    return source


def parse_peers(raw: str) -> tuple[str, ...]:
    """The peer economies, in the order given, each once; a code that is not three upper-case
    letters (``usa``, ``US``, ``U.S``) raises a ValueError naming it."""
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    bad = [c for c in codes if not ISO3.fullmatch(c)]
    if bad:
        raise ValueError(
            f"POLICY_TRACKER_PEERS must be comma-separated ISO3 codes (three upper-case letters, "
            f"e.g. {DEFAULT_PEERS!r}); not ISO3: {', '.join(repr(c) for c in bad)}"
        )
    return tuple(dict.fromkeys(codes))
