"""Words and tables for the service-profit-chain section of the report, in the client's language.

:func:`analyse` runs the models on an engagement's ``service_profit_chain`` section (chain fit, the
section's what-if scenario, customer metrics, perception gap); the other functions only word and lay
out those results (text through :mod:`cxconsult.i18n`, HTML through :mod:`cxconsult.safe`).
``headlines`` and ``assumptions`` feed the executive summary and appendix.

The value of a customer kept is the one the retention section uses ("value of a customer of today's
base", :func:`cxconsult.retention.clv.base_customer_value`) when the engagement has a retention
section, so the report carries one definition; otherwise it is the section's own figure, named as the
client's.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxconsult import safe
from cxconsult.i18n import N_, Translator, translator
from cxconsult.metrics import MetricEstimate, ces, csat, nps_ci
from cxconsult.narrative import Assumption, Headline, reference
from cxconsult.narrative.retention import money
from cxconsult.sections.spc import SpcConfig
from cxconsult.spc import (ASSUMED, CONTRADICTED, NOT_SUPPORTED, SUPPORTED, ChainResult, PerceptionGap,
                           WhatIfResult, perception_gap, what_if)

SECTION = N_("Service-profit chain")
STAGES = {"internal_service_quality": N_("Internal service quality"), "engagement": N_("Employee engagement"),
          "employee_retention": N_("Employee retention"), "service_quality": N_("Service quality (first-contact "
                                                                               "resolution)"),
          "csat": N_("Customer satisfaction"), "customer_retention": N_("Customer retention"),
          "revenue_growth": N_("Revenue growth")}
#: What one point of each stage counts ("pp": percentage point).
UNITS = {"internal_service_quality": N_("internal service index point"), "engagement": N_("engagement point"),
         "employee_retention": N_("pp staff retention"), "service_quality": N_("pp first-contact resolution"),
         "csat": N_("pp CSAT"), "customer_retention": N_("pp customer retention"),
         "revenue_growth": N_("pp revenue growth")}
VERDICTS = {SUPPORTED: N_("supported"), NOT_SUPPORTED: N_("not supported by the data (interval spans zero)"),
            CONTRADICTED: N_("contradicted by the data (negative link)"),
            ASSUMED: N_("no client data: published figure used")}
_AGREE = {"nps": N_("answer 9 or 10 of 10 to the recommendation question (promoters)"),
          "csat": N_("answer 4 or 5 of 5 to the satisfaction question"),
          "ces": N_("answer 5 to 7 of 7 that the company made it easy")}
REF_HESKETT_1994 = reference(
    "Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E. & Schlesinger, L. A. (1994). "
    "Putting the service-profit chain to work. Harvard Business Review 72(2):164-174. "
    "Harvard Business Publishing.")
REF_RUCCI_1998 = reference(
    "Rucci, A. J., Kirn, S. P. & Quinn, R. T. (1998). The employee-customer-profit chain at Sears. "
    "Harvard Business Review 76(1):82-97. Harvard Business Publishing.")
REF_REICHHELD_SASSER_1990 = reference(
    "Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to services. "
    "Harvard Business Review 68(5):105-111. Harvard Business Publishing.")
REF_ICS_2017 = reference(
    "Institute of Customer Service (2017). The customer dividend. Institute of Customer Service, London.")
REF_BAIN_2005 = reference(
    "Allen, J., Reichheld, F. F., Hamilton, B. & Markey, R. (2005). Closing the delivery gap: how to "
    "achieve true customer-led growth. Bain & Company.")
REF_REICHHELD_2003 = reference(
    "Reichheld, F. F. (2003). The one number you need to grow. Harvard Business Review "
    "81(12):46-54. Harvard Business Publishing.")
REF_DIXON_2010 = reference(
    "Dixon, M., Freeman, K. & Toman, N. (2010). Stop trying to delight your customers. Harvard "
    "Business Review 88(7/8):116-122; Dixon, M., Toman, N. & DeLisi, R. (2013). The effortless "
    "experience. Portfolio/Penguin.")
REF_CAMERON_MILLER_2015 = reference(
    "Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust "
    "inference. Journal of Human Resources 50(2):317-372. University of Wisconsin Press.")
REF_NEWCOMBE_1998 = reference(
    "Newcombe, R. G. (1998). Interval estimation for the difference between independent "
    "proportions: comparison of eleven methods. Statistics in Medicine 17(8):873-890. Wiley.")
#: Published findings quoted as context (translated), each with its full reference.
CONTEXT = (
    (N_("Taco Bell stores with the lowest 20% staff turnover had double the sales and 55% higher profits than "
        "those with the highest; Xerox customers rating their satisfaction 5 of 5 were six times more likely to "
        "buy again than those rating 4."), REF_HESKETT_1994),
    (N_("At Sears, 5 more units of employee attitude went with 1.3 more units of customer impression and 0.5% "
        "more revenue growth (units of Sears's own survey indices)."), REF_RUCCI_1998),
    (N_("5 points fewer defections raised profits by 85%, 50% and 30% in three businesses (a scenario, not a "
        "law)."), REF_REICHHELD_SASSER_1990),
    (N_("Firms above their sector's average satisfaction grew revenue by 9.1% a year, against 0.4% for those "
        "below."), REF_ICS_2017),
    (N_("80% of the 362 companies surveyed believed they delivered a superior experience; their customers rated "
        "only 8% of those companies as doing so."), REF_BAIN_2005),
)


def tr_for(engagement) -> Translator:
    """The translator of the engagement's language."""
    return translator(getattr(engagement, "language", "en") or "en")


def stage(tr: Translator, name: str) -> str:
    """A stage's name in the client's language."""
    return tr._(STAGES[name]) if name in STAGES else name.replace("_", " ")


def unit(tr: Translator, name: str) -> str:
    """What one point of a stage counts, in the client's language."""
    return tr._(UNITS[name]) if name in UNITS else name.replace("_", " ")


def per(tr: Translator, effect: str, cause: str) -> str:
    """``"pp CSAT per engagement point"``: the unit of a link's effect."""
    return tr._("{effect} per {cause}").format(effect=unit(tr, effect), cause=unit(tr, cause))


def verdict(tr: Translator, text: str) -> str:
    """A link's verdict in the client's language."""
    for key, message in VERDICTS.items():
        if text.startswith(key):
            return tr._(message)
    return text


def _num(tr: Translator, value: float, digits: int = 2) -> str:
    """A signed number by locale (``+0,26``)."""
    return tr.points(value, digits)


@dataclass(frozen=True, eq=False)
class ChainAnalysis:
    """Everything the section shows, computed once by :func:`analyse`.

    ``value_per_customer`` is the value of one more customer kept and ``value_basis`` says where it comes
    from: ``"retention"`` (the retention section's value of a customer of today's base) or ``"client"``.
    """

    config: SpcConfig
    fit: ChainResult
    scenario: WhatIfResult
    metrics: tuple[MetricEstimate, ...]
    gap: PerceptionGap | None
    currency: str
    value_per_customer: float | None = None
    value_basis: str = "client"


def _value_per_customer(engagement, config: SpcConfig) -> tuple[float | None, str]:
    if getattr(engagement, "retention", None) is not None and config.customers is not None:
        from cxconsult.retention.clv import base_customer_value

        cfg = engagement.retention
        return (base_customer_value(cfg.margin_per_customer_per_period * 12 / cfg.period_months,
                                    cfg.programme.retention_per_year, cfg.discount_rate_per_year), "retention")
    return config.value_per_customer, "client"


def analyse(engagement, engagement_points: float | None = None, csat_points: float | None = None) -> ChainAnalysis:
    """Fit the chain on the engagement's unit data and run its what-if scenario (section defaults)."""
    config: SpcConfig = engagement.spc
    currency = getattr(engagement, "currency", None) or config.currency
    fit = config.chain().fit(config.frame).result_
    value, basis = _value_per_customer(engagement, config)
    inputs = {**config.what_if_inputs(), "currency": currency, "value_per_customer": value}
    scenario = what_if(fit, config.engagement_points if engagement_points is None else engagement_points,
                       config.csat_points if csat_points is None else csat_points, **inputs)
    metrics: list[MetricEstimate] = []
    gap = None
    if config.perception is not None:
        survey = config.perception.survey
        if "nps" in survey:
            metrics.append(nps_ci(survey["nps"], config.confidence))
        if "csat" in survey:
            metrics.append(csat(survey["csat"], config.confidence))
        if "ces" in survey:
            metrics.append(ces(survey["ces"], "1-7", config.confidence))
        p = config.perception
        if p.internal_view is not None:
            gap = perception_gap(p.internal_view, survey[p.measure], scale=p.scale, agree_from=p.agree_from,
                                 confidence=config.confidence)
    return ChainAnalysis(config, fit, scenario, tuple(metrics), gap, currency, value, basis)


def _moves(tr: Translator, scenario: WhatIfResult | tuple[tuple[str, float], ...]) -> str:
    shifts = scenario.shifts if isinstance(scenario, WhatIfResult) else scenario
    parts = [tr._("{points} points of {stage}").format(points=tr.points(points, 0), stage=stage(tr, name).lower())
             for name, points in shifts if points]
    return tr.list(parts) if parts else tr._("no change")


def intro_html(tr: Translator) -> safe.Markup:
    """The section title and what it answers."""
    return safe.html("<h1>{title}</h1><p>{text}</p>", title=tr._(SECTION), text=tr._(
        "Does the chain from employees to customers to revenue hold in this business, and what is moving one "
        "link worth? Each link is estimated from the client's own team data; links without data use a "
        "published figure, marked as an assumption."))


_HEADINGS = {"links": N_("Link by link"), "what_if": N_("What moving engagement is worth"),
             "customers": N_("What customers say"), "context": N_("Context from published research")}


def heading_html(tr: Translator, key: str) -> safe.Markup:
    """A sub-heading of the section (``links``, ``what_if``, ``customers``, ``context``)."""
    return safe.html("<h2>{t}</h2>", t=tr._(_HEADINGS[key]))


def overview(engagement, analysis: ChainAnalysis, tr: Translator | None = None) -> safe.Markup:
    """Opening paragraphs: what the chain is, the data, how many links hold, the overall effect."""
    tr = tr or tr_for(engagement)
    fit, config = analysis.fit, analysis.config
    with_data = [link for link in fit.links if not link.assumed]
    supported = [link for link in with_data if link.verdict == SUPPORTED]
    assumed = [link for link in fit.links if link.assumed]
    first = safe.html(tr._("The service-profit chain (Heskett and colleagues, Harvard Business Review, 1994) says "
                           "that how well an organisation serves its own staff drives their engagement and "
                           "retention, which drives the service customers receive, their satisfaction and loyalty, "
                           "and in the end revenue and profit. We tested each link on {client}'s own data: "
                           "<strong>{units} over {periods}</strong>. <strong>{supported} of {tested}</strong> links "
                           "estimated from the data are supported (their {level} interval lies above zero)."),
                      client=engagement.client,
                      units=tr.ngettext("{n} team", "{n} teams", fit.n_units).format(n=fit.n_units),
                      periods=tr.ngettext("{n} period", "{n} periods", fit.n_periods).format(n=fit.n_periods),
                      supported=len(supported), tested=len(with_data), level=tr.percent(fit.confidence))
    if assumed:
        first = safe.join([first, " ", tr.ngettext(
            "{n} link had no data and uses a published figure instead, marked as an assumption below.",
            "{n} links had no data and use a published figure instead, marked as an assumption below.",
            len(assumed)).format(n=len(assumed))])
    ind = fit.indirect
    second = safe.html(tr._("Carried through the whole chain, one more {cause_unit} goes with <strong>{value} "
                            "{effect_unit}</strong> ({level} interval {low} to {high}). These are associations "
                            "across teams over time, read along the direction the chain proposes: evidence for the "
                            "chain in this business, not proof of cause."),
                       cause_unit=unit(tr, ind.cause), value=_num(tr, ind.value, 3), effect_unit=unit(tr, ind.effect),
                       level=tr.percent(fit.confidence), low=_num(tr, ind.low, 3), high=_num(tr, ind.high, 3))
    return safe.html("<p>{a}</p><p>{b}</p>", a=first, b=second)


def _table(headers: list[str], rows: list[list[object]]) -> safe.Markup:
    head = safe.join(safe.html("<th>{h}</th>", h=h) for h in headers)
    body = safe.join(safe.html("<tr>{cells}</tr>", cells=safe.join(safe.html("<td>{v}</td>", v=v) for v in row))
                     for row in rows)
    return safe.html('<table class="cx-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
                     head=head, body=body)


def links_table_html(analysis: ChainAnalysis, tr: Translator | None = None) -> safe.Markup:
    """One row per link: effect of one point, interval, standardised strength, verdict (and source)."""
    tr = tr or translator("en")
    rows = []
    for link in analysis.fit.links:
        name = tr._("{cause} to {effect}").format(cause=stage(tr, link.cause), effect=stage(tr, link.effect))
        effect = tr._("{value} {unit}").format(value=_num(tr, link.coefficient, 3), unit=per(tr, link.effect, link.cause))
        if link.assumed:
            rows.append([safe.html("{n} <span class=\"cx-badge\">{a}</span>", n=name, a=tr._("assumption")), effect,
                         "", "", safe.html("{v}<br><small>{s}</small>", v=verdict(tr, link.verdict),
                                           s=_default_source(analysis, link.cause, link.effect))])
        else:
            rows.append([name, effect, tr._("{low} to {high}").format(low=_num(tr, link.low, 3), high=_num(tr, link.high, 3)),
                         tr.number(link.standardised, 2), verdict(tr, link.verdict)])
    ind = analysis.fit.indirect
    rows.append([safe.html("<strong>{t}</strong>", t=tr._("{cause} to {effect} (whole chain)").format(
        cause=stage(tr, ind.cause), effect=stage(tr, ind.effect))),
        safe.html("<strong>{t}</strong>", t=tr._("{value} {unit}").format(value=_num(tr, ind.value, 3),
                                                                          unit=per(tr, ind.effect, ind.cause))),
        tr._("{low} to {high}").format(low=_num(tr, ind.low, 3), high=_num(tr, ind.high, 3)), "",
        verdict(tr, ind.verdict)])
    return _table([tr._("Link"), tr._("Effect of one more point"),
                   tr._("{level} interval").format(level=tr.percent(analysis.fit.confidence)),
                   tr._("Strength (standard deviations per standard deviation)"), tr._("Verdict")], rows)


def _default_source(analysis: ChainAnalysis, cause: str, effect: str) -> str:
    for d in analysis.config.defaults:
        if (d.cause, d.effect) == (cause, effect):
            return REF_RUCCI_1998 if "Rucci" in d.source else d.source
    return ""


def how_to_read(tr: Translator | None = None) -> safe.Markup:
    """A short guide to the chain diagram and the table."""
    tr = tr or translator("en")
    return safe.html("<p>{t}</p>", t=tr._(
        "Each arrow is one link. Its label gives the strength in standard deviations (how many standard "
        "deviations the next stage moves when this one moves by one), with the effect of one more point in "
        "brackets. Solid green arrows are supported by the data; dashed grey arrows are either not supported "
        "(the interval spans zero) or taken from published research (an assumption)."))


def what_if_html(analysis: ChainAnalysis, tr: Translator | None = None) -> safe.Markup:
    """The scenario in words: customers kept, their value, revenue and profit a year, with intervals."""
    tr = tr or translator("en")
    s, cur = analysis.scenario, analysis.currency
    items = []
    kept = s.amount("customers_kept_per_year")
    value = s.amount("value_of_customers_kept_per_year")
    revenue = s.amount("extra_revenue_per_year")
    profit = s.amount("extra_profit_per_year")
    if kept:
        items.append(safe.html(tr._("about <strong>{n} more customers kept a year</strong> ({low} to {high})"),
                               n=tr.number(kept.value), low=tr.number(kept.low), high=tr.number(kept.high)))
    if value and analysis.value_per_customer is not None:
        named = (tr._("the value of a customer of today's base, as in the retention section")
                 if analysis.value_basis == "retention" else tr._("the client's value per customer kept"))
        items.append(safe.html(tr._("worth <strong>{value}</strong> of future margin ({low} to {high}), at {each} "
                                    "each ({named}): a value gained once for each year of the effect, not a "
                                    "yearly revenue"),
                               value=money(tr, value.value, cur), low=money(tr, value.low, cur),
                               high=money(tr, value.high, cur), each=money(tr, analysis.value_per_customer, cur),
                               named=named))
    if revenue:
        items.append(safe.html(tr._("<strong>{value} more revenue a year</strong> ({low} to {high})"),
                               value=money(tr, revenue.value, cur), low=money(tr, revenue.low, cur),
                               high=money(tr, revenue.high, cur)))
    if profit:
        items.append(safe.html(tr._("<strong>{value} more profit a year</strong> ({low} to {high}) at a {margin} "
                                    "margin"), value=money(tr, profit.value, cur), low=money(tr, profit.low, cur),
                               high=money(tr, profit.high, cur), margin=tr.percent(analysis.config.margin)))
    lead = safe.html(tr._("If {moves} were achieved across the teams and sustained for a year, the chain carries "
                          "the change through every later stage:"), moves=_moves(tr, s))
    listing = safe.html("<ul>{li}</ul>", li=safe.join(safe.html("<li>{i}</li>", i=i) for i in items))
    notes = []
    if value and revenue:
        notes.append(tr._("The value of customers kept and the year's extra revenue overlap, since kept customers "
                          "are part of revenue growth: do not add them."))
    notes.append(tr._("Intervals ({level}) come from re-running the arithmetic on every resample of teams, so "
                      "they carry the uncertainty of every link at once.").format(level=tr.percent(s.confidence)))
    return safe.html("<p>{lead}</p>{listing}<p>{notes}</p>", lead=lead, listing=listing, notes=" ".join(notes))


def what_if_table_html(analysis: ChainAnalysis, tr: Translator | None = None) -> safe.Markup:
    """Every stage's change under the scenario, with its interval."""
    tr = tr or translator("en")
    rows = [[stage(tr, c.stage), tr._("{value} {unit}").format(value=_num(tr, c.change, 3), unit=unit(tr, c.stage)),
             tr._("{low} to {high}").format(low=_num(tr, c.low, 3), high=_num(tr, c.high, 3))]
            for c in analysis.scenario.changes]
    return _table([tr._("Stage"), tr._("Change"),
                   tr._("{level} interval").format(level=tr.percent(analysis.scenario.confidence))], rows)


_METRIC_NOTES = {"NPS": (N_("Net Promoter Score"), N_("% answering 9-10 minus % answering 0-6 of 10"),
                         REF_REICHHELD_2003),
                 "CSAT": (N_("Customer satisfaction (CSAT)"), N_("% answering 4 or 5 of 5; Wilson interval"), ""),
                 "CES": (N_("Customer effort score (CES 2.0)"),
                         N_("mean agreement (1-7) that the company made it easy"), REF_DIXON_2010)}


def metrics_table_html(analysis: ChainAnalysis, tr: Translator | None = None) -> safe.Markup:
    """NPS, CSAT and CES of the customer survey with intervals."""
    tr = tr or translator("en")
    rows = []
    for m in analysis.metrics:
        name, definition, ref = _METRIC_NOTES[m.metric]
        shown = tr.number(m.value, 1) if m.metric == "CES" else (
            tr.points(m.value, 1) if m.metric == "NPS" else tr.percent(m.value / 100, 1))
        fmt = (lambda v: tr.percent(v / 100, 1)) if m.metric == "CSAT" else (
            (lambda v: tr.points(v, 1)) if m.metric == "NPS" else (lambda v: tr.number(v, 1)))
        low_high = tr._("{low} to {high}").format(low=fmt(m.low), high=fmt(m.high))
        rows.append([tr._(name), shown, low_high, tr.number(m.n),
                     safe.html("{d}<br><small>{r}</small>", d=tr._(definition), r=ref) if ref else tr._(definition)])
    return _table([tr._("Measure"), tr._("Value"), tr._("{level} interval").format(
        level=tr.percent(analysis.config.confidence)), tr._("Answers"), tr._("Definition")], rows)


def perception_html(engagement, analysis: ChainAnalysis, tr: Translator | None = None) -> safe.Markup:
    """The perception gap in words, saying plainly what is compared, with Bain (2005) quoted correctly."""
    tr = tr or tr_for(engagement)
    gap = analysis.gap
    if gap is None:
        return safe.html("<p>{t}</p>", t=tr._("No internal rating was given, so the perception gap is not shown."))
    agree = tr._(_AGREE[analysis.config.perception.measure])
    customers = safe.html(tr._("<strong>{share}</strong> of {n} surveyed customers {agree} ({level} interval {low} to "
                               "{high})."), share=tr.percent(gap.customer_view / 100), n=tr.number(gap.n),
                          agree=agree, level=tr.percent(gap.confidence), low=tr.percent(gap.customer_low / 100),
                          high=tr.percent(gap.customer_high / 100))
    if gap.like_with_like:
        said = safe.html(tr._("Asked the same question, <strong>{share}</strong> of {client}'s {n} leaders {agree}."),
                         share=tr.percent(gap.internal_view / 100), client=engagement.client,
                         n=tr.number(gap.n_internal), agree=agree)
        diff = safe.html(tr._("The gap is <strong>{gap} percentage points</strong> ({low} to {high}; Newcombe's "
                              "interval for a difference of two shares)."),
                         gap=tr.points(gap.gap), low=tr.points(gap.gap_low), high=tr.points(gap.gap_high))
    else:
        said = safe.html(tr._("{client}'s leadership rates the experience it delivers <strong>{rating} out of 100"
                              "</strong>."), client=engagement.client, rating=tr.number(gap.internal_view))
        diff = safe.html(tr._("These are two different measures: a rating out of 100 against a share of customers. "
                              "Read the difference of <strong>{gap} points</strong> ({low} to {high}) as a sign of "
                              "how far apart the two views are, not as a measured gap. To compare like with like, "
                              "put the customers' question to the leaders too."),
                         gap=tr.points(gap.gap), low=tr.points(gap.gap_low), high=tr.points(gap.gap_high))
    bain = tr._("For comparison, Bain & Company (2005) found that 80% of the 362 companies surveyed believed they "
                "delivered a superior experience, while their customers rated only 8% of those companies as doing so.")
    return safe.html("<p>{said} {customers} {diff}</p><p>{bain}</p>", said=said, customers=customers, diff=diff,
                     bain=bain)


def context_html(analysis: ChainAnalysis | None = None, tr: Translator | None = None) -> safe.Markup:
    """Published findings quoted as context (not used in any number above), each with its reference."""
    tr = tr or translator("en")
    lead = tr._("Published findings, for context only: none of them enters the numbers above unless a link is "
                "marked as an assumption.")
    items = safe.join(safe.html("<li>{f} <small>{r}</small></li>", f=tr._(finding), r=ref) for finding, ref in CONTEXT)
    return safe.html("<p>{lead}</p><ul>{items}</ul>", lead=lead, items=items)


def headlines(engagement) -> list[Headline]:
    """2-4 figures for the executive summary, in the engagement's language."""
    if getattr(engagement, "spc", None) is None:
        return []
    tr = tr_for(engagement)
    a = analyse(engagement)
    s = tr._(SECTION)
    assumed = bool(a.fit.indirect.assumed_links)
    with_data = [link for link in a.fit.links if not link.assumed]
    supported = sum(link.verdict == SUPPORTED for link in with_data)
    out = [Headline(s, tr._("Chain links supported by the data"),
                    tr._("{supported} of {tested}").format(supported=supported, tested=len(with_data)),
                    tr._("{units} over {periods}").format(
                        units=tr.ngettext("{n} team", "{n} teams", a.fit.n_units).format(n=a.fit.n_units),
                        periods=tr.ngettext("{n} period", "{n} periods", a.fit.n_periods).format(n=a.fit.n_periods)),
                    assumed)]
    moves = _moves(tr, a.scenario)
    interval = tr._("{level} interval {low} to {high}")
    profit = a.scenario.amount("extra_profit_per_year")
    if profit:
        out.append(Headline(s, tr._("Profit a year from {moves}").format(moves=moves), money(tr, profit.value, a.currency),
                            interval.format(level=tr.percent(a.fit.confidence), low=money(tr, profit.low, a.currency),
                                            high=money(tr, profit.high, a.currency)), assumed))
    kept = a.scenario.amount("customers_kept_per_year")
    if kept:
        out.append(Headline(s, tr._("Customers kept a year from {moves}").format(moves=moves), tr.number(kept.value),
                            interval.format(level=tr.percent(a.fit.confidence), low=tr.number(kept.low),
                                            high=tr.number(kept.high)), assumed))
    if a.gap is not None:
        if a.gap.like_with_like:
            out.append(Headline(s, tr._("Perception gap (same question)"), tr._("{gap} percentage points").format(
                gap=tr.points(a.gap.gap)), tr._("leaders {inside}; customers {outside}").format(
                inside=tr.percent(a.gap.internal_view / 100), outside=tr.percent(a.gap.customer_view / 100))))
        else:
            out.append(Headline(s, tr._("Leadership's rating against customers"),
                                tr._("{rating} of 100 against {share}").format(
                                    rating=tr.number(a.gap.internal_view), share=tr.percent(a.gap.customer_view / 100)),
                                tr._("rating of the experience by leadership; share of customers who {agree}").format(
                                    agree=tr._(_AGREE[a.config.perception.measure]))))
    return out


def assumptions(engagement) -> list[Assumption]:
    """Every method choice, client figure and literature default behind the section, with its full source."""
    config: SpcConfig | None = getattr(engagement, "spc", None)
    if config is None:
        return []
    tr = tr_for(engagement)
    s = tr._(SECTION)
    cur = getattr(engagement, "currency", None) or config.currency
    method = tr._("one regression per link")
    if config.period_effects:
        method = tr._("{method}; shocks common to all teams in a period removed").format(method=method)
    method = tr._("{method}; errors allowing for repeated measures of a team").format(method=method) \
        if config.cluster_by_unit else method
    client = tr._("client figure")
    out = [
        Assumption(s, tr._("Chain"), " → ".join(stage(tr, x) for x in config.stages), REF_HESKETT_1994),
        Assumption(s, tr._("Link estimation"), method, REF_CAMERON_MILLER_2015),
        Assumption(s, tr._("Intervals"), tr._("{level}; {n} resamples of whole teams").format(
            level=tr.percent(config.confidence), n=tr.number(config.n_boot)), tr._("cluster bootstrap")),
    ]
    defaults = {(d.cause, d.effect): d for d in config.defaults}
    for cause, effect in config.assumed_links:
        d = defaults[(cause, effect)]
        out.append(Assumption(s, tr._("Link {cause} to {effect}").format(cause=stage(tr, cause), effect=stage(tr, effect)),
                              tr._("assumption: {value} {unit} (no client data; the published survey's units read "
                                   "as the client's points)").format(value=_num(tr, d.coefficient, 3),
                                                                      unit=per(tr, effect, cause)),
                              REF_RUCCI_1998 if "Rucci" in d.source else d.source))
    scenario = tr._("assumption: {moves}, sustained for a year; links linear and additive").format(
        moves=_moves(tr, (("engagement", config.engagement_points), ("csat", config.csat_points))))
    out.append(Assumption(s, tr._("What-if scenario"), scenario, tr._("scenario agreed with the client")))
    if config.customers:
        out.append(Assumption(s, tr._("Customer base"), tr.number(config.customers), client))
    if config.revenue_per_year:
        out.append(Assumption(s, tr._("Revenue a year"), money(tr, config.revenue_per_year, cur), client))
    if config.margin is not None:
        out.append(Assumption(s, tr._("Margin on extra revenue"), tr.percent(config.margin), client))
    value, basis = _value_per_customer(engagement, config)
    if value is not None:
        out.append(Assumption(s, tr._("Value of a customer kept"), money(tr, value, cur),
                              tr._("value of a customer of today's base (retention section)") if basis == "retention"
                              else client))
    p = config.perception
    if p is not None:
        out.append(Assumption(s, tr._("Customer measures"), tr._("NPS: % 9-10 minus % 0-6; CSAT: % 4-5 of 5; CES 2.0: "
                                                                 "mean of 1-7"),
                              f"{REF_REICHHELD_2003}; {REF_DIXON_2010}"))
        if p.internal_view is not None:
            out.append(Assumption(s, tr._("Leadership's rating against customers"),
                                  tr._("leadership's rating {rating} of 100 against the share of customers who {agree}: "
                                       "two different measures").format(rating=tr.number(p.internal_view),
                                                                        agree=tr._(_AGREE[p.measure])),
                                  f"{client}; {REF_BAIN_2005}"))
    return out

