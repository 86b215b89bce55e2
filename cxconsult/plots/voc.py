"""Charts of the voice-of-the-customer section; every label goes through the client's translator."""

from __future__ import annotations

from typing import Any

import pandas as pd

from cxconsult.i18n import N_, translator
from cxconsult.plots._base import new_axes

__all__ = ["plot_drivers", "plot_importance_performance", "plot_themes", "plot_voc_trend"]

_TITLES = {"nps": N_("NPS by month, with its 95% interval"), "csat": N_("CSAT by month, with its 95% interval"),
           "ces": N_("CES by month, with its 95% interval")}


def plot_voc_trend(trend: pd.DataFrame, metric: str = "nps", *, language: str = "en", colour: str = "#1F4E79",
                   ax: Any = None) -> Any:
    """The metric by period (line) with its interval (band); ``trend`` from :func:`cxconsult.voc.trend`."""
    tr = translator(language)
    ax = new_axes(ax, (8.0, 3.4))
    x = pd.to_datetime(trend["period"])
    ax.fill_between(x, trend["low"], trend["high"], color=colour, alpha=0.18, linewidth=0)
    ax.plot(x, trend["value"], color=colour, marker="o", markersize=3.5, linewidth=1.8)
    if metric == "nps":
        ax.axhline(0, color="#888888", linewidth=0.8)
    ax.set_title(tr._(_TITLES.get(metric, _TITLES["nps"])), loc="left", fontsize=11)
    ax.set_ylabel(tr._("Points") if metric == "nps" else "")
    ax.grid(axis="y", alpha=0.3)
    ax.figure.autofmt_xdate()
    return ax


def plot_drivers(drivers: pd.DataFrame, labels: dict[str, str], *, language: str = "en", colour: str = "#1F4E79",
                 ax: Any = None) -> Any:
    """Each driver's share of importance with its bootstrap interval (horizontal bars, largest on top)."""
    tr = translator(language)
    ax = new_axes(ax, (7.0, 3.2))
    d = drivers.sort_values("share")
    y = range(len(d))
    err = [(d["share"] - d["share_low"]).clip(lower=0) * 100, (d["share_high"] - d["share"]).clip(lower=0) * 100]
    ax.barh(list(y), d["share"] * 100, color=colour, alpha=0.85, xerr=err, capsize=3)
    ax.set_yticks(list(y), [labels.get(i, i) for i in d.index])
    ax.set_xlabel(tr._("Share of importance (%)"))
    ax.set_title(tr._("What drives the score"), loc="left", fontsize=11)
    ax.grid(axis="x", alpha=0.3)
    return ax


def plot_importance_performance(matrix: pd.DataFrame, labels: dict[str, str], *, language: str = "en",
                                colour: str = "#1F4E79", ax: Any = None) -> Any:
    """Importance (share) against performance (0-100); the quadrant to act on first is shaded."""
    tr = translator(language)
    ax = new_axes(ax, (6.4, 4.4))
    x, y = matrix["performance"], matrix["share"] * 100
    sx, sy = matrix.attrs["performance_cut"], matrix.attrs["share_cut"] * 100
    pad_x, pad_y = max(3.0, (x.max() - x.min()) * 0.4), max(3.0, (y.max() - y.min()) * 0.4)
    x0, x1, y0, y1 = x.min() - pad_x, x.max() + pad_x, y.min() - pad_y, y.max() + pad_y
    ax.axvspan(x0, sx, ymin=(sy - y0) / (y1 - y0), ymax=1, color="#d9534f", alpha=0.10)
    ax.axvline(sx, color="#888888", linewidth=0.8, linestyle="--")
    ax.axhline(sy, color="#888888", linewidth=0.8, linestyle="--")
    ax.scatter(x, y, color=colour, s=45, zorder=3)
    for name, xi, yi in zip(matrix.index, x, y):
        ax.annotate(labels.get(name, name), (xi, yi), textcoords="offset points", xytext=(6, 4), fontsize=9)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.text(x0 + 0.3, y1 - 0.4, tr._("Act first"), va="top", fontsize=9, color="#a33")
    ax.set_xlabel(tr._("Performance (mean rating, 0-100)"))
    ax.set_ylabel(tr._("Share of importance (%)"))
    ax.set_title(tr._("Importance and performance"), loc="left", fontsize=11)
    return ax


def plot_themes(themes: pd.DataFrame, *, language: str = "en", colour: str = "#1F4E79", ax: Any = None) -> Any:
    """Mentions per theme (bars), coloured by the NPS of those who mention it."""
    tr = translator(language)
    ax = new_axes(ax, (7.0, 3.4))
    t = themes.sort_values("mentions")
    colours = ["#c0392b" if v < -20 else "#e67e22" if v < 0 else colour for v in t["nps"]]
    ax.barh(range(len(t)), t["mentions"], color=colours)
    ax.set_yticks(range(len(t)), list(t["label"]))
    ax.set_xlabel(tr._("Mentions"))
    ax.set_title(tr._("Themes in comments (red: NPS below -20, orange: below 0)"), loc="left", fontsize=11)
    ax.grid(axis="x", alpha=0.3)
    return ax
