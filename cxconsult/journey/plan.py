"""The 20-working-day redesign plan (seed 001 step 3: each touchpoint is redesigned in four weeks, no
more and no less: the team studies it, brainstorms, proposes the changes and carries them out).

Each touchpoint chosen gets four weeks of five working days. Its team is led by the touchpoint's
(first) owner; touchpoints that share an owner are redesigned one after the other, touchpoints with
different owners at the same time. Working days skip weekends and the given holidays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from cxconsult.errors import ModelError
from cxconsult.journey.config import JourneyConfig
from cxconsult.journey.performance import TouchpointPerformance, from_scale
from cxconsult.journey.priority import Priority

__all__ = ["DAYS", "PlanWeek", "RedesignPlan", "WEEKS", "next_monday", "redesign_plan", "working_day"]

DAYS = 20
#: The four weeks of a redesign, by key (the narrative words them).
WEEKS = ("understand", "ideate", "trial", "launch")
#: Which customer measure a plan moves, in order of preference (transactional measures first).
MEASURE_ORDER = ("csat", "ces", "nps")


@dataclass(frozen=True)
class PlanWeek:
    """One week of one touchpoint's redesign: working days ``first_day``..``last_day`` (1-20 within
    the touchpoint's own plan) on calendar dates ``start``..``end``."""

    key: str
    first_day: int
    last_day: int
    start: date
    end: date


@dataclass(frozen=True)
class RedesignPlan:
    """The redesign of one touchpoint: owner, the measure to move (CSAT, else CES, else NPS, else the room rating) from ``baseline`` to ``target`` (in
    the measure's own units), the working days it starts on, and its four weeks."""

    touchpoint: str
    rank: int
    owner: str
    owner_person: str
    measure: str
    baseline: float | None
    target: float
    start: date
    end: date
    weeks: tuple[PlanWeek, ...]


def working_day(start: date, n: int, holidays: Sequence[date] = ()) -> date:
    """The ``n``-th working day counting ``start`` as day 1 (``start`` is moved to a working day first)."""
    if n < 1:
        raise ModelError(f"working days are counted from 1, got {n}")
    first = np.busday_offset(np.datetime64(start, "D"), 0, roll="forward", holidays=list(holidays))
    return np.busday_offset(first, n - 1, roll="forward", holidays=list(holidays)).astype(date)


def next_monday(day: date) -> date:
    """The first Monday strictly after ``day``."""
    return day + timedelta(days=7 - day.weekday())


def _measure(perf: TouchpointPerformance) -> tuple[str, float | None, float]:
    """The measure to move: CSAT, else CES, else NPS (the touchpoint measures first); the room rating
    when the customers were not asked."""
    if perf.measures:
        name = next(m for m in MEASURE_ORDER if m in perf.measures)
        baseline = from_scale(name, perf.measures[name])
        return name, baseline, from_scale(name, perf.target)
    if perf.room_score is not None:
        return "rating", from_scale("rating", perf.room_score), from_scale("rating", perf.target)
    return "rating", None, from_scale("rating", perf.target)


def redesign_plan(config: JourneyConfig, ranked: Sequence[Priority], perf: Mapping[str, TouchpointPerformance],
                  start: date, top: int | None = None) -> list[RedesignPlan]:
    """Plans for the ``top`` best-ranked touchpoints (default ``config.plan_top``) from ``start``."""
    top = config.plan_top if top is None else top
    chosen = [p for p in ranked if p.rank][:max(0, top)]
    next_free: dict[str, int] = {}  # owner -> first working day (from start) its team is free
    plans = []
    for p in chosen:
        t = config.touchpoint(p.touchpoint)
        owner = t.owners[0] if t.owners else ""
        lane = owner.lower() if owner else f"(none) {t.id}"
        offset = next_free.get(lane, 1)
        next_free[lane] = offset + DAYS
        weeks = []
        for i, key in enumerate(WEEKS):
            first, last = offset + 5 * i, offset + 5 * i + 4
            weeks.append(PlanWeek(key, first - offset + 1, last - offset + 1,
                                  working_day(start, first, config.holidays),
                                  working_day(start, last, config.holidays)))
        measure, baseline, target = _measure(perf[t.id])
        plans.append(RedesignPlan(t.id, p.rank, owner, t.owner_person, measure, baseline, target,
                                  weeks[0].start, weeks[-1].end, tuple(weeks)))
    return plans
