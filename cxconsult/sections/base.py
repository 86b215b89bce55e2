"""Validation helpers shared by every section parser (file- and field-naming errors)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cxconsult.errors import EngagementError

_MISSING = object()


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
            raise self.error(key, f"expected a mapping of fields, got {type(value).__name__} {value!r}")
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
    ) -> float:
        """``raw[key]`` as a finite number within bounds; ``default`` when absent (else an error)."""
        value = raw.get(key, _MISSING)
        if value is _MISSING or value is None:
            if default is _MISSING:
                raise self.error(key, "is missing; expected a number")
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.error(key, f"expected a number, got {type(value).__name__} {value!r}")
        if not math.isfinite(value):
            raise self.error(key, f"expected a finite number, got {value!r}")
        if integer and value != int(value):
            raise self.error(key, f"expected a whole number, got {value!r}")
        if minimum is not None and (value <= minimum if exclusive_minimum else value < minimum):
            relation = ">" if exclusive_minimum else ">="
            raise self.error(key, f"expected a number {relation} {minimum}, got {value!r}")
        if maximum is not None and value > maximum:
            raise self.error(key, f"expected a number <= {maximum}, got {value!r}")
        return int(value) if integer else float(value)

    def text(self, raw: Mapping[str, Any], key: str, default: Any = _MISSING,
             *, choices: Sequence[str] | None = None) -> str:
        """``raw[key]`` as a non-empty string, optionally one of ``choices``; ``default`` when absent or empty."""
        value = raw.get(key, _MISSING)
        if value is _MISSING or value is None or (value == "" and default is not _MISSING):
            if default is _MISSING:
                raise self.error(key, "is missing; expected text")
            return default
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected non-empty text, got {value!r}")
        if choices is not None and value not in choices:
            raise self.error(key, f"expected one of {', '.join(choices)}; got {value!r}")
        return value.strip()

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
    path = Path(folder) / filename
    if not path.is_file():
        where = f" (named in {referenced_from})" if referenced_from else ""
        raise EngagementError(f"file not found{where}; expected a CSV with columns "
                              f"{', '.join(columns)}", file=filename)
    try:
        frame = pd.read_csv(path, skipinitialspace=True, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngagementError(f"cannot be read as CSV ({first})", file=filename) from None
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
        numbers = pd.to_numeric(values, errors="coerce")
        bad = numbers.isna() | ~numbers.apply(lambda v: math.isfinite(v) if pd.notna(v) else False)
        if kind == "integer":
            bad |= numbers.notna() & (numbers != numbers.round())
        if bad.any():
            row = int(bad.to_numpy().nonzero()[0][0])
            expected = "a whole number" if kind == "integer" else "a number"
            raise EngagementError(f"expected {expected}, got {values.iloc[row]!r}",
                                  file=filename, field=f"column {column!r}, row {row + 1}")
        frame[column] = numbers.astype("int64" if kind == "integer" else "float64")
    return frame
