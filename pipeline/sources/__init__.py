"""Where the statistics come from: the shipped snapshot (default) or the live World Bank API,
behind one tidy shape (``base``); ``load`` gathers them for the ``observations`` table."""

from pipeline.sources.live import LiveSource
from pipeline.sources.snapshot import SnapshotSource

__all__ = ["LiveSource", "SnapshotSource"]
