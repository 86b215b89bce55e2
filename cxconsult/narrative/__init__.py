"""Report text built from model results: Markdown/HTML strings the notebooks display.

One module per model (``intake``, ``outlook``, ``service_profit_chain``, ``retention``), each with
``headlines`` for the executive summary and ``assumptions`` for the appendix; ``summary`` gathers them. Nothing here computes a model's numbers: it
only words and lays out results the models return.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from cxconsult.formatting import fmt_money

__all__ = ["Assumption", "Headline", "fmt_money", "headline_cards"]


@dataclass(frozen=True)
class Headline:
    """One headline figure of the executive summary: ``value`` already formatted for reading."""

    section: str
    label: str
    value: str
    detail: str = ""
    assumption: bool = False


@dataclass(frozen=True)
class Assumption:
    """One documented assumption or method choice for the report's appendix: where a number comes from."""

    section: str
    name: str
    value: str
    source: str


def headline_cards(headlines: Iterable[Headline]) -> str:
    """Headlines as HTML cards (the report template styles ``.cx-card``)."""
    cards = []
    for h in headlines:
        badge = '<span class="cx-badge">assumption</span>' if h.assumption else ""
        cards.append(f'<div class="cx-card"><div class="cx-card-label">{html.escape(h.label)}{badge}</div>'
                     f'<div class="cx-card-value">{html.escape(h.value)}</div>'
                     f'<div class="cx-card-detail">{html.escape(h.detail)}</div></div>')
    return '<div class="cx-cards">' + "".join(cards) + "</div>"
