"""Words and tables for the contact-centre 36-month outlook section of the report.

The numbers come from :mod:`cxconsult.outlook` (projection, targets, what-must-be-true, Monte
Carlo); this module only words them and lays them out.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from cxconsult.engagement import Engagement
from cxconsult.narrative import Headline, fmt_money
from cxconsult.outlook import check_targets, project, simulate
from cxconsult.outlook.levers import LeverFinding
from cxconsult.outlook.model import Assumptions, TargetReport
from cxconsult.outlook.uncertainty import OutlookFan

SECTION = "Contact-centre outlook"


def _pct(v: float, digits: int = 0) -> str:
    return f"{v:.{digits}%}"


def _signed(v: float, digits: int = 1) -> str:
    return f"{v:+.{digits}%}"


# How each lever reads in client language, and how its value is shown (currency filled in later).
_LEVERS: dict[str, tuple[str, Callable[[float, str], str]]] = {
    "self_service_target": ("self-service adoption target (share of transactional contacts starting "
                            "in self-service)", lambda v, c: _pct(v, 1)),
    "self_service_leak_back": ("share of self-service attempts that still reach an agent",
                               lambda v, c: _pct(v, 1)),
    "aht_s": ("average handling time of assisted contacts", lambda v, c: f"{v:.0f} s"),
    "shrinkage": ("shrinkage (paid time not available for contacts)", lambda v, c: _pct(v, 1)),
    "cost_per_fte_per_year": ("cost per FTE per year, in today's money",
                              lambda v, c: fmt_money(v, c)),
    "technology_cost_monthly": ("technology cost per month", lambda v, c: fmt_money(v, c)),
    "customer_growth_monthly": ("customer growth per month", lambda v, c: _pct(v, 2)),
    "revenue_per_customer_growth_monthly": ("growth in revenue per customer per month",
                                            lambda v, c: _pct(v, 2)),
    "contacts_per_customer_trend_monthly": ("change in contacts per customer per month",
                                            lambda v, c: _pct(v, 2)),
}

_CSF_UNITS: dict[str, str] = {"revenue": "money", "cost_base": "money", "cost_base_stretch": "money",
                              "headcount": "fte", "self_service_share": "share",
                              "customers": "count", "contacts": "count"}


def _value(name: str, value: float, currency: str) -> str:
    unit = _CSF_UNITS.get(name, "count")
    if unit == "money":
        return fmt_money(value, currency) + " /month"
    if unit == "fte":
        return f"{value:,.0f} FTE"
    if unit == "share":
        return _pct(value, 1)
    return f"{value:,.0f}"


def lever_value(lever: str, value: float, currency: str = "EUR") -> str:
    """A lever's value as the report shows it (``aht_s`` 349.4 -> ``349 s``)."""
    return _LEVERS[lever][1](value, currency) if lever in _LEVERS else f"{value:.4g}"


#: Short lever names for chart axes.
LEVER_SHORT: dict[str, str] = {
    "self_service_target": "Self-service adoption", "self_service_leak_back": "Self-service leak-back",
    "aht_s": "Handling time (AHT)", "customer_growth_monthly": "Customer growth",
    "contacts_per_customer_trend_monthly": "Contacts per customer trend",
    "cost_per_fte_per_year": "Cost per FTE", "revenue_per_customer_growth_monthly": "Revenue per customer growth",
    "shrinkage": "Shrinkage", "technology_cost_monthly": "Technology cost",
}


def lever_label(lever: str) -> str:
    return _LEVERS.get(lever, (lever.replace("_", " "), None))[0]


def overview(engagement: Engagement, report: TargetReport, scenario: str = "base") -> str:
    """Opening paragraph: the plan, which CSFs it meets by the target month and which it misses."""
    cfg = engagement.outlook
    a = cfg.scenario(scenario)
    on = [r for r in report.results if r.on_track and r.name != "cost_base_stretch"]
    off = [r for r in report.results if not r.on_track and r.name != "cost_base_stretch"]
    plan = "the base plan" if scenario == "base" else f"the **{scenario.replace('_', ' ')}** scenario"
    text = (f"{engagement.client}'s contact centre serves {a.customers:,.0f} customers, who contact it "
            f"{a.contacts_per_customer_monthly * 12:.1f} times a year. The outlook projects, month by month "
            f"over {report.by_month} months, the customer base, contact volume, the share of simple "
            "transactions resolved in self-service, the agents needed to answer the rest to the service "
            f"level ({a.service_level_target:.0%} in {a.answer_s:.0f} s), the cost base and revenue. "
            f"Under {plan}, **{len(on)} of {len(on) + len(off)}** critical success factors are met at "
            f"month {report.by_month}.")
    if off:
        missed = "; ".join(f"{r.label.lower()} {_signed(r.change) if r.kind != 'level>=' else _pct(r.value, 1)}"
                           f" against {r.target_text()}" for r in off)
        text += f" Off track: {missed}."
    stretch = next((r for r in report.results if r.name == "cost_base_stretch"), None)
    if stretch is not None and not stretch.on_track:
        text += f" The stretch ambition of a {abs(stretch.target):.0%} lower cost base is out of reach of this plan."
    return text


def csf_table_html(report: TargetReport, currency: str = "EUR") -> str:
    """The CSF table: month 0, target month, change, target, status, first month met."""
    rows = []
    for r in report.results:
        status = ('<span class="cx-ok">on track</span>' if r.on_track
                  else '<span class="cx-off"><b>off track</b></span>')
        first = "" if r.first_month_met is None else str(r.first_month_met)
        change = _pct(r.value, 1) if r.kind == "level>=" else _signed(r.change)
        rows.append(f"<tr><td>{html.escape(r.label)}</td><td>{_value(r.name, r.baseline, currency)}</td>"
                    f"<td>{_value(r.name, r.value, currency)}</td><td>{change}</td>"
                    f"<td>{html.escape(r.target_text())}</td><td>{status}</td><td>{first or 'never'}</td></tr>")
    return ('<table class="cx-table"><thead><tr><th>Critical success factor</th><th>Month 0</th>'
            f"<th>Month {report.by_month}</th><th>Change / level</th><th>Target</th><th>Status</th>"
            "<th>First month met</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def monthly_table_html(frame: pd.DataFrame, currency: str = "EUR", step: int = 6) -> str:
    """Key columns every ``step`` months (and the last month)."""
    months = sorted(set(list(frame.index[::step]) + [frame.index[-1]]))
    cols = [("Customers", "customers", lambda v: f"{v:,.0f}"),
            ("Contacts /month", "contacts", lambda v: f"{v:,.0f}"),
            ("Self-service share", "self_service_share", lambda v: _pct(v, 1)),
            ("Assisted contacts", "assisted_contacts", lambda v: f"{v:,.0f}"),
            ("Agents (busy half hour)", "agents_busy_interval", lambda v: f"{v:,.0f}"),
            ("Headcount (FTE)", "headcount", lambda v: f"{v:,.0f}"),
            ("Cost base /month", "cost_base", lambda v: fmt_money(v, currency, 2)),
            ("Revenue /month", "revenue", lambda v: fmt_money(v, currency, 1))]
    head = "".join(f"<th>{h}</th>" for h, _, _ in cols)
    body = "".join("<tr><td>" + str(m) + "</td>" + "".join(f"<td>{f(frame.loc[m, c])}</td>" for _, c, f in cols)
                   + "</tr>" for m in months)
    return f'<table class="cx-table"><thead><tr><th>Month</th>{head}</tr></thead><tbody>{body}</tbody></table>'


def what_must_be_true_markdown(findings: Sequence[LeverFinding], assumptions: Assumptions,
                               currency: str = "EUR") -> str:
    """For each off-track CSF: what one lever alone would have to reach, or that it cannot."""
    if not findings:
        return "Every critical success factor is met by the plan: nothing more has to be true."
    by_target: dict[str, list[LeverFinding]] = {}
    for f in findings:
        by_target.setdefault(f.target, []).append(f)
    from cxconsult.outlook.model import CSF_LABELS

    lines = [f"Each line moves **one** lever and holds the rest of the plan; levels are the value "
             f"needed by month {assumptions.plan_month}, reached gradually from today's."]
    for target, items in by_target.items():
        lines.append("")
        lines.append(f"**{CSF_LABELS.get(target, target)}**")
        lines.append("")
        for f in items:
            label = lever_label(f.lever)
            if f.solution is None:
                lines.append(f"- {label}: no plausible value meets it on its own.")
                continue
            s = f.solution
            word = "at least" if s.direction == "raise" else "at most"
            now = lever_value(f.lever, s.current_value, currency)
            lines.append(f"- {label}: {word} **{lever_value(f.lever, s.value, currency)}** (plan: {now})")
    return "\n".join(lines)


def scenario_table_html(reports: Mapping[str, TargetReport]) -> str:
    """Scenarios side by side: each CSF's change (or level) at the target month, off track in bold."""
    names = list(reports)
    first = reports[names[0]]
    head = "".join(f"<th>{html.escape(n.replace('_', ' '))}</th>" for n in names)
    rows = []
    for r in first.results:
        cells = []
        for n in names:
            x = reports[n][r.name]
            text = _pct(x.value, 1) if x.kind == "level>=" else _signed(x.change)
            cells.append(f"<td>{text}</td>" if x.on_track else f'<td class="cx-off"><b>{text}</b></td>')
        rows.append(f"<tr><td>{html.escape(r.label)}</td><td>{html.escape(r.target_text())}</td>{''.join(cells)}</tr>")
    return ('<table class="cx-table"><thead><tr><th>Critical success factor</th><th>Target</th>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def uncertainty_markdown(fan: OutlookFan) -> str:
    """What the Monte Carlo says: the chance of each target, and what was treated as uncertain."""
    from cxconsult.outlook.model import CSF_LABELS

    spec = ", ".join(lever_label(u.name) for u in fan.uncertain) or "nothing"
    lines = [f"The plan's uncertain inputs ({spec}) were drawn {fan.n_paths:,} times from the ranges in "
             "the engagement file and the whole outlook recomputed each time. The chance that each "
             f"target is met at month {fan.targets.by_month}:", ""]
    for name, p in fan.probability_met.items():
        q = fan.metric_bands.loc[name]
        level = name == "self_service_share"
        rng = (f"{_pct(q.iloc[0], 1)} to {_pct(q.iloc[-1], 1)}" if level
               else f"{_signed(q.iloc[0])} to {_signed(q.iloc[-1])}")
        lines.append(f"- {CSF_LABELS.get(name, name)}: **{p:.0%}** (P10-P90 {rng})")
    return "\n".join(lines)


def _results(engagement: Engagement, scenario: str = "base"):
    cfg = engagement.outlook
    a = cfg.scenario(scenario)
    frame = project(a, months=cfg.targets.by_month)
    return cfg, a, frame, check_targets(frame, cfg.targets)


def headlines(engagement: Engagement) -> list[Headline]:
    """Executive-summary figures: CSFs on track, cost base and headcount change, chance of the cost target."""
    if engagement.outlook is None:
        return []
    cfg, a, frame, report = _results(engagement)
    main = [r for r in report.results if r.name != "cost_base_stretch"]
    off = [r.label for r in main if not r.on_track]
    cost, heads = report["cost_base"], report["headcount"]
    out = [
        Headline(SECTION, f"CSFs met at month {report.by_month}", f"{sum(r.on_track for r in main)} of {len(main)}",
                 ("Off track: " + ", ".join(off)) if off else "All targets met by the base plan"),
        Headline(SECTION, "Cost base change", _signed(cost.change),
                 f"target {cost.target_text()}; {fmt_money(cost.baseline, engagement.currency)} -> "
                 f"{fmt_money(cost.value, engagement.currency)} a month"),
        Headline(SECTION, "Headcount change", _signed(heads.change),
                 f"target {heads.target_text()}; {heads.baseline:,.0f} -> {heads.value:,.0f} FTE"),
    ]
    if cfg.uncertainty:
        fan = simulate(a, cfg.uncertainty, cfg.targets, n_paths=cfg.n_paths, seed=cfg.seed)
        out.append(Headline(SECTION, "Chance of the cost target", f"{fan.probability_met['cost_base']:.0%}",
                            f"{fan.n_paths:,} simulated plans over the uncertain inputs"))
    return out


# Sources of the assumptions (defaults and literature); anything else comes from the engagement file.
_SOURCES: dict[str, str] = {
    "service_level_target": "Convention: 80 % of contacts answered within 20 s (CX-FACTS.md)",
    "answer_s": "Convention: 80 % of contacts answered within 20 s (CX-FACTS.md)",
    "shrinkage": "Common range 30-35 % (CX-FACTS.md)",
    "max_occupancy": "Common occupancy ceiling 85-90 % (CX-FACTS.md)",
    "self_service_leak_back": "Planning assumption; Gartner (2019): only 9 % of customers fully resolve "
                              "an issue in self-service (all issue types)",
}

_LABELS: dict[str, tuple[str, Callable[[float, str], str]]] = {
    "customers": ("Customers today", lambda v, c: f"{v:,.0f}"),
    "customer_growth_monthly": ("Customer growth per month", lambda v, c: _pct(v, 2)),
    "contacts_per_customer_monthly": ("Contacts per customer per year", lambda v, c: f"{v * 12:.1f}"),
    "contacts_per_customer_trend_monthly": ("Change in contacts per customer per month", lambda v, c: _pct(v, 2)),
    "transactional_share": ("Transactional share of contacts", lambda v, c: _pct(v)),
    "self_service_baseline": ("Self-service adoption today (transactional)", lambda v, c: _pct(v)),
    "self_service_target": ("Self-service adoption target", lambda v, c: _pct(v)),
    "adoption_midpoint_month": ("Adoption S-curve midpoint", lambda v, c: f"month {v:.0f}"),
    "adoption_steepness": ("Adoption S-curve steepness", lambda v, c: f"{v:.2f} per month"),
    "self_service_leak_back": ("Self-service leak-back to agents", lambda v, c: _pct(v)),
    "aht_trend_monthly": ("Handling-time trend per month", lambda v, c: _pct(v, 2)),
    "open_days_per_month": ("Open days per month", lambda v, c: f"{v:.1f}"),
    "busy_interval_share": ("Share of a day's contacts in the busiest interval", lambda v, c: _pct(v, 1)),
    "interval_s": ("Planning interval", lambda v, c: f"{v / 60:.0f} min"),
    "service_level_target": ("Service level target", lambda v, c: _pct(v)),
    "answer_s": ("Answer time for the service level", lambda v, c: f"{v:.0f} s"),
    "shrinkage": ("Shrinkage", lambda v, c: _pct(v)),
    "max_occupancy": ("Occupancy ceiling", lambda v, c: _pct(v)),
    "hours_per_fte_per_year": ("Paid hours per FTE per year", lambda v, c: f"{v:,.0f}"),
    "overhead_ratio": ("Support staff per agent FTE", lambda v, c: f"{v:.2f}"),
    "cost_per_fte_per_year": ("Cost per FTE per year (fully loaded)", lambda v, c: fmt_money(v, c)),
    "wage_inflation_per_year": ("Wage inflation per year", lambda v, c: _pct(v, 1)),
    "technology_cost_monthly": ("Technology cost per month", lambda v, c: fmt_money(v, c)),
    "self_service_cost_per_contact": ("Self-service cost per attempt", lambda v, c: f"{c} {v:.2f}"),
    "other_fixed_cost_monthly": ("Other fixed cost per month", lambda v, c: fmt_money(v, c)),
    "revenue_per_customer_monthly": ("Revenue per customer per month", lambda v, c: f"{c} {v:.2f}"),
    "revenue_per_customer_growth_monthly": ("Growth in revenue per customer per month", lambda v, c: _pct(v, 2)),
}


def assumptions(engagement: Engagement):
    """Every outlook assumption with its value and where it comes from (appendix)."""
    from cxconsult.narrative import Assumption

    cfg = engagement.outlook
    if cfg is None:
        return []
    a, c = cfg.assumptions, engagement.currency
    given = set(cfg.given)
    out = []
    for name, (label, fmt) in _LABELS.items():
        value = fmt(getattr(a, name), c)
        if name in _SOURCES and name not in given:
            source = _SOURCES[name] + " (cxconsult default)"
        elif name in given:
            source = "Engagement file (outlook.yaml)" + (f"; {_SOURCES[name]}" if name in _SOURCES else "")
        else:
            source = "cxconsult illustrative default: replace with client data"
        out.append(Assumption(SECTION, label, value, source))
    channels = ", ".join(f"{ch.name} {ch.share:.0%} at {ch.aht_s:.0f} s" + ("" if ch.real_time else " (deferred)")
                         for ch in a.channels)
    out.append(Assumption(SECTION, "Assisted channels (share, handling time)", channels,
                          "Engagement file (outlook.yaml)" if "channels" in given else
                          "cxconsult illustrative default: replace with client data"))
    for name, value in a.planned:
        out.append(Assumption(SECTION, f"Planned by month {a.plan_month}: {lever_label(name)}",
                              lever_value(name, value, c), "Engagement file (outlook.yaml), plan"))
    t = cfg.targets
    out.append(Assumption(SECTION, "Targets (critical success factors)",
                          f"revenue {t.revenue_change:+.0%}, cost base {t.cost_base_change:+.0%} "
                          f"(stretch {t.cost_base_stretch:+.0%}), headcount {t.headcount_change:+.0%}, "
                          f"self-service {t.self_service_share:.0%}, by month {t.by_month}",
                          "Client's CSF table (36-month outlook)"))
    out.append(Assumption(SECTION, "Staffing method",
                          "Erlang C at the busiest interval; workload / occupancy / (1 - shrinkage)",
                          "Gans, Koole & Mandelbaum, MSOM 5(2), 2003; cxconsult.outlook.model"))
    for u in cfg.uncertainty:
        params = ", ".join(f"{k}={v:g}" for k, v in u.params)
        out.append(Assumption(SECTION, f"Uncertain: {lever_label(u.name)}", f"{u.dist}({params})",
                              "Engagement file (outlook.yaml), Monte Carlo"))
    return out
