"""``python -m pipeline.evaluate``: see ``pipeline/evaluate/__init__.py``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.catalog import Catalogue
from pipeline.documents import parse_document
from pipeline.evaluate import extraction, keys
from pipeline.evaluate.extraction import Score
from pipeline.link.reading import Reader


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.0%}"


def _frac(score: Score, name: str) -> str:
    right, total = score.field_rate(name)
    return f"{right}/{total}" if total else "-"


HEADER = (
    f"{'document':<34} {'items':>5} {'recall':>6} {'targets':>7} {'t.rec':>6} {'prec':>5} "
    f"{'t.prec':>6} {'value':>7} {'year':>7} {'country':>7}"
)


def row(s: Score) -> str:
    return (
        f"{s.document_id[:34]:<34} {s.items:>5} {_pct(s.recall):>6} {s.targets:>7} "
        f"{_pct(s.target_recall):>6} {_pct(s.precision):>5} {_pct(s.target_precision):>6} "
        f"{_frac(s, 'value'):>7} {_frac(s, 'year'):>7} {'yes' if s.country_right else 'NO':>7}"
    )


def total(scores: list[Score]) -> str:
    """Micro totals: precision over the documents whose keys list every item, target precision
    over every document."""
    items = sum(s.items for s in scores)
    targets = sum(s.targets for s in scores)
    exhaustive = [s for s in scores if s.exhaustive]
    ex_records = sum(s.records for s in exhaustive)
    records = sum(s.records for s in scores)
    merged = Score("TOTAL", exhaustive=True)
    for s in scores:
        for name, got in s.fields.items():
            merged.fields.setdefault(name, []).extend(got)

    def rate(a: int, b: int) -> str:
        return _pct(a / b if b else None)

    return (
        f"{'TOTAL (micro)':<34} {items:>5} {rate(sum(s.found for s in scores), items):>6} "
        f"{targets:>7} {rate(sum(s.targets_found for s in scores), targets):>6} "
        f"{rate(sum(s.matched for s in exhaustive), ex_records):>5} "
        f"{rate(sum(s.matched_targets for s in scores), records):>6} "
        f"{_frac(merged, 'value'):>7} {_frac(merged, 'year'):>7} "
        f"{'yes' if all(s.country_right for s in scores) else 'NO':>7}\n"
        f"target recall {sum(s.targets_found for s in scores)}/{targets} = "
        f"{rate(sum(s.targets_found for s in scores), targets)}; precision on exhaustive keys "
        f"{sum(s.matched for s in exhaustive)}/{ex_records}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", type=Path, nargs="*", help="default: every key in eval/")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--formats", action="store_true", help="compare .txt, .html, .pdf")
    parser.add_argument("--outcomes", action="store_true", help="statuses vs official outcomes")
    parser.add_argument("--keep", type=Path, help="--outcomes: keep the run's DuckDB file here")
    args = parser.parse_args(argv)
    chosen = [keys.load(p) for p in args.keys] if args.keys else keys.all_keys()
    if args.outcomes:
        from pipeline.evaluate.outcomes import main as outcomes

        keyed = [k for k in chosen if k.source.parent.name in keys.OUTCOME_FOLDERS]
        return outcomes(keyed, args.verbose, args.keep)
    reader = Reader(Catalogue())
    if args.formats:
        from pipeline.evaluate.formats import compare

        return compare(chosen, reader)
    scores, details = [], []
    print(HEADER)
    for key in chosen:
        path = key.files[0]
        doc = parse_document(path.read_bytes(), path)
        s = extraction.score(doc, key, reader.records(doc))
        scores.append(s)
        print(row(s))
        if args.verbose:
            details += _details(s)
    print(total(scores))
    print("\n".join(details))
    return 0


def _details(s: Score) -> list[str]:
    out = [f"\n{s.document_id}"]
    out += [f"  missed: {m}" for m in s.misses]
    out += [f"  extra:  {e}" for e in s.extras]
    out += [f"  wrong:  {w}" for w in s.wrong]
    return out


if __name__ == "__main__":
    sys.exit(main())
