"""Which economy a document is about: its issuer first ("State Council", "Lok Sabha", "The
White House"), then the economy it mentions most."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from pipeline.documents.metadata.evidence import found, missing

# Who issued the document: (pattern, ISO3). The issuer decides before the mentions do.
ISSUERS: list[tuple[str, str]] = [
    (r"State Council", "CHN"),
    (r"National Economic and Social Development", "CHN"),  # the title of China's plans
    (r"National People[’']\s?s Congress", "CHN"),
    (r"\bNPC\b", "CHN"),
    (r"Premier (?:Li|Wen|Zhu)\b", "CHN"),
    (r"\bXinhua\b", "CHN"),
    (r"Communist Party of China|CPC Central Committee|Party Central Committee", "CHN"),
    (r"General Secretary Xi\b|Xi Jinping", "CHN"),
    (r"National Development and Reform Commission|\bNDRC\b", "CHN"),
    (r"National Energy Administration", "CHN"),
    (r"Ministry of Industry and Information Technology|\bMIIT\b", "CHN"),
    (r"\byuan\b|\bRMB\b", "CHN"),
    (r"Government of India|\bGoI\b", "IND"),
    (r"Lok Sabha|Rajya Sabha|NITI Aayog", "IND"),
    (r"Hon[’']?ble (?:Speaker|Prime Minister|Members?)", "IND"),
    (r"\bcrores?\b|\blakhs?\b|\brupees?\b|₹|\bRs\.?\s?\d", "IND"),
    (r"The White House|White House", "USA"),
    (r"President (?:Biden|Trump|Obama|Bush)\b", "USA"),
    (r"Madam Speaker, Madam Vice President|My fellow Americans", "USA"),
    (r"\bU\.S\. Congress\b|\bCongress\b(?! of)", "USA"),
    (r"Her Majesty[’']s Government|His Majesty[’']s Government|\bHM Treasury\b", "GBR"),
    (r"Chancellor of the Exchequer|House of Commons|Downing Street", "GBR"),
    (r"European Commission|European Parliament|Council of the European Union", "EUU"),
    (r"COMMUNICATION FROM THE COMMISSION|\bMember States\b|\bCOM\(\d{4}\)", "EUU"),
]
# "Ministry of Finance" is every country's: it counts for India only beside Indian cues.
AMBIGUOUS_ISSUERS = [(r"Ministry of Finance|Finance Minister", "IND")]

DEMONYMS = {
    "Chinese": "CHN",
    "Indian": "IND",
    "American": "USA",
    "Americans": "USA",
    "British": "GBR",
    "Japanese": "JPN",
    "German": "DEU",
    "French": "FRA",
    "Russian": "RUS",
    "Brazilian": "BRA",
    "Korean": "KOR",
    "Indonesian": "IDN",
    "Pakistani": "PAK",
    "Canadian": "CAN",
    "Australian": "AUS",
    "European": "EUU",
    "Mexican": "MEX",
    "South African": "ZAF",
}
ALIASES = {
    "U.S.": "USA",
    "US": "USA",
    "USA": "USA",
    "America": "USA",
    "United States": "USA",
    "UK": "GBR",
    "U.K.": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "England": "GBR",
    "EU": "EUU",
    "European Union": "EUU",
    "Russia": "RUS",
    "South Korea": "KOR",
    "Korea": "KOR",
    "Vietnam": "VNM",
    "Iran": "IRN",
    "Turkey": "TUR",
    "Taiwan": "TWN",
    "PRC": "CHN",
    "People's Republic of China": "CHN",
    "New China": "CHN",
}


@lru_cache(maxsize=1)
def _country_names() -> tuple[re.Pattern[str], dict[str, str]]:
    """Country names from pycountry (offline ISO 3166 data) plus aliases and demonyms."""
    import pycountry

    names: dict[str, str] = {}
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(c, attr, None)
            if name and "," not in name:
                names[name] = c.alpha_3
    names.update(ALIASES)
    names.update(DEMONYMS)
    alternatives = sorted(names, key=len, reverse=True)
    body = "|".join(re.escape(n) for n in alternatives)
    # "America" but not "Latin America"/"North America"; "US" only in capitals
    return re.compile(rf"(?<![\w-])(?<!Latin )(?<!North )(?<!South )(?:{body})(?![\w-])"), names


def infer_country(text: str) -> dict[str, Any]:
    scores: Counter[str] = Counter()
    evidence: dict[str, list[str]] = {}
    for pattern, iso3 in ISSUERS:
        for m in re.finditer(pattern, text):
            weight = 3 if m.start() < 1500 else 1
            scores[iso3] += weight
            evidence.setdefault(iso3, [])
            if m.group(0) not in evidence[iso3]:
                evidence[iso3].append(m.group(0))
    if scores.get("IND"):
        for pattern, iso3 in AMBIGUOUS_ISSUERS:
            for m in re.finditer(pattern, text):
                scores[iso3] += 2
                if m.group(0) not in evidence[iso3]:
                    evidence[iso3].append(m.group(0))
    if scores:
        (iso3, score), *rest = scores.most_common()
        if score >= 2 and (not rest or score > rest[0][1]):
            words = ", ".join(f'"{w}"' for w in evidence[iso3][:4])
            return found(iso3, f"issuer cues {words}")
    rx, names = _country_names()
    mentions: Counter[str] = Counter()
    seen: dict[str, Counter[str]] = {}
    for m in rx.finditer(text):
        iso3 = names[m.group(0)]
        mentions[iso3] += 1
        seen.setdefault(iso3, Counter())[m.group(0)] += 1
    if not mentions:
        return missing()
    (iso3, n), *rest = mentions.most_common()
    if rest and rest[0][1] == n:
        return missing()
    words = ", ".join(f'"{w}" x{k}' for w, k in seen[iso3].most_common(3))
    return found(iso3, f"most mentioned economy: {words}")
