"""Diagnostic waves and the action log in ``intake:``: old files load unchanged, errors name file, field, row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cxconsult import EngagementError, load_engagement
from cxconsult.engagement import ActionRecord, Wave

MINIMAL = "client: Acme Ltd\ndate: 2026-06-30\n"
HEADER = "respondent,role,question,answer\n"
ACTIONS = "action,status,date,owner,note\n"


def make(tmp_path: Path, intake: str, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "engagement.yaml").write_text(MINIMAL + intake, encoding="utf-8")
    (folder / "responses.csv").write_text(HEADER + "Ann,CEO,P1,3\n", encoding="utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def error_of(folder: Path) -> EngagementError:
    with pytest.raises(EngagementError) as info:
        load_engagement(folder)
    return info.value


WAVES = """intake:
  responses: responses.csv
  wave: "2026 H1"
  waves:
    - {label: "2025 H2", date: 2025-11-20, responses: w2.csv}
    - {date: 2025-05-02, responses: w1.csv}
  actions: actions.csv
"""
FILES = {"w1.csv": HEADER + "Ann,CEO,P1,1\n", "w2.csv": HEADER + "Ann,CEO,P1,2\nBo,Agent,C1,dk\n",
         "actions.csv": ACTIONS + "touchpoint_maps,done,2026-02-01,Head of CX,Mapped\n"
                                  "business_case,planned,,,\ncustomer_feedback,Started,2026-03-05,Ana,\n"}


def test_an_engagement_without_waves_has_one_wave_dated_by_the_engagement(tmp_path):
    engagement = load_engagement(make(tmp_path, "intake:\n  responses: responses.csv\n"))
    (wave,) = engagement.waves
    assert isinstance(wave, Wave)
    assert (wave.label, wave.date) == ("2026-06-30", dt.date(2026, 6, 30))
    assert wave.responses is engagement.responses
    assert engagement.actions == () and engagement.current_wave == "2026-06-30"


def test_waves_are_sorted_by_date_and_the_last_is_the_current_responses(tmp_path):
    engagement = load_engagement(make(tmp_path, WAVES, FILES))
    waves = engagement.waves
    assert [w.label for w in waves] == ["2025-05-02", "2025 H2", "2026 H1"]  # a wave without label: its date
    assert [w.date for w in waves] == [dt.date(2025, 5, 2), dt.date(2025, 11, 20), dt.date(2026, 6, 30)]
    assert waves[-1].responses is engagement.responses
    assert waves[1].responses["answer"].tolist() == [2, "dk"]
    assert engagement.actions == (
        ActionRecord("touchpoint_maps", "done", dt.date(2026, 2, 1), "Head of CX", "Mapped"),
        ActionRecord("business_case", "planned", None, "", ""),
        ActionRecord("customer_feedback", "started", dt.date(2026, 3, 5), "Ana", ""))


def test_the_sample_clients_have_two_waves_and_an_action_log(sample_path):
    for name in ("aurora-telecom", "lumiere-energie", "northwind-retail", "banco-serra-azul"):
        engagement = load_engagement(sample_path.parent / name)
        assert len(engagement.waves) == 2, name
        earlier, later = engagement.waves
        assert 6 <= (later.date - earlier.date).days / 30.4 <= 12, name
        shared = set(earlier.responses["respondent"]) & set(later.responses["respondent"])
        assert 0 < len(shared) < later.responses["respondent"].nunique(), name
        assert {a.status for a in engagement.actions} >= {"done", "planned"}, name


@pytest.mark.parametrize(("waves", "field", "words"), [
    ("[{label: a, date: 2025-01-01, responses: w1.csv}, {label: b, date: 2025-01-01, responses: w2.csv}]",
     "intake.waves[1].date", "expected distinct wave dates"),
    ("[{date: 2026-06-30, responses: w1.csv}]", "intake.waves[0].date", "the current wave"),
    ("[{date: 2026-07-01, responses: w1.csv}]", "intake.waves[0].date", "after the engagement's date"),
    ("[{label: x, date: 2025-01-01, responses: w1.csv}, {label: x, date: 2025-02-01, responses: w2.csv}]",
     "intake.waves[1].label", "distinct labels"),
    ("[{date: 2025-01-01, responses: responses.csv}]", "intake.waves[0].responses", "one file per wave"),
    ("[{date: 2025-01-01}]", "intake.waves[0].responses", "missing"),
    ("[{responses: w1.csv}]", "intake.waves[0].date", "missing"),
    ("[{date: 2025-13-01, responses: w1.csv}]", "intake.waves[0].date", "YYYY-MM-DD"),
    ("[{date: 2025-01-01, responses: w1.csv, colour: red}]", "intake.waves[0].colour", "unknown field"),
    ("w1.csv", "intake.waves", "expected a list"),
    ("[w1.csv]", "intake.waves[0]", "expected a mapping"),
])
def test_bad_waves_name_the_field(tmp_path, waves, field, words):
    exc = error_of(make(tmp_path, f"intake:\n  waves: {waves}\n", FILES))
    assert (exc.file, exc.field) == ("engagement.yaml", field)
    assert words in str(exc)


def test_a_wave_file_outside_the_folder_is_refused(tmp_path):
    (tmp_path / "outside.csv").write_text(HEADER + "Eve,Spy,P1,4\n", encoding="utf-8")
    exc = error_of(make(tmp_path, "intake:\n  waves: [{date: 2025-01-01, responses: ../outside.csv}]\n"))
    assert (exc.file, exc.field) == ("engagement.yaml", "intake.waves[0].responses")
    assert "is outside the engagement folder" in str(exc)


def test_a_bad_row_of_an_earlier_wave_names_its_file_and_row(tmp_path):
    exc = error_of(make(tmp_path, "intake:\n  waves: [{date: 2025-01-01, responses: w1.csv}]\n",
                        {"w1.csv": HEADER + "Ann,CEO,P1,3\nAnn,CEO,Z9,3\n"}))
    assert (exc.file, exc.field) == ("w1.csv", "column 'question', row 2")
    (tmp_path / "b").mkdir()
    missing = error_of(make(tmp_path / "b", "intake:\n  waves: [{date: 2025-01-01, responses: nope.csv}]\n"))
    assert missing.file == "nope.csv" and "intake.waves[0].responses" in str(missing)


@pytest.mark.parametrize(("row", "field", "words"), [
    ("send_flowers,done,2026-01-01,,", "column 'action', row 2", "unknown action"),
    ("touchpoint_maps,finished,2026-01-01,,", "column 'status', row 2", "planned, started, done"),
    ("touchpoint_maps,done,,,", "column 'date', row 2", "needs the date"),
    ("touchpoint_maps,done,01/02/2026,,", "column 'date', row 2", "YYYY-MM-DD"),
    ("touchpoint_maps,planned,," + "x" * 81 + ",", "column 'owner', row 2", "at most 80"),
])
def test_bad_action_rows_name_file_column_and_row(tmp_path, row, field, words):
    exc = error_of(make(tmp_path, "intake:\n  actions: log.csv\n",
                        {"log.csv": ACTIONS + "business_case,planned,,,\n" + row + "\n"}))
    assert (exc.file, exc.field) == ("log.csv", field)
    assert words in str(exc)


def test_action_log_needs_its_columns(tmp_path):
    exc = error_of(make(tmp_path, "intake:\n  actions: log.csv\n", {"log.csv": "action,status\n"}))
    assert exc.file == "log.csv" and "missing column(s) date, owner, note" in str(exc)
