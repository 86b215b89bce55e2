"""Charts of the contact-centre outlook: CSFs against targets, Monte Carlo fans, tornado, the week.

Every title, axis and legend comes from ``words`` (``cxconsult.narrative.outlook.chart_words``: the
client's language; English when omitted); numbers on axes are formatted by the same locale.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from cxconsult.outlook.model import TargetReport
from cxconsult.outlook.uncertainty import OutlookFan
from cxconsult.plots._base import new_axes

BRAND = "#1F4E79"
OFF = "#C00000"
ON = "#2E7D32"


def _words(words: Mapping[str, str] | None) -> Mapping[str, str]:
    if words is not None:
        return words
    from cxconsult.narrative.outlook import chart_words

    return chart_words(None, "en")


def _tr(words: Mapping[str, str]):
    from cxconsult.i18n import translator

    return translator(words.get("_language", "en"))


def _target_text(words: Mapping[str, str], result) -> str:
    from cxconsult.narrative.outlook import target_text

    return target_text(_tr(words), result)


def _draw_csf(report: TargetReport, csf: str, ax: Any, colour: str, words: Mapping[str, str]) -> Any:
    from matplotlib.ticker import FuncFormatter

    tr = _tr(words)
    result = report[csf]
    series = report.trajectory[csf]
    ax.plot(series.index, series.to_numpy(), color=colour, linewidth=2)
    ax.axhline(result.target, color=ON if result.on_track else OFF, linestyle="--", linewidth=1.2)
    ax.axvline(report.by_month, color="#999999", linewidth=0.8)
    if result.first_month_met is not None:
        ax.scatter([result.first_month_met], [series.loc[result.first_month_met]], color=ON, zorder=3, s=25)
    status = words["on_track"] if result.on_track else words["off_track"]
    ax.set_title(f"{words.get('csf:' + csf, csf)}: {_target_text(words, result)} ({status})", fontsize=9,
                 color="black" if result.on_track else OFF, loc="left")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.percent(v, 0)))
    ax.set_ylabel(words["level"] if result.kind.startswith("level") else words["change"], fontsize=8)
    ax.set_xlabel(words["month"], fontsize=8)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_csf(report: TargetReport, ax: Any = None, *, csf: str | None = None, colour: str = BRAND,
             words: Mapping[str, str] | None = None) -> Any:
    """Each CSF's month-by-month metric (change vs month 0, or level) with its target as a dashed
    line (green when on track at the target month, red when not) and a dot at the first month the
    target holds. With ``csf`` given, one chart on ``ax`` (returns the Axes); otherwise a grid of
    every CSF but the stretch cost target (returns the Figure; ``ax`` is ignored)."""
    words = _words(words)
    if csf is not None:
        return _draw_csf(report, csf, new_axes(ax, (5.5, 3.2)), colour, words)
    import matplotlib.pyplot as plt

    names = [r.name for r in report.results if r.name != "cost_base_stretch"]
    cols = 3
    rows = int(np.ceil(len(names) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(11, 3.0 * rows), layout="constrained", squeeze=False)
    for axis, name in zip(axes.ravel(), names):
        _draw_csf(report, name, axis, colour, words)
    for axis in axes.ravel()[len(names):]:
        axis.set_visible(False)
    return fig


def plot_outlook_fan(fan: OutlookFan, ax: Any = None, *, csf: str = "cost_base", colour: str = BRAND,
                     words: Mapping[str, str] | None = None, currency: str = "EUR") -> Any:
    """P10-P90 band and P50 line of one CSF column over the months (Monte Carlo), with the target
    level implied at the target month (baseline x (1 + target change), or the target share)."""
    from matplotlib.ticker import FuncFormatter

    words = _words(words)
    tr = _tr(words)
    ax = new_axes(ax, (6.5, 3.2))
    column = "cost_base" if csf == "cost_base_stretch" else csf
    band = fan.bands[column]
    qs = sorted(band.columns)
    low, mid, high = band[qs[0]], band[qs[len(qs) // 2]], band[qs[-1]]
    months = band.index.to_numpy()
    ax.fill_between(months, low, high, color=colour, alpha=0.2, label=f"P{qs[0] * 100:.0f}-P{qs[-1] * 100:.0f}")
    ax.plot(months, mid, color=colour, linewidth=2, label=f"P{qs[len(qs) // 2] * 100:.0f}")
    _, _, kind, threshold = next(r for r in fan.targets.rules() if r[0] == csf)
    target = threshold if kind.startswith("level") else float(mid.iloc[0]) * (1 + threshold)
    ax.axhline(target, color=OFF, linestyle="--", linewidth=1.2, label=words["target"])
    if kind.startswith("level"):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.percent(v, 0)))
    elif column in ("cost_base", "revenue"):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.compact_money(v, currency, 2)))
        ax.set_ylabel(words["per_month"], fontsize=9)
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.number(v)))
        ax.set_ylabel(words["fte"] if column == "headcount" else "", fontsize=9)
    p = fan.probability_met.get(csf, float("nan"))
    ax.set_title(words["p_met"].format(csf=words.get("csf:" + csf, csf), m=fan.targets.by_month,
                                       p=tr.percent(p, 0)), fontsize=10, loc="left")
    ax.set_xlabel(words["month"])
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_tornado(table: pd.DataFrame, ax: Any = None, *, csf: str = "cost_base", colour: str = BRAND,
                 top: int = 10, words: Mapping[str, str] | None = None) -> Any:
    """Tornado of a :func:`~cxconsult.outlook.levers.sensitivity` table for one CSF: bars from the
    CSF metric with the lever low to high, widest on top, around the base value."""
    from matplotlib.ticker import FuncFormatter

    words = _words(words)
    tr = _tr(words)
    ax = new_axes(ax, (6.5, 3.5))
    rows = table[table["csf"] == csf].sort_values("range", ascending=True).tail(top)
    if rows.empty:
        raise ValueError(f"the sensitivity table has no rows for CSF {csf!r}")
    base = float(rows["metric_base"].iloc[0])
    y = np.arange(len(rows))
    ax.barh(y, rows["metric_low"].to_numpy() - base, left=base, color="#9DC3E6", height=0.6,
            label=words["lever_lower"])
    ax.barh(y, rows["metric_high"].to_numpy() - base, left=base, color=colour, height=0.6,
            label=words["lever_higher"])
    ax.axvline(base, color="black", linewidth=0.8)
    ax.set_yticks(y, [words.get("lever:" + n, n.replace("_", " ")) for n in rows["lever"]])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.percent(v, 0)))
    ax.set_xlabel(words["at_target"].format(csf=words.get("csf:" + csf, csf)))
    ax.legend(fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_intraday(week: pd.DataFrame, ax: Any = None, *, month: int = 12, colour: str = BRAND,
                  words: Mapping[str, str] | None = None) -> Any:
    """One week of a month, interval by interval: contacts (bars, every channel) and agents (lines,
    one per channel) from :func:`cxconsult.outlook.model.interval_staffing`."""
    words = _words(words)
    tr = _tr(words)
    ax = new_axes(ax, (11, 3.4))
    x = np.arange(len(week))
    contacts = week[[c for c in week.columns if c.startswith("contacts_")]].sum(axis=1)
    ax.bar(x, contacts, width=1.0, color="#D9E2F3", label=words["contacts"])
    ax2 = ax.twinx()
    palette = [colour, "#ED7D31", "#70AD47", "#7030A0"]
    for i, col in enumerate(c for c in week.columns if c.startswith("agents_")):
        ax2.step(x, week[col], where="mid", color=palette[i % 4], linewidth=1.2,
                 label=f"{words['agents']}: {col[len('agents_'):]}")
    per_day = len(week) // 7
    ax.set_xticks(np.arange(7) * per_day + per_day / 2, words["days"].split(", "))
    for d in range(1, 7):
        ax.axvline(d * per_day - 0.5, color="#BBBBBB", linewidth=0.6)
    ax.set_xlim(-0.5, len(week) - 0.5)
    ax.set_xlabel(words["week"])
    ax.set_ylabel(words["contacts"])
    ax2.set_ylabel(words["agents"])
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.number(v)))
    ax.set_title(words["week_title"].format(m=month), fontsize=10, loc="left")
    lines, labels = ax.get_legend_handles_labels()
    lines2, labels2 = ax2.get_legend_handles_labels()
    ax2.legend(lines + lines2, labels + labels2, fontsize=8, frameon=False, loc="upper right")
    ax.spines[["top"]].set_visible(False)
    return ax


def _draw_tracking(result: Any, csf: str, ax: Any, colour: str, words: Mapping[str, str], currency: str) -> Any:
    from matplotlib.ticker import FuncFormatter

    tr = _tr(words)
    x = result[csf]
    plan = result.plan[csf]
    rows = result.table[result.table["csf"] == csf]
    ax.plot(plan.index, plan.to_numpy(), color=colour, linewidth=1.8, label=words["plan"])
    good = rows["favourable"].to_numpy() | (rows["variance"].to_numpy() == 0)
    ax.scatter(rows["month"], rows["actual"], s=18, zorder=3, color=np.where(good, ON, OFF),
               label=words["actual"])
    if x.target_level is not None:
        ax.axhline(x.target_level, color="#7F7F7F", linestyle="--", linewidth=1.0, label=words["target"])
    ax.axvline(x.latest_month, color="#BBBBBB", linewidth=0.8)
    if x.share:
        digits = 1 if float(np.nanmax(plan.to_numpy())) < 0.1 else 0
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.percent(v, digits)))
    elif csf in ("cost_base", "revenue"):
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.compact_money(v, currency, 1)))
    else:
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: tr.number(v)))
    ax.set_title(f"{words.get('csf:' + csf, csf)}: {words['status:' + x.status]}", fontsize=9, loc="left",
                 color=OFF if x.status == "behind" else "black")
    ax.set_xlabel(words["month"], fontsize=8)
    ax.tick_params(labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_plan_vs_actual(result: Any, ax: Any = None, *, csf: str | None = None, colour: str = BRAND,
                        words: Mapping[str, str] | None = None, currency: str = "EUR") -> Any:
    """Plan versus actual (:class:`cxconsult.outlook.tracking.PlanVsActual`): the plan as a line over
    months 0..target month, the actuals as dots (green when better than plan, red when worse), the
    target level as a dashed line and a thin vertical line at the latest actual. With ``csf`` one
    chart on ``ax`` (returns the Axes); otherwise a grid of every tracked measure (returns the Figure)."""
    words = _words(words)
    if csf is not None:
        return _draw_tracking(result, csf, new_axes(ax, (5.5, 3.2)), colour, words, currency)
    import matplotlib.pyplot as plt

    names = [x.name for x in result.csfs]
    cols = min(3, len(names))
    rows = int(np.ceil(len(names) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(11, 2.8 * rows), layout="constrained", squeeze=False)
    for axis, name in zip(axes.ravel(), names):
        _draw_tracking(result, name, axis, colour, words, currency)
    for axis in axes.ravel()[len(names):]:
        axis.set_visible(False)
    handles, labels = axes.ravel()[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=len(labels), fontsize=8, frameon=False)
    return fig
