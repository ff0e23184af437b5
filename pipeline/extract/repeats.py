"""One commitment, one record: goals said twice, or side by side, are merged or demoted."""

from __future__ import annotations

import re

from pipeline.documents import Document
from pipeline.extract.records import Record
from pipeline.words import STOPWORDS, stem

REPEAT_SIMILARITY = 0.5


def merge_alike(doc: Document, recs: list[Record]) -> list[Record]:
    """Within one sentence, goals side by side with the same theme and direction and no
    number of their own are one commitment ("replace thousands of buses, repair hundreds of
    stations, renew airports"): one record spanning them, its rules joined."""
    out: list[Record] = []
    for rec in recs:
        prev = out[-1] if out else None
        if prev is not None and _number_for(prev, rec):
            # "To grow China's economy, the world's second-largest, by an average of at least
            # 6.5 percent a year": the number belongs to the theme named before it
            rec.theme = prev.theme
            rec.span_start = prev.span_start
            rec.text = doc.text[rec.span_start : rec.span_end]
            rec.rule = f"{rec.rule}; merged.theme-from '{prev.text[:40]}'"
            out[-1] = rec
            continue
        if (
            prev is not None
            and rec.kind == prev.kind == "goal"
            and rec.theme is not None
            and (rec.theme, rec.direction) == (prev.theme, prev.direction)
            and rec.target_value is None
            and prev.target_value is None
            and rec.target_year == prev.target_year
        ):
            prev.span_end = rec.span_end
            prev.text = doc.text[prev.span_start : prev.span_end]
            prev.rule = f"{prev.rule}; merged.same-theme '{rec.text[:40]}'"
            continue
        out.append(rec)
    return out


# the rest of a clause cut off by an aside: "..., the world's second-largest, by an average
# of at least 6.5 percent a year": a "by" phrase with no verb of its own
BY_PHRASE = re.compile(r"^(?:[^,;]{0,60},\s*)?by\b", re.IGNORECASE)


def _number_for(prev: Record, rec: Record) -> bool:
    """A goal naming a theme but no number, then the "by" phrase with its number."""
    return (
        rec.kind == prev.kind == "goal"
        and prev.theme is not None
        and prev.target_value is None
        and rec.theme is None
        and rec.target_value is not None
        and bool(BY_PHRASE.match(rec.text))
    )


FILLER = frozenset(
    [
        "must",
        "necessary",
        "need",
        "needs",
        "should",
        "shall",
        "will",
        "continue",
        "promotion",
        "process",
        "efforts",
    ]
)


def _content(text: str) -> set[str]:
    words = re.findall(r"[a-z]{4,}", text.lower())
    return {stem(w)[:7] for w in words if w not in STOPWORDS and w not in FILLER}


def mark_repeats(records: list[Record]) -> list[Record]:
    """A goal that says again what an earlier goal of the same theme said becomes context
    pointing at the first: one commitment, one record. A goal with a number repeats one with
    the same number and unit ("will modernize 20,000 miles of highways" in the summary and
    again in its section); a goal with none repeats one with most of its words, in the same
    direction unless the first gave the number ("fix the ten most ... bridges", later "fix the
    most ... large bridges")."""
    seen: list[Record] = []
    for rec in records:
        if rec.kind != "goal":
            continue
        first = next((f for f in seen if _repeats(rec, f)), None)
        if first is None:
            seen.append(rec)
        elif first.comparator is None and rec.comparator is not None:
            # the later mention binds the number ("aims towards a 6.7 per cent GDP growth",
            # then "GDP growth of 6.5-6.7 per cent"): it is the one to keep
            first.demote(f"repeated more precisely by {rec.goal_id}")
            seen[seen.index(first)] = rec
        else:
            rec.demote(f"repeats {first.goal_id}")
    return records


def _repeats(rec: Record, first: Record) -> bool:
    if first.theme != rec.theme:
        return False
    if rec.target_value is not None:
        return (
            first.target_value == rec.target_value
            and first.target_unit == rec.target_unit
            and first.target_year == rec.target_year
        )
    if rec.target_year is not None:
        return False
    if first.direction != rec.direction and first.target_value is None:
        return False
    words = _content(rec.text) - _content(rec.keyword or "")
    other = _content(first.text) - _content(first.keyword or "")
    union = words | other
    return not union or len(words & other) / len(union) >= REPEAT_SIMILARITY


# "This includes $25 billion for ...": a share of the sum the sentence before stated
