"""The one way numbers and long text are printed: in reasons, evidence, reports and the UI."""

from __future__ import annotations


def number(v: float | None) -> str:
    """A number as reasons and evidence print it: 82.70 trillion, 1,412, 2.49."""
    if v is None or v != v:  # None, NaN and pandas' NA
        return "n/a"
    v = float(v)
    a = abs(v)
    if a >= 1e12:
        return f"{v / 1e12:.2f} trillion"
    if a >= 1e9:
        return f"{v / 1e9:.2f} billion"
    if a >= 1e6:
        return f"{v / 1e6:.2f} million"
    if a >= 100:
        return f"{v:,.0f}"
    return f"{v:.2f}"


def short(text: str, n: int) -> str:
    """``text`` on one line, cut to ``n`` characters with an ellipsis."""
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"
