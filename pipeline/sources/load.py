"""Stage a source's indicators for the ``observations`` table, failures named, not swallowed.

Every indicator a run loads ends up in a parquet file before it reaches DuckDB, so the table is
written by one bulk load (``pipeline.warehouse.bulk``) however many indicators there are:

- the snapshot's files already are such files: a run reads the rows of the indicators it wants
  straight from them (``SnapshotSource.scans``), with no copy;
- an indicator from the API is written to ``<staging>/<code>.parquet`` as soon as it arrives
  (one indicator's frame in memory at a time, never the whole table), replacing its previous
  file only once the new one is whole. One that fails keeps its last good file, and its rows
  in the table.

``stage_one`` does the same for a single indicator: the ``observation_files`` partitions run it,
one indicator per step, on whichever worker the executor picks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.sources.base import Fetched
from pipeline.warehouse.bulk import Scan
from pipeline.warehouse.registry import table
from pipeline.warehouse.sqlchecks import violations

_CODE = re.compile(r"[A-Za-z0-9_.]+")


class Source(Protocol):
    name: str
    complete: bool  # whether a run replaces the whole observations table

    def wanted(self, codes: set[str]) -> list[str]: ...
    def observations(self, codes: list[str]): ...  # yields Fetched
    def countries(self) -> pd.DataFrame: ...


@dataclass
class Staged:
    """What a run will load: the files, and per indicator whether it was staged and why not."""

    scans: list[Scan] = field(default_factory=list)
    complete: bool = True
    loaded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # indicator -> the error, in words
    missing: list[str] = field(default_factory=list)  # asked for, not held by the source
    requests: int = 0
    rows: int = 0  # rows written to staged files

    def errors_md(self) -> str:
        lines = [f"- **{code}** failed: {why}" for code, why in self.failed.items()]
        lines += [f"- {code}: not held by the source" for code in self.missing]
        return "\n".join(lines)


INDICATOR_SETS = ("catalogue", "linked", "all")


def wanted_codes(
    source: Source,
    which: str,
    catalogue: set[str],
    linked: set[str],
    series: Callable[[], set[str]],
) -> list[str]:
    """The indicators a run loads (``POLICY_TRACKER_INDICATORS``): ``catalogue`` the
    catalogue's and those goals link to (and, from the snapshot, every curated one);
    ``linked`` only those goals link to; ``all`` every series the source holds (the snapshot's
    files; for the API, the WDI series list ``series()``) as well."""
    if which not in INDICATOR_SETS:
        raise ValueError(
            f"POLICY_TRACKER_INDICATORS must be one of {INDICATOR_SETS}, not {which!r}"
        )
    if which == "linked":
        return sorted(linked)
    wanted = set(source.wanted(catalogue | linked))
    if which == "all":
        wanted |= set(source.held()) if hasattr(source, "held") else series()
    return sorted(wanted)


def stage(source: Source, codes: list[str], folder: Path) -> Staged:
    """Every indicator in ``codes``, ready to load: the snapshot's own files, or one staged
    file per indicator fetched from the API into ``folder``."""
    if hasattr(source, "scans"):
        scans, missing = source.scans(codes)
        held = sorted(set(codes) - set(missing))
        return Staged(scans, source.complete, held, {}, missing)
    out = Staged(complete=source.complete)
    files: list[str] = []
    for fetched in source.observations(codes):
        path = _take(out, fetched, folder)
        if path is not None:
            files.append(str(path))
    out.scans = [Scan(tuple(files))]
    out.loaded.sort()
    return out


class StagedInvalid(ValueError):
    """A staged file broke the table's rules; it did not replace the last good one."""

    def __init__(self, code: str, failures: pd.DataFrame, rows: int):
        super().__init__(f"{code}: {len(failures):,} failing rows; the last good file stays")
        self.failures = failures
        self.rows = rows


def stage_one(source: Source, code: str, folder: Path) -> tuple[Path | None, Staged]:
    """One indicator into ``folder/<code>.parquet`` (from the snapshot or the API), held to
    the observations table's rules (as SQL over the file) before it replaces the last good
    file: ``StagedInvalid`` names the failing rows."""
    out = Staged(complete=False)
    (fetched,) = list(source.observations([code]))
    return _take(out, fetched, folder, checked=True), out


def from_staged(codes: list[str], folder: Path) -> Staged:
    """The files ``observation_files`` staged for ``codes``; a code with none is named as
    failed and keeps its current rows."""
    found = {code: folder / f"{code}.parquet" for code in codes if _CODE.fullmatch(code)}
    have = {code: path for code, path in found.items() if path.exists()}
    failed = {
        code: f"{code}: no staged file in {folder} (materialize observation_files for it)"
        for code in codes
        if code not in have
    }
    return Staged([Scan(tuple(str(p) for p in have.values()))], False, sorted(have), failed)


def _take(out: Staged, fetched: Fetched, folder: Path, checked: bool = False) -> Path | None:
    code = fetched.indicator_code
    if fetched.error is None:
        path = write_staged(fetched.rows, folder, code, checked=checked)
        out.loaded.append(code)
        out.requests += fetched.requests
        out.rows += len(fetched.rows)
        return path
    if isinstance(fetched.error, LookupError):
        out.missing.append(code)
    else:
        out.failed[code] = str(fetched.error)
    return None


def write_staged(rows: pd.DataFrame, folder: Path, code: str, checked: bool = False) -> Path:
    """``rows`` (the observations table's columns) as ``folder/<code>.parquet``, replacing the
    previous file only once the new one is whole (and, ``checked``, has passed the table's
    rules). A NaN stays a NaN, for the checks to name."""
    if not _CODE.fullmatch(code):
        raise ValueError(f"not an indicator code: {code!r}")
    folder.mkdir(parents=True, exist_ok=True)
    cols = table("observations").column_names
    rows = rows[cols]
    arrays = {
        c: pa.array(rows[c].to_numpy(), type=pa.float64()) if c == "value" else rows[c]
        for c in cols
    }
    data = pa.table({c: v if isinstance(v, pa.Array) else pa.array(v) for c, v in arrays.items()})
    path = folder / f"{code}.parquet"
    tmp = folder / f".{code}.parquet.tmp"
    pq.write_table(data, tmp)
    if checked:
        failures = staged_violations(tmp)
        if not failures.empty:
            tmp.unlink()
            raise StagedInvalid(code, failures, data.num_rows)
    tmp.replace(path)
    return path


def staged_violations(path: Path) -> pd.DataFrame:
    """The rows of a staged file that break the observations table's rules (SQL, in DuckDB)."""
    with duckdb.connect() as con:
        con.read_parquet(str(path)).create_view("staged")
        return violations(con, table("observations"), "staged")
