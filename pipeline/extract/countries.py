"""Which economy a clause concerns: named countries, aliases ("US", "the EU") and "my country"."""

from __future__ import annotations

import re

from pipeline.catalog import ThemeCatalog
from pipeline.documents import Document


class CountryFinder:
    """Country names and aliases from the catalogue and the WDI economy list, as one pattern.

    Case-sensitive: "US" is a country, "us" is not. "my country" (the catalogue's
    ``own_country`` words) is the document's own country.
    """

    def __init__(self, catalog: ThemeCatalog, country_names: dict[str, str]):
        aliases: dict[str, str] = {}
        for iso3, alts in catalog.country_aliases.items():
            for alt in alts:
                aliases[alt] = iso3
        for name, iso3 in country_names.items():
            aliases.setdefault(re.escape(name), iso3)
        ordered = sorted(aliases, key=len, reverse=True)
        self._country = re.compile(r"(?<![\w-])(" + "|".join(ordered) + r")(?![\w-])")
        self._alias_patterns = [(re.compile(rf"^{k}$"), aliases[k]) for k in ordered]
        own = "|".join(re.escape(o) for o in catalog.own_country)
        self._own = re.compile(rf"\b(?:{own})\b", re.IGNORECASE) if own else None

    def mentions(self, text: str, doc: Document) -> list[tuple[int, str]]:
        """(offset, ISO3) of every economy the text names, in order."""
        found = [(m.start(), self._code_of(m.group(0))) for m in self._country.finditer(text)]
        if self._own:
            found += [(m.start(), doc.country_iso3) for m in self._own.finditer(text)]
        return sorted(found)

    def _code_of(self, matched: str) -> str:
        for pattern, code in self._alias_patterns:
            if pattern.match(matched):
                return code
        return matched

    def first(self, text: str, doc: Document) -> str | None:
        mentions = self.mentions(text, doc)
        return mentions[0][1] if mentions else None

    def for_goal(self, text: str, doc: Document, verb_at: int) -> tuple[str, str]:
        """A document's goals are its own country's unless the clause opens (before its verb,
        at ``verb_at``) by naming another."""
        for pos, code in self.mentions(text, doc):
            if pos < verb_at and code != doc.country_iso3:
                return code, f"country.named {code}"
        return doc.country_iso3, f"country.document {doc.country_iso3}"

    def for_claim(self, text: str, doc: Document, sent_country: str | None) -> tuple[str, str]:
        """A claim is about the economy its clause names, else its sentence's, else the
        document's."""
        mentions = self.mentions(text, doc)
        if mentions:
            return mentions[0][1], f"country.clause {mentions[0][1]}"
        if sent_country:
            return sent_country, f"country.sentence {sent_country}"
        return doc.country_iso3, f"country.document {doc.country_iso3}"
