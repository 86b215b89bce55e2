"""Words and tables of the complaints section, in the client's language.

Numbers come from :func:`cxconsult.complaints.analyse_complaints`; this module words them. Every value
from the client's files (channels, teams, root causes, categories, outcomes, file names) goes through
:mod:`cxconsult.safe`. Every block ends with a "Source:" line naming the complaint log export, its date
and its number of cases.

Times are survival times: a case still open on the export date is counted for as long as it was seen
open (it took at least that long) rather than dropped, so shares within the standard, medians and 90th
percentiles are Kaplan-Meier estimates; the report says so in plain words.
"""

from __future__ import annotations

import importlib.util
import math
from typing import Any

import pandas as pd

from cxconsult import safe
from cxconsult.cache import cached
from cxconsult.complaints import RESOLVED_STEPS, ComplaintsAnalysis, analyse_complaints
from cxconsult.engagement import Engagement
from cxconsult.i18n import N_, Translator, translator
from cxconsult.narrative import Assumption, Headline, reference

__all__ = ["HEADINGS", "SECTION", "analysis", "assumptions", "business_hours_text", "channel_label",
           "closed_loop_html", "cost_html", "fcr_html", "has_scorecard", "heading", "headlines", "hours",
           "main_category", "measure_label", "overview_html", "pareto_html", "recovered", "retention_line",
           "scorecard_html", "source_html", "source_text", "step_label", "times_html", "translator", "vital_few",
           "yearly_cost"]

SECTION = N_("Complaints and the closed loop")
HEADINGS = {
    "title": N_("Complaints and the closed loop"),
    "times": N_("Response and resolution times against the standards"),
    "fcr": N_("Resolved at first contact, and customers who come back"),
    "pareto": N_("Root causes of complaints"),
    "scorecard": N_("How teams handle complaints: the RESOLVED scorecard"),
    "loop": N_("Closing the loop with unhappy customers"),
    "cost": N_("What complaints cost"),
}
# Short, common words (channel names, table headers) are looked up with pgettext in the context
# "complaints", so another part of cxconsult may translate the same English word differently.
REF_KAPLAN_MEIER_1958 = reference(
    "Kaplan, E. L. & Meier, P. (1958). Nonparametric estimation from incomplete observations. "
    "Journal of the American Statistical Association 53(282):457-481.")
REF_BARNES_KELLEHER_2015 = reference(
    "Barnes, C. & Kelleher, B. (2015). Customer Experience For Dummies. Hoboken, NJ: Wiley.")
REF_JURAN = reference("Juran, J. M. (1951). Quality Control Handbook. New York: McGraw-Hill.")
#: The name of the retention section's cost-of-poor-service line that holds the cost of complaints
#: (``cxconsult.sections.retention.COMPLAINTS_ITEM``), marked here so the catalogs translate it.
RETENTION_LINE = N_("Complaints handled (complaint log: handling time and compensation)")
#: The "vital few" root causes: the fewest that together make up this share of cases.
VITAL_FEW_SHARE = 0.8


# -- the analysis ------------------------------------------------------------------------------------
def _reviews(engagement: Engagement) -> pd.DataFrame | None:
    """The case reviews saved by the case-review app, when that app's store exists and has any."""
    if importlib.util.find_spec("cxconsult.complaints_store") is None:
        return None
    if not (engagement.path / "responses.db").exists():
        return None
    import sqlite3

    from cxconsult.complaints_store import ComplaintsStore
    from cxconsult.store import StoreUnavailable

    try:
        reviews = ComplaintsStore(engagement.path).reviews(not_applicable=True)
    except (OSError, sqlite3.Error, StoreUnavailable):  # unreadable store: the checklist columns alone
        return None
    return reviews if reviews is not None and len(reviews) else None


def analysis(engagement: Engagement) -> ComplaintsAnalysis | None:
    """The engagement's complaints analysis (None when it has no complaints section)."""
    section = engagement.complaints
    if section is None:
        return None
    return cached(engagement, "complaints.analysis",  # one analysis per report run (summary and section)
                  lambda: analyse_complaints(section, reviews=_reviews(engagement), feedback=engagement.feedback))


def _tr(engagement: Engagement) -> Translator:
    return translator(engagement.language)


def heading(engagement: Engagement, key: str, level: int = 2) -> safe.Markup:
    """A translated heading (``key`` of :data:`HEADINGS`)."""
    return safe.html(f'<h{level} class="cx-heading">{{text}}</h{level}>', text=_tr(engagement)._(HEADINGS[key]))


# -- small formats -----------------------------------------------------------------------------------
def channel_label(tr: Translator, channel: str) -> str:
    """Our channel id in the client's language; a channel we do not know is shown as the export spells it."""
    labels = {"all": tr.pgettext("complaints", "All channels"), "phone": tr.pgettext("complaints", "Phone"),
              "email": tr.pgettext("complaints", "E-mail"), "chat": tr.pgettext("complaints", "Chat"),
              "social": tr.pgettext("complaints", "Social media"), "letter": tr.pgettext("complaints", "Letter"),
              "store": tr.pgettext("complaints", "Store"), "web": tr.pgettext("complaints", "Web form"),
              "app": tr.pgettext("complaints", "App"), "other": tr.pgettext("complaints", "Other channel")}
    return labels.get(channel, str(channel))


def measure_label(tr: Translator, measure: str) -> str:
    """"First response" or "Resolution" in the client's language."""
    labels = {"first_response": tr.pgettext("complaints", "First response"),
              "resolution": tr.pgettext("complaints", "Resolution")}
    return labels.get(measure, measure)


def step_label(tr: Translator, key: str) -> str:
    """A RESOLVED step (``"R"``, ``"E2"``...) as "R · Respond to the person" in the client's language."""
    labels = dict(RESOLVED_STEPS)
    letter = key[0]
    return f"{letter} · {tr._(labels[key])}" if key in labels else str(key)


def hours(tr: Translator, value: float) -> str:
    """A duration in hours on the section's clock: "0.4 h", "3.5 h", "72 h"; "–" when unknown.

    Always hours, never days: 72 business hours are six working days, not three days.
    """
    if value is None or not math.isfinite(value):
        return "–"
    return tr.pgettext("complaints", "{hours} h").format(hours=tr.number(value, 1 if value < 10 else 0))


def _clock_word(tr: Translator, section: Any) -> str:
    clock = _field(section.standards, "clock", "business")
    if clock == "business":
        return tr.pgettext("complaints", "business hours")
    return tr.pgettext("complaints", "calendar hours")


def _date(tr: Translator, value: Any, timezone: str = "UTC") -> str:
    """A UTC time as the date it was in the export's time zone."""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(timezone)
    return tr.date(stamp.date())


def _not_given(tr: Translator, value: Any) -> str:
    """A client value; a blank (the model's "unspecified") reads "not given" in the client's language."""
    text = str(value)
    return tr.pgettext("complaints", "not given") if text in ("", "unspecified") else text


def source_text(engagement: Engagement, a: Any) -> str:
    """"the complaint log export (complaints.csv) of 15 November 2026, 1,240 cases" in the client's language."""
    tr = _tr(engagement)
    s = engagement.complaints
    files = ", ".join(str(f) for f in (getattr(s, "files", ()) or ()))
    n = len(s.cases)
    return tr.ngettext("the complaint log export ({files}) of {date}, {n} case",
                       "the complaint log export ({files}) of {date}, {n} cases", n).format(
        files=files, date=_date(tr, s.export_date, s.timezone), n=tr.number(n))


def source_html(engagement: Engagement, a: Any) -> safe.Markup:
    """The "Source:" line under each block of the section."""
    tr = _tr(engagement)
    return safe.html('<p class="cx-source">{label} {source}</p>', label=tr._("Source:"),
                     source=source_text(engagement, a))


def _table(headers: list[str], rows: list[list[Any]], cls: str = "cx-table") -> safe.Markup:
    head = safe.join(safe.html("<th>{h}</th>", h=h) for h in headers)
    body = safe.join(safe.html("<tr>{cells}</tr>", cells=safe.join(safe.html("<td>{c}</td>", c=c) for c in row))
                     for row in rows)
    return safe.html('<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>',
                     cls=cls, head=head, body=body)


def _bold(text: str) -> safe.Markup:
    return safe.html("<b>{t}</b>", t=text)


# -- the blocks --------------------------------------------------------------------------------------
def overview_html(engagement: Engagement, a: Any) -> safe.Markup:
    """How many complaints over which dates, how many still open on the export date."""
    tr = _tr(engagement)
    sec = engagement.complaints
    cases = sec.cases
    n, still_open = len(cases), int(cases["open"].sum())
    first, last = cases["opened"].min(), cases["opened"].max()
    text = tr.ngettext("{n} complaint was opened between {first} and {last}.",
                       "{n} complaints were opened between {first} and {last}.", n).format(
        n=tr.number(n), first=_date(tr, first, sec.timezone), last=_date(tr, last, sec.timezone))
    opened = tr.ngettext("{k} of them was still open when the log was exported on {date}.",
                         "{k} of them were still open when the log was exported on {date}.", still_open).format(
        k=tr.number(still_open), date=_date(tr, sec.export_date, sec.timezone))
    return safe.html("<p>{text} {opened}</p>{source}", text=text, opened=opened, source=source_html(engagement, a))


def _times_of(a: Any, measure: str) -> list[Any]:
    rows = [t for t in a.times if t.measure == measure]
    return sorted(rows, key=lambda t: (t.channel == "all", -t.n))


def times_html(engagement: Engagement, a: Any) -> safe.Markup:
    """Per measure, a table by channel: the standard, the share within it, the median and 90th percentile,
    with a plain-words note on open cases; a sentence on the channel furthest from its standard."""
    tr = _tr(engagement)
    clock = _clock_word(tr, engagement.complaints)
    parts = [safe.html("<p>{text}</p>", text=tr._(
        "Each channel is measured against the client's own standard, in {clock}. Cases still open on the export "
        "date are not left out and not counted as finished: each counts for as long as it was seen open, which "
        "tells us it took at least that long. Leaving them out would make times look shorter than they are.").format(
        clock=clock))]
    for measure in ("first_response", "resolution"):
        rows_of = _times_of(a, measure)
        if not rows_of:
            continue
        rows = []
        for t in rows_of:
            label = channel_label(tr, t.channel)
            rows.append([_bold(label) if t.channel == "all" else label, tr.number(t.n), tr.number(t.n_open),
                         hours(tr, t.standard_h) if math.isfinite(t.standard_h) or t.channel != "all"
                         else tr.pgettext("complaints", "each channel's own"),
                         _bold(tr.percent(t.share_within, 0)) if math.isfinite(t.share_within) else "–",
                         hours(tr, t.median_h),
                         hours(tr, t.p90_h) if math.isfinite(t.p90_h) else tr.pgettext("complaints", "not reached")])
        parts.append(safe.html("<h3>{title}</h3>", title=measure_label(tr, measure)))
        parts.append(_table([tr._("Channel"), tr.pgettext("complaints", "Cases"),
                             tr.pgettext("complaints", "Still open"), tr.pgettext("complaints", "Standard"),
                             tr._("Share within standard"), tr.pgettext("complaints", "Median"),
                             tr.pgettext("complaints", "90th percentile")], rows,
                            "cx-table cx-complaints-times"))
        channels = [t for t in rows_of if t.channel != "all" and math.isfinite(t.share_within)]
        if channels:
            worst = min(channels, key=lambda t: t.share_within)
            parts.append(safe.html("<p>{text}</p>", text=tr._(
                "{measure}: {channel} is furthest from its standard of {standard}: {share} of cases within it.").format(
                measure=measure_label(tr, measure), channel=channel_label(tr, worst.channel),
                standard=hours(tr, worst.standard_h), share=tr.percent(worst.share_within, 0))))
    if any(not math.isfinite(t.p90_h) for t in a.times):
        parts.append(safe.html('<p class="cx-note">{text}</p>', text=tr._(
            "“Not reached” means that more than one case in ten was still open beyond the longest time seen, "
            "so the 90th percentile is not known yet.")))
    parts.append(source_html(engagement, a))
    return safe.join(parts)


def fcr_html(engagement: Engagement, a: Any) -> safe.Markup:
    """First-contact resolution and recontacts, in words."""
    tr = _tr(engagement)
    text = tr._("{fcr} of closed complaints were resolved at the first contact: solved by the first reply, with "
                "no need for the customer to come back. {recontact} of all complaints brought the customer back at "
                "least once about the same problem.").format(fcr=tr.percent(a.fcr, 0),
                                                             recontact=tr.percent(a.recontact_rate, 0))
    return safe.html("<p>{text}</p>{source}", text=text, source=source_html(engagement, a))


def vital_few(pareto: pd.DataFrame, share: float = VITAL_FEW_SHARE) -> int:
    """How many root causes, largest first, make up ``share`` of cases (at least one)."""
    if pareto is None or not len(pareto):
        return 0
    reached = (pareto["cumulative_share"].to_numpy() >= share - 1e-9).nonzero()[0]
    return int(reached[0]) + 1 if len(reached) else len(pareto)


def main_category(cases: pd.DataFrame) -> dict[str, str]:
    """Each root cause's most frequent category in the log (ties: alphabetical); blanks read "unspecified"
    as in the model's Pareto."""
    if not len(cases) or "category" not in cases.columns:
        return {}
    frame = pd.DataFrame({"root_cause": cases["root_cause"].replace("", "unspecified"),
                          "category": cases["category"].astype(str)})
    counts = frame.groupby(["root_cause", "category"]).size().reset_index(name="n")
    counts = counts.sort_values(["root_cause", "n", "category"], ascending=[True, False, True], kind="stable")
    return dict(counts.drop_duplicates("root_cause")[["root_cause", "category"]].itertuples(index=False))


def pareto_html(engagement: Engagement, a: Any) -> safe.Markup:
    """The root causes, largest first, with their share and cumulative share; the vital few named."""
    tr = _tr(engagement)
    p = a.pareto
    if p is None or not len(p):
        return safe.join([safe.html("<p>{t}</p>", t=tr._("The complaint log gives no root cause.")),
                          source_html(engagement, a)])
    k = vital_few(p)
    top = p.iloc[:k]
    lead = tr.ngettext(
        "{k} root cause accounts for {share} of complaints: {causes}. It is the one to remove first.",
        "{k} root causes account for {share} of complaints: {causes}. They are the ones to remove first.",
        k).format(k=tr.number(k), share=tr.percent(float(top["cumulative_share"].iloc[-1]), 0),
                  causes=tr.list([_not_given(tr, c) for c in top["root_cause"]]))
    categories = main_category(engagement.complaints.cases)
    rows = [[_not_given(tr, r.root_cause), _not_given(tr, categories.get(r.root_cause, "")), tr.number(r.cases),
             _bold(tr.percent(r.share, 0)), tr.percent(r.cumulative_share, 0)] for r in p.itertuples()]
    table = _table([tr.pgettext("complaints", "Root cause"), tr.pgettext("complaints", "Category"),
                    tr.pgettext("complaints", "Cases"), tr._("Share of complaints"),
                    tr.pgettext("complaints", "Cumulative share")], rows, "cx-table cx-complaints-pareto")
    return safe.html("<p>{lead}</p>{table}{source}", lead=lead, table=table, source=source_html(engagement, a))


def _step_keys(scorecard: pd.DataFrame) -> list[str]:
    return [key for key, _ in RESOLVED_STEPS if key in scorecard.columns and scorecard[key].notna().any()]


def has_scorecard(a: Any) -> bool:
    """Whether any case was checked against the RESOLVED steps (so the scorecard has something to show)."""
    sc = a.scorecard
    if sc is None or not len(sc):
        return False
    keys = _step_keys(sc)
    return bool(keys) and bool(sc[keys].notna().to_numpy().any())


def scorecard_html(engagement: Engagement, a: Any) -> safe.Markup:
    """Teams x RESOLVED steps: share of reviewed cases where the step was done; the step to coach per team."""
    tr = _tr(engagement)
    sc = a.scorecard
    intro = tr._("RESOLVED is an eight-step way of handling an upset customer: look after the person first, then "
                 "solve the problem, then make sure it does not happen again. For each team, the table shows how "
                 "often each step was done in the cases checked; the step skipped most is where coaching starts.")
    if not has_scorecard(a):
        return safe.html("<p>{intro}</p><p>{none}</p>{source}", intro=intro, none=tr._(
            "No case has been checked against the RESOLVED steps yet."), source=source_html(engagement, a))
    keys = _step_keys(sc)
    rows = []
    for team, r in sc.iterrows():
        cells: list[Any] = [_not_given(tr, team), tr.number(r["cases"]), tr.number(r.get("reviewed", 0))]
        for key in keys:
            value = r[key]
            cells.append(tr.percent(float(value), 0) if pd.notna(value) else "–")
        most = r.get("most_skipped")
        cells.append(_bold(step_label(tr, most)) if isinstance(most, str) and most else "–")
        rows.append(cells)
    headers = [tr.pgettext("complaints", "Team"), tr.pgettext("complaints", "Cases"),
               tr.pgettext("complaints", "Checked")] + [k[0] for k in keys] + [tr._("Step to coach")]
    legend = safe.html('<p class="cx-note">{text}</p>', text=tr.list([step_label(tr, k) for k in keys]))
    overall = sc[keys].mean(skipna=True)
    overall = overall[overall.notna()]
    sentence = ""
    if len(overall):
        worst = str(overall.idxmin())
        sentence = tr._("Across teams, the step skipped most is {step}: done in only {share} of the cases "
                        "checked.").format(step=step_label(tr, worst), share=tr.percent(float(overall.min()), 0))
    return safe.html("<p>{intro}</p>{table}{legend}<p>{sentence}</p>{source}", intro=intro,
                     table=_table(headers, rows, "cx-table cx-complaints-scorecard"), legend=legend,
                     sentence=sentence, source=source_html(engagement, a))


def closed_loop_html(engagement: Engagement, a: Any) -> safe.Markup:
    """Detractors followed up within the standard, then what happened: the outcome of their cases and, for
    those who answered a later survey, whether they were still detractors."""
    tr = _tr(engagement)
    loop = a.closed_loop
    if loop is None:
        return safe.html("<p>{t}</p>{source}", t=tr._(
            "The engagement has no survey answers linked to complaints, so the closed loop cannot be measured "
            "yet."), source=source_html(engagement, a))
    text = tr.ngettext(
        "{d} customer gave a detractor's score (0 to 6) or a low satisfaction score in the survey while the log "
        "ran.",
        "{d} customers gave a detractor's score (0 to 6) or a low satisfaction score in the survey while the log "
        "ran.", loop.detractors).format(d=tr.number(loop.detractors))
    followed = tr._("{f} of them had a follow-up case, {w} within the standard of {standard}: {share} of detractors "
                    "followed up in time (median time to follow up {median}).").format(
        f=tr.number(loop.followed_up), w=tr.number(loop.within_standard), standard=hours(tr, loop.followup_h),
        share=tr.percent(loop.share_within, 0), median=hours(tr, loop.median_h))
    parts = [safe.html("<p>{a} {b}</p>", a=text, b=followed)]
    o = loop.outcomes
    if o is not None and len(o) and "case_id" in o.columns:
        done = o[o["case_id"].astype(str) != ""]
        if len(done):
            counts = done["outcome"].astype(str).value_counts()
            rows = [[_not_given(tr, name), tr.number(int(n)), tr.percent(n / len(done), 0)]
                    for name, n in counts.items()]
            still_open = int(done["open"].sum()) if "open" in done.columns else 0
            parts.append(safe.html("<p>{t}</p>", t=tr.ngettext(
                "What happened to the follow-up cases ({n} still open):",
                "What happened to the follow-up cases ({n} still open):", still_open).format(n=tr.number(still_open))))
            parts.append(_table([tr.pgettext("complaints", "Outcome"), tr._("Customers"), tr._("Share")], rows,
                                "cx-table cx-complaints-outcomes"))
        parts.append(_later_html(tr, o))
    parts.append(source_html(engagement, a))
    return safe.join(parts)


def recovered(outcomes: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """``{"followed": (answered a later survey, of whom no longer a detractor), "not_followed": (...)}``:
    a later score of 7 or more counts as no longer a detractor."""
    out = {}
    later = outcomes["later_nps"] if "later_nps" in outcomes.columns else pd.Series(dtype="float64")
    followed = outcomes["case_id"].astype(str) != ""
    for key, mask in (("followed", followed), ("not_followed", ~followed)):
        values = later[mask].dropna()
        out[key] = (int(len(values)), int((values >= 7).sum()))
    return out


def _later_html(tr: Translator, outcomes: pd.DataFrame) -> safe.Markup:
    r = recovered(outcomes)
    (n_f, k_f), (n_n, k_n) = r["followed"], r["not_followed"]
    if not n_f and not n_n:
        return safe.Markup("")
    parts = []
    if n_f:
        parts.append(tr.ngettext(
            "Of the followed-up detractors, {n} answered a later survey; {k} of them ({share}) were no longer "
            "detractors.",
            "Of the followed-up detractors, {n} answered a later survey; {k} of them ({share}) were no longer "
            "detractors.", n_f).format(n=tr.number(n_f), k=tr.number(k_f), share=tr.percent(k_f / n_f, 0)))
    if n_n:
        parts.append(tr.ngettext(
            "Of those not followed up, {n} answered a later survey; {k} ({share}) were no longer detractors.",
            "Of those not followed up, {n} answered a later survey; {k} ({share}) were no longer detractors.",
            n_n).format(n=tr.number(n_n), k=tr.number(k_n), share=tr.percent(k_n / n_n, 0)))
    return safe.html("<p>{t}</p>", t=" ".join(parts))


def _field(config: Any, name: str, default: Any = None) -> Any:
    """A field of a parsed config (a frozen dataclass, or a mapping in older sections)."""
    if isinstance(config, dict):
        return config.get(name, default)
    return getattr(config, name, default)


def _followup_standard(section: Any) -> float:
    value = _field(section.standards, "followup_h")
    return float(value) if value is not None else float("nan")


def yearly_cost(a: Any) -> float:
    """The yearly cost of complaints: the figure the retention section shows in its cost of poor service."""
    c = a.cost
    value = getattr(c, "yearly_total", None)
    return float(value if value is not None and math.isfinite(value) else c.total)


def retention_line(engagement: Engagement, a: Any) -> Any | None:
    """The retention section's cost-of-poor-service line that holds this section's yearly cost of complaints
    (same figure to the cent), or None when the engagement has no retention section or no such line."""
    if engagement.retention is None:
        return None
    from cxconsult.narrative import retention

    r = retention.analysis(engagement)
    target = yearly_cost(a)
    for item in getattr(getattr(r, "poor_service", None), "items", ()) or ():
        if math.isclose(float(item.cost_per_year), target, rel_tol=1e-9, abs_tol=0.005):
            return item
    return None


def cost_html(engagement: Engagement, a: Any) -> safe.Markup:
    """The cost of complaints in words (over the log, then a year), and where the retention section uses the
    same yearly figure."""
    tr = _tr(engagement)
    c, cur = a.cost, engagement.currency
    over_log = tr._("Over the {days} days the log covers, complaints cost {total}: {hours} hours of staff time "
                    "({handling}, counting every recontact as another contact) and {compensation} of credits and "
                    "compensation, or {per_case} per complaint.").format(
        days=tr.number(c.span_days), total=tr.money(c.total, cur, 0), hours=tr.number(c.handling_hours),
        handling=tr.money(c.handling_cost, cur, 0), compensation=tr.money(c.compensation, cur, 0),
        per_case=tr.money(c.per_case, cur, 2))
    yearly = safe.html(tr._("At {n} complaints a year, that is <strong>{total} a year</strong>."),
                       n=tr.number(c.cases_per_year), total=tr.money(yearly_cost(a), cur, 0))
    parts = [safe.html("<p>{a} {b}</p>", a=over_log, b=yearly)]
    line = retention_line(engagement, a)
    if line is not None:
        parts.append(safe.html("<p>{t}</p>", t=tr._(
            "The section “{section}” counts this same {total} a year in the cost of poor service (line “{item}”): "
            "it is one cost, to be counted once.").format(section=tr._("Retention economics"),
                                                          total=tr.money(line.cost_per_year, cur, 0),
                                                          item=tr._(line.item))))
    parts.append(source_html(engagement, a))
    return safe.join(parts)


def _overall(a: Any, measure: str) -> Any | None:
    return next((t for t in a.times if t.measure == measure and t.channel == "all"), None)


def headlines(engagement: Engagement) -> list[Headline]:
    """The section's figures and key messages for the executive summary."""
    a = analysis(engagement)
    if a is None:
        return []
    tr = _tr(engagement)
    s = tr._(SECTION)
    source = source_text(engagement, a)
    out = []
    res = _overall(a, "resolution")
    if res is not None and math.isfinite(res.share_within):
        out.append(Headline(s, tr._("Complaints resolved within the standard"), tr.percent(res.share_within, 0),
                            tr._("median {median}; open cases counted as still running").format(
                                median=hours(tr, res.median_h)),
                            message=tr._("{share} of complaints are resolved within the client's own standard; "
                                         "half take longer than {median}.").format(
                                share=tr.percent(res.share_within, 0), median=hours(tr, res.median_h)),
                            source=source, rank=30))
    out.append(Headline(s, tr._("Resolved at first contact"), tr.percent(a.fcr, 0),
                        tr._("{recontact} of complaints bring the customer back").format(
                            recontact=tr.percent(a.recontact_rate, 0)), source=source))
    if a.pareto is not None and len(a.pareto):
        k = vital_few(a.pareto)
        top = a.pareto.iloc[0]
        out.append(Headline(s, tr._("Largest root cause of complaints"), _not_given(tr, top["root_cause"]),
                            tr._("{share} of complaints").format(share=tr.percent(float(top["share"]), 0)),
                            message=tr.ngettext(
                                "{k} root cause makes up {share} of complaints: the one to remove first.",
                                "{k} root causes make up {share} of complaints: the ones to remove first.",
                                k).format(k=tr.number(k),
                                          share=tr.percent(float(a.pareto["cumulative_share"].iloc[k - 1]), 0)),
                            source=source, rank=60))
    out.append(Headline(s, tr._("Yearly cost of complaints"), tr.money(yearly_cost(a), engagement.currency, 0),
                        tr._("{per_case} per complaint").format(
                            per_case=tr.money(a.cost.per_case, engagement.currency, 2)),
                        source=source))
    return out


def assumptions(engagement: Engagement) -> list[Assumption]:
    """Method choices and client figures of the section, in plain words."""
    a = analysis(engagement)
    if a is None:
        return []
    tr = _tr(engagement)
    s, section = tr._(SECTION), engagement.complaints
    client = tr._("client figure")
    out = [Assumption(s, tr._("Complaint log"), source_text(engagement, a), tr._("client export"))]
    if section.business_hours is not None:
        out.append(Assumption(s, tr.pgettext("complaints", "Business hours"),
                              business_hours_text(tr, section.business_hours), client))
    out += [
        Assumption(s, tr._("Times against the standards"),
                   tr._("counted in {clock}, against the client's standard for each channel").format(
                       clock=_clock_word(tr, section)), client),
        Assumption(s, tr._("Cases still open on the export date"),
                   tr._("counted for as long as they were seen open, neither left out nor counted as finished; "
                        "shares, medians and 90th percentiles estimated the way survival times are"),
                   tr._("Kaplan-Meier method"), reference=REF_KAPLAN_MEIER_1958),
        Assumption(s, tr.pgettext("complaints", "Root causes"),
                   tr._("largest first; the few that make up most complaints are named"),
                   tr._("Pareto analysis"), reference=REF_JURAN),
        Assumption(s, tr._("Complaint handling method"),
                   tr._("the eight RESOLVED steps, each checked as done or not in the cases reviewed"),
                   tr._("seed method of the practice"), reference=REF_BARNES_KELLEHER_2015),
    ]
    standard = _followup_standard(section)
    if math.isfinite(standard):
        out.append(Assumption(s, tr._("Follow-up of detractors"), tr._("within {standard}").format(
            standard=hours(tr, standard)), client))
    rate = _field(section.cost, "cost_per_hour")
    if rate:
        out.append(Assumption(s, tr._("Cost of an hour of complaint handling"),
                              tr.money(float(rate), engagement.currency, 2), client))
    minutes = dict(_field(section.cost, "handling_minutes", {}) or {})
    if minutes:
        default = minutes.pop("default", None)
        parts = [tr._("{minutes} min by default").format(minutes=tr.number(default))] if default is not None else []
        parts += [tr._("{channel}: {minutes} min").format(channel=channel_label(tr, c), minutes=tr.number(m))
                  for c, m in minutes.items()]
        out.append(Assumption(s, tr._("Handling time per contact"), tr.list(parts), client))
    out.append(Assumption(s, tr._("Yearly cost of complaints"),
                          tr._("cost per complaint times complaints per year (cases in the log scaled to 365 days); "
                               "the retention section uses the same figure"), tr._("client log and figures")))
    return out


def business_hours_text(tr: Translator, bh: Any) -> str:
    """"Monday to Saturday, 08:00 to 20:00 (Europe/Lisbon), except 11 public holidays" in the client's language."""
    week = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    names = tr.locale.days["format"]["wide"]
    idx = sorted(week.index(d) for d in bh.days)
    if len(idx) > 2 and idx == list(range(idx[0], idx[-1] + 1)):
        days = tr.pgettext("complaints", "{first} to {last}").format(first=names[idx[0]], last=names[idx[-1]])
    else:
        days = tr.list([names[i] for i in idx])

    def clock(h: float) -> str:
        return f"{int(h):02d}:{int(round((h - int(h)) * 60)):02d}"

    n = len(bh.holidays)
    if not n:
        return tr._("{days}, {start} to {end} ({timezone})").format(days=days, start=clock(bh.start_h),
                                                                   end=clock(bh.end_h), timezone=bh.timezone)
    return tr.ngettext("{days}, {start} to {end} ({timezone}), except {n} public holiday",
                       "{days}, {start} to {end} ({timezone}), except {n} public holidays", n).format(
        days=days, start=clock(bh.start_h), end=clock(bh.end_h), timezone=bh.timezone, n=tr.number(n))
