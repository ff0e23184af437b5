"""The one error a document that cannot be read raises, naming the file and the reason."""

from __future__ import annotations

from pathlib import Path


class DocumentError(ValueError):
    """A document that cannot be read; names the file and the reason."""

    def __init__(self, path: Path | str, reason: str):
        super().__init__(f"document {path}: {reason}")
        self.path = str(path)
        self.reason = reason
