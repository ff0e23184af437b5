"""The ``indicator_catalog`` table: the catalogue's indicators with the themes each measures,
and every WDI series the search linked a goal to."""

from __future__ import annotations

import pandas as pd

from pipeline.catalog import Catalogue
from pipeline.link.search import load_index
from pipeline.warehouse.registry import table


def indicator_table(catalogue: Catalogue, linked: set[str]) -> pd.DataFrame:
    """One row per indicator tracked: ``data/catalog/indicators.yaml`` with its themes, plus
    each linked series the catalogue lacks (metadata from ``wdi_series.csv``)."""
    catalog = catalogue.indicators.copy()
    themes: dict[str, list[str]] = {}
    for theme in catalogue.themes.themes.values():
        for ind in theme.indicators:
            themes.setdefault(ind.code, []).append(theme.name)
    catalog["themes"] = catalog["indicator_code"].map(lambda c: ", ".join(themes.get(c, [])))
    extra = sorted(linked - set(catalog["indicator_code"]))
    if extra:
        series = load_index(catalogue.series_path, catalogue.folder / "themes.yaml").series
        series = series.set_index("indicator_code")
        found = [c for c in extra if c in series.index]
        rows = series.loc[found, ["name", "unit", "definition", "in_snapshot"]].reset_index()
        rows["themes"] = "found by the indicator search"
        catalog = pd.concat([catalog, rows], ignore_index=True)
    return table("indicator_catalog").frame(catalog)
