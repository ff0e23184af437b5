"""Golden tables: every table of a run on the shipped snapshot, kept as Parquet, to compare a
new run with.

``python -m tests.support.golden WAREHOUSE.duckdb`` writes ``tests/fixtures/golden/`` from a
warehouse (``make run`` first). Columns that change from run to run (times, paths) are left
out; ``observations`` is kept as one row per indicator (count and sum), the rest row by row.
A deliberate change of output regenerates the files in the same commit, which says why.
"""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pandas as pd

GOLDEN = Path(__file__).resolve().parent.parent / "fixtures" / "golden"
VOLATILE = {"loaded_at", "fetched_at", "generated_at", "chart_path", "report_path"}
KEYS = {
    "policy_documents": ["document_id"],
    "extracted_goals": ["goal_id"],
    "reviewed_goals": ["goal_id"],
    "policy_goals": ["goal_id"],
    "goal_indicators": ["goal_id", "indicator_code"],
    "indicator_catalog": ["indicator_code"],
    "countries": ["country_iso3"],
    "goal_progress": ["goal_id", "indicator_code", "country_iso3"],
    "claim_checks": ["goal_id", "indicator_code"],
    "goal_context": ["goal_id", "indicator_code", "economy_order"],
    "scorecard": ["goal_id", "indicator_code", "country_iso3"],
}


def tables(db: Path) -> dict[str, pd.DataFrame]:
    """Every table of ``db`` as compared: sorted by key, volatile columns left out."""
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "select table_name from information_schema.tables where table_type = 'BASE TABLE'"
        ).fetchall()]  # fmt: skip
        for name in names:
            if name == "observations":
                df = con.execute(
                    "select indicator_code, count(*) as n, sum(value) as total, "
                    "min(year) as first_year, max(year) as last_year "
                    "from observations group by indicator_code order by indicator_code"
                ).df()
            else:
                df = con.execute(f'select * from "{name}"').df()  # noqa: S608 - catalog names
                df = df[[c for c in df.columns if c not in VOLATILE]]
                df = df.sort_values(KEYS.get(name, list(df.columns))).reset_index(drop=True)
            out[name] = df
    return out


def write(db: Path) -> None:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for old in GOLDEN.glob("*.parquet"):
        old.unlink()
    for name, df in tables(db).items():
        df.to_parquet(GOLDEN / f"{name}.parquet", index=False)
        print(f"{name}: {len(df)} rows")


def read() -> dict[str, pd.DataFrame]:
    return {p.stem: pd.read_parquet(p) for p in sorted(GOLDEN.glob("*.parquet"))}


if __name__ == "__main__":
    write(Path(sys.argv[1]))


def differences(new: dict[str, pd.DataFrame], old: dict[str, pd.DataFrame]) -> list[str]:
    """Every difference, in words: tables missing or added, rows missing or added by key,
    and per column the keys whose values differ."""
    out = []
    for name in sorted(set(old) | set(new)):
        if name not in new:
            out.append(f"{name}: table missing")
            continue
        if name not in old:
            continue  # a new table is not a difference in the old ones
        out += _table_differences(name, new[name], old[name])
    return out


def _table_differences(name: str, new: pd.DataFrame, old: pd.DataFrame) -> list[str]:
    key = KEYS.get(name, ["indicator_code"])
    merged = old.merge(new, on=key, how="outer", suffixes=("_old", "_new"), indicator=True)
    out = []
    for side, label in (("left_only", "missing"), ("right_only", "added")):
        rows = merged[merged["_merge"] == side]
        if len(rows):
            keys = [" ".join(map(str, k)) for k in rows[key].itertuples(index=False)]
            out.append(f"{name}: {len(rows)} rows {label}: {', '.join(keys[:5])}")
    both = merged[merged["_merge"] == "both"]
    for col in [c for c in old.columns if c not in key]:
        if col not in new.columns:
            out.append(f"{name}.{col}: column missing")
            continue
        a, b = both[f"{col}_old"], both[f"{col}_new"]
        same = (a == b) | (a.isna() & b.isna())
        if a.dtype.kind == "f" or b.dtype.kind == "f":
            same |= (pd.to_numeric(a) - pd.to_numeric(b)).abs() <= 1e-9
        if not same.all():
            keys = [" ".join(map(str, k)) for k in both.loc[~same, key].itertuples(index=False)]
            out.append(f"{name}.{col}: {int((~same).sum())} rows differ: {', '.join(keys[:5])}")
    return out
