"""Words for matching text: stop words, a light stemmer, tokens. Shared by extraction (is a
goal said twice?) and linking (the WDI series search)."""

from __future__ import annotations

import re

STOPWORDS = frozenset(
    """
    a an and are as at be by for from has have in into is it its of on or our over per that the
    their this to was were will with within we us all more than less around about nearly least
    most new year years this next further continue keep make build promote strengthen improve
    enhance increase raise expand reduce lower cut achieve realize accelerate support ensure
    develop boost grow basically steadily actively vigorously key level levels high quality
    percent percentage points point million billion trillion thousand share proportion country
    countries national nation economy economic development system systems
    """.split()
)


def stem(token: str) -> str:
    for suffix, repl in (("ies", "y"), ("ization", "iz"), ("isation", "iz"), ("sses", "ss")):
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            return token[: -len(suffix)] + repl
    if token.endswith("s") and not token.endswith("ss") and len(token) > 3:
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+(?:&[a-z]+)?", text.lower())
    return [stem(w) for w in words if w not in STOPWORDS and not w.isdigit()]
