"""Parser of the ``outlook`` section: the contact-centre 36-month CSF outlook.

Layout (inline in ``engagement.yaml`` or in its own file, e.g. ``outlook: outlook.yaml``)::

    assumptions:            # fields of cxconsult.outlook.model.Assumptions (all optional)
      customers: 1200000
      channels: [{name: voice, kind: phone, share: 0.65, aht_s: 360}, ...]
      seasonality: [1.08, 1.02, ...]   # twelve monthly factors averaging 1, January first
      planned: {aht_s: 380}  # values reached at plan_month (straight line from today's)
    profile: outlook_profile.csv   # optional week: columns day (Mon..Sun), start (HH:MM), share
    targets: {revenue_change: 0.20, cost_base_change: -0.20, abandon_rate: 0.05, ...}
    client_targets: [abandon_rate]  # targets the client set; the others are seed 002's market view
    scenarios:              # name -> changes to the assumptions (``base`` is always present)
      automation_push: {self_service_target: 0.85, planned: {self_service_leak_back: 0.2}}
    uncertainty:            # Monte Carlo: scipy.stats distributions of levers
      - {name: aht_s, dist: triang, params: {c: 0.5, loc: 340, scale: 80}}
    actuals: outlook_actuals.csv   # optional: month (YYYY-MM) and any of the tracked measures
    first_month: 2026-02    # optional: calendar month of plan month 1 (default: the month after
                            # the engagement date)

Actuals (plan versus actual, :mod:`cxconsult.outlook.tracking`): one row per month, columns
``month`` and any of customers, contacts, self_service_share, headcount, cost_base, revenue,
abandon_rate, digital_share (names as in the outlook frame; an empty cell = no figure that month).
Errors name the CSV, the column and the row: an unknown column, a month that is not YYYY-MM, a
month outside plan months 1..by_month, a month given twice, a share outside 0..1 or a negative
count. When ``assumptions.start_month`` is set, month 0 (the month before ``first_month``) must be
that calendar month, so a plan dated one month off is caught.

Every number has a plausible range (``RANGES`` below, listed in the sample's comments); a value
outside it is an ``EngagementError`` naming the file, the field and the range. Cross-field checks:
channel shares sum to 1; the stretch cost target is at least as ambitious as the cost target; an
abandonment target or cap needs callers' patience; a planned digital share needs a phone and a
digital channel; the profile's interval matches ``interval_s``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

import pandas as pd

from cxconsult.errors import EngagementError, ModelError, shown
from cxconsult.outlook.intraday import DAYS, WeeklyProfile
from cxconsult.outlook.tracking import SHARE_MEASURES, TRACKED, month_text, plan_month
from cxconsult.outlook.model import (_BOUNDS, CHANNEL_KINDS, MAX_MONTHS, MAX_PATHS, PLANNABLE,
                                     Assumptions, Channel, Targets)
from cxconsult.outlook.uncertainty import DISTRIBUTIONS, UncertainAssumption
from cxconsult.safe import html
from cxconsult.sections.base import SectionContext

__all__ = ["OutlookConfig", "parse", "RANGES", "TARGET_SOURCES"]

_KNOWN = {"assumptions", "targets", "client_targets", "scenarios", "uncertainty", "n_paths", "seed",
          "profile", "actuals", "first_month"}
_ASSUMPTION_KEYS = set(_BOUNDS) | {"channels", "planned", "plan_month", "seasonality"}
_CHANNEL_KEYS = {"name", "kind", "share", "aht_s", "real_time", "concurrency", "response_hours",
                 "service_level_target", "answer_s", "patience_s", "max_abandon", "cost_per_contact"}
#: Plausible range of every channel field (low, high).
CHANNEL_RANGES: dict[str, tuple[float, float]] = {
    "share": (0.0, 1.0), "aht_s": (1.0, 14_400.0), "concurrency": (1.0, 10.0),
    "response_hours": (0.25, 336.0), "service_level_target": (0.0, 0.99), "answer_s": (0.0, 3600.0),
    "patience_s": (0.0, 7200.0), "max_abandon": (0.001, 1.0), "cost_per_contact": (0.0, 1000.0),
}
#: Plausible range of every target (low, high).
TARGET_RANGES: dict[str, tuple[float, float]] = {
    "revenue_change": (-1.0, 10.0), "cost_base_change": (-1.0, 10.0), "cost_base_stretch": (-1.0, 10.0),
    "headcount_change": (-1.0, 10.0), "self_service_share": (0.0, 1.0), "customers_change": (-1.0, 10.0),
    "contacts_change": (-1.0, 10.0), "abandon_rate": (0.001, 1.0), "digital_share": (0.0, 1.0),
    "by_month": (1, MAX_MONTHS),
}
#: Every numeric field of the section with its plausible range, as listed in the sample file.
RANGES: dict[str, tuple[float, float]] = {
    **{f"assumptions.{k}": (v[0], v[1]) for k, v in _BOUNDS.items()},
    "assumptions.plan_month": (1, MAX_MONTHS), "assumptions.seasonality[]": (0.2, 3.0),
    **{f"assumptions.channels[].{k}": v for k, v in CHANNEL_RANGES.items()},
    **{f"targets.{k}": v for k, v in TARGET_RANGES.items()},
    "n_paths": (1, MAX_PATHS), "seed": (0, 2**32 - 1), "profile share": (0.0, 1.0),
}
#: Where a target comes from, as the appendix says it.
TARGET_SOURCES = ("client", "market_view", "default")


@dataclass(frozen=True)
class OutlookConfig:
    """Validated ``outlook`` section: ``assumptions`` (the base case), ``targets``, ``uncertainty``
    (Monte Carlo levers), ``scenarios`` (name -> full Assumptions, ``base`` included), the Monte
    Carlo ``n_paths`` and ``seed``; ``actuals`` (month YYYY-MM + measures, or None), read from
    ``actuals_file``, with ``first_month`` the calendar month (YYYY-MM) of plan month 1; ``given`` names the assumption fields the file sets (the rest
    are cxconsult defaults, which the report's appendix marks as such); ``target_sources`` maps each
    target to ``client`` (set by the client), ``market_view`` (written in the file from seed 002's
    market view of a 36-month plan) or ``default`` (cxconsult's default, the same market view)."""

    assumptions: Assumptions
    targets: Targets
    uncertainty: tuple[UncertainAssumption, ...] = ()
    scenarios: dict[str, Assumptions] = field(default_factory=dict)
    n_paths: int = 10_000
    seed: int = 0
    given: tuple[str, ...] = ()
    target_sources: tuple[tuple[str, str], ...] = ()
    actuals: pd.DataFrame | None = field(default=None, compare=False)
    first_month: str = ""
    actuals_file: str = ""

    def scenario(self, name: str) -> Assumptions:
        try:
            return self.scenarios[name]
        except KeyError:
            raise KeyError(f"no scenario {str(name)[:80]!r}; have {', '.join(self.scenarios)}") from None

    def target_source(self, name: str) -> str:
        return dict(self.target_sources).get(name, "default")

    def summary(self) -> str:
        a = self.assumptions
        return (f"Outlook: {a.customers:,.0f} customers, {a.contacts_per_customer_monthly * 12:.1f} "
                f"contacts per customer a year, {len(a.channels)} channels, self-service "
                f"{a.self_service_baseline:.0%} -> {a.self_service_target:.0%} of transactional "
                f"contacts; scenarios {', '.join(self.scenarios)}; {len(self.uncertainty)} uncertain levers")

    def _repr_html_(self) -> str:
        return str(html("<p>{s}</p>", s=self.summary()))


def _short(value: Any) -> str:
    s = repr(value)
    return s if len(s) <= 80 else s[:77] + "..."


def _unknown_keys(ctx: SectionContext, raw: Mapping[str, Any], allowed: set[str], where: str) -> None:
    for key in raw:
        if key not in allowed:
            raise ctx.error(f"{where}.{key}" if where else str(key)[:80],
                            f"unknown field; expected one of {', '.join(sorted(allowed))}")


def _ranged(ctx: SectionContext, raw: Mapping[str, Any], key: str, label: str, low: float,
            high: float, *, integer: bool = False, describe: str = "") -> float:
    """``raw[key]`` as a number in ``low..high``, else an error naming file, field and range."""
    value = raw.get(key)
    rng = f"{low:,g}..{high:,g}"
    what = f"{describe} in {rng}" if describe else f"a number in {rng}"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ctx.error(label, f"expected {what}, got {type(value).__name__} {_short(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise ctx.error(label, f"expected {what}, got a number too large to represent") from None
    if number != number or not (low <= number <= high):
        raise ctx.error(label, f"expected {what}, got {_short(value)}")
    if integer and number != int(number):
        raise ctx.error(label, f"expected a whole number in {rng}, got {_short(value)}")
    return int(number) if integer else number


def _number_field(ctx: SectionContext, raw: Mapping[str, Any], key: str, where: str) -> float:
    if key == "aht_s":
        low, high, expected = 1.0, 14_400.0, "seconds"
    elif key == "digital_share":
        low, high, expected = 0.0, 1.0, "a share"
    else:
        low, high, expected = _BOUNDS[key]
        expected = expected.split(" in ")[0]
    return _ranged(ctx, raw, key, f"{where}.{key}", low, high, describe=expected)


def _channels(ctx: SectionContext, raw: Any, where: str) -> tuple[Channel, ...]:
    if not isinstance(raw, list) or not raw:
        raise ctx.error(where, f"expected a list of channels ({{name, kind, share, aht_s}}), got {_short(raw)}")
    if len(raw) > 12:
        raise ctx.error(where, f"expected at most 12 channels, got {len(raw)}")
    out = []
    for i, item in enumerate(raw):
        label = f"{where}[{i}]"
        if not isinstance(item, Mapping):
            raise ctx.error(label, f"expected a mapping {{name, kind, share, aht_s}}, got {_short(item)}")
        _unknown_keys(ctx, item, _CHANNEL_KEYS, label)
        name = item.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 40:
            raise ctx.error(f"{label}.name", f"expected a short name (1..40 characters), got {_short(name)}")
        kind = item.get("kind", "")
        if kind and kind not in CHANNEL_KINDS:
            raise ctx.error(f"{label}.kind", f"expected one of {', '.join(CHANNEL_KINDS)}, got {_short(kind)}")
        real_time = item.get("real_time", True)
        if not isinstance(real_time, bool):
            raise ctx.error(f"{label}.real_time", f"expected true or false, got {_short(real_time)}")
        values: dict[str, Any] = {}
        for key, (low, high) in CHANNEL_RANGES.items():
            if key in item or key in ("share", "aht_s"):
                values[key] = _ranged(ctx, item, key, f"{label}.{key}", low, high)
        if kind == "chat" and "concurrency" not in values:
            values["concurrency"] = 1.0
        try:
            out.append(Channel(name.strip(), real_time=real_time, kind=kind, **values))
        except ModelError as exc:
            raise ctx.error(label, str(exc)) from None
    names = [c.name for c in out]
    if len(set(names)) != len(names):
        raise ctx.error(where, "channel names must be unique")
    total = sum(c.share for c in out)
    if abs(total - 1) > 1e-6:
        raise ctx.error(where, f"channel shares must sum to 1, got {total:.4f}")
    return tuple(out)


def _seasonality(ctx: SectionContext, raw: Any, where: str) -> tuple[float, ...]:
    if not isinstance(raw, list) or len(raw) != 12:
        raise ctx.error(where, f"expected a list of 12 monthly factors (January first), got {_short(raw)}")
    values = tuple(_ranged(ctx, {"v": v}, "v", f"{where}[{i}]", 0.2, 3.0, describe="a monthly factor")
                   for i, v in enumerate(raw))
    mean = sum(values) / 12
    if abs(mean - 1) > 0.005:
        raise ctx.error(where, f"the twelve factors must average 1 (+-0.005), got {mean:.4f}")
    return values


def _assumption_values(ctx: SectionContext, raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise ctx.error(where, f"expected a mapping of assumption fields, got {type(raw).__name__}")
    _unknown_keys(ctx, raw, _ASSUMPTION_KEYS, where)
    values: dict[str, Any] = {}
    for key in raw:
        if key == "channels":
            values["channels"] = _channels(ctx, raw[key], f"{where}.channels")
        elif key == "seasonality":
            values["seasonality"] = _seasonality(ctx, raw[key], f"{where}.seasonality")
        elif key == "planned":
            plan = raw[key]
            if not isinstance(plan, Mapping):
                raise ctx.error(f"{where}.planned", f"expected a mapping field -> planned value, got {_short(plan)}")
            _unknown_keys(ctx, plan, set(PLANNABLE), f"{where}.planned")
            values["planned"] = {k: _number_field(ctx, plan, k, f"{where}.planned") for k in plan}
        elif key == "plan_month":
            values["plan_month"] = _ranged(ctx, raw, key, f"{where}.plan_month", 1, MAX_MONTHS,
                                           integer=True)
        else:
            values[key] = _number_field(ctx, raw, key, where)
    return values


def _build(ctx: SectionContext, base: Assumptions | None, values: dict[str, Any], where: str,
           profile: WeeklyProfile | None) -> Assumptions:
    values = dict(values)
    planned = values.pop("planned", None)
    if profile is not None:
        values["profile"] = profile
    try:
        a = Assumptions(**values) if base is None else base.with_values(**values)
        if planned:
            a = a.with_plan(**planned)
            a.validate()
    except ModelError as exc:
        first = str(exc).split(":", 1)
        sub = f"{where}.{first[0]}" if len(first) == 2 and " " not in first[0] else where
        raise ctx.error(sub, first[-1].strip() if sub != where else str(exc)) from None
    return a


def _targets(ctx: SectionContext, raw: Any) -> Targets:
    if raw is None:
        return Targets()
    if not isinstance(raw, Mapping):
        raise ctx.error("targets", f"expected a mapping of target fields, got {_short(raw)}")
    names = {f.name for f in fields(Targets)}
    _unknown_keys(ctx, raw, names, "targets")
    values: dict[str, Any] = {}
    for key in raw:
        low, high = TARGET_RANGES[key]
        values[key] = _ranged(ctx, raw, key, f"targets.{key}", low, high, integer=key == "by_month")
    try:
        targets = Targets(**values)
    except ModelError as exc:
        raise ctx.error("targets", str(exc)) from None
    if targets.cost_base_stretch > targets.cost_base_change:
        raise ctx.error("targets.cost_base_stretch",
                        f"the stretch ({targets.cost_base_stretch:+.0%}) must be at least as ambitious "
                        f"as cost_base_change ({targets.cost_base_change:+.0%})")
    return targets


def _target_sources(ctx: SectionContext, raw: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    written = set((raw.get("targets") or {}).keys()) if isinstance(raw.get("targets"), Mapping) else set()
    client = raw.get("client_targets", [])
    if not isinstance(client, list) or not all(isinstance(c, str) for c in client):
        raise ctx.error("client_targets", f"expected a list of target names, got {_short(client)}")
    names = {f.name for f in fields(Targets)} - {"by_month"}
    for c in client:
        if c not in names:
            raise ctx.error("client_targets", f"unknown target {_short(c)}; expected some of {', '.join(sorted(names))}")
        if c not in written:
            raise ctx.error("client_targets", f"{c} is named as client-set but has no value under targets")
    out = []
    for name in sorted(names):
        out.append((name, "client" if name in client else "market_view" if name in written else "default"))
    return tuple(out)


def _uncertainty(ctx: SectionContext, raw: Any) -> tuple[UncertainAssumption, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > 20:
        raise ctx.error("uncertainty", f"expected a list of at most 20 {{name, dist, params}}, got {_short(raw)}")
    out = []
    for i, item in enumerate(raw):
        sub = ctx.sub("uncertainty", i)
        if not isinstance(item, Mapping):
            raise sub.error("", f"expected a mapping {{name, dist, params}}, got {_short(item)}")
        _unknown_keys(sub, item, {"name", "dist", "params"}, "")
        name = sub.text(item, "name")
        dist = sub.text(item, "dist", choices=DISTRIBUTIONS)
        params = sub.mapping(item, "params")
        psub = sub.sub("params")
        numbers = {str(k)[:40]: _ranged(psub, params, k, str(k)[:40], -1e9, 1e9) for k in params}
        try:
            out.append(UncertainAssumption.of(name, dist, **numbers))
        except ModelError as exc:
            raise sub.error("", str(exc)) from None
    return tuple(out)


def _profile(ctx: SectionContext, raw: Any) -> WeeklyProfile | None:
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 200:
        raise ctx.error("profile", f"expected a CSV file name, got {_short(raw)}")
    frame = ctx.read_csv(raw.strip(), {"day": "text", "start": "text", "share": "number"}, field="profile")
    per_day = len(frame) // 7
    if len(frame) not in (7 * 24, 7 * 48, 7 * 96):
        raise ctx.error("profile", f"{raw}: expected one row per interval of the week (168, 336 or 672 "
                        f"rows: hours, half hours or quarter hours), got {len(frame)}")
    step = 1440 // per_day
    shares = []
    for i, row in enumerate(frame.itertuples(index=False)):
        day, start = DAYS[i // per_day], (i % per_day) * step
        want = f"{start // 60:02d}:{start % 60:02d}"
        if row.day.strip()[:3].title() != day or row.start.strip() != want:
            raise ctx.error("profile", f"{raw} row {i + 1}: expected day {day} start {want}, got "
                            f"{_short(row.day)} {_short(row.start)} (rows in week order, Monday 00:00 first)")
        if not (0.0 <= row.share <= 1.0):
            raise ctx.error("profile", f"{raw} row {i + 1}: share must be in 0..1, got {row.share!r}")
        shares.append(float(row.share))
    total = sum(shares)
    if abs(total - 1.0) > 1e-4:
        raise ctx.error("profile", f"{raw}: the shares must sum to 1 over the week, got {total:.6f}")
    shares = [s / total for s in shares]
    return WeeklyProfile(tuple(shares), per_day, "engagement")


def parse(raw: Mapping[str, Any], ctx: SectionContext) -> OutlookConfig:
    """Validate the ``outlook`` section and return an :class:`OutlookConfig`."""
    if not isinstance(raw, Mapping):
        raise ctx.error("", f"expected a mapping of fields, got {type(raw).__name__}")
    _unknown_keys(ctx, raw, _KNOWN, "")
    profile = _profile(ctx, raw.get("profile"))
    base_values = _assumption_values(ctx, raw.get("assumptions") or {}, "assumptions")
    if profile is not None and "interval_s" not in base_values:
        base_values["interval_s"] = profile.interval_s
    base = _build(ctx, None, base_values, "assumptions", profile)
    targets = _targets(ctx, raw.get("targets"))
    if targets.abandon_rate is not None and not _has_patience(base):
        raise ctx.error("targets.abandon_rate", "an abandonment target needs callers' patience: set "
                        "assumptions.patience_s (or patience_s on a phone channel)")
    if targets.digital_share is not None and not any(c.digital for c in base.channels):
        raise ctx.error("targets.digital_share", "a digital-share target needs a chat, email or "
                        "messaging channel")
    if targets.by_month > MAX_MONTHS:
        raise ctx.error("targets.by_month", f"expected a month in 1..{MAX_MONTHS}")
    scenarios: dict[str, Assumptions] = {"base": base}
    raw_scenarios = raw.get("scenarios") or {}
    if not isinstance(raw_scenarios, Mapping) or len(raw_scenarios) > 12:
        raise ctx.error("scenarios", f"expected a mapping of at most 12 name -> changes, got {_short(raw_scenarios)}")
    for name, changes in raw_scenarios.items():
        if not isinstance(name, str) or not name.strip() or len(name) > 60:
            raise ctx.error("scenarios", f"scenario names must be short text, got {_short(name)}")
        where = f"scenarios.{name}"
        values = _assumption_values(ctx, changes or {}, where)
        if "planned" in values:
            values["planned"] = {**dict(base.planned), **values["planned"]}
        scenarios[name] = _build(ctx, base, values, where, None)
    uncertainty = _uncertainty(ctx, raw.get("uncertainty"))
    n_paths = _ranged(ctx, raw, "n_paths", "n_paths", 1, MAX_PATHS, integer=True) if "n_paths" in raw else 10_000
    seed = _ranged(ctx, raw, "seed", "seed", 0, 2**32 - 1, integer=True) if "seed" in raw else 0
    given = tuple(k for k in base_values if k != "planned") + tuple(
        f"planned.{k}" for k in base_values.get("planned", {}))
    if profile is not None:
        given += ("profile",)
    actuals, first_month, actuals_file = _actuals(ctx, raw, int(targets.by_month), base, set(base_values))
    return OutlookConfig(base, targets, uncertainty, scenarios, int(n_paths), int(seed), given,
                         _target_sources(ctx, raw), actuals, first_month, actuals_file)


_MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"


def _first_month(ctx: SectionContext, raw: Mapping[str, Any]) -> tuple[str, str]:
    """(YYYY-MM of plan month 1, the field it came from): ``first_month`` or the month after the
    engagement date (read from engagement.yaml)."""
    import re

    value = raw.get("first_month")
    if value is not None:
        text = value.strip() if isinstance(value, str) else ""
        if not re.match(_MONTH, text):
            raise ctx.error("first_month", f"expected a calendar month as YYYY-MM (quoted if needed), "
                            f"got {shown(value)}")
        return text, "first_month"
    from cxconsult.engagement import ENGAGEMENT_FILE, _date, read_yaml

    top = read_yaml(ctx.folder, ENGAGEMENT_FILE)
    date = _date(top.get("date") if isinstance(top, Mapping) else None,
                 SectionContext(ctx.folder, ENGAGEMENT_FILE, ""))
    return str(pd.Period(date, freq="M") + 1), "actuals"


def _actuals(ctx: SectionContext, raw: Mapping[str, Any], by_month: int,
             base: Assumptions, given: set[str]) -> tuple[pd.DataFrame | None, str, str]:
    """The actuals CSV checked row by row against the plan's months: (table, first_month, file)."""
    import re

    name = raw.get("actuals")
    if name is None:
        if "first_month" in raw:
            _first_month(ctx, raw)
        return None, "", ""
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise ctx.error("actuals", f"expected a CSV file name, got {shown(name)}")
    filename = name.strip()
    first, source = _first_month(ctx, raw)
    if "start_month" in given:
        month_zero = (pd.Period(first, freq="M") - 1).month
        if month_zero != int(base.start_month):
            why = "first_month" if source == "first_month" else "the month after the engagement date"
            raise ctx.error(source, f"plan month 1 is {first} ({why}), so month 0 is calendar month "
                            f"{month_zero}, but assumptions.start_month says month 0 is calendar month "
                            f"{int(base.start_month)}; set first_month to the month after month 0")
    frame = ctx.read_csv(filename, {"month": "text"}, field="actuals")
    if len(frame) > 12 * 10:
        raise EngagementError(f"expected at most 120 monthly rows, got {len(frame)}", file=filename)
    measures = [c for c in frame.columns if c != "month"]
    for column in measures:
        if column not in TRACKED:
            raise EngagementError(f"unknown column {shown(column)}; expected month and some of "
                                  f"{', '.join(TRACKED)}", file=filename, field=f"column {shown(column)}")
    if not measures:
        raise EngagementError(f"no measure columns; expected month and some of {', '.join(TRACKED)}",
                              file=filename)
    seen: dict[int, int] = {}
    for row, text in enumerate(frame["month"], start=1):
        where = f"column 'month', row {row}"
        if not re.match(_MONTH, text):
            raise EngagementError(f"expected a calendar month as YYYY-MM, got {shown(text)}", file=filename,
                                  field=where)
        m = plan_month(text, first)
        if not 1 <= m <= by_month:
            raise EngagementError(f"{text} is outside the plan: plan months 1..{by_month} run from {first} to "
                                  f"{month_text(first, by_month)} (plan month 1 from {source})",
                                  file=filename, field=where)
        if m in seen:
            raise EngagementError(f"{text} appears twice (rows {seen[m]} and {row}); give one row per month",
                                  file=filename, field=where)
        seen[m] = row
    out = pd.DataFrame({"month": frame["month"]})
    for column in measures:
        cells = frame[column].str.strip()
        numbers = pd.to_numeric(cells, errors="coerce").astype("float64")
        high = 1.0 if column in SHARE_MEASURES else 1e12
        for row, (cell, number) in enumerate(zip(cells, numbers), start=1):
            if cell == "":
                continue
            if not (number == number and 0.0 <= number <= high):
                expected = "a share in 0..1" if column in SHARE_MEASURES else f"a number in 0..{high:g}"
                raise EngagementError(f"expected {expected} (or an empty cell), got {shown(cell)}",
                                      file=filename, field=f"column {shown(column)}, row {row}")
        out[column] = numbers
    if out[measures].isna().all().all():
        raise EngagementError("every measure cell is empty", file=filename)
    return out, first, filename


def _has_patience(a: Assumptions) -> bool:
    return a.patience_s > 0 or any(c.patience_s for c in a.channels if c.kind == "phone")

