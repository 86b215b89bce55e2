"""The ``journey`` section: intent statement, phases, channels, touchpoints, room ratings, pilot data.

``parse(raw, ctx) -> JourneyConfig``. Touchpoints come from a CSV (``touchpoints_csv``) or inline
(``touchpoints:`` a list of mappings) with the same fields:

- ``id`` (letters, digits, ``_`` or ``-``; unique), ``label``, ``phase`` and ``channel`` (ids listed
  under ``phases`` and ``channels``);
- ``owner``: the owning role(s), several separated by ``;`` (an ownership gap), empty for none;
  ``owner_person`` (optional);
- ``volume_per_month`` (>= 0), ``cost_per_contact`` (>= 0, optional);
- ``moment_of_truth`` (yes / no) and ``moment_kind`` (acquisition / retention / recovery);
- ``service_levels``: ``segment:level`` pairs separated by ``;`` (levels brilliant_basics,
  extra_mile, value_add), e.g. ``mass:brilliant_basics; premium:extra_mile``;
- ``csat`` (% satisfied, 0-100), ``ces`` (mean, 1-7), ``nps`` (-100..100), ``complaints_per_month``
  (>= 0): each optional (empty = unknown).

``ratings_csv`` (optional; default ``touchpoint_ratings.csv`` when that file exists): the touchpoint
workshop's export, columns touchpoint, participant, role, rating (0-4 or empty), pain_point (yes / no),
owner. ``pilot`` (optional): ``touchpoint``,
``measure``, ``csv`` (columns group = pilot / control, period = before / after, value) and
``confidence`` (default 0.95). Errors name the file, the field or column, and the row.
Example: ``data/engagements/aurora-telecom/journey.yaml``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from cxconsult.errors import EngagementError
from cxconsult.journey.config import (DEFAULT_TARGETS, DEFAULT_WEIGHTS, MOMENT_KINDS, PRIORITY_COMPONENTS,
                                      SERVICE_LEVELS, Channel, JourneyConfig, Phase, PilotData, Touchpoint)
from cxconsult.sections.base import SectionContext

__all__ = ["JourneyConfig", "parse", "TOUCHPOINT_FIELDS"]

_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
TOUCHPOINT_FIELDS = ("id", "label", "phase", "channel", "owner", "owner_person", "volume_per_month",
                     "cost_per_contact", "moment_of_truth", "moment_kind", "service_levels", "csat", "ces",
                     "nps", "complaints_per_month")
_YES = {"yes", "y", "true", "1", "x", "oui", "sim", "да", "是"}
_NO = {"no", "n", "false", "0", "", "non", "não", "nao", "нет", "否"}
_KNOWN = {"intent", "phases", "channels", "touchpoints", "touchpoints_csv", "targets", "default_level",
          "priority_weights", "plan", "ratings_csv", "pilot"}
Where = Callable[[str], EngagementError]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (
        isinstance(value, float) and math.isnan(value))


def _number(value: Any, name: str, err: Where, *, low: float | None = None, high: float | None = None,
            required: bool = False) -> float | None:
    if _blank(value):
        if required:
            raise err(name)("is empty; expected a number")
        return None
    if isinstance(value, bool):
        raise err(name)(f"expected a number, got {_short(value)}")
    try:
        number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise err(name)(f"expected a number, got {_short(value)}") from None
    if not math.isfinite(number):
        raise err(name)(f"expected a finite number, got {_short(value)}")
    if low is not None and number < low:
        raise err(name)(f"expected a number >= {low:g}, got {_short(value)}")
    if high is not None and number > high:
        raise err(name)(f"expected a number <= {high:g}, got {_short(value)}")
    return number


def _flag(value: Any, name: str, err: Where) -> bool:
    if isinstance(value, bool):
        return value
    text = "" if value is None else str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise err(name)(f"expected yes or no, got {_short(value)}")


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value).strip()


def _touchpoint(row: Mapping[str, Any], err: Where, phases: set[str], channels: set[str]) -> Touchpoint:
    tid = _text(row.get("id"))
    if not _ID.match(tid):
        raise err("id")(f"expected an id of letters, digits, _ or - (up to 64), got {_short(row.get('id'))}")
    label = _text(row.get("label")) or tid
    phase = _text(row.get("phase"))
    if phase not in phases:
        raise err("phase")(f"touchpoint {tid!r} is in unknown phase {_short(phase)}; expected one of "
                           f"{', '.join(sorted(phases))}")
    channel = _text(row.get("channel"))
    if channel not in channels:
        raise err("channel")(f"touchpoint {tid!r} is in unknown channel {_short(channel)}; expected one of "
                             f"{', '.join(sorted(channels))}")
    raw_owner = row.get("owner")
    parts = raw_owner if isinstance(raw_owner, (list, tuple)) else _text(raw_owner).split(";")
    owners = tuple(dict.fromkeys(p.strip() for p in map(str, parts) if p and str(p).strip()))
    volume = _number(row.get("volume_per_month"), "volume_per_month", err, low=0, required=True)
    moment = _flag(row.get("moment_of_truth"), "moment_of_truth", err)
    kind = _text(row.get("moment_kind")).lower()
    if kind and kind not in MOMENT_KINDS:
        raise err("moment_kind")(f"expected one of {', '.join(MOMENT_KINDS)}, got {_short(kind)}")
    if moment and not kind:
        raise err("moment_kind")(f"touchpoint {tid!r} is a moment of truth: expected its kind "
                                 f"({', '.join(MOMENT_KINDS)})")
    levels: dict[str, str] = {}
    raw_levels = row.get("service_levels")
    pairs = raw_levels.items() if isinstance(raw_levels, Mapping) else [
        p.split(":", 1) if ":" in p else (p, "") for p in _text(raw_levels).split(";") if p.strip()]
    for segment, level in pairs:
        segment, level = str(segment).strip(), str(level).strip()
        if not segment or level not in SERVICE_LEVELS:
            raise err("service_levels")(f"expected segment:level pairs with levels {', '.join(SERVICE_LEVELS)}, "
                                        f"got {_short(f'{segment}:{level}')}")
        levels[segment] = level
    complaints = _number(row.get("complaints_per_month"), "complaints_per_month", err, low=0)
    return Touchpoint(
        id=tid, label=label, phase=phase, channel=channel, owners=owners,
        owner_person=_text(row.get("owner_person")), volume_per_month=float(volume or 0.0),
        cost_per_contact=_number(row.get("cost_per_contact"), "cost_per_contact", err, low=0),
        moment_of_truth=moment, moment_kind=kind, service_levels=levels,
        csat=_number(row.get("csat"), "csat", err, low=0, high=100),
        ces=_number(row.get("ces"), "ces", err, low=1, high=7),
        nps=_number(row.get("nps"), "nps", err, low=-100, high=100),
        complaints_per_month=complaints)


def _catalogue(raw: Mapping[str, Any], key: str, ctx: SectionContext, cls: type) -> tuple[Any, ...]:
    items = raw.get(key)
    if not isinstance(items, list) or not items:
        raise ctx.error(key, "is missing or empty; expected a list of {id, label} (or of ids)")
    out, seen = [], set()
    for i, item in enumerate(items):
        if isinstance(item, str):
            item = {"id": item, "label": item}
        if not isinstance(item, Mapping):
            raise ctx.error(f"{key}[{i}]", f"expected a mapping with id and label, got {_short(item)}")
        sub = ctx.sub(key, i)
        ident = sub.text(item, "id")
        if not _ID.match(ident):
            raise sub.error("id", f"expected letters, digits, _ or -, got {_short(ident)}")
        if ident in seen:
            raise sub.error("id", f"duplicate id {ident!r}")
        seen.add(ident)
        out.append(cls(ident, sub.text(item, "label", ident)))
    return tuple(out)


def _touchpoints(raw: Mapping[str, Any], ctx: SectionContext, phases: set[str],
                 channels: set[str]) -> tuple[Touchpoint, ...]:
    rows: list[tuple[Mapping[str, Any], Where]] = []
    if raw.get("touchpoints_csv") is not None:
        filename = ctx.text(raw, "touchpoints_csv")
        frame = ctx.read_csv(filename, {"id": "text", "phase": "text", "channel": "text",
                                        "volume_per_month": "text"}, field="touchpoints_csv")
        extra = [c for c in frame.columns if c not in TOUCHPOINT_FIELDS]
        if extra:
            raise EngagementError(f"unknown column(s) {_short(', '.join(extra))}; expected "
                                  f"{', '.join(TOUCHPOINT_FIELDS)}", file=filename)
        for i, record in enumerate(frame.to_dict("records"), start=1):
            rows.append((record, lambda col, i=i: lambda msg: EngagementError(
                msg, file=filename, field=f"column {col!r}, row {i}")))
        first_seen = "row {}"
    else:
        items = raw.get("touchpoints")
        if not isinstance(items, list) or not items:
            raise ctx.error("touchpoints", "is missing or empty; expected a list of touchpoints or "
                            "touchpoints_csv naming a CSV file")
        for i, record in enumerate(items):
            if not isinstance(record, Mapping):
                raise ctx.error(f"touchpoints[{i}]", f"expected a mapping of fields, got {_short(record)}")
            unknown = sorted(set(map(str, record)) - set(TOUCHPOINT_FIELDS))
            if unknown:
                raise ctx.error(f"touchpoints[{i}]", f"unknown field(s) {_short(', '.join(unknown))}")
            rows.append((record, lambda f, i=i: lambda msg: ctx.error(f"touchpoints[{i}].{f}", msg)))
        first_seen = "touchpoints[{}]"
    out: list[Touchpoint] = []
    seen: dict[str, int] = {}
    for n, (record, err) in enumerate(rows):
        t = _touchpoint(record, err, phases, channels)
        if t.id in seen:
            where = first_seen.format(seen[t.id] + (1 if "row" in first_seen else 0))
            raise err("id")(f"duplicate touchpoint id {t.id!r} (first in {where}); ids must be unique")
        seen[t.id] = n
        out.append(t)
    return tuple(out)


DEFAULT_RATINGS_CSV = "touchpoint_ratings.csv"


def _ratings(raw: Mapping[str, Any], ctx: SectionContext, ids: set[str]) -> pd.DataFrame | None:
    if raw.get("ratings_csv") is None:
        if not (ctx.folder / DEFAULT_RATINGS_CSV).is_file():
            return None
        filename = DEFAULT_RATINGS_CSV  # what the touchpoint workshop exports when the section names no file
    else:
        filename = ctx.text(raw, "ratings_csv")
    frame = ctx.read_csv(filename, dict.fromkeys(("touchpoint", "participant", "role", "rating", "pain_point",
                                                  "owner"), "text"), field="ratings_csv", allow_empty=True)
    ratings, pains = [], []
    for i, row in enumerate(frame.to_dict("records"), start=1):
        def err(col: str, i: int = i) -> Callable[[str], EngagementError]:
            return lambda msg: EngagementError(msg, file=filename, field=f"column {col!r}, row {i}")
        if row["touchpoint"] not in ids:
            raise err("touchpoint")(f"unknown touchpoint {_short(row['touchpoint'])}; expected an id of the journey")
        if not row["participant"]:
            raise err("participant")("is empty; expected a name or id")
        value = _number(row["rating"], "rating", err, low=0, high=4)
        if value is not None and value != int(value):
            raise err("rating")(f"expected a whole number 0-4, got {_short(row['rating'])}")
        ratings.append(value)
        pains.append(_flag(row["pain_point"], "pain_point", err))
    frame["rating"] = pd.array(ratings, dtype="Float64").astype("float64") if ratings else pd.Series(dtype=float)
    frame["pain_point"] = pd.Series(pains, index=frame.index, dtype=bool)
    return frame[["touchpoint", "participant", "role", "rating", "pain_point", "owner"]]


def _pilot(raw: Mapping[str, Any], ctx: SectionContext, ids: set[str]) -> PilotData | None:
    spec = ctx.mapping(raw, "pilot", required=False)
    if not spec:
        return None
    sub = ctx.sub("pilot")
    tid = sub.text(spec, "touchpoint")
    if tid not in ids:
        raise sub.error("touchpoint", f"unknown touchpoint {_short(tid)}; expected an id of the journey")
    measure = sub.text(spec, "measure", "csat")
    confidence = sub.number(spec, "confidence", 0.95, minimum=0.5, maximum=0.999)
    filename = sub.text(spec, "csv")
    frame = sub.read_csv(filename, {"group": "text", "period": "text", "value": "number"}, field="csv")
    for column, allowed in (("group", ("pilot", "control")), ("period", ("before", "after"))):
        values = frame[column].str.lower()
        bad = ~values.isin(allowed)
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            raise EngagementError(f"expected {' or '.join(allowed)}, got {_short(frame[column].iloc[row])}",
                                  file=filename, field=f"column {column!r}, row {row + 1}")
        frame[column] = values
    counts = frame.groupby(["group", "period"]).size()
    for group in ("pilot", "control"):
        for period in ("before", "after"):
            if counts.get((group, period), 0) < 2:
                raise EngagementError(f"needs 2 or more rows of group {group}, period {period}", file=filename)
    return PilotData(tid, measure, frame[["group", "period", "value"]].reset_index(drop=True), confidence)


def _date(value: Any, sub: SectionContext, key: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise sub.error(key, f"expected a date as YYYY-MM-DD, got {_short(value)}") from None


def parse(raw: Mapping[str, Any], ctx: SectionContext) -> JourneyConfig:
    """Validate the ``journey`` section (see the module docstring)."""
    unknown = sorted(set(map(str, raw)) - _KNOWN)
    if unknown:
        raise ctx.error(", ".join(unknown), f"unknown field; expected one of {', '.join(sorted(_KNOWN))}")
    intent = ctx.text(raw, "intent")
    phases = _catalogue(raw, "phases", ctx, Phase)
    channels = _catalogue(raw, "channels", ctx, Channel)
    touchpoints = _touchpoints(raw, ctx, {p.id for p in phases}, {c.id for c in channels})
    ids = {t.id for t in touchpoints}

    targets = dict(DEFAULT_TARGETS)
    given = ctx.mapping(raw, "targets", required=False)
    for key in given:
        if key not in SERVICE_LEVELS:
            raise ctx.error(f"targets.{key}", f"unknown service level; expected {', '.join(SERVICE_LEVELS)}")
        targets[key] = ctx.sub("targets").number(given, key, minimum=0, maximum=100)
    default_level = ctx.text(raw, "default_level", "brilliant_basics", choices=SERVICE_LEVELS)
    weights = dict(DEFAULT_WEIGHTS)
    given = ctx.mapping(raw, "priority_weights", required=False)
    for key in given:
        if key not in PRIORITY_COMPONENTS:
            raise ctx.error(f"priority_weights.{key}", f"unknown component; expected "
                            f"{', '.join(PRIORITY_COMPONENTS)}")
        weights[key] = ctx.sub("priority_weights").number(given, key, minimum=0)
    if sum(weights.values()) <= 0:
        raise ctx.error("priority_weights", "the weights sum to zero; give one component a weight above 0")

    plan = ctx.mapping(raw, "plan", required=False)
    psub = ctx.sub("plan")
    top = int(psub.number(plan, "top", 3, minimum=0, maximum=len(touchpoints), integer=True))
    start = _date(plan["start"], psub, "start") if plan.get("start") is not None else None
    holidays_raw = plan.get("holidays") or []
    if not isinstance(holidays_raw, list):
        raise psub.error("holidays", "expected a list of dates YYYY-MM-DD")
    holidays = tuple(_date(h, psub, f"holidays[{i}]") for i, h in enumerate(holidays_raw))

    return JourneyConfig(intent=intent, phases=phases, channels=channels, touchpoints=touchpoints,
                         targets=targets, default_level=default_level, weights=weights,
                         ratings=_ratings(raw, ctx, ids), pilot=_pilot(raw, ctx, ids), plan_top=top,
                         plan_start=start, holidays=holidays)
