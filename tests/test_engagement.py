"""Loader tests: every kind of bad input gives an EngagementError naming the file and field."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from cxconsult import EngagementError, load_engagement
from cxconsult.errors import CxConsultError

MINIMAL = "client: Acme Ltd\ndate: 2026-01-15\n"
HEADER = "respondent,role,question,answer\n"


def make(tmp_path: Path, yaml_text: str = MINIMAL, responses: str | None = HEADER + "Ann,CEO,P1,3\n") -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "engagement.yaml").write_text(yaml_text, encoding="utf-8")
    if responses is not None:
        (folder / "responses.csv").write_text(responses, encoding="utf-8")
    return folder


def error_of(folder: Path) -> EngagementError:
    with pytest.raises(EngagementError) as info:
        load_engagement(folder)
    return info.value


def test_sample_engagement_loads(sample_path):
    engagement = load_engagement(sample_path)
    assert engagement.client == "Aurora Telecom"
    assert engagement.date == dt.date(2026, 11, 23)
    assert engagement.responses["respondent"].nunique() == 8
    assert set(engagement.responses["answer"]) <= {0, 1, 2, 3, 4, "dk"}


def test_accepts_the_yaml_file_path_and_defaults(tmp_path):
    folder = make(tmp_path)
    engagement = load_engagement(folder / "engagement.yaml")
    assert engagement.path == folder.resolve()
    assert (engagement.language, engagement.currency, engagement.branding.colour) == ("en", "EUR", "#1F4E79")
    assert engagement.responses.to_dict("records") == [
        {"respondent": "Ann", "role": "CEO", "question": "P1", "answer": 3}]


def test_dont_know_spellings_and_lowercase_ids(tmp_path):
    folder = make(tmp_path, responses=HEADER + "Ann,CEO,p1,DK\nAnn,CEO,T2,don't know\nBo,,F5,4\n")
    frame = load_engagement(folder).responses
    assert frame["answer"].tolist() == ["dk", "dk", 4]
    assert frame["question"].tolist() == ["P1", "T2", "F5"]
    assert frame["role"].tolist() == ["CEO", "CEO", "unspecified"]


def test_error_is_a_value_error_in_the_tree(tmp_path):
    exc = error_of(make(tmp_path, "client: [unclosed\n"))
    assert isinstance(exc, ValueError) and isinstance(exc, CxConsultError)


def test_missing_folder(tmp_path):
    exc = error_of(tmp_path / "nowhere")
    assert "does not exist" in str(exc)


def test_missing_engagement_yaml(tmp_path):
    (tmp_path / "empty").mkdir()
    exc = error_of(tmp_path / "empty")
    assert exc.file == "engagement.yaml" and "not found" in str(exc)


def test_bad_yaml_names_line(tmp_path):
    exc = error_of(make(tmp_path, "client: Acme\ndate: [2026\n"))
    assert exc.file == "engagement.yaml"
    assert "invalid YAML" in str(exc) and "line" in str(exc)


def test_top_level_not_a_mapping(tmp_path):
    exc = error_of(make(tmp_path, "- just\n- a list\n"))
    assert "engagement.yaml" in str(exc) and "mapping" in str(exc)


def test_missing_client(tmp_path):
    exc = error_of(make(tmp_path, "date: 2026-01-01\n"))
    assert (exc.file, exc.field) == ("engagement.yaml", "client")
    assert "missing" in str(exc)


def test_wrong_type(tmp_path):
    exc = error_of(make(tmp_path, "client: 42\n"))
    assert exc.field == "client" and "expected non-empty text" in str(exc)


def test_bad_date(tmp_path):
    exc = error_of(make(tmp_path, MINIMAL.replace("2026-01-15", "15/01/2026")))
    assert exc.field == "date" and "YYYY-MM-DD" in str(exc)


def test_unknown_field_is_a_typo(tmp_path):
    exc = error_of(make(tmp_path, MINIMAL + "clinet: Acme\n"))
    assert exc.field == "clinet" and "unknown field" in str(exc)


def test_unknown_language_lists_choices(tmp_path):
    exc = error_of(make(tmp_path, MINIMAL + "language: de\n"))
    assert exc.field == "language" and "en, fr, pt" in str(exc)


def test_bad_colour(tmp_path):
    exc = error_of(make(tmp_path, MINIMAL + "branding:\n  colour: purple\n"))
    assert exc.field == "branding.colour" and "#1F4E79" in str(exc)


def test_missing_logo(tmp_path):
    exc = error_of(make(tmp_path, MINIMAL + "branding:\n  logo: logo.png\n"))
    assert exc.field == "branding.logo" and "not found" in str(exc)


def test_missing_responses_file(tmp_path):
    exc = error_of(make(tmp_path, responses=None))
    assert exc.file == "responses.csv" and "not found" in str(exc)


def test_missing_column(tmp_path):
    exc = error_of(make(tmp_path, responses="respondent,question,answer\nAnn,P1,3\n"))
    assert exc.file == "responses.csv" and "role" in str(exc)


def test_unknown_question_id(tmp_path):
    exc = error_of(make(tmp_path, responses=HEADER + "Ann,CEO,P1,3\nAnn,CEO,Q7,2\n"))
    assert exc.file == "responses.csv"
    assert exc.field == "column 'question', row 2" and "'Q7'" in str(exc)


@pytest.mark.parametrize("answer", ["5", "-1", "2.5", "yes"])
def test_answer_out_of_range(tmp_path, answer):
    exc = error_of(make(tmp_path, responses=HEADER + f"Ann,CEO,P1,{answer}\n"))
    assert (exc.file, exc.field) == ("responses.csv", "column 'answer', row 1")
    assert "0-4" in str(exc)


def test_duplicate_answer(tmp_path):
    exc = error_of(make(tmp_path, responses=HEADER + "Ann,CEO,P1,3\nAnn,CEO,P1,2\n"))
    assert exc.file == "responses.csv" and exc.field == "row 2" and "twice" in str(exc)


def test_unreadable_csv(tmp_path):
    exc = error_of(make(tmp_path, responses=HEADER + 'Ann,CEO,"P1,3\n'))
    assert exc.file == "responses.csv" and "CSV" in str(exc)


def test_empty_responses_allowed(tmp_path):
    assert load_engagement(make(tmp_path, responses=HEADER)).responses.empty


def test_section_in_its_own_file_must_be_a_mapping(tmp_path):
    folder = make(tmp_path, MINIMAL + "outlook: outlook.yaml\n")
    (folder / "outlook.yaml").write_text("- not a mapping\n")
    exc = error_of(folder)
    assert exc.file == "outlook.yaml" and exc.field == "outlook"


def test_section_file_missing(tmp_path):
    exc = error_of(make(tmp_path, MINIMAL + "retention: retention.yaml\n"))
    assert exc.file == "retention.yaml" and "not found" in str(exc)


def test_sample_copy_is_independent(sample_copy, sample_path):
    shutil.rmtree(sample_copy)
    assert (sample_path / "engagement.yaml").is_file()
