"""Words and tables for the retention-economics section of the report, in the client's language.

Numbers come from :func:`cxconsult.retention.analysis.analyse_retention`; this module only words them
(through :mod:`cxconsult.i18n`) and lays them out as HTML (through :mod:`cxconsult.safe`). It answers the
finance questions of the diagnostic: what a customer is worth against what it costs to win and keep
one, what poor service costs, how much defection is driven by price and how much by service, and the
return on a CX programme.

Two customer values are used, each named for what it is (never one for the other):

- **lifetime value of a new customer**: discounted margin over the expected life of a customer just
  won, from the cohort (sBG) model; set against the cost to acquire one;
- **value of a customer of today's base**: the margin of the coming year and every later year they
  stay, at the base's yearly retention; what a leaver takes away and what one more kept customer brings.

Money is kept apart by kind: the yearly cost of poor service (a flow, per year) is never added to the
value that one year's service-driven leavers take with them (a stock).
"""

from __future__ import annotations

import math

from cxconsult import safe
from cxconsult.cache import cached
from cxconsult.engagement import Engagement
from cxconsult.i18n import N_, Translator, translator
from cxconsult.narrative import Assumption, Headline, reference
from cxconsult.retention.analysis import RetentionAnalysis, analyse_retention
from cxconsult.sections.retention import COMPLAINTS_ITEM

SECTION = N_("Retention economics")
_KIND_LABELS = {"churn": N_("early churn"), "buy_back": N_("buy-back"), "cancellation": N_("cancellation"),
                "non_renewal": N_("non-renewal"), "rework": N_("rework"), "other": N_("other"),
                "defection": N_("defection")}
_CATEGORY_LABELS = {"price": N_("price"), "service": N_("service"), "other": N_("other")}
#: Reichheld & Sasser's scenario: 5 points fewer defections. A larger assumed gain is flagged.
DOCUMENTED_MAX_GAIN_POINTS = 5.0

REF_FADER_HARDIE_2007 = reference(
    "Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. "
    "Journal of Interactive Marketing 21(1):76-90. Wiley.")
REF_FADER_HARDIE_2010 = reference(
    "Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual "
    "setting: the perils of ignoring heterogeneity. Marketing Science 29(1):85-93. INFORMS.")
REF_GUPTA_LEHMANN_2003 = reference(
    "Gupta, S. & Lehmann, D. R. (2003). Customers as assets. Journal of Interactive "
    "Marketing 17(1):9-24. Wiley.")
REF_GOODMAN_1965 = reference(
    "Goodman, L. A. (1965). On simultaneous confidence intervals for multinomial "
    "proportions. Technometrics 7(2):247-254. American Statistical Association.")
REF_WILSON_1927 = reference(
    "Wilson, E. B. (1927). Probable inference, the law of succession, and statistical "
    "inference. Journal of the American Statistical Association 22(158):209-212.")
REF_REICHHELD_SASSER_1990 = reference(
    "Reichheld, F. F. & Sasser, W. E. (1990). Zero defections: quality comes to "
    "services. Harvard Business Review 68(5):105-111. Harvard Business Publishing.")


def tr_for(engagement: Engagement) -> Translator:
    """The translator of the engagement's language."""
    return translator(getattr(engagement, "language", "en") or "en")


def analysis(engagement: Engagement) -> RetentionAnalysis | None:
    """The engagement's retention analysis (None when it has no retention section)."""
    if engagement.retention is None:
        return None
    return cached(engagement, "retention.analysis", lambda: analyse_retention(engagement.retention))


# -- formats -----------------------------------------------------------------------------------------
def money(tr: Translator, value: float, currency: str) -> str:
    """Money by locale: cents under 100, whole units under 10,000, shortened above (``22,8 M €``)."""
    if abs(value) < 100:
        return tr.money(value, currency, 2)
    return tr.compact_money(value, currency)


def period_word(a: RetentionAnalysis, tr: Translator | None = None) -> str:
    """The cohort period as a word (month, quarter, year) in the client's language."""
    tr = tr or translator("en")
    words = {1: N_("month"), 3: N_("quarter"), 12: N_("year")}
    return tr._(words[a.period_months]) if a.period_months in words else a.period


def periods_word(a: RetentionAnalysis, tr: Translator | None = None) -> str:
    """The cohort period in the plural (months, quarters, years), for a chart's axis."""
    tr = tr or translator("en")
    words = {1: N_("months"), 3: N_("quarters"), 12: N_("years")}
    return tr._(words[a.period_months]) if a.period_months in words else a.period


def _months(tr: Translator, months: int | None) -> str:
    if months is None:
        return tr._("not within 50 years")
    return tr.ngettext("{n} month", "{n} months", months).format(n=months)


def _irr(tr: Translator, value: float) -> str:
    return tr._("not defined (never pays back)") if not math.isfinite(value) else tr.percent(value, 0)


def fit_flags(a: RetentionAnalysis) -> tuple[str, ...]:
    """Warning codes of the cohort fit (``no_information``, ``boundary_estimate``), or ``()``."""
    return tuple(getattr(a.fit, "flags", ()) or ())


def _flag_texts(tr: Translator, a: RetentionAnalysis) -> list[str]:
    out = []
    flags = fit_flags(a)
    if "no_information" in flags:
        out.append(tr._("The cohorts carry too little information to tell how loyalty differs between "
                        "customers: the model's uncertainty band cannot be drawn, and lifetime values rest on "
                        "the central estimate only. More cohorts or longer follow-up would settle it."))
    if "boundary_estimate" in flags:
        out.append(tr._("One of the model's estimates sits at the edge of its possible range (for example, "
                        "some customers practically never leave). Read lifetime values as bounded by "
                        "discounting rather than as a precise figure."))
    return out


def _gain_flag(tr: Translator, a: RetentionAnalysis) -> str:
    gain = a.roce.programme.retention_gain_points
    if gain <= DOCUMENTED_MAX_GAIN_POINTS:
        return ""
    return tr._("Outside documented ranges: the assumed gain of {gain} points is larger than the 5 points "
                "of Reichheld & Sasser's scenario (1990); treat the return as optimistic.").format(
        gain=tr.number(gain, 1))


# -- section text ------------------------------------------------------------------------------------
def intro_html(tr: Translator) -> safe.Markup:
    """The section title and what it answers."""
    return safe.html("<h1>{title}</h1><p>{text}</p>", title=tr._(SECTION), text=tr._(
        "What is a customer worth, and what does it cost to win and keep one? What does poor service cost, "
        "how many customers leave over price and how many over service, and what return would a CX "
        "programme bring? The answers, with the figures behind them."))


_HEADINGS = {
    "stay": (N_("How long customers stay"),
             N_("Each acquisition cohort is followed from the period it joined. The points are the share of "
                "each cohort still active; the line is the cohort model fitted to all of them; beyond the "
                "dotted line the model projects.")),
    "worth": (N_("What a customer is worth"),
              N_("Lifetime value is the margin a new customer is expected to bring over their whole time as "
                 "a customer, discounted to today at the client's cost of capital. Set against the cost of "
                 "winning a customer, it shows how much room there is to spend on keeping them.")),
    "poor": (N_("The cost of poor service"),
             N_("Poor service costs money in two ways, counted apart: a yearly cost of events to put right, "
                "and the future margin that customers who leave over service take with them.")),
    "leave": (N_("Why customers leave"),
              N_("Departing customers' reasons, grouped into price, service and other. The error bars show "
                 "how far each share could move by chance in a survey of this size.")),
    "roce": (N_("Return on CX"),
             N_("The programme's monthly cash flows: spending, margin from the extra customers kept and "
                "poor-service costs avoided. The line is the running total in today's money: where it "
                "crosses zero, the programme has paid for itself.")),
    "sensitivity": (N_("How much depends on the retention gain"),
                    N_("The retention gain is the programme's least certain assumption. The same appraisal "
                       "for smaller and larger gains:")),
}


def heading_html(tr: Translator, key: str) -> safe.Markup:
    """A sub-heading of the section (``stay``, ``worth``, ``poor``, ``leave``, ``roce``, ``sensitivity``)
    with its one-paragraph explanation."""
    title, text = _HEADINGS[key]
    level = "h3" if key == "sensitivity" else "h2"
    return safe.html("<{level}>{title}</{level}><p>{text}</p>", level=safe.Markup(level), title=tr._(title),
                     text=tr._(text))


def overview(engagement: Engagement, a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """Opening paragraph: the four answers in one place (HTML)."""
    tr = tr or tr_for(engagement)
    c, e, r = a.currency, a.economics, a.roce
    parts = [
        safe.html(tr._("A new {client} customer is worth <strong>{clv}</strong> in discounted margin over their "
                       "expected life (lifetime value of a new customer), against <strong>{cac}</strong> to win "
                       "them."), client=engagement.client, clv=money(tr, e.clv, c),
                  cac=money(tr, e.acquisition_cost, c)),
        safe.html(tr._("Poor service costs <strong>{flow} a year</strong> in events to put right; besides, the "
                       "customers who left over service in the last year took <strong>{stock}</strong> of future "
                       "margin with them (a value lost once, not a yearly cost)."),
                  flow=money(tr, a.yearly_cost_of_poor_service, c),
                  stock=money(tr, a.value_lost_with_service_leavers, c)),
        safe.html(tr._("Of the customers who left, <strong>{service}</strong> gave a service reason and {price} "
                       "a price reason."), service=tr.percent(a.split.shares["service"]),
                  price=tr.percent(a.split.shares["price"])),
        safe.html(tr._("The proposed CX programme returns a net present value of <strong>{npv}</strong> over "
                       "{years} (internal rate of return {irr} a year), on the assumption of a retention gain "
                       "of {gain} points."), npv=money(tr, r.npv, c),
                  years=tr.ngettext("{n} year", "{n} years", r.programme.horizon_years).format(
                      n=r.programme.horizon_years),
                  irr=_irr(tr, r.irr_per_year), gain=tr.number(r.programme.retention_gain_points, 1)),
    ]
    return safe.html("<p>{body}</p>", body=safe.join(parts, " "))


def cohort_html(a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """How long customers stay: the cohort model in plain words, with any warning of the fit.

    The cohort period is named by its length (one month, three months, twelve months), so the sentence
    needs no gender or case of the word; a non-contractual business (:attr:`RetentionAnalysis.non_contractual`)
    keeps buying rather than renewing.
    """
    tr = tr or translator("en")
    fit = a.fit
    n = sum(int(x[0]) for x in fit.cohorts)
    first = fit.retention(1)
    later = fit.retention(max(2, int(round(24 / a.period_months))))
    if a.non_contractual:
        template = tr._("The model is fitted to {cohorts} ({customers}); one cohort period lasts {length}, and a "
                        "customer counts as lost once they stop buying. Of every 100 new customers, about "
                        "<strong>{kept}</strong> are still buying after a year. Retention rises with tenure: "
                        "{first} of new customers keep buying through their first period, and {later} of those "
                        "still buying keep buying through the period that completes their second year. Customers "
                        "do not change; those most likely to leave go first, so a model with one retention rate "
                        "for everybody undervalues the customer base.")
    else:
        template = tr._("The model is fitted to {cohorts} ({customers}); one cohort period lasts {length}. Of "
                        "every 100 new customers, about <strong>{kept}</strong> are still customers after a year. "
                        "Retention rises with tenure: {first} of new customers renew at the end of their first "
                        "period, and {later} of those still customers renew at the end of the period that "
                        "completes their second year. Customers do not change; those most likely to leave go "
                        "first, so a model with one retention rate for everybody undervalues the customer base.")
    text = safe.html(template,
                     cohorts=tr.ngettext("{n} acquisition cohort", "{n} acquisition cohorts",
                                         len(fit.cohorts)).format(n=len(fit.cohorts)),
                     customers=tr.ngettext("{n} customer", "{n} customers", n).format(n=tr.number(n)),
                     length=_months(tr, a.period_months), kept=tr.number(100 * a.survival_12_months),
                     first=tr.percent(first, 1), later=tr.percent(later, 1))
    notes = _flag_texts(tr, a)
    flagged = safe.join(safe.html('<p class="cx-flag"><strong>{w}</strong> {t}</p>', w=tr._("Warning:"), t=t)
                        for t in notes)
    return safe.html("<p>{text}</p>{flagged}", text=text, flagged=flagged)


def _table(headers: list[str], rows: list[list[object]], cls: str = "cx-table") -> safe.Markup:
    head = safe.join(safe.html("<th>{h}</th>", h=h) for h in headers)
    body = safe.join(safe.html("<tr>{cells}</tr>", cells=safe.join(safe.html("<td>{v}</td>", v=v) for v in row))
                     for row in rows)
    return safe.html('<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
                     cls=cls, head=head, body=body)


def _bold(value: str) -> safe.Markup:
    return safe.html("<strong>{v}</strong>", v=value)


def economics_table_html(a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """Customer economics: both customer values, costs to win and keep, ratios, payback."""
    tr = tr or translator("en")
    c, e = a.currency, a.economics
    client = tr._("client figure")
    rows = [
        [tr._("Lifetime value of a new customer"), _bold(money(tr, e.clv, c)),
         tr._("discounted margin over the expected life of a customer just won (cohort model)")],
        [tr._("Value of a customer of today's base"), _bold(money(tr, a.base_customer_value, c)),
         tr._("margin of the coming year and every later year they stay, at today's yearly retention of "
              "{retention}; what a leaver takes away").format(
             retention=tr.percent(a.inputs["retention_per_year"], 1))],
        [tr._("Cost to acquire a customer"), _bold(money(tr, e.acquisition_cost, c)), client],
        [tr._("Cost to keep a customer for a year"), _bold(money(tr, e.retention_cost_per_year, c)), client],
        [tr._("Cost to acquire, in years of the cost to keep"), _bold(tr.number(e.acquisition_to_retention_cost, 1)),
         ""],
        [tr._("Lifetime value of a new customer / cost to acquire"),
         _bold(tr.number(e.clv_to_acquisition_cost, 1)), ""],
        [tr._("Time to earn back the cost to acquire"), _bold(_months(tr, e.payback_months)),
         tr._("discounted margin")],
        [tr._("Lifetime value gained per new customer for 1 more point of first-year retention"),
         _bold(money(tr, e.value_of_one_point, c)), ""],
        [tr._("Lifetime value of a new customer with the programme's gain of {gain} points").format(
            gain=tr.number(a.roce.programme.retention_gain_points, 1)),
         _bold(money(tr, a.clv_with_gain, c)), tr._("assumption: the gain also lifts first-year retention")],
    ]
    return _table([tr._("Measure"), tr._("Value"), tr._("Note")], rows)


def item_name(item: str, tr: Translator | None = None) -> str:
    """A poor-service line's name as the client reads it: the client's own words, or the complaints
    section's line (:data:`~cxconsult.sections.retention.COMPLAINTS_ITEM`) in the client's language."""
    tr = tr or translator("en")
    return tr._(item) if item == COMPLAINTS_ITEM else item


def poor_service_table_html(a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """The yearly cost of poor service (listed events, a flow) and, apart, the value lost with leavers."""
    tr = tr or translator("en")
    c = a.currency
    rows: list[list[object]] = []
    for item in a.poor_service.items:
        rows.append([item_name(item.item, tr), tr._(_KIND_LABELS.get(item.kind, N_("other"))),
                     tr.number(item.count_per_year), money(tr, item.value_each, c), money(tr, item.cost_per_year, c)])
    rows.append([_bold(tr._("Yearly cost of poor service")), "", "", "",
                 _bold(money(tr, a.yearly_cost_of_poor_service, c))])
    yearly = _table([tr._("Item"), tr._("Kind"), tr._("Events a year"), tr._("Cost each"), tr._("Cost a year")],
                    rows)
    sc = a.service_cost
    stock = _table([tr._("Value lost once, not a yearly cost"), tr._("Customers"), tr._("Value each"),
                    tr._("Value lost")],
                   [[tr._("Future margin taken away by the last year's service-driven leavers"),
                     tr.number(sc.defections_per_year * sc.service_share), money(tr, sc.clv, c),
                     _bold(money(tr, sc.per_year, c))]])
    return safe.join([yearly, stock])


def poor_service_html(a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """The cost of poor service in words: the yearly cost and the value lost, each labelled."""
    tr = tr or translator("en")
    c, sc = a.currency, a.service_cost
    lo, hi = sc.interval
    first = safe.html(tr._("The client counted the events caused by poor service in a year, each at the money it "
                           "costs: together a <strong>yearly cost of {flow}</strong>."),
                      flow=money(tr, a.yearly_cost_of_poor_service, c))
    second = safe.html(tr._("Apart from that cost, {left} customers left in the last year; the exit survey puts "
                            "{share} of them down to service, about {n} customers. Each took the value of a "
                            "customer of today's base ({value}) with them: <strong>{stock} of future margin lost"
                            "</strong> (between {lo} and {hi} given the survey's sampling error). This is a "
                            "value lost once, spread over the years those customers would have stayed; do not "
                            "add it to the yearly cost."),
                       left=tr.number(a.defections_per_year), share=tr.percent(sc.service_share, 1),
                       n=tr.number(sc.defections_per_year * sc.service_share), value=money(tr, sc.clv, c),
                       stock=money(tr, sc.per_year, c), lo=money(tr, lo, c), hi=money(tr, hi, c))
    return safe.html("<p>{a}</p><p>{b}</p>", a=first, b=second)


#: How many of the client's own "other" exit reasons the text names, most frequent first.
OTHER_REASONS_SHOWN = 2


def defection_html(a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """Why customers leave, in words; the other reasons are named from the client's own exit survey."""
    tr = tr or translator("en")
    s = a.split
    lo, hi = s.service_share_interval
    text = safe.html(tr._("{n} departing customers gave a reason. <strong>{service}</strong> left over service "
                          "(95% interval {lo} to {hi}), {price} over price and {other} for other reasons. Setting "
                          "other reasons aside, service explains {of_both} of the departures that price or service "
                          "could have prevented. Price-driven departures call for offers; service-driven ones for "
                          "fixing the experience, which is what the CX programme targets."),
                     n=tr.number(s.total), service=tr.percent(s.shares["service"]), lo=tr.percent(lo),
                     hi=tr.percent(hi), price=tr.percent(s.shares["price"]), other=tr.percent(s.shares["other"]),
                     of_both=tr.percent(s.service_of_price_and_service))
    others = sorted((r for r in s.reasons if r.category == "other" and r.count > 0), key=lambda r: -r.count)
    names = [r.reason for r in others[:OTHER_REASONS_SHOWN]]
    if names:
        example = safe.html(tr.ngettext("The other reason given: {reasons}.",
                                        "The other reasons given most often: {reasons}.", len(names)),
                            reasons=tr.list(names))
        text = safe.join([text, example], " ")
    return safe.html("<p>{t}</p>", t=text)


def defection_table_html(a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """Every exit-survey reason with its category, count and share (reasons escaped)."""
    tr = tr or translator("en")
    rows = [[safe.text(r.reason), tr._(_CATEGORY_LABELS.get(r.category, N_("other"))), tr.number(r.count),
             tr.percent(r.count / a.split.total, 1)] for r in sorted(a.split.reasons, key=lambda r: -r.count)]
    return _table([tr._("Reason given"), tr._("Category"), tr._("Answers"), tr._("Share")], rows)


def payback_text(tr: Translator, month: int | None) -> str:
    """The programme's discounted payback as a sentence (report text)."""
    if month is None:
        return tr._("The programme does not pay back within the horizon.")
    return tr._("The programme pays back in month {month}, counting in today's money.").format(month=month)


def payback_short(tr: Translator, month: int | None) -> str:
    """The programme's discounted payback in a few words: the app headline and the chart's legend."""
    if month is None:
        return tr._("discounted payback: not within the horizon")
    return tr._("discounted payback: month {month}").format(month=month)


def roce_html(a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """The programme appraisal in words."""
    tr = tr or translator("en")
    r, p, c = a.roce, a.roce.programme, a.currency
    text = safe.html(tr._("The programme costs {investment} up front and {running} a year. At full effect, reached "
                          "after {ramp}, it is assumed to lift the yearly retention of today's base by {gain} points "
                          "(from {base}) and to remove {reduction} of the yearly cost of poor service. Over {years}, "
                          "discounted at {rate} a year, benefits are worth {benefits} and costs {costs}: <strong>net "
                          "present value {npv}</strong>, internal rate of return {irr} a year, {roi} return on the "
                          "money spent. {payback} Only today's customers are counted and nothing after the "
                          "horizon, so the figures lean to the cautious side."),
                     investment=money(tr, p.investment, c), running=money(tr, p.running_cost_per_year, c),
                     ramp=_months(tr, p.ramp_months), gain=tr.number(p.retention_gain_points, 1),
                     base=tr.percent(p.retention_per_year, 1), reduction=tr.percent(p.poor_service_reduction),
                     years=tr.ngettext("{n} year", "{n} years", p.horizon_years).format(n=p.horizon_years),
                     rate=tr.percent(p.discount_rate_per_year, 1), benefits=money(tr, r.pv_benefits, c),
                     costs=money(tr, r.pv_costs, c), npv=money(tr, r.npv, c), irr=_irr(tr, r.irr_per_year),
                     roi=tr.percent(r.roi), payback=payback_text(tr, r.discounted_payback_month))
    flag = _gain_flag(tr, a)
    extra = safe.html('<p class="cx-flag">{f}</p>', f=flag) if flag else safe.Markup("")
    return safe.html("<p>{t}</p>{extra}", t=text, extra=extra)


def sensitivity_table_html(a: RetentionAnalysis, tr: Translator | None = None) -> safe.Markup:
    """NPV, IRR, return on spend and payback for smaller and larger retention gains."""
    tr = tr or translator("en")
    c = a.currency
    planned = a.roce.programme.retention_gain_points
    rows = []
    for row in a.sensitivity.itertuples():
        month = row.discounted_payback_month
        never = month is None or (isinstance(month, float) and math.isnan(month))
        pay = tr.pgettext("payback", "never") if never else tr._("month {month}").format(month=int(month))
        gain = tr.number(row.retention_gain_points, 2)
        if abs(row.retention_gain_points - planned) < 1e-9:
            gain = tr._("{gain} (plan)").format(gain=gain)
        rows.append([gain, money(tr, row.npv, c), _irr(tr, row.irr_per_year), tr.percent(row.roi), pay])
    return _table([tr._("Retention gain (points)"), tr._("Net present value"), tr._("Internal rate of return"),
                   tr._("Return on spend"), tr._("Payback month (discounted)")], rows)


# -- executive summary and appendix ------------------------------------------------------------------
def headlines(engagement: Engagement) -> list[Headline]:
    """The section's figures for the executive summary, in the engagement's language."""
    a = analysis(engagement)
    if a is None:
        return []
    tr = tr_for(engagement)
    c, e, r = a.currency, a.economics, a.roce
    s = tr._(SECTION)
    return [
        Headline(s, tr._("Lifetime value of a new customer"), money(tr, e.clv, c),
                 tr._("against {cac} to acquire; earned back in {payback}").format(
                     cac=money(tr, e.acquisition_cost, c), payback=_months(tr, e.payback_months))),
        Headline(s, tr._("Yearly cost of poor service"), tr._("{amount} a year").format(
            amount=money(tr, a.yearly_cost_of_poor_service, c)),
            tr._("besides, {stock} of future margin left with the last year's service-driven leavers").format(
                stock=money(tr, a.value_lost_with_service_leavers, c))),
        Headline(s, tr._("Departures over service"), tr.percent(a.split.shares["service"]),
                 tr._("price {price}, other {other} ({n} exit-survey answers)").format(
                     price=tr.percent(a.split.shares["price"]), other=tr.percent(a.split.shares["other"]),
                     n=tr.number(a.split.total))),
        Headline(s, tr._("Return on the CX programme"), tr._("net present value {npv}").format(npv=money(tr, r.npv, c)),
                 tr._("assumption: {gain} more retention points; internal rate of return {irr} a year").format(
                     gain=tr.number(r.programme.retention_gain_points, 1), irr=_irr(tr, r.irr_per_year)),
                 assumption=True),
    ]


def assumptions(engagement: Engagement) -> list[Assumption]:
    """Every method choice, client figure and assumption of the section, with its full source."""
    cfg = engagement.retention
    if cfg is None:
        return []
    tr = tr_for(engagement)
    p, c, s = cfg.programme, cfg.currency, tr._(SECTION)
    client = tr._("client figure")
    scenario = tr._("assumption: scenario agreed with the client")
    return [
        Assumption(s, tr._("Cohort retention model"),
                   tr._("shifted-beta-geometric model, fitted to the client's cohorts by maximum likelihood"),
                   REF_FADER_HARDIE_2007),
        Assumption(s, tr._("Lifetime value of a new customer"),
                   tr._("margin per period times the discounted expected lifetime; first margin at acquisition, "
                        "then at the start of each period the customer stays"), REF_FADER_HARDIE_2010),
        Assumption(s, tr._("Value of a customer of today's base"),
                   tr._("yearly margin times (1 + d) / (1 + d - r), with r the yearly retention of today's base "
                        "and d the discount rate; used for leavers and for customers kept"), REF_GUPTA_LEHMANN_2003),
        Assumption(s, tr._("Discount rate"), tr._("{rate} a year").format(rate=tr.percent(cfg.discount_rate_per_year, 1)),
                   tr._("client figure (cost of capital)")),
        Assumption(s, tr._("Margin per customer"), tr._("{amount} per {period}").format(
            amount=tr.money(cfg.margin_per_customer_per_period, c, 2),
            period=tr._({1: N_("month"), 3: N_("quarter"), 12: N_("year")}.get(cfg.period_months, N_("month")))),
            client),
        Assumption(s, tr._("Service-driven share of departures"),
                   tr._("share of exit-survey answers giving a service reason; 95% Wilson interval; "
                        "simultaneous Goodman intervals for the three categories"),
                   tr._("client exit survey; {a}; {b}").format(a=REF_WILSON_1927, b=REF_GOODMAN_1965)),
        Assumption(s, tr._("Retention gain of the CX programme"),
                   tr._("{gain} points a year at full effect, reached linearly over {ramp}").format(
                       gain=tr.number(p.retention_gain_points, 1), ramp=_months(tr, p.ramp_months)),
                   tr._("{scenario}; for scale: {ref}").format(scenario=scenario, ref=REF_REICHHELD_SASSER_1990)),
        Assumption(s, tr._("Poor-service costs removed by the programme"), tr.percent(p.poor_service_reduction),
                   scenario),
        Assumption(s, tr._("Programme appraisal"),
                   tr._("monthly cash flows over {years}; today's customers only; no value after the horizon").format(
                       years=tr.ngettext("{n} year", "{n} years", p.horizon_years).format(n=p.horizon_years)),
                   tr._("discounted cash flow; internal rate of return where the net present value is zero")),
    ]
