"""pandera schemas: bad values are caught and the failing rows are named."""

from __future__ import annotations

import pandas as pd
import pytest

from pipeline.warehouse.registry import table
from pipeline.warehouse.schemas import schema_for, validate

PolicyGoals = schema_for("policy_goals")
GoalProgress = schema_for("goal_progress")


def observations_schema(bounds):
    return schema_for("observations", bounds)


KEY = ["country_iso3", "indicator_code", "year"]
BOUNDS = pd.DataFrame(
    {"indicator_code": ["NV.IND.MANF.ZS"], "value_min": [0.0], "value_max": [100.0]}
)


def obs(**overrides) -> pd.DataFrame:
    base = {
        "country_iso3": ["CHN", "USA"],
        "indicator_code": ["NV.IND.MANF.ZS", "NV.IND.MANF.ZS"],
        "year": [2022, 2022],
        "value": [26.4, 10.3],
        "source": ["snapshot", "snapshot"],
        "source_updated": [None, "2025-12-16"],
        "fetched_at": [pd.Timestamp("2026-01-01", tz="UTC")] * 2,
    }
    base.update(overrides)
    df = pd.DataFrame(base)
    df["year"] = df["year"].astype("int64")
    return df


def test_valid_observations_pass():
    assert validate(observations_schema(BOUNDS), obs(), "observations", KEY).passed


@pytest.mark.parametrize(
    ("overrides", "check", "named"),
    [
        ({"value": [250.0, 10.3]}, "out of bounds", "CHN"),
        ({"year": [1800, 2022]}, "in_range", "1800"),
        ({"country_iso3": ["CHN", "CHN"]}, "uniqueness", "CHN"),
        ({"value": [float("inf"), 10.3]}, "finite", "CHN"),
        ({"country_iso3": ["CHN", "us'; drop table x"]}, "str_matches", "drop table"),
    ],
)
def test_bad_observations_are_named(overrides, check, named):
    result = validate(observations_schema(BOUNDS), obs(**overrides), "observations", KEY)
    assert not result.passed
    assert check in result.summary()
    assert named in result.summary()


def test_non_numeric_value_fails_the_type_check():
    df = obs()
    df["value"] = ["26.4", "n/a"]
    result = validate(observations_schema(BOUNDS), df, "observations", KEY)
    assert not result.passed
    assert "value" in set(result.failures["column"])


def test_policy_goals_direction_must_fit_kind():
    df = pd.DataFrame(
        {
            "goal_id": ["g1", "g2"],
            "document_id": ["d", "d"],
            "kind": ["goal", "claim"],
            "text": ["keep it stable", "it ranks first"],
            "span_start": pd.array([0, 20], dtype="Int64"),
            "span_end": pd.array([14, 34], dtype="Int64"),
            "theme": [None, None],
            "direction": ["rank", "rank"],
            "country_iso3": ["CHN", "CHN"],
            "target_value": [None, None],
            "target_year": pd.array([None, None], dtype="Int64"),
            "rule": ["r", "r"],
            "confidence": [0.9, 0.9],
            "is_measured": [False, False],
        }
    )
    df = table("policy_goals").frame(df)
    result = validate(PolicyGoals, df, "policy_goals", ["goal_id"])
    assert not result.passed
    assert list(result.failures["goal_id"]) == ["g1"]


def test_goal_progress_status_needs_its_numbers():
    df = pd.DataFrame(
        {
            "goal_id": ["g1"],
            "indicator_code": ["X.Y"],
            "country_iso3": ["CHN"],
            "baseline_year": pd.array([2022], dtype="Int64"),
            "baseline_value": [None],
            "latest_year": pd.array([2021], dtype="Int64"),
            "latest_value": [1.0],
            "change": [None],
            "annual_rate": [None],
            "status": ["on track"],
            "reason": ["because"],
        }
    )
    for col in ("baseline_value", "change", "annual_rate"):
        df[col] = df[col].astype("float64")
    result = validate(GoalProgress, df, "goal_progress", ["goal_id", "indicator_code"])
    checks = set(result.failures["check"])
    assert {
        "baseline_not_after_latest",
        "a judged status needs a baseline and a latest value",
    } & checks
    assert not result.passed
