"""Words and tables for the service-profit-chain section of the report.

:func:`analyse` runs the models on an engagement's ``service_profit_chain`` section (chain fit,
the section's what-if scenario, customer metrics, perception gap); the other functions only word
and lay out those results. ``headlines`` and ``assumptions`` feed the executive summary and appendix.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from cxconsult.metrics import MetricEstimate, ces, csat, nps_ci
from cxconsult.narrative import Headline, fmt_money
from cxconsult.sections.spc import SpcConfig
from cxconsult.spc import (STAGE_LABELS, ChainResult, PerceptionGap, WhatIfResult, perception_gap,
                           what_if)

SECTION = "Service-profit chain"
_AGREE_WORDS = {"nps": "promoters (9-10 of 10)", "csat": "satisfied (4-5 of 5)",
                "ces": "agreeing the company made it easy (5-7 of 7)"}


@dataclass(frozen=True, eq=False)
class ChainAnalysis:
    """Everything the section shows, computed once by :func:`analyse`."""

    config: SpcConfig
    fit: ChainResult
    scenario: WhatIfResult
    metrics: tuple[MetricEstimate, ...]
    gap: PerceptionGap | None
    currency: str


def analyse(engagement, engagement_points: float | None = None, csat_points: float | None = None) -> ChainAnalysis:
    """Fit the chain on the engagement's unit data and run its what-if scenario (section defaults)."""
    config: SpcConfig = engagement.spc
    currency = getattr(engagement, "currency", None) or config.currency
    fit = config.chain().fit(config.frame).result_
    inputs = {**config.what_if_inputs(), "currency": currency}
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
    return ChainAnalysis(config, fit, scenario, tuple(metrics), gap, currency)


def _num(value: float) -> str:
    """Readable signed number: 3 significant figures."""
    return f"{value:+.3g}"


def _moves(scenario: WhatIfResult) -> str:
    return " and ".join(f"{points:+g} points of {STAGE_LABELS.get(stage, stage).lower()}"
                        for stage, points in scenario.shifts) or "no change"


def overview(engagement, analysis: ChainAnalysis) -> str:
    """Opening paragraph: what the chain is, the data, how many links hold, the overall effect."""
    fit, config = analysis.fit, analysis.config
    with_data = [link for link in fit.links if not link.assumed]
    supported = [link for link in with_data if link.verdict == "supported"]
    ind = fit.indirect
    periods = f"{config.periods[0]} to {config.periods[-1]}" if config.periods else ""
    text = (f"The service-profit chain (Heskett et al., *Harvard Business Review*, 1994) says that how well "
            f"an organisation serves its own staff drives their engagement and retention, which drives the "
            f"service customers receive, their satisfaction and loyalty, and in the end revenue and profit. "
            f"We tested each link on {engagement.client}'s own data: **{fit.n_units} {config.unit_column}s "
            f"over {fit.n_periods} {config.period_column}s** ({periods}). "
            f"**{len(supported)} of {len(with_data)} links** estimated from the data are supported "
            f"(their {fit.confidence:.0%} interval lies above zero).")
    assumed = [link for link in fit.links if link.assumed]
    if assumed:
        text += (f" {len(assumed)} link(s) had no data and use a published figure instead, marked "
                 f"*assumption* below.")
    text += (f"\n\nCarried through the whole chain, one more point of {STAGE_LABELS.get(ind.cause, ind.cause).lower()} "
             f"goes with **{_num(ind.value)} {ind.unit.split(' per ')[0]}** "
             f"({fit.confidence:.0%} interval {_num(ind.low)} to {_num(ind.high)}). "
             "These are associations across teams over time, read along the direction the chain proposes; "
             "they are evidence for the chain in this business, not proof of cause.")
    return text


def links_table_html(analysis: ChainAnalysis) -> str:
    """One row per link: effect of one point, interval, standardised strength, verdict."""
    rows = []
    for link in analysis.fit.links:
        badge = ' <span class="cx-badge">assumption</span>' if link.assumed else ""
        interval = "" if link.assumed else f"{_num(link.low)} to {_num(link.high)}"
        strength = "" if link.assumed else f"{link.standardised:.2f}"
        verdict = html.escape(link.verdict) + (f"<br><small>{html.escape(link.source)}</small>" if link.assumed else "")
        rows.append(f"<tr><td>{html.escape(link.name)}{badge}</td><td>{_num(link.coefficient)} "
                    f"{html.escape(link.unit)}</td><td>{interval}</td><td>{strength}</td><td>{verdict}</td></tr>")
    ind = analysis.fit.indirect
    rows.append(f"<tr><td><b>{html.escape(STAGE_LABELS.get(ind.cause, ind.cause))} -> "
                f"{html.escape(STAGE_LABELS.get(ind.effect, ind.effect))} (whole chain)</b></td>"
                f"<td><b>{_num(ind.value)} {html.escape(ind.unit)}</b></td>"
                f"<td>{_num(ind.low)} to {_num(ind.high)}</td><td></td><td>{html.escape(ind.verdict)}</td></tr>")
    return ('<table class="cx-table"><thead><tr><th>Link</th><th>Effect of one more point</th>'
            f"<th>{analysis.fit.confidence:.0%} interval</th><th>Strength (SD per SD)</th><th>Verdict</th>"
            "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def how_to_read() -> str:
    """A short guide to the chain diagram and the table."""
    return ("Each arrow is one link. Its label gives the strength in standard deviations (how many SDs the "
            "next stage moves when this one moves by one SD), with the effect of one more point in brackets. "
            "Solid green arrows are supported by the data; dashed grey arrows are either not supported "
            "(the interval spans zero) or taken from the literature (*assumption*).")


def what_if_markdown(analysis: ChainAnalysis) -> str:
    """The scenario in words: customers kept, revenue and profit a year, with intervals."""
    s, cur = analysis.scenario, analysis.currency
    parts = [f"If {_moves(s)} were achieved across the teams and sustained for a year, the chain carries "
             "the change through every later stage:"]
    kept = s.amount("customers_kept_per_year")
    value = s.amount("value_of_customers_kept_per_year")
    revenue = s.amount("extra_revenue_per_year")
    profit = s.amount("extra_profit_per_year")
    if kept:
        parts.append(f"- about **{kept.value:,.0f} more customers kept a year** ({kept.low:,.0f} to "
                     f"{kept.high:,.0f})" + (f", worth **{fmt_money(value.value, cur)}** at "
                                             f"{fmt_money(analysis.config.value_per_customer, cur)} per customer"
                                             if value else ""))
    if revenue:
        parts.append(f"- **{fmt_money(revenue.value, cur)} more revenue a year** ({fmt_money(revenue.low, cur)} "
                     f"to {fmt_money(revenue.high, cur)})")
    if profit:
        parts.append(f"- **{fmt_money(profit.value, cur)} more profit a year** ({fmt_money(profit.low, cur)} to "
                     f"{fmt_money(profit.high, cur)}) at a {analysis.config.margin:.0%} margin")
    if value and revenue:
        parts.append("\nThe value of customers kept (over their lifetime when the value per customer is a "
                     "lifetime value) and the year's extra revenue overlap, since kept customers are part of "
                     "revenue growth: do not add them.")
    parts.append(f"\nIntervals ({s.confidence:.0%}) come from re-running the arithmetic on every bootstrap "
                 "resample of teams, so they carry the uncertainty of every link at once.")
    return "\n".join(parts)


def what_if_table_html(analysis: ChainAnalysis) -> str:
    """Every stage's change under the scenario, with its interval."""
    rows = "".join(f"<tr><td>{html.escape(STAGE_LABELS.get(c.stage, c.stage))}</td><td>{_num(c.change)} "
                   f"{html.escape(c.unit)}</td><td>{_num(c.low)} to {_num(c.high)}</td></tr>"
                   for c in analysis.scenario.changes)
    return ('<table class="cx-table"><thead><tr><th>Stage</th><th>Change</th>'
            f"<th>{analysis.scenario.confidence:.0%} interval</th></tr></thead><tbody>{rows}</tbody></table>")


def metrics_table_html(analysis: ChainAnalysis) -> str:
    """NPS, CSAT and CES of the customer survey with intervals."""
    notes = {"NPS": "% promoters (9-10) minus % detractors (0-6); Reichheld 2003",
             "CSAT": "% answering 4 or 5 of 5; Wilson interval",
             "CES": "mean agreement (1-7) that the company made it easy; CES 2.0"}
    rows = "".join(f"<tr><td>{m.metric}</td><td>{m.value:.1f} {html.escape(m.unit)}</td>"
                   f"<td>{m.low:.1f} to {m.high:.1f}</td><td>{m.n:,}</td><td>{html.escape(notes[m.metric])}</td></tr>"
                   for m in analysis.metrics)
    level = f"{analysis.config.confidence:.0%}"
    return ('<table class="cx-table"><thead><tr><th>Metric</th><th>Value</th>'
            f"<th>{level} interval</th><th>Answers</th><th>Definition</th></tr></thead><tbody>{rows}</tbody></table>")


def perception_markdown(engagement, analysis: ChainAnalysis) -> str:
    """The perception gap in words, with Bain (2005) as context."""
    gap = analysis.gap
    if gap is None:
        return "No internal rating was given, so the perception gap is not shown."
    measure = analysis.config.perception.measure
    return (f"{engagement.client}'s leadership rates the experience it delivers **{gap.internal_view:.0f} out of "
            f"100**; **{gap.customer_view:.0f}%** of {gap.n:,} surveyed customers are "
            f"{_AGREE_WORDS[measure]} ({gap.confidence:.0%} interval {gap.customer_low:.0f}-"
            f"{gap.customer_high:.0f}%). The gap is **{gap.gap:.0f} points** ({gap.gap_low:.0f} to "
            f"{gap.gap_high:.0f}). For comparison, Bain & Company (2005) found that 80% of 362 firms believed they "
            "delivered a superior experience while 8% of their customers agreed.")


def context_markdown(analysis: ChainAnalysis) -> str:
    """Published findings quoted as context (not used in any number above)."""
    lines = ["Published findings, for context only (none of them enters the numbers above unless a link "
             "is marked *assumption*):", ""]
    lines += [f"- {line}" for line in analysis.config.context]
    return "\n".join(lines)


def headlines(engagement) -> list[Headline]:
    """2-4 figures for the executive summary."""
    if getattr(engagement, "spc", None) is None:
        return []
    a = analyse(engagement)
    ind = a.fit.indirect
    assumed = bool(ind.assumed_links)
    with_data = [link for link in a.fit.links if not link.assumed]
    supported = sum(link.verdict == "supported" for link in with_data)
    out = [Headline(SECTION, "Chain links supported by the data", f"{supported} of {len(with_data)}",
                    f"{a.fit.n_units} teams x {a.fit.n_periods} periods", assumed)]
    moves = _moves(a.scenario)
    profit = a.scenario.amount("extra_profit_per_year")
    if profit:
        out.append(Headline(SECTION, f"Profit a year from {moves}", fmt_money(profit.value, a.currency),
                            f"{a.fit.confidence:.0%} interval {fmt_money(profit.low, a.currency)} to "
                            f"{fmt_money(profit.high, a.currency)}", assumed))
    kept = a.scenario.amount("customers_kept_per_year")
    if kept:
        out.append(Headline(SECTION, f"Customers kept a year from {moves}", f"{kept.value:,.0f}",
                            f"{kept.low:,.0f} to {kept.high:,.0f}", assumed))
    if a.gap is not None:
        out.append(Headline(SECTION, "Perception gap", f"{a.gap.gap:.0f} points",
                            f"we say {a.gap.internal_view:.0f}/100; {a.gap.customer_view:.0f}% of customers agree"))
    return out


def assumptions(engagement) -> list:
    """Every method choice, client figure and literature default behind the section, with its source."""
    from cxconsult.narrative import Assumption

    config: SpcConfig | None = getattr(engagement, "spc", None)
    if config is None:
        return []
    cur = getattr(engagement, "currency", None) or config.currency
    method = ("OLS per link" + (", period fixed effects" if config.period_effects else "")
              + (", standard errors clustered by unit" if config.cluster_by_unit else ", classical standard errors"))
    out = [
        Assumption(SECTION, "Chain", " -> ".join(STAGE_LABELS.get(s, s) for s in config.stages),
                   "Heskett, Jones, Loveman, Sasser & Schlesinger, HBR 72(2):164-174, 1994"),
        Assumption(SECTION, "Link estimation", method,
                   "cxconsult.spc; clustered errors as in Cameron & Miller, J. Human Resources 50(2), 2015"),
        Assumption(SECTION, "Intervals", f"{config.confidence:.0%}; cluster bootstrap, {config.n_boot:,} "
                   f"resamples of units, seed {config.seed}", config.units_file + " / spc section"),
    ]
    defaults = {(d.cause, d.effect): d for d in config.defaults}
    for cause, effect in config.assumed_links:
        d = defaults[(cause, effect)]
        out.append(Assumption(SECTION, f"Link {STAGE_LABELS.get(cause, cause)} -> {STAGE_LABELS.get(effect, effect)}",
                              f"{d.coefficient:+.3g} {d.unit} (no client data)",
                              d.source + (f"; {d.note}" if d.note else "")))
    moves = []
    if config.engagement_points:
        moves.append(f"{config.engagement_points:+g} engagement points")
    if config.csat_points:
        moves.append(f"{config.csat_points:+g} CSAT points")
    out.append(Assumption(SECTION, "What-if scenario", (" and ".join(moves) or "none")
                          + ", sustained for a year; links linear and additive", "spc section (what_if)"))
    for name, value in (("Customer base", f"{config.customers:,.0f}" if config.customers else None),
                        ("Revenue a year", fmt_money(config.revenue_per_year, cur) if config.revenue_per_year else None),
                        ("Margin on extra revenue", f"{config.margin:.0%}" if config.margin is not None else None),
                        ("Value per customer kept", fmt_money(config.value_per_customer, cur)
                         if config.value_per_customer is not None else None)):
        if value is not None:
            out.append(Assumption(SECTION, name, value, "client figure (spc section, what_if)"))
    p = config.perception
    if p is not None:
        out.append(Assumption(SECTION, "Customer metrics", "NPS: % 9-10 minus % 0-6; CSAT: % 4-5 of 5; "
                              "CES 2.0: mean of 1-7", "Reichheld, HBR 2003; Dixon et al., HBR 2010 and 2013"))
        if p.internal_view is not None:
            out.append(Assumption(SECTION, "Perception gap", f"internal view {p.internal_view:.0f}/100 against "
                                  f"customers {_AGREE_WORDS[p.measure]}",
                                  "client rating (spc section); Bain & Company, 'Closing the delivery gap', 2005"))
    return out
