"""Words, tables and the touchpoint map for the journey section of the report (and the apps).

Numbers come from :func:`cxconsult.journey.analyse_journey`; this module only words and lays them out,
in the client's language (:mod:`cxconsult.i18n`), and every value from the engagement's files goes
through :mod:`cxconsult.safe`. The map is HTML: phases left to right, channels as swimlanes, each
touchpoint a card coloured by its performance against its target, with its owner, a star on moments
of truth and its redesign rank; the priority list sits beside it.
"""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

from cxconsult import safe
from cxconsult.cache import cached
from cxconsult.engagement import Engagement
from cxconsult.i18n import N_, Translator, translator
from cxconsult.journey import JourneyAnalysis, analyse_journey
from cxconsult.journey.config import JourneyConfig, Touchpoint
from cxconsult.journey.ownership import DONT_KNOW, NOBODY
from cxconsult.narrative import Assumption, Headline

__all__ = ["translator", "analysis", "assumptions", "gaps_html", "headlines", "heading", "legend_html", "map_html",
           "overview_html", "performance_colour", "pilot_html", "plan_html", "priorities_html", "reasons"]

SECTION = N_("Customer journey")
MAP_TOP = 5  # priorities shown beside the map

KIND_LABELS = {"acquisition": N_("winning the customer"), "retention": N_("keeping the customer"),
               "recovery": N_("putting things right")}
LEVEL_LABELS = {"brilliant_basics": N_("brilliant basics"), "extra_mile": N_("extra mile"),
                "value_add": N_("value-add")}
GAP_LABELS = {"no_owner": N_("No owner"), "shared_owner": N_("Two or more owners"),
              "no_measure": N_("Owner without a measure"), "disputed": N_("The room names another owner")}
MEASURE_LABELS = {"csat": N_("CSAT (% satisfied)"), "ces": N_("CES (1-7, 7 = very easy)"),
                  "nps": N_("NPS"), "rating": N_("room rating (0-4)")}
PILOT_MEASURES = {"csat": N_("the mean satisfaction score (1-5)"), "ces": N_("the mean effort score (1-7)"),
                  "nps": N_("the likelihood to recommend (0-10)"), "rating": N_("the room rating (0-4)")}
PILOT_AXES = {"csat": N_("Mean satisfaction (1-5)"), "ces": N_("Mean effort (1-7)"),
              "nps": N_("Likelihood to recommend (0-10)"), "rating": N_("Room rating (0-4)")}
WEEK_TITLES = {"understand": N_("Understand"), "ideate": N_("Brainstorm and propose"),
               "trial": N_("Build and trial"), "launch": N_("Launch and measure")}
WEEK_TEXTS = {
    "understand": N_("Walk the touchpoint as a customer, listen to front-line staff and to customers, "
                     "and agree the baseline of {measure}."),
    "ideate": N_("Brainstorm with the team against the intent statement and choose the changes to make."),
    "trial": N_("Build the changes and try them with real customers in one team or site."),
    "launch": N_("Roll the changes out, measure {measure} again against the baseline and hand the "
                 "touchpoint back to its owner."),
}
#: Card colours by performance against target (background, text).
COLOURS = {"met": ("#cfe8d5", "#1f4d2b"), "near": ("#fde9b6", "#5c4300"), "far": ("#f6c5c0", "#6b1a12"),
           "unknown": ("#e7ebef", "#4a5563")}
NEAR_POINTS = 10.0
COMPONENT_LABELS = {"gap": N_("gap to target {w}"), "volume": N_("volume {w}"),
                    "moment_of_truth": N_("moment of truth {w}"), "value_at_risk": N_("customer value at risk {w}")}


def analysis(engagement: Engagement) -> JourneyAnalysis | None:
    """The engagement's journey analysis (None without a journey section).

    With a retention section, the customer value at risk is the lifetime value of service-driven
    defections (:mod:`cxconsult.retention.analysis`); with feedback records (a ``feedback`` section
    holding a ``records`` frame), their per-touchpoint measures replace the section's.
    """
    config = engagement.journey
    if config is None:
        return None
    return cached(engagement, "journey.analysis", lambda: _analyse(engagement, config))


def _analyse(engagement: Engagement, config: JourneyConfig) -> JourneyAnalysis:
    risk = None
    if engagement.retention is not None:
        from cxconsult.narrative.retention import analysis as retention_analysis

        risk = retention_analysis(engagement).service_cost.per_year
    feedback = None
    records = getattr(engagement.sections.get("feedback"), "records", None)
    if records is not None and hasattr(records, "columns") and "touchpoint" in records.columns:
        from cxconsult.journey import performance_from_feedback

        feedback = performance_from_feedback(records)
    return analyse_journey(config, engagement_date=engagement.date, service_defection_value_per_year=risk,
                           feedback=feedback)


def _tr(engagement_or_language: Engagement | str) -> Translator:
    if isinstance(engagement_or_language, str):
        return translator(engagement_or_language)
    return translator(engagement_or_language.language)


def heading(text: str, level: int = 2) -> Markup:
    """A heading (already translated ``text``) as HTML."""
    return safe.html(f"<h{int(level)}>{{text}}</h{int(level)}>", text=text)


def performance_colour(score: float | None, target: float) -> str:
    """``"met"``, ``"near"`` (within 10 points), ``"far"`` or ``"unknown"``."""
    if score is None:
        return "unknown"
    if score >= target:
        return "met"
    return "near" if target - score <= NEAR_POINTS else "far"


def _owner_text(t: Touchpoint, tr: Translator) -> str:
    if not t.owners:
        return tr._("No owner")
    return t.owner + (f" ({t.owner_person})" if t.owner_person else "")


def _labels(config: JourneyConfig) -> dict[str, str]:
    return {t.id: t.label for t in config.touchpoints}


def legend_html(tr: Translator, *, ranks: bool = True) -> Markup:
    """The map's legend: colours, the moment-of-truth star and (``ranks``) the redesign rank badge."""
    items = [("met", tr._("At or above target")), ("near", tr._("Up to 10 points short")),
             ("far", tr._("More than 10 points short")), ("unknown", tr._("Not measured"))]
    parts = [safe.html('<span class="cx-jm-key" style="background:{bg};color:{fg}">{label}</span>',
                       bg=COLOURS[k][0], fg=COLOURS[k][1], label=label) for k, label in items]
    parts.append(safe.html('<span class="cx-jm-key">★ {label}</span>', label=tr._("Moment of truth")))
    if ranks:
        parts.append(safe.html('<span class="cx-jm-key"><b>#1</b> {label}</span>', label=tr._("Redesign rank")))
    return safe.html('<div class="cx-jm-legend">{items}</div>', items=safe.join(parts))


MAP_CSS = Markup("""<style>
.cx-jm { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; font-size: 11.5px; }
.cx-jm-grid { flex: 4 1 640px; overflow-x: auto; }
.cx-jm table { border-collapse: separate; border-spacing: 3px; width: 100%; table-layout: fixed; }
.cx-jm th { background: #33404d; color: #fff; padding: 4px; font-weight: 600; }
.cx-jm th.cx-jm-lane { background: #5b6775; width: 90px; text-align: left; }
.cx-jm td { background: #f6f8fa; vertical-align: top; padding: 3px; }
.cx-jm td, .cx-jm th, .cx-jm tr { text-align: left !important; }  /* JupyterLab right-aligns table cells */
.cx-jm-aside { text-align: left; }
.cx-jm-card { border-radius: 5px; padding: 3px 5px; margin-bottom: 3px; line-height: 1.25; }
.cx-jm-card .cx-jm-label { font-weight: 600; }
.cx-jm-card .cx-jm-owner { font-size: 10.5px; opacity: .9; }
.cx-jm-card .cx-jm-none { font-weight: 700; text-decoration: underline; }
.cx-jm-card .cx-jm-score { float: right; font-weight: 700; }
.cx-jm-rank { display: inline-block; background: #1d2733; color: #fff; border-radius: 8px; padding: 0 5px;
  font-size: 10px; margin-right: 3px; }
.cx-jm-aside { flex: 1 1 220px; background: #f6f8fa; border: 1px solid #dde3ea; border-radius: 8px;
  padding: 8px 12px; font-size: 12.5px; }
.cx-jm-aside ol { padding-left: 18px; margin: 4px 0; }
.cx-jm-legend { display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; font-size: 11.5px; }
.cx-jm-key { padding: 2px 8px; border-radius: 10px; background: #f0f3f6; }
.cx-jm-aside, .cx-jm tr, .cx-jm-legend { break-inside: avoid; page-break-inside: avoid; }
@media print {  /* a flex box cannot break across pages: let the map's rows flow, its heading stays with them */
  .cx-jm { display: block; }
  .cx-jm-grid { overflow: visible; }
  .cx-jm-aside { margin-top: 8px; }
}
</style>""")


def map_html(config: JourneyConfig, scores: Mapping[str, float | None], tr: Translator, *,
             ranks: Mapping[str, int] | None = None, aside: Markup | None = None,
             score_digits: int = 0) -> Markup:
    """The touchpoint map: phases as columns, channels as rows, one card per touchpoint.

    ``scores`` maps touchpoint ids to performance 0-100 (None or absent: not measured); ``ranks`` to
    redesign ranks (shown as ``#n``); ``aside`` is put beside the grid (the priority list).
    """
    ranks = ranks or {}
    head = safe.join([safe.html('<th class="cx-jm-lane">{c}</th>', c=tr._("Channel"))] +
                     [safe.html("<th>{p}</th>", p=p.label) for p in config.phases])
    rows = []
    for channel in config.channels:
        cells = []
        for phase in config.phases:
            cards = []
            for t in config.touchpoints:
                if t.phase != phase.id or t.channel != channel.id:
                    continue
                score = scores.get(t.id)
                bg, fg = COLOURS[performance_colour(score, config.target(t))]
                rank = ranks.get(t.id)
                owner = (safe.html('<span class="cx-jm-none">{o}</span>', o=tr._("No owner")) if not t.owners
                         else safe.text(_owner_text(t, tr)))
                cards.append(safe.html(
                    '<div class="cx-jm-card" data-touchpoint="{id}" data-colour="{kind}" style="background:{bg};'
                    'color:{fg}"><span class="cx-jm-score">{score}</span>{rank}<span class="cx-jm-label">'
                    '{star}{label}</span><div class="cx-jm-owner">{owner}</div></div>',
                    id=t.id, kind=performance_colour(score, config.target(t)), bg=bg, fg=fg,
                    score="" if score is None else tr.number(score, score_digits),
                    rank=safe.html('<span class="cx-jm-rank">#{r}</span>', r=rank) if rank else "",
                    star="★ " if t.moment_of_truth else "", label=t.label, owner=owner))
            cells.append(safe.html("<td>{cards}</td>", cards=safe.join(cards)))
        rows.append(safe.html('<tr><th class="cx-jm-lane">{lane}</th>{cells}</tr>', lane=channel.label,
                              cells=safe.join(cells)))
    grid = safe.html('<div class="cx-jm-grid"><table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>'
                     "</table>{legend}</div>", head=head, rows=safe.join(rows), legend=legend_html(tr, ranks=bool(ranks)))
    side = safe.html('<div class="cx-jm-aside">{aside}</div>', aside=aside) if aside else ""
    return safe.html('{css}<div class="cx-jm">{grid}{side}</div>', css=MAP_CSS, grid=grid, side=side)


def reasons(a: JourneyAnalysis, touchpoint_id: str, tr: Translator, currency: str = "EUR") -> list[str]:
    """Why a touchpoint ranks where it does: one phrase per component, biggest contribution first."""
    p = a.priority(touchpoint_id)
    out = []
    for key in p.reasons:
        if key == "gap":
            gap = round(p.gap or 0)
            out.append(tr.ngettext("performs at {score} against a target of {target} ({gap} point short)",
                                   "performs at {score} against a target of {target} ({gap} points short)",
                                   gap).format(score=tr.number(p.performance or 0), target=tr.number(p.target),
                                               gap=tr.number(gap)))
        elif key == "volume":
            out.append(tr.ngettext("{n} contact a month", "{n} contacts a month", int(p.volume_per_month)).format(
                n=tr.number(p.volume_per_month)))
        elif key == "moment_of_truth":
            out.append(tr._("a moment of truth ({kind})").format(kind=tr._(KIND_LABELS.get(p.moment_kind, p.moment_kind))))
        elif key == "value_at_risk":
            out.append(tr._("{money} a year of customer value at risk").format(
                money=tr.compact_money(p.value_at_risk_per_year or 0.0, currency)))
    return out


def priority_items(a: JourneyAnalysis, tr: Translator, currency: str, top: int) -> list[tuple[int, str, float, str]]:
    """(rank, label, score, reasons joined) of the ``top`` ranked touchpoints."""
    labels = _labels(a.config)
    return [(p.rank, labels[p.touchpoint], p.score, tr.list(reasons(a, p.touchpoint, tr, currency)))
            for p in a.ranked[:top]]


def priorities_html(a: JourneyAnalysis, tr: Translator, currency: str = "EUR", top: int = 10,
                    *, compact: bool = False) -> Markup:
    """The priority list with reasons (``compact``: labels and scores only, for beside the map)."""
    items = priority_items(a, tr, currency, top)
    if not items:
        return safe.html("<p>{t}</p>", t=tr._("Every measured touchpoint meets its target."))
    if compact:
        lis = [safe.html('<li data-rank="{r}">{label} <span class="cx-muted">({score})</span></li>', r=r,
                         label=label, score=tr.number(score)) for r, label, score, _ in items]
        return safe.html("<b>{title}</b><ol>{items}</ol>", title=tr._("Redesign first"), items=safe.join(lis))
    lis = [safe.html('<li data-rank="{r}">{item}</li>', r=r, item=safe.html(
               tr._("{label} (priority {score}): {reasons}."), label=safe.html("<b>{x}</b>", x=label),
               score=tr.number(score), reasons=why)) for r, label, score, why in items]
    return safe.html('<ol class="cx-priorities">{items}</ol>', items=safe.join(lis))


def overview_html(engagement: Engagement, a: JourneyAnalysis) -> Markup:
    """Opening: the intent statement and the map in figures (translations are trusted templates)."""
    tr = _tr(engagement)
    cfg = a.config
    measured = sum(1 for p in a.performance.values() if p.score is not None)
    parts = [safe.html('<p><b>{label}</b> <q class="cx-intent">{intent}</q></p>',
                       label=tr._("Intent statement:"), intent=cfg.intent),
             safe.html("<p>" + tr._("{client}'s journey has {touchpoints} touchpoints in {phases} phases and "
                                    "{channels} channels. {measured} are measured, {below} fall short of their "
                                    "target, and the map shows {gaps} ownership gaps.") + "</p>",
                       client=engagement.client, touchpoints=tr.number(len(cfg.touchpoints)),
                       phases=tr.number(len(cfg.phases)), channels=tr.number(len(cfg.channels)),
                       measured=tr.number(measured), below=tr.number(len(a.ranked)), gaps=tr.number(len(a.gaps)))]
    if a.ranked:
        parts.append(safe.html("<p>" + tr._("Redesign first: {touchpoint}.") + "</p>",
                               touchpoint=_labels(cfg)[a.ranked[0].touchpoint]))
    return safe.join(parts)


def journey_map_html(engagement: Engagement, a: JourneyAnalysis) -> Markup:
    """The report's map: coloured by performance, with the top priorities beside it."""
    tr = _tr(engagement)
    scores = {k: p.score for k, p in a.performance.items()}
    ranks = {p.touchpoint: p.rank for p in a.ranked}
    return map_html(a.config, scores, tr, ranks=ranks,
                    aside=priorities_html(a, tr, engagement.currency, MAP_TOP, compact=True))


def gaps_html(engagement: Engagement, a: JourneyAnalysis) -> Markup:
    """Ownership gaps as a table: touchpoint, gap, owners today, what to do."""
    tr = _tr(engagement)
    if not a.gaps:
        return safe.html("<p>{t}</p>", t=tr._("Every touchpoint has one owner with a customer measure."))
    labels = _labels(a.config)
    rows = []
    for g in a.gaps:
        owners = " / ".join(g.owners) if g.owners else tr._("No owner")
        if g.kind == "no_owner":
            todo = tr._("Name one accountable owner.")
        elif g.kind == "shared_owner":
            todo = tr._("Choose one of {owners} to be accountable.").format(owners=tr.list(list(g.owners)))
        elif g.kind == "no_measure":
            todo = tr._("Give {owner} a customer measure (CSAT, CES or NPS) for this touchpoint.").format(
                owner=g.owners[0])
        else:
            room = {NOBODY: tr._("nobody"), DONT_KNOW: tr._("don't know")}.get(g.room_owner.lower(), g.room_owner)
            todo = tr.ngettext("{n} participant named {room}: settle who owns it.",
                               "{n} participants named {room}: settle who owns it.", g.room_votes).format(
                n=tr.number(g.room_votes), room=room)
        rows.append(safe.html('<tr data-gap="{kind}"><td>{tp}</td><td>{gap}</td><td>{owners}</td><td>{todo}</td></tr>',
                              kind=g.kind, tp=labels[g.touchpoint], gap=tr._(GAP_LABELS[g.kind]), owners=owners,
                              todo=todo))
    head = safe.join(safe.html("<th>{h}</th>", h=h) for h in
                     (tr._("Touchpoint"), tr._("Ownership gap"), tr._("Owner today"), tr._("What to do")))
    return safe.html('<table class="cx-table cx-gaps"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>',
                     head=head, rows=safe.join(rows))


def _measure_value(measure: str, value: float | None, tr: Translator) -> str:
    if value is None:
        return "–"
    digits = 1 if measure in ("ces", "rating") else 0
    return tr.number(value, digits)


def plan_html(engagement: Engagement, a: JourneyAnalysis) -> Markup:
    """The 20-working-day redesign plan: one block per touchpoint, week by week."""
    tr = _tr(engagement)
    if not a.plan:
        return safe.html("<p>{t}</p>", t=tr._("No touchpoint needs a redesign."))
    labels = _labels(a.config)
    blocks = []
    for plan in a.plan:
        measure = tr._(MEASURE_LABELS.get(plan.measure, plan.measure))
        owner = (plan.owner + (f" ({plan.owner_person})" if plan.owner_person else "")) if plan.owner else \
            tr._("no owner yet: name one before day 1")
        intro = tr._("Owner: {owner}. Move {measure} from {baseline} to {target}, from {start} to {end}.").format(
            owner=owner, measure=measure, baseline=_measure_value(plan.measure, plan.baseline, tr),
            target=_measure_value(plan.measure, plan.target, tr), start=tr.date(plan.start, "medium"),
            end=tr.date(plan.end, "medium"))
        rows = []
        for i, week in enumerate(plan.weeks, start=1):
            rows.append(safe.html(
                "<tr><td>{week}</td><td>{days}</td><td>{dates}</td><td>{what}</td></tr>",
                week=tr._("Week {n}").format(n=i),
                days=tr._("days {first}-{last}").format(first=week.first_day, last=week.last_day),
                dates=tr._("{start} to {end}").format(start=tr.date(week.start, "medium"),
                                                      end=tr.date(week.end, "medium")),
                what=safe.html(tr._("{title}: {text}"), title=safe.html("<b>{x}</b>", x=tr._(WEEK_TITLES[week.key])),
                               text=tr._(WEEK_TEXTS[week.key]).format(measure=measure))))
        head = safe.join(safe.html("<th>{h}</th>", h=h) for h in
                         (tr._("Week"), tr._("Working days"), tr._("Dates"), tr._("What the team does")))
        blocks.append(safe.html(
            '<div class="cx-plan" data-touchpoint="{id}"><h3>{rank}. {label}</h3><p>{intro}</p>'
            '<table class="cx-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>',
            id=plan.touchpoint, rank=plan.rank, label=labels[plan.touchpoint], intro=intro, head=head,
            rows=safe.join(rows)))
    return safe.join(blocks)


def pilot_html(engagement: Engagement, a: JourneyAnalysis) -> Markup:
    """The pilot against the control group (difference-in-differences), or nothing without a pilot."""
    if a.pilot is None or a.config.pilot is None:
        return Markup("")
    tr = _tr(engagement)
    r = a.pilot
    label = _labels(a.config)[a.config.pilot.touchpoint]
    measure = tr._(PILOT_MEASURES.get(a.config.pilot.measure, a.config.pilot.measure))
    text = safe.html(tr._("The redesigned touchpoint \u201c{touchpoint}\u201d was piloted. Measured by {measure}, "
                          "the pilot group changed by {pilot} and the control group by {control}: an effect of "
                          "{effect} ({level} confidence interval {low} to {high})."),
                     touchpoint=label, measure=measure, pilot=tr.points(r.pilot_change, 2),
                     control=tr.points(r.control_change, 2), effect=tr.points(r.effect, 2),
                     level=tr.percent(r.confidence), low=tr.number(r.low, 2), high=tr.number(r.high, 2))
    verdict = (tr._("The effect is distinguishable from zero: the redesign made a difference.") if r.distinguishable
               else tr._("The interval includes zero: the effect cannot be told apart from chance yet."))
    rows = []
    for group, name in (("pilot", tr._("Pilot group")), ("control", tr._("Control group"))):
        before, after = r.cell(group, "before"), r.cell(group, "after")
        rows.append(safe.html("<tr><td>{g}</td><td>{b}</td><td>{a}</td><td>{c}</td><td>{n}</td></tr>", g=name,
                              b=tr.number(before.mean, 2), a=tr.number(after.mean, 2),
                              c=tr.points(after.mean - before.mean, 2),
                              n=tr._("{before} / {after}").format(before=tr.number(before.n), after=tr.number(after.n))))
    head = safe.join(safe.html("<th>{h}</th>", h=h) for h in (tr._("Group"), tr._("Before"), tr._("After"),
                                                              tr._("Change"), tr._("Customers before / after")))
    return safe.html('<p class="cx-pilot">{text}</p><p><b>{verdict}</b></p><table class="cx-table"><thead><tr>'
                     "{head}</tr></thead><tbody>{rows}</tbody></table>", text=text, verdict=verdict, head=head,
                     rows=safe.join(rows))


def pilot_measure_label(engagement: Engagement, a: JourneyAnalysis) -> str:
    """The pilot's measure in words (for the chart's axis)."""
    if a.config.pilot is None:
        return ""
    return _tr(engagement)._(PILOT_AXES.get(a.config.pilot.measure, a.config.pilot.measure))


def method_html(engagement: Engagement, a: JourneyAnalysis) -> Markup:
    """How the priority is worked out, in one paragraph."""
    tr = _tr(engagement)
    w = a.config.weights
    keys = [k for k in COMPONENT_LABELS if k != "value_at_risk" or a.value_at_risk is not None]
    total = sum(w.get(k, 0.0) for k in keys) or 1.0
    parts = [tr._(COMPONENT_LABELS[k]).format(w=tr.percent(w.get(k, 0.0) / total)) for k in keys]
    targets = tr.list([tr._("{level} {target}").format(level=tr._(LEVEL_LABELS[k]), target=tr.number(v))
                       for k, v in a.config.targets.items()])
    text = tr._("Performance is put on a 0-100 scale from the customer measures (or the room's ratings where "
                "customers were not asked). The target follows the highest service level a touchpoint promises: "
                "{targets}. The priority weighs {weights}.").format(targets=targets, weights=tr.list(parts))
    return safe.html('<p class="cx-muted">{t}</p>', t=text)


def headlines(engagement: Engagement) -> list[Headline]:
    a = analysis(engagement)
    if a is None:
        return []
    tr = _tr(engagement)
    section = tr._(SECTION)
    labels = _labels(a.config)
    out = [Headline(section, tr._("Touchpoints mapped"), tr.number(len(a.config.touchpoints)),
                    tr._("{below} below target; {gaps} ownership gaps").format(
                        below=tr.number(len(a.ranked)), gaps=tr.number(len(a.gaps))))]
    if a.ranked:
        p = a.ranked[0]
        out.append(Headline(section, tr._("Redesign first"), labels[p.touchpoint],
                            tr.list(reasons(a, p.touchpoint, tr, engagement.currency)[:2])))
    if a.pilot is not None:
        out.append(Headline(section, tr._("Pilot effect"), tr.points(a.pilot.effect, 2),
                            tr._("{level} interval {low} to {high}").format(
                                level=tr.percent(a.pilot.confidence), low=tr.number(a.pilot.low, 2),
                                high=tr.number(a.pilot.high, 2))))
    return out


def assumptions(engagement: Engagement) -> list[Assumption]:
    a = analysis(engagement)
    if a is None:
        return []
    tr = _tr(engagement)
    s = tr._(SECTION)
    w = a.config.weights
    out = [
        Assumption(s, tr._("Redesign priority"),
                   tr.list([tr._(COMPONENT_LABELS[k]).format(w=tr.percent(v)) for k, v in w.items()]),
                   tr._("weighted sum of components scaled 0-1 (cxconsult.journey.priority)")),
        Assumption(s, tr._("Performance targets"),
                   tr.list([f"{tr._(LEVEL_LABELS[k])} {tr.number(v)}" for k, v in a.config.targets.items()]),
                   tr._("engagement file; levels from seed 002 (brilliant basics, extra mile, value-add)")),
        Assumption(s, tr._("Redesign time"), tr._("20 working days per touchpoint"),
                   tr._("seed 001, step 3")),
    ]
    if a.value_at_risk is not None:
        basis = tr._("complaints") if a.value_at_risk.basis == "complaints" else tr._("contacts short of the intent")
        out.append(Assumption(s, tr._("Customer value at risk"),
                              tr._("{money} a year shared out by {basis}").format(
                                  money=tr.compact_money(a.value_at_risk.total_per_year, engagement.currency),
                                  basis=basis), tr._("retention section: service-driven defections x CLV")))
    if a.pilot is not None:
        out.append(Assumption(s, tr._("Pilot effect"), tr._("difference-in-differences, Welch t interval"),
                              "Angrist & Pischke (2009), Mostly Harmless Econometrics, 5.2"))
    return out


def titles(engagement: Engagement) -> Mapping[str, str]:
    """The section's headings in the client's language."""
    tr = _tr(engagement)
    return {"section": tr._(SECTION), "map": tr._("The touchpoint map"), "gaps": tr._("Who owns each touchpoint"),
            "priorities": tr._("Which touchpoints to redesign first"),
            "plan": tr._("The 20-working-day redesign plan"), "pilot": tr._("Pilot against control")}
