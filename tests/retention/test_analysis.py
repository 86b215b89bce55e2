"""analyse_retention ties the models together: its numbers equal the models called one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.errors import ModelError
from cxconsult.retention import fit_sbg
from cxconsult.retention.analysis import analyse_retention, sensitivity_gains
from cxconsult.retention.clv import beta_for_first_year_gain, customer_economics
from cxconsult.retention.economics import cost_of_poor_service, defection_split, roce
from cxconsult.retention.sbg import sbg_survival


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "engagements" / "aurora-telecom"


@pytest.fixture(scope="module")
def config():
    return load_engagement(SAMPLE).retention


def test_analysis_equals_the_models_called_one_by_one(config):
    a = analyse_retention(config)
    fit = fit_sbg(dict(config.cohorts))
    assert a.fit.alpha == pytest.approx(fit.alpha)
    econ = customer_economics(margin_per_month=config.margin_per_customer_per_month,
                              discount_rate_per_year=config.discount_rate_per_year,
                              acquisition_cost=config.acquisition_cost,
                              retention_cost_per_year=config.retention_cost_per_customer_per_year, fit=fit)
    assert a.economics.clv == pytest.approx(econ.clv)
    split = defection_split(config.exit_reasons)
    # a leaver from today's base takes the value of a base customer, m(1+d)/(1+d-r), yearly periods:
    # Aurora: 19.50 x 12 = 234 a year, r = 0.82, d = 0.09 -> 234 x 1.09 / 0.27 = 944.666...
    assert a.base_customer_value == pytest.approx(234 * 1.09 / 0.27)
    lost = config.defections_per_year * split.shares["service"] * 234 * 1.09 / 0.27
    assert a.service_cost.per_year == pytest.approx(lost)
    assert a.value_lost_with_service_leavers == pytest.approx(lost)
    # the yearly cost (a flow) is the listed events only: the stock above is never added to it
    assert a.yearly_cost_of_poor_service == pytest.approx(cost_of_poor_service(config.poor_service).total_per_year)
    assert not hasattr(a, "total_cost_of_poor_service_per_year")
    assert a.roce.npv == pytest.approx(roce(config.programme).npv)
    assert list(a.sensitivity["retention_gain_points"]) == sensitivity_gains(config.programme.retention_gain_points)


def test_overrides(config):
    a = analyse_retention(config, margin_per_period=2 * config.margin_per_customer_per_period, service_share=0.5)
    base = analyse_retention(config)
    assert a.economics.clv == pytest.approx(2 * base.economics.clv)  # CLV is linear in margin
    assert a.service_cost.per_year == pytest.approx(config.defections_per_year * 0.5 * 2 * 234 * 1.09 / 0.27)
    # the base's yearly retention moves the value of a base customer: 234 x 1.09 / (1.09 - 0.905)
    moved = analyse_retention(config, retention_per_year=0.905)
    assert moved.base_customer_value == pytest.approx(234 * 1.09 / 0.185)
    assert moved.economics.clv == pytest.approx(base.economics.clv)  # a new customer's value: cohort model
    with pytest.raises(ModelError):
        analyse_retention(config, service_share=1.5)


def test_clv_with_gain(config):
    """The programme's gain lifts first-year survival S(12) by exactly that many points; no gain, same CLV."""
    a = analyse_retention(config)
    beta = beta_for_first_year_gain(a.fit, 1.5)
    assert sbg_survival(a.fit.alpha, beta, 12) == pytest.approx(a.fit.survival(12) + 0.015)
    assert a.clv_with_gain > a.economics.clv
    assert analyse_retention(config, retention_gain_points=0).clv_with_gain == pytest.approx(a.economics.clv)
    assert sensitivity_gains(1.5) == [0.0, 0.75, 1.5, 2.25, 3.0]
