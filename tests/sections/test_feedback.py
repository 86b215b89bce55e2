"""The ``feedback`` section: survey exports load through the YAML mapping, and bad files give errors
naming the file, the column and the row."""

from __future__ import annotations

import shutil
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import pytest

from cxconsult import engagement as eng
from cxconsult.engagement import load_engagement
from cxconsult.errors import EngagementError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "engagements"

HEADER = "id,when,tp,score,sat,comment\n"
ROWS = ["r1,2026-01-05,billing,9,5,Quick and friendly", "r2,2026-01-20,billing,4,2,Waited an hour",
        "r3,2026-02-03,support,7,4,", "r4,2026-02-14,support,10,5,Fixed first time"]


def engagement(tmp_path: Path, rows=None, header: str = HEADER, extra_yaml: str = "") -> Path:
    folder = tmp_path / "client"
    folder.mkdir()
    (folder / "engagement.yaml").write_text(
        "client: Test Client\ndate: 2026-03-01\nlanguage: en\nfeedback: feedback.yaml\n" + extra_yaml)
    (folder / "feedback.yaml").write_text(
        "file: export.csv\ncolumns: {response_id: id, date: when, touchpoint: tp, nps: score, csat: sat, "
        "verbatim: comment}\n")
    (folder / "export.csv").write_text(header + "\n".join(ROWS if rows is None else rows) + "\n")
    (folder / "responses.csv").write_text("respondent,role,question,answer\n")
    return folder


def test_small_export_loads(tmp_path):
    f = load_engagement(engagement(tmp_path)).feedback
    assert list(f.data["response_id"]) == ["r1", "r2", "r3", "r4"]
    assert list(f.data["nps"]) == [9, 4, 7, 10]
    assert f.data["date"].iloc[2].strftime("%Y-%m-%d") == "2026-02-03"
    assert f.data["verbatim"].iloc[2] == "" and f.data["segment"].iloc[0] == "unspecified"
    assert f.metrics == ("nps", "csat") and f.touchpoints == ("billing", "support")
    assert f.codebook is not None and f.codebook.language == "en"


@pytest.mark.parametrize("name, rows, column, row", [
    ("score 11", ["r1,2026-01-05,billing,11,5,ok"], "score", 1),
    ("unparseable date", ["r1,2026-01-05,billing,9,5,ok", "r2,31/31/2026,billing,9,5,ok"], "when", 2),
    ("csat 6", ["r1,2026-01-05,billing,9,5,ok", "r2,2026-01-06,billing,9,5,ok", "r3,2026-01-07,x,9,6,ok"], "sat", 3),
    ("text score", ["r1,2026-01-05,billing,nine,5,ok"], "score", 1),
    ("blank touchpoint", ["r1,2026-01-05,,9,5,ok"], "tp", 1),
    ("duplicate id", ["r1,2026-01-05,billing,9,5,ok", "r1,2026-01-06,billing,9,5,ok"], "id", 2),
])
def test_bad_rows_are_named(tmp_path, name, rows, column, row):
    folder = engagement(tmp_path, rows)
    with pytest.raises(EngagementError) as info:
        load_engagement(folder)
    message = str(info.value)
    assert info.value.file == "export.csv"
    assert f"column '{column}', row {row} (line {row + 1})" in message, message


def test_score_11_message_says_what_was_expected(tmp_path):
    with pytest.raises(EngagementError, match=r"expected a whole number 0-10 \(NPS\) or a blank, got '11'"):
        load_engagement(engagement(tmp_path, ["r1,2026-01-05,billing,11,5,ok"]))


def test_empty_verbatim_column_is_named(tmp_path):
    folder = engagement(tmp_path, ["r1,2026-01-05,billing,9,5,", "r2,2026-01-06,billing,3,1,"])
    with pytest.raises(EngagementError, match="export.csv: column 'comment' \\(verbatim\\) is empty in every row"):
        load_engagement(folder)


def test_missing_column_and_missing_file_are_named(tmp_path):
    folder = engagement(tmp_path, header="id,when,tp,nps_score,sat,comment\n")
    with pytest.raises(EngagementError, match=r"export.csv: missing column\(s\) score \(nps\)"):
        load_engagement(folder)
    (folder / "export.csv").unlink()
    with pytest.raises(EngagementError, match="export.csv: file not found"):
        load_engagement(folder)


def test_long_bad_value_is_cut(tmp_path):
    folder = engagement(tmp_path, ["r1,2026-01-05,billing," + "x" * 500 + ",5,ok"])
    with pytest.raises(EngagementError) as info:
        load_engagement(folder)
    assert "x" * 81 not in str(info.value) and len(str(info.value)) < 300


@dataclass(frozen=True)
class _Touchpoint:
    id: str


@dataclass(frozen=True)
class _Journey:
    touchpoints: tuple


def test_touchpoints_checked_against_the_journey(tmp_path, monkeypatch):
    # A stand-in journey parser registered the way the journey section registers (SECTION_PARSERS).
    module = types.ModuleType("cxconsult_test_journey")
    module.parse = lambda raw, ctx: _Journey(tuple(_Touchpoint(t) for t in raw["touchpoints"]))
    monkeypatch.setitem(sys.modules, "cxconsult_test_journey", module)
    monkeypatch.setitem(eng.SECTION_PARSERS, "journey", "cxconsult_test_journey")
    folder = engagement(tmp_path, extra_yaml="journey: {touchpoints: [billing, support]}\n")
    assert load_engagement(folder).feedback.touchpoints == ("billing", "support")
    (folder / "engagement.yaml").write_text((folder / "engagement.yaml").read_text().replace(
        "[billing, support]", "[billing, onboarding]"))
    with pytest.raises(EngagementError) as info:
        load_engagement(folder)
    assert "unknown touchpoint 'support'" in str(info.value)
    assert "column 'tp', row 3 (line 4)" in str(info.value) and info.value.file == "export.csv"


def test_several_files_and_duplicate_across_files(tmp_path):
    folder = engagement(tmp_path)
    (folder / "export2.csv").write_text(HEADER + "r9,2026-03-01,billing,8,4,Fine\n")
    (folder / "feedback.yaml").write_text((folder / "feedback.yaml").read_text().replace(
        "file: export.csv", "files: [export.csv, export2.csv]"))
    f = load_engagement(folder).feedback
    assert len(f.data) == 5 and set(f.data["source"]) == {"export.csv", "export2.csv"}
    (folder / "export2.csv").write_text(HEADER + "r2,2026-03-01,billing,8,4,Fine\n")
    with pytest.raises(EngagementError, match="response id 'r2' is in more than one file"):
        load_engagement(folder)


@pytest.mark.parametrize("name, rows, language", [("aurora-telecom", 4200, "en"), ("lumiere-energie", 3600, "fr"),
                                                  ("banco-serra-azul", 2600, "pt-BR")])
def test_sample_exports_load_unedited(name, rows, language):
    """Qualtrics (two files, two extra header lines), a French semicolon export, SurveyMonkey (two header lines)."""
    f = load_engagement(SAMPLES / name).feedback
    assert len(f.data) == rows and f.language == language
    assert f.attributes == ("human_factor", "ease", "tone", "speed", "resolution")
    assert f.data["nps"].between(0, 10).all() and f.data["date"].notna().all()
    assert (f.data["verbatim"] != "").mean() > 0.6


def test_surveymonkey_two_header_lines_are_combined(tmp_path):
    folder = tmp_path / "sm"
    shutil.copytree(SAMPLES / "banco-serra-azul", folder)
    text = (folder / "feedback.yaml").read_text(encoding="utf-8")
    (folder / "feedback.yaml").write_text(text.replace(" | Response\"", "\"", 1), encoding="utf-8")
    with pytest.raises(EngagementError, match="missing column"):
        load_engagement(folder)


def test_unknown_language_is_named(tmp_path):
    folder = engagement(tmp_path)
    (folder / "feedback.yaml").write_text((folder / "feedback.yaml").read_text() + "language: klingon\n")
    with pytest.raises(EngagementError, match=r"feedback.yaml: feedback.language: unknown language 'klingon'"):
        load_engagement(folder)


def test_codebook_outside_the_folder_is_refused(tmp_path):
    folder = engagement(tmp_path)
    (folder / "feedback.yaml").write_text((folder / "feedback.yaml").read_text() + "themes: ../elsewhere.yaml\n")
    with pytest.raises(EngagementError, match="outside the engagement folder"):
        load_engagement(folder)
