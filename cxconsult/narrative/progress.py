"""Words and tables of the progress section: what moved since the last diagnostic, what did not, and which
actions of the last wave's roadmap were taken, in the client's language.

The numbers come from :func:`cxconsult.diagnostic.compare` (the last two waves) and
:func:`cxconsult.diagnostic.compare.action_outcomes`; a change is called an improvement or a decline only
when its bootstrap interval excludes 0, otherwise "no clear change". Action owners and notes come from the
client's action log and are escaped through :mod:`cxconsult.safe`. Seed 004 names losing interest as a
way customer-centricity programmes fail: this section keeps the roadmap's actions in view from one
diagnostic to the next.
"""

from __future__ import annotations

import math
from functools import lru_cache

from cxconsult import safe
from cxconsult.diagnostic import compare, questions, recommend, score
from cxconsult.diagnostic.compare import N_BOOT, ActionOutcome, Change, WaveComparison, action_outcomes
from cxconsult.diagnostic.recommendations import bank_language, playbook
from cxconsult.engagement import AREAS, Engagement
from cxconsult.i18n import N_, Translator, translator
from cxconsult.narrative import Assumption, Headline, heading as _heading
from cxconsult.narrative.roadmap import TOP_ACTIONS

__all__ = ["HEADINGS", "actions_html", "assumptions", "comparison", "headlines", "heading", "moved_html",
           "outcomes", "overview_html"]

SECTION = N_("Progress since the last diagnostic")
HEADINGS = {
    "title": (N_("Progress since the last diagnostic"), 1),
    "moved": (N_("What moved and what did not"), 2),
    "actions": (N_("Actions since the last diagnostic"), 2),
}
STATUS_NAMES = {"planned": N_("planned"), "started": N_("started"), "done": N_("done"),
                "": N_("no record in the action log")}
EFRON_TIBSHIRANI = ("Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. "
                    "New York: Chapman & Hall.")


def heading(engagement: Engagement, key: str) -> safe.Markup:
    """A heading of the section (``title``, ``moved``, ``actions``) in the client's language."""
    text, level = HEADINGS[key]
    return _heading(translator(engagement.language)._(text), level, anchor=f"cx-progress-{key}")


@lru_cache(maxsize=16)
def _comparison(engagement: Engagement) -> WaveComparison | None:
    waves = [w for w in engagement.waves if not w.responses.empty]
    if len(waves) < 2:
        return None
    return compare(waves[-2], waves[-1])


def comparison(engagement: Engagement) -> WaveComparison | None:
    """The last two waves with answers compared (seeded bootstrap), or None with fewer than two."""
    return _comparison(engagement)


def outcomes(engagement: Engagement, result: WaveComparison | None = None) -> list[ActionOutcome]:
    """The earlier wave's roadmap actions (its top recommended actions) and the action log's others."""
    result = result or comparison(engagement)
    if result is None:
        return []
    earlier = [w for w in engagement.waves if not w.responses.empty][-2]
    roadmap = [a.key for a in recommend(score(earlier.responses), language="en", top=TOP_ACTIONS)]
    return action_outcomes(result, engagement.actions, roadmap)


# -- formatting --------------------------------------------------------------------------------------
def _score(tr: Translator, value: float) -> str:
    return tr._("n/a") if math.isnan(value) else tr.number(value, 1)


def _points(tr: Translator, value: float) -> str:
    return tr._("n/a") if math.isnan(value) else tr.points(value, 1)


def _interval(tr: Translator, c: Change) -> str:
    if math.isnan(c.low):
        return tr._("n/a")
    return tr._("{low} to {high}").format(low=_points(tr, c.low), high=_points(tr, c.high))


def _verdict(tr: Translator, c: Change) -> str:
    if math.isnan(c.change):
        return tr._("n/a")
    return {"up": tr._("improved"), "down": tr._("declined"), "flat": tr._("no clear change")}[c.direction]


def _area_names(language: str) -> dict[str, str]:
    from cxconsult.narrative.intake import area_labels

    return area_labels(language)


def _wave_name(tr: Translator, label: str, date) -> str:
    """``"2025 H2 (20 November 2025)"``, or the date alone when the label is the date."""
    when = tr.date(date) if date is not None else ""
    if not when or label == date.isoformat():
        return when or label
    return tr._("{label} ({date})").format(label=label, date=when)


def _method(tr: Translator, result: WaveComparison) -> str:
    if result.method == "paired":
        return tr.ngettext("The same {n} person answered both times; the interval resamples people with both "
                           "sets of answers (paired bootstrap).",
                           "The same {n} people answered both times; the interval resamples people with both "
                           "sets of answers (paired bootstrap).", result.paired).format(n=result.paired)
    if result.method == "independent":
        return tr._("Nobody answered both times; the interval resamples each wave's participants separately "
                    "(independent bootstrap).")
    return tr.ngettext("{n} person answered both times and is resampled with both sets of answers; the others "
                       "({earlier} only in the earlier wave, {later} only in the later one) are resampled "
                       "within their wave (mixed bootstrap).",
                       "{n} people answered both times and are resampled with both sets of answers; the others "
                       "({earlier} only in the earlier wave, {later} only in the later one) are resampled "
                       "within their wave (mixed bootstrap).", result.paired).format(
        n=result.paired, earlier=result.respondents_earlier - result.paired,
        later=result.respondents_later - result.paired)


# -- HTML --------------------------------------------------------------------------------------------
def overview_html(engagement: Engagement, result: WaveComparison | None = None) -> safe.Markup:
    """The index then and now, its change with the interval, and how the interval was computed."""
    tr = translator(engagement.language)
    result = result or comparison(engagement)
    if result is None:
        return safe.html("<p>{t}</p>", t=tr._("There is one diagnostic wave so far: progress is shown from the "
                                              "second one."))
    c = result.index
    text = tr._("Between {earlier} and {later}, the maturity index went from {before} to {after} "
                "({change} points; 95% interval {interval}): {verdict}.").format(
        earlier=_wave_name(tr, result.earlier_label, result.earlier_date),
        later=_wave_name(tr, result.later_label, result.later_date), before=_score(tr, c.earlier),
        after=_score(tr, c.later), change=_points(tr, c.change), interval=_interval(tr, c),
        verdict=_verdict(tr, c))
    rule = tr._("A change is called an improvement or a decline only when its interval excludes 0; "
                "otherwise it is within what a different set of participants could have given.")
    return safe.html('<p><strong>{text}</strong></p><p>{method} {rule}</p>', text=text,
                     method=_method(tr, result), rule=rule)


def moved_html(engagement: Engagement, result: WaveComparison | None = None) -> safe.Markup:
    """Area table (then, now, change, interval, verdict) and the questions that moved, each with its numbers."""
    tr = translator(engagement.language)
    result = result or comparison(engagement)
    if result is None:
        return safe.html("")
    names = _area_names(engagement.language)
    head = [tr._("Area"), result.earlier_label, result.later_label, tr._("Change (points)"),
            tr._("95% interval"), tr._("Verdict")]
    rows = [(tr._("Maturity index"), result.index)] + [(names[a], result.area(a)) for a in AREAS]
    body = safe.join(safe.html(
        '<tr class="cx-{direction}"><td>{name}</td><td>{before}</td><td>{after}</td><td>{change}</td>'
        "<td>{interval}</td><td>{verdict}</td></tr>", direction=c.direction, name=name,
        before=_score(tr, c.earlier), after=_score(tr, c.later), change=_points(tr, c.change),
        interval=_interval(tr, c), verdict=_verdict(tr, c)) for name, c in rows)
    parts = [safe.html('<table class="cx-table cx-progress"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
                       "</table>", head=safe.join(safe.html("<th>{h}</th>", h=h) for h in head), body=body)]
    texts = {q.id: q.text.rstrip(" ?？\u00a0\u202f") for q in questions(bank_language(engagement.language))}
    moved = result.moved
    if len(moved):
        items = safe.join(safe.html(
            "<li>{qid} “{text}”: {before} → {after} ({change}; {interval})</li>", qid=qid, text=texts[qid],
            before=_score(tr, row.earlier), after=_score(tr, row.later), change=_points(tr, row.change),
            interval=_interval(tr, Change(row.earlier, row.later, row.change, row.low, row.high)))
            for qid, row in moved.iterrows())
        parts.append(safe.html("<p>{lead}</p><ul>{items}</ul>", items=items, lead=tr.ngettext(
            "{n} question moved beyond its interval:", "{n} questions moved beyond their interval:",
            len(moved)).format(n=len(moved))))
    else:
        parts.append(safe.html("<p>{t}</p>", t=tr._("No single question moved beyond its interval.")))
    flat = [names[a] for a in AREAS if result.area(a).direction == "flat" and not math.isnan(result.area(a).change)]
    if flat:
        parts.append(safe.html("<p>{t}</p>", t=tr.ngettext(
            "No clear change in {areas}.", "No clear change in {areas}.", len(flat)).format(areas=tr.list(flat))))
    return safe.join(parts)


def actions_html(engagement: Engagement, result: WaveComparison | None = None) -> safe.Markup:
    """The last wave's roadmap actions: taken or not (action log), owner, note, and what moved after them."""
    tr = translator(engagement.language)
    result = result or comparison(engagement)
    if result is None:
        return safe.html("")
    items = outcomes(engagement, result)
    if not items:
        return safe.html("<p>{t}</p>", t=tr._("The last diagnostic recommended no action and the action log is "
                                              "empty."))
    book = playbook(engagement.language)
    from cxconsult.diagnostic import programme

    steps = {s.key: s for s in programme(bank_language(engagement.language)).steps}

    def title(key: str) -> str:
        if key in steps:
            return tr._("Step {number}: {name}").format(number=steps[key].number, name=steps[key].name)
        return str(book[key].get("title", key)).strip()

    taken = sum(1 for o in items if o.on_roadmap and o.taken)
    on_roadmap = sum(1 for o in items if o.on_roadmap)
    lead = tr.ngettext("{taken} of the {n} action of the last roadmap was started or done.",
                       "{taken} of the {n} actions of the last roadmap were started or done.", on_roadmap).format(
        taken=taken, n=on_roadmap)
    head = [tr._("Action"), tr._("Status"), tr._("Owner"), tr._("Note"), tr._("Questions it targets"),
            tr._("Change since (points)")]
    rows = []
    for o in items:
        status = tr._(STATUS_NAMES[o.status])
        if o.date is not None:
            status = tr._("{status} on {date}").format(status=status, date=tr.date(o.date, "medium"))
        if not o.on_roadmap:
            status = tr._("{status} (not on the last roadmap)").format(status=status)
        moved = []
        if o.moved_up:
            moved.append(tr._("up: {ids}").format(ids=tr.list(list(o.moved_up))))
        if o.moved_down:
            moved.append(tr._("down: {ids}").format(ids=tr.list(list(o.moved_down))))
        detail = tr.pgettext("list of clauses", "; ").join(moved) if moved else tr._("none beyond its interval")
        rows.append(safe.html(
            '<tr class="cx-{state}"><td>{title}</td><td>{status}</td><td>{owner}</td><td>{note}</td>'
            "<td>{ids}</td><td>{change}<br><small>{detail}</small></td></tr>",
            state=o.status or "none", title=title(o.key), status=status, owner=o.owner, note=o.note,
            ids=", ".join(o.questions), change=_points(tr, o.change), detail=detail))
    caution = tr._("The change of the questions an action targets is shown beside it; it does not prove the "
                   "action caused it, since other things changed too.")
    return safe.html('<p>{lead}</p><table class="cx-table cx-actions-taken"><thead><tr>{head}</tr></thead>'
                     '<tbody>{rows}</tbody></table><p class="cx-source">{caution}</p>', lead=lead,
                     head=safe.join(safe.html("<th>{h}</th>", h=h) for h in head), rows=safe.join(rows),
                     caution=caution)


# -- summary and appendix -----------------------------------------------------------------------------
def headlines(engagement: Engagement) -> list[Headline]:
    """Executive-summary figures: the index's change and the area that moved most (none with one wave)."""
    result = comparison(engagement)
    if result is None:
        return []
    tr = translator(engagement.language)
    section = tr._(SECTION)
    c = result.index
    source = tr._("CX diagnostic: {earlier} against {later}, 95% bootstrap interval").format(
        earlier=result.earlier_label, later=result.later_label)
    out = [Headline(
        section, tr._("Index change since {earlier}").format(earlier=result.earlier_label),
        tr._("{change} points").format(change=_points(tr, c.change)),
        tr._("{before} → {after}; {interval} (95% interval)").format(
            before=_score(tr, c.earlier), after=_score(tr, c.later), interval=_interval(tr, c)),
        message=tr._("Since {earlier}, the maturity index moved {change} points, from {before} to {after} "
                     "(95% interval {interval}): {verdict}.").format(
            earlier=result.earlier_label, change=_points(tr, c.change), before=_score(tr, c.earlier),
            after=_score(tr, c.later), interval=_interval(tr, c), verdict=_verdict(tr, c)),
        source=source, rank=15)]
    names = _area_names(engagement.language)
    moved = [a for a in AREAS if result.area(a).significant]
    if moved:
        best = max(moved, key=lambda a: abs(result.area(a).change))
        b = result.area(best)
        out.append(Headline(
            section, tr._("Area that moved most"), tr._("{area} {change}").format(area=names[best],
                                                                                 change=_points(tr, b.change)),
            tr._("{before} → {after}").format(before=_score(tr, b.earlier), after=_score(tr, b.later)),
            message=tr._("{area} moved most: {change} points since {earlier} (95% interval {interval}).").format(
                area=names[best], change=_points(tr, b.change), earlier=result.earlier_label,
                interval=_interval(tr, b)),
            source=source, rank=25))
    items = [o for o in outcomes(engagement, result) if o.on_roadmap]
    if items:
        done = sum(1 for o in items if o.status == "done")
        started = sum(1 for o in items if o.status == "started")
        out.append(Headline(
            section, tr._("Roadmap actions done"), tr._("{done} of {n}").format(done=done, n=len(items)),
            tr.ngettext("{k} more started", "{k} more started", started).format(k=started), source=source,
            rank=60))
    return out


def assumptions(engagement: Engagement) -> list[Assumption]:
    """Method of the comparison for the appendix (only with two waves or more)."""
    result = comparison(engagement)
    if result is None:
        return []
    tr = translator(engagement.language)
    return [
        Assumption(tr._(SECTION), tr._("Uncertainty of a change"),
                   tr._("95% percentile bootstrap interval of the change, {n} resamples (fixed seed): people "
                        "who answered both waves are resampled with both sets of answers, the others within "
                        "their wave; a change counts only when the interval excludes 0").format(
                       n=tr.number(N_BOOT)),
                   tr._("Efron and Tibshirani"), reference=EFRON_TIBSHIRANI),
        Assumption(tr._(SECTION), tr._("Questions an action targets"),
                   tr._("The questions that feed the action's programme step; finance questions F2-F5 for the "
                        "business case and C3 for the complaint method"),
                   tr._("Method of this report")),
    ]
