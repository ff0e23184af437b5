"""pandera schemas for the tables that must hold before anything downstream reads them.

Each schema is named after the table it guards. ``validate`` runs one lazily (every failure,
not just the first) and returns the failing rows named by the table's key, so the blocking
asset check can show them in the Dagster UI and the error can quote them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from pipeline import method

ISO3 = r"^[A-Z0-9]{3}$"
INDICATOR = r"^[A-Za-z0-9_.]+$"
GOAL_DIRECTIONS = ["increase", "decrease", "maintain", "achieve"]
CLAIM_DIRECTIONS = ["threshold", "rank"]
STATUSES = [*method.STATUSES, "no data", "unmeasured"]
JUDGED = [s for s in method.STATUSES if s != "insufficient data"]


def observations_schema(bounds: pd.DataFrame | None = None) -> pa.DataFrameSchema:
    """Observations; ``bounds`` (indicator_code, value_min, value_max) adds the range check."""
    checks = []
    if bounds is not None and not bounds.empty:
        lo = dict(zip(bounds["indicator_code"], bounds["value_min"], strict=True))
        hi = dict(zip(bounds["indicator_code"], bounds["value_max"], strict=True))

        def within_bounds(df: pd.DataFrame) -> pd.Series:
            vmin = df["indicator_code"].map(lo).astype("float64")
            vmax = df["indicator_code"].map(hi).astype("float64")
            v = df["value"]
            return v.isna() | ((vmin.isna() | (v >= vmin)) & (vmax.isna() | (v <= vmax)))

        checks.append(
            pa.Check(within_bounds, name="value_within_indicator_bounds", error="out of bounds")
        )
    return pa.DataFrameSchema(
        name="Observations",
        columns={
            "country_iso3": pa.Column(str, pa.Check.str_matches(ISO3)),
            "indicator_code": pa.Column(str, pa.Check.str_matches(INDICATOR)),
            "year": pa.Column("int64", pa.Check.in_range(1950, 2100)),
            "value": pa.Column(
                "float64",
                pa.Check(lambda s: np.isfinite(s), name="finite", error="not a finite number"),
            ),
            "source": pa.Column(str),
            "source_updated": pa.Column(str, nullable=True),
            "fetched_at": pa.Column("datetime64[us, UTC]", coerce=True),
        },
        checks=checks,
        unique=["country_iso3", "indicator_code", "year"],
        strict=False,
        coerce=False,
    )


PolicyGoals = pa.DataFrameSchema(
    name="PolicyGoals",
    columns={
        "goal_id": pa.Column(str, unique=True),
        "document_id": pa.Column(str),
        "kind": pa.Column(str, pa.Check.isin(["goal", "claim", "context"])),
        "text": pa.Column(str, pa.Check.str_length(min_value=1)),
        "span_start": pa.Column("Int64", pa.Check.ge(0)),
        "span_end": pa.Column("Int64", pa.Check.ge(1)),
        "theme": pa.Column(str, nullable=True),
        "direction": pa.Column(str, pa.Check.isin(GOAL_DIRECTIONS + CLAIM_DIRECTIONS)),
        "country_iso3": pa.Column(str, pa.Check.str_matches(ISO3)),
        "target_value": pa.Column("float64", nullable=True),
        "target_year": pa.Column("Int64", pa.Check.in_range(1900, 2200), nullable=True),
        "rule": pa.Column(str, pa.Check.str_length(min_value=1)),
        "confidence": pa.Column("float64", pa.Check.in_range(0, 1)),
    },
    checks=[
        pa.Check(lambda df: df["span_end"] > df["span_start"], name="span_is_not_empty"),
        pa.Check(
            lambda df: (df["kind"] != "claim") == df["direction"].isin(GOAL_DIRECTIONS),
            name="direction_fits_kind",
            error="goals (and context) increase/decrease/maintain/achieve; claims threshold/rank",
        ),
    ],
    strict=False,
)

GoalProgress = pa.DataFrameSchema(
    name="GoalProgress",
    columns={
        "goal_id": pa.Column(str),
        "indicator_code": pa.Column(str, pa.Check.str_matches(INDICATOR), nullable=True),
        "country_iso3": pa.Column(str, pa.Check.str_matches(ISO3)),
        "baseline_year": pa.Column("Int64", nullable=True),
        "baseline_value": pa.Column("float64", nullable=True),
        "latest_year": pa.Column("Int64", nullable=True),
        "latest_value": pa.Column("float64", nullable=True),
        "change": pa.Column("float64", nullable=True),
        "annual_rate": pa.Column("float64", nullable=True),
        "ratio": pa.Column("float64", nullable=True),
        "stale": pa.Column(bool),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
        "reason": pa.Column(str, pa.Check.str_length(min_value=1)),
    },
    checks=[
        pa.Check(
            lambda df: (
                df["baseline_year"].isna()
                | df["latest_year"].isna()
                | ~df["status"].isin(JUDGED)
                | (df["baseline_year"] <= df["latest_year"])
            ),
            name="baseline_not_after_latest",
        ),
        pa.Check(
            lambda df: ~df["status"].isin(JUDGED) | df["latest_value"].notna(),
            name="status_has_its_numbers",
            error="a judged status needs the value it judged",
        ),
    ],
    unique=["goal_id", "indicator_code", "country_iso3"],
    strict=False,
)


@dataclass(frozen=True)
class ValidationResult:
    table: str
    rows: int
    failures: pd.DataFrame  # one row per failing cell or row, named by the table's key

    @property
    def passed(self) -> bool:
        return self.failures.empty

    def summary(self, limit: int = 10) -> str:
        if self.passed:
            return f"{self.table}: {self.rows:,} rows valid"
        lines = [f"{self.table}: {len(self.failures):,} failures in {self.rows:,} rows"]
        for rec in self.failures.head(limit).to_dict("records"):
            key = ", ".join(
                f"{k}={v}" for k, v in rec.items() if k not in {"check", "column", "failure_case"}
            )
            lines.append(f"  {rec['check']} on {rec['column']}: {rec['failure_case']!r} ({key})")
        if len(self.failures) > limit:
            lines.append(f"  ... and {len(self.failures) - limit:,} more")
        return "\n".join(lines)


def validate(
    schema: pa.DataFrameSchema, df: pd.DataFrame, table: str, key: list[str]
) -> ValidationResult:
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as err:
        fc = err.failure_cases
        row_level = (fc["schema_context"] == "DataFrameSchema").to_numpy()
        out = pd.DataFrame(
            {
                "check": fc["check"].astype(str).to_numpy(),
                "column": np.where(row_level, "(row)", fc["column"].astype(str)),
                "failure_case": fc["failure_case"].astype(str).to_numpy(),
            }
        )
        for k in key:
            values = df[k] if k in df else pd.Series(dtype=object)
            out[k] = [
                str(values.loc[i]) if i is not None and i in values.index else "-"
                for i in fc["index"]
            ]
        if "value" in df:
            for pos in np.flatnonzero(row_level):
                i = fc["index"].iloc[pos]
                if i is not None and i in df.index:
                    out.loc[pos, "failure_case"] = f"value={df.loc[i, 'value']}"
        # A row-wide check reports each column of a failing row: one line per row is enough.
        out = out.drop_duplicates(["check", "column", *key])
        return ValidationResult(table, len(df), out.reset_index(drop=True))
    return ValidationResult(
        table, len(df), pd.DataFrame(columns=["check", "column", "failure_case", *key])
    )
