"""Measure extraction against hand-written answer keys (``eval/*.yaml``).

Matching follows the issue's definition: a key item is found when a record of the same kind
and direction overlaps the key's sentence (the sentence that holds its quote). Each record can
find one item only (the one whose quote it overlaps most), so a sentence listing six targets
needs six records. On the found items the target value, target year and primary indicator are
scored separately, where the key gives them. Precision is the share of goal and claim records
that found an item. Keys measure the extractor; the product never reads them.

    python -m pipeline.evaluate                      # every key in eval/ with its document
    python -m pipeline.evaluate eval/seed_answer_key.yaml
"""

from __future__ import annotations

import argparse
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace as Record

import yaml

from pipeline.catalog import Catalogue
from pipeline.config import DOCUMENTS_DIR, ROOT
from pipeline.documents import Document, parse_document
from pipeline.extract.segment import Span, blocks, sentences
from pipeline.link.reading import Reader


@dataclass
class Score:
    document_id: str
    items: int = 0
    found: int = 0
    records: int = 0
    fields: dict[str, list[bool]] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # found items with a value or year wrong

    @property
    def recall(self) -> float:
        return self.found / self.items if self.items else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.records if self.records else 1.0

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


def _overlap(rec: Record, start: int, end: int) -> int:
    return max(0, min(rec.span_end, end) - max(rec.span_start, start))


def _same_number(a: float | None, b) -> bool:
    # 2% tolerance: keys round what the text spells out ("one-third" keyed as 0.33)
    return a is not None and b is not None and math.isclose(float(a), float(b), rel_tol=0.02)


def score(doc: Document, key: dict, records: list[Record]) -> Score:
    out = Score(doc.document_id)
    scored = [r for r in records if r.kind in ("goal", "claim")]
    out.records = len(scored)
    spans = []
    for item in key["items"]:
        out.items += 1
        start = doc.text.find(item["quote"])
        if start < 0:
            raise ValueError(f"{doc.document_id} {item['id']}: quote not in the document")
        end = start + len(item["quote"])
        spans.append((item, start, end, _sentence_of(doc, start, end)))
    chosen, used = _match(spans, scored)
    for item, _, _, _ in spans:
        rec = chosen.get(item["id"])
        if rec is None:
            out.misses.append(
                f"{item['id']} ({item['kind']}, {item['direction']}): {item['quote']}"
            )
            continue
        out.found += 1
        _score_fields(out, item, rec)
    out.extras = [
        f"{r.kind} {r.direction} {r.theme}: {r.text[:90]}"
        for i, r in enumerate(scored)
        if i not in used
    ]
    return out


def _match(spans: list, scored: list[Record]) -> tuple[dict[str, Record], set[int]]:
    """Each key item's record. Two passes: records over an item's own quote first, then any
    record in its sentence, so that one item does not take the record another item's quote
    sits under. Each record finds one item at most."""
    chosen: dict[str, Record] = {}
    used: set[int] = set()
    for exact in (True, False):
        for item, start, end, sent in spans:
            if item["id"] in chosen:
                continue
            lo, hi = (start, end) if exact else (sent.start, sent.end)
            candidates = [
                (i, r)
                for i, r in enumerate(scored)
                if i not in used
                and r.kind == item["kind"]
                and r.direction == item["direction"]
                and _overlap(r, lo, hi) > 0
            ]
            if candidates:
                i, rec = max(candidates, key=lambda c: (_overlap(c[1], start, end), -c[0]))
                used.add(i)
                chosen[item["id"]] = rec
    return chosen, used


def _score_fields(out: Score, item: dict, rec: Record) -> None:
    want = (item.get("indicators") or [None])[0]
    out.fields.setdefault("country", []).append(rec.country_iso3 == item.get("country"))
    out.fields.setdefault("primary_indicator", []).append((rec.indicators or [None])[0] == want)
    if item.get("target_value") is not None:
        right = _same_number(rec.target_value, item["target_value"])
        out.fields.setdefault("target_value", []).append(right)
        if not right:
            out.wrong.append(
                f"{item['id']} value {item['target_value']} read as {rec.target_value}"
            )
    if item.get("target_year") is not None:
        right = rec.target_year == int(item["target_year"])
        out.fields.setdefault("target_year", []).append(right)
        if not right:
            out.wrong.append(f"{item['id']} year {item['target_year']} read as {rec.target_year}")


def document_for(key: dict, key_path: Path) -> Path:
    doc_id = key["document"]["id"]
    for path in sorted(DOCUMENTS_DIR.glob("*.txt")):
        if path.stem == doc_id:
            return path
    raise FileNotFoundError(f"{key_path}: no data/documents/{doc_id}.txt")


def report(s: Score, verbose: bool) -> list[str]:
    lines = [
        f"{s.document_id}: {s.items} items, {s.found} found (recall {s.recall:.0%}), "
        f"{s.records} goal/claim records (precision {s.precision:.0%})"
    ]
    for name in ("country", "primary_indicator", "target_value", "target_year"):
        right, total = s.field_rate(name)
        if total:
            lines.append(f"  {name:<18} {right}/{total} right ({right / total:.0%})")
    if verbose:
        lines += [f"  missed: {m}" for m in s.misses]
        lines += [f"  extra:  {e}" for e in s.extras]
        lines += [f"  wrong:  {w}" for w in s.wrong]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", type=Path, nargs="*", help="default: every eval/*.yaml")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = parser.parse_args(argv)
    paths = args.keys or sorted((ROOT / "eval").glob("*.yaml"))
    reader = Reader(Catalogue())
    print(f"{'document':<34} {'items':>5} {'recall':>7} {'precision':>9} {'value':>7} {'year':>7}")
    details = []
    for path in paths:
        key = yaml.safe_load(path.read_text(encoding="utf-8"))
        doc_path = document_for(key, path)
        doc = parse_document(doc_path.read_bytes(), doc_path)
        s = score(doc, key, reader.records(doc))

        def rate(name: str, s: Score = s) -> str:
            right, total = s.field_rate(name)
            return f"{right}/{total}" if total else "-"

        print(
            f"{s.document_id:<34} {s.items:>5} {s.recall:>7.0%} {s.precision:>9.0%} "
            f"{rate('target_value'):>7} {rate('target_year'):>7}"
        )
        details += report(s, args.verbose)
    print()
    print("\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
