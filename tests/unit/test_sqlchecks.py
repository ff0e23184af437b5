"""The registry's rules as SQL (pipeline/warehouse/sqlchecks.py) agree with pandera's."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipeline.warehouse.registry import TABLES, table
from pipeline.warehouse.schemas import schema_for, validate
from pipeline.warehouse.sqlchecks import rules, violations
from tests.unit.test_schemas import BOUNDS, KEY, obs

SQL_BOUNDS = {"NV.IND.MANF.ZS": (0.0, 100.0)}
CASES = {
    "valid": {},
    "share of 250%": {"value": [250.0, 10.3]},
    "year 1800": {"year": [1800, 2022]},
    "repeated key": {"country_iso3": ["CHN", "CHN"]},
    "infinite": {"value": [float("inf"), 10.3]},
    "not a number": {"value": [float("nan"), 10.3]},
    "no source": {"source": [None, "snapshot"]},
    "injected code": {"country_iso3": ["CHN", "us'; drop table x"]},
}


def sql_failures(df: pd.DataFrame) -> pd.DataFrame:
    con = duckdb.connect()
    con.register("incoming", df)
    con.execute("create table observations as select * from incoming")
    return violations(con, table("observations"), "observations", SQL_BOUNDS)


@pytest.mark.parametrize("overrides", CASES.values(), ids=CASES.keys())
def test_sql_rules_name_the_rows_pandera_names(overrides):
    df = obs(**overrides)
    pandera = validate(schema_for("observations", BOUNDS), df, "observations", KEY).failures
    sql = sql_failures(df)
    named = {tuple(r) for r in pandera[KEY].astype(str).itertuples(index=False)}
    assert {tuple(r) for r in sql[KEY].astype(str).itertuples(index=False)} == named
    assert sql.empty == pandera.empty


def test_each_rule_keeps_pandera_label():
    labels = set(sql_failures(obs(year=[1800, 2022], value=[250.0, float("nan")]))["check"])
    assert labels == {"in_range(1950, 2100)", "out of bounds", "not_nullable"}


COLUMN_RULES_ONLY = sorted(n for n in TABLES if not table(n).checks)


def test_observations_rules_all_have_a_sql_form():
    assert "observations" in COLUMN_RULES_ONLY


@pytest.mark.parametrize("name", COLUMN_RULES_ONLY)
def test_every_rule_of_a_table_without_table_wide_checks_translates(name):
    """A rule with no SQL form raises rather than being skipped."""
    spec = table(name)
    expected = sum(len(c.checks) + (not c.nullable) for c in spec.columns)
    assert len(rules(spec)) == expected
