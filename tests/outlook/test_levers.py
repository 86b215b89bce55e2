"""What-must-be-true solutions checked against closed-form answers worked by hand."""

from __future__ import annotations

import math

import pytest

from cxconsult.errors import ModelError
from cxconsult.outlook import Assumptions, Targets, check_targets, project
from cxconsult.outlook.levers import plausible_range, sensitivity, what_must_be_true


def _progress(a: Assumptions, m: float) -> float:
    f = lambda x: 1 / (1 + math.exp(-a.adoption_steepness * (x - a.adoption_midpoint_month)))
    return (f(m) - f(0)) / (1 - f(0))


def test_self_service_target_needed_for_50_percent_resolved():
    # Resolved share at 36 = (b + (T - b) p36) (1 - leak) = 0.5  =>  T = b + (0.5 / (1 - leak) - b) / p36
    a = Assumptions()
    p36 = _progress(a, 36)
    expected = a.self_service_baseline + (0.5 / (1 - a.self_service_leak_back) - a.self_service_baseline) / p36
    sol = what_must_be_true(a, "self_service_share", "self_service_target")
    assert sol.value == pytest.approx(expected, abs=1e-7)
    assert sol.direction == "raise" and not sol.already_met
    assert "self_service_target must be at least" in sol.summary()


def test_customer_growth_needed_for_revenue_plus_20():
    # Revenue change = ((1 + g)(1 + r))^36 - 1 = 0.20  =>  g = 1.2^(1/36) / (1 + r) - 1
    a = Assumptions()
    r = a.revenue_per_customer_growth_monthly
    expected = 1.2 ** (1 / 36) / (1 + r) - 1
    sol = what_must_be_true(a, "revenue", "customer_growth_monthly")
    assert sol.value == pytest.approx(expected, abs=1e-8)
    assert sol.already_met  # today's 0.4 %/month is above the break-even


def test_headcount_lever_solution_sits_on_the_boundary():
    a = Assumptions()
    sol = what_must_be_true(a, "headcount", "aht_s")
    assert sol.direction == "lower" and sol.value < a.mean_aht_s
    met = check_targets(project(a.with_plan(aht_s=sol.value)))["headcount"].on_track
    not_met = check_targets(project(a.with_plan(aht_s=sol.value * 1.001)))["headcount"].on_track
    assert met and not not_met


def test_unreachable_target_names_lever_and_best_value():
    # With 60 % leak-back, even 100 % adoption resolves only 40 % of transactional contacts.
    a = Assumptions(self_service_leak_back=0.6)
    with pytest.raises(ModelError, match=r"no value of self_service_target .* self_service_share"):
        what_must_be_true(a, "self_service_share", "self_service_target")


def test_unknown_names_are_rejected():
    with pytest.raises(ModelError, match="unknown target"):
        what_must_be_true(Assumptions(), "profit", "aht_s")
    with pytest.raises(ModelError, match="unknown lever"):
        plausible_range(Assumptions(), "magic")


def test_sensitivity_revenue_rows_match_closed_form():
    a = Assumptions()
    table = sensitivity(a, Targets(), levers=("revenue_per_customer_growth_monthly", "aht_s"), swing=0.1)
    row = table[(table.lever == "revenue_per_customer_growth_monthly") & (table.csf == "revenue")].iloc[0]
    g, r = a.customer_growth_monthly, a.revenue_per_customer_growth_monthly
    assert row["metric_low"] == pytest.approx(((1 + g) * (1 + 0.9 * r)) ** 36 - 1, rel=1e-12)
    assert row["metric_high"] == pytest.approx(((1 + g) * (1 + 1.1 * r)) ** 36 - 1, rel=1e-12)
    # AHT does not move revenue; a lower planned AHT lowers headcount.
    aht_rev = table[(table.lever == "aht_s") & (table.csf == "revenue")].iloc[0]
    assert aht_rev["range"] == 0
    aht_hc = table[(table.lever == "aht_s") & (table.csf == "headcount")].iloc[0]
    assert aht_hc["metric_low"] < aht_hc["metric_base"] < aht_hc["metric_high"]
    with pytest.raises(ModelError, match="swing"):
        sensitivity(a, swing=1.5)
