"""The ``complaints`` section: a complaint log as exported by a CRM or ticketing tool, columns mapped in YAML.

Example (``engagement.yaml: complaints: complaints.yaml``)::

    complaints:
      files: [complaints.csv]
      format: {delimiter: ",", date_format: "%Y-%m-%d %H:%M", decimal: "."}   # all optional
      timezone: Europe/Lisbon            # the export's naive times are wall-clock times in this IANA zone
      export_date: 2026-11-15T18:00      # cases not closed by then are open (censored), never dropped
      business_hours: {days: [mon, tue, wed, thu, fri], start: "08:00", end: "20:00", holidays: [2026-12-25]}
      standards:
        first_response_h: {phone: 1, email: 24, default: 24}
        resolution_h: {default: 120, phone: 48}
        clock: business                  # business | calendar (default: business when business_hours is given)
        followup_h: 48                   # closed loop: a detractor contacted within this many hours
      cost: {handling_minutes: {default: 35, letter: 60}, cost_per_hour: 38.0}
      columns: {case_id: Ticket ID, opened: Created, first_response: First Reply, resolved: Solved, ...}
      channels: {Phone: phone, E-mail: email}    # the export's spelling -> our channel id (optional)
      resolved_steps: {R: Check_R, E: Check_E}   # optional RESOLVED checklist columns (yes / no / blank)

Only ``case_id``, ``opened`` and ``channel`` are required columns. Times are read as naive wall-clock
times in ``timezone`` and stored as UTC: a time in the hour skipped by a spring DST change is moved
forward by an hour (as a clock not yet changed would show it), one in the repeated autumn hour is read
as the later (standard-time) one. Cases with no close time are open: censored at ``export_date``, never
dropped. Every error names the file, the column (as the export spells it) and the row (the data row,
and the line in the file).
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cxconsult.complaints.model import CHANNELS, RESOLVED_KEYS, BusinessHours, CostConfig, Standards
from cxconsult.errors import EngagementError, shown
from cxconsult.sections.base import SectionContext, parse_datetimes, read_table

__all__ = ["COLUMNS", "ComplaintsSection", "parse"]

#: Our column names (keys of ``columns:``) and their kind.
COLUMNS = {"case_id": "text", "opened": "time", "first_response": "time", "resolved": "time", "closed": "time",
           "channel": "text", "touchpoint": "text", "category": "text", "root_cause": "text", "outcome": "text",
           "recontacts": "count", "compensation": "money", "team": "text", "customer_id": "text",
           "response_id": "text"}
REQUIRED = ("case_id", "opened", "channel")
TIMES = ("opened", "first_response", "resolved", "closed")
TEXTS = ("touchpoint", "category", "root_cause", "outcome", "team", "customer_id", "response_id")
_YES = {"yes", "y", "1", "true", "x", "done", "oui", "o", "sim", "s", "да", "是", "ok"}
_NO = {"no", "n", "0", "false", "non", "não", "nao", "нет", "否", "skipped"}
_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01]?\d|2[0-4]):([0-5]\d)$")
MAX_HOURS = 24 * 366  # largest standard: a year


@dataclass(frozen=True, eq=False)
class ComplaintsSection:
    """Parsed ``complaints`` section.

    ``cases`` has one row per case: ``case_id`` (str), ``opened``, ``first_response``, ``resolved``,
    ``closed`` (tz-aware UTC timestamps, NaT when missing), ``channel`` (our id), ``touchpoint``,
    ``category``, ``root_cause``, ``outcome``, ``team``, ``customer_id``, ``response_id`` (str, "" when
    absent), ``recontacts`` (int), ``compensation`` (float, engagement currency), ``open`` (bool: not
    closed by ``export_date``), ``source`` (file) and one nullable-boolean column ``step_<key>`` per
    RESOLVED step given in ``resolved_steps``.
    """

    cases: pd.DataFrame
    timezone: str
    export_date: pd.Timestamp
    business_hours: BusinessHours
    standards: Standards
    cost: CostConfig
    files: tuple[str, ...]
    steps: tuple[str, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)

    @property
    def channels(self) -> tuple[str, ...]:
        """Channels present in the log, in :data:`CHANNELS` order."""
        present = set(self.cases["channel"])
        return tuple(c for c in CHANNELS if c in present)


def _where(column: str, row: int, before: int = 1) -> str:
    return f"column {column!r}, row {row + 1} (line {row + 1 + before})"


def _timezone(ctx: SectionContext, raw: Mapping[str, Any]) -> str:
    name = ctx.text(raw, "timezone", "UTC")
    try:
        if len(name) > 80 or name.startswith(("/", ".")) or ".." in name:
            raise ValueError(name)
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ctx.error("timezone", f"expected an IANA time zone name such as Europe/Paris or "
                        f"America/Sao_Paulo, got {shown(name)}") from None
    return name


def _local_to_utc(values: pd.Series, tz: str) -> pd.Series:
    """Naive wall-clock times in ``tz`` -> tz-aware UTC (a time in the skipped spring hour moved an hour on,
    one in the repeated autumn hour read as the later one)."""
    ambiguous = np.zeros(len(values), dtype=bool)
    return values.dt.tz_localize(tz, ambiguous=ambiguous, nonexistent=pd.Timedelta(hours=1)).dt.tz_convert("UTC")


def _export_date(ctx: SectionContext, raw: Mapping[str, Any], tz: str) -> pd.Timestamp:
    value = raw.get("export_date")
    if value is None:
        raise ctx.error("export_date", "is missing; expected the date and time of the export (YYYY-MM-DDTHH:MM)")
    try:
        if isinstance(value, (dt.date, dt.datetime)):
            stamp = pd.Timestamp(value)
        elif isinstance(value, str) and len(value) <= 40:
            stamp = pd.Timestamp(value.strip())
        else:
            raise ValueError
        if pd.isna(stamp) or not 1990 <= stamp.year <= 2100:
            raise ValueError
    except (ValueError, TypeError, OverflowError):
        raise ctx.error("export_date", f"expected a date and time as YYYY-MM-DDTHH:MM, got {shown(value)}") from None
    if stamp.tzinfo is not None:
        return stamp.tz_convert("UTC")
    return _local_to_utc(pd.Series([stamp]), tz).iloc[0]


def _clock_time(ctx: SectionContext, raw: Mapping[str, Any], key: str, default: str) -> float:
    value = raw.get(key, default)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 24 * 60:
        value = f"{value // 60:02d}:{value % 60:02d}"  # YAML 1.1 reads 17:30 as a base-60 number (1050)
    match = _CLOCK.match(str(value).strip()) if isinstance(value, str) else None
    if not match or (int(match.group(1)) == 24 and int(match.group(2)) != 0):
        raise ctx.error(key, f"expected a time of day as HH:MM, got {shown(value)}")
    return int(match.group(1)) + int(match.group(2)) / 60


def _business_hours(ctx: SectionContext, raw: Mapping[str, Any], tz: str) -> BusinessHours | None:
    if raw.get("business_hours") is None:
        return None
    bh = ctx.mapping(raw, "business_hours")
    bctx = ctx.sub("business_hours")
    unknown = sorted(set(map(str, bh)) - {"days", "start", "end", "holidays"})
    if unknown:
        raise bctx.error(unknown[0], "unknown field; expected days, start, end, holidays")
    days = bh.get("days", list(_DAYS[:5]))
    if not isinstance(days, list) or not days or not all(isinstance(d, str) and d.strip().lower()[:3] in _DAYS
                                                          for d in days):
        raise bctx.error("days", f"expected a list of week days ({', '.join(_DAYS)}), got {shown(days)}")
    start = _clock_time(bctx, bh, "start", "09:00")
    end = _clock_time(bctx, bh, "end", "17:00")
    if not start < end:
        raise bctx.error("end", f"expected an end after the start ({start:g} h), got {end:g} h")
    holidays = bh.get("holidays", []) or []
    if not isinstance(holidays, list) or len(holidays) > 5000:
        raise bctx.error("holidays", "expected a list of dates (YYYY-MM-DD)")
    parsed = []
    for i, day in enumerate(holidays):
        try:
            parsed.append(day if isinstance(day, dt.date) and not isinstance(day, dt.datetime)
                          else dt.date.fromisoformat(str(day).strip()))
        except ValueError:
            raise bctx.error(f"holidays[{i}]", f"expected a date as YYYY-MM-DD, got {shown(day)}") from None
    return BusinessHours(days=tuple(sorted({d.strip().lower()[:3] for d in days}, key=_DAYS.index)),
                         start_h=start, end_h=end, holidays=tuple(sorted(set(parsed))), timezone=tz)


def _hours_by_channel(ctx: SectionContext, raw: Any, key: str, *, maximum: float, what: str) -> dict[str, float]:
    if raw is None:
        return {}
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return {"default": ctx.number({key: raw}, key, minimum=0, maximum=maximum, exclusive_minimum=True)}
    if not isinstance(raw, Mapping):
        raise ctx.error(key, f"expected a number or a mapping of channel to {what}, got {shown(raw)}")
    sub = ctx.sub(key)
    out = {}
    for channel in raw:
        name = str(channel)
        if name not in CHANNELS and name != "default":
            raise sub.error(name, f"unknown channel; expected default or one of {', '.join(CHANNELS)}")
        out[name] = sub.number(raw, channel, minimum=0, maximum=maximum, exclusive_minimum=True)
    return out


def _standards(ctx: SectionContext, raw: Mapping[str, Any], has_hours: bool) -> Standards:
    st = ctx.mapping(raw, "standards", required=False)
    sctx = ctx.sub("standards")
    unknown = sorted(set(map(str, st)) - {"first_response_h", "resolution_h", "clock", "followup_h"})
    if unknown:
        raise sctx.error(unknown[0], "unknown field; expected first_response_h, resolution_h, clock, followup_h")
    clock = sctx.text(st, "clock", "business" if has_hours else "calendar", choices=("business", "calendar"))
    if clock == "business" and not has_hours:
        raise sctx.error("clock", "is business but the section has no business_hours; give business_hours "
                         "or use clock: calendar")
    return Standards(
        first_response_h=_hours_by_channel(sctx, st.get("first_response_h"), "first_response_h",
                                           maximum=MAX_HOURS, what="hours"),
        resolution_h=_hours_by_channel(sctx, st.get("resolution_h"), "resolution_h", maximum=MAX_HOURS,
                                       what="hours"),
        clock=clock, followup_h=sctx.number(st, "followup_h", 48.0, minimum=0, maximum=MAX_HOURS,
                                            exclusive_minimum=True))


def _cost(ctx: SectionContext, raw: Mapping[str, Any]) -> CostConfig:
    cost = ctx.mapping(raw, "cost", required=False)
    cctx = ctx.sub("cost")
    unknown = sorted(set(map(str, cost)) - {"handling_minutes", "cost_per_hour"})
    if unknown:
        raise cctx.error(unknown[0], "unknown field; expected handling_minutes, cost_per_hour")
    minutes = _hours_by_channel(cctx, cost.get("handling_minutes", 30), "handling_minutes", maximum=60 * 24 * 30,
                                what="minutes")
    minutes.setdefault("default", 30.0)
    return CostConfig(handling_minutes=minutes,
                      cost_per_hour=cctx.number(cost, "cost_per_hour", 0.0, minimum=0, maximum=1e7))


def _read(ctx: SectionContext, filename: str, fmt: Mapping[str, Any]) -> pd.DataFrame:
    delimiter = ctx.sub("format").text(fmt, "delimiter", ",")
    encoding = ctx.sub("format").text(fmt, "encoding", "utf-8-sig")
    if len(delimiter) != 1:
        raise ctx.sub("format").error("delimiter", f"expected one character, got {shown(delimiter)}")
    path = ctx.path(filename, "files", "CSV file")
    if not path.is_file():
        raise EngagementError(f"file not found (named in {ctx.file}: {ctx.field('files')}); expected a "
                              "complaint log as CSV", file=filename)
    return _read_csv(path, filename, delimiter, encoding)


def _read_csv(path, filename: str, delimiter: str, encoding: str) -> pd.DataFrame:
    from cxconsult.sections.base import MAX_CSV_BYTES

    if path.stat().st_size > MAX_CSV_BYTES:
        raise EngagementError(f"is larger than {MAX_CSV_BYTES // 1024**2} MB", file=filename)
    try:
        frame = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, encoding=encoding,
                            skipinitialspace=True)
    except (UnicodeDecodeError, LookupError):
        raise EngagementError(f"is not {shown(encoding)} text; set complaints.format.encoding", file=filename) from None
    except (ValueError, OSError, MemoryError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngagementError(f"cannot be read as CSV ({shown(first, 120)[1:-1]})", file=filename) from None
    frame.columns = [str(c).strip().lstrip("\ufeff") for c in frame.columns]
    if frame.empty:
        raise EngagementError("has a header but no data rows", file=filename)
    return frame


def _times(values: pd.Series, filename: str, column: str, fmt: str | None, day_first: bool, tz: str,
           required: bool) -> pd.Series:
    text = values.fillna("").astype(str).str.strip()
    offset = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True).to_numpy() if not fmt else None
    if offset is not None and offset.any():  # times with a UTC offset (ISO 8601): keep the instant
        parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        aware = pd.to_datetime(text[offset], format="ISO8601", utc=True, errors="coerce")
        parsed[offset] = aware.dt.tz_convert(tz).dt.tz_localize(None).astype("datetime64[ns]")
        if (~offset).any():
            parsed[~offset] = parse_datetimes(text[~offset], fmt, day_first).astype("datetime64[ns]")
    else:
        parsed = parse_datetimes(text, fmt, day_first)
    blank = (text == "").to_numpy()
    bad = parsed.isna().to_numpy() & (~blank | required)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        expected = f"a date and time as {fmt}" if fmt else "a date and time such as 2026-05-31 14:05"
        got = "a blank" if blank[row] else shown(text.iloc[row])
        raise EngagementError(f"expected {expected} (set complaints.format.date_format for other layouts), got "
                              f"{got}", file=filename, field=_where(column, row))
    parsed = parsed.astype("datetime64[ns]")
    if parsed.notna().any() and not (1990 <= parsed.dt.year.min() and parsed.dt.year.max() <= 2100):
        row = int(np.flatnonzero(((parsed.dt.year < 1990) | (parsed.dt.year > 2100)).to_numpy())[0])
        raise EngagementError(f"expected a date from 1990 to 2100, got {shown(text.iloc[row])}", file=filename,
                              field=_where(column, row))
    return _local_to_utc(parsed, tz)


def _numbers(values: pd.Series, filename: str, column: str, decimal: str, *, integer: bool,
             maximum: float) -> np.ndarray:
    text = values.fillna("").astype(str).str.strip()
    if decimal != ".":
        text = text.str.replace(" ", "", regex=False).str.replace("\u00a0", "", regex=False) \
                   .str.replace(".", "", regex=False).str.replace(decimal, ".", regex=False)
    numbers = pd.to_numeric(text.replace("", "0"), errors="coerce").to_numpy(dtype="float64")
    bad = ~np.isfinite(numbers) | (numbers < 0) | (numbers > maximum)
    if integer:
        bad |= np.isfinite(numbers) & (numbers != np.round(numbers))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        what = "a whole number" if integer else "an amount"
        raise EngagementError(f"expected {what} >= 0 and <= {maximum:,.0f} (or a blank), got "
                              f"{shown(values.iloc[row])}", file=filename, field=_where(column, row))
    return numbers


def _checks(values: pd.Series, filename: str, column: str) -> pd.Series:
    text = values.fillna("").astype(str).str.strip().str.lower()
    yes, no = text.isin(_YES), text.isin(_NO)
    bad = ~(yes | no | (text == ""))
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise EngagementError(f"expected yes, no or a blank (RESOLVED step done?), got {shown(values.iloc[row])}",
                              file=filename, field=_where(column, row))
    out = pd.Series(pd.NA, index=values.index, dtype="boolean")
    out[yes] = True
    out[no] = False
    return out


def _channels(values: pd.Series, mapping: Mapping[str, str], filename: str, column: str) -> pd.Series:
    text = values.fillna("").astype(str).str.strip()
    lookup = {str(k).strip().lower(): v for k, v in mapping.items()}
    lookup.update({c: c for c in CHANNELS if c not in lookup})
    out = text.str.lower().map(lookup)
    bad = out.isna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise EngagementError(f"unknown channel {shown(text.iloc[row])}; expected one of {', '.join(CHANNELS)} "
                              "or a spelling listed under complaints.channels", file=filename,
                              field=_where(column, row))
    return out.astype(str)


def parse(raw: Mapping[str, Any], ctx: SectionContext) -> ComplaintsSection:
    """Validate the section and read its complaint log(s); see the module docstring."""
    known = {"file", "files", "format", "timezone", "export_date", "business_hours", "standards", "cost",
             "columns", "channels", "resolved_steps"}
    unknown = sorted(set(map(str, raw)) - known)
    if unknown:
        raise ctx.error(unknown[0], f"unknown field; expected one of {', '.join(sorted(known))}")
    files = raw.get("files", raw.get("file"))
    files = [files] if isinstance(files, str) else files
    if not isinstance(files, list) or not files or not all(isinstance(f, str) and f.strip() for f in files):
        raise ctx.error("files", "expected the name of a CSV export or a list of them")
    fmt = ctx.mapping(raw, "format", required=False)
    fctx = ctx.sub("format")
    unknown = sorted(set(map(str, fmt)) - {"delimiter", "encoding", "date_format", "day_first", "decimal"})
    if unknown:
        raise fctx.error(unknown[0], "unknown field; expected delimiter, encoding, date_format, day_first, decimal")
    date_format = fctx.text(fmt, "date_format", "") or None
    day_first = fmt.get("day_first", False)
    if not isinstance(day_first, bool):
        raise fctx.error("day_first", f"expected true or false, got {shown(day_first)}")
    decimal = fctx.text(fmt, "decimal", ".", choices=(".", ","))
    tz = _timezone(ctx, raw)
    export = _export_date(ctx, raw, tz)
    hours = _business_hours(ctx, raw, tz)
    standards = _standards(ctx, raw, hours is not None)
    cost = _cost(ctx, raw)
    columns = ctx.mapping(raw, "columns")
    for key, value in columns.items():
        if str(key) not in COLUMNS:
            raise ctx.sub("columns").error(str(key), f"unknown column; expected some of {', '.join(COLUMNS)}")
        if not isinstance(value, str) or not value.strip():
            raise ctx.sub("columns").error(str(key), f"expected the export's column name, got {shown(value)}")
    for key in REQUIRED:
        if key not in columns:
            raise ctx.sub("columns").error(key, "is missing; name the export's column")
    channel_map = ctx.mapping(raw, "channels", required=False)
    for key, value in channel_map.items():
        if value not in CHANNELS:
            raise ctx.sub("channels").error(str(key), f"expected one of {', '.join(CHANNELS)}, got {shown(value)}")
    steps = ctx.mapping(raw, "resolved_steps", required=False)
    for key, value in steps.items():
        if str(key) not in RESOLVED_KEYS:
            raise ctx.sub("resolved_steps").error(str(key),
                                                  f"unknown step; expected some of {', '.join(RESOLVED_KEYS)}")
        if not isinstance(value, str) or not value.strip():
            raise ctx.sub("resolved_steps").error(str(key), f"expected the export's column name, got {shown(value)}")
    step_keys = tuple(k for k in RESOLVED_KEYS if k in steps)

    frames = []
    for filename in files:
        frame = _read(ctx, filename.strip(), fmt)
        wanted = {**{k: v.strip() for k, v in columns.items()}, **{f"step_{k}": v.strip() for k, v in steps.items()}}
        missing = [f"{v} ({k})" for k, v in wanted.items() if v not in frame.columns]
        if missing:
            raise EngagementError(f"missing column(s) {', '.join(missing)[:200]}; found "
                                  f"{', '.join(map(str, frame.columns))[:200]}", file=filename)
        out = pd.DataFrame(index=frame.index)
        cid = frame[columns["case_id"]].astype(str).str.strip()
        if (cid == "").any():
            row = int(np.flatnonzero((cid == "").to_numpy())[0])
            raise EngagementError("case id is blank; expected the case's id", file=filename,
                                  field=_where(columns["case_id"], row))
        out["case_id"] = cid
        for key in TIMES:
            if key in columns:
                out[key] = _times(frame[columns[key]], filename, columns[key], date_format, day_first, tz,
                                  required=key == "opened")
            else:
                out[key] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
        out["channel"] = _channels(frame[columns["channel"]], channel_map, filename, columns["channel"])
        for key in TEXTS:
            out[key] = frame[columns[key]].astype(str).str.strip() if key in columns else ""
        out["recontacts"] = (_numbers(frame[columns["recontacts"]], filename, columns["recontacts"], decimal,
                                      integer=True, maximum=10_000).astype("int64")
                             if "recontacts" in columns else 0)
        out["compensation"] = (_numbers(frame[columns["compensation"]], filename, columns["compensation"], decimal,
                                        integer=False, maximum=1e12) if "compensation" in columns else 0.0)
        for key in step_keys:
            out[f"step_{key}"] = _checks(frame[steps[key].strip()], filename, steps[key].strip())
        # order of events
        for key in ("first_response", "resolved", "closed"):
            early = (out[key] < out["opened"]).to_numpy()
            if early.any():
                row = int(np.flatnonzero(early)[0])
                label = columns.get(key, key)
                raise EngagementError(f"{key.replace('_', ' ')} time is before the case was opened "
                                      f"({columns['opened']}); expected a time after it", file=filename,
                                      field=_where(label, row))
            late = (out[key] > export).to_numpy()
            if late.any():
                row = int(np.flatnonzero(late)[0])
                raise EngagementError(f"time is after the export date ({export:%Y-%m-%d %H:%M} UTC); expected "
                                      "every time in the log before complaints.export_date", file=filename,
                                      field=_where(columns.get(key, key), row))
        late = (out["opened"] > export).to_numpy()
        if late.any():
            row = int(np.flatnonzero(late)[0])
            raise EngagementError(f"case opened after the export date ({export:%Y-%m-%d %H:%M} UTC)",
                                  file=filename, field=_where(columns["opened"], row))
        early = (out["closed"] < out["resolved"]).to_numpy()
        if early.any():
            row = int(np.flatnonzero(early)[0])
            raise EngagementError("case closed before it was resolved; expected the close after the resolution",
                                  file=filename, field=_where(columns["closed"], row))
        dup = out["case_id"].duplicated().to_numpy()
        if dup.any():
            row = int(np.flatnonzero(dup)[0])
            raise EngagementError(f"case id {shown(out['case_id'].iloc[row])} appears twice; expected one row "
                                  "per case", file=filename, field=_where(columns["case_id"], row))
        out["source"] = filename
        frames.append(out)
    cases = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    if len(frames) > 1:
        dup = cases["case_id"].duplicated().to_numpy()
        if dup.any():
            row = int(np.flatnonzero(dup)[0])
            raise EngagementError(f"case id {shown(cases['case_id'].iloc[row])} is in more than one file",
                                  file=str(cases["source"].iloc[row]), field=f"column {columns['case_id']!r}")
    cases["open"] = cases["closed"].isna() & cases["resolved"].isna() if "closed" not in columns \
        else cases["closed"].isna()
    cases = cases.sort_values("opened", kind="stable").reset_index(drop=True)
    return ComplaintsSection(cases=cases, timezone=tz, export_date=export,
                             business_hours=hours if hours is not None else BusinessHours(timezone=tz),
                             standards=standards, cost=cost, files=tuple(files), steps=step_keys,
                             columns=dict(columns))
