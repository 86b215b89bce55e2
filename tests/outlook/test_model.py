"""The 36-month projection and CSF checks against a hand-worked month and hand-built frames."""

from __future__ import annotations

import math
import pickle
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from cxconsult.errors import ModelError
from cxconsult.outlook import Assumptions, Channel, Targets, check_targets, project, project_batch

from cxconsult.outlook.intraday import WeeklyProfile, backlog_staffing
from cxconsult.outlook.model import WEEKS_PER_MONTH, interval_staffing

# A week with two open hours (1-hour intervals): Monday 10:00 gets 60 % of the week's contacts,
# Tuesday 14:00 gets 40 %. Small enough to staff by hand.
_SHARES = [0.0] * (7 * 24)
_SHARES[10] = 0.6
_SHARES[24 + 14] = 0.4
TWO_HOURS = WeeklyProfile(tuple(_SHARES), 24, "test")
SEASON = (1.2, 1.1, 1.0, 0.9, 0.9, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0)   # averages 1

SMALL = dict(
    customers=20_000, customer_growth_monthly=0.01, contacts_per_customer_monthly=0.3,
    contacts_per_customer_trend_monthly=0.002, transactional_share=0.5, self_service_baseline=0.2,
    self_service_target=0.6, adoption_midpoint_month=12, adoption_steepness=0.5,
    self_service_leak_back=0.25, self_service_aht_elasticity=0.3,
    channels=(Channel("voice", 0.8, 300.0, kind="phone", cost_per_contact=0.1),
              Channel("email", 0.2, 600.0, kind="email", response_hours=2.0)),
    aht_trend_monthly=-0.003, interval_s=3600, profile=TWO_HOURS, seasonality=SEASON, start_month=12,
    service_level_target=0.8, answer_s=20, shrinkage=0.3, max_occupancy=0.85,
    hours_per_fte_per_year=1800, overhead_ratio=0.1, cost_per_fte_per_year=36_000,
    wage_inflation_per_year=0.04, technology_cost_monthly=50_000, self_service_cost_per_contact=0.5,
    other_fixed_cost_monthly=10_000, revenue_per_customer_monthly=30,
    revenue_per_customer_growth_monthly=0.001,
)


def _erlang_sl(traffic: float, n: int, aht: float, t: float) -> float:
    """Erlang C service level by the textbook sum (term_k = A^k / k!), independent of the package."""
    if n <= traffic:
        return 0.0
    terms = [1.0]
    for k in range(1, n + 1):
        terms.append(terms[-1] * traffic / k)
    top = terms[n] * n / (n - traffic)
    c = top / (math.fsum(terms[:n]) + top)
    return 1 - c * math.exp(-(n - traffic) * t / aht)


def _agents_by_hand(traffic: float, aht: float, t: float, target: float, occ: float) -> int:
    n = 1                                     # start at one agent: below 1 Erlang one can be enough
    while _erlang_sl(traffic, n, aht, t) < target:
        n += 1
    return max(n, math.ceil(traffic / occ - 1e-9))


def test_month_12_by_hand_with_every_trend_non_zero():
    """Month 12 of a small centre, every step by hand (see SMALL): growth, contact-rate trend, AHT
    trend, self-service elasticity, seasonality, wage inflation and revenue growth all non-zero."""
    row = project(Assumptions(**SMALL)).loc[12]
    row0 = project(Assumptions(**SMALL)).loc[0]
    customers = 20_000 * 1.01 ** 12                        # 22,536.50
    cpc = 0.3 * 1.002 ** 12                                # contacts per customer, +0.2 %/month
    # month 0 is a December (start_month 12): month 12 is December again -> factor 1.0;
    # month 1 is January -> 1.2.
    contacts = customers * cpc * 1.0
    transactional = contacts * 0.5
    logistic = lambda m: 1 / (1 + math.exp(-0.5 * (m - 12)))  # noqa: E731
    progress = (logistic(12) - logistic(0)) / (1 - logistic(0))
    adoption = 0.2 + (0.6 - 0.2) * progress                # 0.3995
    resolved_share = adoption * (1 - 0.25)                 # of transactional contacts
    resolved = transactional * resolved_share
    assisted = contacts - resolved
    # Elasticity: share of ALL contacts resolved in self-service rose from 0.2*0.75*0.5 = 0.075
    complexity = 1 + 0.3 * (resolved_share * 0.5 - 0.2 * 0.75 * 0.5)
    aht_factor = (1 - 0.003) ** 12 * complexity
    voice, email = 0.8 * assisted, 0.2 * assisted
    voice_aht, email_aht = 300 * aht_factor, 600 * aht_factor
    # A month holds 365.25 / 12 / 7 = 4.348 weeks; the week's voice calls fall 60 % / 40 % into
    # two one-hour intervals, each staffed to 80 % in 20 s under the 85 % occupancy ceiling.
    weeks = 365.25 / 12 / 7
    week_calls = voice / weeks
    n1 = _agents_by_hand(week_calls * 0.6 * voice_aht / 3600, voice_aht, 20, 0.8, 0.85)
    n2 = _agents_by_hand(week_calls * 0.4 * voice_aht / 3600, voice_aht, 20, 0.8, 0.85)
    voice_hours = (n1 + n2) * 1.0 * weeks                  # agents x 1 h x weeks
    email_hours = email * email_aht / 3600 / 0.85          # worked at the occupancy ceiling
    fte = (voice_hours + email_hours) / (1800 / 12 * (1 - 0.3))
    headcount = fte * 1.1
    cost_per_fte = 36_000 * 1.04 ** (12 / 12)              # wage inflation, one year
    people = headcount * cost_per_fte / 12
    ss_cost = transactional * adoption * 0.5
    channel_cost = voice * 0.1
    cost_base = people + 50_000 + ss_cost + channel_cost + 10_000
    revenue = customers * 30 * 1.001 ** 12

    assert row["customers"] == pytest.approx(customers, rel=1e-12)
    assert row["contacts"] == pytest.approx(contacts, rel=1e-12)
    assert row0["contacts"] == pytest.approx(20_000 * 0.3 * 1.0, rel=1e-12)
    assert project(Assumptions(**SMALL)).loc[1, "seasonality"] == 1.2
    assert row["self_service_share"] == pytest.approx(resolved_share, rel=1e-12)
    assert row["assisted_voice"] == pytest.approx(voice, rel=1e-12)
    assert row["complexity_factor"] == pytest.approx(complexity, rel=1e-12)
    assert row["aht_voice"] == pytest.approx(voice_aht, rel=1e-12)
    assert row["agents_peak_voice"] == max(n1, n2)
    assert row["agent_hours_voice"] == pytest.approx(voice_hours, rel=1e-12)
    assert row["agent_hours_email"] == pytest.approx(email_hours, rel=1e-12)
    assert row["fte"] == pytest.approx(fte, rel=1e-12)
    assert row["headcount"] == pytest.approx(headcount, rel=1e-12)
    assert row["cost_per_fte_per_year"] == pytest.approx(cost_per_fte, rel=1e-12)
    assert row["people_cost"] == pytest.approx(people, rel=1e-12)
    assert row["self_service_cost"] == pytest.approx(ss_cost, rel=1e-12)
    assert row["cost_base"] == pytest.approx(cost_base, rel=1e-12)
    assert row["revenue"] == pytest.approx(revenue, rel=1e-12)
    assert row["cost_voice"] == pytest.approx(row["fte_voice"] * 1.1 * cost_per_fte / 12 + channel_cost)


def test_interval_staffing_adds_up_to_the_month():
    a = Assumptions(patience_s=120, max_abandon=0.05)      # Erlang A on the default week
    frame = project(a)
    for month in (0, 7, 36):
        week = interval_staffing(a, month)
        for ch in a.channels:
            assert week[f"contacts_{ch.name}"].sum() * WEEKS_PER_MONTH == pytest.approx(
                frame.loc[month, f"assisted_{ch.name}"], rel=1e-12)
            hours = week[f"agents_{ch.name}"].sum() * 0.5 * WEEKS_PER_MONTH   # half-hour intervals
            assert hours == pytest.approx(frame.loc[month, f"agent_hours_{ch.name}"], rel=1e-12)
            assert week[f"agents_{ch.name}"].max() == pytest.approx(frame.loc[month, f"agents_peak_{ch.name}"])
        voice = week["agents_voice"].to_numpy()
        assert (voice == np.round(voice)).all() and voice.max() > 0


def test_every_interval_meets_its_standard():
    from cxconsult.outlook.staffing import agents_required
    a = Assumptions(patience_s=120, max_abandon=0.05)
    week = interval_staffing(a, 12)
    aht = project(a).loc[12, "aht_voice"]
    busy = week[week["contacts_voice"] > 0].sample(25, random_state=1)
    for calls, agents in zip(busy["contacts_voice"], busy["agents_voice"]):
        assert agents == agents_required(calls, aht, 1800, 0.8, 20, max_occupancy=0.85,
                                         patience_s=120, max_abandon=0.05)


def test_chat_concurrency_by_hand():
    # One open hour a week; 60 chats in it, sessions of 600 s: 10 Erlangs of chat slots. Slots for
    # 80 % in 60 s by the textbook Erlang C sum: 14 (SL(13) = 0.7887, SL(14) = 0.8833); the 85 %
    # occupancy ceiling needs ceil(10 / 0.85) = 12 slots, so 14 slots. Two chats per agent:
    # ceil(14 / 2) = 7 agents; one chat per agent: 14.
    assert _erlang_sl(10, 13, 600, 60) < 0.8 <= _erlang_sl(10, 14, 600, 60)
    shares = [0.0] * (7 * 24)
    shares[10] = 1.0
    one_hour = WeeklyProfile(tuple(shares), 24, "test")
    chats_month = 60 * WEEKS_PER_MONTH
    a = Assumptions(customers=chats_month, contacts_per_customer_monthly=1.0, transactional_share=0.0,
                    self_service_baseline=0.0, self_service_target=0.0, customer_growth_monthly=0.0,
                    aht_trend_monthly=0.0, interval_s=3600, profile=one_hour,
                    channels=(Channel("chat", 1.0, 600.0, kind="chat", concurrency=2.0,
                                      service_level_target=0.8, answer_s=60),))
    row = project(a, months=1).loc[0]
    assert row["agents_peak_chat"] == 7
    assert row["agent_hours_chat"] == pytest.approx(7 * WEEKS_PER_MONTH)
    single = project(a.with_values(channels=(Channel("chat", 1.0, 600.0, kind="chat", concurrency=1.0,
                                                     service_level_target=0.8, answer_s=60),)), months=1)
    assert single.loc[0, "agents_peak_chat"] == 14
    three = project(a.with_values(channels=(Channel("chat", 1.0, 600.0, kind="chat", concurrency=3.0,
                                                    service_level_target=0.8, answer_s=60),)), months=1)
    assert three.loc[0, "agents_peak_chat"] == 5                      # ceil(14 / 3)


def test_email_backlog_by_hand():
    # 6 hours of email work arrive in the first of four 1-hour intervals, answered within 2 hours:
    # worked 3 h in that interval and 3 h in the next -> agents [3, 3, 0, 0] at 100 % occupancy;
    # at 75 % occupancy [4, 4, 0, 0]. Within 6 hours (wrapping round the week): [2, 2, 1, 1].
    assert backlog_staffing(np.array([6.0, 0, 0, 0]), 2, 3600, 1.0).tolist() == [3, 3, 0, 0]
    assert backlog_staffing(np.array([6.0, 0, 0, 0]), 2, 3600, 0.75).tolist() == pytest.approx([4, 4, 0, 0])
    assert backlog_staffing(np.array([6.0, 0, 0, 0]), 6, 3600, 1.0).tolist() == [2, 2, 1, 1]
    # In the outlook: the week's hours equal the work / occupancy whatever the standard.
    a = Assumptions(**SMALL)
    week = interval_staffing(a, 12)
    assert week["agents_email"].iloc[10] == pytest.approx(week["agents_email"].iloc[11])   # 2-hour window
    assert week["agents_email"].iloc[12] == 0


def test_self_service_elasticity_raises_the_remaining_handling_time():
    flat = project(Assumptions(self_service_aht_elasticity=0.0))
    steep = project(Assumptions(self_service_aht_elasticity=1.0))
    assert (flat["complexity_factor"] == 1).all()
    gain = steep["self_service_share"] * 0.6 - steep.loc[0, "self_service_share"] * 0.6
    assert np.allclose(steep["complexity_factor"], 1 + gain)
    assert steep.loc[36, "fte"] > flat.loc[36, "fte"]


def test_digital_share_plan_moves_contacts_between_channels():
    a = Assumptions().with_plan(digital_share=0.55)
    frame = project(a)
    assert frame.loc[0, "digital_share"] == pytest.approx(0.35)
    assert frame.loc[18, "digital_share"] == pytest.approx(0.45)
    assert frame.loc[36, "digital_share"] == pytest.approx(0.55)
    assert frame.loc[36, "assisted_chat"] / frame.loc[36, "assisted_email"] == pytest.approx(0.20 / 0.15)


@pytest.mark.parametrize("kwargs, words", [
    (dict(patience_s=-5), "patience_s"),
    (dict(channels=(Channel("voice", 1.0, 300),), max_abandon=0.05), "needs patience_s"),
    (dict(seasonality=(1.5,) * 12), "average 1"),
    (dict(interval_s=1800, profile=TWO_HOURS), "does not match the profile"),
])
def test_bad_staffing_assumptions_are_named(kwargs, words):
    with pytest.raises(ModelError, match=words):
        Assumptions(**kwargs)


@pytest.mark.parametrize("make, words", [
    (lambda: Channel("chat", 1.0, 600, kind="chat", concurrency=0), "concurrency must be in 1..10"),
    (lambda: Channel("fax", 1.0, 600, kind="fax"), "kind must be one of"),
    (lambda: Channel("mail", 1.0, 600, kind="email", patience_s=60), "deferred work"),
    (lambda: WeeklyProfile((1 / 300,) * 336, 48), "sum to 1"),
    (lambda: WeeklyProfile((1 / 336,) * 335 + (-0.1,), 48), ">= 0"),
])
def test_bad_channels_and_profiles_are_named(make, words):
    with pytest.raises(ModelError, match=words):
        make()


def test_absurd_sizes_answer_or_refuse_at_once():
    import time
    start = time.perf_counter()
    for bad in (dict(customers=1e22), dict(customers=1e300)):
        with pytest.raises(ModelError, match="customers"):
            Assumptions(**bad)
    with pytest.raises(ModelError, match="months"):
        project(Assumptions(), months=10**8)
    with pytest.raises(ModelError, match="by_month"):
        Targets(by_month=10**8)
    from cxconsult.outlook import UncertainAssumption, simulate
    with pytest.raises(ModelError, match="n_paths"):
        simulate(Assumptions(), [UncertainAssumption.of("aht_s", "norm", loc=400, scale=10)], n_paths=10**9)
    with pytest.raises(ModelError, match="at most 200,000"):
        project_batch(Assumptions(), {"customers": np.full(300_000, 1000.0)})
    assert time.perf_counter() - start < 2


def test_frame_shape_and_month_zero_is_today():
    frame = project(Assumptions(), months=36)
    assert list(frame.index) == list(range(37)) and frame.index.name == "month"
    for col in ("customers", "contacts_per_customer", "contacts", "self_service_share",
                "self_service_contacts", "assisted_contacts", "assisted_voice", "assisted_chat",
                "assisted_email", "workload_hours", "agents_peak_interval", "fte", "headcount",
                "people_cost", "technology_cost", "self_service_cost", "cost_base", "revenue"):
        assert col in frame.columns and frame[col].notna().all()
    a = Assumptions()
    assert frame.loc[0, "customers"] == a.customers
    assert frame.loc[0, "self_service_share"] == pytest.approx(a.self_service_baseline * (1 - a.self_service_leak_back))
    # A planned AHT leaves month 0 untouched and is reached at plan_month.
    planned = project(a.with_plan(aht_s=a.mean_aht_s * 0.8))
    assert planned.loc[0].equals(frame.loc[0])
    ratio = planned["workload_hours"] / frame["workload_hours"]
    assert ratio.loc[36] == pytest.approx(0.8) and ratio.loc[18] == pytest.approx(0.9)


def test_leak_back_sends_contacts_back_to_agents():
    # With leak-back 1 (nothing resolves in self-service) every contact is assisted.
    frame = project(Assumptions(self_service_leak_back=1.0))
    assert np.allclose(frame["assisted_contacts"], frame["contacts"])
    assert (frame["self_service_share"] == 0).all()


def test_batch_equals_single_projections():
    base = Assumptions()
    values = np.array([0.5, 0.7, 0.9])
    batch = project_batch(base, {"self_service_target": values, "plan.aht_s": np.array([350, 380, 420.0])})
    for i, (v, aht) in enumerate(zip(values, (350, 380, 420.0))):
        single = project(base.with_values(self_service_target=v).with_plan(aht_s=aht))
        for col in ("headcount", "cost_base", "self_service_share", "agents_peak_interval"):
            assert np.allclose(batch[col][i], single[col].to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("field,value,match", [
    ("transactional_share", 1.2, "transactional_share"),
    ("customers", -5, "customers"),
    ("shrinkage", 0.75, "shrinkage"),
    ("service_level_target", 1.0, "service_level_target"),
    ("max_occupancy", 0.0, "max_occupancy"),
    ("customer_growth_monthly", 0.5, "customer_growth_monthly"),
    ("customers", "many", "customers"),
])
def test_assumptions_reject_bad_values(field, value, match):
    with pytest.raises(ModelError, match=match):
        Assumptions(**{field: value})


def test_channel_shares_must_sum_to_one():
    with pytest.raises(ModelError, match="sum to 1"):
        Assumptions(channels=(Channel("voice", 0.5, 300),))
    with pytest.raises(ModelError, match="cannot be planned"):
        Assumptions().with_plan(customer_growth_monthly=0.01)


def test_check_targets_on_a_hand_built_frame():
    # Revenue: 100 -> 121 at month 3 (+21 % >= +20 %, first met month 3).
    # Cost base: 100 -> 79 at month 2 and 81 at month 3: met in month 2, not at month 3.
    frame = pd.DataFrame({
        "revenue": [100, 105, 112, 121], "cost_base": [100, 90, 79, 81],
        "headcount": [10, 8, 7, 6.9], "self_service_share": [0.1, 0.3, 0.5, 0.49],
        "customers": [5, 5, 6, 6], "contacts": [9, 8, 8, 8],
    }, index=pd.RangeIndex(4, name="month"))
    report = check_targets(frame, Targets(by_month=3))
    assert report["revenue"].on_track and report["revenue"].first_month_met == 3
    assert report["revenue"].change == pytest.approx(0.21)
    assert not report["cost_base"].on_track and report["cost_base"].first_month_met == 2
    assert report["headcount"].on_track and report["headcount"].first_month_met == 2  # -30 % at 7
    assert not report["self_service_share"].on_track and report["self_service_share"].first_month_met == 2
    assert report["customers"].on_track and report["customers"].first_month_met == 2
    assert not report["contacts"].on_track and report["contacts"].first_month_met is None
    table = report.to_frame()
    assert table.loc["contacts", "on_track"] == False  # noqa: E712
    assert "OFF TRACK" in report.summary() and "<table>" in report._repr_html_()
    assert not report.all_on_track
    with pytest.raises(ModelError, match="beyond"):
        check_targets(frame, Targets(by_month=12))


def test_results_pickle():
    report = check_targets(project(Assumptions()))
    assert pickle.loads(pickle.dumps(report)).summary() == report.summary()
    pickle.dumps(Assumptions())


def test_models_import_only_numeric_stack():
    code = ("import sys, cxconsult.outlook, cxconsult.outlook.levers, cxconsult.outlook.uncertainty;"
            "bad = [m for m in ('matplotlib', 'ipywidgets', 'voila') if m in sys.modules];"
            "print(','.join(bad))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
