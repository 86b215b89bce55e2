"""Words and tables of the voice-of-the-customer section, in the client's language.

Numbers come from :func:`cxconsult.voc.analysis.analyse_feedback`; this module words them. Every value
from the client's files (touchpoints, segments, owners, labels, quotes) goes through :mod:`cxconsult.safe`.
"""

from __future__ import annotations

import math

from cxconsult import safe
from cxconsult.cache import cached
from cxconsult.engagement import Engagement
from cxconsult.i18n import N_, Translator, translator  # noqa: F401 - translator used by the notebook
from cxconsult.narrative import Assumption, Headline
from cxconsult.voc.analysis import VocAnalysis, analyse_feedback

SECTION = N_("Voice of the customer")
HEADINGS = {
    "title": N_("Voice of the customer"),
    "trend": N_("Feedback over time"),
    "drivers": N_("What drives the score"),
    "themes": N_("What customers say in their own words"),
    "dashboard": N_("CX dashboard"),
}
METRIC_LABELS = {"nps": N_("NPS"), "csat": N_("CSAT"), "ces": N_("CES")}
ATTRIBUTE_LABELS = {"human_factor": N_("Human factor"), "ease": N_("Ease"), "tone": N_("Tone"),
                    "speed": N_("Speed"), "resolution": N_("Resolution")}
QUADRANT_LABELS = {"concentrate_here": N_("Act first"), "keep_up_the_good_work": N_("Keep it up"),
                   "low_priority": N_("Low priority"), "possible_overkill": N_("Possible overkill")}
TREND_LABELS = {"rising": N_("rising"), "falling": N_("falling"), "steady": N_("steady")}
STATUS_LABELS = {"met": N_("target met"), "better": N_("better than baseline"), "flat": N_("no clear change"),
                 "worse": N_("worse than baseline")}
TEST_LABELS = {"welch_nps": N_("Welch's t-test on scores coded +100 (promoter), 0, -100 (detractor)"),
               "two_proportion_z": N_("two-proportion z-test"), "welch_mean": N_("Welch's t-test")}


def analysis(engagement: Engagement) -> VocAnalysis | None:
    """The engagement's feedback analysis (None when it has no feedback section)."""
    if engagement.feedback is None:
        return None
    return cached(engagement, "voc.analysis", lambda: analyse_feedback(engagement.feedback))


def _tr(engagement: Engagement) -> Translator:
    return translator(engagement.language)


def heading(engagement: Engagement, key: str, level: int = 2) -> safe.Markup:
    """A translated heading (``key`` of :data:`HEADINGS`)."""
    return safe.html(f"<h{level}>{{text}}</h{level}>", text=_tr(engagement)._(HEADINGS[key]))


def attribute_label(tr: Translator, a: VocAnalysis, attribute: str) -> str:
    if attribute in a.section.attribute_labels:
        return a.section.attribute_labels[attribute]
    return tr._(ATTRIBUTE_LABELS[attribute]) if attribute in ATTRIBUTE_LABELS else attribute.replace("_", " ")


def metric_value(tr: Translator, metric: str, value: float) -> str:
    """NPS in points (signed), CSAT as a percentage, others as a mean with one decimal."""
    if not math.isfinite(value):
        return "–"
    if metric == "nps":
        rounded = round(value)
        return tr.points(rounded, 0) if rounded else tr.number(0)  # never "-0" or "+0"
    if metric == "csat":
        return tr.percent(value, 0)
    return tr.number(value, 1)


def _month(tr: Translator, label: str) -> str:
    import datetime as dt

    return tr.month_year(dt.date(int(label[:4]), int(label[5:7]), 1))


def overview_html(engagement: Engagement, a: VocAnalysis) -> safe.Markup:
    """Opening paragraph: how many answers over which months, the headline metrics with intervals."""
    tr = _tr(engagement)
    data = a.section.data
    first, last = data["date"].min(), data["date"].max()
    parts = []
    for metric, value in a.summary.items():
        parts.append(tr._("{metric} {value} (95% interval {low} to {high})").format(
            metric=tr._(METRIC_LABELS[metric]), value=metric_value(tr, metric, value.value),
            low=metric_value(tr, metric, value.low), high=metric_value(tr, metric, value.high)))
    text = tr.ngettext("{n} customer answered the survey between {first} and {last}, at {k} touchpoints.",
                       "{n} customers answered the survey between {first} and {last}, at {k} touchpoints.",
                       len(data)).format(n=tr.number(len(data)), first=tr.month_year(first.date()),
                                         last=tr.month_year(last.date()), k=tr.number(len(a.section.touchpoints)))
    return safe.html("<p>{text} {scores}.</p>", text=text, scores=tr.list(parts))


def change_html(engagement: Engagement, a: VocAnalysis) -> safe.Markup:
    """The latest change, whether it is more than chance (the test named), and the sample needed."""
    tr = _tr(engagement)
    metric = a.section.outcome
    out = []
    c = a.change
    if c is not None:
        values = dict(metric=tr._(METRIC_LABELS[metric]), before=metric_value(tr, metric, c.before),
                      after=metric_value(tr, metric, c.after),
                      recent=f"{_month(tr, a.recent[0])} – {_month(tr, a.recent[1])}",
                      previous=f"{_month(tr, a.previous[0])} – {_month(tr, a.previous[1])}",
                      test=tr._(TEST_LABELS[c.test]), p=tr.number(c.p_value, 3))
        if c.significant:
            text = tr._("{metric} moved from {before} ({previous}) to {after} ({recent}): a real change, not "
                        "chance ({test}, p = {p}).")
        else:
            text = tr._("{metric} moved from {before} ({previous}) to {after} ({recent}), but a change this size "
                        "could be chance ({test}, p = {p}).")
        out.append(safe.html("<p class=\"cx-voc-change\">{text}</p>", text=text.format(**values)))
    if a.needed_per_period:
        out.append(safe.html("<p>{text}</p>", text=tr._(
            "To detect a change of {change} points in {metric} (5% significance, 80% power), each period needs "
            "about {n} answers.").format(change=tr.number(a.change_to_detect), metric=tr._(METRIC_LABELS[metric]),
                                         n=tr.number(a.needed_per_period))))
    return safe.join(out)


def touchpoint_table_html(engagement: Engagement, a: VocAnalysis) -> safe.Markup:
    """The outcome by touchpoint, worst first, with its interval and number of answers."""
    tr = _tr(engagement)
    metric = a.section.outcome
    rows = []
    for r in a.by_touchpoint.sort_values("value").itertuples():
        rows.append(safe.html("<tr><td>{tp}</td><td><b>{v}</b></td><td>{lo} – {hi}</td><td>{n}</td></tr>",
                              tp=str(r.touchpoint).replace("_", " "), v=metric_value(tr, metric, r.value), lo=metric_value(tr, metric, r.low),
                              hi=metric_value(tr, metric, r.high), n=tr.number(r.n)))
    return safe.html('<table class="cx-table"><thead><tr><th>{a}</th><th>{b}</th><th>{c}</th><th>{d}</th></tr>'
                     "</thead><tbody>{rows}</tbody></table>", a=tr._("Touchpoint"), b=tr._(METRIC_LABELS[metric]),
                     c=tr._("95% interval"), d=tr._("Answers"), rows=safe.join(rows))


def drivers_html(engagement: Engagement, a: VocAnalysis) -> safe.Markup:
    """What drives the score: each attribute's share of what the model explains, and where to act."""
    if a.drivers is None:
        return safe.Markup("")
    tr = _tr(engagement)
    d, m = a.drivers, a.matrix
    first = m.sort_values("priority").index[0]
    intro = tr._("The attribute ratings explain {r2} of the differences in {metric} between customers. "
                 "{driver} weighs most ({share} of what is explained); act first on it.").format(
        r2=tr.percent(d.attrs["r2"], 0), metric=tr._(METRIC_LABELS[a.section.outcome]),
        driver=attribute_label(tr, a, first), share=tr.percent(d.loc[first, "share"], 0))
    rows = []
    for driver in m.sort_values("priority").index:
        rows.append(safe.html(
            "<tr><td>{name}</td><td><b>{share}</b></td><td>{lo} – {hi}</td><td>{perf}</td><td>{quad}</td></tr>",
            name=attribute_label(tr, a, driver), share=tr.percent(d.loc[driver, "share"], 0),
            lo=tr.percent(d.loc[driver, "share_low"], 0), hi=tr.percent(d.loc[driver, "share_high"], 0),
            perf=tr.number(m.loc[driver, "mean_rating"], 2), quad=tr._(QUADRANT_LABELS[m.loc[driver, "quadrant"]])))
    table = safe.html('<table class="cx-table cx-voc-drivers"><thead><tr><th>{a}</th><th>{b}</th><th>{c}</th>'
                      "<th>{d}</th><th>{e}</th></tr></thead><tbody>{rows}</tbody></table>",
                      a=tr._("Driver"), b=tr._("Share of importance"), c=tr._("95% interval"),
                      d=tr._("Mean rating"), e=tr._("Where to act"), rows=safe.join(rows))
    return safe.html("<p>{intro}</p>{table}", intro=intro, table=table)


def themes_html(engagement: Engagement, a: VocAnalysis) -> safe.Markup:
    """Themes with volume, NPS among those who mention them, trend and quotes; then discovered topics."""
    if a.themes is None:
        return safe.Markup("")
    tr = _tr(engagement)
    t = a.themes
    rows = []
    for theme in t.itertuples():
        quotes = safe.join(safe.html("<li>«&#8239;{q}&#8239;»</li>" if tr.language == "fr" else "<li>“{q}”</li>",
                                     q=q) for q in theme.quotes)
        rows.append(safe.html(
            "<tr><td><b>{label}</b></td><td>{n}</td><td>{share}</td><td>{nps}</td><td>{trend}</td>"
            '<td><ul class="cx-quotes">{quotes}</ul></td></tr>',
            label=theme.label, n=tr.number(theme.mentions), share=tr.percent(theme.share, 0),
            nps=metric_value(tr, "nps", theme.nps), trend=tr._(TREND_LABELS[theme.trend]), quotes=quotes))
    intro = tr.ngettext("{n} customer wrote a comment.", "{n} customers wrote a comment.",
                        t.attrs["verbatims"]).format(n=tr.number(t.attrs["verbatims"]))
    table = safe.html('<table class="cx-table cx-voc-themes"><thead><tr><th>{a}</th><th>{b}</th><th>{c}</th>'
                      "<th>{d}</th><th>{e}</th><th>{f}</th></tr></thead><tbody>{rows}</tbody></table>",
                      a=tr._("Theme"), b=tr._("Mentions"), c=tr._("Share of comments"),
                      d=tr._("NPS of those who mention it"), e=tr._("Trend"), f=tr._("In their words"),
                      rows=safe.join(rows))
    extra = safe.Markup("")
    if a.discovered:
        items = safe.join(safe.html("<li><b>{terms}</b> ({n}): “{example}”</li>", terms=", ".join(d.terms[:4]),
                                    n=tr.number(d.size), example=d.examples[0] if d.examples else "")
                          for d in a.discovered)
        extra = safe.html("<p>{lead}</p><ul>{items}</ul>", lead=tr._(
            "Comments the codebook does not cover yet fall into these groups (worth a new theme?):"), items=items)
    return safe.html("<p>{intro}</p>{table}{extra}", intro=intro, table=table, extra=extra)


def _measure_value(tr: Translator, unit: str, value: float, currency: str) -> str:
    if not math.isfinite(value):
        return "–"
    if unit == "points":
        rounded = round(value)
        return tr.points(rounded, 0) if rounded else tr.number(0)
    if unit == "share":
        return tr.percent(value, 1)
    if unit == "money":
        return tr.money(value, currency, 2)
    if unit == "rating":
        return tr.number(value, 2)
    return tr.number(value, 1)


def dashboard_html(engagement: Engagement, a: VocAnalysis) -> safe.Markup:
    """The dashboard tree: lagging measures, each followed by the leading measures that drive it."""
    if not a.dashboard:
        return safe.Markup("")
    tr = _tr(engagement)
    rows = []
    for s in a.dashboard:
        m = s.measure
        value = lambda v: _measure_value(tr, m.unit, v, engagement.currency)  # noqa: E731
        spark = " ".join(value(v) for _, v in s.trend[-4:])
        rows.append(safe.html(
            '<tr class="cx-{kind}"><td style="padding-left:{pad}em">{label}</td><td>{kind_label}</td><td>{base}</td>'
            "<td><b>{current}</b></td><td>{target}</td><td>{status}</td><td>{trend}</td><td>{owner}</td></tr>",
            kind=m.kind, pad=str(0.3 + 1.5 * s.depth), label=m.label,
            kind_label=tr._("Lagging") if m.kind == "lagging" else tr._("Leading"), base=value(m.baseline),
            current=value(s.current), target=value(m.target), status=tr._(STATUS_LABELS[s.status]), trend=spark,
            owner=m.owner))
    return safe.html('<table class="cx-table cx-voc-dashboard"><thead><tr><th>{a}</th><th>{b}</th><th>{c}</th>'
                     "<th>{d}</th><th>{e}</th><th>{f}</th><th>{g}</th><th>{h}</th></tr></thead><tbody>{rows}"
                     "</tbody></table>", a=tr._("Measure"), b=tr._("Type"), c=tr._("Baseline"), d=tr._("Latest"),
                     e=tr._("Target"), f=tr._("Status"), g=tr._("Last four months"), h=tr._("Owner"),
                     rows=safe.join(rows))


def headlines(engagement: Engagement) -> list[Headline]:
    a = analysis(engagement)
    if a is None:
        return []
    tr = _tr(engagement)
    section = tr._(SECTION)
    metric = a.section.outcome
    value = a.summary[metric]
    out = [Headline(section, tr._(METRIC_LABELS[metric]), metric_value(tr, metric, value.value),
                    tr._("95% interval {low} to {high}").format(low=metric_value(tr, metric, value.low),
                                                                high=metric_value(tr, metric, value.high)))]
    if a.matrix is not None:
        first = a.matrix.sort_values("priority").index[0]
        out.append(Headline(section, tr._("Driver to act on first"), attribute_label(tr, a, first),
                            tr._("{share} of what the ratings explain").format(
                                share=tr.percent(a.drivers.loc[first, "share"], 0))))
    if a.themes is not None and len(a.themes):
        worst = a.themes.sort_values("nps").iloc[0]
        out.append(Headline(section, tr._("Theme with the lowest NPS"), str(worst["label"]),
                            tr._("NPS {nps} among those who mention it").format(nps=metric_value(tr, "nps", worst["nps"]))))
    return out


def assumptions(engagement: Engagement) -> list[Assumption]:
    a = analysis(engagement)
    if a is None:
        return []
    tr = _tr(engagement)
    section = tr._(SECTION)
    return [
        Assumption(section, tr._("NPS interval"), tr._("normal approximation, from the shares of promoters and detractors"),
                   "Reichheld (2003), Harvard Business Review 81(12)"),
        Assumption(section, tr._("Key-driver method"), tr._("Shapley value regression (LMG)"),
                   "Lipovetsky & Conklin (2001); Budescu (1993); Johnson (2000)"),
        Assumption(section, tr._("Where to act"), tr._("importance-performance matrix"),
                   "Martilla & James (1977), Journal of Marketing 41(1)"),
    ]
