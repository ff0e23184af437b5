"""Queries kept as files in ``sql/queries/``, loaded by name; values are bound, never formatted."""

from __future__ import annotations

from functools import cache

from pipeline.config import SQL_DIR


@cache
def query(name: str) -> str:
    """The text of ``sql/queries/<name>.sql``."""
    path = SQL_DIR / "queries" / f"{name}.sql"
    if not path.is_file():
        raise ValueError(f"no query {name!r} in {path.parent}")
    return path.read_text(encoding="utf-8")
