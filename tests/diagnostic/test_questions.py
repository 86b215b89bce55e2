"""The question bank: 20 questions, same structure in every language, clear language errors."""

from __future__ import annotations

import pytest

from cxconsult.diagnostic import UnknownLanguageError, area_names, languages, programme, questions, scale_labels

IDS = [f"{a}{n}" for a in "PTCF" for n in range(1, 6)]


def test_languages():
    assert languages() == ["en", "fr", "pt"]


@pytest.mark.parametrize("language", ["en", "fr", "pt"])
def test_bank_structure(language):
    bank = questions(language)
    english = questions("en")
    assert [q.id for q in bank] == IDS
    assert [(q.area, q.steps) for q in bank] == [(q.area, q.steps) for q in english]
    assert all(q.text.endswith("?") and q.good for q in bank)
    assert {q.area for q in bank[:5]} == {"people"} and {q.area for q in bank[-5:]} == {"finance"}
    assert all(1 <= s <= 8 for q in bank for s in q.steps)
    assert set(area_names(language)) == {"people", "process_technology", "customers", "finance"}
    assert set(scale_labels(language)) == {0, 1, 2, 3, 4, "dk"}


@pytest.mark.parametrize("language", ["en", "fr", "pt"])
def test_programme_has_eight_steps_and_resolved(language):
    plan = programme(language)
    assert [s.number for s in plan.steps] == list(range(1, 9))
    assert "20" in plan.step(3).summary  # the 20-working-day redesign (seed 001)
    assert "".join(letter for letter, _, _ in plan.resolved_letters) == "RESOLVED"


def test_every_step_is_fed_by_a_question():
    fed = {s for q in questions() for s in q.steps}
    assert fed == set(range(1, 9))


def test_unknown_language_lists_available():
    with pytest.raises(UnknownLanguageError, match="available: en, fr, pt"):
        questions("de")
    with pytest.raises(ValueError):
        programme("xx")
