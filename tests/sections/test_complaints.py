"""The ``complaints`` section: CRM exports load through the YAML mapping (times in the client's time zone,
open cases kept), and bad logs give errors naming the file, the column and the row."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cxconsult.engagement import load_engagement
from cxconsult.errors import EngagementError

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "engagements"

HEADER = "id,opened,first,closed,channel,team,credit,chk\n"
ROWS = ["A1,2026-03-27 16:00,2026-03-27 16:30,2026-03-30 10:00,Phone,North,,yes",
        "A2,2026-03-29 02:30,2026-03-30 09:00,,E-mail,South,\"12,50\",",
        "A3,2026-10-25 02:30,2026-10-26 09:00,2026-10-26 12:00,email,South,3,non"]
SECTION = """\
files: [log.csv]
format: {decimal: ","}
timezone: Europe/Paris
export_date: 2026-11-02T18:00
business_hours: {days: [mon, tue, wed, thu, fri], start: 08:30, end: 17:30, holidays: [2026-11-01]}
standards: {first_response_h: {default: 24, phone: 1}, resolution_h: 72}
cost: {handling_minutes: 20, cost_per_hour: 30}
columns: {case_id: id, opened: opened, first_response: first, closed: closed, channel: channel, team: team,
          compensation: credit}
channels: {Phone: phone, E-mail: email}
resolved_steps: {R: chk}
"""


def engagement(tmp_path: Path, rows=None, header: str = HEADER, section: str = SECTION) -> Path:
    folder = tmp_path / "client"
    folder.mkdir(exist_ok=True)
    (folder / "engagement.yaml").write_text("client: Test\ndate: 2026-11-03\ncomplaints: complaints.yaml\n",
                                            encoding="utf-8")
    (folder / "complaints.yaml").write_text(section, encoding="utf-8")
    (folder / "log.csv").write_text(header + "\n".join(ROWS if rows is None else rows) + "\n", encoding="utf-8")
    (folder / "responses.csv").write_text("respondent,role,question,answer\n", encoding="utf-8")
    return folder


def test_small_log_loads_in_utc_with_open_cases(tmp_path):
    c = load_engagement(engagement(tmp_path)).complaints
    cases = c.cases.set_index("case_id")
    assert list(cases.index) == ["A1", "A2", "A3"]
    # Paris is UTC+1 before 29 March, UTC+2 after; 02:30 on 29 March does not exist (moved to 03:30 CEST)
    assert cases.loc["A1", "opened"] == pd.Timestamp("2026-03-27 15:00", tz="UTC")
    assert cases.loc["A2", "opened"] == pd.Timestamp("2026-03-29 01:30", tz="UTC")
    # 02:30 on 25 October happens twice: read as the later one (CET, UTC+1)
    assert cases.loc["A3", "opened"] == pd.Timestamp("2026-10-25 01:30", tz="UTC")
    assert list(cases["open"]) == [False, True, False]
    assert list(cases["channel"]) == ["phone", "email", "email"]
    assert list(cases["compensation"]) == [0.0, 12.5, 3.0]
    assert list(cases["step_R"].astype(object)) == [True, pd.NA, False]
    assert (cases["recontacts"] == 0).all() and (cases["response_id"] == "").all()
    assert pd.isna(cases.loc["A1", "resolved"])
    assert c.export_date == pd.Timestamp("2026-11-02 17:00", tz="UTC")
    assert (c.business_hours.start_h, c.business_hours.end_h) == (8.5, 17.5)
    assert c.standards.clock == "business" and c.standards.standard("resolution", "phone") == 72
    assert c.cost.minutes("letter") == 20 and c.steps == ("R",) and c.timezone == "Europe/Paris"


@pytest.mark.parametrize("name, rows, column, row, words", [
    ("closed before opened", ["A1,2026-03-27 16:00,2026-03-27 16:30,2026-03-26 10:00,Phone,N,,"],
     "closed", 1, "before the case was opened"),
    ("unknown channel", ROWS[:1] + ["A2,2026-03-28 10:00,,,Pigeon,N,,"], "channel", 2, "unknown channel"),
    ("duplicate case id", ROWS[:2] + ["A1,2026-03-28 10:00,,,Phone,N,,"], "id", 3, "appears twice"),
    ("unparseable date", ROWS[:1] + ["A2,31/02/2026 10:00,,,Phone,N,,"], "opened", 2, "expected a date"),
    ("blank opening", ["A1,,,,Phone,N,,"], "opened", 1, "a blank"),
    ("bad credit", ["A1,2026-03-27 16:00,,,Phone,N,lots,"], "credit", 1, "an amount"),
    ("bad checklist", ["A1,2026-03-27 16:00,,,Phone,N,,maybe"], "chk", 1, "yes, no"),
    ("after export", ["A1,2026-12-27 16:00,,,Phone,N,,"], "opened", 1, "after the export date"),
])
def test_bad_logs_name_file_column_and_row(tmp_path, name, rows, column, row, words):
    with pytest.raises(EngagementError) as info:
        load_engagement(engagement(tmp_path, rows))
    error = info.value
    assert error.file == "log.csv", name
    assert f"column {column!r}, row {row} " in error.field, (name, error.field)
    assert words in str(error), (name, str(error))


@pytest.mark.parametrize("change, field, words", [
    (("timezone: Europe/Paris", "timezone: Europe/Atlantis"), "complaints.timezone", "IANA time zone"),
    (("timezone: Europe/Paris", "timezone: ../../etc/passwd"), "complaints.timezone", "IANA time zone"),
    (("export_date: 2026-11-02T18:00", "export_date: soon"), "complaints.export_date", "YYYY-MM-DD"),
    (("end: 17:30", "end: 07:30"), "complaints.business_hours.end", "after the start"),
    (("resolution_h: 72", "resolution_h: {pigeon: 3}"), "complaints.standards.resolution_h.pigeon",
     "unknown channel"),
    (("resolution_h: 72", "resolution_h: -1"), "complaints.standards.resolution_h", ">"),
    (("resolved_steps: {R: chk}", "resolved_steps: {Z: chk}"), "complaints.resolved_steps.Z", "unknown step"),
    (("channels: {Phone: phone, E-mail: email}", "channels: {Phone: telepathy}"), "complaints.channels.Phone",
     "expected one of"),
    (("files: [log.csv]", "files: [../log.csv]"), "complaints.files", "outside the engagement folder"),
])
def test_bad_settings_name_the_field(tmp_path, change, field, words):
    with pytest.raises(EngagementError) as info:
        load_engagement(engagement(tmp_path, section=SECTION.replace(*change)))
    assert info.value.file == "complaints.yaml"
    assert info.value.field == field
    assert words in str(info.value)


def test_missing_column_names_the_mapping(tmp_path):
    with pytest.raises(EngagementError, match=r"missing column\(s\) team \(team\)") as info:
        load_engagement(engagement(tmp_path, header=HEADER.replace(",team,", ",group,")))
    assert info.value.file == "log.csv"


@pytest.mark.parametrize("name, timezone, cases", [("aurora-telecom", "Europe/Lisbon", (2000, 4000)),
                                                   ("lumiere-energie", "Europe/Paris", (2000, 4000)),
                                                   ("banco-serra-azul", "America/Sao_Paulo", (2000, 4000))])
def test_sample_logs_load(name, timezone, cases):
    e = load_engagement(SAMPLES / name)
    c = e.complaints
    assert c.timezone == timezone
    assert cases[0] <= len(c.cases) <= cases[1]
    assert c.cases["open"].sum() > 0
    assert (c.cases["response_id"] != "").sum() > 100
    detractors = set(e.feedback.data.loc[e.feedback.data["nps"] <= 6, "response_id"].astype(str))
    assert set(c.cases.loc[c.cases["response_id"] != "", "response_id"]) <= detractors
    assert len(c.steps) == 8 and c.cases["step_D"].notna().sum() > 100
    assert str(c.cases["opened"].dt.tz) == "UTC"


def test_times_with_utc_offsets_keep_the_instant(tmp_path):
    """An export writing offsets (ISO 8601) next to naive wall-clock times: both end up as the same UTC."""
    rows = ["A1,2026-03-27T16:00:00+01:00,2026-03-27T15:30:00Z,,Phone,N,,",
            "A2,2026-07-01 10:00,2026-07-01T10:30:00+02:00,,Phone,N,,"]
    cases = load_engagement(engagement(tmp_path, rows)).complaints.cases.set_index("case_id")
    assert cases.loc["A1", "opened"] == pd.Timestamp("2026-03-27 15:00", tz="UTC")
    assert cases.loc["A1", "first_response"] == pd.Timestamp("2026-03-27 15:30", tz="UTC")
    assert cases.loc["A2", "opened"] == pd.Timestamp("2026-07-01 08:00", tz="UTC")
    assert cases.loc["A2", "first_response"] == pd.Timestamp("2026-07-01 08:30", tz="UTC")
