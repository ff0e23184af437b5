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


def total(scores: list[Score]) -> Score:
    out = Score("TOTAL (micro)", exhaustive=True)
    ex = [s for s in scores if s.exhaustive]
    for s in scores:
        out.items += s.items
        out.found += s.found
        out.targets += s.targets
        out.targets_found += s.targets_found
        out.matched_targets += s.matched_targets
        for name, got in s.fields.items():
            out.fields.setdefault(name, []).extend(got)
    out.records = sum(s.records for s in scores)
    out.matched = sum(s.matched for s in ex)
    exhaustive_records = sum(s.records for s in ex)
    out.country_right = all(s.country_right for s in scores)
    out.exhaustive = bool(ex)
    precision = out.matched / exhaustive_records if exhaustive_records else None
    out.fields["_precision"] = [True] * out.matched + [False] * (exhaustive_records - out.matched)
    return out if precision is not None else out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("keys", type=Path, nargs="*", help="default: every key in eval/")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--formats", action="store_true", help="compare .txt, .html, .pdf")
    parser.add_argument("--outcomes", action="store_true", help="statuses vs official outcomes")
    args = parser.parse_args(argv)
    chosen = [keys.load(p) for p in args.keys] if args.keys else keys.all_keys()
    if args.outcomes:
        from pipeline.evaluate.outcomes import main as outcomes

        return outcomes([k for k in chosen if k.source.parent.name == "outcomes"], args.verbose)
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
    t = total(scores)
    print(row(t).replace("TOTAL (micro)", "TOTAL (micro)"))
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
