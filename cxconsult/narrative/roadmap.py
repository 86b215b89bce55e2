"""The roadmap that ends the report: what starts and what is in place in the first 90 days, by 6 months
and by 12 months, built from the recommended actions and their playbook entries.

Every recommended action starts in the first 90 days (its first step); it is delivered in the period
of its horizon (``cxconsult.diagnostic.recommendations.HORIZONS``). Each row names the owner and the
measure that shows progress.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxconsult import safe
from cxconsult.diagnostic import recommend, score
from cxconsult.diagnostic.recommendations import Action
from cxconsult.engagement import Engagement
from cxconsult.i18n import N_, translator
from cxconsult.narrative import heading as _heading

__all__ = ["PERIODS", "RoadmapRow", "heading", "roadmap", "roadmap_html"]

#: The roadmap's periods, in order: key and heading.
PERIODS = (("90d", N_("First 90 days")), ("6m", N_("By 6 months")), ("12m", N_("By 12 months")))
TOP_ACTIONS = 6
TITLE = N_("Roadmap")


@dataclass(frozen=True)
class RoadmapRow:
    """One line of the roadmap: in ``period``, ``what`` happens for ``action`` (owner, measure)."""

    period: str
    action: str
    what: str
    owner: str
    measure: str
    starts: bool  # True: the action's first step; False: what is in place by the end of the period


def heading(engagement: Engagement) -> safe.Markup:
    """The roadmap's heading in the client's language."""
    return _heading(translator(engagement.language)._(TITLE), 1, anchor="cx-roadmap")


def roadmap(actions: list[Action], top: int = TOP_ACTIONS) -> list[RoadmapRow]:
    """Rows of the roadmap from the ``top`` most urgent actions, period by period, most urgent first."""
    chosen = actions[:top]
    rows = []
    for period, _title in PERIODS:
        if period == "90d":
            rows += [RoadmapRow(period, a.title, a.first_step, a.owner, a.measure, True) for a in chosen]
        rows += [RoadmapRow(period, a.title, a.milestone, a.owner, a.measure, False)
                 for a in chosen if a.horizon == period]
    return rows


def roadmap_html(engagement: Engagement, actions: list[Action] | None = None) -> safe.Markup:
    """The roadmap as one table per period (a period's rows never split from its heading in print)."""
    tr = translator(engagement.language)
    if actions is None:
        actions = [] if engagement.responses.empty else recommend(score(engagement.responses),
                                                                  language=engagement.language)
    rows = roadmap(actions)
    if not rows:
        return safe.html("<p>{text}</p>", text=tr._(
            "The diagnostic recommends no action yet: run it with the leadership team and front-line staff "
            "to set the roadmap."))
    head = [tr._("Action"), tr._("What happens"), tr._("Owner"), tr._("Measure of progress")]
    head_html = safe.join(safe.html("<th>{h}</th>", h=h) for h in head)
    blocks = [safe.html("<p>{text}</p>", text=tr._(
        "Every action starts in the first 90 days with its first step; each is in place by the end of its "
        "time frame. Owners are roles: name the person at the first steering meeting."))]
    for period, title in PERIODS:
        lines = [r for r in rows if r.period == period]
        if not lines:
            continue
        body = safe.join(
            safe.html("<tr><td>{action}</td><td>{kind} {what}</td><td>{owner}</td><td>{measure}</td></tr>",
                      action=r.action, kind=tr._("Start:") if r.starts else tr._("In place:"), what=r.what,
                      owner=r.owner, measure=r.measure) for r in lines)
        blocks.append(safe.html('<div class="cx-period"><h2 class="cx-heading">{title}</h2><table class="cx-table '
                                'cx-roadmap"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>',
                                title=tr._(title), head=head_html, body=body))
    return safe.join(blocks)
