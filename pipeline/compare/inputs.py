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
        with wh.reading() as read:
            return cls(
                goals=read.table("policy_goals"),
                links=read.table("goal_indicators"),
                documents=read(query("document_baselines")),
                observations=read(query("linked_observations"), arrow=True),
            )
