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

from cxconsult.benchmark import SECTORS, Profile
from cxconsult.errors import EngagementError, shown
from cxconsult.i18n import LANGUAGES, normalise_language
from cxconsult.sections.base import (MAX_YAML_BYTES, MAX_YAML_DEPTH, SafeYamlLoader, SectionContext,
                                     currency_code, inside, parse_yaml, read_table)

ENGAGEMENT_FILE = "engagement.yaml"
AREAS = ("people", "process_technology", "customers", "finance")
AREA_PREFIX = {"P": "people", "T": "process_technology", "C": "customers", "F": "finance"}
QUESTION_IDS = tuple(f"{prefix}{n}" for prefix in AREA_PREFIX for n in range(1, 6))
DONT_KNOW = "dk"
_DONT_KNOW_SPELLINGS = {"dk", "don't know", "dont know", "dont_know", "?", "ne sais pas", "não sei", "não sabe",
                        "不知道", "не знаю"}
RESPONSE_COLUMNS = ("respondent", "role", "question", "answer")

#: Optional model sections and the parser module of each (``parse(raw, ctx)``).
SECTION_PARSERS = {
    "outlook": "cxconsult.sections.outlook",
    "retention": "cxconsult.sections.retention",
    "service_profit_chain": "cxconsult.sections.spc",
    "journey": "cxconsult.sections.journey",
    "feedback": "cxconsult.sections.feedback",
}
_CORE_FIELDS = {"client", "industry", "date", "consultant", "language", "currency", "branding", "intake", "roles", "profile"}
_HEX_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
#: Plausible engagement dates.
DATE_RANGE = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))
#: Largest logo embedded into a report.
MAX_LOGO_BYTES = 5 * 1024 * 1024


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
    roles: tuple[str, ...] = ()  # workshop participants' roles (empty: the apps' default list; "other" always allowed)
    profile: Profile | None = None  # sector and headcount, for the practice benchmark (None: not given)

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
    def journey(self) -> Any | None:
        """Parsed ``journey`` section (customer journey and touchpoint map), or None."""
        return self.sections.get("journey")

    @property
    def feedback(self) -> Any | None:
        """Parsed ``feedback`` section (voice of the customer: survey exports), or None."""
        return self.sections.get("feedback")


def engagement_folder(path: str | Path) -> Path:
    """The engagement folder for ``path`` (a folder, or its ``engagement.yaml``)."""
    path = Path(path).expanduser()
    folder = path.parent if path.name == ENGAGEMENT_FILE or path.suffix in {".yaml", ".yml"} else path
    if not folder.is_dir():
        raise EngagementError(f"engagement folder {shown(str(folder))} does not exist", file=shown(str(folder))[1:-1])
    if not (folder / ENGAGEMENT_FILE).is_file():
        raise EngagementError(f"file not found in {shown(str(folder))}; every engagement folder needs one "
                              "(create one with `cxconsult new <dir> --client NAME`)", file=ENGAGEMENT_FILE)
    return folder.resolve()


def read_yaml(folder: Path, filename: str, *, named_in: str | None = None) -> Any:
    """Parse a YAML file of the engagement folder; syntax errors name the file and line.

    ``named_in`` (``"engagement.yaml: outlook"``) says where the file's name was written, for errors.

    The file must lie inside ``folder`` (symlinks resolved) and be at most :data:`MAX_YAML_BYTES`;
    anchors and aliases are refused (:class:`SafeYamlLoader`) and nesting is capped at
    :data:`MAX_YAML_DEPTH` levels.
    """
    path = inside(folder, filename, file=named_in or shown(str(filename))[1:-1], what="YAML file")
    if not path.is_file():
        raise EngagementError("file not found" + (f" (named in {named_in})" if named_in else ""), file=filename)
    return parse_yaml(path, filename)


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
                              field=shown(", ".join(unknown))[1:-1])
    intake = ctx.mapping(raw, "intake", required=False)
    responses_file = ctx.sub("intake").text(intake, "responses", "responses.csv")
    return Engagement(
        path=folder,
        client=ctx.text(raw, "client"),
        date=_date(raw.get("date"), ctx),
        language=_language(ctx.text(raw, "language", "en"), ctx),
        industry=ctx.text(raw, "industry", ""),
        consultant=ctx.text(raw, "consultant", ""),
        currency=currency_code(ctx, raw, "currency", "EUR"),
        branding=_branding(ctx.mapping(raw, "branding", required=False), ctx.sub("branding")),
        responses_file=responses_file,
        responses=load_responses(folder, responses_file),
        sections=_sections(raw, folder),
        roles=_roles(raw.get("roles")),
        profile=_profile(raw, ctx),
    )


#: Largest headcount accepted in ``profile.employees``.
MAX_EMPLOYEES = 10_000_000


def _profile(raw: Mapping[str, Any], ctx: SectionContext) -> Profile | None:
    """``profile: {sector: telecom, employees: 5200}``: a sector of :data:`cxconsult.benchmark.SECTORS` and a
    whole number of employees (1 to 10 million); absent gives None."""
    if raw.get("profile") is None:
        return None
    value = ctx.mapping(raw, "profile")
    sub = ctx.sub("profile")
    unknown = sorted(set(map(str, value)) - {"sector", "employees"})
    if unknown:
        raise sub.error(unknown[0], "unknown field; expected sector and employees")
    sector = sub.text(value, "sector").strip().lower()
    if sector not in SECTORS:
        raise sub.error("sector", f"expected one of {', '.join(SECTORS)}; got {shown(sector)}")
    employees = sub.number(value, "employees", minimum=1, maximum=MAX_EMPLOYEES, integer=True)
    return Profile(sector, int(employees))


def _roles(value: Any) -> tuple[str, ...]:
    """``roles:`` a list of 1-20 distinct role names (each 1-40 characters); absent gives ``()``."""
    if value is None:
        return ()
    if not isinstance(value, list) or not 1 <= len(value) <= 20:
        raise EngagementError("expected a list of 1 to 20 role names", file=ENGAGEMENT_FILE, field="roles")
    roles: list[str] = []
    for i, item in enumerate(value):
        text = " ".join(str(item).split()) if isinstance(item, (str, int)) and not isinstance(item, bool) else ""
        if not 1 <= len(text) <= 40 or text in roles:
            raise EngagementError(f"expected a distinct name of 1-40 characters, got {str(item)[:80]!r}",
                                  file=ENGAGEMENT_FILE, field=f"roles[{i}]")
        roles.append(text)
    return tuple(roles)


def _language(value: str, ctx: SectionContext) -> str:
    """The normalised code (``"pt"`` -> ``"pt-BR"``, ``"zh-CN"`` -> ``"zh"``), so old spellings still load."""
    try:
        return normalise_language(value)
    except ValueError:
        raise ctx.error("language", f"expected one of {', '.join(LANGUAGES)}; got {shown(value)}") from None


def _date(value: Any, ctx: SectionContext) -> dt.date:
    if value is None:
        return dt.date.today()
    date: dt.date | None = None
    if isinstance(value, dt.datetime):
        date = value.date()
    elif isinstance(value, dt.date):
        date = value
    elif isinstance(value, str) and len(value) <= 40:
        try:
            date = dt.date.fromisoformat(value.strip())
        except ValueError:
            date = None
    if date is None:
        raise ctx.error("date", f"expected a real date as YYYY-MM-DD, got {shown(value)}")
    low, high = DATE_RANGE
    if not low <= date <= high:
        raise ctx.error("date", f"expected a date from {low} to {high}, got {date}")
    return date


def _branding(raw: Mapping[str, Any], ctx: SectionContext) -> Branding:
    colour = ctx.text(raw, "colour", Branding.colour)
    if not _HEX_COLOUR.match(colour):
        raise ctx.error("colour", f"expected a hex colour like #1F4E79, got {shown(colour)}")
    logo = ctx.text(raw, "logo", "")
    logo_path = None
    if logo:
        logo_path = ctx.path(logo, "logo", "logo image")  # refused when outside the engagement folder
        if logo_path.suffix.lower() not in {".png", ".jpg", ".jpeg", ".svg"}:
            raise ctx.error("logo", f"expected a .png, .jpg or .svg image, got {shown(logo)}")
        if not logo_path.is_file():
            raise ctx.error("logo", f"image file {shown(logo)} not found in the engagement folder")
        if logo_path.stat().st_size > MAX_LOGO_BYTES:
            raise ctx.error("logo", f"image file {shown(logo)} is larger than "
                            f"{MAX_LOGO_BYTES // 1024**2} MB; expected a small logo")
    return Branding(colour=colour, logo=logo_path)


def parse_answer(value: Any) -> int | str:
    """One diagnostic answer as ``int`` 0-4 or ``"dk"``; raises ``ValueError`` otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"expected 0-4 or 'dk' (don't know), got {shown(value)}")
    if value is None:
        return DONT_KNOW
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _DONT_KNOW_SPELLINGS:
            return DONT_KNOW
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"expected 0-4 or 'dk' (don't know), got {shown(value)}") from None
    if isinstance(value, (int, float)) and 0 <= value <= 4 and float(value).is_integer():
        return int(value)
    raise ValueError(f"expected a whole number 0-4 or 'dk' (don't know), got {shown(value)}")


def load_responses(folder: Path, filename: str = "responses.csv") -> pd.DataFrame:
    """The intake answers CSV as a validated long table; errors name the file, column and row."""
    frame = read_table(folder, filename, dict.fromkeys(RESPONSE_COLUMNS, "text"), allow_empty=True,
                       referenced_from=f"{ENGAGEMENT_FILE}: intake.responses")
    answers = []
    for row, (respondent, question, answer) in enumerate(
            zip(frame["respondent"], frame["question"], frame["answer"]), start=1):
        if not respondent:
            raise EngagementError("respondent is empty; expected a name or id", file=filename,
                                  field=f"column 'respondent', row {row}")
        if question.upper() not in QUESTION_IDS:
            raise EngagementError(f"unknown question id {shown(question)}; expected one of P1-P5, T1-T5, "
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
        raise EngagementError(f"respondent {shown(frame['respondent'].iloc[row - 1])} answers question "
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
        if isinstance(value, str):  # the section lives in its own YAML file (inside the folder)
            file = value
            value = read_yaml(folder, file, named_in=f"{ENGAGEMENT_FILE}: {name}")
            if isinstance(value, Mapping) and set(value) == {name}:
                value = value[name]
        if not isinstance(value, Mapping):
            raise EngagementError(f"expected a mapping of fields or the name of a YAML file, got "
                                  f"{type(value).__name__}", file=file, field=name)
        ctx = SectionContext(folder, file, name)
        try:
            parsed[name] = importlib.import_module(module).parse(value, ctx)
        except EngagementError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, ArithmeticError, RecursionError,
                MemoryError) as exc:
            # the promise of this module: only EngagementError, naming the file and section, whatever a
            # section parser meets (a ModelError from a model's own checks lands here too)
            raise EngagementError(f"cannot be read ({type(exc).__name__}: {shown(str(exc), 160)[1:-1]})",
                                  file=file, field=name) from exc
    return parsed
