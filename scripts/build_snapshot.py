"""Build the shipped World Bank snapshot in data/snapshot/ from the shared real-data folder.

Run from the repository root (needs the shared folder only now, never at run time):

    .venv/bin/python scripts/build_snapshot.py --shared ../shared

What it writes:
- data/snapshot/observations.parquet  every value of every indicator CSV in shared/data/wdi/,
  every economy and aggregate, every year, as published (one row per country, indicator, year),
  plus the rows of wdi_bulk for indicators the theme catalogue names that wdi/ lacks;
- data/snapshot/indicators.csv        one row per indicator: name, source, vintage, coverage;
- data/snapshot/countries.csv         WDI country metadata with the aggregate flag;
- data/snapshot/wdi_bulk.parquet      the 325 indicators of shared/data/wdi_bulk (every economy,
  every year), from which the pipeline loads whatever indicators the documents' goals need;
- data/catalog/indicators.yaml        the indicator catalogue (name, unit, definition, bounds)
  for every snapshot indicator and every indicator the theme catalogue names;
- data/catalog/wdi_series.csv         the 1,486 WDI series (code, name, unit, definition) that
  the indicator mapper searches, with whether the snapshot holds values for each;
- data/snapshot/PROVENANCE.md         where each value came from, with file checksums.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import yaml

from pipeline.sources.snapshot_files import (
    VALUE_COLUMNS,
    curated,
    replace_file,
    with_coverage,
    write_curated,
    write_parquet,
)

ROOT = Path(__file__).resolve().parent.parent

# Vintage of each source, from shared/data/wdi/PROVENANCE.md: source A (datahub.io copy of the
# WB bulk download) is dated by its commit; source B (open-numbers) records no date.
COMMIT_DATES = {
    "4ebec5a2273f531ba238a34dbe440394dc5a6c4b": "2026-07-01",
    "20289a7f4a748722b6d7142af0ab972f6d038452": "2025-12-17",
    "e73c49d5ab4381c90d5dca35274953b25031fc2a": "2018-08-01",
}
SOURCE_B = {
    "NV.IND.MANF.ZS",
    "NV.IND.MANF.CD",
    "EN.GHG.CO2.MT.CE.AR5",
    "BX.KLT.DINV.WD.GD.ZS",
    "EG.USE.COMM.GD.PP.KD",
    "NV.IND.MANF.KD.ZG",
}
VINTAGE_A = {
    "NV.MNF.TECH.ZS.UN": "2025-12-17",
    "IP.PAT.RESD": "2025-12-17",
    "EN.ATM.CO2E.KT": "2018-08-01",
}
DEFAULT_VINTAGE_A = "2026-07-01"

# Plausible bounds that a value must respect; a value outside them is a data error, not news.
SHARE_CODES_0_100 = re.compile(r"\((% of [^)]*|% manufacturing value added|% of total[^)]*)\)")
UNBOUNDED_SHARES = {"BX.KLT.DINV.WD.GD.ZS"}
# Value added by sector and R&D spending are parts of GDP: 0-100%. Other "% of GDP" series
# (exports, debt, fiscal balances) are ratios that can be negative or exceed 100.
GDP_COMPONENTS = ("NV.", "GB.XPD.")  # FDI net inflows can be negative or exceed GDP
# Published with a negative value that is a source error, kept as published (SEN 1968: -80.674 kt).
NO_LOWER_BOUND = {"EN.ATM.CO2E.KT"}


# Names whose unit is not the last parenthesis.
UNIT_OVERRIDES = {
    "EG.USE.COMM.GD.PP.KD": "kg of oil equivalent per $1,000 GDP (constant PPP)",
}


def unit_from_name(name: str, code: str = "") -> str:
    """WDI names carry their unit in a parenthesis, usually the one with %, $ or 'per'."""
    if code in UNIT_OVERRIDES:
        return UNIT_OVERRIDES[code]
    parts = re.findall(r"\(([^()]*)\)", name)
    unitish = [p for p in parts if re.search(r"%|\$|\bper\b|\bkt\b|\bMt\b|\bkg\b", p)]
    if unitish:
        return unitish[-1]
    if parts:
        return parts[-1]
    if name.lower().startswith("population"):
        return "people"
    return "number"


def bounds_for(code: str, name: str) -> tuple[float | None, float | None]:
    if code in UNBOUNDED_SHARES:
        return None, None
    if "% of GDP" in name and not code.startswith(GDP_COMPONENTS):
        return None, None  # exports, debt, balances: ratios to GDP, not parts of it
    if SHARE_CODES_0_100.search(name):
        return 0.0, 100.0
    unit = unit_from_name(name, code)
    if "annual %" in unit or "annual growth" in unit or code in NO_LOWER_BOUND:
        return None, None
    return 0.0, None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    shared = args.shared / "data"
    out = ROOT / "data" / "snapshot"
    frames, meta = curated_sources(shared / "wdi")
    extra_frames, extra_meta, extra = from_bulk(shared / "wdi_bulk", theme_indicators(), meta)
    obs = curated(frames + extra_frames)
    meta_df = with_coverage(pd.DataFrame(meta + extra_meta), obs)
    # When the values were taken from their source: this build, since the upstream copies
    # carry no fetch time of their own.
    meta_df["fetched_at"] = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    countries = pd.read_csv(shared / "wdi" / "countries.csv").rename(
        columns={"iso3": "country_iso3"}
    )
    write_curated(out, obs, meta_df, countries)
    catalog = pd.read_csv(shared / "wdi_catalog.csv").set_index("indicator_code")
    write_indicator_catalog(catalog, meta_df, theme_indicators() | set(extra))
    bulk_rows, bulk_meta = write_bulk(shared / "wdi_bulk", out)
    write_series(catalog, set(meta_df["indicator_code"]) | set(bulk_meta["indicator_code"]))
    shutil.copyfile(shared / "wdi" / "PROVENANCE.md", out / "SOURCE_PROVENANCE.md")
    write_provenance(out, meta_df, bulk_rows)
    print(
        f"snapshot: {len(obs):,} observations, {len(meta_df)} indicators, "
        f"{len(countries)} countries"
    )


def curated_sources(wdi: Path) -> tuple[list[pd.DataFrame], list[dict]]:
    """Every indicator CSV of the shared ``wdi/`` folder, with where it came from."""
    frames, meta = [], []
    for csv in sorted(wdi.glob("*.csv")):
        if csv.name == "countries.csv":
            continue
        df = pd.read_csv(csv, dtype={"country_iso3": str, "indicator_code": str})
        code = df["indicator_code"].iloc[0]
        source_b = code in SOURCE_B
        meta.append(
            {
                "indicator_code": code,
                "name": df["indicator_name"].iloc[0],
                "source": "open-numbers WDI copy" if source_b else "datahub.io WDI copy",
                "source_updated": None if source_b else VINTAGE_A.get(code, DEFAULT_VINTAGE_A),
                "origin_file": f"wdi/{csv.name}",
            }
        )
        frames.append(df)
    return frames, meta


def theme_indicators() -> set[str]:
    themes = yaml.safe_load((ROOT / "data" / "catalog" / "themes.yaml").read_text())
    return {
        entry["code"] if isinstance(entry, dict) else entry
        for theme in themes["themes"].values()
        for entry in theme.get("indicators", [])
    }


def from_bulk(
    bulk_dir: Path, wanted: set[str], meta: list[dict]
) -> tuple[list[pd.DataFrame], list[dict], list[str]]:
    """The indicators the themes name that ``wdi/`` lacks, from the bulk file."""
    bulk_index = pd.read_csv(bulk_dir / "wdi_bulk_index.csv")
    have = {m["indicator_code"] for m in meta}
    extra = sorted((wanted - have) & set(bulk_index["indicator_code"]))
    if not extra:
        return [], [], []
    bulk = pq.read_table(
        bulk_dir / "wdi_bulk.parquet", filters=[("indicator_code", "in", extra)]
    ).to_pandas()
    rows = bulk_index.set_index("indicator_code").loc[extra]
    extra_meta = [
        {
            "indicator_code": code,
            "name": row["indicator_name"],
            "source": "datahub.io WDI copy",
            "source_updated": row["file_last_changed"],
            "origin_file": "wdi_bulk/wdi_bulk.parquet",
        }
        for code, row in rows.iterrows()
    ]
    return [bulk], extra_meta, extra


def write_indicator_catalog(catalog: pd.DataFrame, meta_df: pd.DataFrame, wanted: set[str]) -> None:
    """data/catalog/indicators.yaml: every snapshot indicator and every one the themes name."""
    names = meta_df.set_index("indicator_code")["name"]
    in_snapshot = set(meta_df["indicator_code"])
    entries = []
    for code in sorted(in_snapshot | wanted):
        known = code in catalog.index
        name = catalog.loc[code, "indicator_name"] if known else names.loc[code]
        definition = catalog.loc[code, "definition"] if known else None
        organization = catalog.loc[code, "source_organization"] if known else None
        lo, hi = bounds_for(code, name)
        entries.append(
            {
                "indicator_code": code,
                "name": str(name),
                "unit": unit_from_name(str(name), code),
                "definition": None if pd.isna(definition) else str(definition).strip(),
                "source_organization": None if pd.isna(organization) else str(organization),
                "value_min": lo,
                "value_max": hi,
                "in_snapshot": code in in_snapshot,
            }
        )
    header = (
        "# The indicators we track: WDI metadata (from shared/data/wdi_catalog.csv) and the\n"
        "# bounds a value must respect. Written by scripts/build_snapshot.py; edit the script.\n"
    )
    (ROOT / "data" / "catalog" / "indicators.yaml").write_text(
        header + yaml.safe_dump({"indicators": entries}, sort_keys=False, allow_unicode=True)
    )


def write_bulk(bulk_dir: Path, out: Path) -> tuple[int, pd.DataFrame]:
    """The bulk file: every value as shipped upstream, re-encoded (same rows, zstd, sorted)."""
    bulk_all = pq.read_table(bulk_dir / "wdi_bulk.parquet").to_pandas()[VALUE_COLUMNS]
    bulk_all["year"] = bulk_all["year"].astype("int16")
    bulk_all = bulk_all.sort_values(["indicator_code", "country_iso3", "year"])
    replace_file(out / "wdi_bulk.parquet", lambda p: write_parquet(bulk_all, p))
    bulk_meta = pd.read_csv(bulk_dir / "wdi_bulk_index.csv").rename(
        columns={"indicator_name": "name", "file_last_changed": "source_updated"}
    )[["indicator_code", "name", "rows", "first_year", "last_year", "source_updated"]]
    bulk_meta.to_csv(out / "wdi_bulk_index.csv", index=False)
    return len(bulk_all), bulk_meta


def write_series(catalog: pd.DataFrame, in_values: set[str]) -> None:
    """data/catalog/wdi_series.csv: the 1,486 series the indicator search looks through."""
    series = catalog.reset_index()
    pd.DataFrame(
        {
            "indicator_code": series["indicator_code"],
            "name": series["indicator_name"],
            "unit": [
                unit_from_name(str(n), c)
                for n, c in zip(series["indicator_name"], series["indicator_code"], strict=True)
            ],
            "definition": series["definition"].fillna("").str.strip(),
            "in_snapshot": series["indicator_code"].isin(in_values),
        }
    ).to_csv(ROOT / "data" / "catalog" / "wdi_series.csv", index=False)


PROVENANCE_INTRO = """# Snapshot provenance

Real World Bank WDI values (CC-BY-4.0), shipped so the pipeline runs with no network.
Built {built} by `scripts/build_snapshot.py` from the shared
real-data folder (`shared/data/wdi/*.csv`, every economy and aggregate, every year, as
published, empty values dropped). Indicators the theme catalogue names that `wdi/` lacks
come from `shared/data/wdi_bulk/wdi_bulk.parquet` (same datahub.io source, commit
`4ebec5a2273f531ba238a34dbe440394dc5a6c4b`). Where each upstream file came from, with
commits and known anomalies, is in `SOURCE_PROVENANCE.md` (copied unchanged).

`source_updated` is the closest proxy for the WB 'Last Updated Date' the sources keep:
the commit date of the datahub.io file; open-numbers files record none (empty there).

Known quirks kept as published: EN.ATM.CO2E.KT has SEN 1968 = -80.674 kt (so that
series has no lower bound in data/catalog/indicators.yaml); zeros standing for missing
values (BRA 1960-78 and COD 1991 manufacturing; VEN 1991-2011 industry); the USA's
industry share ends in 2021; EN.GHG.CO2.MT.CE.AR5, BX.KLT.DINV.WD.GD.ZS and
EG.USE.COMM.GD.PP.KD cover CHN, USA and WLD only.

| indicator | name | source | source_updated | rows | economies | years |
|---|---|---|---|---|---|---|
"""
PROVENANCE_BULK = """
`wdi_bulk.parquet` holds the 325 indicators of `shared/data/wdi_bulk/wdi_bulk.parquet`
({rows:,} rows, every economy and aggregate, every year; same datahub.io source
and commit; `wdi_bulk_index.csv` gives each indicator's rows, years and the date its
upstream file last changed). The pipeline loads from it the indicators that goals need
and the curated files above lack.

| file | sha256 |
|---|---|
"""


def write_provenance(out: Path, meta_df: pd.DataFrame, bulk_rows: int) -> None:
    lines = [PROVENANCE_INTRO.format(built=f"{datetime.now(UTC):%Y-%m-%d}").rstrip("\n")]
    for r in meta_df.sort_values("indicator_code").itertuples():
        lines.append(
            f"| {r.indicator_code} | {r.name} | {r.source} ({r.origin_file}) | "
            f"{'' if pd.isna(r.source_updated) else r.source_updated} | {r.rows} | "
            f"{r.economies} | {r.first_year}-{r.last_year} |"
        )
    lines.append(PROVENANCE_BULK.format(rows=bulk_rows).rstrip("\n"))
    for f in ("observations.parquet", "indicators.csv", "countries.csv", "wdi_bulk.parquet"):
        lines.append(f"| {f} | `{sha256(out / f)}` |")
    (out / "PROVENANCE.md").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
