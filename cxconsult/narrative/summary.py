"""Executive summary and appendix of the client report, gathered from each model's narrative module.

Each module ``cxconsult.narrative.<section>`` may define ``headlines(engagement) -> list[Headline]``
and ``assumptions(engagement) -> list[Assumption]``; sections whose module is absent are skipped.
"""

from __future__ import annotations

import html
import importlib
import importlib.util
from cxconsult.engagement import Engagement
from cxconsult.narrative import Assumption, Headline, headline_cards

__all__ = ["Assumption", "appendix_html", "executive_summary_html", "headlines"]

SECTION_MODULES = ("intake", "outlook", "service_profit_chain", "retention", "voc")


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


def appendix_html(engagement: Engagement) -> str:
    """Table of every assumption and method choice behind the report, with its source."""
    items = []
    for module in _modules():
        if hasattr(module, "assumptions"):
            items.extend(module.assumptions(engagement))
    rows = "".join(f"<tr><td>{html.escape(a.section)}</td><td>{html.escape(a.name)}</td>"
                   f"<td>{html.escape(a.value)}</td><td>{html.escape(a.source)}</td></tr>" for a in items)
    return ('<table class="cx-table"><thead><tr><th>Section</th><th>Assumption</th><th>Value</th>'
            f"<th>Source</th></tr></thead><tbody>{rows}</tbody></table>")
