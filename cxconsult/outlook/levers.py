"""What must be true: the value of one lever at which a CSF target is just met, and a tornado
sensitivity table of every lever's effect on every CSF at the target month.

A *lever* is a numeric field of :class:`~cxconsult.outlook.model.Assumptions` (for example
``self_service_target``, ``customer_growth_monthly``, ``cost_per_fte_per_year``), ``aht_s``, the
share-weighted assisted handling time (every channel's AHT scaled in proportion), or
``digital_share`` (the share of assisted contacts in chat, email and messaging). Service standards
(``STANDARDS``: service level, answer time, patience, abandonment cap, occupancy ceiling) set the
staffing tables and are one value per projection, so they are not searched here.

Month 0 is today's fact, so a lever only moves the future: growth rates, trends and self-service
adoption act from month 1; a level field that can be planned (``PLANNABLE``: AHT, cost per FTE,
shrinkage, leak-back, ...) is moved as its *planned value at* ``plan_month`` (a straight-line glide
from today's value). "AHT must be at most 330 s" therefore reads "by month 36".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.outlook.model import (CSF_LABELS, LEVER_NAMES, PLANNABLE, STANDARDS, Assumptions,
                                     Targets, _BOUNDS, csf_met, csf_metric, project_batch)

__all__ = ["LeverSolution", "LeverFinding", "what_must_be_true", "what_must_be_true_table", "sensitivity",
           "plausible_range", "DEFAULT_LEVERS", "SOLVE_LEVERS"]

# Plausible ranges for a 36-month contact-centre plan (wider than most plans; the point is to say
# "no value in a sensible range meets the target" rather than to return an absurd number).
_PLAUSIBLE: dict[str, tuple[float, float]] = {
    "self_service_target": (0.0, 1.0),
    "self_service_leak_back": (0.0, 1.0),
    "transactional_share": (0.0, 1.0),
    "customer_growth_monthly": (-0.03, 0.03),
    "contacts_per_customer_trend_monthly": (-0.03, 0.03),
    "revenue_per_customer_growth_monthly": (-0.03, 0.03),
    "aht_trend_monthly": (-0.03, 0.03),
    "wage_inflation_per_year": (-0.05, 0.15),
    "shrinkage": (0.0, 0.6),
    "max_occupancy": (0.5, 1.0),
    "overhead_ratio": (0.0, 0.5),
    "adoption_midpoint_month": (0.0, 60.0),
    "service_level_target": (0.5, 0.99),
    "digital_share": (0.0, 1.0),
}

DEFAULT_LEVERS = ("self_service_target", "self_service_leak_back", "aht_s", "customer_growth_monthly",
                  "contacts_per_customer_trend_monthly", "cost_per_fte_per_year",
                  "revenue_per_customer_growth_monthly", "shrinkage", "technology_cost_monthly")


def _current(assumptions: Assumptions, lever: str) -> float:
    """Today's value of a rate lever, or the planned value of a plannable level lever."""
    return assumptions.planned_value(lever) if lever in PLANNABLE else float(getattr(assumptions, lever))


def _key(lever: str) -> str:
    return f"plan.{lever}" if lever in PLANNABLE else lever


def plausible_range(assumptions: Assumptions, lever: str) -> tuple[float, float]:
    """The range searched for ``lever``: a fixed range for shares and rates, 0.5x..2x today for the
    handling time, else 0.25x..4x today."""
    if lever not in LEVER_NAMES:
        raise ModelError(f"unknown lever {str(lever)[:40]!r}; expected one of {', '.join(sorted(LEVER_NAMES))}")
    if lever in STANDARDS:
        raise ModelError(f"{lever} is a service standard (one value per projection), not a lever to search")
    if lever in _PLAUSIBLE:
        return _PLAUSIBLE[lever]
    now = _current(assumptions, lever)
    if lever == "aht_s":       # handling time: half to double today's (each value is a staffing table)
        return (0.5 * now, 2.0 * now)
    low = _BOUNDS[lever][0] if lever in _BOUNDS else 0.0
    if now == 0:
        return (low, 1.0)
    return (max(low, 0.25 * now), 4.0 * now)


def _rule(targets: Targets, target_name: str) -> tuple[str, str, str, float]:
    for rule in targets.rules():
        if rule[0] == target_name:
            return rule
    names = ", ".join(r[0] for r in targets.rules())
    raise ModelError(f"unknown target {target_name!r}; expected one of {names}")


def _metric_at(assumptions: Assumptions, lever: str, values: np.ndarray, column: str, kind: str,
               by_month: int) -> np.ndarray:
    cols = project_batch(assumptions, {_key(lever): np.asarray(values, float)}, months=by_month)
    series = cols[column]
    return csf_metric(series[:, by_month], series[:, 0], kind)


@dataclass(frozen=True)
class LeverSolution:
    """The lever value at which a target is just met, with today's value for comparison."""

    target: str
    lever: str
    value: float
    current_value: float
    search_range: tuple[float, float]
    threshold: float
    metric_now: float
    already_met: bool
    direction: str          # "raise" or "lower": which way from the solution keeps the target met

    def summary(self) -> str:
        label = CSF_LABELS.get(self.target, self.target)
        state = "already met" if self.already_met else "not met"
        return (f"{label}: target {state} today (metric {self.metric_now:+.3f} vs {self.threshold:+.3f}).\n"
                f"  {self.lever} must be {'at least' if self.direction == 'raise' else 'at most'} "
                f"{self.value:.6g} (today {self.current_value:.6g}; searched "
                f"{self.search_range[0]:.4g}..{self.search_range[1]:.4g}).")

    def _repr_html_(self) -> str:
        return f"<pre>{escape(self.summary())}</pre>"


def what_must_be_true(assumptions: Assumptions, target_name: str, lever: str,
                      targets: Targets | None = None, *, search_range: tuple[float, float] | None = None,
                      grid: int = 41) -> LeverSolution:
    """The value of ``lever`` at which CSF ``target_name`` is exactly met at ``targets.by_month``.

    The lever's range (``search_range`` or :func:`plausible_range`) is scanned on ``grid`` points for
    a change of sign of (metric - threshold); the crossing nearest today's value is refined with
    ``scipy.optimize.brentq``. Staffing is in whole agents, so the metric moves in small steps: the
    answer is the step where the target starts to hold. Raises ``ModelError`` when no value in the
    range meets the target (naming the best value reached).
    """
    targets = targets or Targets()
    name, column, kind, threshold = _rule(targets, target_name)
    lo, hi = search_range or plausible_range(assumptions, lever)
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ModelError(f"search_range must be two finite numbers low < high, got {(lo, hi)!r}")
    now = _current(assumptions, lever)
    xs = np.linspace(lo, hi, grid)
    metric = _metric_at(assumptions, lever, xs, column, kind, targets.by_month)
    gap = metric - threshold
    ok = csf_met(metric, kind, threshold)
    metric_now = float(_metric_at(assumptions, lever, np.array([now]), column, kind, targets.by_month)[0])
    already = bool(csf_met(metric_now, kind, threshold))
    if not ok.any():
        best = int(np.nanargmax(gap) if kind != "change<=" else np.nanargmin(gap))
        raise ModelError(
            f"no value of {lever} in {lo:.4g}..{hi:.4g} meets the {name} target "
            f"({threshold:+.3f}); the closest is {metric[best]:+.3f} at {lever} = {xs[best]:.4g}. "
            "Another lever must move too.")
    if ok.all():
        raise ModelError(f"the {name} target is met for every {lever} in {lo:.4g}..{hi:.4g}: "
                         f"{lever} is not what decides it")
    changes = np.flatnonzero(ok[:-1] != ok[1:])
    k = changes[np.argmin(np.abs(xs[changes] - now))]
    sign = np.where(ok, 1.0, -1.0)

    def f(x: float) -> float:
        m = float(_metric_at(assumptions, lever, np.array([x]), column, kind, targets.by_month)[0])
        return 1.0 if csf_met(m, kind, threshold) else -1.0

    # brentq on the met/not-met indicator finds the boundary between the two bracketing grid points.
    from scipy import optimize  # here, not at import: the explorers load without scipy.optimize

    value = optimize.brentq(f, xs[k], xs[k + 1], xtol=1e-9 * max(1.0, abs(now)), rtol=1e-10)
    direction = "raise" if sign[k + 1] > 0 else "lower"
    # Return the side of the boundary where the target holds.
    if f(value) < 0:
        value = float(np.nextafter(value, np.inf if direction == "raise" else -np.inf))
        step = 1e-9 * max(1.0, abs(value))
        while f(value) < 0:
            value += step if direction == "raise" else -step
            step *= 2
    return LeverSolution(target=name, lever=lever, value=float(value), current_value=now,
                         search_range=(float(lo), float(hi)), threshold=float(threshold),
                         metric_now=metric_now, already_met=already, direction=direction)


def sensitivity(assumptions: Assumptions, targets: Targets | None = None,
                levers: Sequence[str] = DEFAULT_LEVERS, swing: float = 0.1) -> pd.DataFrame:
    """Tornado table: each lever moved ``swing`` (relative, 0.1 = +-10 %) down and up, its effect on
    each CSF metric at ``targets.by_month``.

    Shares are kept within 0..1. Columns: lever, csf, low_value, high_value, base_value,
    metric_base, metric_low, metric_high, range (abs(high - low)); sorted by CSF then range,
    largest first. Levers whose value is 0 (e.g. a flat trend) move by +-``swing / 100`` in absolute
    terms (0.1 -> +-0.1 %/month). Plannable levels move their planned value, not today's.
    """
    targets = targets or Targets()
    if not (0 < swing < 1):
        raise ModelError(f"swing must be in 0..1 (0.1 = +-10 %), got {swing!r}")
    rows = []
    for lever in levers:
        if lever not in LEVER_NAMES or lever in STANDARDS:
            raise ModelError(f"unknown lever {str(lever)[:40]!r} (service standards are not levers)")
        now = _current(assumptions, lever)
        low, high = (now * (1 - swing), now * (1 + swing)) if now != 0 else (-swing / 100, swing / 100)
        bounds = _BOUNDS.get(lever, (0.0, None, ""))
        low = max(low, bounds[0])
        if bounds[1] is not None:
            high = min(high, bounds[1] - (1e-9 if lever in ("shrinkage", "service_level_target") else 0))
        cols = project_batch(assumptions, {_key(lever): np.array([now, low, high])},
                             months=targets.by_month)
        for name, column, kind, _ in targets.rules():
            if name == "cost_base_stretch":
                continue
            s = cols[column]
            metric = csf_metric(s[:, targets.by_month], s[:, 0], kind)
            rows.append({"lever": lever, "csf": name, "base_value": now, "low_value": low,
                         "high_value": high, "metric_base": metric[0], "metric_low": metric[1],
                         "metric_high": metric[2], "range": abs(metric[2] - metric[1])})
    frame = pd.DataFrame(rows)
    return frame.sort_values(["csf", "range"], ascending=[True, False]).reset_index(drop=True)


#: Levers tried for each CSF by :func:`what_must_be_true_table` (plan levers a client can act on).
SOLVE_LEVERS: dict[str, tuple[str, ...]] = {
    "revenue": ("customer_growth_monthly", "revenue_per_customer_growth_monthly"),
    "cost_base": ("self_service_target", "self_service_leak_back", "aht_s", "shrinkage",
                  "cost_per_fte_per_year", "technology_cost_monthly"),
    "cost_base_stretch": ("self_service_target", "aht_s", "cost_per_fte_per_year"),
    "headcount": ("self_service_target", "self_service_leak_back", "aht_s", "shrinkage"),
    "self_service_share": ("self_service_target", "self_service_leak_back"),
    "customers": ("customer_growth_monthly",),
    "contacts": ("customer_growth_monthly", "contacts_per_customer_trend_monthly"),
    "digital_share": ("digital_share",),
    # abandonment moves with the staffing standard (one value per projection): no single-lever search
    "abandon_rate": (),
}


@dataclass(frozen=True)
class LeverFinding:
    """One row of a what-must-be-true table: ``solution`` when the lever alone can meet the target,
    else ``reason`` (why not)."""

    target: str
    lever: str
    solution: LeverSolution | None
    reason: str = ""


def what_must_be_true_table(assumptions: Assumptions, targets: Targets | None = None, *,
                            only_off_track: bool = True, include_stretch: bool = False
                            ) -> tuple[LeverFinding, ...]:
    """For each CSF (off track only, by default) and each lever of ``SOLVE_LEVERS``: the value that
    alone meets the target, or why no value in the plausible range does."""
    from cxconsult.outlook.model import check_targets, project

    targets = targets or Targets()
    report = check_targets(project(assumptions, months=targets.by_month), targets)
    out = []
    for result in report.results:
        if result.name == "cost_base_stretch" and not include_stretch:
            continue
        if only_off_track and result.on_track:
            continue
        for lever in SOLVE_LEVERS.get(result.name, ()):
            try:
                out.append(LeverFinding(result.name, lever,
                                        what_must_be_true(assumptions, result.name, lever, targets)))
            except ModelError as exc:
                out.append(LeverFinding(result.name, lever, None, str(exc)))
    return tuple(out)
