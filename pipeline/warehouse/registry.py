"""Every table the pipeline writes, declared once: columns, types, key, descriptions, checks.

This is the one place a table's shape lives. From it come:

- the DDL (``sql/tables/<table>.sql`` is generated from it by ``python -m
  pipeline.warehouse.registry --write``, and a test fails when a file and the registry differ),
  with each description stored in DuckDB as a ``comment`` so that SQL users can read it
  (``select column_name, comment from duckdb_columns() where table_name = 'goal_progress'``);
- the pandera schema that guards the table (``pipeline.warehouse.schemas``), run as a blocking
  asset check before every write;
- the frames the domain functions build (``table.frame(rows)``: the columns in order, typed);
- the column schema Dagster shows for the asset (``assets/checks.py`` converts it).

Adding a column is one edit here, then ``--write``. Table checks that need data from elsewhere
(the indicator catalogue's bounds for observations) are added by ``schemas.schema_for``.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pandera.pandas as pa

from pipeline.config import SQL_DIR

ISO3 = r"^[A-Z0-9]{3}$"
INDICATOR = r"^[A-Za-z0-9_.]+$"
GOAL_DIRECTIONS = ("increase", "decrease", "maintain", "achieve")
CLAIM_DIRECTIONS = ("threshold", "rank")
RECORD_KINDS = ("goal", "claim", "funding", "context")
MEASURES = ("level", "change", "annual_rate", "average_rate", "multiple", "count")
# the statuses a judged value stands behind, best first; then the ones that say why there is none
JUDGED = (
    "target achieved",
    "on track",
    "acceleration needed",
    "limited progress",
    "deterioration",
    "target missed",
)
STATUSES = (*JUDGED, "insufficient data", "unverifiable", "no data", "unmeasured")
JUDGED_AS = ("at_least", "at_most", "around", "range", "band", "direction", "relative")
VERDICTS = ("supported", "contradicted", "unverifiable")

# pandas dtypes and pandera dtypes of each DuckDB type the tables use
_PANDAS = {
    "varchar": object,
    "integer": "Int64",
    "bigint": "Int64",
    "double": "float64",
    "date": object,
    "timestamptz": "datetime64[us, UTC]",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = True
    checks: tuple[pa.Check, ...] = ()
    unique: bool = False

    @property
    def pandas_dtype(self):
        if self.type == "boolean":
            return "boolean" if self.nullable else bool
        return _PANDAS[self.type]

    @property
    def pandera_dtype(self):
        if self.type == "varchar":
            return str
        if self.type == "date":
            return pa.Date
        return self.pandas_dtype


@dataclass(frozen=True)
class Table:
    name: str
    description: str  # the grain first: what one row is
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    key: tuple[str, ...] = ()  # names failing rows; unique when ``unique_key``
    unique_key: bool = True
    checks: tuple[pa.Check, ...] = field(default=())

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def row_key(self) -> list[str]:
        return list(self.key or self.primary_key)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def ddl(self) -> str:
        """``create table`` and a ``comment on`` per column: the file ``sql/tables`` holds."""
        lines = [
            f"-- {self.description}",
            "-- Generated from pipeline/warehouse/registry.py: edit it there, then run",
            "-- python -m pipeline.warehouse.registry --write.",
            f"create table {self.name} (",
        ]
        defs = []
        for c in self.columns:
            nn = "" if c.nullable else " not null"
            defs.append(f"    {c.name} {c.type}{nn}")
        if self.primary_key:
            defs.append(f"    primary key ({', '.join(self.primary_key)})")
        lines.append(",\n".join(defs))
        lines.append(");")
        lines.append("")
        lines.append(f"comment on table {self.name} is {_literal(self.description)};")
        for c in self.columns:
            lines.append(f"comment on column {self.name}.{c.name} is {_literal(c.description)};")
        return "\n".join(lines) + "\n"

    def schema(self, extra_checks: tuple[pa.Check, ...] = ()) -> pa.DataFrameSchema:
        columns = {
            c.name: pa.Column(
                c.pandera_dtype,
                list(c.checks),
                nullable=c.nullable,
                unique=c.unique,
                description=c.description,
            )
            for c in self.columns
        }
        unique = self.row_key if self.unique_key and len(self.row_key) > 1 else None
        return pa.DataFrameSchema(
            columns,
            checks=[*self.checks, *extra_checks],
            unique=unique,
            name=_pascal(self.name),
            description=self.description,
            strict=False,
        )

    def frame(self, rows: list[dict] | pd.DataFrame) -> pd.DataFrame:
        """Rows as this table's frame: every column in order, each of its declared type."""
        df = pd.DataFrame(rows) if not isinstance(rows, pd.DataFrame) else rows
        out = pd.DataFrame(index=df.index)
        for c in self.columns:
            values = df[c.name] if c.name in df else pd.Series(None, index=df.index, dtype=object)
            out[c.name] = _typed(values, c)
        return out.reset_index(drop=True)


def _typed(values: pd.Series, c: Column) -> pd.Series:
    if c.type in {"integer", "bigint"}:
        return pd.to_numeric(values, errors="coerce").astype("Int64")
    if c.type == "double":
        return pd.to_numeric(values, errors="coerce").astype("float64")
    if c.type == "boolean":
        if c.nullable:
            return values.astype("boolean")
        return values.fillna(False).astype(bool)
    if c.type == "timestamptz":
        return pd.to_datetime(values, utc=True).astype("datetime64[us, UTC]")
    if c.type == "date":
        return values.map(_as_date).astype(object)
    if values.empty:  # pandera reads an empty object column as not text
        return values.astype("str")
    return values.astype(object).where(values.notna(), None)


def _as_date(v):
    if v is None or (not isinstance(v, date) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _pascal(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def _col(name, type_, description, nullable=True, *checks, unique=False) -> Column:
    return Column(name, type_, description, nullable, tuple(checks), unique)


def _notnull(name, type_, description, *checks, unique=False) -> Column:
    return Column(name, type_, description, False, tuple(checks), unique)


def _finite(s: pd.Series) -> pd.Series:
    return s.isna() | np.isfinite(s.astype("float64"))


FINITE = pa.Check(_finite, name="finite", error="not a finite number")
NONEMPTY = pa.Check.str_length(min_value=1)
ISO3_CHECK = pa.Check.str_matches(ISO3)
INDICATOR_CHECK = pa.Check.str_matches(INDICATOR)

# ---------------------------------------------------------------------------------------------
# The tables, in the order the data flows.

POLICY_DOCUMENTS = Table(
    "policy_documents",
    "One row per policy document: its metadata, the text the spans point into, its hash.",
    (
        _notnull("document_id", "varchar", "The document's id (header id or file name).",
                 unique=True),
        _notnull("title", "varchar", "Title (header, else the first line)."),
        _col("author", "varchar", "Author or issuer, when the header names one."),
        _col("published", "date", "Publication date."),
        _col("baseline_year", "integer", "The last full year before publication: progress is "
             "measured from it."),
        _notnull("country_iso3", "varchar", "The economy the document is about (ISO3).",
                 ISO3_CHECK),
        _col("language", "varchar", "Language code."),
        _col("source_url", "varchar", "Where the document was published."),
        _col("path", "varchar", "The file it was read from, in the documents folder."),
        _notnull("format", "varchar", "txt | md | html | pdf: how the file was read.",
                 pa.Check.isin(["txt", "md", "html", "pdf"])),
        _col("document_kind", "varchar", "annual_government_report | five_year_plan | "
             "sector_guidance | budget_speech | fact_sheet | address | ministerial_article | "
             "other."),
        _col("period_start", "integer", "First year of the period the document covers."),
        _col("period_end", "integer", "Last year of that period."),
        _col("inferred", "varchar", "Fields inferred from the text (no header said them), each "
             "with the words it came from."),
        _notnull("text", "varchar", "The document's text as read from its file (one paragraph, "
                 "heading or list item a line): spans point into it.", NONEMPTY),
        _notnull("sha256", "varchar", "sha256 of the text.", pa.Check.str_matches(r"^[0-9a-f]{64}$")),
        _notnull("n_chars", "integer", "Characters in the text.", pa.Check.ge(1)),
        _col("warnings", "varchar", "What was missing from the header and assumed."),
        _notnull("loaded_at", "timestamptz", "When the document was read."),
    ),
    primary_key=("document_id",),
)  # fmt: skip

REVIEW_COLUMNS = (
    _notnull("reviewed", "boolean", "Whether a person reviewed it (data/reviews/)."),
    _col("review", "varchar", "What the review did, by whom and why: 'corrected comparator "
         "'~' -> '<=' by jane: ...', 'accepted', 'rejected'."),
    _col("review_status", "varchar", "A status (or claim verdict) a reviewer set by hand.", True,
         pa.Check.isin((*STATUSES, *VERDICTS))),
    _col("review_reason", "varchar", "The reviewer's reason."),
)  # fmt: skip

POLICY_GOALS = Table(
    "policy_goals",
    "One row per goal or claim found in a document (context: read but not a goal).",
    (
        _notnull("goal_id", "varchar", "Document, kind letter and character offset: stable "
                 "while the text is.", unique=True),
        _notnull("document_id", "varchar", "The document it was found in."),
        _notnull("kind", "varchar", "goal | claim | funding (money a plan commits) | context.",
                 pa.Check.isin(RECORD_KINDS)),
        _notnull("text", "varchar", "The clause, as written.", NONEMPTY),
        _notnull("span_start", "integer", "Offset of the clause in policy_documents.text.",
                 pa.Check.ge(0)),
        _notnull("span_end", "integer", "End offset of the clause.", pa.Check.ge(1)),
        _col("section", "varchar", "The heading above the clause."),
        _col("theme", "varchar", "What it is about: a catalogue theme, or wdi:<code> when the "
             "series search found the indicator."),
        _notnull("direction", "varchar", "Goals: increase | decrease | maintain | achieve; "
                 "claims: threshold | rank.", pa.Check.isin(GOAL_DIRECTIONS + CLAIM_DIRECTIONS)),
        _notnull("country_iso3", "varchar", "The economy it concerns.", ISO3_CHECK),
        _col("target_value", "double", "The number it states, in target_unit.", True, FINITE),
        _col("target_unit", "varchar", "The number's unit: %, % of GDP, percentage points, "
             "US$, yuan, people, times, ..."),
        _col("comparator", "varchar", "How the number binds: >, >=, <, <=, ~, =, between."),
        _col("target_year", "integer", "The deadline.", True, pa.Check.in_range(1900, 2200)),
        _col("quantity_text", "varchar", "The number as written."),
        _col("measure", "varchar", "What the number measures: level (at the deadline) | change "
             "(cumulative, from the period's base) | annual_rate (one year's) | average_rate (over "
             "the period) | multiple (of a base) | count (made in the period).", True,
             pa.Check.isin(MEASURES)),
        _col("comparator_wording", "varchar", "The words that bind the number, as written: "
             "around, no more than, within, at least, basically stable, ..."),
        _col("base_value", "double", "A base the text states: 'from 6.4 million in 2020'."),
        _col("base_year", "integer", "The year of that base."),
        _col("period_start", "integer", "First year the target covers."),
        _col("period_end", "integer", "Last year the target covers (its deadline)."),
        _col("target_value_low", "double", "A range's low end; a change claim's start value."),
        _col("claim_rank", "integer", "A rank claim's rank (1 = first)."),
        _col("claim_run_years", "integer", "Consecutive years a rank claim says it held."),
        _col("claim_run_comparator", "varchar", "How the run's years bind (>, >=, ...)."),
        _col("claim_start_year", "integer", "The year a change claim starts ('over the past "
             "five years', 'since 2012'), from the text and the publication year."),
        _col("primary_indicator", "varchar", "The indicator that measures it best."),
        _notnull("is_measured", "boolean", "Whether any indicator measures it."),
        _notnull("rule", "varchar", "The rules that produced the record, in order.", NONEMPTY),
        _notnull("confidence", "double", "How sure the rules are (0-1).",
                 pa.Check.in_range(0, 1)),
        _col("note", "varchar", "What the rules did not understand, in words."),
        *REVIEW_COLUMNS,
    ),
    primary_key=("goal_id",),
    checks=(
        pa.Check(lambda df: df["span_end"] > df["span_start"], name="span_is_not_empty"),
        pa.Check(
            lambda df: (df["kind"] != "claim") == df["direction"].isin(GOAL_DIRECTIONS),
            name="direction_fits_kind",
            error="goals (and context) increase/decrease/maintain/achieve; claims threshold/rank",
        ),
    ),
)  # fmt: skip

EXTRACTED_GOALS = Table(
    "extracted_goals",
    "One row per goal, claim or context clause as the extractor read it, before linking.",
    tuple(c for c in POLICY_GOALS.columns
          if c.name not in {"primary_indicator", "is_measured", "confidence"}
          and c not in REVIEW_COLUMNS)
    + (
        _notnull("confidence", "double", "How sure the extraction rules are (0-1).",
                 pa.Check.in_range(0, 1)),
        _notnull("searchable", "boolean", "A goal with a number no theme names: linking looks "
                 "it up among the WDI series."),
        _notnull("direction_from_words", "boolean", "The clause's words set the direction (not "
                 "its theme): every indicator is expected to move that way."),
    ),
    primary_key=("goal_id",),
    checks=POLICY_GOALS.checks,
)  # fmt: skip

REVIEWED_GOALS = Table(
    "reviewed_goals",
    "The extracted records with the analysts' reviews (data/reviews/) applied: rejected "
    "records stay, marked, and linking leaves them out.",
    EXTRACTED_GOALS.columns + REVIEW_COLUMNS + (
        _col("review_action", "varchar", "accept | correct | reject (none: not reviewed).",
             True, pa.Check.isin(("accept", "correct", "reject"))),
        _col("review_indicator", "varchar", "The indicator a reviewer linked by hand.", True,
             INDICATOR_CHECK),
    ),
    primary_key=("goal_id",),
    checks=POLICY_GOALS.checks,
)  # fmt: skip

GOAL_INDICATORS = Table(
    "goal_indicators",
    "One row per goal or claim and each indicator that measures it, primary first.",
    (
        _notnull("goal_id", "varchar", "The goal or claim (policy_goals.goal_id)."),
        _notnull("indicator_code", "varchar", "The WDI series.", INDICATOR_CHECK),
        _notnull("is_primary", "boolean", "The indicator that measures it best."),
        _notnull("position", "integer", "1 for the primary, then in order.", pa.Check.ge(1)),
        _col("expected_direction", "varchar", "How the indicator should move for the goal.",
             True, pa.Check.isin(GOAL_DIRECTIONS)),
    ),
    primary_key=("goal_id", "indicator_code"),
)  # fmt: skip

INDICATOR_CATALOG = Table(
    "indicator_catalog",
    "One row per indicator tracked: the catalogue's, and every series a goal was linked to.",
    (
        _notnull("indicator_code", "varchar", "The WDI series code.", INDICATOR_CHECK,
                 unique=True),
        _notnull("name", "varchar", "The series' WDI name."),
        _col("unit", "varchar", "The unit the values are in."),
        _col("definition", "varchar", "WDI's definition."),
        _col("source_organization", "varchar", "Who compiles the series."),
        _col("value_min", "double", "The lowest plausible value (a check on observations)."),
        _col("value_max", "double", "The highest plausible value (100 for shares)."),
        _col("themes", "varchar", "The catalogue themes it measures."),
        _col("in_snapshot", "boolean", "Whether the shipped snapshot holds values for it."),
    ),
    primary_key=("indicator_code",),
)  # fmt: skip

COUNTRIES = Table(
    "countries",
    "One row per WDI economy or aggregate.",
    (
        _notnull("country_iso3", "varchar", "ISO3 code (WDI's for aggregates).", ISO3_CHECK,
                 unique=True),
        _notnull("name", "varchar", "WDI name."),
        _col("region", "varchar", "WDI region (economies only)."),
        _col("income_group", "varchar", "WDI income group (economies only)."),
        _notnull("is_aggregate", "boolean", "An aggregate (World, High income, ...), not an "
                 "economy: rankings leave these out."),
    ),
    primary_key=("country_iso3",),
)  # fmt: skip

OBSERVATIONS = Table(
    "observations",
    "One row per country, indicator and year: the value and where it came from.",
    (
        _notnull("country_iso3", "varchar", "The economy or aggregate.", ISO3_CHECK),
        _notnull("indicator_code", "varchar", "The WDI series.", INDICATOR_CHECK),
        _notnull("year", "integer", "The year.", pa.Check.in_range(1950, 2100)),
        _notnull("value", "double", "The value, in the indicator's unit.", FINITE),
        _notnull("source", "varchar", "Where it came from (snapshot file or API URL)."),
        _col("source_updated", "varchar", "The source's last-updated date, when it records one."),
        _notnull("fetched_at", "timestamptz", "When it was fetched."),
    ),
    # One row per key, checked on every load (pipeline/warehouse/sqlchecks.py) rather than by
    # a primary key: at all of WDI (28 million rows) the index costs 2.4-3.1x the load time, 1 GB
    # more memory and 4x the file (docs/performance.md), and readers gain nothing from it.
    key=("country_iso3", "indicator_code", "year"),
)  # fmt: skip

GOAL_PROGRESS = Table(
    "goal_progress",
    "One row per goal, indicator and country (one row with no indicator for an unmeasured "
    "goal): every number behind the status; docs/method.md gives the sums.",
    (
        _notnull("goal_id", "varchar", "The goal."),
        _notnull("document_id", "varchar", "Its document."),
        _col("indicator_code", "varchar", "The indicator judged (none: unmeasured).", True,
             INDICATOR_CHECK),
        _col("is_primary", "boolean", "Whether it is the goal's primary indicator."),
        _notnull("country_iso3", "varchar", "The economy judged.", ISO3_CHECK),
        _col("expected_direction", "varchar", "How the indicator should move, as the target is "
             "judged (a floor: increase; a ceiling: decrease; a band: maintain)."),
        _col("measure", "varchar", "What the goal's number measures (policy_goals.measure).",
             True, pa.Check.isin(MEASURES)),
        _col("judged_as", "varchar", "How the number binds as judged: at_least | at_most | "
             "around | range | band | direction | relative.", True, pa.Check.isin(JUDGED_AS)),
        _col("convention", "varchar", "The convention that reads it "
             "(data/catalog/conventions.yaml), or the default used."),
        _col("period_start", "integer", "First year the target covers."),
        _col("period_end", "integer", "The deadline: last year the target covers."),
        _col("fit", "varchar", "exact, or proxy: how the series' definition differs from the "
             "target's."),
        _col("rule", "varchar", "The method's branch: at deadline | reached | target | "
             "direction | maintain | growth rate | unverifiable."),
        _col("baseline_year", "integer", "The base year (the year before publication, else the "
             "next with a value)."),
        _col("baseline_value", "double", "The value in the base year."),
        _col("latest_year", "integer", "The year judged (the deadline's, once it has passed)."),
        _col("latest_value", "double", "The value judged."),
        _col("change", "double", "latest_value - baseline_value, in the indicator's unit."),
        _col("annual_rate", "double", "Observed compound rate, % a year (growth-rate goals: "
             "the mean yearly rate)."),
        _col("target_value", "double", "The level the goal names, in the indicator's unit."),
        _col("target_year", "integer", "The deadline the target is judged at."),
        _col("required_rate", "double", "% a year needed from the base year to the target."),
        _col("ratio", "double", "R = observed / required rate, signed by the direction."),
        _col("projected_value", "double", "The value at the target year at the observed rate."),
        _col("distance_covered", "double", "Share of the distance from base to target covered."),
        _col("tolerance", "double", "The maintain band's half-width, in the indicator's unit."),
        _col("drift", "double", "Distance from the band's centre, in the indicator's unit."),
        _col("limit_value", "double", "The natural limit that scales the thresholds (100 for "
             "shares)."),
        _col("years_met", "integer", "Growth-rate goals: years that met the target rate."),
        _col("years_assessed", "integer", "Growth-rate goals: years judged."),
        _col("judged_value", "double", "At the deadline: the value the target is judged on (a "
             "level, one year's rate, the period's geometric mean rate, a cumulative change)."),
        _col("bound", "varchar", "The target as judged, in the judged value's unit: '>= 6.35', "
             "'<= 3', 'within 4 of 0'."),
        _notnull("status", "varchar", "The status (docs/method.md).", pa.Check.isin(STATUSES)),
        _notnull("stale", "boolean", "The latest value is over three years old."),
        _col("data_latest_year", "integer", "The newest year the source has."),
        _col("source_updated", "varchar", "The source's last-updated date."),
        _notnull("reason", "varchar", "Why, in words, with the numbers.", NONEMPTY),
        _notnull("method", "varchar", "The method's name."),
    ),
    key=("goal_id", "indicator_code", "country_iso3"),
    checks=(
        pa.Check(
            lambda df: (
                df["baseline_year"].isna()
                | df["latest_year"].isna()
                | ~df["status"].isin(JUDGED)
                | (df["baseline_year"] <= df["latest_year"])
            ),
            name="baseline_not_after_latest",
        ),
        pa.Check(
            lambda df: ~df["status"].isin(JUDGED) | df["latest_value"].notna()
            | (df["rule"] == "review"),
            name="status_has_its_numbers",
            error="a judged status needs the value it judged",
        ),
    ),
)  # fmt: skip

CLAIM_CHECKS = Table(
    "claim_checks",
    "One row per claim and indicator (one row with no indicator for an unverifiable claim).",
    (
        _notnull("goal_id", "varchar", "The claim (policy_goals.goal_id)."),
        _notnull("document_id", "varchar", "Its document."),
        _col("indicator_code", "varchar", "The indicator that checks it.", True, INDICATOR_CHECK),
        _col("is_primary", "boolean", "Whether it is the claim's primary indicator."),
        _notnull("country_iso3", "varchar", "The economy the claim is about.", ISO3_CHECK),
        _notnull("check_type", "varchar", "threshold | rank | change."),
        _col("evaluation_year", "integer", "The year the claim speaks of (the base year)."),
        _col("observed_year", "integer", "The year of the value used."),
        _col("observed_value", "double", "The value used."),
        _col("claimed_value", "double", "The number the claim states."),
        _col("comparator", "varchar", "How the claimed number binds."),
        _col("rank", "integer", "The economy's rank that year (1 = highest, aggregates left "
             "out)."),
        _col("economies_ranked", "integer", "Economies with a value that year."),
        _col("run_years", "integer", "Consecutive years the rank held, to the evaluation year."),
        _col("run_start_year", "integer", "First year of that run."),
        _col("run_end_year", "integer", "Last year of that run."),
        _notnull("verdict", "varchar", "supported | contradicted | unverifiable.",
                 pa.Check.isin(VERDICTS)),
        _notnull("evidence", "varchar", "The values, years and rank behind the verdict.",
                 NONEMPTY),
    ),
    key=("goal_id", "indicator_code"),
)  # fmt: skip

GOAL_CONTEXT = Table(
    "goal_context",
    "One row per goal, indicator and comparator economy (the goal country, the world, its "
    "income group, each peer): values in the goal country's latest year and its rank.",
    (
        _notnull("goal_id", "varchar", "The goal."),
        _notnull("document_id", "varchar", "Its document."),
        _notnull("indicator_code", "varchar", "The indicator.", INDICATOR_CHECK),
        _notnull("is_primary", "boolean", "Whether it is the goal's primary indicator."),
        _col("expected_direction", "varchar", "How the indicator should move for the goal."),
        _notnull("country_iso3", "varchar", "The goal's country.", ISO3_CHECK),
        _notnull("economy_order", "integer", "Row order: goal country, world, income group, "
                 "peers."),
        _notnull("role", "varchar", "goal country | world | income group | peer.",
                 pa.Check.isin(["goal country", "world", "income group", "peer"])),
        _col("economy_iso3", "varchar", "The comparator economy."),
        _col("economy_name", "varchar", "Its name."),
        _col("year", "integer", "The goal country's latest year with a value."),
        _col("value_year", "integer", "The year of this economy's value (at or before year)."),
        _col("value", "double", "This economy's value."),
        _col("goal_country_value", "double", "The goal country's value in year."),
        _col("rank", "integer", "The goal country's rank in year (1 = highest value)."),
        _col("economies_ranked", "integer", "Economies with a value in year."),
        _notnull("rank_note", "varchar", "Which end of the ranking is good for the goal."),
        _col("note", "varchar", "Why a value is missing or from another year."),
    ),
    primary_key=("goal_id", "indicator_code", "economy_order"),
)  # fmt: skip

SCORECARD = Table(
    "scorecard",
    "One row per goal, indicator and country drawn in the scorecard report.",
    (
        _notnull("goal_id", "varchar", "The goal."),
        _notnull("indicator_code", "varchar", "The indicator charted."),
        _notnull("country_iso3", "varchar", "The economy charted."),
        _notnull("status", "varchar", "The status shown.", pa.Check.isin(STATUSES)),
        _notnull("chart_path", "varchar", "The chart's PNG file."),
        _notnull("report_path", "varchar", "The HTML report."),
        _notnull("generated_at", "timestamptz", "When the report was written."),
    ),
    key=("goal_id", "indicator_code", "country_iso3"),
)  # fmt: skip

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        POLICY_DOCUMENTS,
        EXTRACTED_GOALS,
        REVIEWED_GOALS,
        POLICY_GOALS,
        GOAL_INDICATORS,
        INDICATOR_CATALOG,
        COUNTRIES,
        OBSERVATIONS,
        GOAL_PROGRESS,
        CLAIM_CHECKS,
        GOAL_CONTEXT,
        SCORECARD,
    )
}


def table(name: str) -> Table:
    try:
        return TABLES[name]
    except KeyError:
        raise ValueError(f"unknown table {name!r}; tables are {', '.join(sorted(TABLES))}") from None


def ddl_path(name: str):
    return SQL_DIR / "tables" / f"{name}.sql"


def main(argv: list[str] | None = None) -> int:
    """``--write`` regenerates sql/tables/*.sql; ``--check`` says which files differ."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    stale = [n for n, t in TABLES.items() if not ddl_path(n).exists()
             or ddl_path(n).read_text(encoding="utf-8") != t.ddl()]  # fmt: skip
    if args.write:
        for name in stale:
            ddl_path(name).write_text(TABLES[name].ddl(), encoding="utf-8")
            print(f"wrote {ddl_path(name)}")
        return 0
    for name in stale:
        print(f"{ddl_path(name)} differs from the registry", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
