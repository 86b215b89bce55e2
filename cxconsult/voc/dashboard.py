"""The CX dashboard (seed 001, step 6): a tree of lagging measures (NPS, retention, cost to serve) and
the leading measures that drive them, each with a baseline, a target, an owner and its trend.

A measure is either computed from the feedback (``metric``: nps, csat, ces or an attribute rating,
optionally at one ``touchpoint``) or given as the client's own monthly series (``values``), as for
retention or cost to serve. Its status compares the latest period with the target and the baseline:
``met`` (on the right side of the target), ``better`` or ``worse`` than the baseline (for feedback
measures only when the latest period's interval excludes the baseline, so noise is not called a move),
or ``flat``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.voc.cube import FeedbackCube

__all__ = ["Measure", "MeasureStatus", "STATUSES", "dashboard"]

STATUSES = ("met", "better", "flat", "worse")


@dataclass(frozen=True)
class Measure:
    """One dashboard measure as the engagement defines it. ``unit``: points, share, rating, money, number."""

    id: str
    label: str
    kind: str  # "lagging" or "leading"
    baseline: float
    target: float
    owner: str = ""
    metric: str | None = None
    touchpoint: str | None = None
    values: tuple[tuple[str, float], ...] = ()
    drives: tuple[str, ...] = ()
    higher_is_better: bool = True
    unit: str = "number"


@dataclass(frozen=True)
class MeasureStatus:
    """A measure's latest value, interval (NaN for a given series), trend and status."""

    measure: Measure
    current: float
    low: float
    high: float
    period: pd.Timestamp | None
    trend: tuple[tuple[pd.Timestamp, float], ...]
    status: str
    depth: int

    @property
    def change_from_baseline(self) -> float:
        return self.current - self.measure.baseline


def _status(m: Measure, current: float, low: float, high: float) -> str:
    if not np.isfinite(current):
        return "flat"
    sign = 1 if m.higher_is_better else -1
    if sign * (current - m.target) >= 0:
        return "met"
    if np.isfinite(low) and np.isfinite(high) and low <= m.baseline <= high:
        return "flat"
    moved = sign * (current - m.baseline)
    return "better" if moved > 0 else "worse" if moved < 0 else "flat"


def _tree_order(measures: Sequence[Measure]) -> list[tuple[Measure, int]]:
    """Lagging measures first, each followed by the leading measures that drive it (depth 1)."""
    out, placed = [], set()
    for m in measures:
        if m.kind == "lagging":
            out.append((m, 0))
            placed.add(m.id)
            for child in measures:
                if child.kind == "leading" and m.id in child.drives and child.id not in placed:
                    out.append((child, 1))
                    placed.add(child.id)
    out.extend((m, 0 if m.kind == "lagging" else 1) for m in measures if m.id not in placed)
    return out


def dashboard(measures: Sequence[Measure], cube: FeedbackCube | None, *, periods: int = 12,
              confidence: float = 0.95, **filters) -> list[MeasureStatus]:
    """Every measure's status, in tree order; feedback measures read ``cube`` under ``filters``
    (period, touchpoint and segment, see :meth:`FeedbackCube.select`); ``periods`` is the trend length."""
    ids = {m.id for m in measures}
    for m in measures:
        unknown = [d for d in m.drives if d not in ids]
        if unknown:
            raise ModelError(f"measure {m.id!r} drives unknown measure(s) {', '.join(unknown)}")
    out = []
    for m, depth in _tree_order(measures):
        if m.metric is not None:
            if cube is None:
                raise ModelError(f"measure {m.id!r} needs feedback data")
            local = dict(filters)
            if m.touchpoint:
                chosen = local.get("touchpoints")
                if chosen and m.touchpoint not in chosen:
                    series = pd.DataFrame(columns=["period", "value", "low", "high"])
                else:
                    local["touchpoints"] = [m.touchpoint]
                    series = cube.trend(m.metric, confidence=confidence, **local)
            else:
                series = cube.trend(m.metric, confidence=confidence, **local)
            series = series.tail(periods)
            trend = tuple((pd.Timestamp(p), float(v)) for p, v in zip(series["period"], series["value"]))
            if len(series):
                last = series.iloc[-1]
                current, low, high, period = float(last["value"]), float(last["low"]), float(last["high"]), \
                    pd.Timestamp(last["period"])
            else:
                current = low = high = float("nan")
                period = None
        else:
            start, end = filters.get("start"), filters.get("end")
            points = [(pd.Timestamp(f"{p}-01") if len(p) == 7 else pd.Timestamp(p), v) for p, v in m.values]
            points = [(p, v) for p, v in sorted(points)
                      if (start is None or p >= pd.Timestamp(start)) and (end is None or p <= pd.Timestamp(end))]
            trend = tuple(points[-periods:])
            current = float(trend[-1][1]) if trend else float("nan")
            period = trend[-1][0] if trend else None
            low = high = float("nan")
        out.append(MeasureStatus(m, current, low, high, period, trend, _status(m, current, low, high), depth))
    return out
