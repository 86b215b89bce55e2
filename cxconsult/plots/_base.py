"""Helpers shared by the chart modules (matplotlib imported lazily)."""

from __future__ import annotations

from typing import Any

from cxconsult.formatting import short_number


def new_axes(ax: Any, figsize: tuple[float, float]) -> Any:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches with constrained layout."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def money_axis(ax: Any, which: str = "y") -> None:
    """Tick labels as 1.5M / 250.0k instead of scientific notation."""
    from matplotlib.ticker import FuncFormatter

    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: short_number(value)))
