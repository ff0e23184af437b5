"""The layout's rules, checked: the domain imports no Dagster, the DDL files are the registry's,
every table asset has a blocking schema check, modules stay small, SQL lives in sql/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipeline.config import ROOT, SQL_DIR
from pipeline.warehouse import registry

PIPELINE = ROOT / "pipeline"
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60
DECLARATIVE = {PIPELINE / "warehouse" / "registry.py"}  # a table of declarations
CODE = sorted(
    p for p in [*PIPELINE.rglob("*.py"), *(ROOT / "assets").glob("*.py")] if p not in DECLARATIVE
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize(
    "path", sorted(PIPELINE.rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_the_domain_imports_no_dagster_and_no_assets(path):
    bad = {n for n in _imports(path) if n.split(".")[0] in {"dagster", "assets"}}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}: only assets/ may"


def test_only_assets_import_dagster_among_the_packages():
    users = {
        p.relative_to(ROOT).parts[0]
        for p in ROOT.glob("*/**/*.py")
        if p.parts[len(ROOT.parts)] in {"pipeline", "assets", "scripts"}
        and any(n.split(".")[0] == "dagster" for n in _imports(p))
    }
    assert users <= {"assets"}


@pytest.mark.parametrize("name", sorted(registry.TABLES))
def test_each_ddl_file_is_the_registrys(name):
    path = SQL_DIR / "tables" / f"{name}.sql"
    assert path.read_text(encoding="utf-8") == registry.TABLES[name].ddl(), (
        f"{path} differs from pipeline/warehouse/registry.py: "
        "run python -m pipeline.warehouse.registry --write"
    )


def test_no_ddl_file_without_a_table_in_the_registry():
    assert {p.stem for p in (SQL_DIR / "tables").glob("*.sql")} == set(registry.TABLES)


def test_every_table_asset_has_a_blocking_schema_check_and_a_column_schema():
    import dagster as dg

    from assets.definitions import defs

    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string() for k in graph.get_all_asset_keys()}
    assert set(registry.TABLES) <= keys, "every table is an asset"
    checks = {k.name: graph.get_check_spec(k) for k in graph.asset_check_keys}
    for name in registry.TABLES:
        spec = checks.get(f"{name}_schema")
        assert spec is not None and spec.blocking, f"{name} has no blocking schema check"
        node = graph.get(dg.AssetKey(name))
        assert "dagster/column_schema" in node.metadata, f"{name} declares no column schema"


def test_every_view_is_an_asset():
    from assets.definitions import defs

    keys = {k.to_user_string() for k in defs.resolve_asset_graph().get_all_asset_keys()}
    assert {p.stem for p in (SQL_DIR / "views").glob("*.sql")} <= keys


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_over_500_lines(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]


@pytest.mark.parametrize("path", sorted((ROOT / "assets").glob("*.py")), ids=lambda p: p.name)
def test_the_assets_hold_no_sql(path):
    """Queries live in sql/queries/ and are loaded by name."""
    sql = [
        s
        for s in _strings(path)
        if re.search(r"\bselect\s[^.]*?\bfrom\s|\binsert\s+into\b|\bdelete\s+from\b", s, re.I)
    ]
    assert not sql, f"{path.name} has SQL in a string: {sql[0][:80]!r}"


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]  # the docstring is not code
            start = body[0].lineno if body else node.lineno
            yield node.name, node.end_lineno - start + 1


@pytest.mark.parametrize("path", CODE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_is_over_60_lines(path):
    long = [(name, n) for name, n in _functions(path) if n > MAX_FUNCTION_LINES]
    assert not long, f"{path.relative_to(ROOT)}: {long}"


def test_every_job_resolves():
    """A selection that splits a multi-asset, or names an asset that is gone, fails here and
    not when the UI loads the code location."""
    from assets.definitions import defs

    assert {job.name for job in defs.resolve_all_job_defs()} >= {
        "materialize_everything",
        "refresh_statistics",
        "refresh_documents",
    }
