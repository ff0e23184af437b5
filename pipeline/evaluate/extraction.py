"""Score extraction against a key: recall, precision, values, years and the country.

A key item is found when a record of the same kind (goal, claim, funding) overlaps the item's
quote, else its sentence; each record finds one item at most (the one it overlaps most), so a
sentence listing six targets needs six records. Scores:

- ``recall``: items found / items; ``target recall``: quantified goals found / quantified goals
  (the targets an analyst tracks; every key has them);
- ``precision``: goal and claim records that found an item / goal and claim records, on keys that
  list every item (``exhaustive``); ``target precision``: records that found a quantified goal /
  goal and claim records: the harshest reading, as against a key that lists targets only;
- ``value`` and ``year``: right among found items that have them (values within 2%, either end
  of a range, in the unit the text's scale word names: "4.8 billion tonnes" keyed as 4.8);
- ``country``: the document's country is the key's.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pipeline.documents import Document
from pipeline.evaluate.keys import Item, Key
from pipeline.extract.segment import Span, blocks, sentences

KINDS = {"goal": "goal", "claim": "claim", "funding": "funding"}


@dataclass
class Score:
    document_id: str
    exhaustive: bool
    items: int = 0
    found: int = 0
    targets: int = 0
    targets_found: int = 0
    records: int = 0  # goal and claim records
    matched: int = 0  # of them, those that found an item
    matched_targets: int = 0  # of them, those that found a quantified goal
    country_right: bool | None = None
    fields: dict[str, list[bool]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @staticmethod
    def _rate(a: int, b: int) -> float | None:
        return a / b if b else None

    @property
    def recall(self) -> float | None:
        return self._rate(self.found, self.items)

    @property
    def target_recall(self) -> float | None:
        return self._rate(self.targets_found, self.targets)

    @property
    def precision(self) -> float | None:
        return self._rate(self.matched, self.records) if self.exhaustive else None

    @property
    def target_precision(self) -> float | None:
        return self._rate(self.matched_targets, self.records)

    def field_rate(self, name: str) -> tuple[int, int]:
        got = self.fields.get(name, [])
        return sum(got), len(got)


def _sentence_of(doc: Document, start: int, end: int) -> Span:
    for block in blocks(doc.text):
        if block.start <= start < block.end:
            for sent in sentences(doc.text, block):
                if sent.start <= start < max(sent.end, start + 1):
                    return Span(sent.start, max(sent.end, end))
            return block
    return Span(start, end)


def _overlap(rec, start: int, end: int) -> int:
    return max(0, min(rec.span_end, end) - max(rec.span_start, start))


def same_number(a, b) -> bool:
    # 2% tolerance: keys round what the text spells out ("one-third" keyed as 0.33)
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=0.02)


# keys state a number in the unit the text names ("4.8 billion tonnes" keyed as 4.8, "92.7
# trillion yuan" as 92.7); the product keeps plain units (4.8e9)
SCALES = (1.0, 1e3, 1e6, 1e9, 1e12, 1e5, 1e7)  # thousand ... trillion; lakh, crore


def same_value(rec, key_value) -> bool:
    """The record states the key's number: either end of a range, in any scale word's unit."""
    if key_value is None:
        return False
    ends = [v for v in (rec.target_value, getattr(rec, "target_value_low", None)) if v is not None]
    return any(same_number(v, key_value * k) for v in ends for k in SCALES)


def locate(doc: Document, item: Item) -> tuple[int, int] | None:
    """Where the item's quote is in the document's text (spaces and quotes normalised)."""
    start = doc.text.find(item.quote)
    if start >= 0:
        return start, start + len(item.quote)
    squashed = " ".join(item.quote.split())
    start = " ".join(doc.text.split(" ")).find(squashed)
    return (start, start + len(squashed)) if start >= 0 else None


def score(doc: Document, key: Key, records: list) -> Score:
    out = Score(doc.document_id, key.exhaustive)
    out.country_right = key.country is None or doc.country_iso3 == key.country
    scored = [r for r in records if r.kind in ("goal", "claim", "funding")]
    spans = []
    for item in key.items:
        out.items += 1
        out.targets += item.is_target
        where = locate(doc, item)
        if where is None:
            out.misses.append(f"{item.id}: quote not found in the text read: {item.quote[:60]}")
            continue
        spans.append((item, *where, _sentence_of(doc, *where)))
    chosen, used = _match(spans, scored)
    for item, _, _, _ in spans:
        rec = scored[chosen[item.id]] if item.id in chosen else None
        if rec is None:
            out.misses.append(f"{item.id} ({item.kind}): {item.quote[:90]}")
            continue
        out.found += 1
        out.targets_found += item.is_target
        _score_fields(out, item, rec)
    goal_claim = [i for i, r in enumerate(scored) if r.kind in ("goal", "claim")]
    out.records = len(goal_claim)
    target_ids = {i.id for i in key.items if i.is_target}
    out.matched = len(set(chosen.values()) & set(goal_claim))
    out.matched_targets = len({i for k, i in chosen.items() if k in target_ids} & set(goal_claim))
    out.extras = [
        f"{r.kind} {r.direction} {r.theme}: {r.text[:90]}"
        for i, r in enumerate(scored)
        if i not in used and r.kind in ("goal", "claim")
    ]
    return out


def _match(spans: list, scored: list) -> tuple[dict[str, int], set[int]]:
    """Each key item's record. Two passes: records over an item's own quote first, then any
    record in its sentence, so that one item does not take the record another item's quote
    sits under. Each record finds one item at most."""
    chosen: dict[str, int] = {}
    used: set[int] = set()
    for exact in (True, False):
        for item, start, end, sent in spans:
            if item.id in chosen:
                continue
            lo, hi = (start, end) if exact else (sent.start, sent.end)
            candidates = [
                (i, r)
                for i, r in enumerate(scored)
                if i not in used and r.kind == KINDS.get(item.kind) and _overlap(r, lo, hi) > 0
            ]
            if candidates:
                i, _ = max(candidates, key=lambda c: (_overlap(c[1], start, end), -c[0]))
                used.add(i)
                chosen[item.id] = i
    return chosen, used


def _score_fields(out: Score, item: Item, rec) -> None:
    if item.country:
        out.fields.setdefault("country", []).append(rec.country_iso3 == item.country)
    if item.kind == "goal" and item.direction in ("increase", "decrease", "maintain", "achieve"):
        out.fields.setdefault("direction", []).append(rec.direction == item.direction)
    if item.indicators:
        got = (rec.indicators or [None])[0]
        out.fields.setdefault("primary_indicator", []).append(got == item.indicators[0])
    if item.target_value is not None:
        right = same_value(rec, item.target_value)
        out.fields.setdefault("value", []).append(right)
        if not right:
            out.wrong.append(f"{item.id} value {item.target_value:g} read as {rec.target_value}")
    if item.target_year is not None:
        right = rec.target_year == item.target_year
        out.fields.setdefault("year", []).append(right)
        if not right:
            out.wrong.append(f"{item.id} year {item.target_year} read as {rec.target_year}")
