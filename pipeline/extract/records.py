"""The record every rule fills in: one goal, claim or context clause, and its table frame."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from pipeline.catalog import Theme
from pipeline.documents import Document
from pipeline.extract.quantities import Quantity, unit_label
from pipeline.extract.segment import Span
from pipeline.warehouse.registry import table

ID_LETTER = {"goal": "g", "claim": "c", "context": "x", "funding": "f"}


@dataclass
class Record:
    goal_id: str
    document_id: str
    kind: str  # goal | claim | context (neither: kept to say what was not understood)
    text: str
    span_start: int
    span_end: int
    section: str | None
    theme: str | None
    direction: str
    country_iso3: str
    target_value: float | None
    target_unit: str | None
    comparator: str | None
    target_year: int | None
    quantity_text: str | None
    measure: str | None  # level | change | annual_rate | average_rate | multiple | count
    target_value_low: float | None  # "between 3 and 5 percent"
    claim_rank: int | None
    claim_run_years: int | None
    claim_run_comparator: str | None
    claim_start_year: int | None = None  # a change claim's start: "over the past five years"
    comparator_wording: str | None = None  # the words that bind the number: "around"
    base_value: float | None = None  # a stated base: "from 6.4 million in 2020"
    base_year: int | None = None
    period_start: int | None = None  # the years the target covers
    period_end: int | None = None
    rule: str = ""
    confidence: float = 0.0
    note: str | None = None
    # What linking needs to know of how the record was read (stored in extracted_goals):
    searchable: bool = False  # a goal no theme names, worth a search of the WDI series
    direction_from_words: bool = False  # the clause's words set the direction, not its theme
    keyword: str | None = None  # the theme words matched (not stored: the rule quotes them)

    def demote(self, note: str) -> None:
        """Not a goal after all: context, with why, and the id that says so."""
        self.kind, self.note = "context", note
        self.goal_id = record_id(self.document_id, self.kind, self.span_start)

    def as_row(self) -> dict:
        row = asdict(self)
        row.pop("keyword")
        return row


def make_record(
    doc: Document,
    span: Span,
    kind: str,
    section: str | None,
    theme: Theme | None,
    *,
    target: Quantity | None,
    **fields,
) -> Record:
    """A record's common fields from its clause, theme and number; the rest as given."""
    defaults = {
        "target_value": target.value if target else None,
        "target_unit": unit_label(target) if target else None,
        "target_year": None,
        "measure": None,
        "claim_rank": None,
        "claim_run_years": None,
        "claim_run_comparator": None,
    }
    if target is None and fields.get("claim_rank") is not None:
        # a rank claim's number is its rank: "we rank 13th" holds 13, "in the top 25" 25
        fields = {"target_value": float(fields["claim_rank"]), "target_unit": "rank"} | fields
    return Record(
        goal_id=record_id(doc.document_id, kind, span.start),
        document_id=doc.document_id,
        kind=kind,
        text=doc.text[span.start : span.end],
        span_start=span.start,
        span_end=span.end,
        section=section,
        theme=theme.name if theme else None,
        quantity_text=target.text if target else None,
        target_value_low=target.low if target else None,
        **(defaults | fields),
    )


def record_id(document_id: str, kind: str, span_start: int) -> str:
    """Stable while the text is: the document, a letter for the kind, where the clause starts."""
    return f"{document_id}-{ID_LETTER[kind]}{span_start}"


def plain(direction: str) -> str:
    return "increase" if direction == "achieve" else direction


def to_frame(records: list[Record]) -> pd.DataFrame:
    """The records as the ``extracted_goals`` table."""
    return table("extracted_goals").frame([r.as_row() for r in records])
