"""Money over time, pinned by hand with non-zero discount rates (issue 17 item 6).

Every expected value is worked out in the comments from the definitions, never by the code under test,
and each example is chosen so that a plausible slip changes the answer:

- payback: margin of month k received at the month's END by the survivors r^(k-1), discounted (1+d)^k
  (discounting at the start of the month, or survivors r^k, give another month);
- sBG payback with periods of several months: month i is paid by the share still active in its period,
  S((i-1) // k) (using S(i // k), or months as periods, give another month);
- per-period compounding: the monthly rate compounds to the yearly one, (1+d)^(1/12) - 1, never d/12;
- the cohort CLV over quarters: margin per quarter x sum_t S(t) / (1 + d_q)^t with d_q = (1+d)^(1/4) - 1;
- ROCE: present values of a programme's monthly flows at a 1% monthly rate;
- Gamma-Gamma customer value: expected spend x expected purchases of each step, discounted (1+d)^k.

References: Gupta & Lehmann (2003), Customers as assets, J. Interactive Marketing 17(1):9-24; Fader &
Hardie (2007), How to project customer retention, J. Interactive Marketing 21(1):76-90; Fader, Hardie &
Lee (2005), RFM and CLV, J. Marketing Research 42(4):415-430.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cxconsult.retention.bgnbd import BGNBDFitter, GammaGammaFitter
from cxconsult.retention.clv import customer_economics, payback_months, per_month_rate
from cxconsult.retention.economics import CXProgramme, npv, programme_cashflows, roce
from cxconsult.retention.sbg import SBGFit

ONE_PERCENT_A_MONTH = 1.01 ** 12 - 1  # 12.6825% a year compounds to exactly 1% a month


def test_per_month_rate_compounds():
    assert per_month_rate(ONE_PERCENT_A_MONTH) == pytest.approx(0.01, abs=1e-12)
    # 9% a year: 1.09^(1/12) - 1 = 0.0072073 (d/12 would be 0.0075)
    assert per_month_rate(0.09) == pytest.approx(0.00720732, abs=1e-8)


def test_payback_discounts_at_the_end_of_the_month():
    # margin 100, monthly retention 0.9, 1% a month; survivors of month k: 0.9^(k-1)
    # month 1: 100 / 1.01 = 99.0099; month 2: 90 / 1.0201 = 88.2266 (cum. 187.2365);
    # month 3: 81 / 1.030301 = 78.6178 (cum. 265.8543); month 4: 72.9 / 1.040604 = 70.0555 (cum. 335.9098)
    # Discounting at the start of the month would give 100, 189.1089, 268.5129: month 2 for a cost of 189.
    assert payback_months(189, 100, 0.9, discount_rate_per_month=0.01) == 3
    # Survivors 0.9^k would give 89.1089, 168.5129, 239.2686, 302.3110: month 4 for a cost of 260.
    assert payback_months(260, 100, 0.9, discount_rate_per_month=0.01) == 3
    assert payback_months(266, 100, 0.9, discount_rate_per_month=0.01) == 4
    assert payback_months(0, 100, 0.9, discount_rate_per_month=0.01) == 0


def _quarterly_fit() -> SBGFit:
    """alpha 1, beta 3: S(t) = B(1, 3 + t) / B(1, 3) = 3 / (3 + t): S(0) = 1, S(1) = 0.75, S(2) = 0.6."""
    return SBGFit(1.0, 3.0, 0.0, np.full((2, 2), np.nan), (np.array([100.0, 75.0, 60.0]),), ("q1",))


def test_sbg_payback_with_quarterly_periods():
    fit = _quarterly_fit()
    assert fit.survival([0, 1, 2]) == pytest.approx([1.0, 0.75, 0.6])
    # 10 a month, 1% a month; months 1-3 paid by S(0) = 1, months 4-6 by S(1) = 0.75, months 7-9 by S(2):
    # 9.90099 + 9.80296 + 9.70590 = 29.40985; + 7.20737 + 7.13601 + 7.06536 = 50.81859; + 6/1.072135 = 5.59632
    econ = customer_economics(margin_per_month=10, discount_rate_per_year=ONE_PERCENT_A_MONTH, acquisition_cost=50,
                              retention_cost_per_year=0, fit=fit, fit_period_months=3)
    # S(i // 3) instead of S((i - 1) // 3) would pay month 3 at 0.75: 26.98, 34.19, 41.33, 46.98, 52.58 -> 7
    assert econ.payback_months == 6
    econ = customer_economics(margin_per_month=10, discount_rate_per_year=ONE_PERCENT_A_MONTH, acquisition_cost=51,
                              retention_cost_per_year=0, fit=fit, fit_period_months=3)
    # 50.81859 < 51 <= 56.41491; discounting each month at its start would reach 51.33 in month 6
    assert econ.payback_months == 7


def test_cohort_clv_over_quarters_compounds_the_rate_and_pays_the_first_margin_now():
    fit = _quarterly_fit()
    econ = customer_economics(margin_per_month=10, discount_rate_per_year=ONE_PERCENT_A_MONTH, acquisition_cost=0,
                              retention_cost_per_year=0, fit=fit, fit_period_months=3)
    # margin per quarter 30; quarterly rate 1.01^3 - 1 = 0.030301; CLV = 30 x sum_t 3/(3+t) / 1.030301^t,
    # the first margin now (t = 0). The series is summed here term by term (it converges: 1/1.030301^t).
    t = np.arange(20000)
    expected = 30 * np.sum(3 / (3 + t) / 1.030301 ** t)
    assert econ.clv == pytest.approx(expected, rel=1e-9)
    # first terms by hand: 30 x (1 + 0.75/1.030301 + 0.6/1.061520 + 0.5/1.093685) = 30 x 2.75902 = 82.77
    assert econ.clv > 30 * (1 + 0.75 / 1.030301 + 0.6 / 1.061520 + 0.5 / 1.093685)


def test_roce_present_values_at_one_percent_a_month():
    # no retention gain: benefits are 50 a month of poor-service costs avoided (1,200 x 0.5 / 12), costs
    # 1,000 now and 10 a month; annuity factor at 1% over 12 months: (1 - 1.01^-12) / 0.01 = 11.255077
    programme = CXProgramme(investment=1000, running_cost_per_year=120, customers=100,
                            margin_per_customer_per_year=120, retention_per_year=0.8, retention_gain_points=0,
                            discount_rate_per_year=ONE_PERCENT_A_MONTH, horizon_years=1, ramp_months=0,
                            cost_of_poor_service_per_year=1200, poor_service_reduction=0.5)
    result = roce(programme)
    assert result.pv_benefits == pytest.approx(50 * 11.255077, abs=1e-4)  # 562.7539
    assert result.pv_costs == pytest.approx(1000 + 10 * 11.255077, abs=1e-4)  # 1,112.5508
    assert result.npv == pytest.approx(40 * 11.255077 - 1000, abs=1e-4)  # -549.7969
    assert result.discounted_payback_month is None
    assert npv(0.01, [-1000] + [40] * 12) == pytest.approx(result.npv, abs=1e-9)


def test_roce_retention_margin_of_the_extra_customers():
    # gain 5 points from month 1 (ramp 0): extra customers in month k = 100 (0.85^(k/12) - 0.8^(k/12)),
    # each earning 10 a month; month 12: 100 x (0.85 - 0.80) = 5 extra customers, 50 of margin
    programme = CXProgramme(investment=0, running_cost_per_year=0, customers=100, margin_per_customer_per_year=120,
                            retention_per_year=0.8, retention_gain_points=5,
                            discount_rate_per_year=ONE_PERCENT_A_MONTH, horizon_years=1, ramp_months=0)
    flows = programme_cashflows(programme)
    k = np.arange(1, 13)
    extra = 100 * (0.85 ** (k / 12) - 0.8 ** (k / 12))
    assert flows["extra_customers"].iloc[12] == pytest.approx(5.0)
    assert flows["retention_margin"].iloc[1:].to_numpy() == pytest.approx(10 * extra)
    assert roce(programme).pv_benefits == pytest.approx(np.sum(10 * extra / 1.01 ** k), rel=1e-12)
    assert flows["discounted"].iloc[12] == pytest.approx(50 / 1.01 ** 12)  # 44.3725, discounted at the month's end


def test_gamma_gamma_customer_value_discounts_each_step():
    bgnbd = BGNBDFitter()
    bgnbd.r_, bgnbd.alpha_, bgnbd.a_, bgnbd.b_ = 0.25, 4.0, 0.8, 2.4  # CDNOW-like values, set directly
    bgnbd.params_ = pd.Series([0.25, 4.0, 0.8, 2.4], index=["r", "alpha", "a", "b"])
    spend = GammaGammaFitter()
    spend.p_, spend.q_, spend.gamma_ = 6.0, 4.0, 15.0
    spend.params_ = pd.Series([6.0, 4.0, 15.0], index=["p", "q", "gamma"])
    # expected spend for x = 2 purchases averaging 20: p (gamma + x m) / (p x + q - 1) = 6 x 55 / 15 = 22
    assert spend.conditional_expected_average_spend(2, 20.0) == pytest.approx(22.0)
    y1, y2 = (bgnbd.conditional_expected_purchases(k, 2, 30.0, 39.0) for k in (1, 2))
    assert 0 < y1 < y2
    # value over 2 periods at 10% a period, margin 30%: 0.3 x 22 x (y1 / 1.1 + (y2 - y1) / 1.21)
    value = spend.customer_value(bgnbd, 2, 30.0, 39.0, 20.0, horizon=2, discount_rate=0.10, margin=0.3)
    assert value[0] == pytest.approx(0.3 * 22 * (y1 / 1.1 + (y2 - y1) / 1.21), rel=1e-12)
    # discounting each step at its start would give 0.3 x 22 x (y1 + (y2 - y1) / 1.1): larger
    assert value[0] < 0.3 * 22 * (y1 + (y2 - y1) / 1.1)
