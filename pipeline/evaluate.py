"""Measure extraction against a hand-written answer key (``eval/*.yaml``).

An item is found when a record overlaps the key's quote with the same kind and direction;
country, primary indicator and target year are then scored on the found items. Precision counts
the records of a kind that overlap no key item of that kind. Keys measure the extractor; the
product never reads them.

    python -m pipeline.evaluate eval/seed_answer_key.yaml \
        data/documents/new_industrialization_2023.txt
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from pipeline.documents import Document, parse_document
from pipeline.extract import Extractor, Record


@dataclass
class Score:
    items: int = 0
    found: int = 0
    exact: int = 0  # found with country and primary indicator right too
    records: int = 0
    matched_records: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.items if self.items else 1.0

    @property
    def precision(self) -> float:
        return self.matched_records / self.records if self.records else 1.0


def _overlaps(rec: Record, start: int, end: int) -> bool:
    return rec.span_start < end and rec.span_end > start


def score(doc: Document, key: dict, records: list[Record], kinds=("goal", "claim")) -> Score:
    out = Score()
    spans = []
    for item in key["items"]:
        pos = doc.text.find(item["quote"])
        if pos < 0:
            raise ValueError(f"key item {item['id']}: quote not in the document")
        spans.append((item, pos, pos + len(item["quote"])))
    for item, start, end in spans:
        out.items += 1
        hits = [
            r
            for r in records
            if _overlaps(r, start, end)
            and r.kind == item["kind"]
            and r.direction == item["direction"]
        ]
        if not hits:
            out.misses.append(f"{item['id']} not found: {item['quote'][:60]}")
            continue
        out.found += 1
        want = (item["indicators"] or [None])[0]
        if any(
            r.country_iso3 == item["country"] and (r.indicators or [None])[0] == want for r in hits
        ):
            out.exact += 1
        else:
            out.misses.append(f"{item['id']} found, but country or primary indicator differ")
    themed = [r for r in records if r.kind in kinds and (r.theme or r.kind == "claim")]
    out.records = len(themed)
    out.matched_records = sum(
        any(_overlaps(r, s, e) and r.kind == item["kind"] for item, s, e in spans) for r in themed
    )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("key", type=Path)
    parser.add_argument("document", type=Path)
    args = parser.parse_args(argv)
    key = yaml.safe_load(args.key.read_text(encoding="utf-8"))
    doc = parse_document(args.document.read_bytes(), args.document)
    s = score(doc, key, Extractor().extract(doc))
    print(f"document      {doc.document_id}")
    print(f"key items     {s.items}")
    print(f"found         {s.found}  (recall {s.recall:.0%})")
    print(f"exact         {s.exact}  (kind, direction, country, primary indicator)")
    print(
        f"themed records {s.records}, overlapping a key item {s.matched_records} "
        f"(precision {s.precision:.0%})"
    )
    for miss in s.misses:
        print(f"  - {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
