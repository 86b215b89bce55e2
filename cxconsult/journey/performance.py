"""Touchpoint performance on one 0-100 scale, from customer measures or the room's ratings.

Each measure is put on 0-100 (100 = the intent statement fully delivered) by a linear map of its
scale: CSAT (share satisfied, %) as it is; CES 1-7 as ``(ces - 1) / 6 * 100``; NPS -100..100 as
``(nps + 100) / 2``; a room rating 0-4 as ``rating / 4 * 100``. A touchpoint's customer score is the
mean of its customer measures; its performance is the customer score when there is one, else the
room's score (staff view), else unknown. Both views are kept, so the report can show where staff and
customers disagree (seed 004: 80% of firms believe they deliver a superior experience, 8% of their
customers agree; Bain & Company 2005, "Closing the delivery gap").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.journey.config import JourneyConfig, Touchpoint

__all__ = ["MEASURES", "TouchpointPerformance", "from_scale", "performance", "performance_from_feedback",
           "room_scores", "to_scale"]

#: Customer measures and their scale (low, high).
MEASURES = {"csat": (0.0, 100.0), "ces": (1.0, 7.0), "nps": (-100.0, 100.0), "rating": (0.0, 4.0)}


def to_scale(measure: str, value: float) -> float:
    """``value`` of ``measure`` on the 0-100 performance scale (linear in the measure's own scale)."""
    if measure not in MEASURES:
        raise ModelError(f"unknown measure {measure!r}; expected one of {', '.join(MEASURES)}")
    low, high = MEASURES[measure]
    if not (math.isfinite(value) and low <= value <= high):
        raise ModelError(f"{measure} must be within {low:g}..{high:g}, got {value!r}")
    return (value - low) / (high - low) * 100.0


def from_scale(measure: str, score: float) -> float:
    """The value of ``measure`` that sits at ``score`` (0-100) on the performance scale."""
    low, high = MEASURES[measure]
    return low + score / 100.0 * (high - low)


@dataclass(frozen=True)
class TouchpointPerformance:
    """How one touchpoint performs: ``score`` 0-100 (None when unmeasured) and where it comes from.

    ``source`` is ``"customers"``, ``"room"`` or ``""``; ``customer_score`` and ``room_score`` keep both
    views; ``measures`` the customer measures used, each on 0-100; ``target`` the performance the
    promised service level asks for; ``gap`` = max(0, target - score).
    """

    touchpoint: str
    score: float | None
    source: str
    customer_score: float | None
    room_score: float | None
    measures: Mapping[str, float]
    target: float
    raters: int = 0
    pain_points: int = 0

    @property
    def gap(self) -> float | None:
        """Points short of the target (0 when at or above it; None when unmeasured)."""
        return None if self.score is None else max(0.0, self.target - self.score)


def room_scores(ratings: pd.DataFrame | None) -> pd.DataFrame:
    """Per touchpoint: the room's mean rating (0-4), its score (0-100), raters and pain-point marks.

    ``ratings`` has columns touchpoint, participant, rating (0-4 or NaN for "not rated") and
    pain_point (bool). Returns a frame indexed by touchpoint with columns ``mean``, ``score``,
    ``raters`` (ratings given) and ``pain_points``.
    """
    columns = ["mean", "score", "raters", "pain_points"]
    if ratings is None or ratings.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="touchpoint"))
    frame = ratings.copy()
    frame["rating"] = pd.to_numeric(frame["rating"], errors="coerce")
    bad = frame["rating"].notna() & ~frame["rating"].between(0, 4)
    if bad.any():
        raise ModelError(f"room ratings must be 0-4, got {frame.loc[bad, 'rating'].iloc[0]!r}")
    frame["pain_point"] = frame.get("pain_point", False)
    grouped = frame.groupby("touchpoint", sort=False)
    out = pd.DataFrame({
        "mean": grouped["rating"].mean(),
        "raters": grouped["rating"].count().astype(int),
        "pain_points": grouped["pain_point"].sum().astype(int),
    })
    out["score"] = out["mean"] / 4.0 * 100.0
    return out[columns]


def _measures(t: Touchpoint) -> dict[str, float]:
    return {m: to_scale(m, v) for m, v in (("csat", t.csat), ("ces", t.ces), ("nps", t.nps)) if v is not None}


def performance(config: JourneyConfig, feedback: pd.DataFrame | None = None) -> dict[str, TouchpointPerformance]:
    """Performance of every touchpoint of ``config`` (in touchpoint order).

    ``feedback`` (optional) is a per-touchpoint table from :func:`performance_from_feedback`; where it
    has a measure for a touchpoint, it replaces the section's figure (records beat a summary).
    """
    room = room_scores(config.ratings)
    fb = feedback if feedback is not None else pd.DataFrame()
    out: dict[str, TouchpointPerformance] = {}
    for t in config.touchpoints:
        measures = _measures(t)
        if t.id in fb.index:
            for m in ("csat", "ces", "nps"):
                if m in fb.columns and pd.notna(fb.at[t.id, m]):
                    measures[m] = to_scale(m, float(fb.at[t.id, m]))
        customer = float(np.mean(list(measures.values()))) if measures else None
        room_score, raters, pains = None, 0, 0
        if t.id in room.index:
            raters = int(room.at[t.id, "raters"])
            pains = int(room.at[t.id, "pain_points"])
            if raters:
                room_score = float(room.at[t.id, "score"])
        score, source = (customer, "customers") if customer is not None else (
            (room_score, "room") if room_score is not None else (None, ""))
        out[t.id] = TouchpointPerformance(t.id, score, source, customer, room_score, measures,
                                          config.target(t), raters, pains)
    return out


def performance_from_feedback(records: pd.DataFrame) -> pd.DataFrame:
    """Per-touchpoint CSAT / CES / NPS from individual feedback records.

    ``records`` has a ``touchpoint`` column and any of ``nps`` (0-10 answers), ``csat`` (1-5 answers;
    4 and 5 count as satisfied) and ``ces`` (1-7 answers). Returns a frame indexed by touchpoint with
    ``nps`` (% promoters 9-10 minus % detractors 0-6), ``csat`` (% satisfied), ``ces`` (mean) and
    ``responses``; a measure with no answers is NaN.
    """
    if "touchpoint" not in records.columns:
        raise ModelError("feedback records need a 'touchpoint' column")
    rows = {}
    for tp, group in records.groupby("touchpoint", sort=False):
        row: dict[str, float] = {"responses": float(len(group))}
        if "nps" in group.columns:
            s = pd.to_numeric(group["nps"], errors="coerce").dropna()
            row["nps"] = 100.0 * ((s >= 9).mean() - (s <= 6).mean()) if len(s) else math.nan
        if "csat" in group.columns:
            s = pd.to_numeric(group["csat"], errors="coerce").dropna()
            row["csat"] = 100.0 * (s >= 4).mean() if len(s) else math.nan
        if "ces" in group.columns:
            s = pd.to_numeric(group["ces"], errors="coerce").dropna()
            row["ces"] = float(s.mean()) if len(s) else math.nan
        rows[str(tp)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "touchpoint"
    return frame
