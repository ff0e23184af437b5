"""Policy documents: read from files, with their metadata, as the text extraction reads."""

from pipeline.documents.reader import (
    MAX_BYTES,
    Document,
    DocumentError,
    parse_document,
    read_documents,
)

__all__ = ["MAX_BYTES", "Document", "DocumentError", "parse_document", "read_documents"]
