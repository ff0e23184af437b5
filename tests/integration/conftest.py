from __future__ import annotations

import pytest

from pipeline.warehouse.store import Warehouse
from tests.support.pipeline import materialize_all, resources


@pytest.fixture(scope="session")
def run(tmp_path_factory):
    """One full materialization on the shipped snapshot: (folder, warehouse, result)."""
    tmp = tmp_path_factory.mktemp("pipeline")
    result = materialize_all(resources(tmp))
    assert result.success
    return tmp, Warehouse(tmp / "policy.duckdb"), result
