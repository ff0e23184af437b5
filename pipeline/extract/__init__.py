"""Extraction: what a document commits to (goals), states (claims) or only says (context).

``Extractor(catalog, country_names).extract(doc)`` returns records with no knowledge of
indicators; ``records.to_frame`` makes them the ``extracted_goals`` table.
"""

import pandas as pd

from pipeline.catalog import Catalogue
from pipeline.documents import Document
from pipeline.extract.extractor import Extractor, extract_records
from pipeline.extract.records import Record, to_frame

__all__ = ["Extractor", "Record", "extract_documents", "extract_records", "to_frame"]


def extract_documents(documents: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The ``extracted_goals`` rows of every document in the ``policy_documents`` frame."""
    extractor = Extractor(catalogue.themes, catalogue.country_names)
    records = [
        record
        for row in documents.to_dict("records")
        for record in extractor.extract(Document.from_row(row))
    ]
    return to_frame(records)
