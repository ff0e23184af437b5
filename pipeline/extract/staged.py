"""Documents staged one file at a time (the ``document_files`` partitions), and the load that
gathers them into ``policy_documents`` and ``extracted_goals``.

A staged document is two parquet files in the staging folder, named after the document's file
(the partition key): ``<file>.document.parquet``, its ``policy_documents`` row plus
``file_sha256``, the hash of the bytes it was read from; and ``<file>.records.parquet``, its
``extracted_goals`` rows. Each replaces the previous one only once it is whole, so a document
that fails keeps its last good files.

The load goes by the documents folder as it is now, never by what happens to be staged: a file
whose staged row has its current hash is taken as staged; a file not staged yet, or changed
since, is read (and its records extracted) in the load itself; a staged file whose document is
gone is left out. So a load is always the folder's truth, and the partitions only decide how
much of the work was done before it, and where.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipeline.catalog import Catalogue
from pipeline.documents import DocumentError, read_documents
from pipeline.documents.reader import document_files, file_sha256, size_limit
from pipeline.documents.selection import documents_frame
from pipeline.extract import extract_documents
from pipeline.warehouse.registry import table

FILE_HASH = "file_sha256"  # a staged document row's extra column: the bytes it was read from


@dataclass
class StagedDocument:
    name: str  # the document's file name: its partition key
    document: pd.DataFrame  # its one policy_documents row, and FILE_HASH
    records: pd.DataFrame  # its extracted_goals rows


def stage_file(folder: Path, name: str, catalogue: Catalogue, at: datetime) -> StagedDocument:
    """Read ``folder/name`` and extract its records. Raises ``DocumentError`` naming why a
    file cannot be read (or is not there)."""
    path = folder / name
    docs, errors = read_documents(folder, only={name})
    if errors:
        raise errors[0]
    if not docs:
        raise DocumentError(path, "no document file with this name")
    frame = documents_frame(docs, at)
    records = extract_documents(frame, catalogue)
    return StagedDocument(name, frame.assign(**{FILE_HASH: file_sha256(path)}), records)


def write_staged(staged: StagedDocument, staging: Path) -> None:
    """Both files, each written beside its final name and then moved over it. The document
    row goes last: its hash is what a load trusts, so a crash between the two leaves a row
    that no longer matches and the load reads the file again."""
    staging.mkdir(parents=True, exist_ok=True)
    parts = [("records", staged.records), ("document", staged.document)]
    for part, frame in parts:
        tmp = staging / f".{staged.name}.{part}.parquet.tmp"
        frame.to_parquet(tmp, index=False)
    for part, _ in parts:
        (staging / f".{staged.name}.{part}.parquet.tmp").replace(
            staging / f"{staged.name}.{part}.parquet"
        )


def _staged_row(staging: Path, name: str) -> pd.DataFrame | None:
    path = staging / f"{name}.document.parquet"
    return pd.read_parquet(path) if path.is_file() else None


@dataclass
class Gathered:
    """The documents a load takes: ``frame`` (policy_documents rows, FILE_HASH dropped)."""

    frame: pd.DataFrame
    staged: list[str] = field(default_factory=list)  # file names taken as staged
    read: list[str] = field(default_factory=list)  # read now: not staged, or changed since
    errors: list[DocumentError] = field(default_factory=list)


def _hashable(path: Path) -> bool:
    """A regular file within its format's size limit: one worth hashing (a device or a huge
    file is left to the reader, which names it)."""
    return path.is_file() and path.stat().st_size <= size_limit(path)


def gather_documents(folder: Path, staging: Path, at: datetime) -> Gathered:
    """Every document in ``folder``: from its staged row when that row has the file's current
    hash, else read now. Two files with one id: the first (by file name) wins, the other is
    an error, as in a run that reads them all."""
    rows, staged, to_read = [], [], set()
    for path in document_files(folder):
        row = _staged_row(staging, path.name) if _hashable(path) else None
        if row is not None and row[FILE_HASH].iloc[0] == file_sha256(path):
            rows.append(row.drop(columns=[FILE_HASH]))
            staged.append(path.name)
        else:
            to_read.add(path.name)
    docs, errors = read_documents(folder, only=to_read)
    if docs:
        rows.append(documents_frame(docs, at))
    frame = table("policy_documents").frame(pd.concat(rows, ignore_index=True) if rows else [])
    frame = frame.sort_values("path", kind="stable").reset_index(drop=True)
    twice = frame["document_id"].duplicated()
    for _, dup in frame[twice].iterrows():
        first = frame.loc[frame["document_id"] == dup["document_id"], "path"].iloc[0]
        errors.append(
            DocumentError(
                folder / dup["path"], f"id {dup['document_id']!r} is also used by {first}"
            )
        )
    frame = frame[~twice].reset_index(drop=True)
    staged = [n for n in staged if n in set(frame["path"])]
    return Gathered(frame, staged, sorted(set(frame["path"]) - set(staged)), errors)


def gather_records(
    documents: pd.DataFrame, staging: Path, catalogue: Catalogue
) -> tuple[pd.DataFrame, list[str]]:
    """The extracted_goals rows of ``documents`` (policy_documents rows): a document's staged
    records when its staged row was read from the same text (same sha256), else extracted
    now. Returns the rows and the ids that had to be extracted now."""
    parts, fresh = [], []
    for i, doc in documents.iterrows():
        row = _staged_row(staging, doc["path"])
        records = staging / f"{doc['path']}.records.parquet"
        same = row is not None and row["sha256"].iloc[0] == doc["sha256"]
        if same and records.is_file():
            parts.append(pd.read_parquet(records))
        else:
            fresh.append(i)
    if fresh:
        parts.append(extract_documents(documents.loc[fresh], catalogue))
    if not parts:
        return extract_documents(documents.iloc[:0], catalogue), []
    out = table("extracted_goals").frame(pd.concat(parts, ignore_index=True))
    return out, sorted(documents.loc[fresh, "document_id"])
