"""Executive summary and appendix of the client report, gathered from each model's narrative module.

Each module ``cxconsult.narrative.<section>`` may define ``headlines(engagement) -> list[Headline]``
and ``assumptions(engagement) -> list[Assumption]``; sections whose module is absent are skipped.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
from dataclasses import dataclass

from cxconsult.engagement import Engagement
from cxconsult.narrative import Headline, headline_cards

SECTION_MODULES = ("intake", "outlook", "service_profit_chain", "retention")


@dataclass(frozen=True)
class Assumption:
    """One documented assumption or method choice: where the number comes from."""

    section: str
    name: str
    value: str
    source: str


def _modules():
    for name in SECTION_MODULES:
        module_name = f"cxconsult.narrative.{name}"
        if importlib.util.find_spec(module_name) is not None:
            yield importlib.import_module(module_name)


def headlines(engagement: Engagement) -> list[Headline]:
    """Every section's headline figures, in report order."""
    return [h for module in _modules() if hasattr(module, "headlines") for h in module.headlines(engagement)]


def executive_summary_html(engagement: Engagement) -> str:
    """The executive summary: headline cards grouped by section."""
    items = headlines(engagement)
    if not items:
        return "<p>No section of this engagement has data yet.</p>"
    return headline_cards(items)


def intake_assumptions(engagement: Engagement) -> list[Assumption]:
    """Method notes of the diagnostic (always part of the appendix)."""
    return [
        Assumption("CX diagnostic", "Answer scale", "0 not at all, 1 started, 2 partly, 3 largely, 4 fully",
                   "cxconsult scoring; questions adapted from Barnes & Kelleher, Customer Experience For "
                   "Dummies (Wiley, 2015)"),
        Assumption("CX diagnostic", "Score", "mean answer / 4 x 100; 'don't know' excluded and counted",
                   "cxconsult.diagnostic.scoring"),
        Assumption("CX diagnostic", "Disagreement", "SD of answers >= 1 on the 0-4 scale",
                   "cxconsult.diagnostic.scoring.DISAGREEMENT_SD"),
        Assumption("CX diagnostic", "Action priority",
                   "gap x (1 + 0.5 x min(SD, 2)/2) + 50 x share of don't know",
                   "cxconsult.diagnostic.recommendations"),
    ]


def appendix_html(engagement: Engagement) -> str:
    """Table of every assumption and method choice behind the report, with its source."""
    items = intake_assumptions(engagement) if not engagement.responses.empty else []
    for module in _modules():
        if hasattr(module, "assumptions"):
            items.extend(module.assumptions(engagement))
    rows = "".join(f"<tr><td>{html.escape(a.section)}</td><td>{html.escape(a.name)}</td>"
                   f"<td>{html.escape(a.value)}</td><td>{html.escape(a.source)}</td></tr>" for a in items)
    return ('<table class="cx-table"><thead><tr><th>Section</th><th>Assumption</th><th>Value</th>'
            f"<th>Source</th></tr></thead><tbody>{rows}</tbody></table>")
