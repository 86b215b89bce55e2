"""The ``feedback`` section: survey exports (one CSV or several) with a YAML column mapping, so a
Qualtrics or SurveyMonkey export loads without editing.

Example (``engagement.yaml`` or its own file)::

    feedback:
      files: [feedback_2025.csv, feedback_2026.csv]
      format: {header_rows: 1, skip_rows: 2}     # Qualtrics: 2 extra header lines under the names
      columns: {response_id: ResponseId, date: RecordedDate, touchpoint: Touchpoint, nps: Q1, verbatim: Q4}
      attributes: {human_factor: Q5_1, ease: Q5_2, tone: Q5_3, speed: Q5_4}
      scales: {csat: [1, 5], ces: [1, 7], attributes: [1, 5]}

``format.header_rows: 2`` reads SurveyMonkey's two header lines: a column is named ``"line 1 | line 2"``
(line 1 carried right over blank cells), or just ``"line 1"`` when line 2 is blank. Every error names
the file, the column (as the export spells it) and the row (the data row, and the line in the file).
When the engagement has a ``journey`` section, every touchpoint must be one of its touchpoint ids.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from cxconsult.errors import EngagementError
from cxconsult.sections.base import SectionContext, parse_datetimes

__all__ = ["COLUMNS", "FeedbackSection", "load_codebook", "parse"]

#: Our column names (the keys of ``columns:``) and whether each is text, a date or a score.
COLUMNS = {"response_id": "text", "date": "date", "touchpoint": "text", "channel": "text", "segment": "text",
           "language": "text", "nps": "score", "csat": "score", "ces": "score", "verbatim": "text",
           "customer_id": "text"}  # customer_id (optional): links a response to complaint cases (closed loop)
DEFAULT_SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7), "attributes": (1, 5)}
SCORES = ("nps", "csat", "ces")
KINDS = ("lagging", "leading")
UNITS = ("points", "share", "rating", "money", "number")
MAX_VALUE = 80  # characters of a bad value shown in a message


@dataclass(frozen=True, eq=False)
class FeedbackSection:
    """Parsed ``feedback`` section. ``data`` has one row per response: ``response_id``, ``date``,
    ``touchpoint``, ``channel``, ``segment``, ``language``, the scores present (float, NaN for no
    answer), one column per attribute, ``verbatim`` ("" for none) and ``source`` (the file)."""

    data: pd.DataFrame
    files: tuple[str, ...]
    metrics: tuple[str, ...]
    attributes: tuple[str, ...]
    attribute_labels: Mapping[str, str]
    scales: Mapping[str, tuple[float, float]]
    language: str
    codebook: Any
    measures: tuple[Any, ...] = ()
    freq: str = "M"
    outcome: str = "nps"
    has_verbatims: bool = True
    touchpoints: tuple[str, ...] = field(default=())

    @property
    def csat_top(self) -> float:
        """The lowest top-box CSAT answer: 4 on a 1-5 scale (the top two boxes)."""
        return self.scales["csat"][1] - 1


def _short(value: Any) -> str:
    text = str(value)
    return repr(text if len(text) <= MAX_VALUE else text[:MAX_VALUE] + "...")


def _inside(ctx: SectionContext, name: str, key: str) -> Path:
    path = (ctx.folder / name).resolve()
    if ctx.folder.resolve() not in path.parents:
        raise ctx.error(key, f"{_short(name)} is outside the engagement folder; expected a file inside it")
    return path


def _read_export(ctx: SectionContext, filename: str, header_rows: int, skip_rows: int, delimiter: str,
                 encoding: str, wanted: list[str], numeric: set[str]) -> tuple[pd.DataFrame, int]:
    """The mapped columns of the export (scores parsed as numbers by the C parser where they all are,
    other columns as text); returns (frame, lines before the first data row)."""
    path = _inside(ctx, filename, "files")
    if not path.is_file():
        raise EngagementError(f"file not found (named in {ctx.file}: {ctx.field('files')}); expected a "
                              "survey export as CSV", file=filename)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            headers = [next(reader, None) for _ in range(header_rows)]
    except UnicodeDecodeError:
        raise EngagementError(f"is not {encoding} text; set feedback.format.encoding (e.g. utf-8-sig, "
                              "latin-1)", file=filename) from None
    if not headers or headers[0] is None:
        raise EngagementError("is empty; expected a header line of column names", file=filename)
    names = [c.strip().lstrip("\ufeff") for c in headers[0]]
    if header_rows == 2 and headers[1] is not None:
        carried, second = "", headers[1] + [""] * (len(names) - len(headers[1]))
        combined = []
        for first, sub in zip(names, second):
            carried = first or carried
            combined.append(f"{carried} | {sub.strip()}" if sub.strip() else carried)
        names = combined
    before = header_rows + skip_rows
    unique = len(set(names)) == len(names)
    use = [c for c in wanted if c in names] if unique else None
    try:
        frame = pd.read_csv(path, header=None, skiprows=before, keep_default_na=False,
                            dtype={c: str for c in (use or []) if c not in numeric} if unique else str,
                            na_values={c: [""] for c in (use or []) if c in numeric} if unique else None,
                            names=names if unique else None, usecols=use, sep=delimiter,
                            encoding=encoding, skipinitialspace=True, engine="c")
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngagementError(f"cannot be read as CSV ({first[:120]})", file=filename) from None
    if len(set(names)) != len(names):
        frame.columns = [f"{n}#{i}" if names.count(n) > 1 else n for i, n in enumerate(names)][:frame.shape[1]]
    return frame, before


def _where(column: str, row: int, before: int) -> str:
    return f"column {column!r}, row {row + 1} (line {row + 1 + before})"


def _scores(values: pd.Series, filename: str, column: str, before: int, low: float, high: float,
            what: str) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(values.dtype):  # the fast path: the C parser read numbers (blank: NaN)
        numbers = values.to_numpy(dtype="float64")
        text = None
        blank = np.isnan(numbers)
    else:
        text = values.astype(str).str.strip()
        numbers = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
        blank = (text == "").to_numpy()
    bad = (np.isnan(numbers) & ~blank) | (~np.isnan(numbers) & ((numbers < low) | (numbers > high)
                                                               | (numbers != np.round(numbers))))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        shown = text.iloc[row] if text is not None else f"{numbers[row]:g}"
        raise EngagementError(f"expected a whole number {low:g}-{high:g} ({what}) or a blank, got "
                              f"{_short(shown)}", file=filename, field=_where(column, row, before))
    return numbers


def _dates(values: pd.Series, filename: str, column: str, before: int, date_format: str | None,
           day_first: bool) -> pd.Series:
    text = values.fillna("").astype(str)
    parsed = parse_datetimes(text, date_format, day_first)
    bad = parsed.isna().to_numpy()
    if bad.any():  # trailing spaces: strip and parse those rows again before calling them bad
        again = parse_datetimes(text[bad].str.strip(), date_format, day_first)
        parsed[bad] = again
        bad = parsed.isna().to_numpy()
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        expected = f"a date as {date_format}" if date_format else "a date such as 2026-05-31 or 2026-05-31 14:05:00"
        raise EngagementError(f"expected {expected} (set feedback.format.date_format for other layouts), got "
                              f"{_short(text.iloc[row])}", file=filename, field=_where(column, row, before))
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_localize(None)
    return parsed.astype("datetime64[ns]")



def _journey_touchpoints(ctx: SectionContext) -> tuple[str, ...] | None:
    """Touchpoint ids of the engagement's journey section (None when it has none)."""
    from cxconsult import engagement as eng

    if "journey" not in eng.SECTION_PARSERS:
        return None
    raw = eng.read_yaml(ctx.folder, eng.ENGAGEMENT_FILE)
    if not isinstance(raw, Mapping) or raw.get("journey") is None:
        return None
    journey = eng._sections({"journey": raw["journey"]}, ctx.folder).get("journey")
    points = getattr(journey, "touchpoints", None) or ()
    return tuple(str(getattr(t, "id", t)) for t in points)


def load_codebook(language: str, folder: Path | None = None, filename: str | None = None):
    """The verbatim codebook: ``filename`` in the engagement ``folder`` when given, else the shipped
    ``data/themes/<language>.yaml``. Errors name the file."""
    from cxconsult.resources import resource_path
    from cxconsult.voc.themes import parse_codebook

    if filename:
        path, shown = Path(folder) / filename, filename
    else:
        try:
            path = resource_path(f"data/themes/{language}.yaml")
        except Exception:  # noqa: BLE001 - no shipped codebook for this language
            raise EngagementError(f"no shipped codebook for language {language!r}; give feedback.themes",
                                  file="feedback") from None
        shown = f"data/themes/{language}.yaml"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EngagementError("file not found; expected a theme codebook (YAML)", file=shown) from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise EngagementError(f"invalid YAML ({str(exc).splitlines()[0][:100]})", file=shown) from None
    try:
        return parse_codebook(raw, language)
    except ValueError as exc:
        raise EngagementError(str(exc), file=shown) from None


def _measures(raw: Any, ctx: SectionContext, metrics: tuple[str, ...], touchpoints: set[str]) -> tuple:
    from cxconsult.voc.dashboard import Measure

    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ctx.error("dashboard", "expected a list of measures")
    out = []
    for i, item in enumerate(raw):
        sub = ctx.sub("dashboard", i)
        if not isinstance(item, Mapping):
            raise sub.error("", "expected a mapping with id, label, kind, baseline, target")
        metric = item.get("metric")
        values = item.get("values")
        if (metric is None) == (values is None):
            raise sub.error("", "expected either 'metric' (computed from the feedback) or 'values' (a series)")
        if metric is not None and metric not in metrics:
            raise sub.error("metric", f"expected one of {', '.join(metrics)}; got {_short(metric)}")
        series: tuple = ()
        if values is not None:
            if not isinstance(values, Mapping) or not values:
                raise sub.error("values", "expected a mapping of month (YYYY-MM) to value")
            pairs = []
            for key, value in values.items():
                try:
                    pd.Period(str(key), "M")
                except ValueError:
                    raise sub.error("values", f"expected months as YYYY-MM, got {_short(key)}") from None
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
                    raise sub.error("values", f"expected a number for {key}, got {_short(value)}")
                pairs.append((str(key), float(value)))
            series = tuple(pairs)
        touchpoint = item.get("touchpoint")
        if touchpoint is not None and str(touchpoint) not in touchpoints:
            raise sub.error("touchpoint", f"no feedback at touchpoint {_short(touchpoint)}")
        drives = item.get("drives", [])
        drives = [drives] if isinstance(drives, str) else drives
        if not isinstance(drives, list):
            raise sub.error("drives", "expected a list of measure ids")
        higher = item.get("higher_is_better", True)
        if not isinstance(higher, bool):
            raise sub.error("higher_is_better", f"expected true or false, got {_short(higher)}")
        out.append(Measure(
            id=sub.text(item, "id"), label=sub.text(item, "label"),
            kind=sub.text(item, "kind", choices=KINDS),
            baseline=sub.number(item, "baseline"), target=sub.number(item, "target"),
            owner=sub.text(item, "owner", ""), metric=metric, touchpoint=str(touchpoint) if touchpoint else None,
            values=series, drives=tuple(map(str, drives)), higher_is_better=higher,
            unit=sub.text(item, "unit", "points" if metric == "nps" else "number", choices=UNITS)))
    ids = [m.id for m in out]
    for i, m in enumerate(out):
        unknown = [d for d in m.drives if d not in ids]
        if unknown:
            raise ctx.sub("dashboard", i).error("drives", f"unknown measure id(s) {', '.join(unknown)}")
    return tuple(out)


def parse(raw: Mapping[str, Any], ctx: SectionContext) -> FeedbackSection:
    """Validate the section and load its exports; see the module docstring."""
    from cxconsult.i18n import normalise_language

    known = {"file", "files", "format", "columns", "attributes", "attribute_labels", "scales", "language",
             "themes", "period", "dashboard", "outcome"}
    unknown = sorted(set(map(str, raw)) - known)
    if unknown:
        raise ctx.error(", ".join(unknown), f"unknown field; expected one of {', '.join(sorted(known))}")
    files = raw.get("files", raw.get("file"))
    files = [files] if isinstance(files, str) else files
    if not isinstance(files, list) or not files or not all(isinstance(f, str) and f.strip() for f in files):
        raise ctx.error("files", "expected the name of a CSV export or a list of them")
    fmt = ctx.mapping(raw, "format", required=False)
    fctx = ctx.sub("format")
    header_rows = int(fctx.number(fmt, "header_rows", 1, minimum=1, maximum=2, integer=True))
    skip_rows = int(fctx.number(fmt, "skip_rows", 0, minimum=0, maximum=20, integer=True))
    delimiter = fctx.text(fmt, "delimiter", ",")
    encoding = fctx.text(fmt, "encoding", "utf-8-sig")
    date_format = fctx.text(fmt, "date_format", "") or None
    day_first = bool(fmt.get("day_first", False))
    columns = ctx.mapping(raw, "columns")
    bad = sorted(set(map(str, columns)) - set(COLUMNS))
    if bad:
        raise ctx.sub("columns").error(bad[0], f"unknown column; expected some of {', '.join(COLUMNS)}")
    if "date" not in columns:
        raise ctx.sub("columns").error("date", "is missing; name the export's date column")
    if not any(s in columns for s in SCORES):
        raise ctx.error("columns", "expected at least one of nps, csat, ces")
    attributes = ctx.mapping(raw, "attributes", required=False)
    for key, value in list(columns.items()) + list(attributes.items()):
        if not isinstance(value, str) or not value.strip():
            raise ctx.error(f"columns.{key}", f"expected the export's column name, got {_short(value)}")
    scales_raw = ctx.mapping(raw, "scales", required=False)
    scales = dict(DEFAULT_SCALES)
    for key, value in scales_raw.items():
        if key not in ("csat", "ces", "attributes"):
            raise ctx.sub("scales").error(str(key), "expected csat, ces or attributes (NPS is always 0-10)")
        if (not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, (int, float))
                                                                      and not isinstance(v, bool) for v in value)
                or not value[0] < value[1]):
            raise ctx.sub("scales").error(str(key), f"expected [lowest, highest], got {_short(value)}")
        scales[key] = (float(value[0]), float(value[1]))
    engagement_raw = _engagement_raw(ctx)
    try:
        language = normalise_language(ctx.text(raw, "language", str(engagement_raw.get("language", "en"))))
    except ValueError as exc:
        raise ctx.error("language", str(exc)) from None
    journey = _journey_touchpoints(ctx)

    frames = []
    for filename in files:
        mapping = {**dict(columns), **dict(attributes)}
        numeric = {v for k, v in columns.items() if COLUMNS[k] == "score"} | set(attributes.values())
        frame, before = _read_export(ctx, filename, header_rows, skip_rows, delimiter, encoding,
                                     list(dict.fromkeys(mapping.values())), numeric)
        missing = [f"{v} ({k})" for k, v in mapping.items() if v not in frame.columns]
        if missing:
            found = ", ".join(map(str, frame.columns))
            raise EngagementError(f"missing column(s) {', '.join(missing)[:200]}; found {found[:200]}", file=filename)
        if frame.empty:
            raise EngagementError("has a header but no data rows", file=filename)
        out = pd.DataFrame(index=frame.index)
        for key, column in columns.items():
            kind = COLUMNS[key]
            if kind == "date":
                out[key] = _dates(frame[column], filename, column, before, date_format, day_first)
            elif kind == "score":
                low, high = scales[key]
                out[key] = _scores(frame[column], filename, column, before, low, high, key.upper())
            elif key in ("touchpoint", "channel", "segment", "language"):  # few distinct values: strip those
                codes = pd.Categorical(frame[column].fillna("").astype(str))
                stripped = np.asarray([str(c).strip() for c in codes.categories] or [""], dtype=object)
                out[key] = pd.Series(stripped[codes.codes], index=frame.index)
            else:
                out[key] = frame[column].fillna("")
        for key, column in attributes.items():
            low, high = scales["attributes"]
            out[str(key)] = _scores(frame[column], filename, column, before, low, high, str(key))
        if "verbatim" in columns and not (out["verbatim"] != "").any():
            raise EngagementError(f"column {columns['verbatim']!r} (verbatim) is empty in every row; expected "
                                  "customers' comments (or remove verbatim from feedback.columns)", file=filename)
        if "touchpoint" in columns:
            blank = (out["touchpoint"] == "").to_numpy()
            if blank.any():
                row = int(np.flatnonzero(blank)[0])
                raise EngagementError("touchpoint is blank; expected a touchpoint id", file=filename,
                                      field=_where(columns["touchpoint"], row, before))
            if journey is not None:
                unknown = ~out["touchpoint"].isin(journey).to_numpy()
                if unknown.any():
                    row = int(np.flatnonzero(unknown)[0])
                    raise EngagementError(
                        f"unknown touchpoint {_short(out['touchpoint'].iloc[row])}; expected a touchpoint id of "
                        f"the journey section ({', '.join(journey)[:200]})", file=filename,
                        field=_where(columns["touchpoint"], row, before))
        if "response_id" in columns:
            dup = out["response_id"].duplicated().to_numpy()
            if dup.any():
                row = int(np.flatnonzero(dup)[0])
                raise EngagementError(f"response id {_short(out['response_id'].iloc[row])} appears twice; "
                                      "expected one row per response", file=filename,
                                      field=_where(columns["response_id"], row, before))
        out["source"] = filename
        frames.append(out)
    data = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0].reset_index(drop=True)
    if "response_id" in columns and len(frames) > 1:
        dup = data["response_id"].duplicated()
        if dup.any():
            row = int(np.flatnonzero(dup.to_numpy())[0])
            raise EngagementError(f"response id {_short(data['response_id'].iloc[row])} is in more than one file "
                                  f"({data['source'].iloc[row]} and an earlier one)", file=str(data["source"].iloc[row]))
    for key, default in (("response_id", None), ("touchpoint", "all"), ("channel", "unspecified"),
                         ("segment", "unspecified"), ("language", language), ("verbatim", "")):
        if key not in data.columns:
            data[key] = [f"{i + 1}" for i in range(len(data))] if default is None else default
        elif key in ("channel", "segment"):
            data[key] = data[key].replace("", "unspecified")
    for key in ("touchpoint", "channel", "segment", "language"):
        data[key] = data[key].astype("category")
    data = data.sort_values("date", kind="stable").reset_index(drop=True)
    metrics = tuple(s for s in SCORES if s in columns)
    attribute_ids = tuple(map(str, attributes))
    labels_raw = ctx.mapping(raw, "attribute_labels", required=False)
    labels = {str(k): str(v) for k, v in labels_raw.items()}
    themes_file = ctx.text(raw, "themes", "")
    if themes_file:
        _inside(ctx, themes_file, "themes")
    codebook = load_codebook(language, ctx.folder, themes_file or None) if "verbatim" in columns else None
    period = ctx.text(raw, "period", "month", choices=("month", "week"))
    outcome = ctx.text(raw, "outcome", metrics[0], choices=metrics)
    touchpoints = tuple(sorted(map(str, data["touchpoint"].cat.categories)))
    measures = _measures(raw.get("dashboard"), ctx, metrics + attribute_ids, set(touchpoints))
    return FeedbackSection(data=data, files=tuple(files), metrics=metrics, attributes=attribute_ids,
                           attribute_labels=labels, scales=scales, language=language, codebook=codebook,
                           measures=measures, freq="M" if period == "month" else "W", outcome=outcome,
                           has_verbatims="verbatim" in columns, touchpoints=touchpoints)


def _engagement_raw(ctx: SectionContext) -> Mapping[str, Any]:
    from cxconsult import engagement as eng

    try:
        raw = eng.read_yaml(ctx.folder, eng.ENGAGEMENT_FILE)
    except EngagementError:
        return {}
    return raw if isinstance(raw, Mapping) else {}
