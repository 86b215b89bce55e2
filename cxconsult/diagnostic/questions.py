"""The 20-question CX diagnostic bank and the 8-step CX programme, loaded from ``data/``.

Questions are adapted from Barnes & Kelleher, *Customer Experience For Dummies* (Wiley, 2015),
in our own wording (``data/questions/SOURCES.md``); ids ``P1..P5`` people, ``T1..T5`` processes &
technology, ``C1..C5`` customers, ``F1..F5`` finance.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from cxconsult.engagement import AREAS, QUESTION_IDS
from cxconsult.errors import CxConsultError
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

    def step(self, number: int) -> Step:
        """The step with this number (1-8)."""
        return self.steps[number - 1]


def languages() -> list[str]:
    """Codes of the languages with a question bank, e.g. ``['en', 'fr', 'pt']``."""
    return sorted(p.stem for p in resource_path("data/questions").glob("*.yaml"))


def _check_language(language: str) -> None:
    available = languages()
    if language not in available:
        raise UnknownLanguageError(f"no question bank for language {language!r}; "
                                   f"available: {', '.join(available)}")


@lru_cache(maxsize=None)
def _bank(language: str) -> dict[str, Any]:
    _check_language(language)
    return yaml.safe_load(resource_path(f"data/questions/{language}.yaml").read_text(encoding="utf-8"))


def questions(language: str = "en") -> list[Question]:
    """The 20 diagnostic questions in ``language`` (``'en'``, ``'fr'``, ``'pt'``), in bank order."""
    bank = _bank(language)
    items = [Question(id=q["id"], area=q["area"], text=q["text"].strip(), good=q["good"].strip(),
                      steps=tuple(q["steps"]), language=language) for q in bank["questions"]]
    if tuple(q.id for q in items) != QUESTION_IDS or any(q.area not in AREAS for q in items):
        raise CxConsultError(f"question bank {language}.yaml is corrupt: expected ids P1..F5 in order")
    return items


def area_names(language: str = "en") -> dict[str, str]:
    """Display names of the four areas, keyed ``people``, ``process_technology``, ``customers``, ``finance``."""
    return dict(_bank(language)["areas"])


def scale_labels(language: str = "en") -> dict[int | str, str]:
    """Labels of the answers: keys 0-4 and ``'dk'`` (don't know)."""
    scale = _bank(language)["scale"]
    return {**{int(k): v for k, v in scale.items() if k != "dont_know"}, "dk": scale["dont_know"]}


@lru_cache(maxsize=None)
def programme(language: str = "en") -> Programme:
    """The 8-step CX programme and the RESOLVED method in ``language``."""
    _check_language(language)
    raw = yaml.safe_load(resource_path(f"data/programme/{language}.yaml").read_text(encoding="utf-8"))
    steps = tuple(Step(number=s["number"], key=s["key"], name=s["name"], summary=s["summary"].strip(),
                       first_actions=tuple(s["first_actions"])) for s in raw["steps"])
    letters = tuple((x["letter"], x["name"], x["text"]) for x in raw["resolved"]["letters"])
    return Programme(language, steps, raw["resolved"]["summary"].strip(), letters)
