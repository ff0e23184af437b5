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
    (r"Communist Party of China|CPC Central Committee|Party Central Committee", "CHN"),
    (r"\bCPC (?:National )?Congress|National Congress of the Communist Party", "CHN"),
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
    (r"\bU\.S\. Congress\b|(?<!National )(?<!Party )\bCongress\b(?! of)", "USA"),
    (r"\bVGP\b|Viet ?Nam Government Portal|\bVietnam News Agency\b", "VNM"),
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
    "Vietnamese": "VNM",
    "Thai": "THA",
    "Filipino": "PHL",
    "Malaysian": "MYS",
    "Nigerian": "NGA",
    "Kenyan": "KEN",
    "Egyptian": "EGY",
    "Turkish": "TUR",
    "Saudi": "SAU",
    "Bangladeshi": "BGD",
}
# A dateline names where the text was filed ("HANOI, Nov. 8 (Xinhua) --", "NEW DELHI, Feb 1"):
# the capital of the economy it is about, whoever the news agency is.
CAPITALS = {
    "Beijing": "CHN", "Hanoi": "VNM", "Ha Noi": "VNM", "Hà Nội": "VNM", "New Delhi": "IND",
    "Washington": "USA", "Tokyo": "JPN", "Seoul": "KOR", "Jakarta": "IDN", "Moscow": "RUS",
    "Brasilia": "BRA", "Brasília": "BRA", "London": "GBR", "Paris": "FRA", "Berlin": "DEU",
    "Brussels": "EUU", "Canberra": "AUS", "Ottawa": "CAN", "Mexico City": "MEX",
    "Pretoria": "ZAF", "Islamabad": "PAK", "Dhaka": "BGD", "Bangkok": "THA", "Manila": "PHL",
    "Kuala Lumpur": "MYS", "Singapore": "SGP", "Abuja": "NGA", "Nairobi": "KEN", "Cairo": "EGY",
    "Ankara": "TUR", "Riyadh": "SAU", "Tehran": "IRN", "Buenos Aires": "ARG", "Rome": "ITA",
    "Madrid": "ESP", "Addis Ababa": "ETH", "Hanoi City": "VNM",
}  # fmt: skip
DATELINE = re.compile(
    r"^\s*(?P<city>[A-ZÀ-Ỹ][A-Za-zÀ-ỹ .]{1,20}?)\s*(?:,|—|–|-)\s*"
    r"(?:(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}|\(|—|–)",
    re.MULTILINE,
)
ALIASES = {
    "U.S.": "USA",
    "US": "USA",  # not "US$" (see _country_names)
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
    return re.compile(
        rf"(?<![\w-])(?<!Latin )(?<!North )(?<!South )(?:{body})(?![\w-])(?!\$| dollars?)"
    ), names


def _issuer_cues(text: str) -> list[tuple[int, int, str, str]]:
    """Every issuer cue, the longer winning where two overlap: "National People's Congress"
    is China's, and its "Congress" is not the United States'."""
    found_cues = [
        (m.start(), m.end(), m.group(0), iso3)
        for pattern, iso3 in ISSUERS
        for m in re.finditer(pattern, text)
    ]
    kept: list[tuple[int, int, str, str]] = []
    for cue in sorted(found_cues, key=lambda c: c[0] - c[1]):  # longest first
        if all(cue[1] <= k[0] or cue[0] >= k[1] for k in kept):
            kept.append(cue)
    return kept


def _dateline(text: str) -> tuple[str, str] | None:
    for m in DATELINE.finditer(text[:1500]):
        city = m.group("city").strip().title() if m.group("city").isupper() else m.group("city")
        city = city.strip()
        if city in CAPITALS:
            return CAPITALS[city], m.group("city").strip()
    return None


def infer_country(text: str) -> dict[str, Any]:
    scores: Counter[str] = Counter()
    evidence: dict[str, list[str]] = {}
    dateline = _dateline(text)
    if dateline:
        scores[dateline[0]] += 3
        evidence[dateline[0]] = [f"dateline {dateline[1]}"]
    for start, _, words, iso3 in _issuer_cues(text):
        scores[iso3] += 3 if start < 1500 else 1
        evidence.setdefault(iso3, [])
        if words not in evidence[iso3]:
            evidence[iso3].append(words)
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
