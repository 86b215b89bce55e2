"""The complaints model against the hand-worked log of conftest.py, lifelines and the retention section."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxconsult.complaints import (RESOLVED_KEYS, RESOLVED_STEPS, analyse_complaints, closed_loop, cost_of_complaints,
                                  event_durations, kaplan_meier, scorecard)
from cxconsult.engagement import load_engagement

ROOT = Path(__file__).resolve().parents[2]
AURORA = ROOT / "data" / "engagements" / "aurora-telecom"


def test_resolved_steps_are_eight_named_keys():
    assert RESOLVED_KEYS == ("R", "E", "S", "O", "L", "V", "E2", "D")
    assert all(isinstance(label, str) and label for _, label in RESOLVED_STEPS)


def test_business_hour_durations_of_the_small_log(small_log):
    """Resolution in business hours (Mon-Fri 09-17), worked by hand from the table in conftest.py:
    C1 Mon 9-13 = 4; C2 Mon 10-17 (7) + Tue 9-10 (1) = 8; C3 Fri 16-17 (1) + Mon 9-11 (2) = 3;
    C4 Sat 10 -> Mon 15 = 6; C5 open: Mon 14-17 (3) + Tue 8 + Wed 8 = 19 (censored at the export);
    C6 Tue 16-17 (1) + Wed 9-16 (7) = 8; C7 open: Wed 12-17 = 5 (censored); C8 Tue 8 + Wed 9-14 (5) = 13."""
    hours, observed = event_durations(small_log, "resolution")
    by_case = dict(zip(small_log.cases["case_id"], zip(hours, observed)))
    expected = {"C1": (4, True), "C2": (8, True), "C3": (3, True), "C4": (6, True), "C5": (19, False),
                "C6": (8, True), "C7": (5, False), "C8": (13, True)}
    for case, (h, seen) in expected.items():
        assert by_case[case][0] == pytest.approx(h), case
        assert bool(by_case[case][1]) is seen, case


def test_resolution_against_the_standard_by_hand(small_log):
    """Kaplan-Meier by hand, durations 3, 4, 5+, 6, 8, 8, 13, 19+ (+ = open, censored):
    t=3: 8 at risk, 1 done: S = 7/8; t=4: 7 at risk: S = 7/8 x 6/7 = 0.75; 5+ leaves the risk set;
    t=6: 5 at risk: S = 0.75 x 4/5 = 0.6; t=8: 4 at risk, 2 done: S = 0.6 x 2/4 = 0.3;
    t=13: 2 at risk: S = 0.15; 19+ censored. Share within the 8 h standard = 1 - S(8) = 0.70 (dropping
    the open cases would say 5/6 = 0.83, counting them as late 5/8 = 0.625). Median: first t with
    S <= 0.5 = 8 h; the 90th percentile is never reached (S stays at 0.15): NaN.
    Greenwood: Var S(8) = 0.3^2 (1/(8x7) + 1/(7x6) + 1/(5x4) + 2/(4x2)) = 0.030750, so the 95% interval
    of the share is 0.70 -/+ 1.96 x 0.17536 = (0.3563, 1.0437), the upper end capped at 1."""
    a = analyse_complaints(small_log)
    t = a.time("resolution", "email")
    assert (t.n, t.n_open, t.standard_h) == (8, 2, 8.0)
    assert t.share_within == pytest.approx(0.70)
    assert t.median_h == pytest.approx(8.0)
    assert math.isnan(t.p90_h)
    assert t.ci_share[0] == pytest.approx(0.70 - 1.959964 * math.sqrt(0.030750), abs=1e-4)
    assert t.ci_share[1] == pytest.approx(1.0)
    assert a.time("resolution", "all").share_within == pytest.approx(0.70)


def test_first_response_by_hand(small_log):
    """First reply (business hours, 4 h standard): C1 4, C2 1, C3 Fri 16-17 + Mon 9-9:30 = 1.5, C4 6,
    C5 Mon 14-17 + Tue 9-10 = 4, C6 Tue 16-17 + Wed 9-9 = 1, C7 none by the export: 5+ (censored),
    C8 10 min = 1/6. KM: t=1/6 S=7/8; t=1 (2 of 7) S=5/8; t=1.5 (1 of 5) S=0.5; t=4 (2 of 4) S=0.25;
    5+ censored; t=6 (1 of 1) S=0. Within 4 h: 0.75; median 1.5 h; 90th percentile 6 h."""
    t = analyse_complaints(small_log).time("first_response", "email")
    assert t.share_within == pytest.approx(0.75)
    assert t.median_h == pytest.approx(1.5)
    assert t.p90_h == pytest.approx(6.0)
    assert t.n_open == 1


def test_censored_estimate_matches_lifelines(small_log):
    """The same estimate from lifelines' KaplanMeierFitter, on the small log and on Aurora's e-mail cases."""
    lifelines = pytest.importorskip("lifelines")
    aurora = load_engagement(AURORA).complaints
    for section, channel in ((small_log, "email"), (aurora, "email"), (aurora, "letter")):
        hours, observed = event_durations(section, "resolution")
        mask = (section.cases["channel"] == channel).to_numpy()
        standard = section.standards.standard("resolution", channel)
        share, median, _, _ = kaplan_meier(hours[mask], observed[mask], standard)
        fitter = lifelines.KaplanMeierFitter().fit(hours[mask], observed[mask])
        assert share == pytest.approx(1 - float(fitter.survival_function_at_times(standard).iloc[0]), abs=1e-12)
        assert median == pytest.approx(float(fitter.median_survival_time_))


def test_fcr_and_recontacts_by_hand(small_log):
    """Closed cases C1, C2, C3, C4, C6, C8; resolved at the first reply and never recontacted: C1 and C4,
    so FCR = 2/6. Cases with a recontact: C2, C5, C8 = 3/8."""
    a = analyse_complaints(small_log)
    assert a.fcr == pytest.approx(2 / 6)
    assert a.recontact_rate == pytest.approx(3 / 8)
    assert (a.cases, a.open_cases) == (8, 2)


def test_pareto(small_log):
    """Bill unclear 4 (C1, C2, C4, C7), Late repair 2, Rude agent 1, blank 1 (C8: unspecified)."""
    p = analyse_complaints(small_log).pareto
    assert list(p["root_cause"]) == ["Bill unclear", "Late repair", "Rude agent", "unspecified"]
    assert list(p["cases"]) == [4, 2, 1, 1]
    assert list(p["cumulative_share"]) == pytest.approx([0.5, 0.75, 0.875, 1.0])


def test_cost_of_complaints_by_hand(small_log):
    """Contacts: 8 cases + 1 + 2 + 3 recontacts = 14, at 30 min each = 7 h x 40 = 280; compensation
    10.50 + 25.00 = 35.50; total 315.50, 39.4375 per case. Span: Fri 27 Feb 16:00 to Wed 4 Mar 17:00
    (Paris, both CET) = 5 days 1 h = 5.041667 days, so 8 x 365.25 / 5.041667 = 579.57 cases a year and
    579.57 x 39.4375 = 22,856.7 a year."""
    c = cost_of_complaints(small_log)
    assert (c.cases, c.contacts) == (8, 14)
    assert c.handling_hours == pytest.approx(7.0)
    assert c.handling_cost == pytest.approx(280.0)
    assert c.compensation == pytest.approx(35.5)
    assert c.total == pytest.approx(315.5)
    assert c.per_case == pytest.approx(39.4375)
    assert c.span_days == pytest.approx(5 + 1 / 24)
    assert c.cases_per_year == pytest.approx(8 * 365.25 / (5 + 1 / 24))
    assert c.yearly_total == pytest.approx(8 * 365.25 / (5 + 1 / 24) * 39.4375)
    assert analyse_complaints(small_log).cost == c


def test_scorecard_from_checklist_and_reviews(small_log):
    """Team A: R yes (C1), no (C2), no (C3, replaced by a saved review: done), blank (C4) -> 2/3;
    V yes, yes, yes, no -> 3/4; most skipped R. Team B: R yes (C6, C8) -> 1; V no (C6), C8 blank then
    reviewed done -> 1/2; most skipped V. Reviewed: A 4 cases, B 2 (C6, C8)."""
    reviews = pd.DataFrame({"case_id": ["C3", "C8", "C9"], "reviewer": ["ana", "ana", "ana"],
                            "step": ["R", "V", "R"], "done": [True, True, False], "note": ["", "", ""],
                            "saved": pd.to_datetime(["2026-03-05 10:00", "2026-03-05 10:05", "2026-03-05 10:06"])})
    s = scorecard(small_log, reviews)
    assert list(s.index) == ["A", "B"]
    assert s.loc["A", "R"] == pytest.approx(2 / 3) and s.loc["A", "V"] == pytest.approx(0.75)
    assert s.loc["B", "R"] == pytest.approx(1.0) and s.loc["B", "V"] == pytest.approx(0.5)
    assert list(s["most_skipped"]) == ["R", "V"]
    assert list(s["reviewed"]) == [4, 2] and list(s["cases"]) == [4, 4]
    assert math.isnan(s.loc["A", "E"])
    without = scorecard(small_log)
    assert without.loc["A", "R"] == pytest.approx(1 / 3)



def test_not_applicable_review_takes_the_step_out(small_log):
    """A saved "not applicable" (done missing) replaces the checklist answer for that case and step: Team A's
    R was yes (C1), no (C2), no (C3), blank (C4) -> 1/3; C2 reviewed "not applicable" leaves C1 yes and C3 no
    -> 1/2."""
    reviews = pd.DataFrame({"case_id": ["C2"], "reviewer": ["ana"], "step": ["R"],
                            "done": pd.array([pd.NA], dtype="boolean"), "note": [""],
                            "saved": pd.to_datetime(["2026-03-05 10:00"])})
    s = scorecard(small_log, reviews)
    assert s.loc["A", "R"] == pytest.approx(1 / 2)
    assert scorecard(small_log).loc["A", "R"] == pytest.approx(1 / 3)

def test_closed_loop_by_hand(small_log):
    """Detractors in the log's period: S1 (NPS 4, Fri 27 Feb 12:00) matched by response id to C2, first
    reply Mon 11:00: Fri 12-17 (5) + Mon 9-11 (2) = 7 business hours, over the 6 h standard; S2 (NPS 3,
    customer K6, Tue 3 Mar 12:00) matched by customer to C6 (opened Tue 16:00), first reply Wed 09:00:
    Tue 12-17 = 5 h, within; S4 (NPS 5) no case. S5 (Thu 26 Feb) is before the log and left out; S3
    (NPS 9) is not a detractor. So 3 detractors, 2 followed up, 1 within: 1/3; median delay 6 h. K6 answered
    again (S6, NPS 8) after S2: later_nps 8."""
    feedback = pd.DataFrame({
        "response_id": ["S1", "S2", "S3", "S4", "S5", "S6"],
        "date": pd.to_datetime(["2026-02-27 12:00", "2026-03-03 12:00", "2026-03-02 12:00", "2026-03-03 09:00",
                                "2026-02-26 12:00", "2026-03-04 15:00"]),
        "nps": [4.0, 3.0, 9.0, 5.0, 2.0, 8.0],
        "customer_id": ["", "K6", "K1", "K99", "", "K6"]})
    loop = closed_loop(small_log, feedback)
    assert (loop.detractors, loop.followed_up, loop.within_standard) == (3, 2, 1)
    assert loop.share_within == pytest.approx(1 / 3)
    assert loop.median_h == pytest.approx(6.0)
    rows = loop.outcomes.set_index("response_id")
    assert rows.loc["S1", "case_id"] == "C2" and rows.loc["S1", "followup_h"] == pytest.approx(7.0)
    assert rows.loc["S2", "case_id"] == "C6" and bool(rows.loc["S2", "within_standard"])
    assert rows.loc["S2", "later_nps"] == 8.0 and rows.loc["S4", "case_id"] == ""
    assert rows.loc["S1", "recontacts"] == 1
    assert analyse_complaints(small_log).closed_loop is None


def test_aurora_sample_closed_loop_and_summary():
    e = load_engagement(AURORA)
    a = analyse_complaints(e.complaints, feedback=e.feedback)
    assert 2000 <= a.cases <= 4000 and a.open_cases > 0
    assert a.closed_loop is not None and 0 < a.closed_loop.followed_up < a.closed_loop.detractors
    assert 0 < a.closed_loop.share_within < 1
    assert set(a.scorecard.index) == {"Escalations", "Social care"}
    assert "Complaints: " in a.summary() and a._repr_html_().startswith("<pre>")
    assert {t.channel for t in a.times} == set(a.channels) | {"all"}
    assert a.pareto["share"].iloc[0] > 0.2  # a few root causes make most of the complaints


def test_cost_of_complaints_is_the_retention_line():
    """The retention section's cost of poor service carries the complaint log's yearly cost, to the cent."""
    from cxconsult.retention.analysis import analyse_retention
    from cxconsult.sections.retention import COMPLAINTS_ITEM

    e = load_engagement(AURORA)
    cost = cost_of_complaints(e.complaints)
    items = {i.item: i for i in analyse_retention(e.retention).poor_service.items}
    assert items[COMPLAINTS_ITEM].cost_per_year == cost.yearly_total
    assert items[COMPLAINTS_ITEM].count_per_year == cost.cases_per_year
    assert cost.handling_cost > 0 and cost.compensation > 0


def test_no_event_yet_and_no_standard():
    share, median, p90, _ = kaplan_meier(np.array([1.0, 2.0]), np.array([False, False]), 4.0)
    assert share == 0.0 and math.isnan(median) and math.isnan(p90)
    share, median, _, _ = kaplan_meier(np.array([1.0, 2.0]), np.array([True, True]), float("nan"))
    assert math.isnan(share) and median == 1.0


def test_closed_loop_through_the_feedback_section(log_folder):
    """The same detractors read through a ``feedback`` section that maps an optional customer_id column:
    S1 -> C2 by response id (7 business hours, late), S2 -> C6 by customer K6 (5 h, within 6 h), S4 none."""
    folder = log_folder
    (folder / "engagement.yaml").write_text("client: Test Client\ndate: 2026-03-05\ncomplaints: complaints.yaml\n"
                                            "feedback: feedback.yaml\n", encoding="utf-8")
    (folder / "feedback.yaml").write_text("file: survey.csv\ncolumns: {response_id: id, date: when, nps: score, "
                                          "customer_id: cust}\n", encoding="utf-8")
    (folder / "survey.csv").write_text(
        "id,when,score,cust\nS1,2026-02-27 12:00,4,\nS2,2026-03-03 12:00,3,K6\nS3,2026-03-02 12:00,9,K1\n"
        "S4,2026-03-03 09:00,5,K99\nS5,2026-02-26 12:00,2,\nS6,2026-03-04 15:00,8,K6\n", encoding="utf-8")
    e = load_engagement(folder)
    assert list(e.feedback.data["customer_id"]) == ["", "", "K1", "K99", "K6", "K6"]  # sorted by date
    loop = analyse_complaints(e.complaints, feedback=e.feedback).closed_loop
    assert (loop.detractors, loop.followed_up, loop.within_standard) == (3, 2, 1)
    assert loop.outcomes.set_index("response_id").loc["S2", "later_nps"] == 8.0


def test_all_channels_each_case_against_its_own_standard(make_log):
    """Calendar clock; phone standard 1 h, e-mail 4 h; export Tue 10 Mar 12:00. First replies: P1 0.5 h,
    P2 2 h, E1 3 h, E2 open since 10:00 (2 h, censored), E3 6 h. As shares of each case's standard: 0.5, 2,
    0.75, 0.5+ (censored), 1.5. KM at 1: t=0.5: 5 at risk, 1 done, S = 0.8 (the censored 0.5+ then
    leaves); t=0.75: 3 at risk, S = 0.8 x 2/3 = 0.5333; so 46.67% within standard (dropping the open case
    says 2/4, counting it late 2/5). Median of the raw hours 0.5, 2, 2+, 3, 6: S(0.5) = 0.8,
    S(2) = 0.8 x 3/4 = 0.6, S(3) = 0.6 x 1/2 = 0.3: 3 h."""
    rows = ["P1,2026-03-02 10:00,2026-03-02 10:30,2026-03-02 10:30,2026-03-02 10:30,Phone,A,,0,,,,,",
            "P2,2026-03-02 10:00,2026-03-02 12:00,2026-03-02 12:00,2026-03-02 12:00,Phone,A,,0,,,,,",
            "E1,2026-03-03 10:00,2026-03-03 13:00,2026-03-03 13:00,2026-03-03 13:00,E-mail,A,,0,,,,,",
            "E2,2026-03-10 10:00,,,,E-mail,A,,0,,,,,",
            "E3,2026-03-04 10:00,2026-03-04 16:00,2026-03-04 16:00,2026-03-04 16:00,E-mail,A,,0,,,,,"]
    section = make_log(rows, [("export_date: 2026-03-04T17:00", "export_date: 2026-03-10T12:00"),
                              ("first_response_h: {email: 4}", "first_response_h: {email: 4, phone: 1}"),
                              ("clock: business", "clock: calendar"),
                              ("channels: {E-mail: email}", "channels: {E-mail: email, Phone: phone}")])
    t = analyse_complaints(section).time("first_response", "all")
    assert math.isnan(t.standard_h)
    assert t.share_within == pytest.approx(1 - 0.8 * 2 / 3)
    assert t.median_h == pytest.approx(3.0)
    assert analyse_complaints(section).time("first_response", "phone").share_within == pytest.approx(0.5)


def test_closed_loop_on_the_calendar_clock_by_hand(log_folder):
    """The detractors of ``test_closed_loop_by_hand`` on the calendar clock (real elapsed hours; no DST
    change in Paris between 27 Feb and 4 Mar 2026): S1 Fri 27 Feb 12:00 -> C2's first reply Mon 2 Mar
    11:00 = 2 days 23 h = 71 h; S2 Tue 3 Mar 12:00 -> C6's first reply Wed 4 Mar 09:00 = 21 h. Both over the
    6 h standard: 3 detractors, 2 followed up, 0 within; median delay (21 + 71) / 2 = 46 h. Run with
    pandas' warnings as errors: the closed loop must not lean on deprecated downcasting, and the calendar
    clock must write into arrays it owns (copy-on-write hands out read-only views)."""
    import warnings

    yaml_file = log_folder / "complaints.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("clock: business", "clock: calendar"),
                         encoding="utf-8")
    section = load_engagement(log_folder).complaints
    assert section.standards.clock == "calendar"
    feedback = pd.DataFrame({
        "response_id": ["S1", "S2", "S3", "S4", "S5", "S6"],
        "date": pd.to_datetime(["2026-02-27 12:00", "2026-03-03 12:00", "2026-03-02 12:00", "2026-03-03 09:00",
                                "2026-02-26 12:00", "2026-03-04 15:00"]),
        "nps": [4.0, 3.0, 9.0, 5.0, 2.0, 8.0],
        "customer_id": ["", "K6", "K1", "K99", "", "K6"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)
        warnings.simplefilter("error", DeprecationWarning)
        loop = closed_loop(section, feedback)
        analysis = analyse_complaints(section)
    assert (loop.detractors, loop.followed_up, loop.within_standard) == (3, 2, 0)
    rows = loop.outcomes.set_index("response_id")
    assert rows.loc["S1", "followup_h"] == pytest.approx(71.0) and rows.loc["S2", "followup_h"] == pytest.approx(21.0)
    assert loop.median_h == pytest.approx(46.0)
    assert rows.loc["S1", "recontacts"] == 1 and rows.loc["S4", "case_id"] == ""
    # C1: Mon 09:00 -> 13:00 is 4 calendar hours to resolution; C3: Fri 16:00 -> Mon 11:00 is 67 h
    durations, observed = event_durations(section, "resolution")
    ids = list(section.cases["case_id"])
    assert durations[ids.index("C1")] == pytest.approx(4.0) and durations[ids.index("C3")] == pytest.approx(67.0)
    assert analysis.cases == 8
