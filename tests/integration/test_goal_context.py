"""goal_context and v_peer_context after a full materialization on the shipped snapshot."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.config import DEFAULT_PEERS, parse_peers

PEERS = parse_peers(DEFAULT_PEERS)  # what tests.support.pipeline.resources sets

SEED_ID = "new_industrialization_2023"
CODE = "NV.IND.MANF.ZS"


@pytest.fixture(scope="module")
def seed_rows(run) -> pd.DataFrame:
    """v_peer_context for the seed goal "keep the proportion of manufacturing in GDP basically
    stable" on NV.IND.MANF.ZS for China."""
    _, wh, _ = run
    goal_id = wh.read(
        "select goal_id from policy_goals where document_id = ? and kind = ? and theme = ?",
        [SEED_ID, "goal", "manufacturing_share"],
    )["goal_id"]
    assert len(goal_id) == 1, goal_id
    rows = wh.read(
        "select * from v_peer_context where goal_id = ? and indicator_code = ?",
        [goal_id.iloc[0], CODE],
    )
    assert not rows.empty
    return rows


def test_goal_context_is_written_and_the_view_made(run):
    _, wh, result = run
    assert wh.count("goal_context") > 0
    assert wh.exists("v_peer_context")
    (mat,) = [
        m for m in result.get_asset_materialization_events() if m.asset_key.path == ["goal_context"]
    ]
    assert mat.materialization.metadata["dagster/row_count"].value == wh.count("goal_context")
    # every goal x indicator has exactly one goal-country row, and the view shows every row
    per_pair = wh.read(
        "select goal_id, indicator_code, count(*) filter (where role = ?) as own "
        "from goal_context group by all",
        ["goal country"],
    )
    assert set(per_pair["own"]) == {1}
    assert len(wh.read("select * from v_peer_context")) == wh.count("goal_context")


def test_seed_goal_rows_name_the_world_the_income_group_and_the_peers(run, seed_rows):
    _, wh, _ = run
    has_umc = wh.read(
        "select count(*) as n from observations where country_iso3 = ? and indicator_code = ?",
        ["UMC", CODE],
    )["n"].iloc[0]
    assert seed_rows["country"].unique().tolist() == ["CHN"]
    assert seed_rows["role"].tolist() == [
        "goal country",
        "world",
        "income group",
        *["peer"] * len(PEERS),
    ]
    assert seed_rows["economy"].tolist() == ["CHN", "WLD", "UMC", *PEERS]
    assert seed_rows["economy_name"].tolist()[:3] == ["China", "World", "Upper middle income"]
    umc = seed_rows[seed_rows["economy"] == "UMC"].iloc[0]
    if has_umc:
        assert pd.notna(umc["value"])
    else:  # the snapshot holds no UMC value for this indicator: the row says so
        assert pd.isna(umc["value"]) and "no value for UMC" in umc["note"]
    # WLD and every peer hold values for manufacturing share
    others = seed_rows[seed_rows["economy"] != "UMC"]
    assert others["value"].notna().all(), others


def test_seed_goal_values_equal_the_observations(run, seed_rows):
    _, wh, _ = run
    latest = wh.read(
        "select max(year) as y from observations where country_iso3 = ? and indicator_code = ?",
        ["CHN", CODE],
    )["y"].iloc[0]
    assert set(seed_rows["year"]) == {latest}
    valued = seed_rows.dropna(subset=["value"])
    for r in valued.itertuples(index=False):
        assert r.value_year <= r.year
        want = wh.read(
            "select value from observations "
            "where country_iso3 = ? and indicator_code = ? and year = ?",
            [r.economy, CODE, int(r.value_year)],
        )["value"]
        assert want.tolist() == [r.value], r
        newer = wh.read(
            "select count(*) as n from observations "
            "where country_iso3 = ? and indicator_code = ? and year > ? and year <= ?",
            [r.economy, CODE, int(r.value_year), int(r.year)],
        )["n"].iloc[0]
        assert newer == 0, r  # the latest value at or before the goal country's year
    own = seed_rows[seed_rows["role"] == "goal country"].iloc[0]
    assert set(seed_rows["goal_country_value"]) == {own["value"]}


def test_seed_goal_rank_is_among_economies_only(run, seed_rows):
    _, wh, _ = run
    year = int(seed_rows["year"].iloc[0])
    ranked = wh.read(
        "select o.country_iso3, o.value from observations as o "
        "inner join countries as c using (country_iso3) "
        "where o.indicator_code = ? and o.year = ? and not c.is_aggregate",
        [CODE, year],
    )
    china = ranked.loc[ranked["country_iso3"] == "CHN", "value"].iloc[0]
    want = f"{int((ranked['value'] > china).sum()) + 1} of {len(ranked)}"
    assert set(seed_rows["goal_country_rank"]) == {want}
    assert set(seed_rows["rank_note"]) == {"1 = highest value"}
