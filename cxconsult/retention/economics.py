"""Money side of retention: cost of poor service, why customers leave, and the return on CX (ROCE).

- :func:`cost_of_poor_service`: yearly cost of events caused by poor service (defections, churn,
  buy-backs, cancellations, non-renewals, rework), count x money per event, with a breakdown.
- :func:`defection_split`: shares of exit-survey reasons by category (price / service / other) with
  simultaneous Goodman (1965) intervals, and the service share with a Wilson interval.
- :func:`service_defection_cost`: service-driven defections valued in lost CLV.
- :func:`npv`, :func:`irr`: discounted cash flows (IRR by ``scipy.optimize.brentq``).
- :class:`CXProgramme` and :func:`roce`: monthly cash flows of a CX programme to NPV, IRR, payback
  month and return on investment; :func:`roce_sensitivity` varies the retention gain.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from cxconsult.errors import ModelError

__all__ = ["POOR_SERVICE_KINDS", "DEFECTION_CATEGORIES", "PoorServiceItem", "CostOfPoorService",
           "cost_of_poor_service", "ExitReason", "DefectionSplit", "defection_split",
           "goodman_intervals", "ServiceDefectionCost", "service_defection_cost", "npv", "irr",
           "CXProgramme", "ROCEResult", "roce", "roce_sensitivity"]

POOR_SERVICE_KINDS = ("defection", "churn", "buy_back", "cancellation", "non_renewal", "rework", "other")
DEFECTION_CATEGORIES = ("price", "service", "other")


def _finite(name: str, value: Any, *, minimum: float | None = None) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value):
        raise ModelError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and value < minimum:
        raise ModelError(f"{name} must be >= {minimum}, got {value!r}")
    return float(value)


def _money(value: float) -> str:
    return f"{value:,.0f}"


# --------------------------------------------------------------------------------------------------
# Cost of poor service

@dataclass(frozen=True)
class PoorServiceItem:
    """One cost of poor service: ``count_per_year`` events x ``value_each`` money per event."""

    item: str
    kind: str
    count_per_year: float
    value_each: float

    def __post_init__(self) -> None:
        if self.kind not in POOR_SERVICE_KINDS:
            raise ModelError(f"{self.item!r}: kind must be one of {', '.join(POOR_SERVICE_KINDS)}, "
                             f"got {self.kind!r}")
        _finite(f"{self.item!r}: count_per_year", self.count_per_year, minimum=0)
        _finite(f"{self.item!r}: value_each", self.value_each, minimum=0)

    @property
    def cost_per_year(self) -> float:
        return float(self.count_per_year) * float(self.value_each)


@dataclass(frozen=True)
class CostOfPoorService:
    """Yearly cost of poor service with its breakdown (money per year)."""

    items: tuple[PoorServiceItem, ...]

    @property
    def total_per_year(self) -> float:
        return float(sum(i.cost_per_year for i in self.items))

    def by_kind(self) -> pd.Series:
        """Cost per year by kind, largest first."""
        frame = self.table()
        return frame.groupby("kind", sort=False)["cost_per_year"].sum().sort_values(ascending=False)

    def table(self) -> pd.DataFrame:
        """One row per item: item, kind, count_per_year, value_each, cost_per_year, share."""
        total = self.total_per_year
        return pd.DataFrame({
            "item": [i.item for i in self.items], "kind": [i.kind for i in self.items],
            "count_per_year": [float(i.count_per_year) for i in self.items],
            "value_each": [float(i.value_each) for i in self.items],
            "cost_per_year": [i.cost_per_year for i in self.items],
            "share": [i.cost_per_year / total if total else 0.0 for i in self.items]})

    def summary(self) -> str:
        lines = ["Cost of poor service per year"]
        for row in self.table().itertuples():
            lines.append(f"  {row.item[:44]:<44} {row.kind:<12} {row.count_per_year:>10,.0f} x "
                         f"{row.value_each:>9,.2f} = {row.cost_per_year:>13,.0f} ({row.share:.0%})")
        lines.append(f"  {'total':<44} {'':<12} {'':>10}   {'':>9}   {self.total_per_year:>13,.0f}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{r.item}</td><td>{r.kind}</td><td>{r.count_per_year:,.0f}</td>"
                       f"<td>{r.value_each:,.2f}</td><td>{r.cost_per_year:,.0f}</td><td>{r.share:.0%}</td></tr>"
                       for r in self.table().itertuples())
        return ("<div><strong>Cost of poor service per year</strong><table><tr><th>item</th><th>kind</th>"
                "<th>events/year</th><th>value each</th><th>cost/year</th><th>share</th></tr>"
                f"{rows}<tr><td><b>total</b></td><td></td><td></td><td></td>"
                f"<td><b>{self.total_per_year:,.0f}</b></td><td></td></tr></table></div>")


def cost_of_poor_service(items: Iterable[PoorServiceItem | Mapping[str, Any]]) -> CostOfPoorService:
    """Cost of poor service from items (PoorServiceItem or mappings with the same fields)."""
    parsed = tuple(i if isinstance(i, PoorServiceItem) else PoorServiceItem(**dict(i)) for i in items)
    if not parsed:
        raise ModelError("cost_of_poor_service needs at least one item")
    return CostOfPoorService(parsed)


# --------------------------------------------------------------------------------------------------
# Why customers leave

@dataclass(frozen=True)
class ExitReason:
    """One exit-survey reason: text, category (price / service / other) and number of answers."""

    reason: str
    category: str
    count: int

    def __post_init__(self) -> None:
        if self.category not in DEFECTION_CATEGORIES:
            raise ModelError(f"{self.reason!r}: category must be one of {', '.join(DEFECTION_CATEGORIES)}, "
                             f"got {self.category!r}")
        if int(self.count) != self.count or self.count < 0:
            raise ModelError(f"{self.reason!r}: count must be a whole number >= 0, got {self.count!r}")


def goodman_intervals(counts: Sequence[int], level: float = 0.95) -> np.ndarray:
    """Simultaneous confidence intervals for multinomial shares (Goodman 1965, Technometrics 7(2)).

    With k categories, N answers and A the chi-square(1) quantile at 1 - (1-level)/k:
    ``(A + 2 n_i +- sqrt(A (A + 4 n_i (N - n_i) / N))) / (2 (N + A))``. Returns a (k, 2) array.
    """
    n = np.asarray(counts, dtype=float)
    total = n.sum()
    if n.ndim != 1 or n.size < 2 or total <= 0 or (n < 0).any():
        raise ModelError("goodman_intervals needs >= 2 non-negative counts with a positive total")
    a = stats.chi2.ppf(1.0 - (1.0 - level) / n.size, 1)
    half = np.sqrt(a * (a + 4.0 * n * (total - n) / total))
    return np.column_stack([(a + 2 * n - half), (a + 2 * n + half)]) / (2.0 * (total + a))


@dataclass(frozen=True)
class DefectionSplit:
    """Shares of defections by category from an exit survey.

    ``counts``: answers per category (price, service, other); ``shares`` and ``intervals``
    (simultaneous Goodman intervals at ``level``); ``service_share_interval``: Wilson interval for the
    service share alone; ``service_of_price_and_service``: service share once "other" is set aside.
    """

    reasons: tuple[ExitReason, ...]
    counts: Mapping[str, int]
    intervals: Mapping[str, tuple[float, float]]
    service_share_interval: tuple[float, float]
    level: float

    @property
    def total(self) -> int:
        return int(sum(self.counts.values()))

    @property
    def shares(self) -> dict[str, float]:
        return {c: self.counts[c] / self.total for c in DEFECTION_CATEGORIES}

    @property
    def service_of_price_and_service(self) -> float:
        both = self.counts["price"] + self.counts["service"]
        return self.counts["service"] / both if both else float("nan")

    def table(self) -> pd.DataFrame:
        """One row per category: category, count, share, lower, upper."""
        return pd.DataFrame({"category": list(DEFECTION_CATEGORIES),
                             "count": [self.counts[c] for c in DEFECTION_CATEGORIES],
                             "share": [self.shares[c] for c in DEFECTION_CATEGORIES],
                             "lower": [self.intervals[c][0] for c in DEFECTION_CATEGORIES],
                             "upper": [self.intervals[c][1] for c in DEFECTION_CATEGORIES]})

    def summary(self) -> str:
        lines = [f"Why customers left: {self.total:,} exit-survey answers "
                 f"({self.level:.0%} simultaneous intervals, Goodman 1965)"]
        for row in self.table().itertuples():
            lines.append(f"  {row.category:<8} {row.count:>6,}  {row.share:>6.1%}  ({row.lower:.1%} - {row.upper:.1%})")
        lo, hi = self.service_share_interval
        lines.append(f"  service-driven share: {self.shares['service']:.1%} (Wilson {lo:.1%} - {hi:.1%}); "
                     f"of price+service: {self.service_of_price_and_service:.1%}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{r.category}</td><td>{r.count:,}</td><td>{r.share:.1%}</td>"
                       f"<td>{r.lower:.1%} - {r.upper:.1%}</td></tr>" for r in self.table().itertuples())
        return (f"<div><strong>Why customers left</strong> ({self.total:,} answers)<table><tr><th>category"
                f"</th><th>answers</th><th>share</th><th>{self.level:.0%} interval</th></tr>{rows}</table></div>")


def defection_split(reasons: Iterable[ExitReason | Mapping[str, Any]], level: float = 0.95) -> DefectionSplit:
    """Price- vs service-driven share of defections from exit-survey reason counts."""
    parsed = tuple(r if isinstance(r, ExitReason) else ExitReason(**dict(r)) for r in reasons)
    if not 0 < level < 1:
        raise ModelError(f"level must be between 0 and 1, got {level!r}")
    counts = {c: int(sum(r.count for r in parsed if r.category == c)) for c in DEFECTION_CATEGORIES}
    total = sum(counts.values())
    if total == 0:
        raise ModelError("the exit survey has no answers (all counts are 0)")
    bounds = goodman_intervals([counts[c] for c in DEFECTION_CATEGORIES], level)
    wilson = stats.binomtest(counts["service"], total).proportion_ci(confidence_level=level, method="wilson")
    return DefectionSplit(parsed, counts, {c: (float(lo), float(hi)) for c, (lo, hi) in
                                           zip(DEFECTION_CATEGORIES, bounds, strict=True)},
                          (float(wilson.low), float(wilson.high)), float(level))


@dataclass(frozen=True)
class ServiceDefectionCost:
    """Yearly value lost to service-driven defections (money per year), with an interval."""

    defections_per_year: float
    service_share: float
    service_share_interval: tuple[float, float]
    clv: float

    @property
    def per_year(self) -> float:
        return self.defections_per_year * self.service_share * self.clv

    @property
    def interval(self) -> tuple[float, float]:
        lo, hi = self.service_share_interval
        return (self.defections_per_year * lo * self.clv, self.defections_per_year * hi * self.clv)

    def summary(self) -> str:
        lo, hi = self.interval
        return (f"Service-driven defections: {self.defections_per_year:,.0f} defections/year x "
                f"{self.service_share:.1%} service-driven x CLV {self.clv:,.2f} = {_money(self.per_year)} "
                f"a year (interval {_money(lo)} - {_money(hi)})")

    def _repr_html_(self) -> str:
        return f"<div>{self.summary()}</div>"


def service_defection_cost(split: DefectionSplit, defections_per_year: float, clv: float) -> ServiceDefectionCost:
    """Value the service-driven part of defections at the lifetime value each lost customer had."""
    _finite("defections_per_year", defections_per_year, minimum=0)
    _finite("clv", clv)
    return ServiceDefectionCost(float(defections_per_year), split.shares["service"],
                                split.service_share_interval, float(clv))


# --------------------------------------------------------------------------------------------------
# Discounted cash flows

def npv(rate: float, cashflows: Sequence[float]) -> float:
    """Net present value of ``cashflows[t]`` received at the end of period t (t = 0 undiscounted)."""
    flows = np.asarray(cashflows, dtype=float)
    if flows.ndim != 1 or flows.size == 0 or not np.all(np.isfinite(flows)):
        raise ModelError("cashflows must be a non-empty sequence of finite numbers")
    if not np.isfinite(rate) or rate <= -1:
        raise ModelError(f"rate must be > -1, got {rate!r}")
    return float(np.sum(flows / (1.0 + rate) ** np.arange(flows.size)))


def irr(cashflows: Sequence[float], *, low: float = -0.99, high: float = 100.0) -> float:
    """Internal rate of return per period: the rate where :func:`npv` is 0 (``brentq``).

    Returns NaN when NPV has no sign change on [low, high] (e.g. flows never pay back). With several
    sign changes in the flows more than one IRR may exist; the one found on the bracket is returned.
    """
    flows = np.asarray(cashflows, dtype=float)
    f_low, f_high = npv(low, flows), npv(high, flows)
    if np.sign(f_low) == np.sign(f_high):
        return float("nan")
    return float(optimize.brentq(npv, low, high, args=(flows,), xtol=1e-12, rtol=1e-12, maxiter=500))


@dataclass(frozen=True)
class CXProgramme:
    """Assumptions of a CX programme, money in one currency; monthly cash flows over ``horizon_years``.

    - ``investment``: one-off spend at month 0; ``running_cost_per_year``: spread evenly by month.
    - ``customers``: customer base at the start; ``margin_per_customer_per_year``.
    - ``retention_per_year``: current yearly retention; ``retention_gain_points``: points the
      programme adds at full effect (e.g. 1.5 -> 85.0% to 86.5%); ``ramp_months``: months to reach
      full effect (linear).
    - ``cost_of_poor_service_per_year`` and ``poor_service_reduction`` (share removed at full effect).
    - ``discount_rate_per_year``. No value is counted after the horizon (conservative).
    """

    investment: float
    running_cost_per_year: float
    customers: float
    margin_per_customer_per_year: float
    retention_per_year: float
    retention_gain_points: float
    discount_rate_per_year: float
    horizon_years: int = 3
    ramp_months: int = 6
    cost_of_poor_service_per_year: float = 0.0
    poor_service_reduction: float = 0.0

    def __post_init__(self) -> None:
        for name in ("investment", "running_cost_per_year", "customers", "cost_of_poor_service_per_year",
                     "retention_gain_points"):
            _finite(name, getattr(self, name), minimum=0)
        _finite("margin_per_customer_per_year", self.margin_per_customer_per_year)
        _finite("discount_rate_per_year", self.discount_rate_per_year, minimum=0)
        if not 0 < self.retention_per_year < 1:
            raise ModelError(f"retention_per_year must be between 0 and 1, got {self.retention_per_year!r}")
        if self.retention_per_year + self.retention_gain_points / 100 >= 1:
            raise ModelError("retention_per_year + retention_gain_points reaches 100%")
        if not 0 <= self.poor_service_reduction <= 1:
            raise ModelError(f"poor_service_reduction must be in 0..1, got {self.poor_service_reduction!r}")
        if int(self.horizon_years) != self.horizon_years or not 1 <= self.horizon_years <= 30:
            raise ModelError(f"horizon_years must be a whole number 1..30, got {self.horizon_years!r}")
        if int(self.ramp_months) != self.ramp_months or self.ramp_months < 0:
            raise ModelError(f"ramp_months must be a whole number >= 0, got {self.ramp_months!r}")


def programme_cashflows(p: CXProgramme) -> pd.DataFrame:
    """Monthly cash flows of a CX programme (month 0 = investment; flows at each month's end).

    Today's customer base decays at monthly retention ``r**(1/12)`` without the programme and at
    ``(r + ramp x g)**(1/12)`` with it (``g`` = gain in points / 100, ``ramp`` rising linearly from 0
    to 1 over ``ramp_months``). The extra customers still active each month earn ``margin / 12``.
    Customers acquired later are left out (conservative). Poor-service costs avoided are
    ``ramp x cost_of_poor_service_per_year x poor_service_reduction / 12`` a month. Columns: month,
    ramp, extra_customers, retention_margin, poor_service_avoided, running_cost, investment, net,
    cumulative, discounted, cumulative_discounted.
    """
    months = np.arange(12 * int(p.horizon_years) + 1)
    ramp = np.ones(months.size) if p.ramp_months == 0 else np.clip(months / p.ramp_months, 0.0, 1.0)
    ramp[0] = 0.0
    base_month = p.retention_per_year ** (1 / 12)
    new_month = (p.retention_per_year + ramp * p.retention_gain_points / 100.0) ** (1 / 12)
    with_programme = p.customers * np.cumprod(np.where(months == 0, 1.0, new_month))
    without = p.customers * base_month ** months
    extra = with_programme - without
    retention_margin = extra * p.margin_per_customer_per_year / 12.0
    avoided = ramp * p.cost_of_poor_service_per_year * p.poor_service_reduction / 12.0
    running = np.where(months == 0, 0.0, p.running_cost_per_year / 12.0)
    investment = np.where(months == 0, p.investment, 0.0)
    net = retention_margin + avoided - running - investment
    factor = (1.0 + p.discount_rate_per_year) ** (-months / 12.0)
    return pd.DataFrame({"month": months, "ramp": ramp, "extra_customers": extra,
                         "retention_margin": retention_margin, "poor_service_avoided": avoided,
                         "running_cost": running, "investment": investment, "net": net,
                         "cumulative": np.cumsum(net), "discounted": net * factor,
                         "cumulative_discounted": np.cumsum(net * factor)})


@dataclass(frozen=True, eq=False)
class ROCEResult:
    """Return on CX: NPV (money), IRR (per year), payback month, ROI = NPV / PV of costs."""

    programme: CXProgramme
    cashflows: pd.DataFrame
    npv: float
    irr_per_year: float
    payback_month: int | None
    discounted_payback_month: int | None
    pv_benefits: float
    pv_costs: float

    @property
    def roi(self) -> float:
        """NPV / present value of costs (investment + running): money back per unit spent."""
        return self.npv / self.pv_costs if self.pv_costs else float("inf")

    def summary(self) -> str:
        irr_text = "n/a (never pays back)" if not np.isfinite(self.irr_per_year) else f"{self.irr_per_year:.1%}"
        pay = "not within horizon" if self.payback_month is None else f"month {self.payback_month}"
        dpay = ("not within horizon" if self.discounted_payback_month is None
                else f"month {self.discounted_payback_month}")
        p = self.programme
        return "\n".join([
            f"Return on CX over {p.horizon_years} years (discount {p.discount_rate_per_year:.1%} a year, "
            f"+{p.retention_gain_points:g} retention points, ramp {p.ramp_months} months)",
            f"  present value of benefits: {_money(self.pv_benefits):>14}",
            f"  present value of costs:    {_money(self.pv_costs):>14}",
            f"  NPV:                       {_money(self.npv):>14}",
            f"  IRR:                       {irr_text:>14}",
            f"  ROI (NPV / PV costs):      {self.roi:>14.0%}",
            f"  payback:                   {pay:>14}   discounted: {dpay}",
        ])

    def _repr_html_(self) -> str:
        return "<pre>" + self.summary() + "</pre>"


def _first_nonnegative(cumulative: np.ndarray) -> int | None:
    hits = np.nonzero(cumulative >= 0)[0]
    hits = hits[hits > 0]
    return int(hits[0]) if hits.size else None


def roce(programme: CXProgramme) -> ROCEResult:
    """NPV, IRR, payback and ROI of a CX programme from its monthly cash flows."""
    flows = programme_cashflows(programme)
    factor = (1.0 + programme.discount_rate_per_year) ** (-flows["month"].to_numpy() / 12.0)
    benefits = (flows["retention_margin"] + flows["poor_service_avoided"]).to_numpy()
    costs = (flows["running_cost"] + flows["investment"]).to_numpy()
    monthly_irr = irr(flows["net"].to_numpy())
    irr_year = (1.0 + monthly_irr) ** 12 - 1.0 if np.isfinite(monthly_irr) else float("nan")
    return ROCEResult(programme, flows, float(flows["discounted"].sum()), float(irr_year),
                      _first_nonnegative(flows["cumulative"].to_numpy()),
                      _first_nonnegative(flows["cumulative_discounted"].to_numpy()),
                      float(np.sum(benefits * factor)), float(np.sum(costs * factor)))


def roce_sensitivity(programme: CXProgramme, gains_points: Sequence[float]) -> pd.DataFrame:
    """NPV, IRR, ROI, payback and discounted payback for each retention gain (points): one row per gain."""
    rows = []
    for gain in gains_points:
        result = roce(replace(programme, retention_gain_points=float(gain)))
        rows.append({"retention_gain_points": float(gain), "npv": result.npv,
                     "irr_per_year": result.irr_per_year, "roi": result.roi,
                     "payback_month": result.payback_month,
                     "discounted_payback_month": result.discounted_payback_month})
    return pd.DataFrame(rows)
