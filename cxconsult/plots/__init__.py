"""Figures, one function per chart: ``plot_<thing>(result, ax=None)``; matplotlib is imported lazily.

The functions live in one module per model (``plots/diagnostic.py``, ``plots/outlook.py``,
``plots/spc.py``, ``plots/retention.py``) and are all re-exported here, so
``cxconsult.plots.plot_area_scores`` is the one place to find them.

Submodules are imported on first use of a name (PEP 562), so a report kernel that draws one
section's charts does not import every model package.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public plot function -> the module defining it.
_WHERE = {
    "plot_area_scores": "diagnostic", "plot_question_scores": "diagnostic", "plot_role_heatmap": "diagnostic",
    "plot_journey_heatmap": "journey", "plot_pilot": "journey",
    "plot_csf": "outlook", "plot_outlook_fan": "outlook", "plot_tornado": "outlook",
    "plot_cost_of_poor_service": "retention", "plot_defection_reasons": "retention",
    "plot_roce_cashflows": "retention", "plot_survival": "retention",
    "plot_chain": "spc", "plot_perception_gap": "spc", "plot_what_if": "spc",
    "plot_drivers": "voc", "plot_importance_performance": "voc", "plot_themes": "voc", "plot_voc_trend": "voc",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f"cxconsult.plots.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cxconsult.plots' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))


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
