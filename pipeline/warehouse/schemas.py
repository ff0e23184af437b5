"""pandera schemas for every table, from the registry, and a validation that names failing rows.

``schema_for(table)`` is the table's pandera schema as ``pipeline.warehouse.registry`` declares
it (types, nulls, ranges, allowed values, keys); observations also get the indicator
catalogue's bounds. ``validate`` runs a schema lazily (every failure, not just the first) and
returns the failing rows named by the table's key, so the blocking asset check can show them
in the Dagster UI and the error can quote them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from pipeline.warehouse.registry import table


def bounds_check(bounds: pd.DataFrame) -> pa.Check:
    """Each value within its indicator's (value_min, value_max) from the catalogue."""
    lo = dict(zip(bounds["indicator_code"], bounds["value_min"], strict=True))
    hi = dict(zip(bounds["indicator_code"], bounds["value_max"], strict=True))

    def within_bounds(df: pd.DataFrame) -> pd.Series:
        vmin = df["indicator_code"].map(lo).astype("float64")
        vmax = df["indicator_code"].map(hi).astype("float64")
        v = df["value"]
        return v.isna() | ((vmin.isna() | (v >= vmin)) & (vmax.isna() | (v <= vmax)))

    return pa.Check(within_bounds, name="value_within_indicator_bounds", error="out of bounds")


def schema_for(name: str, bounds: pd.DataFrame | None = None) -> pa.DataFrameSchema:
    """The table's schema; ``bounds`` (indicator_code, value_min, value_max) adds the range
    check to observations."""
    extra = (bounds_check(bounds),) if bounds is not None and not bounds.empty else ()
    return table(name).schema(extra)


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


def validate_table(
    name: str, df: pd.DataFrame, bounds: pd.DataFrame | None = None
) -> ValidationResult:
    """Validate ``df`` as table ``name`` (its registry schema), naming rows by its key."""
    return validate(schema_for(name, bounds), df, name, table(name).row_key)


def validate(
    schema: pa.DataFrameSchema, df: pd.DataFrame, table_name: str, key: list[str]
) -> ValidationResult:
    try:
        schema.validate(df, lazy=True)
    except SchemaErrors as err:
        return ValidationResult(table_name, len(df), _failures(err.failure_cases, df, key))
    return ValidationResult(
        table_name, len(df), pd.DataFrame(columns=["check", "column", "failure_case", *key])
    )


def _failures(fc: pd.DataFrame, df: pd.DataFrame, key: list[str]) -> pd.DataFrame:
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
            str(values.loc[i]) if i is not None and i in values.index else "-" for i in fc["index"]
        ]
    if "value" in df:
        for pos in np.flatnonzero(row_level):
            i = fc["index"].iloc[pos]
            if i is not None and i in df.index:
                out.loc[pos, "failure_case"] = f"value={df.loc[i, 'value']}"
    # A row-wide check reports each column of a failing row: one line per row is enough.
    return out.drop_duplicates(["check", "column", *key]).reset_index(drop=True)
