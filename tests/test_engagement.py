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


# -- issue 10: hostile and careless input ----------------------------------------------------------------

def _bomb(levels: int = 9) -> str:
    """A YAML alias bomb: 9 levels of 9 references expand to 9**9 (387 million) strings."""
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_at_once_naming_file_and_line(tmp_path):
    import time

    folder = make(tmp_path, MINIMAL + _bomb())
    start = time.perf_counter()
    exc = error_of(folder)
    assert time.perf_counter() - start < 2
    assert exc.file == "engagement.yaml" and exc.field == "line 3, column 5"  # the first anchor
    assert "anchors (&'a0') are not allowed" in str(exc) and len(str(exc)) < 200


def test_a_plain_alias_is_refused_too(tmp_path):
    exc = error_of(make(tmp_path, "client: &c Acme\nconsultant: *c\n"))
    assert exc.file == "engagement.yaml" and "not allowed" in str(exc)


@pytest.mark.parametrize("nesting", ["[" * 5000 + "]" * 5000, "[" * 25 + "]" * 25])
def test_deep_nesting_is_an_engagement_error(tmp_path, nesting):
    exc = error_of(make(tmp_path, MINIMAL + f"branding: {nesting}\n"))
    assert exc.file == "engagement.yaml" and exc.field.startswith("line 3")
    assert "nest" in str(exc)


def test_deep_block_nesting_names_the_line(tmp_path):
    deep = "branding:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40)) + "  " * 40 + "v\n"
    exc = error_of(make(tmp_path, MINIMAL + deep))
    assert "nested more than 20 levels deep" in str(exc) and exc.field.startswith("line ")


@pytest.mark.parametrize(("date", "words"), [
    ("2026-13-45", "expected a real date as YYYY-MM-DD, got '2026-13-45'"),
    ("2026-02-30", "got '2026-02-30'"),
    ("'next week'", "got 'next week'"),
    ("1066-10-14", "expected a date from 1990-01-01 to 2100-12-31, got 1066-10-14"),
    ("9999-12-31", "to 2100-12-31"),
])
def test_bad_dates_name_the_field(tmp_path, date, words):
    exc = error_of(make(tmp_path, f"client: Acme\ndate: {date}\n"))
    assert (exc.file, exc.field) == ("engagement.yaml", "date")
    assert words in str(exc)


@pytest.mark.parametrize("digits", [400, 5000])
def test_huge_integers_are_named_briefly(tmp_path, digits):
    huge = "1" + "0" * digits
    folder = make(tmp_path, MINIMAL + "retention:\n  margin_per_customer_per_period: " + huge + "\n")
    exc = error_of(folder)
    assert (exc.file, exc.field) == ("engagement.yaml", "retention.margin_per_customer_per_period")
    assert "expected a number >= 0 and <= 1e+07" in str(exc) and len(str(exc)) < 250


def test_long_values_are_cut_to_about_80_characters(tmp_path):
    exc = error_of(make(tmp_path, "client: Acme\nlanguage: " + "y" * 100_000 + "\n"))
    assert (exc.file, exc.field) == ("engagement.yaml", "language")
    assert "(100002 characters)" in str(exc) and len(str(exc)) < 200


def test_yaml_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    from cxconsult.sections import base

    monkeypatch.setattr(base, "MAX_YAML_BYTES", 1000)
    exc = error_of(make(tmp_path, MINIMAL + "# " + "x" * 2000 + "\n"))
    assert exc.file == "engagement.yaml" and "the largest YAML file read is" in str(exc)


def test_csv_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from cxconsult.sections import base

    monkeypatch.setattr(base, "MAX_CSV_BYTES", 100)
    exc = error_of(make(tmp_path, responses=HEADER + "Ann,CEO,P1,3\n" * 20))
    assert exc.file == "responses.csv" and "the largest CSV read is" in str(exc)


def test_bad_encodings_are_named(tmp_path):
    folder = make(tmp_path)
    (folder / "engagement.yaml").write_bytes("client: Café\n".encode("latin-1"))
    exc = error_of(folder)
    assert exc.file == "engagement.yaml" and "is not UTF-8 text (byte 11)" in str(exc)
    (folder / "engagement.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "responses.csv").write_bytes((HEADER + "José,CEO,P1,3\n").encode("latin-1"))
    exc = error_of(folder)
    assert exc.file == "responses.csv" and "not UTF-8" in str(exc)


@pytest.mark.parametrize(("yaml_text", "file", "field"), [
    ("outlook: ../../../../../../etc/passwd\n", "engagement.yaml: outlook", None),
    ("intake: {responses: /etc/passwd}\n", "engagement.yaml", "intake.responses"),
    ("intake: {responses: ../outside.csv}\n", "engagement.yaml", "intake.responses"),
    ("branding: {logo: ../logo.png}\n", "engagement.yaml", "branding.logo"),
])
def test_paths_outside_the_folder_are_refused_before_opening(tmp_path, yaml_text, file, field):
    (tmp_path / "outside.csv").write_text(HEADER + "Eve,Spy,P1,4\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    exc = error_of(make(tmp_path, MINIMAL + yaml_text))
    assert (exc.file, exc.field) == (file, field)
    assert "is outside the engagement folder" in str(exc)


def test_symlinks_pointing_out_are_refused(tmp_path):
    folder = make(tmp_path, MINIMAL + "branding: {logo: logo.png}\n")
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "logo.png").symlink_to(secret)
    exc = error_of(folder)
    assert exc.field == "branding.logo" and "outside the engagement folder" in str(exc)
    (folder / "engagement.yaml").write_text(MINIMAL, encoding="utf-8")
    (folder / "responses.csv").unlink()
    (folder / "responses.csv").symlink_to("/etc/passwd")
    exc = error_of(folder)
    assert exc.field == "intake.responses" and "outside" in str(exc)


def test_symlinks_inside_the_folder_are_fine(tmp_path):
    folder = make(tmp_path, MINIMAL + "intake: {responses: answers.csv}\n")
    (folder / "answers.csv").symlink_to(folder / "responses.csv")
    assert len(load_engagement(folder).responses) == 1


def test_a_nul_byte_in_a_file_name_is_named(tmp_path):
    exc = error_of(make(tmp_path, MINIMAL + 'intake: {responses: "a\\0b"}\n'))
    assert (exc.file, exc.field) == ("engagement.yaml", "intake.responses")


@pytest.mark.parametrize("currency", ["'<script>'", "euro", "EURO", "'1'"])
def test_currency_is_an_iso_code(tmp_path, currency):
    exc = error_of(make(tmp_path, MINIMAL + f"currency: {currency}\n"))
    assert exc.field == "currency" and "ISO 4217" in str(exc)


def test_every_sample_engagement_still_loads(sample_path):
    folders = sorted(p for p in sample_path.parent.iterdir() if (p / "engagement.yaml").is_file())
    assert len(folders) >= 9  # the seven of 0.1.0 plus the zh and ru samples
    assert all(load_engagement(folder).client for folder in folders)


def test_only_the_named_sections_are_read(sample_path):
    """``sections=`` reads just those sections (an app's faster start); the others are absent, not empty."""
    full = load_engagement(sample_path)
    assert {"outlook", "retention", "journey"} <= set(full.sections)
    only = load_engagement(sample_path, sections=("journey",))
    assert set(only.sections) == {"journey"} and only.outlook is None and only.journey is not None
    assert not load_engagement(sample_path, sections=()).sections
    assert only.responses.equals(full.responses)  # the diagnostic is always read
    with pytest.raises(KeyError, match="unknown section"):
        load_engagement(sample_path, sections=("journeys",))
