"""Report text built from model results: HTML fragments (:class:`~markupsafe.Markup`) the notebooks display.

One module per model (``intake``, ``outlook``, ``service_profit_chain``, ``retention``), each with
``headlines`` for the executive summary and ``assumptions`` for the appendix; ``summary`` gathers them.
Nothing here computes a model's numbers: it only words and lays out results the models return.

Every word goes through :func:`cxconsult.i18n.translator` (the client's language) and every value from
a client file or a participant through :mod:`cxconsult.safe` (the one escaping boundary). Headings are
narrative calls too (:func:`heading`), so a French report has no English heading left.

Published works keep their own language: :func:`cite_html` marks references and quoted titles of works
inside a source as ``<cite class="cx-cite">`` (the appendix and the summary's sources use it), so a
reader, a screen reader and the report-language test know that text is a citation, not untranslated words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from cxconsult import safe
from cxconsult.formatting import fmt_money
from cxconsult.i18n import N_, Translator, translator

__all__ = ["Assumption", "Headline", "cite_html", "fmt_money", "heading", "headline_cards", "note",
           "reference"]

ASSUMPTION_BADGE = N_("assumption")


@dataclass(frozen=True)
class Headline:
    """One headline figure of the executive summary: ``value`` already formatted for reading.

    ``message`` is the same finding as one sentence with its number (the summary's key messages);
    ``source`` says in plain words where the number comes from; ``rank`` orders key messages
    (lower first). All three are optional: a headline without a message gets a generic sentence.
    """

    section: str
    label: str
    value: str
    detail: str = ""
    assumption: bool = False
    message: str = ""
    source: str = ""
    rank: int = 100


@dataclass(frozen=True)
class Assumption:
    """One documented assumption or method choice for the report's appendix: where a number comes from.

    ``value`` is in plain words (never a code name); ``source`` is who says so (the client, a convention,
    a published study). Optional: ``reference`` the full reference (authors, year, title, publisher);
    ``stands_in`` marks a literature or default figure used in place of the client's own data (shown
    with the word "assumption"); ``note`` flags a value outside its documented range.
    """

    section: str
    name: str
    value: str
    source: str
    reference: str = ""
    stands_in: bool = False
    note: str = ""


def _tr(tr: Translator | str | None) -> Translator:
    if isinstance(tr, Translator):
        return tr
    return translator(tr or "en")


def heading(text: str, level: int = 2, *, anchor: str = "") -> safe.Markup:
    """A report heading (``<h1>``..``<h3>``) with already-translated ``text``.

    The report template keeps a heading on the same page as what follows it; ``cxconsult.reports``
    uses the latest heading as the fallback caption of a chart below it.
    """
    level = min(max(int(level), 1), 3)
    if anchor:
        return safe.html(f'<h{level} class="cx-heading" id="{{anchor}}">{{text}}</h{level}>',
                         anchor=anchor, text=text)
    return safe.html(f'<h{level} class="cx-heading">{{text}}</h{level}>', text=text)


def note(text: str, *, kind: str = "info") -> safe.Markup:
    """A short boxed note (``kind`` ``info`` or ``warning``) next to a finding."""
    css = "cx-note cx-note-warning" if kind == "warning" else "cx-note"
    return safe.html('<p class="{css}">{text}</p>', css=css, text=text)


def headline_cards(headlines: Iterable[Headline], tr: Translator | str | None = None) -> safe.Markup:
    """Headlines as HTML cards (the report template styles ``.cx-card``; a card never splits in print)."""
    tr = _tr(tr)
    cards = []
    for h in headlines:
        badge = safe.html('<span class="cx-badge">{word}</span>', word=tr._(ASSUMPTION_BADGE)) \
            if h.assumption else ""
        cards.append(safe.html(
            '<div class="cx-card"><div class="cx-card-label">{label}{badge}</div>'
            '<div class="cx-card-value">{value}</div><div class="cx-card-detail">{detail}</div></div>',
            label=h.label, badge=badge, value=h.value, detail=h.detail))
    return safe.html('<div class="cx-cards">{cards}</div>', cards=safe.join(cards))


#: Full references registered by :func:`reference` (the narrative modules' ``REF_*`` constants).
_REFERENCES: set[str] = set()
#: A work's title in quotation marks, as sources write it in every language: “…”, « … », «…», „…“, 《…》.
_QUOTED_TITLE = re.compile(r"[“«„《]\s*([^“”«»„《》]+?)\s*[”»“》]")


def reference(text: str) -> str:
    """Register ``text`` as the full reference of a published work and return it unchanged.

    A full reference (authors, year, title, publisher) stays in the language it was published in;
    :func:`cite_html` marks it as a citation wherever it appears in a source.
    """
    _REFERENCES.add(text)
    return text


def cite_html(text: str) -> safe.Markup:
    """A source (plain text) as HTML, each registered full reference and each quoted title of a work
    wrapped in ``<cite class="cx-cite">`` (the quotation marks stay outside). Everything is escaped."""
    if isinstance(text, safe.Markup):  # already HTML: leave as built
        return text
    text = "" if text is None else str(text)
    spans = [m.span() for ref in _REFERENCES if ref for m in re.finditer(re.escape(ref), text)]
    spans += [m.span(1) for m in _QUOTED_TITLE.finditer(text)]
    parts: list[object] = []
    end = 0
    for start, stop in sorted(spans, key=lambda span: (span[0], -span[1])):
        if start < end:  # inside a span already marked
            continue
        parts += [text[end:start], safe.html('<cite class="cx-cite">{t}</cite>', t=text[start:stop])]
        end = stop
    parts.append(text[end:])
    return safe.join(parts)
