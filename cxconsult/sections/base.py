"""Validation helpers shared by every section parser (file- and field-naming errors).

Limits that hold for every engagement file (errors name the file and the limit):

- a file named in an engagement (section YAML, CSV, logo) must lie inside the engagement folder once
  symlinks are resolved; anything else is refused before it is opened (:func:`inside`);
- CSV files are at most :data:`MAX_CSV_BYTES` (200 MB), YAML files :data:`MAX_YAML_BYTES` (5 MB), read by
  :class:`SafeYamlLoader` (no anchors or aliases, so no alias bombs; nesting at most 20 deep);
- every number is finite and at most :data:`MAX_MAGNITUDE` (1e15) in size, and each field has its own
  plausible range (documented in ``templates/engagement/engagement.yaml``) checked by
  :meth:`SectionContext.number`;
- a bad value is quoted in a message with at most about 80 characters (:func:`cxconsult.errors.shown`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from cxconsult.errors import EngagementError, shown

_MISSING = object()
#: Largest CSV file read (bytes): far above any engagement's data, far below what fills a laptop's memory.
MAX_CSV_BYTES = 200 * 1024 * 1024
#: Largest absolute value of any number in an engagement (no CX figure in any currency comes near it).
MAX_MAGNITUDE = 1e15


#: Largest YAML file read (bytes); engagement and section files are a few kB.
MAX_YAML_BYTES = 5 * 1024 * 1024
#: Deepest nesting of mappings and lists in a YAML file (the deepest section needs 5).
MAX_YAML_DEPTH = 20


class _YamlRefused(yaml.YAMLError):
    """A YAML construct the loader does not accept (an alias, too deep a nesting)."""

    def __init__(self, problem: str, mark: Any):
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class SafeYamlLoader(yaml.SafeLoader):
    """PyYAML's SafeLoader without anchors/aliases (no alias bombs), with a nesting limit, and with
    invalid dates (``2026-13-45``) kept as text so that the field's own check names them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _YamlRefused(f"YAML aliases (*{shown(event.anchor, 30)}) are not allowed; write the value out",
                               event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _YamlRefused(f"YAML anchors (&{shown(event.anchor, 30)}) are not allowed; write the value out",
                               event.start_mark)
        depth = getattr(self, "_cx_depth", 0)
        if depth >= MAX_YAML_DEPTH:
            raise _YamlRefused(f"nested more than {MAX_YAML_DEPTH} levels deep", event.start_mark)
        self._cx_depth = depth + 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._cx_depth = depth


def _timestamp_or_text(loader: Any, node: Any) -> Any:
    """A YAML date, or its text when it is no real date (``2026-13-45``): the field's check names it."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


def _int_or_text(loader: Any, node: Any) -> Any:
    """A YAML integer, or its text when it has more digits than Python converts (the field refuses it)."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


SafeYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
SafeYamlLoader.add_constructor("tag:yaml.org,2002:int", _int_or_text)


def _check_events(events: Any) -> None:
    """The checks of :class:`SafeYamlLoader` on a stream of parser events (for the libyaml loader)."""
    depth = 0
    for event in events:
        if isinstance(event, yaml.AliasEvent):
            raise _YamlRefused(f"YAML aliases (*{shown(event.anchor, 30)}) are not allowed; write the value out",
                               event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _YamlRefused(f"YAML anchors (&{shown(event.anchor, 30)}) are not allowed; write the value out",
                               event.start_mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth >= MAX_YAML_DEPTH:
                raise _YamlRefused(f"nested more than {MAX_YAML_DEPTH} levels deep", event.start_mark)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


if getattr(yaml, "CSafeLoader", None) is not None:
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[misc,valid-type]
        """libyaml's SafeLoader with the constructors of :class:`SafeYamlLoader` (dates, long ints)."""

    _FastLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
    _FastLoader.add_constructor("tag:yaml.org,2002:int", _int_or_text)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = None


def parse_yaml(path: Path, name: str) -> Any:
    """Read and parse the YAML file ``path`` (``name`` for errors) with :class:`SafeYamlLoader`,
    refusing files over :data:`MAX_YAML_BYTES` and anything that is not UTF-8 text."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise EngagementError(f"is {size / 1024**2:,.1f} MB; the largest YAML file read is "
                              f"{MAX_YAML_BYTES // 1024**2} MB (engagement files are a few kB)", file=name)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EngagementError(f"is not UTF-8 text (byte {exc.start}); save it as UTF-8", file=name) from None
    try:
        if _FastLoader is None:
            return yaml.load(text, Loader=SafeYamlLoader)  # noqa: S506 - a SafeLoader subclass
        _check_events(yaml.parse(text, Loader=_FastLoader))  # libyaml: same checks, ten times faster
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - a CSafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
        raise EngagementError(f"invalid YAML: {shown(problem, 160)[1:-1]}", file=name, field=where) from None
    except (ValueError, OverflowError, RecursionError, MemoryError) as exc:
        raise EngagementError(f"cannot be read as YAML ({type(exc).__name__})", file=name) from None


def inside(folder: Path, name: Any, *, file: str, field: str | None = None, what: str = "file") -> Path:
    """``folder / name`` resolved (symlinks followed), refused unless it stays inside ``folder``.

    ``file``/``field`` name where ``name`` was written, for the error. Nothing is opened here, so a path
    outside the engagement (``../../etc/passwd``, an absolute path, a symlink pointing out) is refused
    before it is read.
    """
    if not isinstance(name, (str, Path)) or not str(name).strip():
        raise EngagementError(f"expected the name of a {what} in the engagement folder, got {shown(name)}",
                              file=file, field=field)
    text = str(name).strip()
    if "\x00" in text or len(text) > 1000:
        raise EngagementError(f"expected the name of a {what} in the engagement folder, got {shown(text)}",
                              file=file, field=field)
    try:
        root = Path(folder).resolve()
        target = (root / text).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long
        raise EngagementError(f"{shown(text)} cannot be resolved to a {what} in the engagement folder",
                              file=file, field=field) from None
    if target != root and not target.is_relative_to(root):
        raise EngagementError(f"{shown(text)} is outside the engagement folder; expected a {what} inside it "
                              "(files elsewhere, or symlinks pointing out, are not read)", file=file, field=field)
    return target


_CURRENCY = re.compile(r"^[A-Z]{3}$")


def currency_code(ctx: SectionContext, raw: Mapping[str, Any], key: str, default: str) -> str:
    """``raw[key]`` as an ISO 4217 currency code (three capital letters: EUR, GBP, BRL)."""
    code = ctx.text(raw, key, default)
    if code != default and not _CURRENCY.match(code):
        raise ctx.error(key, f"expected an ISO 4217 currency code of three capital letters (EUR, USD, BRL), "
                        f"got {shown(code)}")
    return code


def range_text(low: float | None, high: float | None, *, integer: bool = False,
               exclusive_low: bool = False) -> str:
    """``"a number >= 0 and <= 1"``, ``"a whole number >= 1"``... (the allowed range) for error messages."""
    kind = "a whole number" if integer else "a number"
    parts = []
    if low is not None:
        parts.append(f"{'>' if exclusive_low else '>='} {_n(low)}")
    if high is not None:
        parts.append(f"<= {_n(high)}")
    return f"{kind} {' and '.join(parts)}" if parts else kind


def _n(value: float) -> str:
    if float(value).is_integer() and abs(value) < 1e6:
        return f"{int(value):,}"
    return f"{value:g}"


def as_number(value: Any) -> float | None:
    """``value`` as a finite float, or None for a boolean, text, NaN, infinity or a number too large."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError):
        return None
    return number if math.isfinite(number) and abs(number) <= MAX_MAGNITUDE else None


@dataclass(frozen=True)
class SectionContext:
    """Where a section came from, so errors can name it.

    ``folder`` is the engagement folder, ``file`` the YAML file holding the section (relative name),
    ``prefix`` the dotted field path of the section (``"outlook"``).
    """

    folder: Path
    file: str
    prefix: str

    def field(self, *parts: str | int) -> str:
        """Dotted field path below this section: ``ctx.field("targets", 0)`` -> ``outlook.targets[0]``."""
        out = self.prefix
        for part in parts:
            out = f"{out}[{part}]" if isinstance(part, int) else (f"{out}.{part}" if out else part)
        return out

    def error(self, field: str, message: str) -> EngagementError:
        """An ``EngagementError`` for ``field`` (relative to the section) in this section's file."""
        return EngagementError(message, file=self.file, field=self.field(field) if field else self.prefix)

    def sub(self, *parts: str | int) -> SectionContext:
        """The context of a nested mapping."""
        return SectionContext(self.folder, self.file, self.field(*parts))

    def mapping(self, raw: Any, key: str, *, required: bool = True) -> Mapping[str, Any]:
        """``raw[key]`` as a mapping ({} when optional and absent)."""
        value = raw.get(key, _MISSING) if isinstance(raw, Mapping) else _MISSING
        if value is _MISSING or value is None:
            if required:
                raise self.error(key, "is missing; expected a mapping of fields")
            return {}
        if not isinstance(value, Mapping):
            raise self.error(key, f"expected a mapping of fields, got {type(value).__name__} {shown(value)}")
        return value

    def number(
        self,
        raw: Mapping[str, Any],
        key: str,
        default: Any = _MISSING,
        *,
        minimum: float | None = None,
        maximum: float | None = None,
        exclusive_minimum: bool = False,
        integer: bool = False,
        low: float | None = None,
        high: float | None = None,
    ) -> float:
        """``raw[key]`` as a finite number within bounds; ``default`` when absent (else an error).

        ``minimum``/``maximum`` (or their short names ``low``/``high``) give the field's plausible range;
        the error names the file, the field and that range. Booleans, text, NaN, infinities and numbers
        beyond :data:`MAX_MAGNITUDE` are refused whatever the range.
        """
        minimum = low if minimum is None else minimum
        maximum = high if maximum is None else maximum
        value = raw.get(key, _MISSING) if isinstance(raw, Mapping) else _MISSING
        if value is _MISSING or value is None:
            if default is _MISSING:
                raise self.error(key, f"is missing; expected {range_text(minimum, maximum, integer=integer, exclusive_low=exclusive_minimum)}")
            return default
        expected = range_text(minimum, maximum, integer=integer, exclusive_low=exclusive_minimum)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"expected {expected}, got {type(value).__name__} {shown(value)}")
        number = as_number(value)
        if number is None:
            if isinstance(value, float) and math.isnan(value):
                problem = "not a number (NaN)"
            else:
                problem = f"{shown(value)}, beyond any plausible figure (limit {MAX_MAGNITUDE:g})"
            raise self.error(key, f"expected {expected}, got {problem}")
        if integer and not number.is_integer():
            raise self.error(key, f"expected {expected}, got {shown(value)}")
        if minimum is not None and (number <= minimum if exclusive_minimum else number < minimum):
            raise self.error(key, f"expected {expected}, got {shown(value)}")
        if maximum is not None and number > maximum:
            raise self.error(key, f"expected {expected}, got {shown(value)}")
        return int(number) if integer else number

    def text(self, raw: Mapping[str, Any], key: str, default: Any = _MISSING,
             *, choices: Sequence[str] | None = None) -> str:
        """``raw[key]`` as a non-empty string, optionally one of ``choices``; ``default`` when absent or empty."""
        value = raw.get(key, _MISSING) if isinstance(raw, Mapping) else _MISSING
        if value is _MISSING or value is None or (value == "" and default is not _MISSING):
            if default is _MISSING:
                raise self.error(key, "is missing; expected text")
            return default
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected non-empty text, got {shown(value)}")
        if choices is not None and value not in choices:
            raise self.error(key, f"expected one of {', '.join(choices)}; got {shown(value)}")
        return value.strip()

    def path(self, name: Any, field: str, what: str = "file") -> Path:
        """The file ``name`` written at ``field`` of this section, checked to lie inside the engagement
        folder (see :func:`inside`)."""
        return inside(self.folder, name, file=self.file, field=self.field(field) if field else self.prefix,
                      what=what)

    def read_csv(self, filename: str, columns: Mapping[str, str], *, field: str = "",
                 allow_empty: bool = False) -> pd.DataFrame:
        """Read ``filename`` (relative to the engagement folder) and check its columns and types.

        ``columns`` maps each required column to ``"number"``, ``"integer"`` or ``"text"``.
        Errors name the CSV file, the column and the first bad row (1-based data row, header not
        counted). Numbers must be finite; extra columns are kept.
        """
        return read_table(self.folder, filename, columns, allow_empty=allow_empty,
                          referenced_from=f"{self.file}: {self.field(field)}" if field else None)


def read_table(folder: Path, filename: str, columns: Mapping[str, str], *, allow_empty: bool = False,
               referenced_from: str | None = None) -> pd.DataFrame:
    """Read and type-check a CSV of the engagement folder; see :meth:`SectionContext.read_csv`."""
    where = f" (named in {referenced_from})" if referenced_from else ""
    named_file, _, named_field = (referenced_from or "").partition(": ")
    path = inside(folder, filename, file=named_file or shown(str(filename))[1:-1], field=named_field or None,
                  what="CSV file")
    if not path.is_file():
        raise EngagementError(f"file not found{where}; expected a CSV with columns "
                              f"{', '.join(columns)}", file=filename)
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise EngagementError(f"is {size / 1024**2:,.0f} MB; the largest CSV read is "
                              f"{MAX_CSV_BYTES // 1024**2} MB (split it, or keep only the rows the analysis needs)",
                              file=filename)
    try:
        frame = pd.read_csv(path, skipinitialspace=True, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise EngagementError(f"is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8",
                              file=filename) from None
    except (ValueError, OSError, OverflowError, MemoryError) as exc:  # pandas' ParserError, EmptyDataError...
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngagementError(f"cannot be read as CSV ({shown(first, 120)[1:-1]})", file=filename) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise EngagementError(f"missing column(s) {', '.join(missing)}; found "
                              f"{', '.join(frame.columns) or 'none'}", file=filename)
    if frame.empty and not allow_empty:
        raise EngagementError("has a header but no data rows", file=filename)
    for column, kind in columns.items():
        values = frame[column].str.strip()
        if kind == "text":
            frame[column] = values
            continue
        numbers = pd.to_numeric(values, errors="coerce").astype("float64")
        bad = numbers.isna() | ~numbers.apply(lambda v: math.isfinite(v) if pd.notna(v) else False)
        bad |= numbers.abs() > MAX_MAGNITUDE
        if kind == "integer":
            bad |= numbers.notna() & (numbers != numbers.round())
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            expected = "a whole number" if kind == "integer" else "a number"
            raise EngagementError(f"expected {expected} (at most {MAX_MAGNITUDE:g} in size), got "
                                  f"{shown(values.iloc[row])}",
                                  file=filename, field=f"column {column!r}, row {row + 1}")
        frame[column] = numbers.astype("int64" if kind == "integer" else "float64")
    return frame


def parse_datetimes(text: pd.Series, date_format: str | None = None, day_first: bool = False) -> pd.Series:
    """Date or date-time text of a client's export as naive timestamps (NaT where it does not parse):
    ``date_format`` (strftime codes) when the section gives one, else day-first text of any shape
    (``31/12/2026 18:00``), else ISO 8601."""
    if date_format:
        return pd.to_datetime(text, format=date_format, errors="coerce")
    if day_first:
        return pd.to_datetime(text, dayfirst=True, format="mixed", errors="coerce")
    return pd.to_datetime(text, format="ISO8601", errors="coerce")
