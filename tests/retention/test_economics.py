"""Cost of poor service, defection split, NPV/IRR and ROCE: hand-worked and published values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, stats

from cxconsult.errors import ModelError
from cxconsult.retention.economics import (CXProgramme, cost_of_poor_service, defection_split,
                                           goodman_intervals, irr, npv, programme_cashflows, roce,
                                           roce_sensitivity, service_defection_cost)


def test_npv_hand_worked():
    """-100 now, 60 in one and two periods at 10%: -100 + 54.545 + 49.587 = 4.1322."""
    assert npv(0.10, [-100, 60, 60]) == pytest.approx(-100 + 60 / 1.1 + 60 / 1.21)
    assert npv(0.10, [-100, 60, 60]) == pytest.approx(4.1322, abs=1e-4)


def test_irr_hand_worked_quadratic():
    """-100, 60, 60: 60x + 60x^2 = 100 with x = 1/(1+i) -> x = (-60 + sqrt(3600 + 24000))/120,
    i = 1/x - 1 = 13.066%."""
    x = (-60 + math.sqrt(3600 + 24000)) / 120
    assert irr([-100, 60, 60]) == pytest.approx(1 / x - 1, rel=1e-10)


def test_irr_and_npv_numpy_financial_examples():
    """numpy-financial docstring examples: irr([-100, 39, 59, 55, 20]) = 0.28095;
    npv(0.281, [-100, 39, 59, 55, 20]) = -0.0084786."""
    assert irr([-100, 39, 59, 55, 20]) == pytest.approx(0.28095, abs=1e-5)
    assert npv(0.281, [-100, 39, 59, 55, 20]) == pytest.approx(-0.0084786, abs=1e-6)


def test_irr_negative_or_missing():
    """-100, 10, 10 never pays back but has an IRR: 10x + 10x^2 = 100 -> x = (-10 + sqrt(4100))/20,
    i = 1/x - 1 = -62.98%. Flows that are all negative have no IRR (NaN)."""
    x = (-10 + math.sqrt(4100)) / 20
    assert irr([-100, 10, 10]) == pytest.approx(1 / x - 1, rel=1e-9)
    assert math.isnan(irr([-100, -10, -10]))


def test_cost_of_poor_service_breakdown():
    """Hand sum: 100 x 300 + 2000 x 4 + 10 x 5000 = 30,000 + 8,000 + 50,000 = 88,000."""
    result = cost_of_poor_service([
        {"item": "lost to competitor", "kind": "defection", "count_per_year": 100, "value_each": 300},
        {"item": "repeat calls", "kind": "rework", "count_per_year": 2000, "value_each": 4},
        {"item": "contracts not renewed", "kind": "non_renewal", "count_per_year": 10, "value_each": 5000},
    ])
    assert result.total_per_year == pytest.approx(88_000)
    assert list(result.by_kind().index) == ["non_renewal", "defection", "rework"]
    assert result.table()["share"].sum() == pytest.approx(1.0)
    assert "88,000" in result.summary()
    with pytest.raises(ModelError, match="kind"):
        cost_of_poor_service([{"item": "x", "kind": "fraud", "count_per_year": 1, "value_each": 1}])
    with pytest.raises(ModelError, match=">= 0"):
        cost_of_poor_service([{"item": "x", "kind": "churn", "count_per_year": -1, "value_each": 1}])


def test_goodman_with_two_categories_is_a_wilson_interval():
    """With k = 2, Goodman's A is the chi-square(1) quantile at 1 - alpha/2, i.e. z^2 at 1 - alpha/4:
    the interval equals scipy's Wilson score interval at confidence 1 - alpha/2 (independent code)."""
    bounds = goodman_intervals([30, 70], 0.95)
    wilson = stats.binomtest(30, 100).proportion_ci(confidence_level=0.975, method="wilson")
    assert bounds[0] == pytest.approx([wilson.low, wilson.high], rel=1e-9)


def test_defection_split_shares_and_intervals():
    """Counts 300 price, 200 service, 100 other of 600: shares 50%, 33.3%, 16.7%; the service Wilson
    interval is scipy's; simultaneous intervals are wider than the single Wilson interval."""
    split = defection_split([
        {"reason": "cheaper elsewhere", "category": "price", "count": 300},
        {"reason": "not fixed", "category": "service", "count": 150},
        {"reason": "rude", "category": "service", "count": 50},
        {"reason": "moved", "category": "other", "count": 100},
    ])
    assert split.total == 600
    assert split.shares["service"] == pytest.approx(1 / 3)
    assert split.service_of_price_and_service == pytest.approx(0.4)
    w = stats.binomtest(200, 600).proportion_ci(method="wilson")
    assert split.service_share_interval == pytest.approx((w.low, w.high))
    lo, hi = split.intervals["service"]
    assert lo < w.low and hi > w.high
    with pytest.raises(ModelError, match="no answers"):
        defection_split([{"reason": "x", "category": "price", "count": 0}])
    with pytest.raises(ModelError, match="category"):
        defection_split([{"reason": "x", "category": "weather", "count": 3}])


def test_service_defection_cost_hand_worked():
    """10,000 defections x 1/3 service-driven x CLV 600 = 2,000,000 a year."""
    split = defection_split([{"reason": "a", "category": "price", "count": 200},
                             {"reason": "b", "category": "service", "count": 100}])
    cost = service_defection_cost(split, 10_000, 600)
    assert cost.per_year == pytest.approx(2_000_000)
    lo, hi = cost.interval
    assert lo < cost.per_year < hi


def _programme(**changes):
    base = dict(investment=1_000_000, running_cost_per_year=0, customers=1000, margin_per_customer_per_year=120,
                retention_per_year=0.8, retention_gain_points=0, discount_rate_per_year=0.0, horizon_years=3,
                ramp_months=0, cost_of_poor_service_per_year=1_200_000, poor_service_reduction=0.5)
    base.update(changes)
    return CXProgramme(**base)


def test_roce_annuity_hand_worked():
    """No retention gain: benefit = 1.2m x 50% / 12 = 50,000 a month for 36 months, 1m invested.
    Undiscounted NPV = 36 x 50,000 - 1,000,000 = 800,000; payback after 20 months (20 x 50,000 = 1m).
    IRR: the monthly rate i with 50,000 (1 - (1+i)^-36)/i = 1,000,000 (annuity formula), per year
    (1+i)^12 - 1."""
    result = roce(_programme())
    assert result.npv == pytest.approx(800_000)
    assert result.payback_month == 20
    monthly = optimize.brentq(lambda i: 50_000 * (1 - (1 + i) ** -36) / i - 1_000_000, 1e-6, 1.0)
    assert result.irr_per_year == pytest.approx((1 + monthly) ** 12 - 1, rel=1e-8)
    assert result.roi == pytest.approx(0.8)
    assert "NPV" in result.summary()


def test_retention_gain_hand_worked():
    """1000 customers, 80% -> 90% a year at full effect from month 1: after 12 months 900 vs 800 remain,
    so 100 extra customers earn 120/12 = 10 each in month 12 -> 1,000."""
    flows = programme_cashflows(_programme(retention_gain_points=10, cost_of_poor_service_per_year=0))
    row = flows.loc[flows["month"] == 12].iloc[0]
    assert row["extra_customers"] == pytest.approx(100)
    assert row["retention_margin"] == pytest.approx(1000)


def test_discounting_and_ramp():
    """At 12.68% a year (1% a month) month 12 is discounted by 1.01^12; a 10-month ramp gives 50% at 5."""
    flows = programme_cashflows(_programme(discount_rate_per_year=1.01**12 - 1, ramp_months=10))
    m12 = flows.loc[flows["month"] == 12].iloc[0]
    assert m12["discounted"] == pytest.approx(m12["net"] / 1.01**12)
    assert flows.loc[flows["month"] == 5, "ramp"].iloc[0] == pytest.approx(0.5)


def test_sensitivity_is_monotone_in_gain():
    table = roce_sensitivity(_programme(cost_of_poor_service_per_year=0, retention_gain_points=1),
                             [0, 1, 2, 4])
    assert list(table["retention_gain_points"]) == [0, 1, 2, 4]
    assert np.all(np.diff(table["npv"]) > 0)
    assert table.loc[0, "npv"] == pytest.approx(-1_000_000)


def test_programme_validation():
    with pytest.raises(ModelError, match="retention_per_year"):
        _programme(retention_per_year=1.2)
    with pytest.raises(ModelError, match="100%"):
        _programme(retention_gain_points=25)
