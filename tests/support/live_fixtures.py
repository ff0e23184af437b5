"""World Bank API fixtures for a whole live-mode pipeline run, written into a temporary folder.

The recorded fixtures in ``tests/fixtures/worldbank`` hold two indicators; the ``observations``
asset in live mode asks for every indicator of the catalogue. ``write_live_fixtures`` copies the
recorded folder and adds ``indicator_<CODE>.json`` for every catalogue indicator the shipped
snapshot holds but ``UNSERVED`` (one left out so that every live run has a failure to name),
built from the snapshot's real values in the API's ``[header, rows]`` shape (the same row shape
as ``make_fixtures.py``). Only the economies and aggregates of the recorded country list
(``country.json``) are kept, so files stay small and ranks are ranks among them.

Each file answers ``country/all/indicator/<CODE>``: every listed economy for every year from the
indicator's first to its last year, newest first, ``"value": null`` where the snapshot has no
value (as the API sends years without data). Reconstructed, as in the recorded fixtures: the
header (``lastupdated`` is the recorded fixtures' date), iso2 ids, ``unit``, ``obs_status`` and
``decimal``. Nothing is written outside the given folder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from pipeline.catalog import load_indicator_catalog
from pipeline.config import SNAPSHOT_DIR
from pipeline.sources import SnapshotSource
from tests.support.wb_server import FIXTURES_DIR, load_fixture

RECORDED = "indicator_NV.IND.MANF.ZS.json"
# The header of the recorded data fixtures: the WDI release date the API would send.
LAST_UPDATED: str = load_fixture(RECORDED)[0]["lastupdated"]
SOURCE_ID: str = load_fixture(RECORDED)[0]["sourceid"]


def listed_countries() -> list[dict[str, Any]]:
    """The rows of the recorded country list (economies and aggregates), in API order."""
    return load_fixture("country.json")[1]


def catalogue_codes() -> list[str]:
    return sorted(load_indicator_catalog()["indicator_code"])


# Left unserved on purpose: the loopback API answers it as the real one answers an unknown
# code, so every live run names one failing indicator and goes on with the others.
UNSERVED = ("IT.NET.USER.ZS",)


def missing_codes() -> list[str]:
    """The catalogue indicators the loopback API does not serve: those not in the snapshot's
    curated file (nothing real to serve) and ``UNSERVED``."""
    held = set(SnapshotSource().available()) - set(UNSERVED)
    return sorted(set(catalogue_codes()) - held)


def write_live_fixtures(dest: Path) -> list[str]:
    """Copy the recorded fixtures to ``dest`` and add one data file per catalogue indicator
    that the snapshot holds. Returns the codes written, sorted."""
    dest.mkdir(parents=True, exist_ok=True)
    for path in FIXTURES_DIR.iterdir():
        if path.is_file():
            shutil.copy2(path, dest / path.name)
    catalog = load_indicator_catalog().set_index("indicator_code")
    countries = listed_countries()
    wanted = [str(c["id"]) for c in countries]
    table = pq.read_table(
        SNAPSHOT_DIR / "observations.parquet",
        filters=[
            ("indicator_code", "in", sorted(set(catalog.index) - set(UNSERVED))),
            ("country_iso3", "in", wanted),
        ],
    ).to_pandas()
    written = []
    for code, grp in table.groupby("indicator_code", sort=True):
        text = _indicator_page(str(code), str(catalog.loc[code, "name"]), grp, countries)
        (dest / f"indicator_{code}.json").write_text(text, encoding="utf-8")
        written.append(str(code))
    return written


def _indicator_page(
    code: str, name: str, grp: pd.DataFrame, countries: list[dict[str, Any]]
) -> str:
    values = {
        (iso3, int(year)): float(value)
        for iso3, year, value in zip(grp["country_iso3"], grp["year"], grp["value"], strict=True)
    }
    as_int = all(v.is_integer() for v in values.values())  # counts: the API sends integers
    years = range(int(grp["year"].max()), int(grp["year"].min()) - 1, -1)
    rows = []
    for country in countries:
        iso3 = str(country["id"])
        for year in years:
            value = values.get((iso3, year))
            rows.append(
                {
                    "indicator": {"id": code, "value": name},
                    "country": {"id": country["iso2Code"], "value": country["name"]},
                    "countryiso3code": iso3,
                    "date": str(year),
                    "value": int(value) if as_int and value is not None else value,
                    "unit": "",
                    "obs_status": "",
                    "decimal": 0 if as_int else 1,
                }
            )
    header = {
        "page": 1,
        "pages": 1,
        "per_page": 20000,
        "total": len(rows),
        "sourceid": SOURCE_ID,
        "lastupdated": LAST_UPDATED,
    }
    kwargs: dict[str, Any] = {"separators": (",", ":"), "ensure_ascii": False}
    body = ",\n".join(json.dumps(row, **kwargs) for row in rows)
    return f"[{json.dumps(header, **kwargs)},\n[\n{body}\n]]\n"


def served_rows(folder: Path) -> pd.DataFrame:
    """What a client should keep from the data files in ``folder``: one row per country,
    indicator and year with a value (null values dropped), read back from the JSON as served.

    Columns: country_iso3, indicator_code, year (int64), value (float64), source_updated.
    Sorted by indicator_code, country_iso3, year.
    """
    records = []
    for path in sorted(folder.glob("indicator_*.json")):
        if path.name.startswith("indicator_meta_"):
            continue
        header, rows = json.loads(path.read_text(encoding="utf-8"))
        records += [
            {
                "country_iso3": r["countryiso3code"],
                "indicator_code": r["indicator"]["id"],
                "year": int(r["date"]),
                "value": float(r["value"]),
                "source_updated": header["lastupdated"],
            }
            for r in rows
            if r["value"] is not None
        ]
    df = pd.DataFrame.from_records(records)
    df = df.astype({"year": "int64", "value": "float64"})
    return df.sort_values(["indicator_code", "country_iso3", "year"], ignore_index=True)
