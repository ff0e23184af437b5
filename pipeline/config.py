"""Where things live and which settings come from the environment.

Every setting has a default that works in a fresh clone with no network:

- ``POLICY_TRACKER_DB``      the DuckDB file (default ``warehouse/policy.duckdb``)
- ``POLICY_TRACKER_SOURCE``  ``snapshot`` (default: the real WDI values shipped in
  ``data/snapshot/``) or ``live`` (the World Bank API)
- ``WORLDBANK_API_URL``      the API's base URL (default ``https://api.worldbank.org/v2``)
- ``POLICY_TRACKER_REPORTS`` where the scorecard report is written (default ``reports/``)
- ``POLICY_TRACKER_DOCUMENTS`` the folder of policy documents (default ``data/documents/``)
- ``POLICY_TRACKER_PEERS``   the economies every goal is set beside in ``goal_context``:
  comma-separated ISO3 codes (default ``USA,DEU,JPN,KOR,IND``; empty means no peers)
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DOCUMENTS_DIR = DATA_DIR / "documents"
CATALOG_DIR = DATA_DIR / "catalog"
SNAPSHOT_DIR = DATA_DIR / "snapshot"
SQL_DIR = ROOT / "sql"

SOURCES = ("snapshot", "live")
DEFAULT_PEERS = "USA,DEU,JPN,KOR,IND"
ISO3 = re.compile(r"[A-Z]{3}")


def db_path() -> Path:
    return Path(os.environ.get("POLICY_TRACKER_DB", ROOT / "warehouse" / "policy.duckdb"))


def reports_dir() -> Path:
    return Path(os.environ.get("POLICY_TRACKER_REPORTS", ROOT / "reports"))


def documents_dir() -> Path:
    return Path(os.environ.get("POLICY_TRACKER_DOCUMENTS", DOCUMENTS_DIR))


def source() -> str:
    value = os.environ.get("POLICY_TRACKER_SOURCE", "snapshot").strip().lower()
    if value not in SOURCES:
        raise ValueError(f"POLICY_TRACKER_SOURCE must be one of {SOURCES}, not {value!r}")
    return value


def peers() -> tuple[str, ...]:
    """The peer economies, in the order given, each once; a code that is not three upper-case
    letters (``usa``, ``US``, ``U.S``) raises a ValueError naming it."""
    raw = os.environ.get("POLICY_TRACKER_PEERS", DEFAULT_PEERS)
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    bad = [c for c in codes if not ISO3.fullmatch(c)]
    if bad:
        raise ValueError(
            f"POLICY_TRACKER_PEERS must be comma-separated ISO3 codes (three upper-case letters, "
            f"e.g. {DEFAULT_PEERS!r}); not ISO3: {', '.join(repr(c) for c in bad)}"
        )
    return tuple(dict.fromkeys(codes))
