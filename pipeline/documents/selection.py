"""Which documents a run reads: all of them, or those a selection names (ids or file names),
and the ``policy_documents`` rows they make."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipeline.documents.reader import Document, DocumentError, read_documents
from pipeline.warehouse.registry import table


@dataclass
class Selected:
    documents: list[Document]
    errors: list[DocumentError]
    wanted: set[str]  # empty: every document


def wanted_names(names: list[str]) -> set[str]:
    return {Path(name.strip()).name for name in names if name.strip()}


def matches(wanted: set[str], document_id: str | None, path: str) -> bool:
    name = Path(path).name
    return document_id in wanted or name in wanted or Path(name).stem in wanted


def select_documents(folder: Path, names: list[str]) -> Selected:
    """Read the folder; keep the documents ``names`` selects (all when empty). A name that
    matches no file is an error of its own."""
    docs, errors = read_documents(folder)
    wanted = wanted_names(names)
    if not wanted:
        return Selected(docs, errors, wanted)
    docs = [d for d in docs if matches(wanted, d.document_id, d.path)]
    errors = [e for e in errors if matches(wanted, None, e.path)]
    found = {d.document_id for d in docs}
    for path in [d.path for d in docs] + [e.path for e in errors]:
        found |= {Path(path).name, Path(path).stem}
    errors += [
        DocumentError(folder / name, "no document file with this name or id")
        for name in sorted(wanted - found)
    ]
    return Selected(docs, errors, wanted)


def documents_frame(docs: list[Document], loaded_at: datetime) -> pd.DataFrame:
    """The ``policy_documents`` rows of ``docs``."""
    return table("policy_documents").frame(
        [
            {
                "document_id": d.document_id,
                "title": d.title,
                "author": d.author,
                "published": d.published,
                "baseline_year": d.baseline_year,
                "country_iso3": d.country_iso3,
                "language": d.language,
                "source_url": d.source_url,
                "path": Path(d.path).name,
                "format": d.format,
                "document_kind": d.kind,
                "period_start": d.period_start,
                "period_end": d.period_end,
                "inferred": "; ".join(d.inferred) or None,
                "text": d.text,
                "sha256": d.sha256,
                "n_chars": len(d.text),
                "warnings": "; ".join(d.warnings) or None,
                "loaded_at": loaded_at,
            }
            for d in docs
        ]
    )
