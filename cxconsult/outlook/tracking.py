"""Plan versus actual: the outlook's critical success factors month by month against the client's actuals.

The plan is a :func:`cxconsult.outlook.project` frame (month 0 = baseline, months 1.. = the plan).
Actuals are monthly values of some of the projected measures, dated by calendar month; plan month
``m`` is the calendar month ``first_month + (m - 1)`` (``first_month`` = the calendar month of plan
month 1; by default the month after the engagement date, see :mod:`cxconsult.sections.outlook`).

Per CSF and month with an actual (all in the measure's own unit: customers, contacts a month, FTE,
money a month, or a share)::

    variance       = actual - plan
    variance_share = variance / plan                 (relative, for counts and money)
    favourable     = variance x direction > 0        (direction +1: higher is better, -1: lower)

The status is judged at the latest month with an actual: *ahead* when the favourable gap is beyond the
tolerance, *behind* when the unfavourable gap is, *on plan* otherwise; the CSF is **on track** unless
it is behind. Tolerance: ``tolerance`` relative to the plan (default 1 %) for counts and money, and the
same number in percentage points for shares (``self_service_share``, ``abandon_rate``,
``digital_share``: 0.01 = one point). The target line of a CSF is its level at the target month in
the measure's unit: baseline x (1 + change target), or the level target itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.outlook.model import CSF_LABELS, Targets

__all__ = ["TRACKED", "SHARE_MEASURES", "CSFTracking", "PlanVsActual", "plan_vs_actual", "plan_month",
           "month_text"]

#: Measures an actuals file may hold (outlook frame column -> direction: +1 higher is better, -1 lower).
TRACKED: dict[str, int] = {
    "customers": 1, "contacts": 1, "self_service_share": 1, "headcount": -1, "cost_base": -1,
    "revenue": 1, "abandon_rate": -1, "digital_share": 1,
}
#: Measures that are shares (0..1): tolerance in points, not relative.
SHARE_MEASURES = frozenset({"self_service_share", "abandon_rate", "digital_share"})
STATUSES = ("ahead", "on_plan", "behind")


def _period(value: object) -> pd.Period:
    if isinstance(value, pd.Period):
        return value.asfreq("M")
    text = str(value).strip()
    if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        raise ModelError(f"expected a calendar month as YYYY-MM, got {text[:40]!r}")
    return pd.Period(text, freq="M")


def plan_month(month: object, first_month: object) -> int:
    """The plan month of calendar ``month`` (YYYY-MM) when plan month 1 is ``first_month``:
    ``plan_month("2026-04", "2026-02") == 3``; month 0 is the month before ``first_month``."""
    return int((_period(month) - _period(first_month)).n) + 1


def month_text(first_month: object, month: int) -> str:
    """The calendar month (YYYY-MM) of plan ``month``."""
    return str(_period(first_month) + (int(month) - 1))


@dataclass(frozen=True)
class CSFTracking:
    """One measure at the latest month with an actual (``latest_month``, plan month; ``latest_period``
    YYYY-MM): ``plan``, ``actual``, ``variance`` (actual - plan, the measure's unit),
    ``variance_share`` (variance / plan), ``status`` (ahead, on_plan, behind), ``on_track`` (not
    behind), ``months`` with actuals, ``direction`` (+1 higher is better), ``target_level`` (the
    target at ``by_month`` in the measure's unit; None when no target covers the measure)."""

    name: str
    latest_month: int
    latest_period: str
    plan: float
    actual: float
    variance: float
    variance_share: float
    status: str
    on_track: bool
    months: int
    direction: int
    target_level: float | None

    @property
    def label(self) -> str:
        return CSF_LABELS.get(self.name, self.name)

    @property
    def share(self) -> bool:
        return self.name in SHARE_MEASURES


@dataclass(frozen=True)
class PlanVsActual:
    """Plan versus actual for every measure in the actuals.

    ``table``: tidy, one row per (csf, month with an actual): csf, month (plan month), period
    (YYYY-MM), plan, actual, variance, variance_share, favourable. ``plan``: the plan of the tracked
    measures, months 0..by_month (for the chart's line). ``csfs``: status per measure, in
    :data:`TRACKED` order. ``first_month``: YYYY-MM of plan month 1; ``by_month``: the target month;
    ``tolerance`` as in the module docstring.
    """

    table: pd.DataFrame
    plan: pd.DataFrame
    csfs: tuple[CSFTracking, ...]
    first_month: str
    by_month: int
    tolerance: float

    def __getitem__(self, name: str) -> CSFTracking:
        for c in self.csfs:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def latest_month(self) -> int:
        return max(c.latest_month for c in self.csfs)

    @property
    def behind(self) -> tuple[CSFTracking, ...]:
        return tuple(c for c in self.csfs if not c.on_track)

    def summary(self) -> str:
        lines = [f"Plan versus actual (plan month 1 = {self.first_month}; status at each measure's latest actual)"]
        for c in self.csfs:
            fmt = (lambda v: f"{v:.1%}") if c.share else (lambda v: f"{v:,.0f}")
            gap = f"{c.variance * 100:+.1f} pts" if c.share else f"{c.variance_share:+.1%}"
            lines.append(f"  {c.label:<46} {c.latest_period}  plan {fmt(c.plan):>12}  actual {fmt(c.actual):>12}"
                         f"  {gap:>9}  {c.status.replace('_', ' ')}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{escape(c.label)}</td><td>{c.latest_period}</td><td>{c.plan:,.4g}</td>"
                       f"<td>{c.actual:,.4g}</td><td>{c.variance:+,.4g}</td><td>{c.status}</td></tr>"
                       for c in self.csfs)
        return ("<table><thead><tr><th>CSF</th><th>Month</th><th>Plan</th><th>Actual</th><th>Variance</th>"
                f"<th>Status</th></tr></thead><tbody>{rows}</tbody></table>")


def _target_levels(frame: pd.DataFrame, targets: Targets) -> dict[str, float]:
    """Each measure's target at ``by_month`` in the measure's unit (first rule per column; the
    stretch cost target is not the plan's)."""
    out: dict[str, float] = {}
    for name, column, kind, threshold in targets.rules():
        if column in out or column not in frame.columns or name == "cost_base_stretch":
            continue
        out[column] = float(threshold) if kind.startswith("level") else float(frame[column].loc[0]) * (1 + threshold)
    return out


def _aligned(actuals: pd.DataFrame, first_month: str, last: int) -> pd.DataFrame:
    """Actuals indexed by plan month (1..last), measure columns only; checks every row."""
    if not isinstance(actuals, pd.DataFrame) or "month" not in actuals.columns:
        raise ModelError("actuals: expected a DataFrame with a 'month' column (YYYY-MM)")
    unknown = [c for c in actuals.columns if c != "month" and c not in TRACKED]
    if unknown:
        raise ModelError(f"actuals: unknown column {str(unknown[0])[:40]!r}; expected some of {', '.join(TRACKED)}")
    months = [plan_month(m, first_month) for m in actuals["month"]]
    for row, m in enumerate(months):
        if not 1 <= m <= last:
            raise ModelError(f"actuals row {row + 1}: month {actuals['month'].iloc[row]} is plan month {m}, "
                             f"outside the plan (months 1..{last}: {first_month} to {month_text(first_month, last)})")
    if len(set(months)) != len(months):
        dup = next(m for m in months if months.count(m) > 1)
        raise ModelError(f"actuals: month {month_text(first_month, dup)} appears twice")
    out = actuals.drop(columns="month").astype(float)
    out.index = pd.Index(months, name="month")
    return out.sort_index()


def plan_vs_actual(frame: pd.DataFrame, actuals: pd.DataFrame, targets: Targets | None = None, *,
                   first_month: str, tolerance: float = 0.01) -> PlanVsActual:
    """Compare a :func:`~cxconsult.outlook.project` frame with monthly actuals.

    ``actuals``: a ``month`` column (YYYY-MM) and one column per measure in :data:`TRACKED` (NaN
    where a month has no figure for a measure); ``first_month``: YYYY-MM of plan month 1;
    ``tolerance``: the on-plan band (module docstring). Raises :class:`ModelError` for an unknown
    column, a month outside the plan or a month given twice.
    """
    targets = targets or Targets()
    if not isinstance(frame, pd.DataFrame) or 0 not in frame.index:
        raise ModelError("plan_vs_actual needs a project() frame with month 0 as baseline")
    if not (isinstance(tolerance, (int, float)) and 0 <= tolerance < 1):
        raise ModelError(f"tolerance must be in 0..1, got {tolerance!r}")
    first_month = str(_period(first_month))
    last = int(frame.index.max())
    data = _aligned(actuals, first_month, last)
    levels = _target_levels(frame, targets)
    rows, csfs = [], []
    for name, direction in TRACKED.items():
        if name not in data.columns:
            continue
        series = data[name].dropna()
        if series.empty:
            continue
        plan = frame[name].loc[series.index].astype(float)
        variance = series - plan
        with np.errstate(divide="ignore", invalid="ignore"):
            share = variance / plan.where(plan != 0)
        for m in series.index:
            rows.append({"csf": name, "month": int(m), "period": month_text(first_month, m),
                         "plan": float(plan.loc[m]), "actual": float(series.loc[m]),
                         "variance": float(variance.loc[m]), "variance_share": float(share.loc[m]),
                         "favourable": bool(variance.loc[m] * direction > 0)})
        m = int(series.index[-1])
        gap = float(variance.loc[m]) if name in SHARE_MEASURES else float(share.loc[m])
        good = gap * direction
        status = "ahead" if good > tolerance + 1e-12 else "behind" if good < -tolerance - 1e-12 else "on_plan"
        csfs.append(CSFTracking(name, m, month_text(first_month, m), float(plan.loc[m]), float(series.loc[m]),
                                float(variance.loc[m]), float(share.loc[m]), status, status != "behind",
                                int(series.size), direction, levels.get(name)))
    if not csfs:
        raise ModelError("actuals: no figures for any measure")
    table = pd.DataFrame(rows, columns=["csf", "month", "period", "plan", "actual", "variance",
                                        "variance_share", "favourable"])
    by_month = min(int(targets.by_month), last)
    plan_frame = frame.loc[:by_month, [c.name for c in csfs]].astype(float)
    return PlanVsActual(table, plan_frame, tuple(csfs), first_month, by_month, float(tolerance))
