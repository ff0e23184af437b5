"""Linking: which series measures each record (themes, the WDI series search, unit fit)."""

from pipeline.link.linker import Linker, link_records, unit_fits
from pipeline.link.search import IndicatorIndex, load_index

__all__ = ["IndicatorIndex", "Linker", "link_records", "load_index", "unit_fits"]
