"""Smoke tests of the retention charts (they draw what the results hold)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from cxconsult.plots.retention import (plot_cost_of_poor_service, plot_defection_reasons,  # noqa: E402
                                       plot_roce_cashflows, plot_survival)
from cxconsult.retention import fit_sbg  # noqa: E402
from cxconsult.retention.economics import (CXProgramme, cost_of_poor_service, defection_split,  # noqa: E402
                                           roce)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_plot_survival_draws_band_and_cohorts():
    fit = fit_sbg({"a": [1000, 631, 468, 382, 326], "b": [900, 560, 420]})
    ax = plot_survival(fit, periods=10)
    assert len(ax.collections) >= 1  # the band
    assert "alpha" in ax.get_title()
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= {"a", "b", "sBG model"}


def test_plot_cost_of_poor_service_shows_total():
    result = cost_of_poor_service([{"item": "x", "kind": "churn", "count_per_year": 10, "value_each": 5},
                                   {"item": "y", "kind": "rework", "count_per_year": 100, "value_each": 2}])
    ax = plot_cost_of_poor_service(result, currency="EUR")
    assert "EUR 250 a year" in ax.get_title() and len(ax.patches) == 2
    # the modelled defections are an extra (hatched) bar and count in the total: 250 + 1.2M
    ax = plot_cost_of_poor_service(result, currency="EUR", service_defections=1_200_000)
    assert "EUR 1.2M a year" in ax.get_title() and len(ax.patches) == 3


def test_plot_defection_reasons_and_cashflows():
    split = defection_split([{"reason": "a", "category": "price", "count": 30},
                             {"reason": "b", "category": "service", "count": 20},
                             {"reason": "c", "category": "other", "count": 5}])
    ax = plot_defection_reasons(split)
    assert len(ax.patches) == 3
    programme = CXProgramme(investment=1000, running_cost_per_year=0, customers=100,
                            margin_per_customer_per_year=120, retention_per_year=0.8, retention_gain_points=5,
                            discount_rate_per_year=0.05)
    ax = plot_roce_cashflows(roce(programme))
    assert "NPV" in ax.get_title()
