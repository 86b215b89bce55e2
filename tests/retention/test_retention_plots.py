"""The retention charts draw what the results hold, in the client's language, with locale numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from cxconsult.i18n import translator  # noqa: E402
from cxconsult.plots.retention import (plot_cost_of_poor_service, plot_defection_reasons,  # noqa: E402
                                       plot_roce_cashflows, plot_survival)
from cxconsult.retention import fit_sbg  # noqa: E402
from cxconsult.retention.economics import (CXProgramme, cost_of_poor_service, defection_split,  # noqa: E402
                                           roce)

FR = translator("fr")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(ax) -> str:
    parts = [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
    parts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    if ax.get_legend():
        parts += [t.get_text() for t in ax.get_legend().get_texts()]
    return " | ".join(parts)


def test_plot_survival_draws_band_and_cohorts_without_code_names():
    fit = fit_sbg({"a": [1000, 631, 468, 382, 326], "b": [900, 560, 420]})
    ax = plot_survival(fit, periods=10)
    assert len(ax.collections) >= 1  # the band
    assert "alpha" not in ax.get_title() and "sBG" not in _texts(ax)  # no code names for a client
    assert {t.get_text() for t in ax.get_legend().get_texts()} >= {"a", "b", "cohort model"}
    ax = plot_survival(fit, periods=10, tr=FR, period_label="mois")
    assert "Clients encore actifs" in ax.get_title() and "modèle de cohortes" in _texts(ax)


class _Flagged:
    """A fit carrying the flags another developer adds to SBGFit (no_information): no band is drawn."""

    def __init__(self, fit):
        self._fit, self.flags = fit, ("no_information",)

    def __getattr__(self, name):
        return getattr(self._fit, name)


def test_plot_survival_of_a_flagged_fit_draws_no_band_and_says_why():
    fit = fit_sbg({"a": [1000, 631, 468, 382, 326]})
    ax = plot_survival(_Flagged(fit), periods=10)
    assert len(ax.collections) == 0
    assert "too little information" in ax.get_title()
    assert not any("nan" in t.lower() for t in _texts(ax).split(" | "))


def test_plot_cost_of_poor_service_shows_the_yearly_total_only():
    result = cost_of_poor_service([{"item": "x", "kind": "churn", "count_per_year": 10, "value_each": 5},
                                   {"item": "y", "kind": "rework", "count_per_year": 100, "value_each": 2}])
    # 10 x 5 + 100 x 2 = 250 a year
    ax = plot_cost_of_poor_service(result, currency="EUR")
    assert "Yearly cost of poor service: €250 a year" in ax.get_title() and len(ax.patches) == 2
    ax = plot_cost_of_poor_service(result, currency="EUR", tr=FR)
    assert "Coût annuel du service défaillant\u00a0: 250\u00a0€ par an" in ax.get_title()
    assert "travail à refaire" in _texts(ax)  # the kind "rework", in French


def test_plot_defection_reasons_and_cashflows():
    split = defection_split([{"reason": "a", "category": "price", "count": 30},
                             {"reason": "b", "category": "service", "count": 20},
                             {"reason": "c", "category": "other", "count": 5}])
    ax = plot_defection_reasons(split, tr=FR)
    assert len(ax.patches) == 3
    assert [t.get_text() for t in ax.get_xticklabels()] == ["prix", "service", "autre"]
    # 30 of 55 answers = 54.5% -> "55 %" on the bar in French
    assert any(t.get_text().startswith("55\u00a0%") for t in ax.texts)
    programme = CXProgramme(investment=1000, running_cost_per_year=0, customers=100,
                            margin_per_customer_per_year=120, retention_per_year=0.8, retention_gain_points=5,
                            discount_rate_per_year=0.05)
    result = roce(programme)
    ax = plot_roce_cashflows(result)
    assert "net present value" in ax.get_title()
    # the chart marks the discounted payback month: the same value the report and the app headline give
    month = result.discounted_payback_month
    flows = result.cashflows
    assert flows["cumulative_discounted"][month] >= 0 > flows["cumulative_discounted"][month - 1]
    assert f"discounted payback: month {month}" in _texts(ax)
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) == 2
             and np.allclose(np.asarray(line.get_xdata(), dtype=float), [month, month])]
    assert lines, "a vertical line at the discounted payback month"
