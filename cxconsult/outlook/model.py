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
* real-time channels (voice, chat) are staffed with Erlang C at the busy interval (a share
  ``busy_interval_share`` of a day's volume in one ``interval_s`` interval) to the service-level
  target, under the occupancy ceiling; the occupancy reached there is used to turn the channel's
  workload hours into agent hours (an approximation: quieter intervals run at lower occupancy, so
  this is the optimistic side of a full interval-by-interval roster). Deferred channels (email) are
  worked at ``max_occupancy``.
* FTE = agent hours / (hours_per_fte_per_year / 12 x (1 - shrinkage));
  headcount = FTE x (1 + overhead_ratio) (team leaders, quality, planning), in FTE
* people cost = headcount x cost_per_fte_per_year / 12 x (1 + wage_inflation_per_year)^(m / 12)
* cost base = people + technology (fixed) + self-service (per attempt) + other fixed costs
* revenue = customers x revenue_per_customer_monthly (1 + revenue_per_customer_growth_monthly)^m
* ``planned`` values (e.g. AHT 330 s, shrinkage 30 %) are reached at ``plan_month`` on a straight
  line from today's value and then held: month 0 always shows today.

Money is in the engagement's currency per month.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from html import escape

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.outlook.staffing import agents_required_array

__all__ = ["Channel", "Assumptions", "Targets", "CSFResult", "TargetReport", "project",
           "project_batch", "check_targets", "CSF_COLUMNS"]


@dataclass(frozen=True)
class Channel:
    """An assisted channel: ``share`` of assisted contacts, handling time ``aht_s`` (seconds of agent
    time per contact, after any chat concurrency), ``real_time`` True for queued channels staffed
    with Erlang C (voice, chat), False for deferred work (email, back office)."""

    name: str
    share: float
    aht_s: float
    real_time: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ModelError(f"channel name must be non-empty text, got {self.name!r}")
        if not (0 <= self.share <= 1):
            raise ModelError(f"channel {self.name}: share must be in 0..1, got {self.share!r}")
        if not (self.aht_s > 0 and math.isfinite(self.aht_s)):
            raise ModelError(f"channel {self.name}: aht_s must be > 0 seconds, got {self.aht_s!r}")


_DEFAULT_CHANNELS = (
    Channel("voice", 0.65, 360.0, True),
    Channel("chat", 0.20, 540.0, True),
    Channel("email", 0.15, 420.0, False),
)

# (lower, upper, inclusive-upper) bounds of each numeric field, used by validate() and levers.
_BOUNDS: dict[str, tuple[float, float | None, str]] = {
    "customers": (0.0, None, "a number of customers >= 0"),
    "customer_growth_monthly": (-0.5, 1.0, "a monthly growth rate in -0.5..1 (0.004 = +0.4 %/month)"),
    "contacts_per_customer_monthly": (0.0, None, "contacts per customer per month >= 0"),
    "contacts_per_customer_trend_monthly": (-0.5, 1.0, "a monthly rate in -0.5..1"),
    "transactional_share": (0.0, 1.0, "a share in 0..1"),
    "self_service_baseline": (0.0, 1.0, "a share in 0..1"),
    "self_service_target": (0.0, 1.0, "a share in 0..1"),
    "adoption_midpoint_month": (0.0, None, "a month >= 0"),
    "adoption_steepness": (0.0, None, "a steepness per month > 0"),
    "self_service_leak_back": (0.0, 1.0, "a share in 0..1"),
    "aht_trend_monthly": (-0.5, 1.0, "a monthly rate in -0.5..1"),
    "open_days_per_month": (1.0, 31.0, "days per month in 1..31"),
    "busy_interval_share": (0.0, 1.0, "a share of daily volume in 0..1"),
    "interval_s": (60.0, 86400.0, "an interval length in seconds, 60..86400"),
    "service_level_target": (0.0, 1.0, "a share in 0..1 (below 1)"),
    "answer_s": (0.0, None, "seconds >= 0"),
    "shrinkage": (0.0, 1.0, "a share in 0..1 (below 1)"),
    "max_occupancy": (0.0, 1.0, "a share in 0..1 (above 0)"),
    "hours_per_fte_per_year": (1.0, 8784.0, "paid hours per FTE per year, 1..8784"),
    "overhead_ratio": (0.0, None, "a ratio >= 0"),
    "cost_per_fte_per_year": (0.0, None, "a cost >= 0"),
    "wage_inflation_per_year": (-0.5, 1.0, "a yearly rate in -0.5..1"),
    "technology_cost_monthly": (0.0, None, "a cost >= 0"),
    "self_service_cost_per_contact": (0.0, None, "a cost >= 0"),
    "other_fixed_cost_monthly": (0.0, None, "a cost >= 0"),
    "revenue_per_customer_monthly": (0.0, None, "revenue >= 0"),
    "revenue_per_customer_growth_monthly": (-0.5, 1.0, "a monthly rate in -0.5..1"),
}
_STRICT_UPPER = {"service_level_target", "shrinkage"}
_STRICT_LOWER = {"adoption_steepness", "max_occupancy", "busy_interval_share"}


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
    Staffing: ``open_days_per_month``, ``busy_interval_share`` of a day's volume in the busiest
    ``interval_s`` interval; ``service_level_target``/``answer_s`` (80 % in 20 s is the usual
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
    open_days_per_month: float = 30.4
    busy_interval_share: float = 0.085
    interval_s: float = 1800.0
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
        if not isinstance(self.planned, tuple):
            raise ModelError("planned: expected a tuple of (field, value) pairs")
        for item in self.planned:
            if not (isinstance(item, tuple) and len(item) == 2):
                raise ModelError(f"planned: expected (field, value) pairs, got {item!r}")
            name, value = item
            if name not in PLANNABLE:
                raise ModelError(f"planned.{name}: cannot be planned; expected one of "
                                 f"{', '.join(sorted(PLANNABLE))}")
            _check_value(f"planned.{name}", "aht_s" if name == "aht_s" else name, value)

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
        return self.mean_aht_s if name == "aht_s" else float(getattr(self, name))


def _check_value(label: str, name: str, value: object) -> None:
    if name == "aht_s":
        low, high, expected = 0.0, None, "seconds > 0"
    else:
        low, high, expected = _BOUNDS[name]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ModelError(f"{label}: expected {expected}, got {type(value).__name__} {value!r}")
    bad = not math.isfinite(value) or value < low or (high is not None and value > high)
    bad |= name in _STRICT_UPPER and high is not None and value >= high
    bad |= (name in _STRICT_LOWER or name == "aht_s") and value <= low
    if bad:
        raise ModelError(f"{label}: expected {expected}, got {value!r}")


LEVER_NAMES = frozenset(_BOUNDS) | {"aht_s"}

# Level fields whose *planned* value at ``plan_month`` can differ from today's: the value glides
# linearly from today's (month 0) to the plan and stays there. Rates, growth and self-service
# adoption fields already act on the future only.
PLANNABLE = frozenset({
    "transactional_share", "self_service_leak_back", "aht_s", "shrinkage", "max_occupancy",
    "hours_per_fte_per_year", "overhead_ratio", "cost_per_fte_per_year", "technology_cost_monthly",
    "self_service_cost_per_contact", "other_fixed_cost_monthly", "service_level_target", "answer_s",
    "busy_interval_share", "contacts_per_customer_monthly", "revenue_per_customer_monthly",
})

CSF_COLUMNS = ("revenue", "cost_base", "headcount", "self_service_share", "customers", "contacts")


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


def project_batch(assumptions: Assumptions, overrides: Mapping[str, np.ndarray] | None = None,
                  months: int = 36) -> dict[str, np.ndarray]:
    """The projection for a batch of ``n`` assumption sets at once (Monte Carlo, sensitivity).

    ``overrides`` maps field names (or ``aht_s``) to arrays of length ``n`` (today's value, all
    months), or ``plan.<field>`` to the value planned for ``plan_month``; other fields come from
    ``assumptions``. Returns a dict of ``(n, months + 1)`` arrays, one per column of :func:`project`.
    Values are not re-validated: callers check ranges.
    """
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise ModelError(f"months must be a whole number >= 1, got {months!r}")
    n = max([np.size(v) for v in (overrides or {}).values()] + [1])
    m = np.arange(months + 1, dtype=float)[None, :]
    p = _param_arrays(assumptions, overrides, n, m)
    out: dict[str, np.ndarray] = {}
    out["customers"] = p["customers"] * (1 + p["customer_growth_monthly"]) ** m
    out["contacts_per_customer"] = (p["contacts_per_customer_monthly"]
                                    * (1 + p["contacts_per_customer_trend_monthly"]) ** m)
    out["contacts"] = out["customers"] * out["contacts_per_customer"]
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
    aht_factor = p["aht_scale"] * (1 + p["aht_trend_monthly"]) ** m
    workload = np.zeros_like(out["contacts"])
    realtime_hours = np.zeros_like(out["contacts"])
    deferred_hours = np.zeros_like(out["contacts"])
    agents_busy = np.zeros_like(out["contacts"])
    for ch in assumptions.channels:
        volume = out["assisted_contacts"] * ch.share
        aht = ch.aht_s * aht_factor
        out[f"assisted_{ch.name}"] = volume
        hours = volume * aht / 3600.0
        workload = workload + hours
        if not ch.real_time:
            deferred_hours = deferred_hours + hours
            continue
        calls = volume / p["open_days_per_month"] * p["busy_interval_share"]
        traffic = calls * aht / p["interval_s"]
        agents = agents_required_array(traffic, aht, p["service_level_target"], p["answer_s"],
                                       p["max_occupancy"])
        with np.errstate(divide="ignore", invalid="ignore"):
            occ = np.where(agents > 0, traffic / agents, 1.0)
        out[f"agents_{ch.name}"] = agents
        agents_busy = agents_busy + agents
        realtime_hours = realtime_hours + np.where(hours > 0, hours / occ, 0.0)
    out["workload_hours"] = workload
    out["agents_busy_interval"] = agents_busy
    agent_hours = realtime_hours + deferred_hours / p["max_occupancy"]
    out["agent_hours"] = agent_hours
    productive = p["hours_per_fte_per_year"] / 12.0 * (1 - p["shrinkage"])
    out["fte"] = agent_hours / productive
    out["headcount"] = out["fte"] * (1 + p["overhead_ratio"])
    out["cost_per_fte_per_year"] = p["cost_per_fte_per_year"] * (1 + p["wage_inflation_per_year"]) ** (m / 12)
    out["people_cost"] = out["headcount"] * out["cost_per_fte_per_year"] / 12.0
    out["technology_cost"] = np.broadcast_to(p["technology_cost_monthly"], out["contacts"].shape).copy()
    out["self_service_cost"] = out["self_service_contacts"] * p["self_service_cost_per_contact"]
    out["other_fixed_cost"] = np.broadcast_to(p["other_fixed_cost_monthly"], out["contacts"].shape).copy()
    out["cost_base"] = (out["people_cost"] + out["technology_cost"] + out["self_service_cost"]
                        + out["other_fixed_cost"])
    out["revenue_per_customer"] = (p["revenue_per_customer_monthly"]
                                   * (1 + p["revenue_per_customer_growth_monthly"]) ** m)
    out["revenue"] = out["customers"] * out["revenue_per_customer"]
    out["cost_per_contact"] = np.where(out["contacts"] > 0, out["cost_base"] / np.maximum(out["contacts"], 1e-300), np.nan)
    return out


def project(assumptions: Assumptions, months: int = 36) -> pd.DataFrame:
    """Month-by-month outlook: one row per month, index ``month`` 0 (baseline) .. ``months``.

    Columns: customers, contacts_per_customer, contacts, self_service_adoption,
    self_service_share (resolved share of transactional contacts, the CSF), self_service_contacts
    (attempts), self_service_resolved, assisted_contacts, assisted_<channel>, agents_<channel> (busy
    interval, real-time channels), workload_hours, agents_busy_interval, agent_hours, fte,
    headcount, cost_per_fte_per_year, people_cost, technology_cost, self_service_cost,
    other_fixed_cost, cost_base, revenue_per_customer, revenue, cost_per_contact.
    """
    if not isinstance(assumptions, Assumptions):
        raise ModelError(f"expected Assumptions, got {type(assumptions).__name__}")
    cols = project_batch(assumptions, None, months)
    frame = pd.DataFrame({k: v[0] for k, v in cols.items()},
                         index=pd.RangeIndex(months + 1, name="month"))
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
    """

    revenue_change: float = 0.20
    cost_base_change: float = -0.20
    cost_base_stretch: float = -0.50
    headcount_change: float = -0.30
    self_service_share: float = 0.50
    customers_change: float = 0.0
    contacts_change: float = 0.0
    by_month: int = 36

    def __post_init__(self) -> None:
        for f in fields(self):
            v = getattr(self, f.name)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ModelError(f"targets.{f.name}: expected a number, got {v!r}")
        if not (0 <= self.self_service_share <= 1):
            raise ModelError(f"targets.self_service_share: expected a share in 0..1, got "
                             f"{self.self_service_share!r}")
        if self.by_month < 1 or self.by_month != int(self.by_month):
            raise ModelError(f"targets.by_month: expected a whole month >= 1, got {self.by_month!r}")

    def rules(self) -> tuple[tuple[str, str, str, float], ...]:
        """(csf name, frame column, kind, threshold); kind is ``change>=``, ``change<=``,
        ``change>`` (strict, for 'growing') or ``level>=``."""
        return (
            ("revenue", "revenue", "change>=", self.revenue_change),
            ("cost_base", "cost_base", "change<=", self.cost_base_change),
            ("cost_base_stretch", "cost_base", "change<=", self.cost_base_stretch),
            ("headcount", "headcount", "change<=", self.headcount_change),
            ("self_service_share", "self_service_share", "level>=", self.self_service_share),
            ("customers", "customers", "change>", self.customers_change),
            ("contacts", "contacts", "change>", self.contacts_change),
        )


CSF_LABELS = {
    "revenue": "Revenue",
    "cost_base": "Cost base",
    "cost_base_stretch": "Cost base (stretch)",
    "headcount": "Headcount",
    "self_service_share": "Self-service share of transactional contacts",
    "customers": "Customer base",
    "contacts": "Contact volume",
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
    if kind == "change<=":
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
            now = f"{r.value:.1%}" if r.kind == "level>=" else f"{r.change:+.1%}"
            when = f"met from month {r.first_month_met}" if r.first_month_met is not None else "never met"
            status = "on track" if r.on_track else "OFF TRACK"
            lines.append(f"  {r.label:<46} {now:>8}  target {r.target_text():<8} {status:<9} ({when})")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = ("<tr><th>CSF</th><th>Month 0</th><th>Month {m}</th><th>Change</th><th>Target</th>"
                "<th>Status</th><th>First month met</th></tr>").format(m=self.by_month)
        body = []
        for r in self.results:
            fmt = (lambda v: f"{v:.1%}") if r.kind == "level>=" else (lambda v: f"{v:,.0f}")
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
