"""Retention charts: survival curves, yearly cost of poor service, defection reasons, CX programme cash flows.

Each ``plot_<thing>(result, ax=None, tr=None)`` draws on ``ax`` (a new figure when None) and returns the
Axes; every word goes through the translator ``tr`` (:mod:`cxconsult.i18n`, English when None) and every
amount is formatted by its locale. matplotlib is imported inside the functions so models stay free of it.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np

from cxconsult.i18n import N_, Translator, translator
from cxconsult.plots._base import new_axes
from cxconsult.sections.retention import COMPLAINTS_ITEM

__all__ = ["plot_survival", "plot_cost_of_poor_service", "plot_defection_reasons", "plot_roce_cashflows"]

_KINDS = {"churn": N_("early churn"), "buy_back": N_("buy-back"), "cancellation": N_("cancellation"),
          "non_renewal": N_("non-renewal"), "rework": N_("rework"), "other": N_("other"), "defection": N_("defection")}
_CATEGORIES = {"price": N_("price"), "service": N_("service"), "other": N_("other")}


def _money_axis(ax: Any, tr: Translator, currency: str, which: str) -> None:
    from matplotlib.ticker import FuncFormatter

    axis = ax.yaxis if which == "y" else ax.xaxis
    fmt = (lambda v, _p: tr.compact_money(v, currency)) if currency else (lambda v, _p: tr.compact_number(v))
    axis.set_major_formatter(FuncFormatter(fmt))


def _percent_axis(ax: Any, tr: Translator) -> None:
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: tr.percent(v)))


def plot_survival(fit: Any, ax: Any = None, *, periods: int | None = None, level: float = 0.9,
                  period_label: str = "periods", colour: str = "tab:blue", tr: Translator | None = None) -> Any:
    """Observed share still active per cohort (points) vs the fitted model, with a ``level`` band when the
    fit carries the information to draw one (no band for a flagged fit or NaN bounds)."""
    tr = tr or translator("en")
    ax = new_axes(ax, (7.0, 4.0))
    observed = fit.observed()
    longest = int(observed["period"].max())
    projection = fit.projection(periods or max(longest + 6, int(longest * 1.5)), level=level)
    flags = tuple(getattr(fit, "flags", ()) or ())
    band = np.isfinite(projection["lower"]).all() and np.isfinite(projection["upper"]).all() and not flags
    if band:
        ax.fill_between(projection["period"], projection["lower"], projection["upper"], color=colour, alpha=0.2,
                        label=tr._("{level} band (uncertainty of the model)").format(level=tr.percent(level)))
    ax.plot(projection["period"], projection["survival"], color=colour, lw=2, label=tr._("cohort model"))
    many = observed["cohort"].nunique() > 1
    for i, (name, group) in enumerate(observed.groupby("cohort", sort=False)):
        ax.plot(group["period"], group["survival"], "o", ms=3, alpha=0.7, color=f"C{(i % 9) + 1}" if many
                else "black", label=str(name) if many else tr._("observed"))
    ax.axvline(longest, color="grey", ls=":", lw=1)
    ax.set_xlabel(tr._("time since joining ({periods})").format(periods=period_label))
    ax.set_ylabel(tr._("share of the cohort still active"))
    _percent_axis(ax, tr)
    ax.set_ylim(0, 1.02)
    title = tr._("Customers still active: observed and model")
    if flags:
        title += "\n" + tr._("(no uncertainty band: the cohorts carry too little information)")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, ncol=2 if many else 1)
    return ax


def plot_cost_of_poor_service(result: Any, ax: Any = None, *, currency: str = "", colour: str = "tab:red",
                              tr: Translator | None = None) -> Any:
    """Horizontal bars: yearly cost of each listed poor-service event, largest at the top, with the yearly
    total. Only yearly costs (flows) are drawn; the value lost with leavers is a stock and is shown apart."""
    tr = tr or translator("en")
    ax = new_axes(ax, (8.0, 4.5))
    table = result.table()[["item", "kind", "cost_per_year"]].sort_values("cost_per_year")
    labels = [textwrap.fill(tr._("{item} ({kind})").format(item=tr._(item) if item == COMPLAINTS_ITEM else item,
                                                           kind=tr._(_KINDS.get(kind, N_("other")))), 42)
              for item, kind in zip(table["item"], table["kind"], strict=True)]
    bars = ax.barh(labels, table["cost_per_year"], color=colour, alpha=0.8)
    for bar, value in zip(bars, table["cost_per_year"], strict=True):
        ax.text(bar.get_width(), bar.get_y() + bar.get_height() / 2,
                " " + (tr.compact_money(value, currency) if currency else tr.compact_number(value)),
                va="center", fontsize=8)
    ax.set_xlabel(tr._("cost a year"))
    _money_axis(ax, tr, currency, "x")
    total = float(table["cost_per_year"].sum())
    ax.set_title(tr._("Yearly cost of poor service: {total} a year").format(
        total=tr.compact_money(total, currency) if currency else tr.compact_number(total)), fontsize=10)
    ax.set_xlim(0, table["cost_per_year"].max() * 1.3)
    ax.tick_params(axis="y", labelsize=7)
    return ax


def plot_defection_reasons(split: Any, ax: Any = None, *, tr: Translator | None = None) -> Any:
    """Share of exit-survey answers by category with simultaneous intervals (error bars)."""
    tr = tr or translator("en")
    ax = new_axes(ax, (6.0, 3.5))
    table = split.table()
    colours = {"price": "tab:orange", "service": "tab:red", "other": "tab:grey"}
    err = [table["share"] - table["lower"], table["upper"] - table["share"]]
    names = [tr._(_CATEGORIES.get(c, N_("other"))) for c in table["category"]]
    ax.bar(names, table["share"], yerr=err, capsize=6, color=[colours[c] for c in table["category"]], alpha=0.85)
    for x, (share, count) in enumerate(zip(table["share"], table["count"], strict=True)):
        ax.text(x, share / 2, f"{tr.percent(share)}\n(n = {tr.number(count)})", ha="center", va="center",
                fontsize=9, color="white")
    ax.set_ylabel(tr._("share of departures"))
    _percent_axis(ax, tr)
    ax.set_ylim(0, min(1.0, float(table["upper"].max()) * 1.2))
    ax.set_title(tr._("Why customers left ({n} answers, {level} intervals)").format(
        n=tr.number(split.total), level=tr.percent(split.level)), fontsize=10)
    return ax


def plot_roce_cashflows(result: Any, ax: Any = None, *, currency: str = "", colour: str = "tab:blue",
                        tr: Translator | None = None) -> Any:
    """Monthly net cash flow (bars) and cumulative discounted cash flow (line) with the discounted payback
    month: the same value the report text and the app headline give."""
    from cxconsult.narrative.retention import payback_short

    tr = tr or translator("en")
    ax = new_axes(ax, (8.0, 4.0))
    flows = result.cashflows
    colours = ["tab:green" if v >= 0 else "tab:red" for v in flows["net"]]
    ax.bar(flows["month"], flows["net"], color=colours, alpha=0.6, label=tr._("net cash flow in the month"))
    ax.plot(flows["month"], flows["cumulative_discounted"], color=colour, lw=2,
            label=tr._("running total in today's money"))
    ax.axhline(0, color="black", lw=0.8)
    if result.discounted_payback_month is not None:
        ax.axvline(result.discounted_payback_month, color=colour, ls="--", lw=1,
                   label=payback_short(tr, result.discounted_payback_month))
    ax.set_xlabel(tr._("month"))
    ax.set_ylabel(tr._("cash flow"))
    _money_axis(ax, tr, currency, "y")
    npv = tr.compact_money(result.npv, currency) if currency else tr.compact_number(result.npv)
    ax.set_title(tr._("Return on CX: net present value {npv}").format(npv=npv), fontsize=10)
    ax.legend(fontsize=8)
    return ax
