"""Inputs of the complaints model: channels, RESOLVED steps, business hours, standards, cost (pure)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["CHANNELS", "RESOLVED_STEPS", "RESOLVED_KEYS", "BusinessHours", "Standards", "CostConfig", "N_"]


def N_(message: str) -> str:
    """Mark a msgid for translation (translated where it is shown, by the report or the app)."""
    return message


#: Our channel ids (an export's own spellings are mapped to these in ``complaints.channels``).
CHANNELS = ("phone", "email", "chat", "social", "letter", "store", "web", "app", "other")

#: The RESOLVED method (seed 001) for handling an unhappy customer, in our own words: one key per step
#: (the second E is ``"E2"``) and its label as an English msgid.
RESOLVED_STEPS = (
    ("R", N_("Respond to the person first")),
    ("E", N_("Empathise and apologise")),
    ("S", N_("Set about solving the problem")),
    ("O", N_("Be open to the customer's own solution")),
    ("L", N_("Listen actively")),
    ("V", N_("Verify the solution with the customer")),
    ("E2", N_("Execute the agreed fix at once")),
    ("D", N_("Document the case to prevent a repeat")),
)
RESOLVED_KEYS = tuple(key for key, _ in RESOLVED_STEPS)

_WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class BusinessHours:
    """Opening hours in wall-clock time of ``timezone`` (IANA name): ``days`` (mon..sun), ``start_h`` and
    ``end_h`` (hours of the day, 8.5 = 08:30), ``holidays`` (dates with no business hours)."""

    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    start_h: float = 9.0
    end_h: float = 17.0
    holidays: tuple[dt.date, ...] = ()
    timezone: str = "UTC"

    def __post_init__(self) -> None:
        if not self.days or any(d not in _WEEK for d in self.days):
            raise ValueError(f"days must be some of {', '.join(_WEEK)}, got {self.days!r}")
        if not 0 <= self.start_h < self.end_h <= 24:
            raise ValueError(f"expected 0 <= start_h < end_h <= 24, got {self.start_h}, {self.end_h}")

    @property
    def weekmask(self) -> str:
        """numpy's week mask (``"1111100"`` for Monday to Friday)."""
        return "".join("1" if d in self.days else "0" for d in _WEEK)

    @property
    def hours_per_day(self) -> float:
        return self.end_h - self.start_h


@dataclass(frozen=True)
class Standards:
    """The client's own service standards (hours): ``first_response_h`` and ``resolution_h`` map a channel
    id (or ``"default"``) to hours; ``clock`` is ``"business"`` or ``"calendar"``; ``followup_h`` is the
    time within which a detractor should be contacted (closed loop)."""

    first_response_h: Mapping[str, float] = field(default_factory=dict)
    resolution_h: Mapping[str, float] = field(default_factory=dict)
    clock: str = "calendar"
    followup_h: float = 48.0

    def standard(self, measure: str, channel: str) -> float:
        """Hours allowed for ``measure`` ("first_response" / "resolution") on ``channel``; NaN when none."""
        table = self.first_response_h if measure == "first_response" else self.resolution_h
        return float(table.get(channel, table.get("default", float("nan"))))


@dataclass(frozen=True)
class CostConfig:
    """Cost of handling complaints: ``handling_minutes`` per contact by channel (``"default"`` for the
    rest) and ``cost_per_hour`` of handling time (engagement currency)."""

    handling_minutes: Mapping[str, float] = field(default_factory=lambda: {"default": 30.0})
    cost_per_hour: float = 0.0

    def minutes(self, channel: str) -> float:
        return float(self.handling_minutes.get(channel, self.handling_minutes.get("default", 0.0)))
