from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.config import DOCUMENTS_DIR

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "documents"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def documents() -> Path:
    return DOCUMENTS_DIR
