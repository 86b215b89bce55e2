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

SMALL = dict(
    customers=100_000, customer_growth_monthly=0.01, contacts_per_customer_monthly=0.3,
    contacts_per_customer_trend_monthly=0.0, transactional_share=0.5, self_service_baseline=0.2,
    self_service_target=0.6, adoption_midpoint_month=12, adoption_steepness=0.5,
    self_service_leak_back=0.25,
    channels=(Channel("voice", 0.8, 300.0, True), Channel("email", 0.2, 600.0, False)),
    aht_trend_monthly=0.0, open_days_per_month=30, busy_interval_share=0.1, interval_s=1800,
    service_level_target=0.8, answer_s=20, shrinkage=0.3, max_occupancy=0.85,
    hours_per_fte_per_year=1800, overhead_ratio=0.1, cost_per_fte_per_year=36_000,
    wage_inflation_per_year=0.0, technology_cost_monthly=50_000, self_service_cost_per_contact=0.5,
    other_fixed_cost_monthly=10_000, revenue_per_customer_monthly=30, revenue_per_customer_growth_monthly=0.0,
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


def test_month_12_by_hand():
    """Month 12 of a small centre, every step by hand (see SMALL)."""
    row = project(Assumptions(**SMALL)).loc[12]
    customers = 100_000 * 1.01 ** 12                       # 112,682.50
    contacts = customers * 0.3                             # 33,804.75
    transactional = contacts * 0.5
    logistic = lambda m: 1 / (1 + math.exp(-0.5 * (m - 12)))
    progress = (logistic(12) - logistic(0)) / (1 - logistic(0))   # (0.5 - 0.00247) / 0.99753
    adoption = 0.2 + (0.6 - 0.2) * progress                # 0.3995
    resolved_share = adoption * (1 - 0.25)                 # 0.2996 of transactional contacts
    resolved = transactional * resolved_share
    assisted = contacts - resolved
    voice, email = 0.8 * assisted, 0.2 * assisted
    # Busy half hour: a day's voice (voice / 30) x 10 %; traffic in Erlangs = calls x 300 / 1800.
    traffic = voice / 30 * 0.1 * 300 / 1800
    n = math.ceil(traffic)
    while _erlang_sl(traffic, n, 300, 20) < 0.8:
        n += 1
    n = max(n, math.ceil(traffic / 0.85))                  # 85 % occupancy ceiling
    occ = traffic / n
    voice_hours = voice * 300 / 3600
    email_hours = email * 600 / 3600
    agent_hours = voice_hours / occ + email_hours / 0.85
    fte = agent_hours / (1800 / 12 * (1 - 0.3))
    headcount = fte * 1.1
    people = headcount * 36_000 / 12
    ss_cost = transactional * adoption * 0.5
    cost_base = people + 50_000 + ss_cost + 10_000
    revenue = customers * 30

    assert row["customers"] == pytest.approx(customers, rel=1e-12)
    assert row["contacts"] == pytest.approx(contacts, rel=1e-12)
    assert row["self_service_adoption"] == pytest.approx(adoption, rel=1e-12)
    assert row["self_service_share"] == pytest.approx(resolved_share, rel=1e-12)
    assert row["self_service_contacts"] == pytest.approx(transactional * adoption, rel=1e-12)
    assert row["assisted_contacts"] == pytest.approx(assisted, rel=1e-12)
    assert row["assisted_voice"] == pytest.approx(voice, rel=1e-12)
    assert row["assisted_email"] == pytest.approx(email, rel=1e-12)
    assert row["agents_voice"] == n == row["agents_busy_interval"]
    assert row["workload_hours"] == pytest.approx(voice_hours + email_hours, rel=1e-12)
    assert row["fte"] == pytest.approx(fte, rel=1e-12)
    assert row["headcount"] == pytest.approx(headcount, rel=1e-12)
    assert row["people_cost"] == pytest.approx(people, rel=1e-12)
    assert row["self_service_cost"] == pytest.approx(ss_cost, rel=1e-12)
    assert row["cost_base"] == pytest.approx(cost_base, rel=1e-12)
    assert row["revenue"] == pytest.approx(revenue, rel=1e-12)


def test_frame_shape_and_month_zero_is_today():
    frame = project(Assumptions(), months=36)
    assert list(frame.index) == list(range(37)) and frame.index.name == "month"
    for col in ("customers", "contacts_per_customer", "contacts", "self_service_share",
                "self_service_contacts", "assisted_contacts", "assisted_voice", "assisted_chat",
                "assisted_email", "workload_hours", "agents_busy_interval", "fte", "headcount",
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
        for col in ("headcount", "cost_base", "self_service_share", "agents_busy_interval"):
            assert np.allclose(batch[col][i], single[col].to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("field,value,match", [
    ("transactional_share", 1.2, "transactional_share"),
    ("customers", -5, "customers"),
    ("shrinkage", 1.0, "shrinkage"),
    ("service_level_target", 1.0, "service_level_target"),
    ("max_occupancy", 0.0, "max_occupancy"),
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
