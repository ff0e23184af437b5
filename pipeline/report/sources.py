"""The stored text of each document as a page of its own, every goal, claim and funding clause
marked with its id, so a report row links to its sentence: ``documents/<id>.html#<goal_id>``.
Static HTML that opens from disk."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: sans-serif; margin: 2em auto; max-width: 50em; color: #222; }}
.text {{ white-space: pre-wrap; line-height: 1.5; }}
mark {{ background: #fff3bf; padding: 0 2px; }}
mark.claim {{ background: #e7f0fb; }}
mark.funding {{ background: #eeeeee; }}
mark:target {{ outline: 3px solid #c0392b; background: #ffd8a8; }}
</style></head><body>
<p><a href="../scorecard.html#doc-{anchor}">&larr; back to the scorecard</a></p>
<h1>{title}</h1>
<p>{facts}</p>
<div class="text">{text}</div>
</body></html>
"""


def slug(document_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", document_id)


def marked(text: str, spans: pd.DataFrame) -> str:
    """The text, escaped, each record's span in a ``<mark id=goal_id>``; overlaps skipped."""
    out, at = [], 0
    for r in spans.sort_values("span_start").itertuples(index=False):
        start, end = int(r.span_start), int(r.span_end)
        if start < at or end > len(text):
            continue
        out.append(html.escape(text[at:start]))
        kind = html.escape(str(r.kind))
        out.append(
            f'<mark id="{html.escape(r.goal_id)}" class="{kind}" title="{kind}">'
            f"{html.escape(text[start:end])}</mark>"
        )
        at = end
    out.append(html.escape(text[at:]))
    return "".join(out)


def write_document_pages(
    documents: pd.DataFrame, records: pd.DataFrame, folder: Path
) -> dict[str, Path]:
    """One page per document; document_id -> its path."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.html"):
        old.unlink()
    paths = {}
    for doc in documents.itertuples(index=False):
        spans = records[records["document_id"] == doc.document_id]
        path = folder / f"{slug(doc.document_id)}.html"
        facts = " · ".join(
            str(v)
            for v in (doc.country_iso3, getattr(doc, "document_kind", None), doc.published)
            if v is not None and not pd.isna(v)
        )
        path.write_text(
            PAGE.format(
                title=html.escape(str(doc.title)),
                anchor=html.escape(slug(doc.document_id)),
                facts=html.escape(facts),
                text=marked(str(doc.text), spans),
            ),
            encoding="utf-8",
        )
        paths[doc.document_id] = path
    return paths
