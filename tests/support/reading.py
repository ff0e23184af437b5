"""Read a document through extraction and linking, as the assets do: what the rule tests
look at (each record's fields as attributes, its indicators as a list)."""

from __future__ import annotations

from types import SimpleNamespace

from pipeline.catalog import Catalogue
from pipeline.documents import Document
from pipeline.link.reading import Reader


class LinkedReader:
    def __init__(self, catalogue: Catalogue | None = None):
        self.catalogue = catalogue or Catalogue()
        self.reader = Reader(self.catalogue)

    def extract(self, doc: Document) -> list[SimpleNamespace]:
        return self.reader.records(doc)
