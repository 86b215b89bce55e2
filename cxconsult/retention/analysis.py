"""The whole retention analysis of an engagement in one call, with what-if overrides.

``analyse_retention(config, **overrides) -> RetentionAnalysis`` fits the cohort model and computes
customer economics, the cost of poor service, the price/service split of defections, the value of
service-driven defections and the return on a CX programme. The report notebook, the narrative and
the what-if app all use it, so they show the same numbers. ``config`` is a validated
``RetentionConfig`` (``cxconsult.sections.retention``); overrides replace single inputs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.retention.clv import (CustomerEconomics, base_customer_value, beta_for_first_year_gain,
                                    customer_economics)
from cxconsult.retention.economics import (CostOfPoorService, DefectionSplit, ROCEResult,
                                           ServiceDefectionCost, cost_of_poor_service, defection_split,
                                           roce, roce_sensitivity)
from cxconsult.retention.sbg import SBGFit, fit_sbg, sbg_derl

__all__ = ["RetentionAnalysis", "analyse_retention", "sensitivity_gains"]


@dataclass(frozen=True, eq=False)
class RetentionAnalysis:
    """Every retention result of one engagement under one set of inputs (money in ``currency``)."""

    currency: str
    period: str
    period_months: int
    customers: int
    defections_per_year: float
    fit: SBGFit
    economics: CustomerEconomics
    poor_service: CostOfPoorService
    split: DefectionSplit
    service_share: float
    service_cost: ServiceDefectionCost
    roce: ROCEResult
    sensitivity: pd.DataFrame
    inputs: dict[str, float]
    clv_with_gain: float
    base_customer_value: float
    #: True for a non-contractual business (customers lost once they stop buying; see the section's
    #: ``transactions_csv``): the narrative then says "still buying", not "renew".
    non_contractual: bool = False

    @property
    def yearly_cost_of_poor_service(self) -> float:
        """The listed poor-service events, a yearly cost (a flow, money per year)."""
        return self.poor_service.total_per_year

    @property
    def value_lost_with_service_leavers(self) -> float:
        """Value that one year's service-driven leavers take with them (a stock: their future margin,
        discounted, valued at :attr:`base_customer_value` each). Not a yearly cost: never add it to
        :attr:`yearly_cost_of_poor_service`."""
        return self.service_cost.per_year

    @property
    def survival_12_months(self) -> float:
        """Share of a new cohort still active after 12 months (model)."""
        return float(self.fit.survival(12 / self.period_months))

    def summary(self) -> str:
        return "\n\n".join([self.fit.summary(), self.economics.summary(), self.poor_service.summary(),
                            self.split.summary(), self.service_cost.summary(), self.roce.summary()])

    def _repr_html_(self) -> str:
        return "<pre>" + self.summary() + "</pre>"


def sensitivity_gains(gain_points: float) -> list[float]:
    """Retention gains shown in the sensitivity table: 0, half, planned, 1.5x, 2x (points)."""
    g = gain_points if gain_points > 0 else 1.0
    return sorted({0.0, round(g / 2, 2), round(g, 2), round(1.5 * g, 2), round(2 * g, 2)})


def analyse_retention(config: Any, *, fit: SBGFit | None = None,
                      margin_per_period: float | None = None,
                      discount_rate_per_year: float | None = None,
                      acquisition_cost: float | None = None,
                      retention_per_year: float | None = None,
                      retention_gain_points: float | None = None,
                      service_share: float | None = None,
                      poor_service_reduction: float | None = None) -> RetentionAnalysis:
    """Run the retention analysis of ``config`` with optional what-if overrides.

    ``fit`` reuses an sBG fit of the same cohorts (the fit does not depend on the overrides).
    ``service_share`` replaces the exit survey's service-driven share when valuing defections.
    """
    margin = config.margin_per_customer_per_period if margin_per_period is None else float(margin_per_period)
    discount = config.discount_rate_per_year if discount_rate_per_year is None else float(discount_rate_per_year)
    cac = config.acquisition_cost if acquisition_cost is None else float(acquisition_cost)
    months = int(config.period_months)
    if fit is None:
        fit = fit_sbg(dict(config.cohorts))
    economics = customer_economics(margin_per_month=margin / months, discount_rate_per_year=discount,
                                   acquisition_cost=cac,
                                   retention_cost_per_year=config.retention_cost_per_customer_per_year,
                                   fit=fit, fit_period_months=months)
    poor = cost_of_poor_service(config.poor_service)
    split = defection_split(config.exit_reasons)
    share = split.shares["service"] if service_share is None else float(service_share)
    if not 0 <= share <= 1:
        raise ModelError(f"service_share must be in 0..1, got {share!r}")
    interval = split.service_share_interval if service_share is None else (share, share)
    retention_base = config.programme.retention_per_year if retention_per_year is None else float(retention_per_year)
    if not 0 < retention_base < 1:
        raise ModelError(f"retention_per_year must be between 0 and 1, got {retention_base!r}")
    base_value = base_customer_value(margin * 12 / months, retention_base, discount)
    service_cost = ServiceDefectionCost(float(config.defections_per_year), share, interval, base_value)
    changes: dict[str, float] = {"margin_per_customer_per_year": margin * 12 / months,
                                 "discount_rate_per_year": discount,
                                 "cost_of_poor_service_per_year": poor.total_per_year}
    if retention_per_year is not None:
        changes["retention_per_year"] = float(retention_per_year)
    if retention_gain_points is not None:
        changes["retention_gain_points"] = float(retention_gain_points)
    if poor_service_reduction is not None:
        changes["poor_service_reduction"] = float(poor_service_reduction)
    programme = replace(config.programme, **changes)
    result = roce(programme)
    table = roce_sensitivity(programme, sensitivity_gains(programme.retention_gain_points))
    inputs = {"margin_per_period": margin, "discount_rate_per_year": discount, "acquisition_cost": cac,
              "retention_per_year": programme.retention_per_year,
              "retention_gain_points": programme.retention_gain_points, "service_share": share,
              "poor_service_reduction": programme.poor_service_reduction}
    # a new customer's value if the programme's gain lifts their first-year retention as well
    beta_gain = beta_for_first_year_gain(fit, programme.retention_gain_points, period_months=months)
    d_period = (1.0 + discount) ** (months / 12.0) - 1.0
    clv_with_gain = margin * sbg_derl(fit.alpha, beta_gain, d_period)
    return RetentionAnalysis(config.currency, config.period, months, int(config.customers),
                             float(config.defections_per_year), fit, economics, poor, split, share,
                             service_cost, result, table, inputs, float(clv_with_gain), float(base_value),
                             bool(getattr(config, "non_contractual", False)))

