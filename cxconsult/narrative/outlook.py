"""Words and tables for the contact-centre 36-month outlook section, in the client's language.

The numbers come from :mod:`cxconsult.outlook` (projection, targets, what-must-be-true, Monte
Carlo); this module words them through :mod:`cxconsult.i18n` and lays them out as HTML through
:mod:`cxconsult.safe` (names from the engagement file, such as channel and scenario names, are
escaped). Every function that returns report text takes the engagement (for its language and
currency) and returns HTML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from cxconsult.cache import cached
from cxconsult.engagement import Engagement
from cxconsult.i18n import N_, Translator, translator
from cxconsult.narrative import Assumption, Headline, cite_html
from cxconsult.outlook import check_targets, project, simulate
from cxconsult.outlook.levers import LeverFinding
from cxconsult.outlook.model import Assumptions, CSFResult, TargetReport
from cxconsult.outlook.tracking import SHARE_MEASURES, PlanVsActual, plan_vs_actual
from cxconsult.outlook.uncertainty import OutlookFan, UncertainAssumption
from cxconsult.safe import Markup, html, join

SECTION = N_("Contact-centre outlook")

# ------------------------------------------------------------------------------------------------
# Sources (full references) and documented ranges

GARTNER_2019 = N_("Gartner, \u201cGartner Says Only 9% of Customers Report Solving Their Issues "
                  "Completely via Self-Service\u201d, press release, 19 September 2019")
CONVENTION = N_("Contact-centre planning convention (80 % of calls answered in 20 s; occupancy "
                "ceiling 85-90 %; shrinkage commonly 30-35 %); practice, not a single published study")
GARNETT_2002 = N_("Garnett, Mandelbaum & Reiman, \u201cDesigning a call center with impatient "
                  "customers\u201d, Manufacturing & Service Operations Management 4(3):208-227, 2002")
GANS_2003 = N_("Gans, Koole & Mandelbaum, \u201cTelephone call centers: tutorial, review and research "
               "prospects\u201d, Manufacturing & Service Operations Management 5(2):79-141, 2003")
BROWN_2005 = N_("Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn & Zhao, \u201cStatistical analysis of a "
                "telephone call center\u201d, Journal of the American Statistical Association "
                "100(469):36-50, 2005")
SEED_002 = N_("Market view of a 36-month contact-centre plan: N. Calvert, \u201cDefining the ultimate "
              "customer experience for your organisation\u201d, Chinese edition, Tianyunxiang Shenzhen "
              "call-centre outsourcing, 18 April 2022. A planning target, not a client commitment")

#: Ranges the cited sources support, with the source: values outside are flagged where they appear.
DOCUMENTED_RANGES: dict[str, tuple[float, float, str]] = {
    "self_service_leak_back": (0.09, 1.0, GARTNER_2019),
    "shrinkage": (0.30, 0.35, CONVENTION),
    "max_occupancy": (0.85, 0.90, CONVENTION),
}


def outside_documented_range(lever: str, value: float) -> bool:
    """Whether ``value`` lies outside the range the cited sources support for ``lever``."""
    if lever not in DOCUMENTED_RANGES:
        return False
    low, high, _ = DOCUMENTED_RANGES[lever]
    return not (low - 1e-12 <= value <= high + 1e-12)


# ------------------------------------------------------------------------------------------------
# Labels

CSF_NAMES = {
    "revenue": N_("Revenue"), "cost_base": N_("Cost base"), "cost_base_stretch": N_("Cost base (stretch)"),
    "headcount": N_("Headcount"), "self_service_share": N_("Self-service share of transactional contacts"),
    "customers": N_("Customer base"), "contacts": N_("Contact volume"),
    "abandon_rate": N_("Phone calls abandoned"), "digital_share": N_("Digital share of assisted contacts"),
}
#: Short names for chart titles.
CSF_SHORT = {
    "revenue": N_("Revenue"), "cost_base": N_("Cost base"), "cost_base_stretch": N_("Cost base (stretch)"),
    "headcount": N_("Headcount"), "self_service_share": N_("Self-service share"),
    "customers": N_("Customers"), "contacts": N_("Contacts"), "abandon_rate": N_("Abandoned calls"),
    "digital_share": N_("Digital share"),
}
# (label, unit): unit is share, share2 (two decimals), seconds, money, month, number, ratio
LEVERS: dict[str, tuple[str, str]] = {
    "customers": (N_("Customers today"), "number"),
    "customer_growth_monthly": (N_("Customer growth per month"), "share2"),
    "contacts_per_customer_monthly": (N_("Contacts per customer per month"), "ratio"),
    "contacts_per_customer_trend_monthly": (N_("Change in contacts per customer per month"), "share2"),
    "transactional_share": (N_("Transactional share of contacts"), "share"),
    "self_service_baseline": (N_("Self-service adoption today (transactional contacts)"), "share"),
    "self_service_target": (N_("Self-service adoption target"), "share"),
    "adoption_midpoint_month": (N_("Month by which half the adoption gain is reached"), "month"),
    "adoption_steepness": (N_("Speed of adoption (per month)"), "ratio"),
    "self_service_leak_back": (N_("Self-service attempts that still reach an agent"), "share"),
    "self_service_cost_per_contact": (N_("Self-service cost per attempt"), "money2"),
    "self_service_aht_elasticity": (N_("Rise in handling time as self-service takes the easy contacts"), "ratio"),
    "aht_trend_monthly": (N_("Handling-time trend per month"), "share2"),
    "aht_s": (N_("Average handling time of assisted contacts"), "seconds"),
    "digital_share": (N_("Digital share of assisted contacts"), "share"),
    "interval_s": (N_("Planning interval"), "minutes"),
    "service_level_target": (N_("Service level target (share answered in time)"), "share"),
    "answer_s": (N_("Answer time for the service level"), "seconds"),
    "patience_s": (N_("Callers' mean patience before hanging up"), "seconds"),
    "max_abandon": (N_("Most calls that may be abandoned in an interval"), "share"),
    "shrinkage": (N_("Shrinkage (paid time not available for contacts)"), "share"),
    "max_occupancy": (N_("Occupancy ceiling"), "share"),
    "hours_per_fte_per_year": (N_("Paid hours per FTE per year"), "number"),
    "overhead_ratio": (N_("Support staff per agent FTE"), "ratio"),
    "cost_per_fte_per_year": (N_("Cost per FTE per year (fully loaded)"), "money"),
    "wage_inflation_per_year": (N_("Wage inflation per year"), "share2"),
    "technology_cost_monthly": (N_("Technology cost per month"), "money"),
    "other_fixed_cost_monthly": (N_("Other fixed cost per month"), "money"),
    "revenue_per_customer_monthly": (N_("Revenue per customer per month"), "money2"),
    "revenue_per_customer_growth_monthly": (N_("Growth in revenue per customer per month"), "share2"),
    "start_month": (N_("Calendar month of month 0"), "number"),
}
#: Short lever names for chart axes.
LEVER_SHORT = {
    "self_service_target": N_("Self-service adoption"), "self_service_leak_back": N_("Self-service leak-back"),
    "aht_s": N_("Handling time (AHT)"), "customer_growth_monthly": N_("Customer growth"),
    "contacts_per_customer_trend_monthly": N_("Contacts per customer trend"),
    "cost_per_fte_per_year": N_("Cost per FTE"), "revenue_per_customer_growth_monthly": N_("Revenue per customer growth"),
    "shrinkage": N_("Shrinkage"), "technology_cost_monthly": N_("Technology cost"),
    "digital_share": N_("Digital share"),
}
CHANNEL_KIND_NAMES = {"phone": N_("phone"), "chat": N_("chat"), "email": N_("email"),
                      "messaging": N_("messaging")}
DISTRIBUTION_NAMES = {"norm": N_("normal"), "lognorm": N_("log-normal"), "triang": N_("triangular"),
                      "uniform": N_("uniform"), "beta": N_("beta"), "truncnorm": N_("truncated normal")}


def tr_of(engagement: Engagement) -> Translator:
    """The engagement's translator."""
    return translator(getattr(engagement, "language", "en") or "en")


def lever_label(lever: str, tr: Translator | None = None) -> str:
    tr = tr or translator("en")
    return tr._(LEVERS[lever][0]) if lever in LEVERS else lever.replace("_", " ")


def lever_short(tr: Translator) -> dict[str, str]:
    """Short lever names in the client's language (chart axes)."""
    return {k: tr._(v) for k, v in LEVER_SHORT.items()}


def lever_value(lever: str, value: float, tr: Translator | None = None, currency: str = "EUR") -> str:
    """A lever's value as the report shows it (``aht_s`` 349.4 -> ``349 s``)."""
    tr = tr or translator("en")
    unit = LEVERS.get(lever, ("", "ratio"))[1]
    if unit == "share":
        return tr.percent(value, 1)
    if unit == "share2":
        return tr.percent(value, 2)
    if unit == "seconds":
        return tr._("{n} s").format(n=tr.number(value))
    if unit == "minutes":
        return tr._("{n} min").format(n=tr.number(value / 60))
    if unit == "money":
        return tr.money(value, currency, 0)
    if unit == "money2":
        return tr.money(value, currency, 2)
    if unit == "month":
        return tr._("month {n}").format(n=tr.number(value))
    if unit == "number":
        return tr.number(value)
    return tr.number(value, 2)


def csf_name(tr: Translator, name: str) -> str:
    return tr._(CSF_NAMES.get(name, name))


def _level(r: CSFResult) -> bool:
    return r.kind.startswith("level")


def target_text(tr: Translator, r: CSFResult) -> str:
    """The target in words: ``>= +20 %``, ``growing``, ``<= 5.0 %``."""
    if r.kind == "level>=":
        return "\u2265 " + tr.percent(r.target, 0)
    if r.kind == "level<=":
        return "\u2264 " + tr.percent(r.target, 1)
    if r.kind == "change>":
        return tr._("growing") if r.target == 0 else "> " + _signed(tr, r.target, 0)
    sign = "\u2265" if r.kind == "change>=" else "\u2264"
    return f"{sign} {_signed(tr, r.target, 0)}"


def _signed(tr: Translator, share: float, digits: int = 1) -> str:
    text = tr.percent(abs(share), digits)
    return ("+" if share > 0 else "\u2212" if share < 0 else "") + text


def _value(tr: Translator, name: str, value: float, currency: str) -> str:
    if name in ("revenue", "cost_base", "cost_base_stretch"):
        return tr._("{amount} a month").format(amount=tr.compact_money(value, currency, 2))
    if name == "headcount":
        return tr._("{n} FTE").format(n=tr.number(value))
    if name in ("self_service_share", "abandon_rate", "digital_share"):
        return tr.percent(value, 1)
    return tr.number(value)


def _change_or_level(tr: Translator, r: CSFResult) -> str:
    return tr.percent(r.value, 1) if _level(r) else _signed(tr, r.change)


# ------------------------------------------------------------------------------------------------
# Section headings and prose (the notebook displays these; nothing client-facing is in Markdown)

_HEADINGS = {
    "title": N_("Contact-centre 36-month outlook"),
    "csf": N_("Critical success factors"),
    "numbers": N_("The plan in numbers"),
    "channels": N_("Channels"),
    "day": N_("The shape of the week"),
    "wmbt": N_("What must be true"),
    "sensitivity": N_("Which assumptions matter most"),
    "scenarios": N_("Scenarios"),
    "uncertainty": N_("How likely is the plan?"),
    "actuals": N_("Plan versus actual"),
}
_PROSE = {
    "title": N_("Will the contact-centre plan reach its critical success factors within {months} "
                "months? Month by month, channel by channel, and, where it does not, what would have "
                "to be true."),
    "csf": N_("Each factor is judged at month {months} against today (month 0). A factor is on track "
              "when its target holds at that month; the first month met shows how early the plan gets "
              "there. Self-service share counts only contacts fully resolved in self-service: attempts "
              "that come back to an agent still need one."),
    "numbers": N_("Contacts that self-service does not resolve are answered by agents. Every half hour "
                  "of the week is staffed on its own to the service standard, then the month's hours "
                  "become full-time equivalents after shrinkage and support staff."),
    "channels": N_("Each channel has its own volume, handling time, service standard and cost. Phone "
                   "callers may hang up while they wait (Erlang A); a chat agent holds several chats at "
                   "once; emails are answered within their response standard."),
    "day": N_("Contacts do not arrive evenly: the chart shows, for one week of month {month}, the contacts "
              "and the agents each interval needs."),
    "wmbt": N_("For every factor off track: how far one lever alone would have to move for the target "
               "to be met at month {months}. When no plausible value of a single lever is enough, several "
               "must move together."),
    "sensitivity": N_("Each lever is moved 10 % down and up while the others stay at plan; the bars show "
                      "the resulting change in the cost base and in headcount at the target month, largest "
                      "effect on top."),
    "scenarios": N_("The same factors under each scenario of the engagement (off-track values in bold)."),
    "uncertainty": N_("Plans rest on uncertain inputs. The outlook is recomputed for many random draws of "
                      "them; the shaded band holds the middle 80 % of outcomes (P10 to P90) and the line "
                      "the median."),
    "actuals": N_("The plan month by month against {client}'s actuals. A factor is on track when its "
                  "latest actual is no worse than the plan by more than {tolerance} of the plan value "
                  "(one percentage point for shares); ahead or behind by more than that is marked."),
}


def section_html(engagement: Engagement, key: str, *, month: int = 12) -> Markup:
    """A heading and its paragraph (``key`` one of title, csf, numbers, channels, day, wmbt,
    sensitivity, scenarios, uncertainty)."""
    tr = tr_of(engagement)
    months = engagement.outlook.targets.by_month if engagement.outlook else 36
    level = "h1" if key == "title" else "h2"
    return html("<{h}>{t}</{h}><p>{p}</p>", h=Markup(level), t=tr._(_HEADINGS[key]),
                p=tr._(_PROSE[key]).format(months=months, month=month, client=engagement.client,
                                           tolerance=tr.percent(0.01, 0)))


def overview(engagement: Engagement, report: TargetReport, scenario: str = "base") -> Markup:
    """Opening paragraph: the plan, which CSFs it meets by the target month and which it misses."""
    tr = tr_of(engagement)
    a = engagement.outlook.scenario(scenario)
    main = [r for r in report.results if r.name != "cost_base_stretch"]
    on = [r for r in main if r.on_track]
    off = [r for r in main if not r.on_track]
    channels = tr.list([html("{name} ({kind})", name=c.name, kind=tr._(CHANNEL_KIND_NAMES[c.kind]))
                        for c in a.channels])
    plan = (tr._("the base plan") if scenario == "base"
            else html(tr._("the {name} scenario"), name=scenario.replace("_", " ")))
    parts = [html(tr._("{client}'s contact centre serves {customers} customers, who contact it {rate} "
                       "times a year through {channels}. Under {plan}, <strong>{on} of {total}</strong> "
                       "critical success factors are met at month {month}."),
                  client=engagement.client, customers=tr.number(a.customers),
                  rate=tr.number(a.contacts_per_customer_monthly * 12, 1), channels=Markup(channels),
                  plan=plan, on=len(on), total=len(main), month=report.by_month)]
    if off:
        items = [html(tr._("{name}: {value} against {target}"), name=csf_name(tr, r.name),
                      value=_change_or_level(tr, r), target=target_text(tr, r)) for r in off]
        parts.append(html(" " + tr._("Off track: {items}."), items=Markup(tr.list([str(i) for i in items]))))
    stretch = next((r for r in report.results if r.name == "cost_base_stretch"), None)
    if stretch is not None and not stretch.on_track:
        parts.append(html(" " + tr._("The stretch ambition of a {share} lower cost base is out of reach "
                                     "of this plan."), share=tr.percent(abs(stretch.target), 0)))
    return html("<p>{body}</p>", body=join(parts))


#: The Targets field behind each CSF (for where a target comes from).
TARGET_KEYS = {"revenue": "revenue_change", "cost_base": "cost_base_change",
               "cost_base_stretch": "cost_base_stretch", "headcount": "headcount_change",
               "customers": "customers_change", "contacts": "contacts_change"}


def _status(tr: Translator, on: bool) -> Markup:
    return (html('<span class="cx-ok">{t}</span>', t=tr._("on track")) if on
            else html('<span class="cx-off"><b>{t}</b></span>', t=tr._("off track")))


def csf_table_html(report: TargetReport, engagement: Engagement | None = None,
                   currency: str = "EUR", sources: Mapping[str, str] | None = None) -> Markup:
    """The CSF table: month 0, target month, change, target, where the target comes from, status,
    first month met."""
    tr = tr_of(engagement) if engagement is not None else translator("en")
    currency = engagement.currency if engagement is not None else currency
    if sources is None and engagement is not None and engagement.outlook is not None:
        sources = dict(engagement.outlook.target_sources)
    words = {"client": tr._("set by the client"), "market_view": tr._("market view (seed 002)"),
             "default": tr._("cxconsult default (market view)")}
    rows = []
    for r in report.results:
        origin = words[(sources or {}).get(TARGET_KEYS.get(r.name, r.name), "default")]
        rows.append(html("<tr><td>{label}</td><td>{base}</td><td>{value}</td><td>{change}</td>"
                         "<td>{target}</td><td>{origin}</td><td>{status}</td><td>{first}</td></tr>",
                         label=csf_name(tr, r.name), base=_value(tr, r.name, r.baseline, currency),
                         value=_value(tr, r.name, r.value, currency), change=_change_or_level(tr, r),
                         target=target_text(tr, r), origin=origin, status=_status(tr, r.on_track),
                         first=tr._("never") if r.first_month_met is None else str(r.first_month_met)))
    head = html("<tr><th>{a}</th><th>{b}</th><th>{c}</th><th>{d}</th><th>{e}</th><th>{f}</th><th>{g}</th>"
                "<th>{h}</th></tr>", a=tr._("Critical success factor"), b=tr._("Month 0"),
                c=tr._("Month {n}").format(n=report.by_month), d=tr._("Change or level"),
                e=tr._("Target"), f=tr._("Target set by"), g=tr._("Status"), h=tr._("First month met"))
    return html('<table class="cx-table"><thead>{head}</thead><tbody>{rows}</tbody></table>',
                head=head, rows=join(rows))


def monthly_table_html(frame: pd.DataFrame, engagement: Engagement, step: int = 6) -> Markup:
    """Key columns every ``step`` months (and the last month)."""
    tr = tr_of(engagement)
    c = engagement.currency
    months = sorted(set(list(frame.index[::step]) + [frame.index[-1]]))
    cols = [(tr._("Customers"), "customers", lambda v: tr.number(v)),
            (tr._("Contacts a month"), "contacts", lambda v: tr.number(v)),
            (tr._("Self-service share"), "self_service_share", lambda v: tr.percent(v, 1)),
            (tr._("Assisted contacts"), "assisted_contacts", lambda v: tr.number(v)),
            (tr._("Agents in the busiest half hour"), "agents_peak_interval", lambda v: tr.number(v)),
            (tr._("Phone calls abandoned"), "abandon_rate", lambda v: tr.percent(v, 1)),
            (tr._("Headcount (FTE)"), "headcount", lambda v: tr.number(v)),
            (tr._("Cost base a month"), "cost_base", lambda v: tr.compact_money(v, c, 2)),
            (tr._("Revenue a month"), "revenue", lambda v: tr.compact_money(v, c, 1))]
    head = join(html("<th>{h}</th>", h=h) for h, _, _ in cols)
    body = join(html("<tr><td>{m}</td>{cells}</tr>", m=m,
                     cells=join(html("<td>{v}</td>", v=f(frame.loc[m, col])) for _, col, f in cols))
                for m in months)
    return html('<table class="cx-table"><thead><tr><th>{month}</th>{head}</tr></thead><tbody>{body}'
                "</tbody></table>", month=tr._("Month"), head=head, body=body)


def channel_table_html(frame: pd.DataFrame, engagement: Engagement, scenario: str = "base") -> Markup:
    """Per channel at month 0 and the target month: contacts, handling time, standard, agents in
    the busiest interval, FTE and cost a month; the total adds up to the outlook's."""
    tr = tr_of(engagement)
    a = engagement.outlook.scenario(scenario)
    c = engagement.currency
    last = int(frame.index[-1])
    rows = []
    for ch in a.channels:
        if ch.real_time:
            target = ch.service_level_target if ch.service_level_target is not None else a.service_level_target
            answer = ch.answer_s if ch.answer_s is not None else a.answer_s
            standard = tr._("{share} in {seconds} s").format(share=tr.percent(target, 0), seconds=tr.number(answer))
            if ch.kind == "chat" and ch.concurrency > 1:
                k = ch.concurrency
                chats = tr.ngettext("{n} chat at once", "{n} chats at once", int(k)).format(
                    n=tr.number(k, 1 if k % 1 else 0))
                standard = tr._("{standard}; {chats}").format(standard=standard, chats=chats)
        else:
            standard = tr._("answered within {hours} h").format(hours=tr.number(ch.response_window_h, 1 if ch.response_window_h % 1 else 0))
        for m in (0, last):
            rows.append(html("<tr><td>{name}</td><td>{kind}</td><td>{m}</td><td>{contacts}</td><td>{aht}</td>"
                             "<td>{standard}</td><td>{peak}</td><td>{fte}</td><td>{cost}</td></tr>",
                             name=ch.name, kind=tr._(CHANNEL_KIND_NAMES[ch.kind]), m=m,
                             contacts=tr.number(frame.loc[m, f"assisted_{ch.name}"]),
                             aht=lever_value("aht_s", frame.loc[m, f"aht_{ch.name}"], tr),
                             standard=standard, peak=tr.number(frame.loc[m, f"agents_peak_{ch.name}"]),
                             fte=tr.number(frame.loc[m, f"fte_{ch.name}"], 1),
                             cost=tr.compact_money(frame.loc[m, f"cost_{ch.name}"], c, 1)))
    head = html("<tr><th>{a}</th><th>{b}</th><th>{c}</th><th>{d}</th><th>{e}</th><th>{f}</th><th>{g}</th>"
                "<th>{h}</th><th>{i}</th></tr>", a=tr._("Channel"), b=tr._("Kind"), c=tr._("Month"),
                d=tr._("Contacts a month"), e=tr._("Handling time"), f=tr._("Service standard"),
                g=tr._("Agents in the busiest interval"), h=tr._("Agent FTE"), i=tr._("Cost a month"))
    note = html("<p>{t}</p>", t=tr._("Abandoned phone calls: {now} today, {then} at month {m} (staffing "
                                     "per interval with callers' patience). Digital share of assisted "
                                     "contacts: {d0} today, {d1} at month {m}.").format(
        now=tr.percent(frame.loc[0, "abandon_rate"], 1), then=tr.percent(frame.loc[last, "abandon_rate"], 1),
        m=last, d0=tr.percent(frame.loc[0, "digital_share"], 1), d1=tr.percent(frame.loc[last, "digital_share"], 1)))
    return html('<table class="cx-table"><thead>{head}</thead><tbody>{rows}</tbody></table>{note}',
                head=head, rows=join(rows), note=note)


def what_must_be_true_html(findings: Sequence[LeverFinding], assumptions: Assumptions,
                           engagement: Engagement) -> Markup:
    """For each off-track CSF: what one lever alone would have to reach, or that it cannot; values
    outside the range the cited sources support are flagged."""
    tr = tr_of(engagement)
    c = engagement.currency
    if not findings:
        return html("<p>{t}</p>", t=tr._("Every critical success factor is met by the plan: nothing more "
                                         "has to be true."))
    by_target: dict[str, list[LeverFinding]] = {}
    for f in findings:
        by_target.setdefault(f.target, []).append(f)
    blocks = [html("<p>{t}</p>", t=tr._("Each line moves one lever and holds the rest of the plan; levels "
                                        "are the value needed by month {m}, reached gradually from "
                                        "today's.").format(m=assumptions.plan_month))]
    for target, items in by_target.items():
        lines = []
        for f in items:
            label = lever_label(f.lever, tr)
            if f.solution is None:
                lines.append(html("<li>" + tr._("{label}: {value}") + "</li>", label=label,
                                  value=tr._("no plausible value meets it on its own.")))
                continue
            s = f.solution
            word = tr._("at least {value}") if s.direction == "raise" else tr._("at most {value}")
            item = html("<li>" + tr._("{label}: {value}") + " ({plan})</li>", label=label,
                        value=html("<strong>{v}</strong>", v=word.format(value=lever_value(f.lever, s.value, tr, c))),
                        plan=tr._("plan: {value}").format(value=lever_value(f.lever, s.current_value, tr, c)))
            if outside_documented_range(f.lever, s.value):
                low, high, source = DOCUMENTED_RANGES[f.lever]
                item = html("{item}<li class=\"cx-flag\">{t}</li>", item=item,
                            t=html(tr._("Outside the documented range ({low} to {high}; {source}): treat as "
                                        "unproven."), low=tr.percent(low, 0), high=tr.percent(high, 0),
                                   source=cite_html(tr._(source))))
            lines.append(item)
        blocks.append(html("<p><strong>{name}</strong></p><ul>{lines}</ul>", name=csf_name(tr, target),
                           lines=join(lines)))
    return join(blocks)


def scenario_table_html(reports: Mapping[str, TargetReport], engagement: Engagement) -> Markup:
    """Scenarios side by side: each CSF's change (or level) at the target month, off track in bold."""
    tr = tr_of(engagement)
    names = list(reports)
    first = reports[names[0]]
    head = join(html("<th>{n}</th>", n=tr._("base") if n == "base" else n.replace("_", " ")) for n in names)
    rows = []
    for r in first.results:
        cells = []
        for n in names:
            x = reports[n][r.name]
            text = _change_or_level(tr, x)
            cells.append(html("<td>{t}</td>", t=text) if x.on_track
                         else html('<td class="cx-off"><b>{t}</b></td>', t=text))
        rows.append(html("<tr><td>{label}</td><td>{target}</td>{cells}</tr>", label=csf_name(tr, r.name),
                         target=target_text(tr, r), cells=join(cells)))
    return html('<table class="cx-table"><thead><tr><th>{a}</th><th>{b}</th>{head}</tr></thead>'
                "<tbody>{rows}</tbody></table>", a=tr._("Critical success factor"), b=tr._("Target"),
                head=head, rows=join(rows))


def describe_distribution(u: UncertainAssumption, tr: Translator, currency: str = "EUR") -> str:
    """A drawn input in plain words: ``triangular: 80 % of draws between 412 s and 500 s, median
    447 s`` (never a code name)."""
    dist = u.distribution()
    p10, p50, p90 = (float(dist.ppf(q)) for q in (0.1, 0.5, 0.9))
    return tr._("{kind}: 80 % of draws between {low} and {high}, median {mid}").format(
        kind=tr._(DISTRIBUTION_NAMES[u.dist]), low=lever_value(u.name, p10, tr, currency),
        high=lever_value(u.name, p90, tr, currency), mid=lever_value(u.name, p50, tr, currency))


def uncertainty_html(fan: OutlookFan, engagement: Engagement) -> Markup:
    """What the Monte Carlo says: the chance of each target, and what was treated as uncertain."""
    tr = tr_of(engagement)
    spec = tr.list([lever_label(u.name, tr) for u in fan.uncertain]) or tr._("nothing")
    intro = html("<p>{t}</p>", t=tr._("The plan's uncertain inputs ({inputs}) were drawn {n} times from the "
                                      "ranges in the engagement file and the whole outlook recomputed each "
                                      "time. The chance that each target is met at month {m}:").format(
        inputs=spec, n=tr.number(fan.n_paths), m=fan.targets.by_month))
    items = []
    kinds = {rule[0]: rule[2] for rule in fan.targets.rules()}
    for name, p in fan.probability_met.items():
        q = fan.metric_bands.loc[name]
        level = kinds.get(name, "").startswith("level")
        low = tr.percent(q.iloc[0], 1) if level else _signed(tr, q.iloc[0])
        high = tr.percent(q.iloc[-1], 1) if level else _signed(tr, q.iloc[-1])
        items.append(html("<li>{name}: <strong>{p}</strong> ({band})</li>", name=csf_name(tr, name),
                          p=tr.percent(p, 0), band=tr._("P10 to P90: {low} to {high}").format(low=low, high=high)))
    return html("{intro}<ul>{items}</ul>", intro=intro, items=join(items))


def projection(engagement: Engagement, scenario: str = "base") -> tuple[pd.DataFrame, TargetReport]:
    """The scenario's month-by-month frame and its CSF report (computed once per report run)."""
    cfg = engagement.outlook
    a = cfg.scenario(scenario)

    def compute() -> tuple[pd.DataFrame, TargetReport]:
        frame = project(a, months=cfg.targets.by_month)
        return frame, check_targets(frame, cfg.targets)

    return cached(engagement, f"outlook.project:{scenario}", compute)


def monte_carlo(engagement: Engagement, scenario: str = "base", n_paths: int = 0) -> OutlookFan:
    """The Monte Carlo of the scenario's uncertain inputs (``n_paths`` 0: the engagement's setting),
    computed once per report run and shared by the executive summary and the outlook section."""
    cfg = engagement.outlook
    n = int(n_paths or cfg.n_paths)
    a = cfg.scenario(scenario)
    return cached(engagement, f"outlook.simulate:{scenario}:{n}:{cfg.seed}",
                  lambda: simulate(a, cfg.uncertainty, cfg.targets, n_paths=n, seed=cfg.seed))


def _results(engagement: Engagement, scenario: str = "base"):
    cfg = engagement.outlook
    frame, report = projection(engagement, scenario)
    return cfg, cfg.scenario(scenario), frame, report


def headlines(engagement: Engagement) -> list[Headline]:
    """Executive-summary figures: CSFs on track, cost base and headcount change, abandonment, chance
    of the cost target."""
    if engagement.outlook is None:
        return []
    tr = tr_of(engagement)
    section = tr._(SECTION)
    cfg, a, frame, report = _results(engagement)
    main = [r for r in report.results if r.name != "cost_base_stretch"]
    off = [csf_name(tr, r.name) for r in main if not r.on_track]
    cost, heads = report["cost_base"], report["headcount"]
    c = engagement.currency
    out = [
        Headline(section, tr._("Critical success factors met at month {m}").format(m=report.by_month),
                 tr._("{on} of {total}").format(on=sum(r.on_track for r in main), total=len(main)),
                 tr._("Off track: {items}").format(items=tr.list(off)) if off
                 else tr._("All targets met by the base plan")),
        Headline(section, tr._("Cost base change"), _signed(tr, cost.change),
                 tr._("target {target}; {before} to {after} a month").format(
                     target=target_text(tr, cost), before=tr.compact_money(cost.baseline, c, 2),
                     after=tr.compact_money(cost.value, c, 2))),
        Headline(section, tr._("Headcount change"), _signed(tr, heads.change),
                 tr._("target {target}; {before} to {after} FTE").format(
                     target=target_text(tr, heads), before=tr.number(heads.baseline), after=tr.number(heads.value))),
    ]
    if frame["abandoned_calls"].iloc[-1] > 0:
        out.append(Headline(section, tr._("Phone calls abandoned at month {m}").format(m=report.by_month),
                            tr.percent(frame["abandon_rate"].iloc[-1], 1),
                            tr._("staffing per half hour with callers' patience (Erlang A)")))
    tracked = tracking(engagement)
    if tracked is not None:
        behind = [csf_name(tr, x.name) for x in tracked.behind]
        out.append(Headline(section, tr._("Critical success factors on track against the plan ({month})").format(
                                month=_month_name(tr, tracked, tracked.latest_month)),
                            tr._("{on} of {total}").format(on=len(tracked.csfs) - len(behind), total=len(tracked.csfs)),
                            tr._("Behind plan: {items}.").format(items=tr.list(behind)) if behind
                            else tr._("None behind plan")))
    if cfg.uncertainty:
        fan = monte_carlo(engagement)
        out.append(Headline(section, tr._("Chance of the cost target"), tr.percent(fan.probability_met["cost_base"], 0),
                            tr.ngettext("{n} simulated plan over the uncertain inputs",
                                        "{n} simulated plans over the uncertain inputs",
                                        fan.n_paths).format(n=tr.number(fan.n_paths))))
    return out


def _source(tr: Translator, name: str, given: set[str], client: str) -> str:
    file_word = tr._("{client}'s engagement file (outlook.yaml)").format(client=client)
    if name in given:
        base = file_word
    elif name in ("service_level_target", "answer_s", "shrinkage", "max_occupancy"):
        return tr._("Assumption (cxconsult default): {source}").format(source=tr._(CONVENTION))
    elif name == "self_service_leak_back":
        return tr._("Assumption (cxconsult default): {source}").format(source=tr._(GARTNER_2019))
    elif name == "self_service_aht_elasticity":
        return tr._("Assumption (cxconsult default, no published source): replace with the client's "
                    "handling times before and after automation")
    else:
        return tr._("Assumption (cxconsult illustrative default): replace with client data")
    if name == "self_service_leak_back":
        return f"{base}; {tr._(GARTNER_2019)}"
    if name in ("shrinkage", "max_occupancy", "service_level_target", "answer_s"):
        return f"{base}; {tr._(CONVENTION)}"
    return base


def assumptions(engagement: Engagement) -> list[Assumption]:
    """Every outlook assumption with its value and where it comes from (appendix), in plain words
    and full references; values outside their documented range are flagged."""
    cfg = engagement.outlook
    if cfg is None:
        return []
    tr = tr_of(engagement)
    section = tr._(SECTION)
    a, c = cfg.assumptions, engagement.currency
    given = set(cfg.given)
    out = []
    for name in LEVERS:
        if name in ("aht_s", "digital_share"):
            continue
        value = float(getattr(a, name))
        if name == "patience_s" and value == 0:
            shown = tr._("not modelled (nobody hangs up: Erlang C)")
        elif name == "max_abandon" and value >= 1:
            shown = tr._("no cap")
        else:
            shown = lever_value(name, value, tr, c)
        source = _source(tr, name, given, engagement.client)
        if outside_documented_range(name, value):
            low, high, _ = DOCUMENTED_RANGES[name]
            source += " " + tr._("(outside the documented range {low} to {high})").format(
                low=tr.percent(low, 0), high=tr.percent(high, 0))
        out.append(Assumption(section, lever_label(name, tr), shown, source))
    file_word = tr._("{client}'s engagement file (outlook.yaml)").format(client=engagement.client)
    for ch in a.channels:
        out.append(Assumption(section, tr._("Channel {name} ({kind})").format(name=ch.name, kind=tr._(CHANNEL_KIND_NAMES[ch.kind])),
                              tr._("{share} of assisted contacts, {aht} each").format(
                                  share=tr.percent(ch.share, 0), aht=lever_value("aht_s", ch.aht_s, tr)),
                              file_word if "channels" in given else
                              tr._("Assumption (cxconsult illustrative default): replace with client data")))
    profile = a.weekly_profile
    out.append(Assumption(section, tr._("Contacts by interval over the week"),
                          tr.ngettext("{n} interval a day", "{n} intervals a day",
                                      profile.intervals_per_day).format(n=profile.intervals_per_day),
                          file_word if profile.source == "engagement" else
                          tr._("Assumption (cxconsult default week, two daily peaks): {source}").format(source=tr._(BROWN_2005))))
    for name, value in a.planned:
        out.append(Assumption(section, tr._("Planned by month {m}: {lever}").format(m=a.plan_month, lever=lever_label(name, tr)),
                              lever_value(name, value, tr, c), file_word))
    words = {"client": tr._("Set by {client}").format(client=engagement.client),
             "market_view": tr._(SEED_002), "default": tr._("cxconsult default: {source}").format(source=tr._(SEED_002))}
    report = projection(engagement)[1]
    sources = dict(cfg.target_sources)
    for r in report.results:
        key = TARGET_KEYS.get(r.name, r.name)
        out.append(Assumption(section, tr._("Target: {name}").format(name=csf_name(tr, r.name)),
                              tr._("{target} by month {m}").format(target=target_text(tr, r), m=report.by_month),
                              words[sources.get(key, "default")]))
    tracked = tracking(engagement)
    if tracked is not None:
        n = int(tracked.table["month"].nunique())
        out.append(Assumption(section, tr._("Actuals compared with the plan"),
                              tr.ngettext("{n} month of actuals", "{n} months of actuals", n).format(n=n),
                              tr._("{client}'s monthly actuals (outlook section); plan month 1 is {month}").format(
                                  client=engagement.client, month=_month_name(tr, tracked, 1))))
    out.append(Assumption(section, tr._("Staffing method"),
                          tr._("Every interval of the week staffed to its standard: phone with Erlang A "
                               "(callers who hang up) or Erlang C, chat on chat slots, email within its "
                               "response time; hours to FTE after shrinkage"),
                          f"{tr._(GARNETT_2002)}; {tr._(GANS_2003)}"))
    for u in cfg.uncertainty:
        out.append(Assumption(section, tr._("Uncertain: {lever}").format(lever=lever_label(u.name, tr)),
                              describe_distribution(u, tr, c),
                              tr._("{client}'s engagement file (outlook.yaml), Monte Carlo").format(client=engagement.client)))
    return out


# ------------------------------------------------------------------------------------------------
# Plan versus actual

TRACKING_STATUS = {"ahead": N_("ahead of plan"), "on_plan": N_("on plan"), "behind": N_("behind plan")}


def tracking(engagement: Engagement, scenario: str = "base") -> PlanVsActual | None:
    """Plan versus actual for the scenario's plan, or None when the engagement has no actuals."""
    cfg = engagement.outlook
    if cfg is None or cfg.actuals is None:
        return None
    frame, _ = projection(engagement, scenario)
    return plan_vs_actual(frame, cfg.actuals, cfg.targets, first_month=cfg.first_month)


def _month_name(tr: Translator, result: PlanVsActual, month: int) -> str:
    import datetime as dt

    period = pd.Period(result.first_month, freq="M") + (int(month) - 1)
    return tr.month_year(dt.date(period.year, period.month, 1))


def _measure(tr: Translator, name: str, value: float, currency: str) -> str:
    if name in ("revenue", "cost_base"):
        return tr.compact_money(value, currency, 2)
    if name == "headcount":
        return tr._("{n} FTE").format(n=tr.number(value, 1))
    if name in SHARE_MEASURES:
        return tr.percent(value, 1)
    return tr.number(value)


def _variance(tr: Translator, name: str, variance: float, share: float, currency: str) -> str:
    """``+2.0 pts`` for shares; ``−15.7 k€ (−2.3 %)`` for money; ``+1,541 (+1.4 %)`` for counts."""
    if name in SHARE_MEASURES:
        return tr._("{n} pts").format(n=_signed_number(tr, variance * 100, 1))
    if name in ("revenue", "cost_base"):
        amount = ("+" if variance > 0 else "\u2212" if variance < 0 else "") + tr.compact_money(abs(variance), currency, 1)
    elif name == "headcount":
        amount = tr._("{n} FTE").format(n=_signed_number(tr, variance, 1))
    else:
        amount = _signed_number(tr, variance, 0)
    return f"{amount} ({_signed(tr, share)})"


def _signed_number(tr: Translator, value: float, digits: int) -> str:
    text = tr.number(abs(value), digits)
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + text


def _tracking_status(tr: Translator, status: str) -> Markup:
    cls = {"ahead": "cx-ok", "on_plan": "cx-ok", "behind": "cx-off"}[status]
    text = tr._(TRACKING_STATUS[status])
    return (html('<span class="{c}"><b>{t}</b></span>', c=cls, t=text) if status == "behind"
            else html('<span class="{c}">{t}</span>', c=cls, t=text))


def plan_vs_actual_html(result: PlanVsActual, engagement: Engagement) -> Markup:
    """Heading, what the comparison means, one sentence on where the plan stands (numbers next to
    their labels) and the table at each factor's latest actual: plan, actual, variance, status."""
    tr = tr_of(engagement)
    c = engagement.currency
    latest = _month_name(tr, result, result.latest_month)
    on = [x for x in result.csfs if x.on_track]
    behind = [x for x in result.csfs if not x.on_track]
    ahead = [x for x in result.csfs if x.status == "ahead"]
    parts = [html(tr._("Actuals from {first} to {last}: <strong>{on} of {total}</strong> critical success "
                       "factors are on track against the plan."),
                  first=_month_name(tr, result, int(result.table["month"].min())), last=latest,
                  on=len(on), total=len(result.csfs))]

    def items(rows) -> Markup:
        return Markup(tr.list([str(html(tr._("{name}: {actual} against a plan of {plan} ({gap})"),
                                        name=csf_name(tr, x.name), actual=_measure(tr, x.name, x.actual, c),
                                        plan=_measure(tr, x.name, x.plan, c),
                                        gap=(tr._("{n} pts").format(n=_signed_number(tr, x.variance * 100, 1))
                                             if x.share else _signed(tr, x.variance_share))))
                               for x in rows]))

    if behind:
        parts.append(html(" " + tr._("Behind plan: {items}."), items=items(behind)))
    if ahead:
        parts.append(html(" " + tr._("Ahead of plan: {items}."), items=items(ahead)))
    rows = [html("<tr><td>{label}</td><td>{month}</td><td>{plan}</td><td>{actual}</td><td>{gap}</td>"
                 "<td>{status}</td></tr>", label=csf_name(tr, x.name),
                 month=_month_name(tr, result, x.latest_month), plan=_measure(tr, x.name, x.plan, c),
                 actual=_measure(tr, x.name, x.actual, c),
                 gap=_variance(tr, x.name, x.variance, x.variance_share, c),
                 status=_tracking_status(tr, x.status)) for x in result.csfs]
    head = html("<tr><th>{a}</th><th>{b}</th><th>{c}</th><th>{d}</th><th>{e}</th><th>{f}</th></tr>",
                a=tr._("Critical success factor"), b=tr._("Latest actual"), c=tr._("Plan"), d=tr._("Actual"),
                e=tr._("Variance"), f=tr._("Status"))
    return html('{section}<p>{summary}</p><table class="cx-table"><thead>{head}</thead><tbody>{rows}</tbody>'
                "</table>", section=section_html(engagement, "actuals"), summary=join(parts), head=head,
                rows=join(rows))


def plan_vs_actual_table_html(result: PlanVsActual, engagement: Engagement) -> Markup:
    """Month by month, factor by factor: plan, actual and variance (unfavourable variances in bold)."""
    tr = tr_of(engagement)
    c = engagement.currency
    body = []
    for x in result.csfs:
        rows = result.table[result.table["csf"] == x.name]
        for i, row in enumerate(rows.itertuples(index=False)):
            gap = _variance(tr, x.name, row.variance, row.variance_share, c)
            name = (html('<td rowspan="{n}">{label}</td>', n=len(rows), label=csf_name(tr, x.name)) if i == 0
                    else Markup(""))
            body.append(html("<tr>{name}<td>{month}</td><td>{plan}</td><td>{actual}</td>{gap}</tr>", name=name,
                             month=_month_name(tr, result, row.month), plan=_measure(tr, x.name, row.plan, c),
                             actual=_measure(tr, x.name, row.actual, c),
                             gap=html("<td>{g}</td>", g=gap) if row.favourable or row.variance == 0
                             else html('<td class="cx-off"><b>{g}</b></td>', g=gap)))
    head = html("<tr><th>{a}</th><th>{b}</th><th>{c}</th><th>{d}</th><th>{e}</th></tr>",
                a=tr._("Critical success factor"), b=tr._("Month"), c=tr._("Plan"), d=tr._("Actual"),
                e=tr._("Variance"))
    return html('<table class="cx-table"><thead>{head}</thead><tbody>{body}</tbody></table>', head=head,
                body=join(body))


def intraday_frame(engagement: Engagement, month: int = 12, scenario: str = "base") -> pd.DataFrame:
    """One week of ``month``: contacts and agents per interval, per channel (for the chart)."""
    from cxconsult.outlook.model import interval_staffing

    return interval_staffing(engagement.outlook.scenario(scenario), month)


def chart_words(engagement: Engagement | None = None, language: str = "en") -> dict[str, str]:
    """Chart titles, axes and legends in the client's language (the plots module draws them)."""
    tr = tr_of(engagement) if engagement is not None else translator(language)
    return {
        "month": tr._("Month"), "change": tr._("% change vs month 0"), "level": tr._("% of the base"),
        "on_track": tr._("on track"), "off_track": tr._("off track"), "target": tr._("target"),
        "lever_lower": tr._("lever lower"), "lever_higher": tr._("lever higher"),
        "at_target": tr._("{csf} at the target month"), "p_met": tr._("{csf}: chance of the target at month {m}: {p}"),
        "per_month": tr._("per month"), "fte": tr._("FTE"), "contacts": tr._("contacts"),
        "agents": tr._("agents"), "week": tr._("Interval of the week (Monday first)"),
        "plan": tr._("plan"), "actual": tr._("actual"),
        **{f"status:{k}": tr._(v) for k, v in TRACKING_STATUS.items()},
        "week_title": tr._("Contacts and agents by interval, one week of month {m}"),
        "days": ", ".join(tr._(d) for d in (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
                                             N_("Sat"), N_("Sun"))),
        **{f"csf:{k}": tr._(v) for k, v in CSF_SHORT.items()},
        **{f"lever:{k}": tr._(v) for k, v in LEVER_SHORT.items()},
        "_language": tr.language,
    }


def percent_formatter(engagement: Engagement):
    """A callable formatting a share as the client reads it (chart ticks)."""
    tr = tr_of(engagement)
    return lambda v: tr.percent(v, 0)


def money_formatter(engagement: Engagement):
    tr = tr_of(engagement)
    return lambda v: tr.compact_money(v, engagement.currency, 1)


__all__ = ["SECTION", "section_html", "overview", "csf_table_html", "monthly_table_html",
           "channel_table_html", "what_must_be_true_html", "scenario_table_html", "uncertainty_html",
           "headlines", "assumptions", "lever_label", "lever_value", "lever_short", "chart_words",
           "describe_distribution", "outside_documented_range", "DOCUMENTED_RANGES", "intraday_frame",
           "tr_of", "projection", "monte_carlo", "tracking", "plan_vs_actual_html", "plan_vs_actual_table_html"]
