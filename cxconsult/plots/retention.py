"""Retention charts: survival curves, cost of poor service, defection reasons, CX programme cash flows.

Each ``plot_<thing>(result, ax=None)`` draws on ``ax`` (a new figure when None) and returns the Axes.
matplotlib is imported inside the functions so models stay free of it.
"""

from __future__ import annotations

import textwrap
from typing import Any

from cxconsult.formatting import short_number
from cxconsult.plots._base import money_axis, new_axes

__all__ = ["plot_survival", "plot_cost_of_poor_service", "plot_defection_reasons", "plot_roce_cashflows"]


def plot_survival(fit: Any, ax: Any = None, *, periods: int | None = None, level: float = 0.9,
                  period_label: str = "period", colour: str = "tab:blue") -> Any:
    """Observed share still active per cohort (points) vs the fitted sBG curve with a ``level`` band."""
    ax = new_axes(ax, (7.0, 4.0))
    observed = fit.observed()
    longest = int(observed["period"].max())
    projection = fit.projection(periods or max(longest + 6, int(longest * 1.5)), level=level)
    ax.fill_between(projection["period"], projection["lower"], projection["upper"], color=colour,
                    alpha=0.2, label=f"{level:.0%} band (parameter uncertainty)")
    ax.plot(projection["period"], projection["survival"], color=colour, lw=2, label="sBG model")
    many = observed["cohort"].nunique() > 1
    for i, (name, group) in enumerate(observed.groupby("cohort", sort=False)):
        ax.plot(group["period"], group["survival"], "o", ms=3, alpha=0.7, color=f"C{(i % 9) + 1}" if many
                else "black", label=str(name) if many else "observed")
    ax.axvline(longest, color="grey", ls=":", lw=1)
    ax.set_xlabel(f"{period_label}s since acquisition")
    ax.set_ylabel("share of cohort still active")
    ax.set_ylim(0, 1.02)
    ax.set_title(f"Customers still active: observed and model (alpha {fit.alpha:.2f}, beta {fit.beta:.2f})")
    ax.legend(fontsize=7, ncol=2 if many else 1)
    return ax


def plot_cost_of_poor_service(result: Any, ax: Any = None, *, currency: str = "", colour: str = "tab:red",
                              service_defections: float | None = None) -> Any:
    """Horizontal bars: yearly cost of each poor-service item, largest at the top, with the total.

    ``service_defections``: lifetime value lost to service-driven defections per year, drawn as an
    extra bar (hatched: a modelled value) and included in the total.
    """
    import pandas as pd

    ax = new_axes(ax, (8.0, 4.5))
    table = result.table()[["item", "kind", "cost_per_year"]]
    if service_defections is not None:
        table = pd.concat([table, pd.DataFrame([{"item": "Customers lost after poor service (modelled)",
                                                 "kind": "defection", "cost_per_year": service_defections}])])
    table = table.sort_values("cost_per_year")
    labels = [textwrap.fill(f"{item} ({kind.replace('_', ' ')})", 42)
              for item, kind in zip(table["item"], table["kind"], strict=True)]
    bars = ax.barh(labels, table["cost_per_year"], color=colour, alpha=0.8)
    for bar, kind in zip(bars, table["kind"], strict=True):
        if kind == "defection":
            bar.set_hatch("//")
            bar.set_alpha(0.55)
    for bar, value in zip(bars, table["cost_per_year"], strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2, f" {short_number(value)}", va="center",
                fontsize=8)
    unit = f" ({currency})" if currency else ""
    ax.set_xlabel(f"cost per year{unit}")
    money_axis(ax, "x")
    total = float(table["cost_per_year"].sum())
    ax.set_title(f"Cost of poor service: {(currency + ' ') if currency else ''}{short_number(total)} a year")
    ax.set_xlim(0, table["cost_per_year"].max() * 1.25)
    ax.tick_params(axis="y", labelsize=7)
    return ax


def plot_defection_reasons(split: Any, ax: Any = None) -> Any:
    """Share of exit-survey answers by category with simultaneous intervals (error bars)."""
    ax = new_axes(ax, (6.0, 3.5))
    table = split.table()
    colours = {"price": "tab:orange", "service": "tab:red", "other": "tab:grey"}
    err = [table["share"] - table["lower"], table["upper"] - table["share"]]
    ax.bar(table["category"], table["share"], yerr=err, capsize=6,
           color=[colours[c] for c in table["category"]], alpha=0.85)
    for x, (share, count) in enumerate(zip(table["share"], table["count"], strict=True)):
        ax.text(x, share / 2, f"{share:.0%}\n(n={count:,})", ha="center", va="center", fontsize=9, color="white")
    ax.set_ylabel("share of defections")
    ax.set_ylim(0, min(1.0, float(table["upper"].max()) * 1.2))
    ax.set_title(f"Why customers left ({split.total:,} answers, {split.level:.0%} intervals)")
    return ax


def plot_roce_cashflows(result: Any, ax: Any = None, *, currency: str = "", colour: str = "tab:blue") -> Any:
    """Monthly net cash flow (bars) and cumulative discounted cash flow (line) with the payback month."""
    ax = new_axes(ax, (8.0, 4.0))
    flows = result.cashflows
    colours = ["tab:green" if v >= 0 else "tab:red" for v in flows["net"]]
    ax.bar(flows["month"], flows["net"], color=colours, alpha=0.6, label="net cash flow in the month")
    ax.plot(flows["month"], flows["cumulative_discounted"], color=colour, lw=2,
            label="cumulative discounted cash flow")
    ax.axhline(0, color="black", lw=0.8)
    if result.discounted_payback_month is not None:
        ax.axvline(result.discounted_payback_month, color=colour, ls="--", lw=1,
                   label=f"discounted payback: month {result.discounted_payback_month}")
    unit = f" ({currency})" if currency else ""
    ax.set_xlabel("month")
    ax.set_ylabel(f"cash flow{unit}")
    money_axis(ax, "y")
    ax.set_title(f"Return on CX: NPV {(currency + ' ') if currency else ''}{short_number(result.npv)}")
    ax.legend(fontsize=8)
    return ax
