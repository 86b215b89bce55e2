"""Customer lifetime value (CLV) and the cost of acquiring vs keeping a customer.

Timing conventions (state them in every report):

- ``"end"`` (Gupta & Lehmann 2003, "Customers as assets", J. Interactive Marketing 17(1):9-24):
  the customer is already paid for this period; the first future margin arrives one period from now
  if they stay. ``CLV = m * r / (1 + d - r)``; ``r / (1 + d - r)`` is the "margin multiple".
- ``"start"``: a new customer pays the first margin now, then at the start of each period they stay:
  ``CLV = m * (1 + d) / (1 + d - r)`` (the ``"end"`` value plus today's margin).

``m`` is the margin per customer per period, ``r`` the retention rate per period, ``d`` the discount
rate per period (all three in the same period: monthly or yearly). Constant retention ignores that
retention rises with tenure; :func:`clv_from_sbg` uses the sBG cohort model instead (Fader & Hardie
2010: the constant-retention formula undervalues a heterogeneous customer base).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize

from cxconsult.errors import ModelError
from cxconsult.retention.sbg import SBGFit, sbg_derl, sbg_survival

__all__ = ["base_customer_value", "beta_for_first_year_gain", "margin_multiple", "simple_clv", "clv_from_sbg", "retention_point_value",
           "payback_months", "per_month_rate", "CustomerEconomics", "customer_economics"]

_TIMINGS = ("end", "start")


def _check_rate(name: str, value: float, *, low: float = 0.0, high: float | None = None,
                high_open: bool = False) -> float:
    if isinstance(value, bool) or not np.isfinite(value) or value < low or (
            high is not None and (value >= high if high_open else value > high)):
        bound = "" if high is None else f" and {'<' if high_open else '<='} {high}"
        raise ModelError(f"{name} must be a finite number >= {low}{bound}, got {value!r}")
    return float(value)


def margin_multiple(retention: float, discount_rate: float) -> float:
    """Gupta & Lehmann's margin multiple ``r / (1 + d - r)`` ("end" timing)."""
    r = _check_rate("retention", retention, high=1.0, high_open=True)
    d = _check_rate("discount_rate", discount_rate)
    return r / (1.0 + d - r)


def simple_clv(margin: float, retention: float, discount_rate: float, *, timing: str = "end") -> float:
    """Constant-retention CLV of one customer in money; see the module docstring for ``timing``."""
    m = _check_rate("margin", margin, low=-np.inf)
    if timing not in _TIMINGS:
        raise ModelError(f"timing must be one of {', '.join(_TIMINGS)}, got {timing!r}")
    multiple = margin_multiple(retention, discount_rate)
    return m * multiple if timing == "end" else m * (1.0 + multiple)


def base_customer_value(margin_per_year: float, retention_per_year: float, discount_rate_per_year: float) -> float:
    """Value of one customer of today's base: the margin of the coming year and of every later year
    they stay, discounted (``"start"`` timing, yearly periods, constant yearly retention of the base):
    ``m * (1 + d) / (1 + d - r)``.

    This is the value a customer of today's base takes away when they leave, and the value of one more
    customer kept. It differs from the lifetime value of a *new* customer (:func:`clv_from_sbg`), whose
    first years carry the higher churn of new cohorts: name each for what it is.
    """
    return simple_clv(margin_per_year, retention_per_year, discount_rate_per_year, timing="start")


def clv_from_sbg(fit: SBGFit, margin: float, discount_rate: float, renewals: int | None = None) -> float:
    """Cohort-model CLV: margin per period x discounted expected (residual) lifetime (Fader & Hardie 2010).

    ``renewals=None``: a customer just acquired, first margin now ("start" timing). ``renewals=n``:
    an existing customer who has made n renewals, valued just before the next renewal decision.
    """
    m = _check_rate("margin", margin, low=-np.inf)
    return m * fit.derl(discount_rate, renewals)


def retention_point_value(margin: float, retention: float, discount_rate: float, *,
                          points: float = 1.0, timing: str = "end") -> float:
    """Gain in CLV of one customer when retention rises by ``points`` percentage points."""
    higher = retention + points / 100.0
    if higher >= 1.0:
        raise ModelError(f"retention {retention:.4f} + {points} points reaches 100%; CLV would be unbounded")
    return (simple_clv(margin, higher, discount_rate, timing=timing)
            - simple_clv(margin, retention, discount_rate, timing=timing))


def per_month_rate(rate_per_year: float) -> float:
    """Monthly rate compounding to ``rate_per_year`` (discount) : ``(1 + d)**(1/12) - 1``."""
    _check_rate("rate_per_year", rate_per_year, low=-1.0, high=None)
    return (1.0 + rate_per_year) ** (1.0 / 12.0) - 1.0


def payback_months(acquisition_cost: float, margin_per_month: float, retention_per_month: float = 1.0,
                   *, discount_rate_per_month: float = 0.0, max_months: int = 600) -> int | None:
    """Months of expected margin needed to earn back the acquisition cost (None if never).

    Margin of month k (k = 1, 2, ...) is received at the end of the month by the customers still
    active, ``retention_per_month**(k-1)``, discounted by ``(1+d)**k``. Returns the first k whose
    cumulative expected margin reaches ``acquisition_cost``.
    """
    cac = _check_rate("acquisition_cost", acquisition_cost)
    m = _check_rate("margin_per_month", margin_per_month, low=-np.inf)
    r = _check_rate("retention_per_month", retention_per_month, high=1.0)
    d = _check_rate("discount_rate_per_month", discount_rate_per_month)
    if cac == 0:
        return 0
    k = np.arange(1, int(max_months) + 1)
    cumulative = np.cumsum(m * r ** (k - 1) / (1.0 + d) ** k)
    reached = np.nonzero(cumulative >= cac - 1e-9)[0]
    return int(k[reached[0]]) if reached.size else None


def beta_for_first_year_gain(fit: SBGFit, points: float, *, period_months: int = 1) -> float:
    """The sBG beta that lifts first-year survival S(12 months) by ``points`` percentage points.

    alpha is kept, so the shape of heterogeneity stays; raising beta lowers every customer's churn
    odds. ``points = 0`` returns the fitted beta.
    """
    if points < 0 or not np.isfinite(points):
        raise ModelError(f"points must be a finite number >= 0, got {points!r}")
    if points == 0:
        return fit.beta
    year = 12.0 / period_months
    target = fit.survival(year) + points / 100.0
    if target >= 1:
        raise ModelError(f"first-year retention {fit.survival(year):.1%} + {points:g} points reaches 100%")
    return float(optimize.brentq(lambda b: sbg_survival(fit.alpha, b, year) - target, fit.beta, fit.beta * 1e6))


@dataclass(frozen=True)
class CustomerEconomics:
    """What a customer is worth against what it costs to win and keep one (money per customer).

    ``clv``: discounted margin over the expected life of a new customer (acquisition cost not
    deducted); ``acquisition_cost``: cost to win one customer; ``retention_cost_per_year``: cost to
    keep one customer for a year; ``payback_months``: months to earn back the acquisition cost
    (None if never); ``value_of_one_point``: CLV gain per new customer for +1 point of yearly
    retention (constant model: of the monthly rate compounding to a year, see customer_economics;
    sBG: of first-year survival).
    """

    clv: float
    acquisition_cost: float
    retention_cost_per_year: float
    payback_months: int | None
    value_of_one_point: float
    basis: str

    @property
    def clv_to_acquisition_cost(self) -> float:
        """CLV / acquisition cost (inf when acquisition is free)."""
        return self.clv / self.acquisition_cost if self.acquisition_cost else float("inf")

    @property
    def acquisition_to_retention_cost(self) -> float:
        """How many years of retention spend one acquisition costs."""
        return (self.acquisition_cost / self.retention_cost_per_year if self.retention_cost_per_year
                else float("inf"))

    def summary(self) -> str:
        payback = "never" if self.payback_months is None else f"{self.payback_months} months"
        return "\n".join([
            f"Customer economics ({self.basis})",
            f"lifetime value of a new customer:     {self.clv:>14,.2f}",
            f"cost to acquire a customer:           {self.acquisition_cost:>14,.2f}",
            f"cost to keep a customer for a year:   {self.retention_cost_per_year:>14,.2f}",
            f"acquisition cost / yearly retention cost: {self.acquisition_to_retention_cost:>10.1f}x",
            f"CLV / acquisition cost:               {self.clv_to_acquisition_cost:>14.2f}x",
            f"payback of acquisition cost:          {payback:>14}",
            f"CLV gain per customer, +1 point first-year retention: {self.value_of_one_point:>9,.2f}",
        ])

    def _repr_html_(self) -> str:
        body = "".join(f"<tr><td>{line.split(':')[0]}</td><td>{line.split(':', 1)[1].strip()}</td></tr>"
                       for line in self.summary().splitlines()[1:])
        return f"<div><strong>Customer economics</strong> ({self.basis})<table>{body}</table></div>"


def customer_economics(*, margin_per_month: float, discount_rate_per_year: float,
                       acquisition_cost: float, retention_cost_per_year: float,
                       fit: SBGFit | None = None, retention_per_month: float | None = None,
                       fit_period_months: int = 1) -> CustomerEconomics:
    """CLV, payback and acquisition-vs-retention cost for a new customer.

    Give either an sBG ``fit`` (periods of ``fit_period_months`` months) or a constant
    ``retention_per_month``. Margins are per month; the discount rate per year is converted to the
    model's period. With a fit, CLV = margin per period x DEL (first margin now, "start" timing);
    +1 point is applied to first-year retention S(12 months) by raising beta. The payback
    counts monthly margins at each month's end from the customers still active (both bases).
    """
    _check_rate("acquisition_cost", acquisition_cost)
    _check_rate("retention_cost_per_year", retention_cost_per_year)
    if (fit is None) == (retention_per_month is None):
        raise ModelError("give exactly one of fit (an SBGFit) or retention_per_month")
    d_month = per_month_rate(discount_rate_per_year)
    if fit is None:
        clv = simple_clv(margin_per_month, retention_per_month, d_month, timing="start")
        months = payback_months(acquisition_cost, margin_per_month, retention_per_month,
                                discount_rate_per_month=d_month)
        yearly = retention_per_month**12 + 0.01
        if yearly >= 1:
            raise ModelError("yearly retention + 1 point reaches 100%")
        point = simple_clv(margin_per_month, yearly ** (1 / 12), d_month, timing="start") - clv
        basis = f"constant retention {retention_per_month:.2%} a month"
        return CustomerEconomics(clv, float(acquisition_cost), float(retention_cost_per_year), months,
                                 point, basis)
    if int(fit_period_months) != fit_period_months or fit_period_months < 1:
        raise ModelError(f"fit_period_months must be a whole number >= 1, got {fit_period_months!r}")
    k = int(fit_period_months)
    d_period = (1.0 + d_month) ** k - 1.0
    margin_period = margin_per_month * k
    clv = clv_from_sbg(fit, margin_period, d_period)
    # payback: margin of month i received at its end by customers active in that month, S(period-1)
    month = np.arange(1, 601)
    share = fit.survival((month - 1) // k)
    cumulative = np.cumsum(margin_per_month * share / (1.0 + d_month) ** month)
    reached = np.nonzero(cumulative >= acquisition_cost - 1e-9)[0]
    months = int(month[reached[0]]) if reached.size else None
    if acquisition_cost == 0:
        months = 0
    beta_up = beta_for_first_year_gain(fit, 1.0, period_months=k)
    point = margin_period * (sbg_derl(fit.alpha, beta_up, d_period) - fit.derl(d_period))
    basis = f"sBG cohort model, alpha {fit.alpha:.3f}, beta {fit.beta:.3f}, {k}-month periods"
    return CustomerEconomics(clv, float(acquisition_cost), float(retention_cost_per_year), months,
                             float(point), basis)
