"""One document read end to end, extraction then linking: what ``policy-tracker goals`` and
the evaluation show, exactly as the assets would store it."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from pipeline.catalog import Catalogue
from pipeline.documents import Document
from pipeline.extract import Extractor, to_frame
from pipeline.link.linker import Linker, link_records


class Reader:
    """Extraction then linking, built once for many documents."""

    def __init__(self, catalogue: Catalogue):
        self.catalogue = catalogue
        self.extractor = Extractor(catalogue.themes, catalogue.country_names)
        self.linker = Linker(catalogue)

    def records(self, doc: Document) -> list[SimpleNamespace]:
        """Each ``policy_goals`` row of ``doc`` with its fields as attributes and its linked
        indicators (primary first) and expected directions as lists."""
        goals, links = self.read(doc)
        by_goal = {g: grp.sort_values("position") for g, grp in links.groupby("goal_id")}
        empty = links.iloc[0:0]
        out = []
        for row in goals.astype(object).where(goals.notna(), None).to_dict("records"):
            mine = by_goal.get(row["goal_id"], empty)
            out.append(
                SimpleNamespace(
                    **row,
                    indicators=list(mine["indicator_code"]),
                    expected_directions=list(mine["expected_direction"]),
                )
            )
        return out

    def read(self, doc: Document) -> tuple[pd.DataFrame, pd.DataFrame]:
        """``policy_goals`` and ``goal_indicators`` rows of one document."""
        records = to_frame(self.extractor.extract(doc))
        return link_records(records, self.catalogue, self.linker)


def read_goals(doc: Document, catalogue: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``policy_goals`` and ``goal_indicators`` rows of one document."""
    return Reader(catalogue).read(doc)
