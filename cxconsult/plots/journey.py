"""Journey charts: the phase x channel heat map of performance, and the pilot against its control.

Text on the charts (titles, axes, legends) is in the client's language (``language``); labels of
phases and channels come from the engagement as they are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from cxconsult.i18n import translator
from cxconsult.journey.config import JourneyConfig
from cxconsult.journey.did import DiDResult
from cxconsult.plots._base import new_axes

__all__ = ["journey_grid", "plot_journey_heatmap", "plot_pilot"]


def journey_grid(config: JourneyConfig, scores: Mapping[str, float | None]) -> tuple[np.ndarray, np.ndarray]:
    """(mean score, touchpoint count) per channel (rows) x phase (columns); NaN where nothing is measured."""
    phases = [p.id for p in config.phases]
    channels = [c.id for c in config.channels]
    total = np.zeros((len(channels), len(phases)))
    measured = np.zeros_like(total)
    count = np.zeros_like(total, dtype=int)
    for t in config.touchpoints:
        i, j = channels.index(t.channel), phases.index(t.phase)
        count[i, j] += 1
        score = scores.get(t.id)
        if score is not None:
            total[i, j] += score
            measured[i, j] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(measured > 0, total / np.where(measured > 0, measured, 1), np.nan)
    return mean, count


def plot_journey_heatmap(config: JourneyConfig, scores: Mapping[str, float | None], ax: Any = None, *,
                         language: str = "en", title: str | None = None) -> Any:
    """Mean performance (0-100) of each phase x channel cell, red (low) to green (high), with the
    number of touchpoints in each cell; grey cells have no measured touchpoint."""
    tr = translator(language)
    ax = new_axes(ax, (1.6 + 1.25 * len(config.phases), 0.9 + 0.55 * len(config.channels)))
    mean, count = journey_grid(config, scores)
    cmap = _cmap()
    image = ax.imshow(np.ma.masked_invalid(mean), cmap=cmap, vmin=0, vmax=100, aspect="auto")
    ax.set_facecolor("#e7ebef")
    for i in range(mean.shape[0]):
        for j in range(mean.shape[1]):
            if count[i, j] == 0:
                continue
            text = "–" if np.isnan(mean[i, j]) else tr.number(mean[i, j])
            ax.text(j, i, f"{text}\n({count[i, j]})", ha="center", va="center", fontsize=8, color="#1d2733")
    ax.set_xticks(range(len(config.phases)), [p.label for p in config.phases], fontsize=8, rotation=20,
                  ha="right")
    ax.set_yticks(range(len(config.channels)), [c.label for c in config.channels], fontsize=8)
    ax.set_title(title if title is not None else tr._("Performance by phase and channel (0-100)"), fontsize=10)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.ax.tick_params(labelsize=7)
    return ax


def _cmap() -> Any:
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list("cx_journey", ["#c0392b", "#f1c40f", "#27ae60"])


def plot_pilot(result: DiDResult, ax: Any = None, *, language: str = "en", measure_label: str = "",
               colour: str = "#1F4E79") -> Any:
    """Pilot and control means before and after, with the pilot's counterfactual (its before plus the
    control's change) dashed: the gap at "after" is the difference-in-differences effect."""
    tr = translator(language)
    ax = new_axes(ax, (5.6, 3.4))
    x = [0, 1]
    pb, pa = result.cell("pilot", "before").mean, result.cell("pilot", "after").mean
    cb, ca = result.cell("control", "before").mean, result.cell("control", "after").mean
    ax.plot(x, [pb, pa], marker="o", color=colour, lw=2, label=tr._("Pilot group"))
    ax.plot(x, [cb, ca], marker="o", color="#7f8c8d", lw=2, label=tr._("Control group"))
    ax.plot(x, [pb, pb + result.control_change], ls="--", color=colour, alpha=.6,
            label=tr._("Pilot without the redesign (estimate)"))
    ax.errorbar([1.04], [pa], yerr=[[pa - (pb + result.control_change + result.low)],
                                   [pb + result.control_change + result.high - pa]],
                fmt="none", ecolor=colour, capsize=4)
    ax.set_xticks(x, [tr._("Before"), tr._("After")])
    ax.set_xlim(-0.2, 1.3)
    ax.set_ylabel(measure_label)
    ax.set_title(tr._("Effect {effect} ({low} to {high})").format(
        effect=tr.points(result.effect, 2), low=tr.number(result.low, 2), high=tr.number(result.high, 2)), fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
