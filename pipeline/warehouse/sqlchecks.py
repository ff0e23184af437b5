"""A table's registry checks as SQL, run where the data is: in DuckDB, over the loaded table.

The pandera schema (``Table.schema()``) validates a frame in pandas; at the size of all of WDI
(23 million rows) the frame does not fit, so bulk loads check the loaded table instead, with the
same rules generated from the same declaration: nulls, each column's checks (``in_range``,
``isin``, ``str_matches``, ``str_length``, comparisons, ``finite``), the table's key, and the
indicator catalogue's bounds for observations. A check this module cannot translate raises, so
a rule is never skipped in silence.

Failures come back in the shape ``schemas.validate`` gives (``check, column, failure_case`` and
the key columns), labelled as pandera labels them, so the asset check reads the same either way.
Names come from the registry; values travel as bind parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd
import pandera.pandas as pa

from pipeline.warehouse.registry import Column, Table

_COMPARE = {
    "greater_than": ">",
    "greater_than_or_equal_to": ">=",
    "less_than": "<",
    "less_than_or_equal_to": "<=",
}
LIMIT = 50  # failing rows kept per rule: enough to name them, bounded at any size


@dataclass(frozen=True)
class Rule:
    label: str  # as pandera labels the failure
    column: str  # the column, or "(row)"
    where: str  # a SQL predicate true for a failing row
    params: tuple = ()


def rules(t: Table) -> list[Rule]:
    """Every column rule of table ``t`` as SQL, in the order the schema declares them."""
    out: list[Rule] = []
    for c in t.columns:
        if not c.nullable:
            isnan = f" or isnan({c.name})" if c.type == "double" else ""
            out.append(Rule("not_nullable", c.name, f"({c.name} is null{isnan})"))
        out += [_rule(c, check) for check in c.checks]
    if t.checks:
        names = ", ".join(ch.name for ch in t.checks)
        raise NotImplementedError(f"{t.name}: table-wide checks ({names}) have no SQL form")
    return out


def violations(
    con: duckdb.DuckDBPyConnection,
    t: Table,
    relation: str,
    bounds: dict[str, tuple[float | None, float | None]] | None = None,
) -> pd.DataFrame:
    """The rows of ``relation`` (a table the registry's ``t`` describes) that break a rule, at
    most ``LIMIT`` per rule, named by the table's key; empty when every rule holds."""
    key = t.row_key
    keys = ", ".join(f"{k}::varchar as {k}" for k in key)
    parts, params = [], []
    for r in rules(t):
        parts.append(
            f"(select ? as check, ? as column, {r.column}::varchar as failure_case, {keys} "
            f"from {relation} where {r.where} limit {LIMIT})"
        )
        params += [r.label, r.column, *r.params]
    if bounds:
        # a join with the few bounded indicators, not a lookup per row: linear at any size
        parts.append(
            f"(select 'out of bounds' as check, '(row)' as column, "
            f"'value=' || o.value::varchar as failure_case, "
            + ", ".join(f"o.{k}::varchar as {k}" for k in key)
            + f" from {relation} as o inner join (select unnest(?::varchar[]) as code, "
            "unnest(?::double[]) as lo, unnest(?::double[]) as hi) as b "
            f"on o.indicator_code = b.code where o.value < b.lo or o.value > b.hi limit {LIMIT})"
        )
        params += [list(bounds), [b[0] for b in bounds.values()], [b[1] for b in bounds.values()]]
    if t.unique_key and len(key) > 1:
        cols = ", ".join(key)
        # Grouping by one hash of the key first is 2x faster than by the key's columns at 28
        # million rows; the rows of a repeated hash are then grouped by the key itself, so a
        # hash collision is never reported as a repeat.
        parts.append(
            f"(select 'multiple_fields_uniqueness' as check, '(row)' as column, "
            f"'repeated ' || count(*)::varchar || ' times' as failure_case, {keys} "
            f"from {relation} where hash({cols}) in (select hash({cols}) as h from {relation} "
            f"group by h having count(*) > 1) group by {cols} having count(*) > 1 limit {LIMIT})"
        )
    got = con.execute(" union all ".join(parts), params).df()
    return got.reset_index(drop=True)


def _rule(c: Column, check: pa.Check) -> Rule:
    stats, label = check.statistics or {}, check.error or check.name
    col = c.name
    if check.name == "in_range":
        lo = ">=" if stats.get("include_min", True) else ">"
        hi = "<=" if stats.get("include_max", True) else "<"
        return Rule(
            label, col, f"not ({col} {lo} ? and {col} {hi} ?)",
            (stats["min_value"], stats["max_value"]),
        )  # fmt: skip
    if check.name == "isin":
        return Rule(label, col, f"not list_contains(?, {col})", (list(stats["allowed_values"]),))
    if check.name == "str_matches":
        pattern = stats["pattern"]
        pattern = pattern if pattern.startswith("^") else "^" + pattern  # re.match anchors
        return Rule(label, col, f"not regexp_matches({col}, ?)", (pattern,))
    if check.name == "str_length":
        conds, params = [], []
        if stats.get("min_value") is not None:
            conds.append(f"length({col}) < ?")
            params.append(stats["min_value"])
        if stats.get("max_value") is not None:
            conds.append(f"length({col}) > ?")
            params.append(stats["max_value"])
        return Rule(label, col, "(" + " or ".join(conds) + ")", tuple(params))
    if check.name in _COMPARE:
        op = _COMPARE[check.name]
        value = next(iter(stats.values()))
        return Rule(label, col, f"not ({col} {op} ?)", (value,))
    if check.name == "finite":
        return Rule(label, col, f"not isfinite({col}) and not isnan({col})")
    raise NotImplementedError(f"{c.name}: check {check.name!r} has no SQL form")
