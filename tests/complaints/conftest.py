"""A hand-worked complaint log of 8 e-mail cases (Europe/Paris, business hours Mon-Fri 09:00-17:00).

The week: Fri 2026-02-27, Sat 28, Mon 2026-03-02, Tue 03, Wed 04; export Wed 2026-03-04 17:00.

| case | opened       | first reply  | resolved     | closed       | recontacts | credit | team |
|------|--------------|--------------|--------------|--------------|-----------:|-------:|------|
| C1   | Mon 09:00    | Mon 13:00    | Mon 13:00    | Mon 13:00    | 0          |        | A    |
| C2   | Mon 10:00    | Mon 11:00    | Tue 10:00    | Tue 12:00    | 1          | 10.50  | A    |
| C3   | Fri 16:00    | Mon 09:30    | Mon 11:00    | Mon 11:00    | 0          |        | A    |
| C4   | Sat 10:00    | Mon 15:00    | Mon 15:00    | Mon 15:00    | 0          |        | A    |
| C5   | Mon 14:00    | Tue 10:00    | (open)       |              | 2          |        | B    |
| C6   | Tue 16:00    | Wed 09:00    | Wed 16:00    | Wed 16:30    | 0          |        | B    |
| C7   | Wed 12:00    | (none)       | (open)       |              | 0          |        | B    |
| C8   | Tue 09:00    | Tue 09:10    | Wed 14:00    | Wed 14:00    | 3          | 25.00  | B    |
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cxconsult.engagement import load_engagement

HEADER = "id,opened,first,resolved,closed,channel,team,cause,recontacts,credit,response,customer,chk R,chk V\n"
ROWS = [
    "C1,2026-03-02 09:00,2026-03-02 13:00,2026-03-02 13:00,2026-03-02 13:00,E-mail,A,Bill unclear,0,,,K1,yes,yes",
    "C2,2026-03-02 10:00,2026-03-02 11:00,2026-03-03 10:00,2026-03-03 12:00,E-mail,A,Bill unclear,1,10.50,S1,K2,no,yes",
    "C3,2026-02-27 16:00,2026-03-02 09:30,2026-03-02 11:00,2026-03-02 11:00,E-mail,A,Late repair,0,,,K3,no,yes",
    "C4,2026-02-28 10:00,2026-03-02 15:00,2026-03-02 15:00,2026-03-02 15:00,E-mail,A,Bill unclear,0,,,K4,,no",
    "C5,2026-03-02 14:00,2026-03-03 10:00,,,E-mail,B,Late repair,2,,,K5,,",
    "C6,2026-03-03 16:00,2026-03-04 09:00,2026-03-04 16:00,2026-03-04 16:30,E-mail,B,Rude agent,0,,,K6,yes,no",
    "C7,2026-03-04 12:00,,,,E-mail,B,Bill unclear,0,,,K7,,",
    "C8,2026-03-03 09:00,2026-03-03 09:10,2026-03-04 14:00,2026-03-04 14:00,E-mail,B,,3,25.00,,K8,yes,",
]
SECTION = """\
complaints:
  files: [log.csv]
  timezone: Europe/Paris
  export_date: 2026-03-04T17:00
  business_hours: {days: [mon, tue, wed, thu, fri], start: "09:00", end: "17:00"}
  standards: {first_response_h: {email: 4}, resolution_h: {default: 8}, clock: business, followup_h: 6}
  cost: {handling_minutes: {default: 30}, cost_per_hour: 40}
  columns: {case_id: id, opened: opened, first_response: first, resolved: resolved, closed: closed,
            channel: channel, team: team, root_cause: cause, recontacts: recontacts, compensation: credit,
            response_id: response, customer_id: customer}
  channels: {E-mail: email}
  resolved_steps: {R: chk R, V: chk V}
"""


def write_log(folder: Path, rows: list[str] | None = None, header: str = HEADER, section: str = SECTION) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "engagement.yaml").write_text("client: Test Client\ndate: 2026-03-05\ncomplaints: complaints.yaml\n",
                                            encoding="utf-8")
    (folder / "complaints.yaml").write_text(section, encoding="utf-8")
    (folder / "log.csv").write_text(header + "\n".join(ROWS if rows is None else rows) + "\n", encoding="utf-8")
    (folder / "responses.csv").write_text("respondent,role,question,answer\n", encoding="utf-8")
    return folder


@pytest.fixture
def small_log(tmp_path):
    """The parsed section of the hand-worked log above."""
    return load_engagement(write_log(tmp_path / "client")).complaints


@pytest.fixture
def log_folder(tmp_path):
    """An engagement folder holding the hand-worked log (to add more files to)."""
    return write_log(tmp_path / "client")


@pytest.fixture
def make_log(tmp_path):
    """``make_log(rows, changes)``: the section of a log of ``rows`` (the header above) with the section
    YAML edited by ``changes`` (pairs of old, new text)."""
    def make(rows: list[str], changes: list[tuple[str, str]] = ()):
        section = SECTION
        for old, new in changes:
            assert old in section, old
            section = section.replace(old, new)
        return load_engagement(write_log(tmp_path / "made", rows, section=section)).complaints
    return make
