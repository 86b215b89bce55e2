"""Service-profit-chain figures: the chain diagram, the perception gap and the what-if bars.

matplotlib is imported inside each function so the models stay free of it.
"""

from __future__ import annotations

from typing import Any

from cxconsult.i18n import Translator, translator
from cxconsult.plots._base import new_axes
from cxconsult.spc import ChainResult, PerceptionGap, ServiceProfitChain, WhatIfResult

__all__ = ["plot_chain", "plot_perception_gap", "plot_what_if"]

_SUPPORTED, _WEAK, _ASSUMED = "#2E7D32", "#9E9E9E", "#9E9E9E"



def plot_chain(result: ChainResult | ServiceProfitChain, ax: Any = None, *, colour: str = "#4A148C",
               tr: Translator | None = None) -> Any:
    """Chain diagram: a box per stage, an arrow per link.

    Arrow width and label give the standardised strength (natural-unit coefficient beneath);
    supported links are solid green, links whose interval spans zero dashed grey, literature
    defaults dashed grey and labelled "assumption"; boxes outlined in ``colour``. Returns the Axes.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from cxconsult.narrative.service_profit_chain import per, stage as stage_name

    tr = tr or translator("en")
    result = result.result_ if isinstance(result, ServiceProfitChain) else result
    stages = result.stages
    import textwrap

    ax = new_axes(ax, (max(7.0, 1.5 * len(stages)), 3.0))
    step, width, height = 1.0, 0.72, 0.5
    for i, stage in enumerate(stages):
        ax.add_patch(FancyBboxPatch((i * step - width / 2, -height / 2), width, height,
                                    boxstyle="round,pad=0.02", facecolor="#F4F1F8", edgecolor=colour))
        ax.text(i * step, 0, textwrap.fill(stage_name(tr, stage), 12, break_long_words=False),
                ha="center", va="center", fontsize=8.5)
    for i, link in enumerate(result.links):
        start, end = i * step + width / 2, (i + 1) * step - width / 2
        if link.assumed:
            colour, style, label = _ASSUMED, "--", f"{tr.points(link.coefficient, 2)}\n{tr._('assumption')}"
            lw = 1.5
        else:
            strong = link.verdict == "supported"
            colour, style = (_SUPPORTED, "-") if strong else (_WEAK, "--")
            lw = 1 + 6 * min(abs(link.standardised), 1.0)
            label = f"{tr.number(link.standardised, 2)}\n({tr.points(link.coefficient, 2)})"
        ax.add_patch(FancyArrowPatch((start, 0), (end, 0), arrowstyle="-|>", mutation_scale=12,
                                     linewidth=lw, linestyle=style, color=colour))
        ax.text((start + end) / 2, 0.3, label, ha="center", va="bottom", fontsize=8.5, color=colour)
    ind = result.indirect
    ax.set_title(tr._("Service-profit chain, {n} teams; arrows: strength in standard deviations (effect of "
                      "one point)").format(n=result.n_units) + "\n"
                 + tr._("{cause} to {effect}: {value} {unit} ({level} interval {low} to {high})").format(
                     cause=stage_name(tr, ind.cause), effect=stage_name(tr, ind.effect), value=tr.points(ind.value, 3),
                     unit=per(tr, ind.effect, ind.cause), level=tr.percent(result.confidence),
                     low=tr.points(ind.low, 3), high=tr.points(ind.high, 3)), fontsize=9)
    ax.set_xlim(-0.6, (len(stages) - 1) * step + 0.6)
    ax.set_ylim(-0.32, 0.62)
    ax.set_aspect("auto")
    ax.axis("off")
    return ax


def plot_perception_gap(gap: PerceptionGap, ax: Any = None, *, colour: str = "#6A1B9A",
                        tr: Translator | None = None) -> Any:
    """Two bars: what the organisation says and the share of customers who agree (with intervals).

    Like with like (leaders answered the customers' question) both bars are shares with intervals;
    otherwise the first bar is leadership's rating out of 100 and the chart says the two differ in kind.
    """
    tr = tr or translator("en")
    ax = new_axes(ax, (5.0, 3.2))
    values = [gap.internal_view, gap.customer_view]
    ax.bar([0, 1], values, color=[colour, "#FFB300"], width=0.55)
    ax.errorbar([1], [gap.customer_view], yerr=[[gap.customer_view - gap.customer_low],
                                                [gap.customer_high - gap.customer_view]],
                fmt="none", ecolor="black", capsize=4)
    if gap.like_with_like:
        ax.errorbar([0], [gap.internal_view], yerr=[[gap.internal_view - gap.internal_low],
                                                    [gap.internal_high - gap.internal_view]],
                    fmt="none", ecolor="black", capsize=4)
        labels = [tr._("Leaders\n(same question)"), tr._("Customers")]
        texts = [tr.percent(v / 100) for v in values]
        title = tr._("Perception gap: {gap} percentage points ({low} to {high})").format(
            gap=tr.points(gap.gap), low=tr.points(gap.gap_low), high=tr.points(gap.gap_high))
        ax.set_ylabel(tr._("% answering {k} or more on {scale}").format(k=gap.agree_from, scale=gap.scale))
    else:
        labels = [tr._("Leadership's rating\n(out of 100)"),
                  tr._("Customers answering\n{k} or more on {scale} (%)").format(k=gap.agree_from, scale=gap.scale)]
        texts = [tr.number(values[0]), tr.percent(values[1] / 100)]
        title = tr._("Two different measures: a rating and a share of customers")
        ax.set_ylabel(tr._("rating out of 100 / % of customers"))
    for x, (v, t) in enumerate(zip(values, texts, strict=True)):
        ax.text(x, v + 3, t, ha="center", fontsize=9)
    ax.set_xticks([0, 1], labels, fontsize=8)
    ax.set_ylim(0, 110)
    ax.set_title(title, fontsize=10)
    return ax


def plot_what_if(result: WhatIfResult, ax: Any = None, *, colour: str = "#6A1B9A", currency: str = "",
                 tr: Translator | None = None) -> Any:
    """Horizontal bars of each downstream stage's change (own units) with bootstrap intervals."""
    from cxconsult.narrative.service_profit_chain import _moves, stage as stage_name, unit

    tr = tr or translator("en")
    ax = new_axes(ax, (6.5, 0.55 * max(len(result.changes), 1) + 1.4))
    changes = list(result.changes)[::-1]
    labels = [f"{stage_name(tr, c.stage)}\n({unit(tr, c.stage)})" for c in changes]
    y = range(len(changes))
    ax.barh(list(y), [c.change for c in changes], color=colour,
            xerr=[[c.change - c.low for c in changes], [c.high - c.change for c in changes]],
            error_kw={"capsize": 3})
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    kept = result.amount("customers_kept_per_year")
    profit = result.amount("extra_profit_per_year")
    extra = "; ".join(part for part in (
        tr._("{n} customers kept a year").format(n=tr.number(kept.value)) if kept else "",
        tr._("{amount} more profit a year").format(
            amount=tr.compact_money(profit.value, currency) if currency else tr.compact_number(profit.value))
        if profit else "") if part)
    ax.set_title(tr._("What if: {moves}").format(moves=_moves(tr, result)) + (f"\n{extra}" if extra else ""),
                 fontsize=10)
    ax.set_xlabel(tr._("change (points, each in its stage's unit)"))
    return ax
