"""The warehouse: atomic replaces, no duplicates on rerun, values only as parameters."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipeline.warehouse.store import Warehouse
from tests.support.frames import countries


def test_replace_twice_leaves_one_copy(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    assert wh.replace({"countries": countries("CHN", "USA")}) == {"countries": 2}
    assert wh.replace({"countries": countries("CHN", "USA")}) == {"countries": 2}
    assert wh.read("select count(*) as n from countries")["n"].iloc[0] == 2


def test_a_failed_replace_keeps_every_previous_table(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.replace({"countries": countries("CHN")})
    bad = countries("USA", "USA")  # violates the primary key while inserting
    with pytest.raises(duckdb.ConstraintException):
        wh.replace({"countries": bad})
    assert list(wh.read("select country_iso3 from countries")["country_iso3"]) == ["CHN"]


def test_tables_are_replaced_together_or_not_at_all(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.replace({"countries": countries("CHN")})
    links = pd.DataFrame(
        {
            "goal_id": ["g", "g"],
            "indicator_code": ["X", "X"],  # duplicate primary key: the second table fails
            "is_primary": [True, True],
            "position": [1, 1],
            "expected_direction": [None, None],
        }
    )
    with pytest.raises(duckdb.ConstraintException):
        wh.replace({"countries": countries("DEU"), "goal_indicators": links})
    assert list(wh.read("select country_iso3 from countries")["country_iso3"]) == ["CHN"]
    assert not wh.exists("goal_indicators")


def test_replace_where_touches_only_the_named_keys(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.replace({"countries": countries("CHN", "USA", "DEU")})
    hostile = "USA'); drop table countries; --"
    new = countries("USA").assign(name="updated")
    wh.replace_where("countries", new, "country_iso3", ["USA", hostile])
    got = wh.read("select country_iso3, name from countries order by 1")
    assert list(got["country_iso3"]) == ["CHN", "DEU", "USA"]
    assert got.set_index("country_iso3").loc["USA", "name"] == "updated"


def test_unknown_tables_are_refused(tmp_path):
    wh = Warehouse(tmp_path / "w.duckdb")
    with pytest.raises(ValueError, match="unknown table"):
        wh.replace({"countries; drop table x": countries("CHN")})
    with pytest.raises(ValueError, match="unknown table"):
        wh.read_table("pg_catalog.x")
