"""Answer keys in one shape, whatever file they come from.

- ``eval/*.yaml``: keys of the shipped documents (``data/documents/``, with headers);
- ``eval/keys/*.yaml``: the development set, exhaustive keys of documents as published
  (``eval/documents/``, no header; ``files`` may list the same document as .txt and .html);
- ``eval/outcomes/*.yaml``: quantified targets with their official outcomes (not exhaustive);
- ``eval/holdout/*.yaml``: the same, keyed separately and held out: measured, never tuned on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.config import DOCUMENTS_DIR, ROOT

EVAL = ROOT / "eval"


@dataclass
class Item:
    id: str
    kind: str  # goal | claim | funding
    quote: str
    direction: str | None = None
    target_value: float | None = None
    target_year: int | None = None
    quantified: bool = False
    country: str | None = None
    indicators: list[str] = field(default_factory=list)
    outcome: dict | None = None  # outcome keys: outcome, judged_as, measure, wdi_fit, ...

    @property
    def is_target(self) -> bool:
        """A quantified goal: what the product must find and judge."""
        return self.kind == "goal" and self.quantified


OUTCOME_FOLDERS = ("outcomes", "holdout")


@dataclass
class Key:
    document_id: str
    files: list[Path]
    country: str | None
    published: str | None
    exhaustive: bool
    source: Path
    items: list[Item]


def _item(raw: dict, outcome: bool = False) -> Item:
    value = raw.get("target_value")
    if isinstance(value, list):  # "between 3% and 5%": the key gives [low, high]
        value = value[-1]
    year = raw.get("deadline") if outcome else raw.get("target_year")
    return Item(
        id=raw["id"],
        kind="goal" if outcome else raw["kind"],
        quote=raw["quote"],
        direction=raw.get("direction"),
        target_value=None if value is None else float(value),
        target_year=None if year is None else int(year),
        quantified=outcome or bool(raw.get("quantified", value is not None)),
        country=raw.get("country"),
        indicators=list(raw.get("indicators") or []),
        outcome=raw if outcome else None,
    )


def load(path: Path) -> Key:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc = raw["document"]
    outcome = "targets" in raw
    if "files" in doc or "file" in doc:
        files = [ROOT / f for f in doc.get("files") or [doc["file"]]]
    else:  # a shipped document, with its header
        files = [DOCUMENTS_DIR / f"{doc['id']}.txt"]
    items = [_item(i, outcome) for i in raw.get("targets" if outcome else "items") or []]
    return Key(
        document_id=doc["id"],
        files=files,
        country=doc.get("country"),
        published=str(doc.get("published")) if doc.get("published") else None,
        exhaustive=bool(doc.get("exhaustive", not outcome)),
        source=path,
        items=items,
    )


def all_keys() -> list[Key]:
    paths = [*sorted(EVAL.glob("*.yaml")), *sorted((EVAL / "keys").glob("*.yaml"))]
    paths += sorted((EVAL / "outcomes").glob("*.yaml"))
    paths += sorted((EVAL / "holdout").glob("*.yaml"))
    return [load(p) for p in paths]
