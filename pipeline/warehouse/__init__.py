"""The DuckDB warehouse: the table registry, schemas, the store with its published copy, bulk
loads, named queries and each stage's write policy."""

from pipeline.warehouse.store import Warehouse

__all__ = ["Warehouse"]
