"""The question bank and the programme: 20 questions and 8 steps, same structure in all six languages.

Wording checks hold each bank to seeds 000 (pt) and 001 (fr), read in the project's shared CX-FACTS.md
("Fidelity to the seeds"): P3 asks about *new* hires' *competencies* and skills, T2 is the "press 0 in
the IVR" question (not widened), C5 says responsible *and* accountable, the French C3 is "respond".
"""

from __future__ import annotations

import re

import pytest

from cxconsult.diagnostic import UnknownLanguageError, area_names, languages, programme, questions, scale_labels
from cxconsult.i18n import LANGUAGES

IDS = [f"{a}{n}" for a in "PTCF" for n in range(1, 6)]
OTHERS = [code for code in LANGUAGES if code != "en"]
QUESTION_MARK = {"zh": "？"}
RESOLVED_ENGLISH = ("Respond", "Empathise", "Seek", "Open", "Listen", "Verify", "Eliminate", "Document")


def test_languages_are_the_six_of_i18n_in_order():
    assert languages() == ["en", "fr", "pt-BR", "pt-PT", "zh", "ru"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_bank_structure(language):
    bank = questions(language)
    english = questions("en")
    assert [q.id for q in bank] == IDS
    assert [(q.area, q.steps) for q in bank] == [(q.area, q.steps) for q in english]
    assert all(q.text.endswith(QUESTION_MARK.get(language, "?")) and q.good for q in bank)
    assert all(q.language == language for q in bank)
    assert {q.area for q in bank[:5]} == {"people"} and {q.area for q in bank[-5:]} == {"finance"}
    assert all(1 <= s <= 8 for q in bank for s in q.steps)
    assert set(area_names(language)) == {"people", "process_technology", "customers", "finance"}
    assert set(scale_labels(language)) == {0, 1, 2, 3, 4, "dk"}


@pytest.mark.parametrize("language", OTHERS)
def test_translated_text_differs_from_english(language):
    english = {q.id: q.text for q in questions("en")}
    assert all(q.text != english[q.id] for q in questions(language))
    assert area_names(language)["people"] != "People" and scale_labels(language)["dk"] != "Don't know"
    assert scale_labels(language)[0] != "Not at all"


def test_area_names_and_scale_come_from_the_catalogs():
    assert area_names("fr") == {"people": "Collaborateurs", "process_technology": "Processus et technologie",
                                "customers": "Clients", "finance": "Finance"}
    assert area_names("zh")["process_technology"] == "流程与技术"
    assert scale_labels("ru") == {0: "Совсем нет", 1: "Начато", 2: "Частично", 3: "В основном",
                                  4: "Полностью", "dk": "Не знаю"}
    assert scale_labels("pt-PT")[0] != scale_labels("pt-BR")[0] != "Nada"  # the terse "Nada" is gone


@pytest.mark.parametrize(("spelling", "code"), [("pt", "pt-BR"), ("pt_BR", "pt-BR"), ("PT-pt", "pt-PT"),
                                                 ("zh-CN", "zh"), ("zh_Hans", "zh"), ("FR", "fr"), ("ru-RU", "ru")])
def test_every_spelling_of_normalise_language_is_accepted(spelling, code):
    assert questions(spelling) == questions(code)
    assert programme(spelling).language == code
    assert area_names(spelling) == area_names(code)


def test_seed_drifts_are_mended():
    en = {q.id: q.text for q in questions("en")}
    assert "new" in en["P3"] and "competencies" in en["P3"]
    assert "press 0" in en["T2"] and "for example" not in en["T2"]
    assert "responsible and accountable" in en["C5"]
    fr = {q.id: q.text for q in questions("fr")}
    assert fr["C3"].startswith("Répondez-vous") and "Traitez" not in fr["C3"]
    assert "nouveaux" in fr["P3"] and "compétences" in fr["P3"]
    br = {q.id: q.text for q in questions("pt-BR")}
    assert "sua equipe" in br["P5"] and "suas pessoas" not in br["P5"]
    assert "novos" in br["P3"] and "competências" in br["P3"]
    pt = {q.id: q.text for q in questions("pt-PT")}
    assert "equipa" in pt["P5"] and "contacto" in pt["T3"]  # European Portuguese, not Brazilian
    assert not any(re.search(r"\b(você|equipe|contato|celular)\b", q.text + q.good) for q in questions("pt-PT"))
    assert "新" in {q.id: q.text for q in questions("zh")}["P3"] and "0" in questions("zh")[6].text
    assert "новые" in {q.id: q.text for q in questions("ru")}["P3"]


def test_french_uses_a_narrow_no_break_space_before_double_punctuation():
    texts = [q.text for q in questions("fr")] + [q.good for q in questions("fr")]
    plan = programme("fr")
    texts += [plan.resolved_summary, plan.resolved_note] + [s.summary for s in plan.steps]
    texts += [a for s in plan.steps for a in s.first_actions] + [t for _, _, t in plan.resolved_letters]
    joined = "\n".join(texts)
    assert "\u202f?" in joined and "\u202f:" in joined
    bad = [t for t in texts if re.search(r"[ \u00a0][?!:;]|[^\u202f][?!;:](?=\s|$)", t)]
    assert bad == []
    assert "«\u202fpropriétaire\u202f»" in questions("fr")[14].text


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_has_eight_steps_and_resolved(language):
    plan = programme(language)
    assert [s.number for s in plan.steps] == list(range(1, 9))
    assert [s.key for s in plan.steps] == [s.key for s in programme("en").steps]
    assert all(len(s.first_actions) == 3 for s in plan.steps)
    assert "20" in plan.step(3).summary  # the 20-working-day redesign (seed 001)
    assert "".join(letter for letter, _, _ in plan.resolved_letters) == "RESOLVED"
    assert plan.resolved_english == RESOLVED_ENGLISH


@pytest.mark.parametrize("language", OTHERS)
def test_resolved_says_the_acronym_is_english_and_names_each_word(language):
    plan = programme(language)
    assert "RESOLVED" in plan.resolved_note
    assert plan.resolved_note != programme("en").resolved_note
    for (letter, name, _), word in zip(plan.resolved_letters, RESOLVED_ENGLISH):
        assert word.startswith(letter) and word in name  # "Répondre à la personne (Respond)"
    english_names = [name for _, name, _ in programme("en").resolved_letters]
    assert all(name not in english_names for _, name, _ in plan.resolved_letters)


def test_english_resolved_has_no_note_and_plain_names():
    plan = programme("en")
    assert plan.resolved_note == ""
    assert plan.resolved_letters[0][1] == "Respond to the person"


def test_every_step_is_fed_by_a_question():
    fed = {s for q in questions() for s in q.steps}
    assert fed == set(range(1, 9))


def test_unknown_language_lists_available():
    with pytest.raises(UnknownLanguageError, match="available: en, fr, pt-BR, pt-PT, zh, ru"):
        questions("de")
    with pytest.raises(ValueError):
        programme("xx")
    with pytest.raises(UnknownLanguageError):
        area_names("klingon")


def _all_text(language: str) -> list[str]:
    plan = programme(language)
    return ([q.text for q in questions(language)] + [q.good for q in questions(language)]
            + [plan.resolved_summary, plan.resolved_note] + [s.name for s in plan.steps]
            + [s.summary for s in plan.steps] + [a for s in plan.steps for a in s.first_actions]
            + [name for _, name, _ in plan.resolved_letters] + [text for _, _, text in plan.resolved_letters])


def test_chinese_uses_full_width_punctuation():
    assert [t for t in _all_text("zh") if re.search(r"[,;:?!()]", t)] == []


@pytest.mark.parametrize(("language", "foreign"), [
    ("pt-BR", r"equipas?|contactos?|registar|telemóvel|guardad\w*|utilizador\w*"),  # European words
    ("pt-PT", r"você|equipes?|contatos?|registrar|celular|usuári\w*"),  # Brazilian words
])
def test_each_portuguese_keeps_its_own_words(language, foreign):
    assert [t for t in _all_text(language) if re.search(rf"\b({foreign})\b", t, re.IGNORECASE)] == []
