"""The participant page built without a browser: widgets driven in Python, answers checked in the store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cxconsult.apps.workshop import WorkshopApp, build_workshop
from cxconsult.store import ResponseStore


def join(engagement: Path, name: str = "Ana Lima", role: str = "Frontline agent", **kwargs) -> WorkshopApp:
    app = build_workshop(engagement, "", **kwargs).cx_app
    app.name_box.value, app.role_box.value = name, role
    app.start_button.click()
    return app


def test_welcome_page_shows_client_and_languages(engagement: Path):
    widget = build_workshop(engagement, "")
    app = widget.cx_app
    assert "Aurora Telecom" in app.body.children[0].value
    assert [value for _, value in app.language_picker.options] == ["en", "fr", "pt-BR", "pt-PT", "zh", "ru"]
    # no roles in the sample's engagement.yaml: the default list, then "other"
    assert [value for _, value in app.role_box.options] == ["", "Frontline agent", "Team leader", "Manager",
                                                             "Executive", "Support function", "other"]
    assert not (engagement / "responses.db").exists()  # opening the page writes nothing


def test_roles_come_from_engagement_yaml(engagement: Path):
    yaml = engagement / "engagement.yaml"
    yaml.write_text(yaml.read_text() + "roles: [Conseiller, Chef d'équipe, <b>DAF</b>]\n")
    app = build_workshop(engagement, "").cx_app
    assert [value for _, value in app.role_box.options] == ["", "Conseiller", "Chef d'équipe", "<b>DAF</b>", "other"]
    app.name_box.value, app.role_box.value = "<script>x</script>", "<b>DAF</b>"
    app.start_button.click()
    assert app.respondent.role == "<b>DAF</b>"
    # the participant's name reaches an HTML widget escaped
    assert "&lt;script&gt;x&lt;/script&gt;" in app.body.children[0].value and "<script>" not in app.body.children[0].value


def test_switching_language_keeps_what_was_typed(engagement: Path):
    app = build_workshop(engagement, "").cx_app
    app.name_box.value = "Marta"
    app.role_box.value = "Team leader"
    app.language_picker.value = "pt-PT"
    assert app.start_button.description == "Começar"
    assert app.name_box.value == "Marta" and app.role_box.value == "Team leader"
    assert ("Chefe de equipa", "Team leader") in app.role_box.options  # shown translated, stored in English
    app.start_button.click()
    assert app.respondent.language == "pt-PT" and app.respondent.role == "Team leader"
    assert "Pessoas 0/5" in app.chips.value  # area names come from the Portuguese bank


def test_name_and_role_are_required(engagement: Path):
    app = join(engagement, name="  ")
    assert app.respondent is None and app.banner.kind == "error"
    assert "name" in app.banner.text
    app = join(engagement, role="")
    assert app.respondent is None and "role" in app.banner.text
    assert ResponseStore(engagement).respondents().empty


def test_answers_are_saved_at_once_and_page_moves_on(engagement: Path):
    app = join(engagement)
    assert app.question_id == "P1"
    app.answer_buttons[3].click()
    app.answer_buttons["dk"].click()
    assert app.question_id == "P3"
    assert app.progress_bar.value == 2 and "2 of 20" in app.progress_label.value
    store = ResponseStore(engagement)
    assert store.answer_map(app.respondent.id) == {"P1": 3, "P2": "dk"}
    app.back_button.click()
    assert app.question_id == "P2" and app.answer_buttons["dk"].button_style == "primary"
    app.answer_buttons[1].click()  # changing an answer updates it; history keeps both
    assert store.answer_map(app.respondent.id) == {"P1": 3, "P2": 1}
    assert store.history()["answer"].tolist() == [3, "dk", 1]


@pytest.mark.parametrize("bad", [5, -1, 2.5, "3", None, True, "maybe"])
def test_bad_values_never_reach_the_store(engagement: Path, bad):
    app = join(engagement)
    app.answer(bad)
    assert app.banner.kind == "error" and "expected" in app.banner.text
    assert app.answers == {} and app.pending == {} and app.question_id == "P1"
    assert ResponseStore(engagement).answers().empty


def test_reload_with_key_resumes_at_first_open_question(engagement: Path):
    app = join(engagement)
    for value in (4, 3, 2):
        app.answer(value)
    again = build_workshop(engagement, f"token=abc&key={app.respondent.resume_key}").cx_app
    assert again.respondent == app.respondent
    assert again.answers == {"P1": 4, "P2": 3, "P3": 2} and again.question_id == "P4"
    assert "Welcome back" in again.banner.text
    unknown = build_workshop(engagement, "key=nope").cx_app
    assert unknown.respondent is None and unknown.start_button is not None


def test_same_name_and_role_never_opens_someone_elses_answers(engagement: Path):
    first = join(engagement)
    first.answer(1)
    second = join(engagement, name="ana lima")
    assert second.respondent.id != first.respondent.id and second.answers == {}


def test_private_code_resumes_on_another_device(engagement: Path):
    first = join(engagement)
    first.answer(2)
    code = first.respondent.code
    assert code[:4] in first.code_note.value  # shown to its owner
    other = build_workshop(engagement, "").cx_app
    other.code_box.value = "nope"
    other.resume_button.click()
    assert other.respondent is None and other.banner.kind == "error"
    other.code_box.value = f"{code[:4].lower()}-{code[4:]}"
    other.resume_button.click()
    assert other.respondent.id == first.respondent.id and other.answers == {"P1": 2} and other.question_id == "P2"


def test_all_twenty_answered_says_thank_you(engagement: Path):
    app = join(engagement)
    for i in range(20):
        app.answer(i % 5 if i % 7 else "dk")
    assert len(ResponseStore(engagement).answer_map(app.respondent.id)) == 20
    assert "Thank you" in app.banner.text and app.question_id == "F5"


def test_locked_store_keeps_answers_in_the_page_until_saved(engagement: Path):
    store = ResponseStore(engagement, timeout_s=0.1)
    app = join(engagement, store=store)
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        app.answer(2)
        app.answer(3)  # the page stays on P1 while unsaved, so this replaces the pending P1 answer
        assert app.pending == {"P1": 3} and app.answers == {"P1": 3}
        assert app.banner.kind == "error" and "Not saved yet" in app.banner.text and "locked" in app.banner.text
        assert app.retry_button.layout.display == ""
        app.retry_button.click()
        assert app.pending == {"P1": 3}
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    app.retry_button.click()
    assert app.pending == {} and app.retry_button.layout.display == "none"
    assert store.answer_map(app.respondent.id) == {"P1": 3}
    app.next_button.click()
    app.answer(0)
    assert store.answer_map(app.respondent.id) == {"P1": 3, "P2": 0}


def test_pending_answers_saved_with_the_next_answer(engagement: Path):
    store = ResponseStore(engagement, timeout_s=0.1)
    app = join(engagement, store=store)
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    app.answer(4)
    app.next_button.click()
    blocker.execute("ROLLBACK")
    blocker.close()
    app.answer("dk")
    assert app.pending == {} and store.answer_map(app.respondent.id) == {"P1": 4, "P2": "dk"}


def test_unwritable_store_at_registration_shows_a_clear_message(engagement: Path):
    store = ResponseStore(engagement / "missing-folder" / "responses.db")
    app = join(engagement, store=store)
    assert app.respondent is None and app.banner.kind == "error"
    assert "cannot be written" in app.banner.text or "does not exist" in app.banner.text


@pytest.mark.parametrize("roles, field", [
    ("Agent", "roles"), ([], "roles"), (["Agent", "Agent"], "roles[1]"), (["x" * 41], "roles[0]"),
    (["Agent", ""], "roles[1]"), ([["nested"]], "roles[0]"), ([f"r{i}" for i in range(21)], "roles"),
])
def test_bad_roles_in_engagement_yaml_are_named(engagement: Path, roles, field):
    import json

    from cxconsult.engagement import load_engagement
    from cxconsult.errors import EngagementError

    yaml = engagement / "engagement.yaml"
    yaml.write_text(yaml.read_text() + f"roles: {json.dumps(roles)}\n")
    with pytest.raises(EngagementError) as info:
        load_engagement(engagement)
    assert info.value.file == "engagement.yaml" and info.value.field == field and "expected" in str(info.value)


def test_roles_are_trimmed_and_kept_in_order(engagement: Path):
    from cxconsult.engagement import load_engagement

    yaml = engagement / "engagement.yaml"
    yaml.write_text(yaml.read_text() + "roles: ['  Agent ', Team   leader, 2024 hire]\n")
    assert load_engagement(engagement).roles == ("Agent", "Team leader", "2024 hire")
