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
    "complaints": "cxconsult.sections.complaints",
}
#: ``intake:`` reads ``responses`` (the current wave's file), ``wave`` (its label), ``waves`` (earlier waves)
#: and ``actions`` (the action log); other keys are ignored, as they always were, so older files load unchanged.
#: Columns of the action log ``actions.csv`` and the statuses an action may have.
ACTION_COLUMNS = ("action", "status", "date", "owner", "note")
ACTION_STATUSES = ("planned", "started", "done")
MAX_WAVES = 20
_CORE_FIELDS = {"client", "industry", "date", "consultant", "language", "currency", "branding", "intake", "roles"}
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
class Wave:
    """One dated diagnostic wave: its ``label`` (``"2025 H2"``, default the date), ``date`` and the
    answers long table ``responses`` (as :attr:`Engagement.responses`)."""

    label: str
    date: dt.date
    responses: pd.DataFrame


@dataclass(frozen=True)
class ActionRecord:
    """One row of the action log (``intake.actions``): the roadmap action ``action`` (a playbook key such
    as ``touchpoint_maps``), its ``status`` (planned, started or done), the ``date`` of that status (None
    when not given), the ``owner`` and a free ``note``."""

    action: str
    status: str
    date: dt.date | None
    owner: str = ""
    note: str = ""


@dataclass(frozen=True, eq=False)
class Engagement:
    """A validated engagement folder.

    ``responses`` is the intake long table (respondent, role, question, answer) with answers as
    ``int`` 0-4 or ``"dk"`` (don't know), read from ``responses_file`` (relative to ``path``); it
    may be empty. ``sections`` holds the parsed optional
    model sections (``outlook``, ``retention``, ``service_profit_chain``) present in the file.
    ``waves`` lists every diagnostic wave, oldest first, the current ``responses`` last (``intake.waves``
    holds the earlier ones); ``actions`` is the action log (``intake.actions``).
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
    wave_label: str = ""  # label of the current wave (intake.wave; empty: the engagement's date)
    earlier_waves: tuple[Wave, ...] = ()  # intake.waves, sorted by date
    actions: tuple[ActionRecord, ...] = ()  # intake.actions: the action log

    @property
    def current_wave(self) -> str:
        """Label of the current wave: ``intake.wave``, else the engagement's date (``YYYY-MM-DD``)."""
        return self.wave_label or self.date.isoformat()

    @property
    def waves(self) -> tuple[Wave, ...]:
        """Every diagnostic wave, oldest first; the last is the current one (``responses``)."""
        return (*self.earlier_waves, Wave(self.current_wave, self.date, self.responses))

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

    @property
    def complaints(self) -> Any | None:
        """Parsed ``complaints`` section (complaint log from a CRM or ticketing tool), or None."""
        return self.sections.get("complaints")


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
    intake_ctx = ctx.sub("intake")
    responses_file = intake_ctx.text(intake, "responses", "responses.csv")
    date = _date(raw.get("date"), ctx)
    wave_label = _wave_label(intake.get("wave"), intake_ctx.field("wave"))
    return Engagement(
        path=folder,
        client=ctx.text(raw, "client"),
        date=date,
        language=_language(ctx.text(raw, "language", "en"), ctx),
        industry=ctx.text(raw, "industry", ""),
        consultant=ctx.text(raw, "consultant", ""),
        currency=currency_code(ctx, raw, "currency", "EUR"),
        branding=_branding(ctx.mapping(raw, "branding", required=False), ctx.sub("branding")),
        responses_file=responses_file,
        responses=load_responses(folder, responses_file),
        sections=_sections(raw, folder),
        roles=_roles(raw.get("roles")),
        wave_label=wave_label,
        earlier_waves=_waves(intake.get("waves"), folder, date, wave_label or date.isoformat(), responses_file),
        actions=_actions(folder, intake_ctx.text(intake, "actions", "")),
    )


def _wave_label(value: Any, field: str) -> str:
    """A wave label: 1-40 characters (a number or a date is read as text); None gives ``""``."""
    if value is None:
        return ""
    text = " ".join(str(value).split()) if isinstance(value, (str, int, dt.date)) and not isinstance(value, bool) \
        else ""
    if not 1 <= len(text) <= 40:
        raise EngagementError(f"expected a label of 1-40 characters, got {shown(value)}", file=ENGAGEMENT_FILE,
                              field=field)
    return text


def _waves(value: Any, folder: Path, date: dt.date, current: str, current_file: str) -> tuple[Wave, ...]:
    """``intake.waves``: earlier waves, each ``{label, date, responses}``; sorted by date.

    Dates are distinct, before the engagement's date (the current wave's); labels are distinct; each
    file lies inside the folder and is not the current wave's file.
    """
    if value is None:
        return ()
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_WAVES:
        raise EngagementError(f"expected a list of 1 to {MAX_WAVES} earlier waves, each with label, date and "
                              "responses", file=ENGAGEMENT_FILE, field="intake.waves")
    waves: list[Wave] = []
    dates = {date: "the current wave (the engagement's date)"}
    labels = {current}
    files = {current_file}
    for i, item in enumerate(value):
        where = f"intake.waves[{i}]"
        wctx = SectionContext(folder, ENGAGEMENT_FILE, where)
        if not isinstance(item, Mapping):
            raise EngagementError(f"expected a mapping with label, date and responses, got {type(item).__name__}",
                                  file=ENGAGEMENT_FILE, field=where)
        unknown = sorted(set(map(str, item)) - {"label", "date", "responses"})
        if unknown:
            raise wctx.error(shown(", ".join(unknown))[1:-1], "unknown field; expected label, date, responses")
        if item.get("date") is None:
            raise wctx.error("date", "missing; expected the date of the wave as YYYY-MM-DD")
        when = _date(item.get("date"), wctx)
        if when in dates:
            raise wctx.error("date", f"{when} is also the date of {dates[when]}; expected distinct wave dates")
        if when > date:
            raise wctx.error("date", f"{when} is after the engagement's date {date}; the current wave is the "
                                     "latest (list earlier waves only)")
        dates[when] = f"intake.waves[{i}]"
        label = _wave_label(item.get("label"), wctx.field("label")) or when.isoformat()
        if label in labels:
            raise wctx.error("label", f"{shown(label)} is used by another wave; expected distinct labels")
        labels.add(label)
        filename = wctx.text(item, "responses")
        if filename in files:
            raise wctx.error("responses", f"{shown(filename)} is the file of another wave; expected one file "
                                          "per wave")
        files.add(filename)
        responses = load_responses(folder, filename, referenced_from=f"{ENGAGEMENT_FILE}: {where}.responses")
        waves.append(Wave(label, when, responses))
    return tuple(sorted(waves, key=lambda w: w.date))


def _actions(folder: Path, filename: str) -> tuple[ActionRecord, ...]:
    """The action log CSV (``action, status, date, owner, note``); errors name the file, column and row."""
    if not filename:
        return ()
    from cxconsult.diagnostic.recommendations import HORIZONS  # the playbook's action keys

    frame = read_table(folder, filename, dict.fromkeys(ACTION_COLUMNS, "text"), allow_empty=True,
                       referenced_from=f"{ENGAGEMENT_FILE}: intake.actions")
    if len(frame) > 500:
        raise EngagementError(f"has {len(frame)} rows; expected at most 500 actions", file=filename)
    records = []
    for row, values in enumerate(frame[list(ACTION_COLUMNS)].itertuples(index=False), start=1):
        action, status, when, owner, note = (str(v) for v in values)
        if action not in HORIZONS:
            raise EngagementError(f"unknown action {shown(action)}; expected one of {', '.join(HORIZONS)}",
                                  file=filename, field=f"column 'action', row {row}")
        status = status.lower()
        if status not in ACTION_STATUSES:
            raise EngagementError(f"expected a status {', '.join(ACTION_STATUSES)}, got {shown(status)}",
                                  file=filename, field=f"column 'status', row {row}")
        date = None
        if when:
            try:
                date = dt.date.fromisoformat(when) if len(when) <= 10 else None
            except ValueError:
                date = None
            if date is None or not DATE_RANGE[0] <= date <= DATE_RANGE[1]:
                raise EngagementError(f"expected a date as YYYY-MM-DD, got {shown(when)}", file=filename,
                                      field=f"column 'date', row {row}")
        elif status != "planned":
            raise EngagementError(f"an action {status} needs the date it was {status}; expected YYYY-MM-DD",
                                  file=filename, field=f"column 'date', row {row}")
        for column, text, cap in (("owner", owner, 80), ("note", note, 500)):
            if len(text) > cap:
                raise EngagementError(f"expected at most {cap} characters, got {len(text)}", file=filename,
                                      field=f"column {column!r}, row {row}")
        records.append(ActionRecord(action, status, date, " ".join(owner.split()), " ".join(note.split())))
    return tuple(records)


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


def load_responses(folder: Path, filename: str = "responses.csv", *,
                   referenced_from: str = f"{ENGAGEMENT_FILE}: intake.responses") -> pd.DataFrame:
    """The intake answers CSV as a validated long table; errors name the file, column and row."""
    frame = read_table(folder, filename, dict.fromkeys(RESPONSE_COLUMNS, "text"), allow_empty=True,
                       referenced_from=referenced_from)
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
