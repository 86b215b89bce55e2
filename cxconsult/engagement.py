"""The engagement folder: ``engagement.yaml`` plus CSVs, read and validated at the edge.

``load_engagement(path)`` is the only place that reads a client's files. Every problem raises
:class:`~cxconsult.errors.EngagementError` naming the file, the field or row, and what was expected.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from cxconsult.errors import EngagementError
from cxconsult.sections.base import SectionContext, read_table

ENGAGEMENT_FILE = "engagement.yaml"
LANGUAGES = ("en", "fr", "pt")
AREAS = ("people", "process_technology", "customers", "finance")
AREA_PREFIX = {"P": "people", "T": "process_technology", "C": "customers", "F": "finance"}
QUESTION_IDS = tuple(f"{prefix}{n}" for prefix in AREA_PREFIX for n in range(1, 6))
DONT_KNOW = "dk"
_DONT_KNOW_SPELLINGS = {"dk", "don't know", "dont know", "dont_know", "?", "ne sais pas", "não sei"}
RESPONSE_COLUMNS = ("respondent", "role", "question", "answer")

#: Optional model sections and the parser module of each (``parse(raw, ctx)``).
SECTION_PARSERS = {
    "outlook": "cxconsult.sections.outlook",
    "retention": "cxconsult.sections.retention",
    "service_profit_chain": "cxconsult.sections.spc",
    "feedback": "cxconsult.sections.feedback",
}
_CORE_FIELDS = {"client", "industry", "date", "consultant", "language", "currency", "branding", "intake"}
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")


@dataclass(frozen=True)
class Branding:
    """Client branding for reports and apps: ``colour`` as ``#RRGGBB``, ``logo`` an image path or None."""

    colour: str = "#1F4E79"
    logo: Path | None = None


@dataclass(frozen=True, eq=False)
class Engagement:
    """A validated engagement folder.

    ``responses`` is the intake long table (respondent, role, question, answer) with answers as
    ``int`` 0-4 or ``"dk"`` (don't know), read from ``responses_file`` (relative to ``path``); it
    may be empty. ``sections`` holds the parsed optional
    model sections (``outlook``, ``retention``, ``service_profit_chain``) present in the file.
    """

    path: Path
    client: str
    date: dt.date
    language: str = "en"
    industry: str = ""
    consultant: str = ""
    currency: str = "EUR"
    branding: Branding = field(default_factory=Branding)
    responses_file: str = "responses.csv"
    responses: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RESPONSE_COLUMNS))
    sections: Mapping[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The folder name, used as the engagement's id in batch output."""
        return self.path.name

    def section(self, name: str) -> Any | None:
        """The parsed config of an optional section, or None when the engagement has none."""
        if name not in SECTION_PARSERS:
            raise KeyError(f"unknown section {name!r}; known: {', '.join(SECTION_PARSERS)}")
        return self.sections.get(name)

    @property
    def outlook(self) -> Any | None:
        """Parsed ``outlook`` section (contact-centre 36-month outlook), or None."""
        return self.sections.get("outlook")

    @property
    def retention(self) -> Any | None:
        """Parsed ``retention`` section (retention economics), or None."""
        return self.sections.get("retention")

    @property
    def spc(self) -> Any | None:
        """Parsed ``service_profit_chain`` section, or None."""
        return self.sections.get("service_profit_chain")

    @property
    def feedback(self) -> Any | None:
        """Parsed ``feedback`` section (voice of the customer: survey exports), or None."""
        return self.sections.get("feedback")


def engagement_folder(path: str | Path) -> Path:
    """The engagement folder for ``path`` (a folder, or its ``engagement.yaml``)."""
    path = Path(path).expanduser()
    folder = path.parent if path.name == ENGAGEMENT_FILE or path.suffix in {".yaml", ".yml"} else path
    if not folder.is_dir():
        raise EngagementError(f"engagement folder {str(folder)!r} does not exist", file=str(folder))
    if not (folder / ENGAGEMENT_FILE).is_file():
        raise EngagementError(f"file not found in {str(folder)!r}; every engagement folder needs one "
                              "(create one with `cxconsult new <dir> --client NAME`)", file=ENGAGEMENT_FILE)
    return folder.resolve()


def read_yaml(folder: Path, filename: str) -> Any:
    """Parse a YAML file of the engagement folder; syntax errors name the file and line."""
    path = folder / filename
    if not path.is_file():
        raise EngagementError("file not found", file=filename)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise EngagementError("is not UTF-8 text", file=filename) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise EngagementError(f"invalid YAML: {problem}", file=filename, field=where) from None


def load_engagement(path: str | Path) -> Engagement:
    """Read and validate an engagement folder (or its ``engagement.yaml``).

    Raises
    ------
    EngagementError
        For a missing file, bad YAML, an unknown or mistyped field, an unknown question id or an
        answer out of range; the message names the file and field or row.
    """
    folder = engagement_folder(path)
    raw = read_yaml(folder, ENGAGEMENT_FILE)
    ctx = SectionContext(folder, ENGAGEMENT_FILE, "")
    if not isinstance(raw, Mapping):
        raise EngagementError(f"expected a mapping of fields at the top level, got {type(raw).__name__}",
                              file=ENGAGEMENT_FILE)
    unknown = sorted(set(map(str, raw)) - _CORE_FIELDS - set(SECTION_PARSERS))
    if unknown:
        known = ", ".join(sorted(_CORE_FIELDS | set(SECTION_PARSERS)))
        raise EngagementError(f"unknown field; expected one of {known}", file=ENGAGEMENT_FILE,
                              field=", ".join(unknown))
    intake = ctx.mapping(raw, "intake", required=False)
    responses_file = ctx.sub("intake").text(intake, "responses", "responses.csv")
    return Engagement(
        path=folder,
        client=ctx.text(raw, "client"),
        date=_date(raw.get("date"), ctx),
        language=ctx.text(raw, "language", "en", choices=LANGUAGES),
        industry=ctx.text(raw, "industry", ""),
        consultant=ctx.text(raw, "consultant", ""),
        currency=ctx.text(raw, "currency", "EUR"),
        branding=_branding(ctx.mapping(raw, "branding", required=False), ctx.sub("branding")),
        responses_file=responses_file,
        responses=load_responses(folder, responses_file),
        sections=_sections(raw, folder),
    )


def _date(value: Any, ctx: SectionContext) -> dt.date:
    if value is None:
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ctx.error("date", f"expected a date as YYYY-MM-DD, got {value!r}") from None


def _branding(raw: Mapping[str, Any], ctx: SectionContext) -> Branding:
    colour = ctx.text(raw, "colour", Branding.colour)
    if not _HEX_COLOUR.match(colour):
        raise ctx.error("colour", f"expected a hex colour like #1F4E79, got {colour!r}")
    logo = ctx.text(raw, "logo", "")
    logo_path = None
    if logo:
        logo_path = ctx.folder / logo
        if not logo_path.is_file():
            raise ctx.error("logo", f"image file {logo!r} not found in the engagement folder")
        if logo_path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".svg"}:
            raise ctx.error("logo", f"expected a .png, .jpg or .svg image, got {logo!r}")
    return Branding(colour=colour, logo=logo_path)


def parse_answer(value: Any) -> int | str:
    """One diagnostic answer as ``int`` 0-4 or ``"dk"``; raises ``ValueError`` otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"expected 0-4 or 'dk' (don't know), got {value!r}")
    if value is None:
        return DONT_KNOW
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _DONT_KNOW_SPELLINGS:
            return DONT_KNOW
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected 0-4 or 'dk' (don't know), got {value!r}") from None
    if isinstance(value, (int, float)) and float(value).is_integer() and 0 <= value <= 4:
        return int(value)
    raise ValueError(f"expected a whole number 0-4 or 'dk' (don't know), got {value!r}")


def load_responses(folder: Path, filename: str = "responses.csv") -> pd.DataFrame:
    """The intake answers CSV as a validated long table; errors name the file, column and row."""
    frame = read_table(folder, filename, dict.fromkeys(RESPONSE_COLUMNS, "text"), allow_empty=True)
    answers = []
    for row, (respondent, question, answer) in enumerate(
            zip(frame["respondent"], frame["question"], frame["answer"]), start=1):
        if not respondent:
            raise EngagementError("respondent is empty; expected a name or id", file=filename,
                                  field=f"column 'respondent', row {row}")
        if question.upper() not in QUESTION_IDS:
            raise EngagementError(f"unknown question id {question!r}; expected one of P1-P5, T1-T5, "
                                  "C1-C5, F1-F5", file=filename, field=f"column 'question', row {row}")
        try:
            answers.append(parse_answer(answer))
        except ValueError as exc:
            raise EngagementError(str(exc), file=filename, field=f"column 'answer', row {row}") from None
    frame["question"] = frame["question"].str.upper()
    frame["answer"] = pd.Series(answers, index=frame.index, dtype=object)
    frame["role"] = frame["role"].replace("", "unspecified")
    duplicated = frame.duplicated(["respondent", "question"], keep="first")
    if duplicated.any():
        row = int(duplicated.to_numpy().nonzero()[0][0]) + 1
        raise EngagementError(f"respondent {frame['respondent'].iloc[row - 1]!r} answers question "
                              f"{frame['question'].iloc[row - 1]} twice; expected one answer each",
                              file=filename, field=f"row {row}")
    return frame[list(RESPONSE_COLUMNS)].reset_index(drop=True)


def _sections(raw: Mapping[str, Any], folder: Path) -> dict[str, Any]:
    parsed: dict[str, Any] = {}
    for name, module in SECTION_PARSERS.items():
        value = raw.get(name)
        if value is None:
            continue
        file = ENGAGEMENT_FILE
        if isinstance(value, str):  # the section lives in its own YAML file
            file = value
            value = read_yaml(folder, file)
            if isinstance(value, Mapping) and set(value) == {name}:
                value = value[name]
        if not isinstance(value, Mapping):
            raise EngagementError(f"expected a mapping of fields or the name of a YAML file, got "
                                  f"{type(value).__name__}", file=file, field=name)
        ctx = SectionContext(folder, file, name)
        parsed[name] = importlib.import_module(module).parse(value, ctx)
    return parsed
