"""Service-profit-chain figures: the chain diagram, the perception gap and the what-if bars.

matplotlib is imported inside each function so the models stay free of it.
"""

from __future__ import annotations

from typing import Any

from cxconsult.plots._base import new_axes
from cxconsult.spc import STAGE_LABELS, ChainResult, PerceptionGap, ServiceProfitChain, WhatIfResult

__all__ = ["plot_chain", "plot_perception_gap", "plot_what_if"]

_SUPPORTED, _WEAK, _ASSUMED = "#2E7D32", "#9E9E9E", "#9E9E9E"



def plot_chain(result: ChainResult | ServiceProfitChain, ax: Any = None, *, colour: str = "#4A148C") -> Any:
    """Chain diagram: a box per stage, an arrow per link.

    Arrow width and label give the standardised strength (natural-unit coefficient beneath);
    supported links are solid green, links whose interval spans zero dashed grey, literature
    defaults dashed grey and labelled "assumption"; boxes outlined in ``colour``. Returns the Axes.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    result = result.result_ if isinstance(result, ServiceProfitChain) else result
    stages = result.stages
    import textwrap

    ax = new_axes(ax, (max(7.0, 1.5 * len(stages)), 3.0))
    step, width, height = 1.0, 0.72, 0.5
    for i, stage in enumerate(stages):
        ax.add_patch(FancyBboxPatch((i * step - width / 2, -height / 2), width, height,
                                    boxstyle="round,pad=0.02", facecolor="#F4F1F8", edgecolor=colour))
        ax.text(i * step, 0, textwrap.fill(STAGE_LABELS.get(stage, stage.replace("_", " ")), 10, break_long_words=False),
                ha="center", va="center", fontsize=8.5)
    for i, link in enumerate(result.links):
        start, end = i * step + width / 2, (i + 1) * step - width / 2
        if link.assumed:
            colour, style, label = _ASSUMED, "--", f"{link.coefficient:+.2g}\nassumption"
            lw = 1.5
        else:
            strong = link.verdict == "supported"
            colour, style = (_SUPPORTED, "-") if strong else (_WEAK, "--")
            lw = 1 + 6 * min(abs(link.standardised), 1.0)
            label = f"{link.standardised:.2f}\n({link.coefficient:+.2g})"
        ax.add_patch(FancyArrowPatch((start, 0), (end, 0), arrowstyle="-|>", mutation_scale=12,
                                     linewidth=lw, linestyle=style, color=colour))
        ax.text((start + end) / 2, 0.3, label, ha="center", va="bottom", fontsize=8.5, color=colour)
    ind = result.indirect
    ax.set_title(f"Service-profit chain, {result.n_units} units; arrows: strength in SD per SD (effect per point)\n"
                 f"{STAGE_LABELS.get(ind.cause, ind.cause)} -> {STAGE_LABELS.get(ind.effect, ind.effect)}: "
                 f"{ind.value:+.3g} {ind.unit} ({result.confidence:.0%} CI {ind.low:+.3g} to {ind.high:+.3g})",
                 fontsize=10)
    ax.set_xlim(-0.6, (len(stages) - 1) * step + 0.6)
    ax.set_ylim(-0.32, 0.62)
    ax.set_aspect("auto")
    ax.axis("off")
    return ax


def plot_perception_gap(gap: PerceptionGap, ax: Any = None, *, colour: str = "#6A1B9A") -> Any:
    """Two bars: the organisation's view and the share of customers who agree (with its interval)."""
    ax = new_axes(ax, (5.0, 3.2))
    values = [gap.internal_view, gap.customer_view]
    ax.bar([0, 1], values, color=[colour, "#FFB300"], width=0.55)
    ax.errorbar([1], [gap.customer_view], yerr=[[gap.customer_view - gap.customer_low],
                                                [gap.customer_high - gap.customer_view]],
                fmt="none", ecolor="black", capsize=4)
    for x, v in zip([0, 1], values):
        ax.text(x, v + 2, f"{v:.0f}", ha="center", fontsize=9)
    ax.set_xticks([0, 1], ["We say\n(own rating)", f"Customers say\n({gap.agree_from}+ on {gap.scale})"])
    ax.set_ylim(0, 110)
    ax.set_ylabel("0-100 / % of customers")
    ax.set_title(f"Perception gap: {gap.gap:+.0f} points ({gap.gap_low:+.0f} to {gap.gap_high:+.0f})", fontsize=10)
    return ax


def plot_what_if(result: WhatIfResult, ax: Any = None, *, colour: str = "#6A1B9A") -> Any:
    """Horizontal bars of each downstream stage's change (own units) with bootstrap intervals."""
    ax = new_axes(ax, (6.5, 0.55 * max(len(result.changes), 1) + 1.4))
    changes = list(result.changes)[::-1]
    labels = [f"{STAGE_LABELS.get(c.stage, c.stage)}\n({c.unit})" for c in changes]
    y = range(len(changes))
    ax.barh(list(y), [c.change for c in changes], color=colour,
            xerr=[[c.change - c.low for c in changes], [c.high - c.change for c in changes]],
            error_kw={"capsize": 3})
    ax.set_yticks(list(y), labels, fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    moves = ", ".join(f"{p:+g} {STAGE_LABELS.get(s, s).lower()}" for s, p in result.shifts)
    kept = result.amount("customers_kept_per_year")
    profit = result.amount("extra_profit_per_year")
    extra = "; ".join(part for part in (
        f"{kept.value:,.0f} customers kept/yr" if kept else "",
        f"profit {profit.value:+,.0f} {profit.unit.split(' per')[0]}/yr" if profit else "") if part)
    ax.set_title(f"What if {moves}" + (f"\n{extra}" if extra else ""), fontsize=10)
    ax.set_xlabel("change (points, each in its stage's unit)")
    return ax
