"""Executive summary and appendix of the client report, gathered from each model's narrative module.

Each module ``cxconsult.narrative.<section>`` may define ``headlines(engagement) -> list[Headline]``
and ``assumptions(engagement) -> list[Assumption]``; sections whose module is absent are skipped.

The executive summary is what a board reads in two minutes: three to five key messages, each a
sentence with its number and where it comes from (a headline's ``message`` and ``source``; a headline
without them gets a plain sentence from its label and value), the maturity stage of the index with its
uncertainty, then the headline cards. The appendix lists every assumption with its full reference.
"""

from __future__ import annotations

import importlib
import importlib.util

from cxconsult import safe
from cxconsult.engagement import Engagement
from cxconsult.i18n import N_, translator
from cxconsult.narrative import ASSUMPTION_BADGE, Assumption, Headline, cite_html, heading as _heading, headline_cards

__all__ = ["Assumption", "appendix_html", "executive_summary_html", "heading", "headlines", "key_messages"]

SECTION_MODULES = ("intake", "progress", "journey", "outlook", "service_profit_chain", "retention", "voc",
                   "complaints")
MAX_MESSAGES = 5
MIN_MESSAGES = 3

HEADINGS = {
    "summary": (N_("Executive summary"), 1),
    "messages": (N_("Key messages"), 2),
    "figures": (N_("Headline figures"), 2),
    "appendix": (N_("Appendix: assumptions and sources"), 1),
}


def heading(engagement: Engagement, key: str) -> safe.Markup:
    """A heading of the summary or appendix (``summary``, ``messages``, ``figures``, ``appendix``)."""
    text, level = HEADINGS[key]
    return _heading(translator(engagement.language)._(text), level, anchor=f"cx-{key}")


def _modules():
    for name in SECTION_MODULES:
        module_name = f"cxconsult.narrative.{name}"
        if importlib.util.find_spec(module_name) is not None:
            yield importlib.import_module(module_name)


def headlines(engagement: Engagement) -> list[Headline]:
    """Every section's headline figures, in report order."""
    return [h for module in _modules() if hasattr(module, "headlines") for h in module.headlines(engagement)]


def key_messages(engagement: Engagement, items: list[Headline] | None = None) -> list[tuple[str, str]]:
    """Three to five (sentence, source) pairs: every section's own messages by rank, then one plain
    sentence per section that gave none, until five."""
    tr = translator(engagement.language)
    items = headlines(engagement) if items is None else items
    own = sorted((h for h in items if h.message), key=lambda h: h.rank)
    with_message = {h.section for h in own}
    # one message from each section that wrote none (its first headline), placed after the index
    others = []
    seen: set[str] = set()
    for h in items:
        if h.message or h.section in with_message or h.section in seen:
            continue
        seen.add(h.section)
        sentence = tr._("{label}: {value} ({detail}).").format(label=h.label, value=h.value, detail=h.detail) \
            if h.detail else tr._("{label}: {value}.").format(label=h.label, value=h.value)
        others.append((sentence, h.source or h.section))
    first = [(h.message, h.source or h.section) for h in own[:2]]
    rest = [(h.message, h.source or h.section) for h in own[2:]]
    picked = (first + others[:2] + rest + others[2:])[:MAX_MESSAGES]
    if len(picked) < MIN_MESSAGES:  # few sections: add the remaining headlines as plain sentences
        extra = [(tr._("{label}: {value}.").format(label=h.label, value=h.value), h.source or h.section)
                 for h in items if not h.message and (tr._("{label}: {value}.").format(label=h.label, value=h.value),
                                                      h.source or h.section) not in picked]
        picked += extra[:MIN_MESSAGES - len(picked)]
    return picked


def executive_summary_html(engagement: Engagement) -> safe.Markup:
    """The executive summary: key messages with their sources, the index's maturity, headline cards."""
    tr = translator(engagement.language)
    items = headlines(engagement)
    if not items:
        return safe.html("<p>{text}</p>", text=tr._("No section of this engagement has data yet."))
    messages = safe.join(
        safe.html('<li><span class="cx-message">{sentence}</span> <span class="cx-source">{label} {source}</span></li>',
                  sentence=sentence, label=tr._("Source:"), source=cite_html(source))
        for sentence, source in key_messages(engagement, items))
    parts = [heading(engagement, "messages"), safe.html('<ol class="cx-messages">{m}</ol>', m=messages)]
    if not engagement.responses.empty:
        from cxconsult.diagnostic import score
        from cxconsult.narrative import intake

        result = score(engagement.responses)
        parts.append(intake.maturity_html(engagement, result))
    parts += [heading(engagement, "figures"), headline_cards(items, tr)]
    return safe.join(parts)


def appendix_html(engagement: Engagement) -> safe.Markup:
    """Table of every assumption and method choice behind the report, with its full source."""
    tr = translator(engagement.language)
    items: list[Assumption] = []
    for module in _modules():
        if hasattr(module, "assumptions"):
            items.extend(module.assumptions(engagement))
    if not items:
        return safe.html("<p>{text}</p>", text=tr._("No section of this engagement has data yet."))
    rows = []
    for a in items:
        badge = safe.html(' <span class="cx-badge">{w}</span>', w=tr._(ASSUMPTION_BADGE)) if a.stands_in else ""
        flag = safe.html('<br><span class="cx-flag">{n}</span>', n=a.note) if a.note else ""
        reference = safe.html('<br><span class="cx-reference"><cite class="cx-cite">{r}</cite></span>',
                              r=a.reference) if a.reference else ""
        rows.append(safe.html("<tr><td>{section}</td><td>{name}{badge}</td><td>{value}{flag}</td>"
                              "<td>{source}{reference}</td></tr>", section=a.section, name=a.name, badge=badge,
                              value=a.value, flag=flag, source=cite_html(a.source), reference=reference))
    head = [tr._("Section"), tr._("Assumption or method"), tr._("Value"), tr._("Source")]
    lead = tr._("Where each number of the report comes from. Rows marked “assumption” use a published or "
                "default figure in place of the client's own data.")
    return safe.html('<p>{lead}</p><table class="cx-table cx-appendix"><thead><tr>{head}</tr></thead>'
                     "<tbody>{rows}</tbody></table>", lead=lead,
                     head=safe.join(safe.html("<th>{h}</th>", h=h) for h in head), rows=safe.join(rows))
