"""Shared fixtures: the repository's paths, the seed document, the shared real-data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import ROOT
from pipeline.documents import Document, parse_document

SEED = ROOT / "data" / "documents" / "new_industrialization_2023.txt"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_document() -> Document:
    return parse_document(SEED.read_bytes(), SEED)


@pytest.fixture(scope="session")
def shared_wdi() -> Path:
    """The shared real-data folder the snapshot was built from (beside the repo in CI)."""
    folder = SHARED / "data" / "wdi"
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here: the snapshot cannot be compared with its source")
    return folder
