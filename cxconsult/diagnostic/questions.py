"""The 20-question CX diagnostic bank and the 8-step CX programme, loaded from ``data/``.

Questions are adapted from Barnes & Kelleher, *Customer Experience For Dummies* (Wiley, 2015),
in our own wording (``data/questions/SOURCES.md``); ids ``P1..P5`` people, ``T1..T5`` processes &
technology, ``C1..C5`` customers, ``F1..F5`` finance.

One bank and one programme per language of :data:`cxconsult.i18n.LANGUAGES`
(``data/questions/<code>.yaml``, ``data/programme/<code>.yaml``); every function accepts any spelling
:func:`~cxconsult.i18n.normalise_language` accepts (``"pt"`` is Brazilian Portuguese, ``"zh-CN"`` Chinese).
Area names and the answer scale are shared words and live in the ``core`` message catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from cxconsult.engagement import AREAS, QUESTION_IDS
from cxconsult.errors import CxConsultError
from cxconsult.i18n import LANGUAGES, normalise_language, translator
from cxconsult.resources import resource_path

class UnknownLanguageError(CxConsultError, ValueError):
    """A language with no question bank; the message lists the available ones."""


@dataclass(frozen=True)
class Question:
    """One diagnostic question: ``steps`` are the 8-step programme steps it feeds, primary first."""

    id: str
    area: str
    text: str
    good: str
    steps: tuple[int, ...]
    language: str = "en"


@dataclass(frozen=True)
class Step:
    """One step of the 8-step CX programme."""

    number: int
    key: str
    name: str
    summary: str
    first_actions: tuple[str, ...]


@dataclass(frozen=True)
class Programme:
    """The 8-step CX programme plus the RESOLVED complaint-handling method, in one language."""

    language: str
    steps: tuple[Step, ...]
    resolved_summary: str
    resolved_letters: tuple[tuple[str, str, str], ...]  # (letter, name, text)
    #: Outside English: a sentence saying that RESOLVED is an English acronym (each letter's ``name``
    #: then carries its English word, e.g. ``"Répondre à la personne (Respond)"``).
    resolved_note: str = ""
    #: The English word behind each letter (``"Respond"``, ``"Empathise"``...), in letter order.
    resolved_english: tuple[str, ...] = ()

    def step(self, number: int) -> Step:
        """The step with this number (1-8)."""
        return self.steps[number - 1]


def languages() -> list[str]:
    """Codes of the languages with a question bank, in :data:`~cxconsult.i18n.LANGUAGES` order."""
    return [code for code in LANGUAGES if resource_path(f"data/questions/{code}.yaml").is_file()]


def _language(language: str) -> str:
    """The normalised code of ``language``; :class:`UnknownLanguageError` lists the ones available."""
    try:
        code = normalise_language(language)
    except ValueError:
        code = None
    available = languages()
    if code not in available:
        raise UnknownLanguageError(f"no question bank for language {str(language)[:20]!r}; "
                                   f"available: {', '.join(available)}")
    return code


def _read(folder: str, language: str) -> dict[str, Any]:
    return yaml.safe_load(resource_path(f"data/{folder}/{language}.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _bank(language: str) -> dict[str, Any]:
    return _read("questions", language)


def questions(language: str = "en") -> list[Question]:
    """The 20 diagnostic questions in ``language`` (``'en'``, ``'fr'``, ``'pt-BR'``...), in bank order."""
    code = _language(language)
    bank = _bank(code)
    items = [Question(id=q["id"], area=q["area"], text=q["text"].strip(), good=q["good"].strip(),
                      steps=tuple(q["steps"]), language=code) for q in bank["questions"]]
    if tuple(q.id for q in items) != QUESTION_IDS or any(q.area not in AREAS for q in items):
        raise CxConsultError(f"question bank {code}.yaml is corrupt: expected ids P1..F5 in order")
    return items


def area_names(language: str = "en") -> dict[str, str]:
    """Display names of the four areas, keyed ``people``, ``process_technology``, ``customers``, ``finance``."""
    tr = translator(_language(language))
    return {"people": tr._("People"), "process_technology": tr._("Processes & technology"),
            "customers": tr._("Customers"), "finance": tr._("Finance")}


def scale_labels(language: str = "en") -> dict[int | str, str]:
    """Labels of the answers: keys 0-4 and ``'dk'`` (don't know)."""
    tr = translator(_language(language))
    return {0: tr.pgettext("maturity scale", "Not at all"), 1: tr.pgettext("maturity scale", "Started"),
            2: tr.pgettext("maturity scale", "Partly"), 3: tr.pgettext("maturity scale", "Largely"),
            4: tr.pgettext("maturity scale", "Fully"), "dk": tr._("Don't know")}


@lru_cache(maxsize=None)
def programme(language: str = "en") -> Programme:
    """The 8-step CX programme and the RESOLVED method in ``language``."""
    code = _language(language)
    raw = _read("programme", code)
    steps = tuple(Step(number=s["number"], key=s["key"], name=s["name"], summary=s["summary"].strip(),
                       first_actions=tuple(s["first_actions"])) for s in raw["steps"])
    resolved = raw["resolved"]
    english = tuple(str(x["english"]) for x in resolved["letters"])
    brackets = "（{}）" if code == "zh" else " ({})"
    letters = tuple((x["letter"], x["name"] if code == "en" else x["name"] + brackets.format(x["english"]),
                     x["text"].strip()) for x in resolved["letters"])
    return Programme(code, steps, resolved["summary"].strip(), letters,
                     resolved_note=str(resolved.get("note", "")).strip(), resolved_english=english)
