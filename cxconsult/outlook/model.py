"""36-month contact-centre outlook: volumes, self-service, staffing, cost base and revenue.

Month 0 is the baseline (today); months 1..``months`` are the plan, so ``project`` returns
``months + 1`` rows indexed by ``month``. All changes are measured against month 0.

Per month ``m`` (growth rates are monthly and compound):

* customers = customers_0 (1 + customer_growth_monthly)^m
* contacts = customers x contacts_per_customer_monthly (1 + contacts_per_customer_trend_monthly)^m
* transactional contacts = contacts x transactional_share
* self-service adoption (share of transactional contacts that start in self-service, IVR/automation)
  follows a logistic curve from ``self_service_baseline`` (m = 0) towards ``self_service_target``
  with midpoint ``adoption_midpoint_month`` and ``adoption_steepness`` (per month)
* a share ``self_service_leak_back`` of self-service attempts comes back to an agent (Gartner 2019:
  only 9 % of customers fully resolved an issue in self-service; CX-FACTS.md), so the
  **self-service share** (the CSF) is the share of transactional contacts *resolved* in
  self-service: adoption x (1 - leak_back)
* assisted contacts = contacts - resolved in self-service, split over ``channels``
* contacts are shaped by ``seasonality`` (twelve factors averaging 1, calendar month
  ``start_month + m``) and, within the week, by the engagement's ``profile`` (share of a week's
  contacts in each interval; :func:`cxconsult.outlook.intraday.default_profile` otherwise); a month
  holds 365.25 / 12 / 7 = 4.348 weeks
* self-service takes the easy contacts first, so what is left takes longer: assisted handling time
  is multiplied by ``1 + self_service_aht_elasticity x (r_m - r_0)``, r the share of all contacts
  resolved in self-service (an assumption: 0.25 by default)
* each channel is staffed interval by interval: phone queues with Erlang C, or Erlang A when callers'
  ``patience_s`` is given (abandonment counted, optionally capped by ``max_abandon``); chat the same
  on chat slots, ``concurrency`` per agent; email and messaging within their response standard
  (:func:`~cxconsult.outlook.intraday.backlog_staffing`); every channel under the occupancy
  ceiling. Agent hours of a month = sum over the week's intervals of agents x interval length x
  weeks in the month
* FTE = agent hours / (hours_per_fte_per_year / 12 x (1 - shrinkage));
  headcount = FTE x (1 + overhead_ratio) (team leaders, quality, planning), in FTE
* people cost = headcount x cost_per_fte_per_year / 12 x (1 + wage_inflation_per_year)^(m / 12)
* cost base = people + technology (fixed) + self-service (per attempt) + channel costs per contact
  (telephony minutes, messaging fees) + other fixed costs
* revenue = customers x revenue_per_customer_monthly (1 + revenue_per_customer_growth_monthly)^m
* ``planned`` values (e.g. AHT 330 s, shrinkage 30 %) are reached at ``plan_month`` on a straight
  line from today's value and then held: month 0 always shows today.

Money is in the engagement's currency per month.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from html import escape

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.outlook.intraday import (WeeklyProfile, backlog_staffing, check_seasonality,
                                        default_profile, queue_tables)

__all__ = ["Channel", "Assumptions", "Targets", "CSFResult", "TargetReport", "project",
           "project_batch", "check_targets", "CSF_COLUMNS"]


CHANNEL_KINDS = ("phone", "chat", "email", "messaging")
DIGITAL_KINDS = frozenset({"chat", "email", "messaging"})
#: Default response standard of deferred channels, hours (cxconsult assumption; set the client's).
DEFAULT_RESPONSE_HOURS = {"email": 24.0, "messaging": 2.0}
WEEKS_PER_MONTH = 365.25 / 12.0 / 7.0


@dataclass(frozen=True)
class Channel:
    """An assisted channel.

    ``share`` of assisted contacts; ``aht_s`` seconds of handling per contact (for chat: the
    length of a chat session; an agent holds ``concurrency`` sessions at once, 1..10); ``kind`` one
    of phone, chat (queued in real time), email, messaging (deferred work answered within
    ``response_hours``). Optional standards of its own: ``service_level_target`` and ``answer_s``
    (else the outlook's), ``patience_s`` (mean time a caller or chatter waits before leaving;
    else the outlook's for phone; 0 = nobody leaves, Erlang C), ``max_abandon`` (cap on the share
    who leave), and ``cost_per_contact`` (telephony minutes, messaging fees; money per contact).
    ``real_time`` is kept for files written before ``kind``: True means phone, False email.
    """

    name: str
    share: float
    aht_s: float
    real_time: bool = True
    kind: str = ""
    concurrency: float = 1.0
    response_hours: float | None = None
    service_level_target: float | None = None
    answer_s: float | None = None
    patience_s: float | None = None
    max_abandon: float | None = None
    cost_per_contact: float = 0.0

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ModelError(f"channel name must be non-empty text, got {str(self.name)[:80]!r}")
        if not self.kind:
            object.__setattr__(self, "kind", "phone" if self.real_time else "email")
        if self.kind not in CHANNEL_KINDS:
            raise ModelError(f"channel {self.name}: kind must be one of {', '.join(CHANNEL_KINDS)}, "
                             f"got {str(self.kind)[:80]!r}")
        object.__setattr__(self, "real_time", self.kind in ("phone", "chat"))
        _in(self, "share", self.share, 0.0, 1.0)
        _in(self, "aht_s", self.aht_s, 1.0, 14_400.0)
        _in(self, "concurrency", self.concurrency, 1.0, 10.0)
        if self.kind != "chat" and self.concurrency != 1:
            raise ModelError(f"channel {self.name}: concurrency applies to chat only")
        if self.response_hours is not None:
            if self.real_time:
                raise ModelError(f"channel {self.name}: response_hours applies to email and messaging; "
                                 "phone and chat use service_level_target and answer_s")
            _in(self, "response_hours", self.response_hours, 0.25, 336.0)
        for name, low, high in (("service_level_target", 0.0, 0.99), ("answer_s", 0.0, 3600.0),
                                ("patience_s", 0.0, 7200.0), ("max_abandon", 0.001, 1.0),
                                ("cost_per_contact", 0.0, 1000.0)):
            value = getattr(self, name)
            if value is not None:
                _in(self, name, value, low, high)
        if not self.real_time and any(getattr(self, k) is not None for k in
                                      ("service_level_target", "answer_s", "patience_s", "max_abandon")):
            raise ModelError(f"channel {self.name}: {self.kind} is deferred work: give response_hours, "
                             "not a queue standard")

    @property
    def digital(self) -> bool:
        return self.kind in DIGITAL_KINDS

    @property
    def response_window_h(self) -> float:
        return self.response_hours if self.response_hours is not None else DEFAULT_RESPONSE_HOURS.get(self.kind, 24.0)


def _in(ch: Channel, name: str, value: object, low: float, high: float) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not (low <= value <= high):
        raise ModelError(f"channel {ch.name}: {name} must be in {low:g}..{high:g}, got {str(value)[:80]!r}")


@functools.lru_cache(maxsize=8)
def _default_profile(intervals_per_day: int) -> WeeklyProfile:
    return default_profile(intervals_per_day)


_DEFAULT_CHANNELS = (
    Channel("voice", 0.65, 360.0, kind="phone"),
    Channel("chat", 0.20, 540.0, kind="chat", concurrency=2.0),
    Channel("email", 0.15, 420.0, kind="email", response_hours=24.0),
)

# (lower, upper, inclusive-upper) bounds of each numeric field, used by validate() and levers.
_BOUNDS: dict[str, tuple[float, float | None, str]] = {
    "customers": (0.0, 1e9, "a number of customers in 0..1,000,000,000"),
    "customer_growth_monthly": (-0.1, 0.1, "a monthly growth rate in -0.1..0.1 (0.004 = +0.4 %/month)"),
    "contacts_per_customer_monthly": (0.0, 20.0, "contacts per customer per month in 0..20"),
    "contacts_per_customer_trend_monthly": (-0.1, 0.1, "a monthly rate in -0.1..0.1"),
    "transactional_share": (0.0, 1.0, "a share in 0..1"),
    "self_service_baseline": (0.0, 1.0, "a share in 0..1"),
    "self_service_target": (0.0, 1.0, "a share in 0..1"),
    "adoption_midpoint_month": (0.0, 120.0, "a month in 0..120"),
    "adoption_steepness": (0.0, 5.0, "a steepness per month in 0..5 (above 0)"),
    "self_service_leak_back": (0.0, 1.0, "a share in 0..1"),
    "aht_trend_monthly": (-0.1, 0.1, "a monthly rate in -0.1..0.1"),
    "interval_s": (900.0, 3600.0, "an interval length in seconds, 900..3600 (dividing a day)"),
    "patience_s": (0.0, 7200.0, "seconds in 0..7200 (0 = callers never hang up: Erlang C)"),
    "max_abandon": (0.001, 1.0, "a share in 0.001..1 (1 = no cap)"),
    "self_service_aht_elasticity": (0.0, 2.0, "an elasticity in 0..2"),
    "start_month": (1.0, 12.0, "a calendar month 1..12"),
    "service_level_target": (0.0, 0.99, "a share in 0..0.99"),
    "answer_s": (0.0, 3600.0, "seconds in 0..3600"),
    "shrinkage": (0.0, 0.7, "a share in 0..0.7"),
    "max_occupancy": (0.3, 1.0, "a share in 0.3..1"),
    "hours_per_fte_per_year": (500.0, 3000.0, "paid hours per FTE per year, 500..3000"),
    "overhead_ratio": (0.0, 1.0, "a ratio in 0..1"),
    "cost_per_fte_per_year": (0.0, 1e7, "a yearly cost in 0..10,000,000"),
    "wage_inflation_per_year": (-0.2, 0.5, "a yearly rate in -0.2..0.5"),
    "technology_cost_monthly": (0.0, 1e9, "a monthly cost in 0..1,000,000,000"),
    "self_service_cost_per_contact": (0.0, 100.0, "a cost per attempt in 0..100"),
    "other_fixed_cost_monthly": (0.0, 1e9, "a monthly cost in 0..1,000,000,000"),
    "revenue_per_customer_monthly": (0.0, 1e6, "revenue per customer per month in 0..1,000,000"),
    "revenue_per_customer_growth_monthly": (-0.1, 0.1, "a monthly rate in -0.1..0.1"),
}
#: The longest outlook the model projects (months), and the most Monte Carlo paths it draws.
MAX_MONTHS = 120
MAX_PATHS = 200_000
_STRICT_UPPER: set[str] = set()
_STRICT_LOWER = {"adoption_steepness", "max_occupancy"}


@dataclass(frozen=True)
class Assumptions:
    """Inputs of the outlook. Defaults are illustrative (a mid-size telecom, Aurora Telecom) except
    where a source is given; replace them per engagement.

    Volumes: ``customers`` at month 0; ``customer_growth_monthly``; ``contacts_per_customer_monthly``
    (3 a year = 0.25) and its ``contacts_per_customer_trend_monthly``; ``transactional_share`` of
    contacts that are simple transactions self-service could handle.
    Self-service: ``self_service_baseline`` and ``self_service_target`` shares of transactional
    contacts that *start* in self-service, logistic adoption (``adoption_midpoint_month``,
    ``adoption_steepness`` per month); ``self_service_leak_back`` share of those attempts that come
    back to an agent (Gartner 2019 found only 9 % fully resolve in self-service across all issues;
    transactional contacts do better, but stress this value).
    Assisted work: ``channels`` (shares sum to 1, ``aht_s`` each), ``aht_trend_monthly``.
    Shape: ``profile`` (a :class:`~cxconsult.outlook.intraday.WeeklyProfile`; None = cxconsult's
    default week at ``interval_s``), ``seasonality`` (12 monthly factors averaging 1, January
    first) and ``start_month`` (calendar month of month 0); ``self_service_aht_elasticity``
    (assisted handling time rises by this times the rise in the share of contacts resolved in
    self-service: an assumption, 0.25 by default).
    Staffing: ``interval_s``; phone ``patience_s`` (mean caller patience; 0 = Erlang C) and
    ``max_abandon`` (cap, 1 = none); ``service_level_target``/``answer_s`` (80 % in 20 s is the usual
    convention), ``shrinkage`` (30-35 % common), ``max_occupancy`` (85-90 % ceiling) - CX-FACTS.md;
    ``hours_per_fte_per_year`` paid hours; ``overhead_ratio`` non-agent staff per agent FTE.
    Money (per month unless ``per_year``): ``cost_per_fte_per_year`` (fully loaded),
    ``wage_inflation_per_year``, ``technology_cost_monthly``, ``self_service_cost_per_contact``
    (per attempt), ``other_fixed_cost_monthly``, ``revenue_per_customer_monthly`` and its
    ``revenue_per_customer_growth_monthly``.
    """

    customers: float = 1_200_000.0
    customer_growth_monthly: float = 0.004
    contacts_per_customer_monthly: float = 0.25
    contacts_per_customer_trend_monthly: float = 0.0
    transactional_share: float = 0.60
    self_service_baseline: float = 0.15
    self_service_target: float = 0.70
    adoption_midpoint_month: float = 15.0
    adoption_steepness: float = 0.30
    self_service_leak_back: float = 0.30
    channels: tuple[Channel, ...] = _DEFAULT_CHANNELS
    aht_trend_monthly: float = -0.002
    interval_s: float = 1800.0
    patience_s: float = 0.0
    max_abandon: float = 1.0
    self_service_aht_elasticity: float = 0.25
    start_month: float = 1.0
    service_level_target: float = 0.80
    answer_s: float = 20.0
    shrinkage: float = 0.33
    max_occupancy: float = 0.85
    hours_per_fte_per_year: float = 1800.0
    overhead_ratio: float = 0.15
    cost_per_fte_per_year: float = 42_000.0
    wage_inflation_per_year: float = 0.03
    technology_cost_monthly: float = 250_000.0
    self_service_cost_per_contact: float = 0.40
    other_fixed_cost_monthly: float = 150_000.0
    revenue_per_customer_monthly: float = 38.0
    revenue_per_customer_growth_monthly: float = 0.002
    planned: tuple[tuple[str, float], ...] = ()
    plan_month: int = 36
    profile: WeeklyProfile | None = None
    seasonality: tuple[float, ...] = (1.0,) * 12

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ``ModelError`` naming the first field out of range."""
        for name in _BOUNDS:
            _check_value(name, name, getattr(self, name))
        if not isinstance(self.channels, tuple) or not self.channels:
            raise ModelError("channels: expected at least one assisted channel")
        names = [c.name for c in self.channels]
        if len(set(names)) != len(names):
            raise ModelError(f"channels: names must be unique, got {names}")
        total = sum(c.share for c in self.channels)
        if abs(total - 1.0) > 1e-6:
            raise ModelError(f"channels: shares must sum to 1, got {total:.4f}")
        if isinstance(self.plan_month, bool) or not isinstance(self.plan_month, int) or self.plan_month < 1:
            raise ModelError(f"plan_month: expected a whole month >= 1, got {self.plan_month!r}")
        if self.plan_month > MAX_MONTHS:
            raise ModelError(f"plan_month: expected a whole month in 1..{MAX_MONTHS}, got {self.plan_month!r}")
        if self.start_month != int(self.start_month):
            raise ModelError(f"start_month: expected a calendar month 1..12, got {self.start_month!r}")
        check_seasonality(tuple(self.seasonality))
        profile = self.weekly_profile
        if abs(profile.interval_s - self.interval_s) > 1e-9:
            raise ModelError(f"interval_s: {self.interval_s:g} s does not match the profile's "
                             f"{profile.intervals_per_day} intervals a day ({profile.interval_s:g} s)")
        if 86400 % self.interval_s:
            raise ModelError(f"interval_s: expected a length that divides a day (900, 1800, 3600), "
                             f"got {self.interval_s!r}")
        if self.max_abandon < 1 and self.patience_s == 0 and not any(
                c.patience_s for c in self.channels if c.kind == "phone"):
            raise ModelError("max_abandon: a cap on abandonment needs patience_s (callers' mean "
                             "patience); with patience 0 nobody hangs up")
        if not isinstance(self.planned, tuple):
            raise ModelError("planned: expected a tuple of (field, value) pairs")
        for item in self.planned:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise ModelError(f"planned: expected (field, value) pairs, got {item!r}")
            name, value = item
            if name not in PLANNABLE:
                raise ModelError(f"planned.{name}: cannot be planned; expected one of "
                                 f"{', '.join(sorted(PLANNABLE))}")
            _check_value(f"planned.{name}", name, value)
            if name == "digital_share" and not (0 < self.digital_share_today < 1):
                raise ModelError("planned.digital_share: needs both a phone channel and a digital "
                                 "channel with a share today, to move contacts between them")

    @property
    def weekly_profile(self) -> WeeklyProfile:
        """The engagement's profile, or cxconsult's default week at ``interval_s``."""
        if self.profile is not None:
            return self.profile
        return _default_profile(int(round(86400 / self.interval_s)))

    @property
    def digital_share_today(self) -> float:
        """Share of assisted contacts in chat, email and messaging at month 0."""
        return sum(c.share for c in self.channels if c.digital)

    @property
    def mean_aht_s(self) -> float:
        """Assisted-contact average handling time at month 0, weighted by channel share (seconds)."""
        return sum(c.share * c.aht_s for c in self.channels)

    def with_values(self, **values: float) -> Assumptions:
        """A copy with some fields changed; ``aht_s`` rescales every channel's AHT so that the
        share-weighted mean equals the value given."""
        values = dict(values)
        if "aht_s" in values:
            scale = float(values.pop("aht_s")) / self.mean_aht_s
            values["channels"] = tuple(replace(c, aht_s=c.aht_s * scale) for c in self.channels)
        unknown = set(values) - {f.name for f in fields(self)} - {"planned", "plan_month"}
        if unknown:
            raise ModelError(f"unknown assumption(s) {', '.join(sorted(unknown))}; expected one of "
                             f"{', '.join(sorted(LEVER_NAMES))}")
        return replace(self, **values)

    def with_plan(self, **values: float) -> Assumptions:
        """A copy with planned values (reached at ``plan_month``) added or replaced."""
        merged = dict(self.planned)
        merged.update({k: float(v) for k, v in values.items()})
        return replace(self, planned=tuple(sorted(merged.items())))

    def planned_value(self, name: str) -> float:
        """The value planned for ``plan_month`` (today's value when none is planned)."""
        plan = dict(self.planned)
        if name in plan:
            return plan[name]
        if name == "aht_s":
            return self.mean_aht_s
        if name == "digital_share":
            return self.digital_share_today
        return float(getattr(self, name))


def _check_value(label: str, name: str, value: object) -> None:
    if name == "aht_s":
        low, high, expected = 1.0, 14_400.0, "seconds in 1..14400"
    elif name == "digital_share":
        low, high, expected = 0.0, 1.0, "a share in 0..1"
    else:
        low, high, expected = _BOUNDS[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelError(f"{label}: expected {expected}, got {type(value).__name__} {str(value)[:80]!r}")
    bad = not math.isfinite(value) or value < low or (high is not None and value > high)
    bad |= name in _STRICT_UPPER and high is not None and value >= high
    bad |= (name in _STRICT_LOWER or name == "aht_s") and value <= low
    if bad:
        raise ModelError(f"{label}: expected {expected}, got {str(value)[:80]}")


LEVER_NAMES = frozenset(_BOUNDS) | {"aht_s", "digital_share"}

# Level fields whose *planned* value at ``plan_month`` can differ from today's: the value glides
# linearly from today's (month 0) to the plan and stays there. Rates, growth and self-service
# adoption fields already act on the future only.
PLANNABLE = frozenset({
    "transactional_share", "self_service_leak_back", "aht_s", "shrinkage", "hours_per_fte_per_year", "overhead_ratio", "cost_per_fte_per_year", "technology_cost_monthly",
    "self_service_cost_per_contact", "other_fixed_cost_monthly", "contacts_per_customer_monthly",
    "revenue_per_customer_monthly", "digital_share",
})
# Service standards set the staffing tables: one value per projection, never planned or drawn.
STANDARDS = ("service_level_target", "answer_s", "patience_s", "max_abandon", "max_occupancy", "interval_s")

CSF_COLUMNS = ("revenue", "cost_base", "headcount", "self_service_share", "customers", "contacts",
               "abandon_rate", "digital_share")


def _logistic(m: np.ndarray, mid: np.ndarray, k: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-k * (m - mid)))


def _param_arrays(a: Assumptions, overrides: Mapping[str, np.ndarray] | None, n: int,
                  m: np.ndarray) -> dict[str, np.ndarray]:
    """Every numeric field as an (n, 1) column, or (n, months + 1) when it follows a plan.

    ``overrides`` keys are field names (today's value, all months) or ``plan.<field>`` (the value
    reached at ``plan_month``, gliding linearly from today's).
    """
    overrides = dict(overrides or {})
    plans = dict(a.planned)
    for key in [k for k in overrides if k.startswith("plan.")]:
        name = key[len("plan."):]
        if name not in PLANNABLE:
            raise ModelError(f"{name} cannot be planned; expected one of {', '.join(sorted(PLANNABLE))}")
        plans[name] = overrides.pop(key)
    out: dict[str, np.ndarray] = {}
    for name in _BOUNDS:
        value = overrides.pop(name, getattr(a, name))
        out[name] = np.broadcast_to(np.asarray(value, dtype=float).reshape(-1, 1), (n, 1))
    aht = np.asarray(overrides.pop("aht_s", a.mean_aht_s), dtype=float).reshape(-1, 1)
    out["aht_scale"] = np.broadcast_to(aht / a.mean_aht_s, (n, 1))
    digital = np.asarray(overrides.pop("digital_share", a.digital_share_today), dtype=float)
    out["digital_share"] = np.broadcast_to(digital.reshape(-1, 1), (n, 1))
    if overrides:
        raise ModelError(f"unknown assumption(s) {', '.join(sorted(overrides))}")
    ramp = np.minimum(m / a.plan_month, 1.0)
    for name, plan in plans.items():
        plan = np.asarray(plan, dtype=float).reshape(-1, 1)
        if name == "aht_s":
            today, key, plan = out["aht_scale"], "aht_scale", plan / a.mean_aht_s
        else:
            today, key = out[name], name
        out[key] = today + (plan - today) * ramp
    return out


def _standard(values: np.ndarray, name: str) -> float:
    """A service standard must be one value across paths and months (it sets the staffing tables)."""
    arr = np.asarray(values, dtype=float)
    first = float(arr.flat[0])
    if np.any(arr != first):
        raise ModelError(f"{name} is a service standard: one value per projection, not planned or "
                         "drawn at random")
    return first


def _channel_standards(ch: Channel, p: Mapping[str, np.ndarray]) -> tuple:
    """(answer_s, target_sl, patience_s or None, max_abandon or None, max_occupancy) of a queue."""
    target = ch.service_level_target if ch.service_level_target is not None else _standard(
        p["service_level_target"], "service_level_target")
    answer = ch.answer_s if ch.answer_s is not None else _standard(p["answer_s"], "answer_s")
    patience = ch.patience_s
    if patience is None and ch.kind == "phone":
        patience = _standard(p["patience_s"], "patience_s")
    patience = patience or None          # 0: nobody leaves (Erlang C)
    cap = ch.max_abandon
    if cap is None and ch.kind == "phone":
        cap = _standard(p["max_abandon"], "max_abandon")
    cap = cap if (cap is not None and cap < 1 and patience is not None) else None
    occupancy = _standard(p["max_occupancy"], "max_occupancy")
    return answer, target, patience, cap, occupancy


#: Above this many path-months per channel the staffing is read from a surface (see _surface).
_EXACT_LIMIT = 4_000


def _queue_month(volume: np.ndarray, aht: np.ndarray, ch: Channel, p: Mapping[str, np.ndarray],
                 profile: WeeklyProfile) -> dict[str, np.ndarray]:
    """Agent hours, peak agents and abandoned contacts of a queued channel per path-month.

    A month's contacts spread over its 4.348 weeks, and each week over the profile's intervals;
    each interval is staffed to the channel's standard (whole agents; chat slots / concurrency).
    """
    interval_s = profile.interval_s
    weights = profile.array
    open_ = weights > 0
    w = weights[open_]
    tables = queue_tables(*_channel_standards(ch, p))
    k = ch.concurrency
    weekly_traffic = volume / WEEKS_PER_MONTH * aht / interval_s           # Erlangs x week share
    hours = interval_s / 3600.0 * WEEKS_PER_MONTH
    want_ab = tables.patience_s is not None
    if volume.size <= _EXACT_LIMIT:
        traffic = weekly_traffic[..., None] * w                            # (n, M, I)
        servers, p_ab = tables.staff(traffic, aht, want_ab, per_row=True)
        agents = np.ceil(servers / k - 1e-9)
        calls = traffic * interval_s / aht[..., None]
        return {"agent_hours": agents.sum(axis=-1) * hours,
                "peak_agents": agents.max(axis=-1, initial=0.0),
                "abandoned": (calls * p_ab).sum(axis=-1) * WEEKS_PER_MONTH if want_ab
                else np.zeros_like(volume)}
    return _surface(weekly_traffic, aht, w, tables, k, interval_s, hours, want_ab)


#: Spacing of the Monte Carlo traffic grid (log2 units): 2^(1/32), 2.2 % apart.
_GRID_STEP = 1.0 / 32.0


def _surface(weekly_traffic: np.ndarray, aht: np.ndarray, w: np.ndarray, tables, k: float,
             interval_s: float, hours: float, want_ab: bool) -> dict[str, np.ndarray]:
    """Monte Carlo staffing: the month's agent hours, busiest-interval agents and abandoned contacts
    are computed exactly, interval by interval, on a grid of weekly traffic levels (2.2 % apart)
    x the handling-time lattice of the staffing tables, cached, and read by interpolation: linear
    between traffic levels, cubic across the lattice. Agreement with the exact sum is tested
    (tests/outlook/test_intraday.py: agent hours within 0.3 %, abandonment within 0.1 point)."""
    from cxconsult.outlook.intraday import LATTICE_STEP, _lagrange4

    out = {"agent_hours": np.zeros_like(weekly_traffic), "peak_agents": np.zeros_like(weekly_traffic),
           "abandoned": np.zeros_like(weekly_traffic)}
    pos = weekly_traffic > 0
    if not np.any(pos):
        return out
    t, a = weekly_traffic[pos], aht[pos]
    g = np.log2(t) / _GRID_STEP
    g0 = np.floor(g).astype(int)
    gf = g - g0
    x = np.log2(a) / LATTICE_STEP
    base = np.floor(x + 1e-12).astype(int)
    key = (hash(w.tobytes()), float(k), float(interval_s), bool(want_ab))
    cache = tables.surfaces.setdefault(key, {})     # lattice k -> (first g, (3, G) values)
    ks = range(int(base.min()) - 1, int(base.max()) + 3)
    g_lo, g_hi = int(g0.min()), int(g0.max()) + 1
    lattice_aht = 2.0 ** (np.arange(ks[0], ks[-1] + 1) * LATTICE_STEP)
    rows = []
    for i, kk in enumerate(ks):
        have = cache.get(kk)
        if have is None or have[0] > g_lo or have[0] + have[1].shape[1] - 1 < g_hi:
            first = g_lo if have is None else min(g_lo, have[0])
            last = g_hi if have is None else max(g_hi, have[0] + have[1].shape[1] - 1)
            level = 2.0 ** (np.arange(first, last + 1, dtype=float) * _GRID_STEP)
            traffic = level[:, None] * w[None, :]
            servers, p_ab = tables.at_lattice(kk, traffic, want_ab)
            agents = np.ceil(servers / k - 1e-9)
            ab = ((traffic * interval_s / lattice_aht[i] * p_ab).sum(axis=1) * WEEKS_PER_MONTH
                  if want_ab else np.zeros(len(level)))
            have = cache[kk] = (first, np.stack([agents.sum(axis=1) * hours, agents.max(axis=1), ab]))
        rows.append(have[1][:, g_lo - have[0]:g_hi - have[0] + 1])
    grid = np.stack(rows, axis=1)                  # (3, K, G)
    k_lo = ks[0]
    weights = _lagrange4(np.clip(x - base, 0.0, 1.0))
    row, col = base - k_lo, g0 - g_lo
    for n_out, name in enumerate(("agent_hours", "peak_agents", "abandoned")):
        surf = grid[n_out]
        value = np.zeros_like(t)
        for j in range(4):
            r = row - 1 + j
            value += weights[:, j] * (surf[r, col] * (1 - gf) + surf[r, col + 1] * gf)
        out[name][pos] = value
    return out


def project_batch(assumptions: Assumptions, overrides: Mapping[str, np.ndarray] | None = None,
                  months: int = 36) -> dict[str, np.ndarray]:
    """The projection for a batch of ``n`` assumption sets at once (Monte Carlo, sensitivity).

    ``overrides`` maps field names (or ``aht_s``, ``digital_share``) to arrays of length ``n``
    (today's value, all months), or ``plan.<field>`` to the value planned for ``plan_month``; other
    fields come from ``assumptions``. Returns a dict of ``(n, months + 1)`` arrays, one per column
    of :func:`project`. Values are not re-validated: callers check ranges. Service standards
    (``STANDARDS``) must be one value for the whole batch.
    """
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise ModelError(f"months must be a whole number in 1..{MAX_MONTHS}, got {str(months)[:40]}")
    n = max([np.size(v) for v in (overrides or {}).values()] + [1])
    if n > MAX_PATHS:
        raise ModelError(f"at most {MAX_PATHS:,} assumption sets at once, got {n:,}")
    a = assumptions
    m = np.arange(months + 1, dtype=float)[None, :]
    p = _param_arrays(a, overrides, n, m)
    out: dict[str, np.ndarray] = {}
    season = np.asarray(a.seasonality, dtype=float)
    calendar = ((int(a.start_month) - 1 + np.arange(months + 1)) % 12)
    out["seasonality"] = np.broadcast_to(season[calendar][None, :], (n, months + 1)).copy()
    out["customers"] = p["customers"] * (1 + p["customer_growth_monthly"]) ** m
    out["contacts_per_customer"] = (p["contacts_per_customer_monthly"]
                                    * (1 + p["contacts_per_customer_trend_monthly"]) ** m)
    out["contacts"] = out["customers"] * out["contacts_per_customer"] * out["seasonality"]
    transactional = out["contacts"] * p["transactional_share"]
    mid, k = p["adoption_midpoint_month"], p["adoption_steepness"]
    start = _logistic(np.zeros_like(mid), mid, k)  # (n, 1): adoption params have no plan
    progress = (_logistic(m, mid, k) - start) / (1 - start)   # 0 at month 0, -> 1
    adoption = p["self_service_baseline"] + (p["self_service_target"] - p["self_service_baseline"]) * progress
    out["self_service_adoption"] = adoption
    out["self_service_share"] = adoption * (1 - p["self_service_leak_back"])
    out["self_service_contacts"] = transactional * adoption
    out["self_service_resolved"] = transactional * out["self_service_share"]
    out["assisted_contacts"] = out["contacts"] - out["self_service_resolved"]
    # Self-service takes the easy contacts: what is left takes longer.
    resolved_of_all = out["self_service_share"] * p["transactional_share"]
    out["complexity_factor"] = 1.0 + p["self_service_aht_elasticity"] * (resolved_of_all - resolved_of_all[:, :1])
    aht_factor = p["aht_scale"] * (1 + p["aht_trend_monthly"]) ** m * out["complexity_factor"]
    # Channel mix: digital channels scale to the (planned) digital share, phone takes the rest.
    d_today = a.digital_share_today
    digital = np.broadcast_to(p["digital_share"], out["contacts"].shape)
    shape = out["contacts"].shape
    profile = a.weekly_profile
    zeros = np.zeros(shape)
    workload, agent_hours, peak = zeros.copy(), zeros.copy(), zeros.copy()
    phone_calls, abandoned, variable_cost = zeros.copy(), zeros.copy(), zeros.copy()
    digital_contacts = zeros.copy()
    for ch in a.channels:
        if ch.digital:
            share = ch.share * (digital / d_today if d_today > 0 else 1.0)
        else:
            share = ch.share * ((1 - digital) / (1 - d_today) if d_today < 1 else 1.0)
        volume = out["assisted_contacts"] * share
        aht = np.broadcast_to(ch.aht_s * aht_factor, shape)
        out[f"assisted_{ch.name}"] = volume
        out[f"aht_{ch.name}"] = aht.copy()
        work = volume * aht / 3600.0 / (ch.concurrency if ch.kind == "chat" else 1.0)
        workload = workload + work
        if ch.real_time:
            res = _queue_month(volume, aht, ch, p, profile)
        else:
            occupancy = _standard(p["max_occupancy"], "max_occupancy")
            window = max(1, int(round(ch.response_window_h * 3600.0 / profile.interval_s)))
            hours = work / occupancy
            # the busiest interval's agents scale with the week's work: one week of unit work
            unit = backlog_staffing(profile.array, window, profile.interval_s, occupancy).max()
            peak_c = work / WEEKS_PER_MONTH * unit
            res = {"agent_hours": hours, "peak_agents": peak_c, "abandoned": zeros}
        out[f"agent_hours_{ch.name}"] = res["agent_hours"]
        out[f"agents_peak_{ch.name}"] = res["peak_agents"]
        agent_hours = agent_hours + res["agent_hours"]
        peak = peak + res["peak_agents"]
        if ch.kind == "phone":
            phone_calls = phone_calls + volume
            abandoned = abandoned + res["abandoned"]
        if ch.digital:
            digital_contacts = digital_contacts + volume
        variable_cost = variable_cost + volume * ch.cost_per_contact
        out[f"variable_cost_{ch.name}"] = volume * ch.cost_per_contact
    out["workload_hours"] = workload
    out["agent_hours"] = agent_hours
    out["agents_peak_interval"] = peak
    with np.errstate(divide="ignore", invalid="ignore"):
        out["abandon_rate"] = np.where(phone_calls > 0, abandoned / phone_calls, 0.0)
        out["digital_share"] = np.where(out["assisted_contacts"] > 0,
                                        digital_contacts / out["assisted_contacts"], 0.0)
    out["abandoned_calls"] = abandoned
    productive = p["hours_per_fte_per_year"] / 12.0 * (1 - p["shrinkage"])
    out["fte"] = agent_hours / productive
    out["headcount"] = out["fte"] * (1 + p["overhead_ratio"])
    out["cost_per_fte_per_year"] = p["cost_per_fte_per_year"] * (1 + p["wage_inflation_per_year"]) ** (m / 12)
    out["people_cost"] = out["headcount"] * out["cost_per_fte_per_year"] / 12.0
    for ch in a.channels:
        out[f"fte_{ch.name}"] = out[f"agent_hours_{ch.name}"] / productive
        out[f"cost_{ch.name}"] = (out[f"fte_{ch.name}"] * (1 + p["overhead_ratio"])
                                  * out["cost_per_fte_per_year"] / 12.0 + out[f"variable_cost_{ch.name}"])
    out["technology_cost"] = np.broadcast_to(p["technology_cost_monthly"], shape).copy()
    out["self_service_cost"] = out["self_service_contacts"] * p["self_service_cost_per_contact"]
    out["channel_variable_cost"] = variable_cost
    out["other_fixed_cost"] = np.broadcast_to(p["other_fixed_cost_monthly"], shape).copy()
    out["cost_base"] = (out["people_cost"] + out["technology_cost"] + out["self_service_cost"]
                        + variable_cost + out["other_fixed_cost"])
    out["revenue_per_customer"] = (p["revenue_per_customer_monthly"]
                                   * (1 + p["revenue_per_customer_growth_monthly"]) ** m)
    out["revenue"] = out["customers"] * out["revenue_per_customer"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["cost_per_contact"] = np.where(out["contacts"] > 0, out["cost_base"] / out["contacts"], np.nan)
    return out


def project(assumptions: Assumptions, months: int = 36) -> pd.DataFrame:
    """Month-by-month outlook: one row per month, index ``month`` 0 (baseline) .. ``months``.

    Columns: seasonality, customers, contacts_per_customer, contacts, self_service_adoption,
    self_service_share (resolved share of transactional contacts, the CSF), self_service_contacts
    (attempts), self_service_resolved, assisted_contacts, complexity_factor, per channel
    assisted_<c>, aht_<c>, agent_hours_<c>, agents_peak_<c> (the busiest interval's agents),
    fte_<c>, variable_cost_<c>, cost_<c> (people and per-contact costs); workload_hours,
    agent_hours, agents_peak_interval, abandon_rate (share of phone calls that hang up),
    abandoned_calls, digital_share (of assisted contacts), fte, headcount, cost_per_fte_per_year,
    people_cost, technology_cost, self_service_cost, channel_variable_cost, other_fixed_cost,
    cost_base, revenue_per_customer, revenue, cost_per_contact.
    """
    if not isinstance(assumptions, Assumptions):
        raise ModelError(f"expected Assumptions, got {type(assumptions).__name__}")
    cols = project_batch(assumptions, None, months)
    names = list(cols)
    block = np.column_stack([np.asarray(cols[k][0], dtype=float) for k in names])
    return pd.DataFrame(block, columns=names, index=pd.RangeIndex(months + 1, name="month"))


def interval_staffing(assumptions: Assumptions, month: int) -> pd.DataFrame:
    """One month's week, interval by interval: contacts and agents per channel (for the report's
    intraday chart and for checking that the intervals add up to the month).

    Columns: day (0 = Monday), start (seconds after midnight), and per channel ``contacts_<c>``
    (in one week of that month) and ``agents_<c>``.
    """
    if isinstance(month, bool) or not isinstance(month, int) or not 0 <= month <= MAX_MONTHS:
        raise ModelError(f"month must be a whole number in 0..{MAX_MONTHS}, got {str(month)[:40]}")
    a = assumptions
    cols = project_batch(a, None, max(month, 1))
    profile = a.weekly_profile
    p = _param_arrays(a, None, 1, np.arange(max(month, 1) + 1, dtype=float)[None, :])
    w = profile.array
    n_int = len(w)
    frame = pd.DataFrame({"day": np.repeat(np.arange(7), profile.intervals_per_day),
                          "start": np.tile(np.arange(profile.intervals_per_day) * profile.interval_s, 7)})
    for ch in a.channels:
        volume = float(cols[f"assisted_{ch.name}"][0, month])
        aht = float(cols[f"aht_{ch.name}"][0, month])
        contacts = volume / WEEKS_PER_MONTH * w
        frame[f"contacts_{ch.name}"] = contacts
        if ch.real_time:
            tables = queue_tables(*_channel_standards(ch, p))
            servers = tables.agents(contacts * aht / profile.interval_s, np.full(n_int, aht))
            frame[f"agents_{ch.name}"] = np.ceil(servers / ch.concurrency - 1e-9)
        else:
            occupancy = float(a.max_occupancy)
            window = max(1, int(round(ch.response_window_h * 3600.0 / profile.interval_s)))
            frame[f"agents_{ch.name}"] = backlog_staffing(contacts * aht / 3600.0, window,
                                                          profile.interval_s, occupancy)
    return frame


# --------------------------------------------------------------------------------------------
# Targets (the critical success factors)


@dataclass(frozen=True)
class Targets:
    """Critical success factors of the 36-month outlook (seed 002's table, as defaults).

    Changes are relative to month 0: ``revenue_change`` +20 % or more; ``cost_base_change`` -20 %
    or better (``cost_base_stretch`` -50 %); ``headcount_change`` -30 % or better;
    ``self_service_share`` 50 % of transactional contacts resolved in self-service; customers and
    contacts growing (change > ``customers_change`` / ``contacts_change``). Judged at ``by_month``.
    Only where the client sets them: ``abandon_rate`` (most phone callers who may hang up, a share)
    and ``digital_share`` (least share of assisted contacts in chat, email and messaging).
    """

    revenue_change: float = 0.20
    cost_base_change: float = -0.20
    cost_base_stretch: float = -0.50
    headcount_change: float = -0.30
    self_service_share: float = 0.50
    customers_change: float = 0.0
    contacts_change: float = 0.0
    by_month: int = 36
    abandon_rate: float | None = None
    digital_share: float | None = None

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if v is None and f.name in ("abandon_rate", "digital_share"):
                continue
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ModelError(f"targets.{f.name}: expected a number, got {v!r}")
        if not (0 <= self.self_service_share <= 1):
            raise ModelError(f"targets.self_service_share: expected a share in 0..1, got "
                             f"{self.self_service_share!r}")
        if self.by_month < 1 or self.by_month != int(self.by_month) or self.by_month > MAX_MONTHS:
            raise ModelError(f"targets.by_month: expected a whole month in 1..{MAX_MONTHS}, got "
                             f"{str(self.by_month)[:40]}")

    def rules(self) -> tuple[tuple[str, str, str, float], ...]:
        """(csf name, frame column, kind, threshold); kind is ``change>=``, ``change<=``,
        ``change>`` (strict, for 'growing'), ``level>=`` or ``level<=``."""
        return (
            ("revenue", "revenue", "change>=", self.revenue_change),
            ("cost_base", "cost_base", "change<=", self.cost_base_change),
            ("cost_base_stretch", "cost_base", "change<=", self.cost_base_stretch),
            ("headcount", "headcount", "change<=", self.headcount_change),
            ("self_service_share", "self_service_share", "level>=", self.self_service_share),
            ("customers", "customers", "change>", self.customers_change),
            ("contacts", "contacts", "change>", self.contacts_change),
        ) + ((("abandon_rate", "abandon_rate", "level<=", self.abandon_rate),)
             if self.abandon_rate is not None else ()) + (
            (("digital_share", "digital_share", "level>=", self.digital_share),)
            if self.digital_share is not None else ())


CSF_LABELS = {
    "revenue": "Revenue",
    "cost_base": "Cost base",
    "cost_base_stretch": "Cost base (stretch)",
    "headcount": "Headcount",
    "self_service_share": "Self-service share of transactional contacts",
    "customers": "Customer base",
    "contacts": "Contact volume",
    "abandon_rate": "Phone calls abandoned",
    "digital_share": "Digital share of assisted contacts",
}


def csf_metric(values: np.ndarray, baseline: np.ndarray | float, kind: str) -> np.ndarray:
    """The quantity a rule is judged on: change vs baseline, or the level itself."""
    if kind.startswith("level"):
        return np.asarray(values, dtype=float)
    base = np.asarray(baseline, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(base != 0, np.asarray(values, float) / base - 1.0, np.nan)


def csf_met(metric: np.ndarray, kind: str, threshold: float) -> np.ndarray:
    """Whether a metric meets a rule (``kind`` from :meth:`Targets.rules`)."""
    metric = np.asarray(metric, dtype=float)
    tol = 1e-12
    if kind in ("change<=", "level<="):
        return metric <= threshold + tol
    if kind == "change>":
        return metric > threshold + tol
    return metric >= threshold - tol


@dataclass(frozen=True)
class CSFResult:
    """One critical success factor judged on a projection."""

    name: str
    column: str
    kind: str
    target: float
    baseline: float
    value: float          # at the target month
    change: float         # vs baseline (relative)
    metric: float         # change, or level for level targets
    on_track: bool
    first_month_met: int | None

    @property
    def label(self) -> str:
        return CSF_LABELS.get(self.name, self.name)

    def target_text(self) -> str:
        if self.kind == "level>=":
            return f">= {self.target:.0%}"
        if self.kind == "level<=":
            return f"<= {self.target:.1%}"
        if self.kind == "change>":
            return "growing" if self.target == 0 else f"> {self.target:+.0%}"
        sign = ">=" if self.kind == "change>=" else "<="
        return f"{sign} {self.target:+.0%}"


@dataclass(frozen=True)
class TargetReport:
    """The CSFs judged on a projection: ``results`` in CSF order, ``trajectory`` (month x CSF metric,
    the quantity each target is judged on), ``by_month``."""

    results: tuple[CSFResult, ...]
    trajectory: pd.DataFrame
    by_month: int

    def __getitem__(self, name: str) -> CSFResult:
        for r in self.results:
            if r.name == name:
                return r
        raise KeyError(name)

    @property
    def all_on_track(self) -> bool:
        return all(r.on_track for r in self.results if r.name != "cost_base_stretch")

    def to_frame(self) -> pd.DataFrame:
        """One row per CSF: label, baseline, value, change, target, on_track, first_month_met."""
        rows = [{"csf": r.name, "label": r.label, "baseline": r.baseline,
                 f"month_{self.by_month}": r.value, "change": r.change, "target": r.target_text(),
                 "on_track": r.on_track, "first_month_met": r.first_month_met}
                for r in self.results]
        return pd.DataFrame(rows).set_index("csf")

    def summary(self) -> str:
        lines = [f"Critical success factors at month {self.by_month} (vs month 0)"]
        for r in self.results:
            now = f"{r.value:.1%}" if r.kind.startswith("level") else f"{r.change:+.1%}"
            when = f"met from month {r.first_month_met}" if r.first_month_met is not None else "never met"
            status = "on track" if r.on_track else "OFF TRACK"
            lines.append(f"  {r.label:<46} {now:>8}  target {r.target_text():<8} {status:<9} ({when})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = ("<tr><th>CSF</th><th>Month 0</th><th>Month {m}</th><th>Change</th><th>Target</th>"
                "<th>Status</th><th>First month met</th></tr>").format(m=self.by_month)
        body = []
        for r in self.results:
            fmt = (lambda v: f"{v:.1%}") if r.kind.startswith("level") else (lambda v: f"{v:,.0f}")
            status = "on track" if r.on_track else "<b>off track</b>"
            body.append(f"<tr><td>{escape(r.label)}</td><td>{fmt(r.baseline)}</td><td>{fmt(r.value)}</td>"
                        f"<td>{r.change:+.1%}</td><td>{escape(r.target_text())}</td><td>{status}</td>"
                        f"<td>{'' if r.first_month_met is None else r.first_month_met}</td></tr>")
        return f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"


def check_targets(frame: pd.DataFrame, targets: Targets | None = None) -> TargetReport:
    """Judge each CSF on a :func:`project` frame: value at ``targets.by_month``, change vs month 0,
    on/off track, and the first month from which the target holds."""
    targets = targets or Targets()
    if not isinstance(frame, pd.DataFrame) or 0 not in frame.index:
        raise ModelError("check_targets needs a project() frame with month 0 as baseline")
    if targets.by_month not in frame.index:
        raise ModelError(f"targets.by_month {targets.by_month} is beyond the projection "
                         f"(last month {frame.index.max()})")
    results = []
    trajectory = {}
    for name, column, kind, threshold in targets.rules():
        if column not in frame.columns:
            raise ModelError(f"check_targets: frame has no column {column!r}")
        series = frame[column].astype(float)
        base = float(series.loc[0])
        metric = pd.Series(csf_metric(series.to_numpy(), base, kind), index=frame.index)
        trajectory[name] = metric
        met = pd.Series(csf_met(metric.to_numpy(), kind, threshold), index=frame.index)
        value = float(series.loc[targets.by_month])
        first = [int(mo) for mo in met.index if mo > 0 and met.loc[mo]]
        results.append(CSFResult(
            name=name, column=column, kind=kind, target=float(threshold), baseline=base,
            value=value, change=value / base - 1.0 if base else float("nan"),
            metric=float(metric.loc[targets.by_month]), on_track=bool(met.loc[targets.by_month]),
            first_month_met=first[0] if first else None))
    return TargetReport(tuple(results), pd.DataFrame(trajectory), targets.by_month)
