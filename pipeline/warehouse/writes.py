"""How each stage writes its tables: whole tables, or only the rows a run is responsible for.

- A run over every document replaces whole tables; a run over some documents replaces only
  their rows (and those an edited file had under its previous id, and the extracted records of
  documents whose id was edited away).
- Statistics from the snapshot replace the whole table; from the live API only the indicators
  fetched, so one that failed keeps its last good rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.sources.load import Staged
from pipeline.warehouse.bulk import load_observations
from pipeline.warehouse.bulk import per_indicator as bulk_per_indicator
from pipeline.warehouse.sql import query
from pipeline.warehouse.store import Warehouse


def write_documents(wh: Warehouse, docs: pd.DataFrame, selected: bool) -> int:
    if not selected:
        return wh.replace({"policy_documents": docs})["policy_documents"]
    keys = set(docs["document_id"]) | _ids_at_paths(wh, list(docs["path"]))
    return wh.replace_where("policy_documents", docs, "document_id", sorted(keys))


def write_extracted(wh: Warehouse, records: pd.DataFrame, documents: list[str] | None) -> int:
    """``documents``: the ids this run re-read (None: every document, the whole table)."""
    if documents is None:
        return wh.replace({"extracted_goals": records})["extracted_goals"]
    keys = sorted(set(documents) | _orphans(wh))
    return wh.replace_where("extracted_goals", records, "document_id", keys)


@dataclass(frozen=True)
class ObservationsWritten:
    rows: int
    per_indicator: pd.DataFrame  # rows, economies, first and last year per indicator


def write_observations(
    wh: Warehouse, staged: Staged, bounds: dict[str, tuple[float | None, float | None]]
) -> ObservationsWritten:
    """One bulk load of the staged files, checked in DuckDB, published once. From a source
    that does not replace the whole table (the API), every indicator not loaded now keeps its
    current rows. Raises ``BulkLoadError`` naming failing rows; the table is then unchanged."""
    keep: list[str] = []
    if not staged.complete and wh.exists("observations"):
        held = set(wh.read(query("indicator_codes_held"))["indicator_code"])
        keep = sorted(held - set(staged.loaded))
    with wh.writing() as con:
        loaded = load_observations(con, staged.scans, keep=keep, bounds=bounds)
        per = bulk_per_indicator(con)
    return ObservationsWritten(loaded.rows, per)


def bounds_of(catalog: pd.DataFrame) -> dict[str, tuple[float | None, float | None]]:
    """Each catalogued indicator's (value_min, value_max), None where open."""

    def bound(v) -> float | None:
        return None if pd.isna(v) else float(v)

    return {
        code: (bound(lo), bound(hi))
        for code, lo, hi in zip(
            catalog["indicator_code"], catalog["value_min"], catalog["value_max"], strict=True
        )
    }


def rows_per_indicator(wh: Warehouse, codes: list[str]) -> dict[str, int]:
    """How many rows each of ``codes`` holds now (what a failed fetch keeps)."""
    if not codes or not wh.exists("observations"):
        return {}
    got = wh.read(query("rows_per_indicator"), {"codes": codes})
    return dict(zip(got["indicator_code"], got["n"], strict=True))


def linked_codes(wh: Warehouse) -> set[str]:
    """Every indicator a goal or claim is linked to."""
    if not wh.exists("goal_indicators"):
        return set()
    return set(wh.read(query("linked_indicator_codes"))["indicator_code"])


def _ids_at_paths(wh: Warehouse, paths: list[str]) -> set[str]:
    if not wh.exists("policy_documents"):
        return set()
    return set(wh.read(query("document_ids_at_paths"), {"paths": paths})["document_id"])


def _orphans(wh: Warehouse) -> set[str]:
    if not wh.exists("extracted_goals") or not wh.exists("policy_documents"):
        return set()
    return set(wh.read(query("orphan_documents"))["document_id"])
