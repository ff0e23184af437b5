"""Infer a document's metadata from its text when it has no header.

:func:`infer_metadata` returns, for each field, the value, whether it was inferred, where it
came from and the words it was inferred from::

    {"published": {"value": "2018-03-05", "inferred": True, "source": "text",
                   "evidence": "BEIJING, March 5 (Xinhua) --"}, ...}

Fields: ``published`` (ISO date), ``country`` (ISO3; EUU for the European Union), ``title``,
``document_kind`` and ``period`` (``{"start": 2021, "end": 2025}``). A field not found has
``value`` None.

Rules are cue words and regular expressions, each rule's evidence kept: dates are found by a
regex of candidate patterns and only the matched strings are parsed (python-dateutil), so
nothing scans the whole text for things that merely look like dates; the issuer ("State
Council", "Lok Sabha", "The White House") decides the country before the economy the text
mentions most (country names from pycountry plus a table of demonyms).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipeline.documents.formats import Extracted
from pipeline.documents.metadata.country import infer_country
from pipeline.documents.metadata.dates import infer_published
from pipeline.documents.metadata.describe import infer_kind, infer_period, infer_title
from pipeline.documents.metadata.evidence import Hints

FIELDS = ("published", "country", "title", "document_kind", "period")


def infer_metadata(
    text: str, hints: Extracted | Mapping[str, Any] | None = None
) -> dict[str, dict[str, Any]]:
    """Infer published, country, title, document_kind and period from a document's text."""
    h = Hints.of(hints)
    published = infer_published(text, h)
    country = infer_country(text)
    kind = infer_kind(f"{h.title}\n{text}" if h.title else text)
    year = int(published["value"][:4]) if published["value"] else None
    title = infer_title(text, h)
    return {
        "published": published,
        "country": country,
        "title": title,
        "document_kind": kind,
        "period": infer_period(text, kind["value"], country["value"], year, _real_title(title)),
    }


def _real_title(title: dict[str, Any]) -> str | None:
    """A title read from a heading or the file's metadata; not a first line cut short."""
    return None if str(title.get("evidence") or "").startswith("no heading") else title["value"]
