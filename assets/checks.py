"""Asset checks and table metadata from the registry (``pipeline/warehouse/registry.py``).

Every table has a blocking schema check, ``<table>_schema``: its pandera schema runs inside the
asset before the table is written (for ``observations``, bulk loaded, the same rules run as SQL
inside the load's transaction: ``pipeline/warehouse/sqlchecks.py``), so a failure shows in the
UI with the failing rows named, the table keeps its last good contents, and (the check being
blocking) nothing downstream runs.
The same registry gives each asset its column schema, as Dagster shows it in the catalogue.
"""

from __future__ import annotations

import dagster as dg
import pandas as pd

from pipeline.warehouse.registry import table
from pipeline.warehouse.schemas import ValidationResult, validate_table

OWNERS = ["team:policy-tracker"]


def schema_check(name: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        name=f"{name}_schema",
        asset=name,
        blocking=True,
        description=(
            f"pandera schema {table(name).schema().name} (pipeline/warehouse/registry.py): "
            "types, nulls, ranges, allowed values, keys. Blocks downstream."
        ),
    )


def column_schema(name: str) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                c.name,
                c.type,
                description=c.description,
                constraints=dg.TableColumnConstraints(nullable=c.nullable, unique=c.unique),
            )
            for c in table(name).columns
        ]
    )


def table_metadata(name: str) -> dict:
    """Definition-time metadata of a table asset: its column schema and where its DDL is."""
    return {
        "dagster/column_schema": column_schema(name),
        "dagster/table_name": name,
        "ddl": dg.MetadataValue.path(f"sql/tables/{name}.sql"),
    }


def schema_result(name: str, df: pd.DataFrame) -> tuple[dg.AssetCheckResult, ValidationResult]:
    """Validate ``df`` as table ``name``: the check result to yield, and the validation that
    ``stop_if_failed`` reads after it is yielded. (``observations`` is checked by the same
    rules as SQL where it is loaded: ``pipeline/warehouse/sqlchecks.py``.)"""
    result = validate_table(name, df)
    return check_result(result), result


def check_result(result: ValidationResult) -> dg.AssetCheckResult:
    """The blocking schema check's result for a validation (pandera's in pandas, or the same
    rules as SQL in DuckDB for bulk loads): failing rows named in its metadata."""
    name = result.table
    metadata: dict = {"rows": result.rows, "failures": len(result.failures)}
    if not result.passed:
        metadata["failing_rows"] = dg.MetadataValue.md(
            result.failures.head(50).to_markdown(index=False)
        )
    return dg.AssetCheckResult(
        check_name=f"{name}_schema",
        asset_key=name,
        passed=result.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
        description=result.summary(limit=5),
    )


def passed_check(name: str, rows: int) -> dg.AssetCheckResult:
    """The schema check passed on ``rows`` rows (rules run elsewhere, e.g. as SQL in a load)."""
    empty = pd.DataFrame(columns=["check", "column", "failure_case"])
    return check_result(ValidationResult(name, rows, empty))


def stop_if_failed(result: ValidationResult) -> None:
    if not result.passed:
        raise dg.Failure(
            description=(
                f"{result.summary()}\nThe table was not written; it keeps its last good rows."
            ),
            metadata={"failures": len(result.failures)},
        )


def materialized(name: str, rows: int, **metadata) -> dg.MaterializeResult:
    """The result of writing table ``name``: Dagster's own row count, and more metadata."""
    return dg.MaterializeResult(asset_key=name, metadata={"dagster/row_count": rows, **metadata})


def write_checked(name: str, df: pd.DataFrame, write):
    """Validate ``df`` as table ``name`` (yielding the check), then ``write()`` it and return
    its row count. Use as ``rows = yield from write_checked(...)``; a failed check raises
    before anything is written, so the table keeps its last good rows."""
    check, result = schema_result(name, df)
    yield check
    stop_if_failed(result)
    return write()


def table_asset(name: str, group: str, deps=(), checks: tuple = (), **kwargs):
    """``@dg.asset`` for the asset that writes table ``name``: its group, owners, column
    schema and blocking schema check, and any more checks."""
    return dg.asset(
        name=name,
        group_name=group,
        deps=list(deps),
        kinds={"duckdb"},
        owners=OWNERS,
        metadata=table_metadata(name),
        check_specs=[schema_check(name), *checks],
        **kwargs,
    )


def table_spec(name: str, group: str, deps=(), description: str | None = None) -> dg.AssetSpec:
    """The ``AssetSpec`` of table ``name`` for a multi-asset: group, owners, column schema."""
    return dg.AssetSpec(
        name,
        group_name=group,
        deps=list(deps),
        kinds={"duckdb"},
        owners=OWNERS,
        metadata=table_metadata(name),
        description=description or table(name).description,
    )
