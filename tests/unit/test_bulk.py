"""pipeline.warehouse.bulk: parquet files into the observations table through Arrow."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.warehouse.bulk import BulkLoadError, load_observations

WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def _parquet(tmp_path: Path, rows: list[tuple], name: str = "obs.parquet") -> Path:
    df = pd.DataFrame(rows, columns=["country_iso3", "indicator_code", "year", "value"])
    df["year"] = df["year"].astype("int16")
    path = tmp_path / name
    df.to_parquet(path)
    return path


@pytest.mark.parametrize("keyed", [True, False])
def test_loads_rows_and_drops_nulls(tmp_path: Path, keyed: bool) -> None:
    a = _parquet(tmp_path, [("CHN", "X", 2020, 1.0), ("USA", "X", 2020, None)], "a.parquet")
    b = _parquet(tmp_path, [("CHN", "Y", 2021, 2.5)], "b.parquet")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    loaded = load_observations(
        con, [a, b], source="snap", source_updated="2025-07-01", fetched_at=WHEN, keyed=keyed
    )
    assert (loaded.rows, loaded.indicators) == (2, 2)
    rows = con.execute(
        "select country_iso3, indicator_code, year, value, source, source_updated "
        "from observations order by all"
    ).fetchall()
    assert rows == [
        ("CHN", "X", 2020, 1.0, "snap", "2025-07-01"),
        ("CHN", "Y", 2021, 2.5, "snap", "2025-07-01"),
    ]


@pytest.mark.parametrize("keyed", [True, False])
def test_repeated_keys_fail_and_keep_the_old_table(tmp_path: Path, keyed: bool) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    good = _parquet(tmp_path, [("CHN", "X", 2020, 1.0)], "good.parquet")
    load_observations(con, [good], source="s", source_updated=None, fetched_at=WHEN)
    bad = _parquet(tmp_path, [("CHN", "X", 2020, 1.0), ("CHN", "X", 2020, 2.0)], "bad.parquet")
    with pytest.raises(BulkLoadError, match="repeat"):
        load_observations(con, [bad], source="s", source_updated=None, fetched_at=WHEN, keyed=keyed)
    assert con.execute("select count(*) from observations").fetchone()[0] == 1


def test_bounds_are_checked(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    path = _parquet(tmp_path, [("CHN", "SHARE", 2020, 140.0)])
    with pytest.raises(BulkLoadError, match="CHN SHARE 2020"):
        load_observations(
            con,
            [path],
            source="s",
            source_updated=None,
            fetched_at=WHEN,
            bounds={"SHARE": (0.0, 100.0)},
        )
