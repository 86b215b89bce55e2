"""Words and tables for the retention-economics section of the report.

Numbers come from :func:`cxconsult.retention.analysis.analyse_retention`; this module only words
them and lays them out. It answers the finance questions of the diagnostic: what a customer is
worth against what it costs to win and keep one, the yearly cost of poor service, how much
defection is driven by price and how much by service, and the return on a CX programme.
"""

from __future__ import annotations

import html
import math

from cxconsult.engagement import Engagement
from cxconsult.narrative import Headline, fmt_money
from cxconsult.narrative import Assumption
from cxconsult.retention.analysis import RetentionAnalysis, analyse_retention

SECTION = "Retention economics"
_KIND_LABELS = {"churn": "early churn", "buy_back": "buy-back", "cancellation": "cancellation",
                "non_renewal": "non-renewal", "rework": "rework", "other": "other", "defection": "defection"}


def analysis(engagement: Engagement) -> RetentionAnalysis | None:
    """The engagement's retention analysis (None when it has no retention section)."""
    return None if engagement.retention is None else analyse_retention(engagement.retention)


def period_word(a: RetentionAnalysis) -> str:
    return {1: "month", 3: "quarter", 12: "year"}.get(a.period_months, a.period)


def _payback(months: int | None) -> str:
    return "not within 50 years" if months is None else f"{months} months"


def _irr(value: float) -> str:
    return "n/a" if not math.isfinite(value) else f"{value:.0%}"


def overview(engagement: Engagement, a: RetentionAnalysis) -> str:
    """Opening paragraph: the four answers in one place (Markdown)."""
    c = a.currency
    e = a.economics
    r = a.roce
    payback = "" if r.payback_month is None else f", paying back in month {r.payback_month}"
    return (
        f"A new {engagement.client} customer is worth **{fmt_money(e.clv, c)}** in discounted margin over "
        f"their expected life, against **{fmt_money(e.acquisition_cost, c)}** to win them: winning one "
        f"customer costs as much as keeping {e.acquisition_to_retention_cost:.1f} customers for a year "
        f"({fmt_money(e.retention_cost_per_year, c)} each). "
        f"Poor service costs about **{fmt_money(a.total_cost_of_poor_service_per_year, c)} a year**: "
        f"{fmt_money(a.service_cost.per_year, c)} of lifetime value walks out with customers who leave "
        f"because of service, and {fmt_money(a.poor_service.total_per_year, c)} goes on early churn, "
        "buy-backs, cancellations, non-renewals and rework. "
        f"Of customers who left, **{a.split.shares['service']:.0%}** gave a service reason and "
        f"{a.split.shares['price']:.0%} a price reason. "
        f"The proposed CX programme returns an NPV of **{fmt_money(r.npv, c)}** over "
        f"{r.programme.horizon_years} years (IRR {_irr(r.irr_per_year)} a year{payback})."
    )


def cohort_markdown(a: RetentionAnalysis) -> str:
    """How long customers stay: the cohort model in plain words."""
    fit = a.fit
    word = period_word(a)
    first = fit.retention(1)
    later = fit.retention(max(2, int(round(24 / a.period_months))))
    n = sum(int(x[0]) for x in fit.cohorts)
    text = (f"The model is fitted to {len(fit.cohorts)} acquisition cohorts ({n:,} customers), followed "
            f"{word} by {word}. Of every 100 new customers, about **{100 * a.survival_12_months:.0f}** are "
            f"still customers after 12 months. Retention improves with tenure: "
            f"{first:.1%} of customers renew in their first {word}, {later:.1%} after two years. "
            "This is not because customers change, but because those most likely to leave go first; "
            "a model that assumes one retention rate for everybody undervalues the customer base.")
    if fit.alpha <= 1:
        text += (" (The model implies some customers practically never leave, so lifetimes are only "
                 "reported discounted.)")
    return text


def economics_table_html(a: RetentionAnalysis) -> str:
    """Customer economics: CLV, costs to win and keep, ratios, payback, value of one point."""
    c = a.currency
    e = a.economics
    rows = [
        ("Lifetime value of a new customer", fmt_money(e.clv, c, 2 if e.clv < 1e4 else 1),
         "discounted margin over the expected life"),
        ("Cost to acquire a customer", fmt_money(e.acquisition_cost, c), "client figure"),
        ("Cost to keep a customer for a year", fmt_money(e.retention_cost_per_year, c), "client figure"),
        ("Acquisition cost in years of retention spend", f"{e.acquisition_to_retention_cost:.1f}", ""),
        ("Lifetime value / acquisition cost", f"{e.clv_to_acquisition_cost:.1f}x", ""),
        ("Months to earn back the acquisition cost", _payback(e.payback_months), "discounted margin"),
        ("Lifetime value gained per new customer, +1 point first-year retention",
         fmt_money(e.value_of_one_point, c, 2 if abs(e.value_of_one_point) < 1e4 else 1), ""),
        (f"Lifetime value with the CX programme's +{a.roce.programme.retention_gain_points:g} points",
         fmt_money(a.clv_with_gain, c, 2 if a.clv_with_gain < 1e4 else 1), "first-year retention raised"),
    ]
    body = "".join(f"<tr><td>{html.escape(k)}</td><td><b>{html.escape(v)}</b></td><td>{html.escape(n)}</td></tr>"
                   for k, v, n in rows)
    return ('<table class="cx-table"><thead><tr><th>Measure</th><th>Value</th><th>Note</th></tr></thead>'
            f"<tbody>{body}</tbody></table>")


def poor_service_table_html(a: RetentionAnalysis) -> str:
    """Cost of poor service per year: listed items, modelled service-driven defections, total."""
    c = a.currency
    rows = []
    for item in a.poor_service.items:
        rows.append((item.item, _KIND_LABELS.get(item.kind, item.kind), f"{item.count_per_year:,.0f}",
                     fmt_money(item.value_each, c, 2) if item.value_each < 1e3 else fmt_money(item.value_each, c),
                     fmt_money(item.cost_per_year, c)))
    sc = a.service_cost
    rows.append(("Customers who left because of service (modelled)", "defection",
                 f"{sc.defections_per_year * sc.service_share:,.0f}", fmt_money(sc.clv, c, 2),
                 fmt_money(sc.per_year, c)))
    body = "".join("<tr>" + "".join(f"<td>{html.escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    total = (f"<tr><td><b>Total</b></td><td></td><td></td><td></td>"
             f"<td><b>{html.escape(fmt_money(a.total_cost_of_poor_service_per_year, c))}</b></td></tr>")
    return ('<table class="cx-table"><thead><tr><th>Item</th><th>Kind</th><th>Events a year</th>'
            f"<th>Cost each</th><th>Cost a year</th></tr></thead><tbody>{body}{total}</tbody></table>")


def poor_service_markdown(a: RetentionAnalysis) -> str:
    c = a.currency
    sc = a.service_cost
    lo, hi = sc.interval
    return (f"{a.defections_per_year:,.0f} customers left in the last year. The exit survey puts "
            f"{sc.service_share:.1%} of them down to service, about {sc.defections_per_year * sc.service_share:,.0f} "
            f"customers; each took the lifetime value of a new customer ({fmt_money(sc.clv, c)}) with them: "
            f"**{fmt_money(sc.per_year, c)} a year** (between {fmt_money(lo, c)} and {fmt_money(hi, c)} "
            "given the survey's sampling error). The other costs are the client's own counts of events "
            "caused by poor service, each at the money it costs.")


def defection_markdown(a: RetentionAnalysis) -> str:
    s = a.split
    lo, hi = s.service_share_interval
    return (f"{s.total:,} departing customers gave a reason. **{s.shares['service']:.0%}** left because of "
            f"service (95% interval {lo:.0%} to {hi:.0%}), {s.shares['price']:.0%} because of price and "
            f"{s.shares['other']:.0%} for other reasons such as coverage or moving. Setting other reasons "
            f"aside, service explains {s.service_of_price_and_service:.0%} of the defections that price or "
            "service could have prevented. Price-driven departures call for offers; service-driven ones for "
            "fixing the experience, which is what the CX programme targets.")


def defection_table_html(a: RetentionAnalysis) -> str:
    rows = "".join(
        f"<tr><td>{html.escape(r.reason)}</td><td>{html.escape(r.category)}</td><td>{r.count:,}</td>"
        f"<td>{r.count / a.split.total:.1%}</td></tr>"
        for r in sorted(a.split.reasons, key=lambda r: -r.count))
    return ('<table class="cx-table"><thead><tr><th>Reason given</th><th>Category</th><th>Answers</th>'
            f"<th>Share</th></tr></thead><tbody>{rows}</tbody></table>")


def roce_markdown(a: RetentionAnalysis) -> str:
    r = a.roce
    p = r.programme
    c = a.currency
    pay = "does not pay back within the horizon" if r.payback_month is None else \
        f"pays back in month {r.payback_month} (month {r.discounted_payback_month or 'n/a'} discounted)"
    return (f"The programme costs {fmt_money(p.investment, c)} up front and {fmt_money(p.running_cost_per_year, c)} "
            f"a year. At full effect, reached after {p.ramp_months} months, it is assumed to lift yearly "
            f"retention by {p.retention_gain_points:g} points (from {p.retention_per_year:.1%}) and to remove "
            f"{p.poor_service_reduction:.0%} of the listed poor-service costs. Over {p.horizon_years} years, "
            f"discounted at {p.discount_rate_per_year:.1%} a year, benefits are worth {fmt_money(r.pv_benefits, c)} "
            f"and costs {fmt_money(r.pv_costs, c)}: **NPV {fmt_money(r.npv, c)}**, IRR {_irr(r.irr_per_year)} a "
            f"year, {r.roi:.0%} return on the money spent. It {pay}. Only today's customers are counted and "
            "nothing after the horizon, so the figures lean to the cautious side.")


def sensitivity_table_html(a: RetentionAnalysis) -> str:
    c = a.currency
    planned = a.roce.programme.retention_gain_points
    rows = []
    for row in a.sensitivity.itertuples():
        pay = "never" if row.payback_month is None or (isinstance(row.payback_month, float)
                                                       and math.isnan(row.payback_month)) else f"month {int(row.payback_month)}"
        mark = " (plan)" if abs(row.retention_gain_points - planned) < 1e-9 else ""
        rows.append(f"<tr><td>{row.retention_gain_points:g}{mark}</td><td>{html.escape(fmt_money(row.npv, c))}</td>"
                    f"<td>{_irr(row.irr_per_year)}</td><td>{row.roi:.0%}</td><td>{pay}</td></tr>")
    return ('<table class="cx-table"><thead><tr><th>Retention gain (points)</th><th>NPV</th><th>IRR a year</th>'
            "<th>Return on spend</th><th>Payback</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def headlines(engagement: Engagement) -> list[Headline]:
    a = analysis(engagement)
    if a is None:
        return []
    c = a.currency
    e = a.economics
    r = a.roce
    return [
        Headline(SECTION, "Customer lifetime value", fmt_money(e.clv, c),
                 f"vs {fmt_money(e.acquisition_cost, c)} to acquire; payback {_payback(e.payback_months)}"),
        Headline(SECTION, "Cost of poor service", fmt_money(a.total_cost_of_poor_service_per_year, c) + " a year",
                 f"of which {fmt_money(a.service_cost.per_year, c)} lifetime value of service-driven defections"),
        Headline(SECTION, "Defections driven by service", f"{a.split.shares['service']:.0%}",
                 f"price {a.split.shares['price']:.0%}, other {a.split.shares['other']:.0%} "
                 f"({a.split.total:,} exit-survey answers)"),
        Headline(SECTION, "Return on CX programme", f"NPV {fmt_money(r.npv, c)}",
                 f"IRR {_irr(r.irr_per_year)} a year over {r.programme.horizon_years} years; "
                 f"+{r.programme.retention_gain_points:g} retention points assumed", assumption=True),
    ]


def assumptions(engagement: Engagement) -> list[Assumption]:
    cfg = engagement.retention
    if cfg is None:
        return []
    p = cfg.programme
    c = cfg.currency
    s = SECTION
    return [
        Assumption(s, "Cohort retention model", "shifted-beta-geometric (sBG), fitted by maximum likelihood",
                   "Fader & Hardie (2007), How to project customer retention, J. Interactive Marketing 21(1)"),
        Assumption(s, "Customer lifetime value", "margin per period x discounted expected lifetime; first "
                   "margin at acquisition, then at the start of each period the customer stays",
                   "Fader & Hardie (2010), Marketing Science 29(1): DEL/DERL"),
        Assumption(s, "Discount rate", f"{cfg.discount_rate_per_year:.1%} a year", "client (cost of capital)"),
        Assumption(s, "Margin per customer", f"{fmt_money(cfg.margin_per_customer_per_period, c, 2)} a "
                   f"{cfg.period}", "client"),
        Assumption(s, "Value of a customer lost to poor service", "lifetime value of a new customer",
                   "cxconsult convention (lost CLV)"),
        Assumption(s, "Service-driven share of defections", "share of exit-survey answers giving a service "
                   "reason; 95% Wilson interval; simultaneous Goodman intervals for the three categories",
                   "client exit survey; Goodman (1965), Technometrics 7(2)"),
        Assumption(s, "CX programme retention gain", f"+{p.retention_gain_points:g} points a year at full "
                   f"effect, linear ramp over {p.ramp_months} months", "scenario agreed with the client"),
        Assumption(s, "CX programme poor-service reduction", f"{p.poor_service_reduction:.0%} of listed costs",
                   "scenario agreed with the client"),
        Assumption(s, "Programme appraisal", f"monthly cash flows over {p.horizon_years} years; today's "
                   "customers only; no value after the horizon; IRR by root-finding on NPV",
                   "cxconsult.retention.economics"),
    ]
