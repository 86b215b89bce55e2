"""CLV formulas: Gupta & Lehmann margin multiple and hand-worked values."""

from __future__ import annotations

import math

import pytest

from cxconsult.errors import ModelError
from cxconsult.retention import fit_sbg
from cxconsult.retention.clv import (clv_from_sbg, customer_economics, margin_multiple, payback_months,
                                     per_month_rate, retention_point_value, simple_clv)


def test_margin_multiple_published():
    """Gupta & Lehmann (2003, J. Interactive Marketing 17(1)) margin-multiple table: r = 80%, i = 12%
    -> 2.5 (= 0.8 / (1 + 0.12 - 0.8) = 0.8 / 0.32); r = 90%, i = 10% -> 4.5 (0.9 / 0.2)."""
    assert margin_multiple(0.8, 0.12) == pytest.approx(2.5)
    assert margin_multiple(0.9, 0.10) == pytest.approx(4.5)


def test_timing_conventions_hand_worked():
    """m = 100: 'end' = 100 x 2.5 = 250; 'start' adds today's margin: 100 x 1.12/0.32 = 350."""
    assert simple_clv(100, 0.8, 0.12) == pytest.approx(250)
    assert simple_clv(100, 0.8, 0.12, timing="start") == pytest.approx(350)
    with pytest.raises(ModelError, match="timing"):
        simple_clv(100, 0.8, 0.12, timing="middle")
    with pytest.raises(ModelError, match="retention"):
        simple_clv(100, 1.0, 0.12)


def test_value_of_one_point_hand_worked():
    """m = 100, d = 12%: CLV(81%) = 81/0.31 x 100/100 = 261.290; minus CLV(80%) = 250 -> 11.290."""
    assert retention_point_value(100, 0.8, 0.12) == pytest.approx(100 * 0.81 / 0.31 - 250)


def test_cohort_clv_is_margin_times_derl():
    """alpha = beta = 1 would give DEL = 1.1 ln 11 at d = 10% (see test_sbg); here margin x DERL."""
    fit = fit_sbg([1000, 631, 468, 382, 326, 289, 262, 241])
    assert clv_from_sbg(fit, 50, 0.1) == pytest.approx(50 * fit.derl(0.1))
    assert clv_from_sbg(fit, 50, 0.1, renewals=2) == pytest.approx(50 * fit.derl(0.1, 2))


def test_payback_months_hand_worked():
    """CAC 100, margin 30 a month, nobody leaves: 3 months give 90, 4 give 120 -> month 4.
    Half leave each month: 30 + 15 + 7.5 + ... never exceeds 60 -> never (None)."""
    assert payback_months(100, 30) == 4
    assert payback_months(100, 30, 0.5) is None
    assert payback_months(0, 30) == 0
    # discounting at 1% a month: 30/1.01 + 30/1.01^2 + 30/1.01^3 = 88.23 < 100; + 4th = 117.06 -> 4
    assert payback_months(100, 30, discount_rate_per_month=0.01) == 4


def test_per_month_rate():
    """12.68% a year is 1% a month compounded: 1.01**12 = 1.126825."""
    assert per_month_rate(1.01**12 - 1) == pytest.approx(0.01)


def test_customer_economics_constant_retention_hand_worked():
    """margin 20/month, retention 98%/month, d = 0: CLV ('start') = 20 / (1 - 0.98) = 1000.
    Payback of CAC 210: cumulative margin after k months = 20 (1 - 0.98^k) / 0.02 = 1000 (1 - 0.98^k):
    k = 11 -> 199.3, k = 12 -> 215.3, so month 12. Acquisition / yearly retention cost = 210/35 = 6."""
    econ = customer_economics(margin_per_month=20, discount_rate_per_year=0.0, acquisition_cost=210,
                              retention_cost_per_year=35, retention_per_month=0.98)
    assert econ.clv == pytest.approx(1000)
    assert econ.payback_months == 12
    assert econ.acquisition_to_retention_cost == pytest.approx(6.0)
    assert econ.clv_to_acquisition_cost == pytest.approx(1000 / 210)
    # +1 point of yearly retention: 0.98^12 = 0.784717 -> 0.794717 a year = 0.981034 a month
    # (ln 0.794717 = -0.22978, /12, exp); CLV 20 / 0.018966 = 1054.6 -> gain 54.6
    assert econ.value_of_one_point == pytest.approx(20 / (1 - (0.98**12 + 0.01) ** (1 / 12)) - 1000)
    assert econ.value_of_one_point == pytest.approx(54.6, abs=0.1)
    assert "payback" in econ.summary()


def test_customer_economics_from_fit():
    """With an sBG fit of monthly periods: CLV = margin x DEL at the monthly rate."""
    fit = fit_sbg([1000, 960, 925, 895, 870, 848, 829])
    econ = customer_economics(margin_per_month=20, discount_rate_per_year=0.09, acquisition_cost=210,
                              retention_cost_per_year=35, fit=fit)
    d_month = 1.09 ** (1 / 12) - 1
    assert econ.clv == pytest.approx(20 * fit.derl(d_month))
    # +1 point of first-year survival S(12): recompute by raising beta until S(12) is 0.01 higher
    from scipy import optimize
    from cxconsult.retention.sbg import sbg_derl, sbg_survival
    beta_up = optimize.brentq(lambda b: sbg_survival(fit.alpha, b, 12) - fit.survival(12) - 0.01, fit.beta, 1e6)
    assert sbg_survival(fit.alpha, beta_up, 12) == pytest.approx(fit.survival(12) + 0.01)
    assert econ.value_of_one_point == pytest.approx(20 * (sbg_derl(fit.alpha, beta_up, d_month) - fit.derl(d_month)))
    # payback: at least CAC / margin = 10.5 -> 11 months even with no churn
    assert econ.payback_months >= 11
    with pytest.raises(ModelError, match="exactly one"):
        customer_economics(margin_per_month=20, discount_rate_per_year=0.09, acquisition_cost=210,
                           retention_cost_per_year=35)
    assert math.isfinite(econ.clv)
