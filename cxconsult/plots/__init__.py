"""Figures, one function per chart: ``plot_<thing>(result, ax=None)``; matplotlib is imported lazily.

The functions live in one module per model (``plots/diagnostic.py``, ``plots/outlook.py``,
``plots/spc.py``, ``plots/retention.py``) and are all re-exported here, so
``cxconsult.plots.plot_area_scores`` is the one place to find them.
"""

from cxconsult.plots.diagnostic import plot_area_scores, plot_question_scores, plot_role_heatmap
from cxconsult.plots.journey import plot_journey_heatmap, plot_pilot
from cxconsult.plots.outlook import plot_csf, plot_outlook_fan, plot_tornado
from cxconsult.plots.retention import (
    plot_cost_of_poor_service,
    plot_defection_reasons,
    plot_roce_cashflows,
    plot_survival,
)
from cxconsult.plots.spc import plot_chain, plot_perception_gap, plot_what_if
from cxconsult.plots.voc import plot_drivers, plot_importance_performance, plot_themes, plot_voc_trend

__all__ = [
    "plot_area_scores",
    "plot_chain",
    "plot_cost_of_poor_service",
    "plot_csf",
    "plot_defection_reasons",
    "plot_journey_heatmap",
    "plot_outlook_fan",
    "plot_perception_gap",
    "plot_pilot",
    "plot_question_scores",
    "plot_roce_cashflows",
    "plot_role_heatmap",
    "plot_survival",
    "plot_tornado",
    "plot_what_if",
    "plot_drivers",
    "plot_importance_performance",
    "plot_themes",
    "plot_voc_trend",
]
