"""Small frames that tests write to the warehouse."""

from __future__ import annotations

import pandas as pd


def countries(*codes: str) -> pd.DataFrame:
    """A ``countries`` table of the given codes (economies, one region and income group)."""
    return pd.DataFrame(
        {
            "country_iso3": list(codes),
            "name": [f"name {c}" for c in codes],
            "region": "r",
            "income_group": "i",
            "is_aggregate": False,
        }
    )
