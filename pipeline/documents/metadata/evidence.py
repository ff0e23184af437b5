"""Shared by the metadata rules: a found value with its evidence, a missing one."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.documents.formats import DateHint, Extracted

TOP = 400  # characters: a date or cue this close to the start is the document's own


def found(value: Any, evidence: str, source: str = "text") -> dict[str, Any]:
    return {"value": value, "inferred": True, "source": source, "evidence": evidence}


def missing() -> dict[str, Any]:
    return {"value": None, "inferred": True, "source": None, "evidence": None}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def declared(value: Any, evidence: str) -> dict[str, Any]:
    """A value the document's own header states: not inferred."""
    return {"value": value, "inferred": False, "source": "header", "evidence": evidence}


@dataclass(frozen=True)
class Hints:
    """What the file's own metadata says (HTML meta tags, PDF info, front matter)."""

    title: str | None = None
    date: str | None = None
    date_source: str | None = None
    title_source: str | None = None

    @classmethod
    def of(cls, hints: Extracted | Mapping[str, Any] | None) -> Hints:
        if hints is None:
            return cls()
        if isinstance(hints, Extracted):
            dh = hints.date_hint
            return cls(
                hints.title_hint,
                dh.value if dh else None,
                dh.source if dh else None,
                hints.title_source,
            )
        dh = hints.get("date_hint") or hints.get("date") or hints.get("published")
        if isinstance(dh, DateHint):
            return cls(hints.get("title_hint") or hints.get("title"), dh.value, dh.source)
        return cls(
            hints.get("title_hint") or hints.get("title"),
            str(dh) if dh else None,
            "hint" if dh else None,
        )
