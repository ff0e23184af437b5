"""Goal context: the world, the income group, the peers and the rank, on small hand-made frames."""

from __future__ import annotations

import pandas as pd
import pytest

from assets.resources import ComparisonResource, default_resources
from pipeline.compare.context import RANK_NOTE_DECREASE, goal_context
from pipeline.warehouse.registry import table

GOAL_CONTEXT_COLUMNS = table("goal_context").column_names

PEERS = ("USA", "DEU", "JPN", "KOR", "IND")
CODE = "NV.IND.MANF.ZS"

COUNTRIES = pd.DataFrame(
    [
        ("CHN", "China", "Upper middle income", False),
        ("USA", "United States", "High income", False),
        ("DEU", "Germany", "High income", False),
        ("JPN", "Japan", "High income", False),
        ("KOR", "Korea, Rep.", "High income", False),
        ("IND", "India", "Lower middle income", False),
        ("VEN", "Venezuela, RB", "Not classified", False),
        ("WLD", "World", "Aggregates", True),
        ("UMC", "Upper middle income", "Aggregates", True),
        ("HIC", "High income", "Aggregates", True),
    ],
    columns=["country_iso3", "name", "income_group", "is_aggregate"],
)


def obs(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["country_iso3", "indicator_code", "year", "value"])


# 2022 is CHN's latest year. Aggregates hold the largest values, so ranking them would move CHN.
OBS = obs(
    [
        ("CHN", CODE, 2021, 27.0),
        ("CHN", CODE, 2022, 26.0),
        ("WLD", CODE, 2022, 90.0),
        ("UMC", CODE, 2022, 80.0),
        ("HIC", CODE, 2022, 70.0),
        ("USA", CODE, 2022, 10.0),
        ("USA", CODE, 2023, 11.0),  # after CHN's year: never used for CHN's goals
        ("DEU", CODE, 2022, 18.0),
        ("JPN", CODE, 2020, 20.0),  # no 2021 or 2022: falls back to 2020
        ("KOR", CODE, 2022, 30.0),
        ("IND", CODE, 2022, 13.0),
        ("VEN", CODE, 2022, 5.0),
    ]
)


def goals(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(goal_id, kind, country_iso3) -> a policy_goals frame."""
    return pd.DataFrame(
        [(g, "doc", kind, country) for g, kind, country in rows],
        columns=["goal_id", "document_id", "kind", "country_iso3"],
    )


def links(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """(goal_id, indicator_code, expected_direction) -> a goal_indicators frame."""
    return pd.DataFrame(
        [(g, code, i == 0, i, d) for i, (g, code, d) in enumerate(rows)],
        columns=["goal_id", "indicator_code", "is_primary", "position", "expected_direction"],
    )


def run(goal_rows, link_rows, observations=OBS, countries=COUNTRIES, peers=PEERS):
    return goal_context(goals(*goal_rows), links(*link_rows), observations, countries, peers)


def by_economy(df: pd.DataFrame) -> dict:
    return {r.economy_iso3: r for r in df.itertuples(index=False)}


def test_one_row_per_comparator_in_order():
    df = run([("g1", "goal", "CHN")], [("g1", CODE, "maintain")])
    assert list(df.columns) == GOAL_CONTEXT_COLUMNS
    assert list(zip(df["role"], df["economy_iso3"], strict=True)) == [
        ("goal country", "CHN"),
        ("world", "WLD"),
        ("income group", "UMC"),
        ("peer", "USA"),
        ("peer", "DEU"),
        ("peer", "JPN"),
        ("peer", "KOR"),
        ("peer", "IND"),
    ]
    assert df["economy_order"].tolist() == list(range(8))
    assert df["economy_name"].tolist()[:3] == ["China", "World", "Upper middle income"]
    assert set(df["goal_id"]) == {"g1"} and set(df["country_iso3"]) == {"CHN"}


def test_values_in_the_goal_countrys_latest_year():
    df = run([("g1", "goal", "CHN")], [("g1", CODE, "maintain")])
    rows = by_economy(df)
    assert set(df["year"]) == {2022}
    assert set(df["goal_country_value"]) == {26.0}
    assert rows["CHN"].value == 26.0
    assert rows["WLD"].value == 90.0
    assert rows["UMC"].value == 80.0
    assert (rows["USA"].value, rows["USA"].value_year) == (10.0, 2022)  # not 2023's 11.0
    assert rows["DEU"].value == 18.0
    assert rows["IND"].value == 13.0
    assert pd.isna(rows["CHN"].note) and pd.isna(rows["WLD"].note)


def test_comparator_falls_back_to_its_latest_year_before_and_says_so():
    df = run([("g1", "goal", "CHN")], [("g1", CODE, "maintain")])
    jpn = by_economy(df)["JPN"]
    assert (jpn.year, jpn.value_year, jpn.value) == (2022, 2020, 20.0)
    assert "2020" in jpn.note and "2022" in jpn.note


def test_comparator_with_values_only_after_the_year_has_none():
    later = obs(
        [r for r in OBS.itertuples(index=False) if r[0] != "KOR"] + [("KOR", CODE, 2023, 1)]
    )
    kor = by_economy(run([("g1", "goal", "CHN")], [("g1", CODE, "maintain")], later))["KOR"]
    assert pd.isna(kor.value) and pd.isna(kor.value_year)
    assert kor.note == "no value for KOR in or before 2022"


def test_rank_leaves_aggregates_out_and_is_on_every_row():
    df = run([("g1", "goal", "CHN")], [("g1", CODE, "maintain")])
    # 2022 among economies: KOR 30, CHN 26, DEU 18, IND 13, USA 10, VEN 5 (JPN has no 2022)
    assert set(df["rank"]) == {2}
    assert set(df["economies_ranked"]) == {6}
    assert set(df["rank_note"]) == {"1 = highest value"}


def test_ties_share_the_best_rank():
    tied = obs([*OBS.itertuples(index=False), ("XKX", CODE, 2022, 30.0)])
    countries = pd.concat(
        [
            COUNTRIES,
            pd.DataFrame(
                [("XKX", "Kosovo", "Upper middle income", False)], columns=COUNTRIES.columns
            ),
        ]
    )
    df = run([("g1", "goal", "KOR")], [("g1", CODE, "maintain")], tied, countries)
    assert set(df["rank"]) == {1}
    assert set(df["economies_ranked"]) == {7}


def test_a_decrease_goal_is_told_that_rank_1_is_bad():
    df = run([("g1", "goal", "CHN")], [("g1", CODE, "decrease")])
    assert set(df["rank_note"]) == {RANK_NOTE_DECREASE}
    assert set(df["expected_direction"]) == {"decrease"}


def test_a_peer_equal_to_the_goal_country_is_skipped():
    df = run([("g1", "goal", "USA")], [("g1", CODE, "increase")])
    assert df["economy_iso3"].tolist() == ["USA", "WLD", "HIC", "DEU", "JPN", "KOR", "IND"]
    assert df["role"].tolist().count("peer") == 4
    assert df["economy_order"].tolist() == list(range(7))
    rows = by_economy(df)
    assert rows["USA"].year == 2023  # the USA's own latest year
    assert (rows["DEU"].value_year, rows["DEU"].value) == (2022, 18.0)
    assert "2022" in rows["DEU"].note


def test_a_peer_that_is_already_the_world_is_not_repeated():
    df = run([("g1", "goal", "CHN")], [("g1", CODE, "maintain")], peers=("WLD", "USA"))
    assert df["economy_iso3"].tolist() == ["CHN", "WLD", "UMC", "USA"]
    assert df["role"].tolist()[1] == "world"


def test_no_data_for_the_goal_country_gives_rows_with_nulls():
    df = run([("g1", "goal", "CHN")], [("g1", "SP.POP.TOTL", "increase")])
    assert len(df) == 8
    for col in ("year", "value_year", "value", "goal_country_value", "rank", "economies_ranked"):
        assert df[col].isna().all(), col
    assert set(df["note"]) == {"no value for CHN: nothing to compare"}


def test_an_income_group_aggregate_missing_from_the_observations():
    no_umc = obs([r for r in OBS.itertuples(index=False) if r[0] != "UMC"])
    umc = by_economy(run([("g1", "goal", "CHN")], [("g1", CODE, "maintain")], no_umc))["UMC"]
    assert umc.role == "income group" and umc.economy_name == "Upper middle income"
    assert pd.isna(umc.value)
    assert umc.note == "no value for UMC in or before 2022"


def test_an_income_group_aggregate_missing_from_the_country_list_is_still_named():
    countries = COUNTRIES[COUNTRIES["country_iso3"] != "UMC"]
    umc = by_economy(run([("g1", "goal", "CHN")], [("g1", CODE, "maintain")], OBS, countries))[
        "UMC"
    ]
    assert umc.economy_name == "Upper middle income"
    assert umc.value == 80.0


@pytest.mark.parametrize(
    ("country", "why"),
    [
        ("VEN", "VEN's income group (Not classified) has no WDI aggregate"),
        ("XXX", "XXX has no income group in the country list"),
    ],
)
def test_no_income_group_keeps_the_row_with_a_reason(country, why):
    df = run([("g1", "goal", country)], [("g1", CODE, "maintain")], peers=())
    assert df["role"].tolist() == ["goal country", "world", "income group"]
    group = df.iloc[2]
    assert pd.isna(group["economy_iso3"]) and pd.isna(group["value"])
    assert group["note"] == why


def test_a_country_outside_the_country_list_is_not_ranked():
    xxx = obs([*OBS.itertuples(index=False), ("XXX", CODE, 2022, 99.0)])
    df = run([("g1", "goal", "XXX")], [("g1", CODE, "maintain")], xxx, peers=())
    assert df["goal_country_value"].tolist() == [99.0] * 3
    assert df["rank"].isna().all()


def test_only_goals_with_links_get_rows():
    df = run(
        [
            ("g1", "goal", "CHN"),
            ("c1", "claim", "CHN"),
            ("x1", "context", "CHN"),
            ("g2", "goal", "CHN"),
        ],
        [("g1", CODE, "maintain"), ("c1", CODE, None), ("x1", CODE, None)],
    )
    assert set(df["goal_id"]) == {"g1"}


def test_each_linked_indicator_gets_its_rows():
    df = run(
        [("g1", "goal", "CHN")],
        [("g1", CODE, "maintain"), ("g1", "SP.POP.TOTL", "increase")],
        peers=("USA",),
    )
    assert df.groupby("indicator_code").size().to_dict() == {CODE: 4, "SP.POP.TOTL": 4}
    assert df.loc[df["indicator_code"] == CODE, "is_primary"].all()
    assert not df.loc[df["indicator_code"] == "SP.POP.TOTL", "is_primary"].any()


def test_no_goals_give_an_empty_frame_with_the_columns():
    df = run([], [])
    assert df.empty and list(df.columns) == GOAL_CONTEXT_COLUMNS


# --- the peers setting ------------------------------------------------------------------------


def test_peers_default():
    assert ComparisonResource().peer_codes() == ("USA", "DEU", "JPN", "KOR", "IND")


def test_peers_as_given():
    assert ComparisonResource(peers=" BRA, ZAF ,BRA,,MEX ").peer_codes() == ("BRA", "ZAF", "MEX")


def test_peers_empty_means_none():
    assert ComparisonResource(peers="").peer_codes() == ()


def test_peers_come_from_the_environment_through_the_resource(monkeypatch):
    monkeypatch.setenv("POLICY_TRACKER_PEERS", "BRA,ZAF")
    comparison = default_resources()["comparison"]
    assert comparison.process_config_and_initialize().peer_codes() == ("BRA", "ZAF")


@pytest.mark.parametrize("bad", ["usa", "US", "U.S", "DEUT", "USA;DEU", "DE1"])
def test_peers_reject_codes_that_are_not_iso3(bad):
    with pytest.raises(ValueError, match="POLICY_TRACKER_PEERS") as err:
        ComparisonResource(peers=f"JPN,{bad}").peer_codes()
    assert repr(bad) in str(err.value)
