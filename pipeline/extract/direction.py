"""Which way a goal wants its quantity to move: increase, decrease, maintain or achieve.

In order: maintain words ("keep ... stable"); a completion ("eliminate all", "fully"); what
the number says (a bound or an "around" rate holds a level, a change follows its verb, a
level to reach is achieved, money moves what its purpose names); decrease words; achieve
words with a deadline; the theme's own direction. Each answer comes with the rule that gave
it, quoted in the record's ``rule``.
"""

from __future__ import annotations

import re

from pipeline.catalog import Theme, ThemeCatalog
from pipeline.extract.patterns import COMPLETE, MONEY, PURPOSE, SPENDING
from pipeline.extract.quantities import Quantity


def direction(
    catalog: ThemeCatalog,
    text: str,
    theme: Theme | None,
    year: int | None,
    target: Quantity | None = None,
    kind: str | None = None,
    action: bool = False,
    offset: int = 0,
) -> tuple[str, str]:
    """(direction, rule) for a goal clause; ``offset`` is the clause's start in the document
    (the target's span is in document offsets), ``kind`` the target's type."""
    for pattern in catalog.directions.get("maintain", ()):
        m = pattern.search(text)
        if m:
            return "maintain", f"direction.maintain '{m.group(0)}'"
    if COMPLETE.search(text):  # "eliminate all lead pipes", "fully paid for"
        return "achieve", f"direction.complete '{COMPLETE.search(text).group(0)}'"
    decrease = next(
        (m for p in catalog.directions.get("decrease", ()) if (m := p.search(text))), None
    )
    if target is not None:
        return _of_number(text, target, kind, action, offset, decrease)
    if decrease:
        return "decrease", f"direction.decrease '{decrease.group(0)}'"
    if year is not None:
        for pattern in catalog.directions.get("achieve", ()):
            m = pattern.search(text)
            if m:
                return "achieve", f"direction.achieve '{m.group(0)}' by {year}"
    if theme is not None:
        return theme.improves, f"direction.theme '{theme.name}' improves={theme.improves}"
    return "increase", "direction.default increase"


def from_words(rule: str) -> bool:
    """Whether the clause's words (not its theme, not a default) set the direction."""
    return not rule.startswith(("direction.theme", "direction.default"))


def _of_number(
    text: str,
    target: Quantity,
    kind: str | None,
    action: bool,
    offset: int,
    decrease: re.Match | None,
) -> tuple[str, str]:
    if target.denominator and SPENDING.search(text[: max(0, target.span.start - offset)]):
        # "invest about 1 percent of GDP per year": an addition to what is spent
        return "increase", f"direction.spending-share '{target.text}'"
    if kind == "change":
        if target.unit == "times" and target.value < 1:  # "halve"
            return "decrease", f"direction.multiple '{target.text}'"
        if decrease:
            return "decrease", f"direction.decrease '{decrease.group(0)}' by a number"
        return "increase", f"direction.change '{target.text}'"
    if kind == "growth_rate":
        if target.comparator in {">", ">="}:  # "grow by more than 7% a year"
            return "increase", f"direction.rate-floor '{target.text}'"
        return "maintain", f"direction.rate '{target.text}'"
    # A bound holds a level; "around" holds a rate ("around 5.5 percent") but only
    # approximates an amount to reach ("about $2 trillion").
    rate = target.unit.startswith(("percent", "percentage"))
    if action and target.comparator in {">", ">="}:
        # "electrify at least 20 percent of the fleet": an action with a floor reaches a level;
        # "to be no less than 540 million tons" holds one
        return "achieve", f"direction.action-floor '{target.text}'"
    if target.comparator in {"<", "<=", ">=", "between"} or (target.comparator == "~" and rate):
        return "maintain", f"direction.bound '{target.text}'"
    if target.unit in MONEY:
        # money for a purpose moves what the purpose names: "$20 billion to improve road safety
        # ... that reduce crashes" is a decrease, "to win the EV market" an increase; money with
        # no purpose is an amount to spend. The purpose comes after the amount ("calling on
        # Congress to invest $25 billion" names none).
        purpose = PURPOSE.search(text, max(0, target.span.end - offset))
        if purpose:
            if decrease:
                return "decrease", f"direction.purpose '{decrease.group(0)}'"
            return "increase", f"direction.purpose '{purpose.group(0)}'"
    return "achieve", f"direction.level-to-reach '{target.text}'"
