"""Measure the product against hand-written keys in ``eval/`` (it never reads them).

    python -m pipeline.evaluate                  # extraction, every key: recall, precision, ...
    python -m pipeline.evaluate -v               # ... with each miss, stray record, wrong value
    python -m pipeline.evaluate eval/keys/x.yaml # one key
    python -m pipeline.evaluate --formats        # the same document as text, HTML and PDF
    python -m pipeline.evaluate --outcomes       # statuses against official outcomes

Documents in ``eval/documents/`` are read as their publishers put them out (no header): their
metadata is inferred, as in the product. ``docs/extraction.md`` and ``docs/method.md`` hold the
figures.
"""
