"""Validated inputs of the journey model: phases, channels, touchpoints, targets, weights, pilot data.

The section parser (:mod:`cxconsult.sections.journey`) builds these frozen dataclasses from the
engagement's files; the model functions take them. Scales: CSAT is the share of satisfied customers in
percent (0-100), CES the mean of a 1-7 ease scale (7 = very easy), NPS -100..100, room ratings 0-4
(0 = far from the intent statement, 4 = delivers it fully). Volumes are contacts a month.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

__all__ = ["Channel", "JourneyConfig", "MOMENT_KINDS", "Phase", "PilotData", "PRIORITY_COMPONENTS",
           "SERVICE_LEVELS", "Touchpoint", "DEFAULT_TARGETS", "DEFAULT_WEIGHTS"]

#: Service levels a touchpoint can promise a segment (seed 002: each builds on the one before).
SERVICE_LEVELS = ("brilliant_basics", "extra_mile", "value_add")
#: Kinds of moment of truth: winning the customer, keeping them, recovering a failure.
MOMENT_KINDS = ("acquisition", "retention", "recovery")
#: Performance target (0-100) per promised level; the highest level a touchpoint promises sets its target.
DEFAULT_TARGETS = {"brilliant_basics": 70.0, "extra_mile": 80.0, "value_add": 90.0}
#: Components of the redesign priority and their default weights.
PRIORITY_COMPONENTS = ("gap", "volume", "moment_of_truth", "value_at_risk")
DEFAULT_WEIGHTS = {"gap": 0.4, "volume": 0.2, "moment_of_truth": 0.15, "value_at_risk": 0.25}


@dataclass(frozen=True)
class Phase:
    """A phase of the journey, left to right on the map (``label`` in the client's language)."""

    id: str
    label: str


@dataclass(frozen=True)
class Channel:
    """A channel: one swimlane of the map."""

    id: str
    label: str


@dataclass(frozen=True)
class Touchpoint:
    """One moment where the customer meets the organisation.

    ``owners`` are roles (none, one, or several: the last two are ownership gaps); ``owner_person``
    optionally names the person. ``service_levels`` maps a customer segment to the level promised
    there (one of :data:`SERVICE_LEVELS`). Measures are None when unknown.
    """

    id: str
    label: str
    phase: str
    channel: str
    owners: tuple[str, ...] = ()
    owner_person: str = ""
    volume_per_month: float = 0.0
    cost_per_contact: float | None = None
    moment_of_truth: bool = False
    moment_kind: str = ""
    service_levels: Mapping[str, str] = field(default_factory=dict)
    csat: float | None = None
    ces: float | None = None
    nps: float | None = None
    complaints_per_month: float | None = None

    @property
    def owner(self) -> str:
        """The owners joined for display (empty when nobody owns it)."""
        return " / ".join(self.owners)

    @property
    def has_customer_measure(self) -> bool:
        """Whether any customer measure (CSAT, CES, NPS or complaints) is known for this touchpoint."""
        return any(v is not None for v in (self.csat, self.ces, self.nps, self.complaints_per_month))


@dataclass(frozen=True, eq=False)
class PilotData:
    """Before/after measures of a redesigned touchpoint for a pilot and a control group.

    ``observations`` has columns ``group`` (pilot / control), ``period`` (before / after) and ``value``
    (one customer's measure, in ``measure`` units).
    """

    touchpoint: str
    measure: str
    observations: pd.DataFrame
    confidence: float = 0.95


@dataclass(frozen=True, eq=False)
class JourneyConfig:
    """The validated ``journey`` section.

    ``touchpoints`` is a tuple of :class:`Touchpoint` (other sections check their ids against it);
    ``ratings`` the room's ratings (columns touchpoint, participant, role, rating [0-4 or NaN],
    pain_point [bool], owner [text, may be empty]) or None; ``targets`` maps each service level to a
    performance target 0-100; ``weights`` the priority weights; ``plan_top`` how many touchpoints get a
    20-working-day redesign plan, starting ``plan_start`` (None: the Monday after the engagement date).
    """

    intent: str
    phases: tuple[Phase, ...]
    channels: tuple[Channel, ...]
    touchpoints: tuple[Touchpoint, ...]
    targets: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_TARGETS))
    default_level: str = "brilliant_basics"
    weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    ratings: pd.DataFrame | None = None
    pilot: PilotData | None = None
    plan_top: int = 3
    plan_start: date | None = None
    holidays: tuple[date, ...] = ()

    @property
    def ids(self) -> tuple[str, ...]:
        """Touchpoint ids in file order."""
        return tuple(t.id for t in self.touchpoints)

    def touchpoint(self, touchpoint_id: str) -> Touchpoint:
        """The touchpoint with ``touchpoint_id`` (KeyError when unknown)."""
        for t in self.touchpoints:
            if t.id == touchpoint_id:
                return t
        raise KeyError(touchpoint_id)

    def target(self, touchpoint: Touchpoint) -> float:
        """The touchpoint's performance target: that of the highest level it promises any segment."""
        levels = set(touchpoint.service_levels.values()) or {self.default_level}
        top = max(levels, key=SERVICE_LEVELS.index)
        return float(self.targets[top])
