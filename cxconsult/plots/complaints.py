"""Charts of the complaints section; every label goes through the client's translator.

Labels in Chinese need a font with CJK glyphs: for ``language="zh"`` every text of the chart is set to a
font list that puts Noto Sans CJK (or another installed CJK font) before matplotlib's default, so
Latin digits keep their usual look and Chinese words are not drawn as empty boxes.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from cxconsult.i18n import N_, translator
from cxconsult.plots._base import new_axes

__all__ = ["cjk_fonts", "plot_pareto", "plot_scorecard", "plot_times"]

_MEASURE_TITLES = {"first_response": N_("First response: share of cases within the standard, by channel"),
                   "resolution": N_("Resolution: share of cases within the standard, by channel")}
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei",
             "Microsoft YaHei", "PingFang SC")


def cjk_fonts() -> list[str]:
    """Installed CJK fonts (by family name), in order of preference; empty when there is none."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return [name for name in CJK_FONTS if name in installed]


def _apply_fonts(ax: Any, language: str) -> None:
    """For Chinese, every text of the axes (title, labels, ticks, annotations, legend) in a CJK font."""
    if language != "zh":
        return
    fonts = cjk_fonts()
    if not fonts:
        return
    family = fonts + ["DejaVu Sans", "sans-serif"]
    texts = [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
    texts += list(ax.get_xticklabels()) + list(ax.get_yticklabels())
    if ax.get_legend() is not None:
        texts += list(ax.get_legend().get_texts())
    for text in texts:
        text.set_fontfamily(family)
    ax.tick_params(labelfontfamily=family)


def plot_times(times: Iterable[Any], measure: str = "resolution", *, labels: Mapping[str, str] | None = None,
               language: str = "en", colour: str = "#1F4E79", ax: Any = None) -> Any:
    """Share of cases within the client's standard, by channel (horizontal bars, 0-100 %), with the
    Kaplan-Meier interval as error bars and a dashed line at 100 % marking the standard met by every case.

    ``times`` are the analysis's ``TimeToEvent`` rows; those of ``measure`` are drawn (the "all" channel
    last, in grey). ``labels`` maps channel ids to the client-language names shown.
    """
    tr = translator(language)
    labels = dict(labels or {})
    rows = [t for t in times if t.measure == measure and math.isfinite(t.share_within)]
    rows.sort(key=lambda t: (t.channel != "all", t.share_within))  # "all" at the bottom, worst channel next
    ax = new_axes(ax, (7.0, 0.8 + 0.42 * max(len(rows), 1)))
    y = list(range(len(rows)))
    shares = [t.share_within * 100 for t in rows]
    low = [max(0.0, (t.share_within - t.ci_share[0]) * 100) if _finite_ci(t) else 0.0 for t in rows]
    high = [max(0.0, (t.ci_share[1] - t.share_within) * 100) if _finite_ci(t) else 0.0 for t in rows]
    colours = ["#888888" if t.channel == "all" else colour for t in rows]
    ax.barh(y, shares, color=colours, alpha=0.9, xerr=[low, high], capsize=3)
    for yi, t in zip(y, rows):
        label = tr.percent(t.share_within, 0)
        if math.isfinite(t.standard_h):
            digits = 0 if t.standard_h >= 10 else 1
            label += " (" + tr.pgettext("complaints", "{hours} h").format(hours=tr.number(t.standard_h, digits)) + ")"
        end = max(t.share_within, t.ci_share[1]) if _finite_ci(t) else t.share_within
        ax.annotate(label, (min(end * 100, 100), yi), textcoords="offset points", xytext=(6, -3), fontsize=8.5)
    ax.axvline(100, color="#a33", linewidth=0.9, linestyle="--")
    ax.set_yticks(y, [labels.get(t.channel, t.channel) for t in rows])
    ax.set_xlim(0, 125)
    ax.set_xticks([0, 20, 40, 60, 80, 100], [tr.percent(v / 100, 0) for v in (0, 20, 40, 60, 80, 100)])
    ax.set_xlabel(tr._("Share of cases within the standard (in brackets)"))
    ax.set_title(tr._(_MEASURE_TITLES.get(measure, _MEASURE_TITLES["resolution"])), loc="left", fontsize=11)
    ax.grid(axis="x", alpha=0.3)
    _apply_fonts(ax, language)
    return ax


def _finite_ci(t: Any) -> bool:
    ci = getattr(t, "ci_share", None)
    return ci is not None and len(ci) == 2 and all(math.isfinite(v) for v in ci)


def plot_pareto(pareto: pd.DataFrame, *, language: str = "en", colour: str = "#1F4E79", top: int = 12,
                ax: Any = None) -> Any:
    """Cases by root cause, largest first (bars), with the cumulative share (line, right axis, 0-100 %)
    and a dotted line at 80 %; at most ``top`` causes, the rest grouped as "Other causes"."""
    tr = translator(language)
    p = pareto.sort_values("cases", ascending=False).reset_index(drop=True)
    if len(p) > top:
        rest = p.iloc[top - 1:]
        p = pd.concat([p.iloc[:top - 1], pd.DataFrame({"root_cause": [tr._("Other causes")],
                                                       "cases": [rest["cases"].sum()], "share": [rest["share"].sum()],
                                                       "cumulative_share": [1.0]})], ignore_index=True)
    ax = new_axes(ax, (8.0, 3.8))
    x = list(range(len(p)))
    ax.bar(x, p["cases"], color=colour, alpha=0.9)
    ax.set_xticks(x, [str(c) for c in p["root_cause"]], rotation=35, ha="right")
    ax.set_ylabel(tr.pgettext("complaints", "Cases"))
    twin = ax.twinx()
    twin.plot(x, p["share"].cumsum() * 100, color="#c0392b", marker="o", markersize=3.5, linewidth=1.6)
    twin.axhline(80, color="#c0392b", linewidth=0.8, linestyle=":")
    twin.set_ylim(0, 105)
    twin.set_yticks([0, 20, 40, 60, 80, 100], [tr.percent(v / 100, 0) for v in (0, 20, 40, 60, 80, 100)])
    twin.set_ylabel(tr._("Cumulative share of complaints"))
    ax.set_title(tr._("Complaints by root cause, largest first"), loc="left", fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    _apply_fonts(ax, language)
    _apply_fonts(twin, language)
    return ax


def plot_scorecard(scorecard: pd.DataFrame, steps: Iterable[str] | None = None, *,
                   labels: Mapping[str, str] | None = None, language: str = "en", ax: Any = None) -> Any:
    """Heat map, teams (rows) by RESOLVED steps (columns): the share of checked cases where the step was
    done, 0-100 %, red for skipped steps, each cell written; a blank cell where no case was checked.

    ``steps`` are the step keys to draw (default: every RESOLVED key in ``scorecard``); ``labels`` maps a
    key to its short column label (default: its letter).
    """
    import numpy as np

    tr = translator(language)
    if steps is None:
        from cxconsult.complaints import RESOLVED_STEPS

        steps = [key for key, _ in RESOLVED_STEPS if key in scorecard.columns]
    steps = list(steps)
    labels = dict(labels or {})
    values = scorecard[steps].astype("float64").to_numpy() if steps else np.zeros((len(scorecard), 0))
    ax = new_axes(ax, (1.6 + 0.75 * max(len(steps), 1), 1.0 + 0.45 * max(len(scorecard), 1)))
    image = ax.imshow(np.ma.masked_invalid(values * 100), cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if math.isfinite(values[i, j]):
                ax.text(j, i, tr.percent(values[i, j], 0), ha="center", va="center", fontsize=8,
                        color="white" if values[i, j] < 0.3 else "black")
    ax.set_xticks(range(len(steps)), [labels.get(k, k[0]) for k in steps])
    ax.set_yticks(range(len(scorecard)), [str(t) for t in scorecard.index])
    ax.set_xlabel(tr._("RESOLVED step"))
    ax.set_title(tr._("Share of checked cases where each step was done, by team"), loc="left", fontsize=11)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_ticks([0, 50, 100], labels=[tr.percent(v / 100, 0) for v in (0, 50, 100)])
    _apply_fonts(ax, language)
    return ax
