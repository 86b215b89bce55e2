"""Number formats shared by report text and charts."""

from __future__ import annotations


def short_number(value: float, digits: int = 1) -> str:
    """``1234567`` -> ``'1.2M'``, ``-250000`` -> ``'-250.0k'``; below 1,000 as a whole number."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    for scale, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{sign}{value / scale:.{digits}f}{suffix}"
    return f"{sign}{value:,.0f}"


def fmt_money(value: float, currency: str = "EUR", digits: int = 1) -> str:
    """``1234567`` -> ``'EUR 1.2M'``; ``-250000`` -> ``'-EUR 250.0k'``."""
    text = short_number(value, digits)
    return f"-{currency} {text[1:]}" if text.startswith("-") else f"{currency} {text}"
