"""Turn a pandera validation into a blocking Dagster asset check.

The check is evaluated inside the asset, before its table is written: a failure shows in the
UI with the failing rows, the table keeps its last good contents, and (the check being
blocking) nothing downstream runs.
"""

from __future__ import annotations

import dagster as dg

from pipeline.schemas import ValidationResult


def schema_check_spec(asset: str, schema_name: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        name=f"{asset}_schema",
        asset=asset,
        blocking=True,
        description=f"pandera schema {schema_name}: types, ranges, keys. Blocks downstream.",
    )


def check_result(result: ValidationResult, asset: str) -> dg.AssetCheckResult:
    failures = result.failures.head(50)
    metadata: dict = {"rows": result.rows, "failures": len(result.failures)}
    if not result.passed:
        metadata["failing_rows"] = dg.MetadataValue.md(failures.to_markdown(index=False))
    return dg.AssetCheckResult(
        check_name=f"{asset}_schema",
        asset_key=asset,
        passed=result.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata=metadata,
        description=result.summary(limit=5),
    )


def stop_if_failed(result: ValidationResult) -> None:
    if not result.passed:
        raise dg.Failure(
            description=(
                f"{result.summary()}\nThe table was not written; it keeps its last good rows."
            ),
            metadata={"failures": len(result.failures)},
        )
