"""What the comparison reads from the warehouse, once per asset: goals, links, documents' base
years and the observations of the linked indicators only."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.warehouse import Warehouse
from pipeline.warehouse.sql import query


@dataclass(frozen=True)
class Inputs:
    goals: pd.DataFrame
    links: pd.DataFrame
    documents: pd.DataFrame  # document_id, baseline_year
    observations: pd.DataFrame  # the linked indicators' rows

    @classmethod
    def read(cls, wh: Warehouse) -> Inputs:
        return cls(
            goals=wh.read_table("policy_goals"),
            links=wh.read_table("goal_indicators"),
            documents=wh.read(query("document_baselines")),
            observations=wh.read(query("linked_observations")),
        )
