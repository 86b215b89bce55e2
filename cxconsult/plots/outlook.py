"""Charts of the contact-centre outlook: CSFs against targets, Monte Carlo fans, tornado."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxconsult.plots._base import new_axes
from cxconsult.outlook.model import CSF_LABELS, TargetReport
from cxconsult.outlook.uncertainty import OutlookFan

BRAND = "#1F4E79"
_UNITS = {"revenue": "per month", "cost_base": "per month", "headcount": "FTE",
          "self_service_share": "of transactional contacts", "customers": "customers",
          "contacts": "contacts per month"}
_SHORT = {"self_service_share": "Self-service share", "customers": "Customers",
          "contacts": "Contacts", "cost_base_stretch": "Cost base (stretch)"}
OFF = "#C00000"
ON = "#2E7D32"



def _is_level(report_or_targets: Any, csf: str) -> bool:
    rules = report_or_targets.rules() if hasattr(report_or_targets, "rules") else ()
    return any(r[0] == csf and r[2].startswith("level") for r in rules)


def _draw_csf(report: TargetReport, csf: str, ax: Any, colour: str) -> Any:
    result = report[csf]
    series = report.trajectory[csf]
    ax.plot(series.index, series.to_numpy() * 100, color=colour, linewidth=2)
    ax.axhline(result.target * 100, color=ON if result.on_track else OFF, linestyle="--", linewidth=1.2)
    ax.axvline(report.by_month, color="#999999", linewidth=0.8)
    if result.first_month_met is not None:
        ax.scatter([result.first_month_met], [series.loc[result.first_month_met] * 100],
                   color=ON, zorder=3, s=25)
    status = "on track" if result.on_track else "off track"
    ax.set_title(f"{_SHORT.get(csf, result.label)}: {result.target_text()} ({status})", fontsize=9,
                 color="black" if result.on_track else OFF, loc="left")
    ax.set_ylabel("% of transactional" if result.kind.startswith("level") else "% change vs month 0",
                  fontsize=8)
    ax.set_xlabel("Month", fontsize=8)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_csf(report: TargetReport, ax: Any = None, *, csf: str | None = None,
             colour: str = BRAND) -> Any:
    """Each CSF's month-by-month metric (change vs month 0, or level for self-service share) with its
    target as a dashed line (green when on track at the target month, red when not) and a dot at the
    first month the target holds.

    With ``csf`` given, one chart on ``ax`` (returns the Axes); otherwise a grid of every CSF but the
    stretch cost target (returns the Figure; ``ax`` is ignored).
    """
    if csf is not None:
        return _draw_csf(report, csf, new_axes(ax, (5.5, 3.2)), colour)
    import matplotlib.pyplot as plt

    names = [r.name for r in report.results if r.name != "cost_base_stretch"]
    cols = 3
    rows = int(np.ceil(len(names) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(11, 3.0 * rows), layout="constrained", squeeze=False)
    for axis, name in zip(axes.ravel(), names):
        _draw_csf(report, name, axis, colour)
    for axis in axes.ravel()[len(names):]:
        axis.set_visible(False)
    return fig


def plot_outlook_fan(fan: OutlookFan, ax: Any = None, *, csf: str = "cost_base",
                     colour: str = BRAND) -> Any:
    """P10-P90 band and P50 line of one CSF column over the months (Monte Carlo), with the target
    level implied at the target month (baseline x (1 + target change), or the target share)."""
    ax = new_axes(ax, (6.5, 3.2))
    column = "cost_base" if csf == "cost_base_stretch" else csf
    band = fan.bands[column]
    qs = sorted(band.columns)
    low, mid, high = band[qs[0]], band[qs[len(qs) // 2]], band[qs[-1]]
    months = band.index.to_numpy()
    ax.fill_between(months, low, high, color=colour, alpha=0.2,
                    label=f"P{qs[0] * 100:.0f}-P{qs[-1] * 100:.0f}")
    ax.plot(months, mid, color=colour, linewidth=2, label=f"P{qs[len(qs) // 2] * 100:.0f}")
    rule = next(r for r in fan.targets.rules() if r[0] == csf)
    _, _, kind, threshold = rule
    target = threshold if kind.startswith("level") else float(mid.iloc[0]) * (1 + threshold)
    ax.axhline(target, color=OFF, linestyle="--", linewidth=1.2, label="target")
    from matplotlib.ticker import FuncFormatter

    if kind.startswith("level"):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0%}"))
    elif max(abs(float(high.max())), abs(float(low.min()))) >= 1e5:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v / 1e6:,.2f}M"))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_ylabel(_UNITS.get(column, ""), fontsize=9)
    p = fan.probability_met.get(csf, float("nan"))
    ax.set_title(f"{CSF_LABELS.get(csf, csf)}: P(target met at month {fan.targets.by_month}) = {p:.0%}",
                 fontsize=10, loc="left")
    ax.set_xlabel("Month")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_tornado(table: pd.DataFrame, ax: Any = None, *, csf: str = "cost_base",
                 colour: str = BRAND, top: int = 10, labels: dict[str, str] | None = None) -> Any:
    """Tornado of a :func:`~cxconsult.outlook.levers.sensitivity` table for one CSF: bars from the
    CSF metric with the lever low to high, widest on top, around the base value. ``labels`` maps
    lever names to the words shown (default: the names)."""
    ax = new_axes(ax, (6.5, 3.5))
    rows = table[table["csf"] == csf].sort_values("range", ascending=True).tail(top)
    if rows.empty:
        raise ValueError(f"the sensitivity table has no rows for CSF {csf!r}")
    base = float(rows["metric_base"].iloc[0]) * 100
    y = np.arange(len(rows))
    low = rows["metric_low"].to_numpy() * 100
    high = rows["metric_high"].to_numpy() * 100
    ax.barh(y, low - base, left=base, color="#9DC3E6", height=0.6, label="lever lower")
    ax.barh(y, high - base, left=base, color=colour, height=0.6, label="lever higher")
    ax.axvline(base, color="black", linewidth=0.8)
    names = rows["lever"].tolist()
    ax.set_yticks(y, [(labels or {}).get(n, n) for n in names])
    is_level = csf == "self_service_share"
    ax.set_xlabel(f"{CSF_LABELS.get(csf, csf)} at target month "
                  f"({'%' if is_level else '% change vs month 0'})")
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
