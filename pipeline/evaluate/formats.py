"""The same document as text, HTML and PDF should give the same goals, values and years.

For every key that lists more than one file of one document (``files:`` in ``eval/keys/``),
and for the format fixtures in ``tests/fixtures/documents/`` (the shipped documents saved as
HTML and as PDF, one-column, two-column, with running headers), each file is read as the
product reads it and its goal, claim and funding records compared with the first file's: a
record is the same when its kind, value and year are, and its clause's words overlap. Printed:
records per file, the same, only in one, the key's recall on each file, and the metadata each
file gave (a file without the dateline another has dates fewer goals: that is the text's
difference, not the format's).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.config import ROOT
from pipeline.documents import parse_document
from pipeline.evaluate import extraction
from pipeline.evaluate.keys import Key
from pipeline.link.reading import Reader
from pipeline.words import STOPWORDS

FIXTURES = ROOT / "tests" / "fixtures" / "documents"
KINDS = ("goal", "claim", "funding")


def _words(text: str) -> set[str]:
    return {w for w in "".join(c.lower() if c.isalnum() else " " for c in text).split()
            if w not in STOPWORDS}  # fmt: skip


def _signature(rec) -> tuple:
    value = None if rec.target_value is None else round(float(rec.target_value), 6)
    return rec.kind, value, rec.target_year


def _same(a, b) -> bool:
    if _signature(a) != _signature(b):
        return False
    wa, wb = _words(a.text), _words(b.text)
    return len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def _records(reader: Reader, path: Path) -> list:
    doc = parse_document(path.read_bytes(), path)
    return [r for r in reader.records(doc) if r.kind in KINDS], doc


def compare_files(reader: Reader, files: list[Path], key: Key | None = None) -> list[str]:
    """One line per file: records, the same as the first file's, only here, only there."""
    base, base_doc = _records(reader, files[0])
    lines = []
    for path in files:
        recs, doc = _records(reader, path)
        unmatched = list(base)
        same = 0
        for r in recs:
            hit = next((b for b in unmatched if _same(r, b)), None)
            if hit is not None:
                unmatched.remove(hit)
                same += 1
        recall = ""
        if key is not None:
            s = extraction.score(doc, key, reader.records(doc))
            recall = f"  key: targets {s.targets_found}/{s.targets}, items {s.found}/{s.items}"
        kinds = Counter(r.kind for r in recs)
        lines.append(
            f"  {path.name:<48} {len(recs):>4} records ({dict(kinds)}), same {same}, only here "
            f"{len(recs) - same}, only in {files[0].suffix}: {len(unmatched)}{recall}; read as "
            f"{doc.kind}, published {doc.published or 'unknown'}"
        )
    return lines


def fixture_groups() -> list[list[Path]]:
    """The shipped documents' format fixtures: the .txt first, then its .html and .pdfs."""
    groups = []
    for txt in sorted(FIXTURES.glob("*.txt")):
        others = sorted(p for p in FIXTURES.glob(f"{txt.stem}*") if p.suffix in {".html", ".pdf"})
        if others:
            groups.append([txt, *others])
    return groups


def compare(keys: list[Key], reader: Reader) -> int:
    for key in keys:
        if len(key.files) > 1:
            print(f"{key.document_id} (key {key.source.relative_to(ROOT)})")
            print("\n".join(compare_files(reader, key.files, key)))
    for group in fixture_groups():
        print(f"{group[0].stem} (tests/fixtures/documents)")
        print("\n".join(compare_files(reader, group)))
    return 0
