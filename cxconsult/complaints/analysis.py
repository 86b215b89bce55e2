"""The complaints analysis: times against standards (Kaplan-Meier, open cases censored), first-contact
resolution, recontacts, root-cause Pareto, cost of complaints, RESOLVED scorecard and the closed loop.

``analyse_complaints(section, *, reviews=None, feedback=None) -> ComplaintsAnalysis``. ``section`` is a
parsed ``ComplaintsSection`` (``cxconsult.sections.complaints``); the model only reads its attributes.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cxconsult.complaints.hours import elapsed_hours
from cxconsult.complaints.model import CHANNELS, RESOLVED_KEYS

__all__ = ["TimeToEvent", "ComplaintsCost", "ClosedLoop", "ComplaintsAnalysis", "analyse_complaints",
           "cost_of_complaints", "kaplan_meier", "event_durations", "scorecard", "pareto", "closed_loop",
           "MEASURES", "DAYS_PER_YEAR"]

MEASURES = ("first_response", "resolution")
DAYS_PER_YEAR = 365.25
_EPS = 1e-9


@dataclass(frozen=True)
class TimeToEvent:
    """Time to first response or to resolution on one channel (``"all"`` for every channel), in hours on
    the section's clock. ``share_within``: share of cases done within ``standard_h`` (Kaplan-Meier, open
    cases censored at the export date), ``ci_share`` its 95% interval (Greenwood); ``median_h`` and
    ``p90_h`` NaN when the estimate never reaches 50% / 90%. For ``"all"`` each case is held to its own
    channel's standard (``standard_h`` is NaN when channels differ)."""

    measure: str
    channel: str
    n: int
    n_open: int
    standard_h: float
    share_within: float
    median_h: float
    p90_h: float
    ci_share: tuple[float, float]


@dataclass(frozen=True)
class ComplaintsCost:
    """Cost of complaints over the log (engagement currency): handling time (contacts x minutes per contact
    by channel, each recontact another contact) x ``cost_per_hour``, plus compensation paid. ``span_days``
    runs from the first case opened to the export date; ``yearly_total`` = ``cases_per_year`` x
    ``per_case`` is the same cost per year (the line the retention section shows)."""

    cases: int
    contacts: int
    handling_hours: float
    handling_cost: float
    compensation: float
    total: float
    per_case: float
    span_days: float
    cases_per_year: float
    yearly_total: float

    def summary(self) -> str:
        return (f"Cost of complaints: {self.cases:,} cases, {self.contacts:,} contacts, "
                f"{self.handling_hours:,.0f} h handling = {self.handling_cost:,.0f} + compensation "
                f"{self.compensation:,.0f} = {self.total:,.0f} ({self.per_case:,.2f} per case); "
                f"{self.yearly_total:,.0f} per year over {self.span_days:,.0f} days")


@dataclass(frozen=True, eq=False)
class ClosedLoop:
    """Follow-up of detractors (NPS 0-6) and dissatisfied respondents (bottom-two-box CSAT): ``detractors``
    counted, ``followed_up`` matched to a case, ``within_standard`` contacted within ``followup_h``,
    ``share_within`` = within_standard / detractors, ``median_h`` of the follow-up delay; ``outcomes`` one
    row per detractor (response_id, customer_id, date, score, case_id, followup_h, within_standard,
    outcome, recontacts, open, later_nps)."""

    detractors: int
    followed_up: int
    within_standard: int
    share_within: float
    median_h: float
    followup_h: float
    outcomes: pd.DataFrame

    def summary(self) -> str:
        return (f"Closed loop: {self.detractors:,} detractors, {self.followed_up:,} followed up, "
                f"{self.within_standard:,} within {self.followup_h:g} h ({self.share_within:.0%}); "
                f"median delay {self.median_h:.1f} h")


@dataclass(frozen=True, eq=False)
class ComplaintsAnalysis:
    """Every complaints result of one engagement (see the module docstring)."""

    times: tuple[TimeToEvent, ...]
    fcr: float
    recontact_rate: float
    pareto: pd.DataFrame
    cost: ComplaintsCost
    scorecard: pd.DataFrame
    closed_loop: ClosedLoop | None
    cases: int
    open_cases: int
    clock: str
    channels: tuple[str, ...]

    def time(self, measure: str, channel: str = "all") -> TimeToEvent:
        """The :class:`TimeToEvent` of ``measure`` on ``channel``."""
        for t in self.times:
            if t.measure == measure and t.channel == channel:
                return t
        raise KeyError(f"no {measure} times for channel {channel!r}")

    def times_table(self) -> pd.DataFrame:
        """The :attr:`times` as a table (one row per measure and channel)."""
        rows = [{**t.__dict__, "ci_low": t.ci_share[0], "ci_high": t.ci_share[1]} for t in self.times]
        return pd.DataFrame(rows).drop(columns="ci_share")

    def summary(self) -> str:
        lines = [f"Complaints: {self.cases:,} cases ({self.open_cases:,} open at export), clock: {self.clock}"]
        for t in self.times:
            lines.append(f"  {t.measure:<15} {t.channel:<7} n={t.n:>5,} open={t.n_open:>4,} standard="
                         f"{t.standard_h:>6g} h within={t.share_within:6.1%} median={t.median_h:7.1f} h "
                         f"p90={t.p90_h:7.1f} h")
        lines.append(f"  first-contact resolution {self.fcr:.1%}, recontact rate {self.recontact_rate:.1%}")
        top = self.pareto.head(3)
        lines.append("  top root causes: " + "; ".join(f"{r.root_cause} {r.share:.0%}" for r in top.itertuples()))
        lines.append("  " + self.cost.summary())
        if len(self.scorecard):
            lines.append("  RESOLVED steps skipped most: " + ", ".join(
                f"{team}: {row.most_skipped}" for team, row in self.scorecard.iterrows()))
        if self.closed_loop is not None:
            lines.append("  " + self.closed_loop.summary())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        return "<pre>" + html.escape(self.summary()) + "</pre>"


# --------------------------------------------------------------------------------------------------
# Time to event

def kaplan_meier(durations: np.ndarray, observed: np.ndarray, at: float,
                 level: float = 0.95) -> tuple[float, float, float, tuple[float, float]]:
    """Kaplan-Meier estimate of P(T <= at), the median and 90th percentile, and the interval of the share.

    ``durations`` (hours) with ``observed`` False for censored (open) cases; uses ``scipy.stats.ecdf`` on
    ``scipy.stats.CensoredData``. Returns ``(share, median, p90, (low, high))``; NaN where not estimable.
    """
    durations = np.asarray(durations, dtype="float64")
    observed = np.asarray(observed, dtype=bool)
    nan = float("nan")
    if durations.size == 0:
        return nan, nan, nan, (nan, nan)
    if not observed.any():  # nothing done yet: no case within any time
        return (0.0 if math.isfinite(at) else nan), nan, nan, (nan, nan)
    data = stats.CensoredData(uncensored=durations[observed], right=durations[~observed])
    result = stats.ecdf(data)
    times, probs = result.cdf.quantiles, result.cdf.probabilities

    def quantile(q: float) -> float:
        hit = np.flatnonzero(probs >= q - _EPS)
        return float(times[hit[0]]) if hit.size else nan

    if not math.isfinite(at):
        return nan, quantile(0.5), quantile(0.9), (nan, nan)
    share = float(result.cdf.evaluate(at))
    try:
        with warnings.catch_warnings():  # "undefined at some observations": where S(t) is 0 or 1
            warnings.simplefilter("ignore", RuntimeWarning)
            ci = result.cdf.confidence_interval(confidence_level=level)
            low, high = float(ci.low.evaluate(at)), float(ci.high.evaluate(at))
    except (ValueError, FloatingPointError):
        low = high = nan
    return share, quantile(0.5), quantile(0.9), (low, high)


def event_durations(section: Any, measure: str) -> tuple[np.ndarray, np.ndarray]:
    """Hours from opening to ``measure`` for each case on the section's clock, and whether it was observed.

    First response: the first reply, else the resolution or close (the case was answered by solving it).
    Resolution: the resolution time, else the close. A case with neither is censored at the export date.
    """
    cases = section.cases
    if measure == "first_response":
        event = cases["first_response"].fillna(cases["resolved"]).fillna(cases["closed"])
    elif measure == "resolution":
        event = cases["resolved"].fillna(cases["closed"])
    else:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}, got {measure!r}")
    observed = event.notna().to_numpy()
    end = event.where(event.notna(), section.export_date)
    hours = elapsed_hours(cases["opened"], end, section.business_hours, section.standards.clock)
    return hours, observed


def _times(section: Any) -> tuple[TimeToEvent, ...]:
    channel = section.cases["channel"].to_numpy(dtype=object)
    present = set(pd.unique(channel))
    channels = tuple(c for c in CHANNELS if c in present)
    out = []
    for measure in MEASURES:
        hours, observed = event_durations(section, measure)
        lookup = {c: section.standards.standard(measure, c) for c in present}
        standards = pd.Series(channel).map(lookup).to_numpy(dtype="float64")
        for name in channels + ("all",):
            mask = np.ones(len(channel), bool) if name == "all" else channel == name
            if name == "all":
                values = np.unique(standards[mask])
                standard = float(values[0]) if values.size == 1 else float("nan")
                if np.isfinite(standards).all() and values.size > 1:
                    # each case against its own channel's standard: KM of time / standard at 1
                    share, _, _, ci = kaplan_meier(hours[mask] / standards[mask], observed[mask], 1.0)
                    _, median, p90, _ = kaplan_meier(hours[mask], observed[mask], float("nan"))
                else:
                    share, median, p90, ci = kaplan_meier(hours[mask], observed[mask], standard)
            else:
                standard = section.standards.standard(measure, name)
                share, median, p90, ci = kaplan_meier(hours[mask], observed[mask], standard)
            out.append(TimeToEvent(measure, name, int(mask.sum()), int((~observed[mask]).sum()), standard,
                                   share, median, p90, ci))
    return tuple(out)


# --------------------------------------------------------------------------------------------------
# Recontacts, root causes, cost

def _fcr(cases: pd.DataFrame) -> tuple[float, float]:
    """(first-contact resolution, recontact rate). FCR: share of closed cases resolved by the first reply
    (resolved no later than the first response, or with no separate first response) and never recontacted.
    Recontact rate: share of all cases with at least one recontact."""
    done = ~cases["open"].to_numpy()
    resolved = cases["resolved"].fillna(cases["closed"])
    first = cases["first_response"]
    at_first = (first.isna() | (resolved <= first)).to_numpy()
    no_recontact = (cases["recontacts"] == 0).to_numpy()
    fcr = float((at_first & no_recontact)[done].mean()) if done.any() else float("nan")
    rate = float((~no_recontact).mean()) if len(cases) else float("nan")
    return fcr, rate


def pareto(cases: pd.DataFrame, column: str = "root_cause") -> pd.DataFrame:
    """Cases by ``column`` (blank: ``"unspecified"``), largest first: root_cause, cases, share,
    cumulative_share."""
    values = cases[column].to_numpy(dtype=object)
    counts = pd.Series(np.where(values == "", "unspecified", values)).value_counts(sort=False)
    frame = pd.DataFrame({"root_cause": counts.index.astype(str), "cases": counts.to_numpy(dtype="int64")})
    frame = frame.sort_values(["cases", "root_cause"], ascending=[False, True], kind="stable").reset_index(drop=True)
    total = frame["cases"].sum()
    frame["share"] = frame["cases"] / total if total else 0.0
    frame["cumulative_share"] = frame["share"].cumsum()
    return frame


def cost_of_complaints(section: Any) -> ComplaintsCost:
    """Cost of the complaints in the log (see :class:`ComplaintsCost`); the same figure the retention
    section's cost of poor service shows when the engagement has both sections."""
    cases = section.cases
    channel = cases["channel"].astype(object)
    minutes = channel.map({c: section.cost.minutes(c) for c in pd.unique(channel)}).to_numpy(dtype="float64")
    contacts = 1 + cases["recontacts"].to_numpy(dtype="int64")
    hours = float((minutes * contacts).sum() / 60.0)
    handling = hours * float(section.cost.cost_per_hour)
    compensation = float(cases["compensation"].sum())
    total = handling + compensation
    n = len(cases)
    per_case = total / n if n else 0.0
    start = cases["opened"].min() if n else section.export_date
    span = max((section.export_date - start) / pd.Timedelta(days=1), 1.0)
    per_year = n * DAYS_PER_YEAR / span
    return ComplaintsCost(n, int(contacts.sum()), hours, handling, compensation, total, per_case, float(span),
                          float(per_year), float(per_year) * float(per_case))


# --------------------------------------------------------------------------------------------------
# RESOLVED scorecard

def scorecard(section: Any, reviews: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share of cases where each RESOLVED step was done, by team (index), from the log's checklist columns
    and the case-review app's saved ``reviews`` (case_id, reviewer, step, done, note, saved; the latest
    review of a case and step replaces its checklist answer; a review with ``done`` missing, "not applicable",
    takes the step out for that case). Columns: one per step key, ``cases``,
    ``reviewed`` (cases with any answer), ``most_skipped`` (the step done least often; "" when none)."""
    cases = section.cases
    frames = []
    for key in RESOLVED_KEYS:
        column = f"step_{key}"
        if column in cases.columns:
            values = cases[column].array
            known = ~np.asarray(values.isna())
            frames.append(pd.DataFrame({"case_id": cases["case_id"].to_numpy(dtype=object)[known], "step": key,
                                        "done": np.asarray(values[known], dtype=bool), "order": 0}))
    if reviews is not None and len(reviews):
        r = reviews[reviews["step"].isin(RESOLVED_KEYS) & reviews["case_id"].astype(str).isin(cases["case_id"])]
        r = r.sort_values("saved", kind="stable") if "saved" in r.columns else r
        done = r["done"].astype("boolean")  # NA: reviewed as "not applicable"
        frames.append(pd.DataFrame({"case_id": r["case_id"].astype(str).to_numpy(), "step": r["step"].to_numpy(),
                                    "done": done.to_numpy(dtype=object, na_value=None),
                                    "order": np.arange(1, len(r) + 1)}))
    columns = list(RESOLVED_KEYS) + ["cases", "reviewed", "most_skipped"]
    if not frames:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="team"))
    answers = pd.concat(frames, ignore_index=True).sort_values("order", kind="stable")
    answers = answers.drop_duplicates(["case_id", "step"], keep="last")
    answers = answers[answers["done"].notna()].astype({"done": bool})  # "not applicable" drops the step
    names = cases["team"].to_numpy(dtype=object)
    team = pd.Series(np.where(names == "", "unspecified", names), index=cases["case_id"].to_numpy(dtype=object))
    answers["team"] = answers["case_id"].map(team).to_numpy()
    table = answers.pivot_table(index="team", columns="step", values="done", aggfunc="mean")
    table = table.reindex(columns=list(RESOLVED_KEYS)).astype("float64")
    table["cases"] = team.groupby(team).size().reindex(table.index).fillna(0).astype("int64")
    table["reviewed"] = answers.groupby("team")["case_id"].nunique().reindex(table.index).astype("int64")
    shares = table[list(RESOLVED_KEYS)]
    table["most_skipped"] = [str(row.idxmin()) if row.notna().any() else "" for _, row in shares.iterrows()]
    table.index.name = "team"
    table.columns.name = None
    return table[columns]


# --------------------------------------------------------------------------------------------------
# Closed loop

def closed_loop(section: Any, feedback: Any) -> ClosedLoop | None:
    """Match detractors (NPS 0-6) and dissatisfied respondents (CSAT in the bottom two boxes, when no NPS)
    of ``feedback`` (a ``FeedbackSection`` or its ``data`` frame) to follow-up cases: by ``response_id``,
    else by ``customer_id`` (the first case opened on or after the survey date). The follow-up delay runs
    from the survey response to the case's first response (else its opening), on the section's clock.
    Survey dates are naive times in the section's time zone. None without feedback rows."""
    data = getattr(feedback, "data", feedback)
    if data is None or not len(data) or "date" not in data.columns:
        return None
    nps = data["nps"] if "nps" in data.columns else pd.Series(np.nan, index=data.index)
    unhappy = (nps <= 6).to_numpy().copy()
    if "csat" in data.columns:
        scales = getattr(feedback, "scales", {}) or {}
        low = float(scales.get("csat", (1, 5))[0])
        unhappy |= (nps.isna() & (data["csat"] <= low + 1)).to_numpy()
    dates = pd.to_datetime(data["date"])
    start = section.cases["opened"].min().tz_convert(section.timezone).tz_localize(None).normalize()
    export = section.export_date.tz_convert(section.timezone).tz_localize(None)
    unhappy &= ((dates >= start) & (dates <= export)).to_numpy()  # the log's period only
    survey = data.loc[unhappy].copy()
    if not len(survey):
        return None
    cases = section.cases
    tz = section.timezone
    dates = pd.to_datetime(survey["date"])
    if getattr(dates.dt, "tz", None) is None:
        dates = dates.dt.tz_localize(tz, ambiguous=np.zeros(len(dates), bool), nonexistent=pd.Timedelta(hours=1))
    survey["when"] = dates.dt.tz_convert("UTC")
    survey["response_id"] = survey["response_id"].astype(str)
    has_customer = "customer_id" in survey.columns and (cases["customer_id"] != "").any()
    by_response = cases[cases["response_id"] != ""].drop_duplicates("response_id").set_index("response_id")
    case_id = survey["response_id"].map(by_response["case_id"]) if len(by_response) else \
        pd.Series(np.nan, index=survey.index, dtype=object)
    if has_customer:
        customers = survey["customer_id"].astype(str)
        missing = case_id.isna() & (customers != "")
        if missing.any():
            left = pd.DataFrame({"key": customers[missing], "when": survey.loc[missing, "when"],
                                 "idx": survey.index[missing]}).sort_values("when")
            right = cases.loc[cases["customer_id"] != "", ["customer_id", "opened", "case_id"]] \
                .rename(columns={"customer_id": "key", "opened": "when"}).sort_values("when")
            right["when"] = right["when"].astype(left["when"].dtype)
            merged = pd.merge_asof(left, right, on="when", by="key", direction="forward")
            case_id.loc[merged["idx"].to_numpy()] = merged["case_id"].to_numpy()
    matched = cases.set_index("case_id").reindex(case_id.fillna("").to_numpy())
    contact = matched["first_response"].fillna(matched["opened"])
    delay = np.full(len(survey), np.nan)
    found = case_id.notna().to_numpy()
    if found.any():
        start = survey["when"][found].reset_index(drop=True)
        end = contact[found].reset_index(drop=True)
        delay[found] = elapsed_hours(start, end.where(end.notna(), start), section.business_hours,
                                     section.standards.clock)
    within = found & (delay <= section.standards.followup_h + _EPS)
    later = np.full(len(survey), np.nan)
    if has_customer and "nps" in data.columns:  # the same customer's next answer, if any
        answers = pd.DataFrame({"key": data["customer_id"].astype(str).to_numpy(),
                                "date": pd.to_datetime(data["date"]).to_numpy(),
                                "later": data["nps"].to_numpy(dtype="float64")})
        answers = answers[answers["key"] != ""].sort_values("date", kind="stable")
        asked = pd.DataFrame({"key": survey["customer_id"].astype(str).to_numpy(),
                              "date": pd.to_datetime(survey["date"]).to_numpy(), "pos": np.arange(len(survey))})
        asked = asked[asked["key"] != ""].sort_values("date", kind="stable")
        if len(asked) and len(answers):
            merged = pd.merge_asof(asked, answers, on="date", by="key", direction="forward",
                                   allow_exact_matches=False)
            later[merged["pos"].to_numpy()] = merged["later"].to_numpy(dtype="float64")
    outcomes = pd.DataFrame({
        "response_id": survey["response_id"].to_numpy(),
        "customer_id": survey["customer_id"].astype(str).to_numpy() if "customer_id" in survey.columns else "",
        "date": survey["date"].to_numpy(), "nps": nps.loc[survey.index].to_numpy(),
        "case_id": case_id.fillna("").to_numpy(), "followup_h": delay, "within_standard": within,
        "outcome": matched["outcome"].fillna("").to_numpy(),
        "recontacts": matched["recontacts"].fillna(0).to_numpy(dtype="int64"),
        "open": matched["open"].eq(True).to_numpy() & found, "later_nps": later})
    n = len(survey)
    return ClosedLoop(n, int(found.sum()), int(within.sum()), float(within.sum() / n),
                      float(np.nanmedian(delay)) if found.any() else float("nan"),
                      float(section.standards.followup_h), outcomes)


# --------------------------------------------------------------------------------------------------

def analyse_complaints(section: Any, *, reviews: pd.DataFrame | None = None,
                       feedback: Any = None) -> ComplaintsAnalysis:
    """Run the whole complaints analysis of ``section`` (see the module docstring). ``reviews``: saved case
    reviews (``ComplaintsStore(folder).reviews()``); ``feedback``: the engagement's feedback section for
    the closed loop (None: no closed loop)."""
    cases = section.cases
    fcr, rate = _fcr(cases)
    loop = closed_loop(section, feedback) if feedback is not None else None
    return ComplaintsAnalysis(times=_times(section), fcr=fcr, recontact_rate=rate, pareto=pareto(cases),
                              cost=cost_of_complaints(section), scorecard=scorecard(section, reviews),
                              closed_loop=loop, cases=len(cases), open_cases=int(cases["open"].sum()),
                              clock=section.standards.clock,
                              channels=tuple(c for c in CHANNELS if c in set(pd.unique(cases["channel"]))))
