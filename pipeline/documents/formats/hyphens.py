"""Words broken at a line end: re-joined ("infra-" + "structure"), or kept hyphenated
("high-" + "speed"), by the document's own words and an English word list (pyspellchecker)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

HYPHENS = ("-", "\u2010", "\u00ad")
_WORD_END = re.compile(r"([\w.’']+)[-\u2010\u00ad]$")
_WORD_START = re.compile(r"([\w’']+)")


@dataclass
class Hyphenation:
    """How to join a word broken at a line end by a hyphen: "infra-" + "structure" is one word,
    "high-" + "speed" a compound whose hyphen stays.

    The document's own words decide first (the hyphenated or the joined form used elsewhere in
    it); then an English word list (pyspellchecker's): a joined form that is a word
    ("waterways", "accessible") is one word; two words make a compound ("supply-side");
    fragments ("provid-ing") are one word. A document that never splits words at line ends
    (its line-end hyphens are all compounds) keeps every hyphen.
    """

    vocabulary: set[str]
    splits_words: bool = True

    @classmethod
    def of(cls, lines: list[str]) -> Hyphenation:
        vocabulary = vocabulary_of(lines)
        words = _english_words()
        pairs = 0
        evidence = 0  # breaks that leave a fragment which is no word: "provid-" + "ing"
        for left, right in zip(lines, lines[1:], strict=False):
            m_a, m_b = _WORD_END.search(left), _WORD_START.match(right)
            if not m_a or not m_b or not left.endswith("-"):
                continue
            a, b = m_a.group(1).lower(), m_b.group(1).lower()
            pairs += 1
            if (a + b) in vocabulary or ((a + b) in words and not (a in words and b in words)):
                evidence += 1
        splits = evidence >= 2 and evidence >= 0.25 * pairs
        return cls(vocabulary, splits_words=splits or pairs == 0)

    def is_compound(self, a: str, b: str) -> bool:
        if not self.splits_words:
            return True
        joined = (a + b).lower()
        hyphenated = f"{a}-{b}".lower()
        if hyphenated in self.vocabulary:
            return True
        if joined in self.vocabulary:
            return False
        words = _english_words()
        if joined in words:
            return False
        return all(part.lower() in words or part.lower() in self.vocabulary for part in (a, b))


def join_two(left: str, right: str, hyphenation: Hyphenation | None = None) -> str:
    """Join a line to the next: a space, or no space where a word was hyphenated at the break."""
    if left.endswith(("—", "–")) and len(left) > 1 and not left[-2].isspace():
        return left + right  # "risk.—" + "Xinhua": a closed-up dash
    if not left.endswith(HYPHENS) or not right:
        return f"{left} {right}"
    hyphen = left[-1]
    stem = left[:-1]
    m_left = _WORD_END.search(left)
    m_right = _WORD_START.match(right)
    if not m_left or not m_right or stem.endswith(" "):
        return f"{left} {right}"  # a dash standing alone
    a, b = m_left.group(1), m_right.group(1)
    if hyphen == "\u00ad":
        return stem + right  # a soft hyphen is only ever a break
    if (
        a[-1].isdigit()
        or b[0].isdigit()
        or (b[0].isupper() and not b.isupper())
        or "." in a
        or (a.isupper() and len(a) <= 4 and not a.isalpha())
    ):
        return stem + "-" + right  # "COVID-19", "U.S.-flag", "anti-American"
    if hyphen == "-" and (hyphenation is None or hyphenation.is_compound(a, b)):
        return stem + "-" + right
    return stem + right


@lru_cache(maxsize=1)
def _english_words() -> frozenset[str]:
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.keys())


def vocabulary_of(lines: list[str]) -> set[str]:
    """The words of a text, compounds included, leaving out each line's last and first word."""
    vocab: set[str] = set()
    for line in lines:
        words = re.findall(r"[\w’']+(?:-[\w’']+)*", line)
        for word in words[1:-1]:
            w = word.lower()
            vocab.add(w)
            vocab.update(w.split("-"))
    return vocab
