"""Figures, one function per chart: ``plot_<thing>(result, ax=None)``; matplotlib is imported lazily.

The functions live in one module per model (``plots/diagnostic.py``, ``plots/outlook.py``, ...) and
are all re-exported here, so ``cxconsult.plots.plot_area_scores`` is the one place to find them.
"""

from cxconsult.plots.diagnostic import plot_area_scores, plot_question_scores, plot_role_heatmap

__all__ = ["plot_area_scores", "plot_question_scores", "plot_role_heatmap"]
