"""Parser of the ``outlook`` section: the contact-centre 36-month CSF outlook.

Layout (inline in ``engagement.yaml`` or in its own file, e.g. ``outlook: outlook.yaml``)::

    assumptions:            # fields of cxconsult.outlook.model.Assumptions (all optional)
      customers: 1200000
      channels: [{name: voice, share: 0.65, aht_s: 360, real_time: true}, ...]
      planned: {aht_s: 380}  # values reached at plan_month (straight line from today's)
    targets: {revenue_change: 0.20, cost_base_change: -0.20, ...}   # fields of Targets
    scenarios:              # name -> changes to the assumptions (``base`` is always present)
      automation_push: {self_service_target: 0.85, planned: {self_service_leak_back: 0.2}}
    uncertainty:            # Monte Carlo: scipy.stats distributions of levers
      - {name: aht_s, dist: triang, params: {c: 0.5, loc: 340, scale: 80}}

Every error names the file and the field (``outlook.yaml: outlook.assumptions.shrinkage: ...``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from html import escape
from typing import Any

from cxconsult.errors import ModelError
from cxconsult.outlook.model import _BOUNDS, PLANNABLE, Assumptions, Channel, Targets
from cxconsult.outlook.uncertainty import DISTRIBUTIONS, UncertainAssumption
from cxconsult.sections.base import SectionContext

__all__ = ["OutlookConfig", "parse"]

_KNOWN = {"assumptions", "targets", "scenarios", "uncertainty", "n_paths", "seed"}
_ASSUMPTION_KEYS = set(_BOUNDS) | {"channels", "planned", "plan_month"}
# Shares that must stay strictly below 1 (a 100 % service level or shrinkage is not attainable).
_BELOW_ONE = {"service_level_target": "no staffing answers every contact within the answer time "
                                      "under Erlang C; use e.g. 0.8",
              "shrinkage": "agents would never be available"}


@dataclass(frozen=True)
class OutlookConfig:
    """Validated ``outlook`` section: ``assumptions`` (the base case), ``targets``, ``uncertainty``
    (Monte Carlo levers), ``scenarios`` (name -> full Assumptions, ``base`` included), and the Monte
    Carlo ``n_paths`` and ``seed``; ``given`` names the assumption fields the file sets (the rest
    are cxconsult defaults, which the report's appendix marks as such)."""

    assumptions: Assumptions
    targets: Targets
    uncertainty: tuple[UncertainAssumption, ...] = ()
    scenarios: dict[str, Assumptions] = field(default_factory=dict)
    n_paths: int = 10_000
    seed: int = 0
    given: tuple[str, ...] = ()   # assumption fields written in the file (others are defaults)

    def scenario(self, name: str) -> Assumptions:
        try:
            return self.scenarios[name]
        except KeyError:
            raise KeyError(f"no scenario {name!r}; have {', '.join(self.scenarios)}") from None

    def summary(self) -> str:
        a = self.assumptions
        return (f"Outlook: {a.customers:,.0f} customers, {a.contacts_per_customer_monthly * 12:.1f} "
                f"contacts per customer a year, self-service {a.self_service_baseline:.0%} -> "
                f"{a.self_service_target:.0%} of transactional contacts; scenarios "
                f"{', '.join(self.scenarios)}; {len(self.uncertainty)} uncertain levers")

    def _repr_html_(self) -> str:
        return f"<p>{escape(self.summary())}</p>"


def _unknown_keys(ctx: SectionContext, raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in raw:
        if key not in allowed:
            raise ctx.error(f"{where}.{key}" if where else str(key),
                            f"unknown field; expected one of {', '.join(sorted(allowed))}")


def _channels(ctx: SectionContext, raw: Any, where: str) -> tuple[Channel, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.error(where, f"expected a list of channels ({{name, share, aht_s, real_time}}), got {raw!r}")
    out = []
    for i, item in enumerate(raw):
        sub = ctx.sub(*where.split("."), i) if where else ctx.sub(i)
        if not isinstance(item, Mapping):
            raise sub.error("", f"expected a mapping {{name, share, aht_s, real_time}}, got {item!r}")
        _unknown_keys(sub, item, {"name", "share", "aht_s", "real_time"}, "")
        name = sub.text(item, "name")
        share = sub.number(item, "share", minimum=0.0, maximum=1.0)
        aht = sub.number(item, "aht_s", minimum=0.0, exclusive_minimum=True)
        real_time = item.get("real_time", True)
        if not isinstance(real_time, bool):
            raise sub.error("real_time", f"expected true or false, got {real_time!r}")
        out.append(Channel(name, share, aht, real_time))
    total = sum(c.share for c in out)
    if abs(total - 1) > 1e-6:
        raise ctx.error(where, f"channel shares must sum to 1, got {total:.4f}")
    return tuple(out)


def _number_field(ctx: SectionContext, raw: Mapping[str, Any], key: str, where: str,
                  name: str | None = None) -> float:
    name = name or key
    low, high, expected = (0.0, None, "seconds > 0") if name == "aht_s" else _BOUNDS[name]
    label = f"{where}.{key}"
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ctx.error(label, f"expected {expected}, got {type(value).__name__} {value!r}")
    value = ctx.sub(*where.split(".")).number(raw, key, minimum=low, maximum=high)
    if name in _BELOW_ONE and value >= 1:
        raise ctx.error(label, f"expected a share below 1, got {value!r}: {_BELOW_ONE[name]}")
    return value


def _assumption_values(ctx: SectionContext, raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ctx.error(where, f"expected a mapping of assumption fields, got {type(raw).__name__} {raw!r}")
    _unknown_keys(ctx, raw, _ASSUMPTION_KEYS, where)
    values: dict[str, Any] = {}
    for key in raw:
        if key == "channels":
            values["channels"] = _channels(ctx, raw[key], f"{where}.channels")
        elif key == "planned":
            plan = raw[key]
            if not isinstance(plan, Mapping):
                raise ctx.error(f"{where}.planned", f"expected a mapping field -> planned value, got {plan!r}")
            _unknown_keys(ctx, plan, set(PLANNABLE), f"{where}.planned")
            values["planned"] = {k: _number_field(ctx, plan, k, f"{where}.planned", k) for k in plan}
        elif key == "plan_month":
            values["plan_month"] = ctx.sub(*where.split(".")).number(raw, key, minimum=1, integer=True)
        else:
            values[key] = _number_field(ctx, raw, key, where)
    return values


def _build(ctx: SectionContext, base: Assumptions | None, values: dict[str, Any], where: str) -> Assumptions:
    values = dict(values)
    planned = values.pop("planned", None)
    try:
        a = Assumptions(**values) if base is None else base.with_values(**values)
        if planned:
            a = a.with_plan(**planned)
    except ModelError as exc:
        first = str(exc).split(":", 1)
        sub = f"{where}.{first[0]}" if len(first) == 2 and " " not in first[0] else where
        raise ctx.error(sub, first[-1].strip() if sub != where else str(exc)) from None
    return a


def _targets(ctx: SectionContext, raw: Any) -> Targets:
    if raw is None:
        return Targets()
    if not isinstance(raw, Mapping):
        raise ctx.error("targets", f"expected a mapping of target fields, got {raw!r}")
    names = {f.name for f in fields(Targets)}
    _unknown_keys(ctx, raw, names, "targets")
    sub = ctx.sub("targets")
    values: dict[str, Any] = {}
    for key in raw:
        if key == "by_month":
            values[key] = sub.number(raw, key, minimum=1, integer=True)
        elif key == "self_service_share":
            values[key] = sub.number(raw, key, minimum=0.0, maximum=1.0)
        else:
            values[key] = sub.number(raw, key, minimum=-1.0)
    try:
        return Targets(**values)
    except ModelError as exc:
        raise ctx.error("targets", str(exc)) from None


def _uncertainty(ctx: SectionContext, raw: Any) -> tuple[UncertainAssumption, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ctx.error("uncertainty", f"expected a list of {{name, dist, params}}, got {raw!r}")
    out = []
    for i, item in enumerate(raw):
        sub = ctx.sub("uncertainty", i)
        if not isinstance(item, Mapping):
            raise sub.error("", f"expected a mapping {{name, dist, params}}, got {item!r}")
        _unknown_keys(sub, item, {"name", "dist", "params"}, "")
        name = sub.text(item, "name")
        dist = sub.text(item, "dist", choices=DISTRIBUTIONS)
        params = sub.mapping(item, "params")
        psub = sub.sub("params")
        numbers = {k: psub.number(params, k) for k in params}
        try:
            out.append(UncertainAssumption.of(name, dist, **numbers))
        except ModelError as exc:
            raise sub.error("", str(exc)) from None
    return tuple(out)


def parse(raw: Mapping[str, Any], ctx: SectionContext) -> OutlookConfig:
    """Validate the ``outlook`` section and return an :class:`OutlookConfig`."""
    if not isinstance(raw, Mapping):
        raise ctx.error("", f"expected a mapping of fields, got {type(raw).__name__}")
    _unknown_keys(ctx, raw, _KNOWN, "")
    base_values = _assumption_values(ctx, raw.get("assumptions") or {}, "assumptions")
    base = _build(ctx, None, base_values, "assumptions")
    targets = _targets(ctx, raw.get("targets"))
    if targets.by_month > base.plan_month and base.planned:
        pass  # planned values are held after plan_month: nothing to check
    scenarios: dict[str, Assumptions] = {"base": base}
    raw_scenarios = raw.get("scenarios") or {}
    if not isinstance(raw_scenarios, Mapping):
        raise ctx.error("scenarios", f"expected a mapping name -> changes, got {raw_scenarios!r}")
    for name, changes in raw_scenarios.items():
        if not isinstance(name, str) or not name.strip():
            raise ctx.error("scenarios", f"scenario names must be text, got {name!r}")
        where = f"scenarios.{name}"
        values = _assumption_values(ctx, changes or {}, where)
        if "planned" in values:
            values["planned"] = {**dict(base.planned), **values["planned"]}
        scenarios[name] = _build(ctx, base, values, where)
    uncertainty = _uncertainty(ctx, raw.get("uncertainty"))
    n_paths = ctx.number(raw, "n_paths", 10_000, minimum=1, integer=True)
    seed = ctx.number(raw, "seed", 0, minimum=0, integer=True)
    given = tuple(k for k in base_values if k != "planned") + tuple(
        f"planned.{k}" for k in base_values.get("planned", {}))
    return OutlookConfig(base, targets, uncertainty, scenarios, int(n_paths), int(seed), given)
