"""Staging statistics for the bulk load: which indicators, from where, and what a failure keeps."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.sources import SnapshotSource
from pipeline.sources.base import Fetched
from pipeline.sources.load import from_staged, stage, stage_one, wanted_codes, write_staged
from pipeline.warehouse.bulk import Scan

MANF = "NV.IND.MANF.ZS"
BULK = "AG.LND.AGRI.ZS"  # held only by the snapshot's bulk file


class Flaky:
    """A source like the API whose fetch of ``broken`` fails."""

    name, complete = "live", False

    def __init__(self, broken: str = ""):
        self.broken = broken
        self.snapshot = SnapshotSource()

    def wanted(self, codes):
        return sorted(codes)

    def observations(self, codes):
        for fetched in self.snapshot.observations(codes):
            if fetched.indicator_code == self.broken:
                yield Fetched(self.broken, None, ConnectionError("HTTP 502 from the API"))
            else:
                yield fetched


def test_indicator_sets():
    snap = SnapshotSource()
    curated = set(snap.available())
    catalogue = wanted_codes(snap, "catalogue", {MANF}, {"X.LINKED"}, set)
    assert set(catalogue) == curated | {MANF, "X.LINKED"}
    assert wanted_codes(snap, "linked", {MANF}, {"X.LINKED"}, set) == ["X.LINKED"]
    everything = wanted_codes(snap, "all", {MANF}, set(), set)
    assert BULK in everything and len(everything) > 300
    assert wanted_codes(Flaky(), "all", set(), set(), lambda: {"A.B", "C.D"}) == ["A.B", "C.D"]
    with pytest.raises(ValueError, match="POLICY_TRACKER_INDICATORS"):
        wanted_codes(snap, "everything", set(), set(), set)


def test_the_snapshot_is_read_in_place_and_names_what_it_lacks(tmp_path: Path):
    staged = stage(SnapshotSource(), [MANF, BULK, "NOT.HELD"], tmp_path)
    assert staged.loaded == sorted([MANF, BULK]) and staged.missing == ["NOT.HELD"]
    assert all(isinstance(s, Scan) and s.provenance is not None for s in staged.scans)
    assert not list(tmp_path.iterdir()), "nothing copied"


def test_a_failed_fetch_keeps_its_last_good_file(tmp_path: Path):
    path, staged = stage_one(Flaky(), MANF, tmp_path)
    assert path == tmp_path / f"{MANF}.parquet" and staged.loaded == [MANF]
    before = pd.read_parquet(path)
    assert staged.rows == len(before) > 0
    path, staged = stage_one(Flaky(broken=MANF), MANF, tmp_path)
    assert path is None and "HTTP 502" in staged.failed[MANF]
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{MANF}.parquet"), before)
    assert not list(tmp_path.glob(".*.tmp"))


def test_loading_staged_files_names_those_never_staged(tmp_path: Path):
    stage_one(Flaky(), MANF, tmp_path)
    staged = from_staged([MANF, BULK], tmp_path)
    assert staged.loaded == [MANF] and not staged.complete
    assert "observation_files" in staged.failed[BULK]


def test_a_nan_stays_a_nan_for_the_checks(tmp_path: Path):
    rows = next(SnapshotSource().observations([MANF])).rows.head(2).copy()
    rows.loc[rows.index[0], "value"] = float("nan")
    path = write_staged(rows, tmp_path, MANF)
    assert pq.read_table(path).column("value").null_count == 0


def test_a_code_that_is_not_a_file_name_is_refused(tmp_path: Path):
    rows = next(SnapshotSource().observations([MANF])).rows.head(1)
    with pytest.raises(ValueError, match="not an indicator code"):
        write_staged(rows, tmp_path, "../../etc/passwd")
