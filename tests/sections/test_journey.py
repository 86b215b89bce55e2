"""The journey section: sample journeys load; bad journeys give errors naming file, field and row."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

from cxconsult import load_engagement
from cxconsult.errors import EngagementError
from cxconsult.journey import Touchpoint

ROOT = Path(__file__).resolve().parents[2]
ENGAGEMENTS = ROOT / "data" / "engagements"

REQUIRED = {
    "aurora-telecom": "quote sign_up device_delivery activation first_bill bill_payment change_of_details plan_upgrade "
                      "technical_fault complaint store_visit app_login roaming cancellation",
    "lumiere-energie": "quote sign_up meter_reading first_bill bill_payment move_home change_of_details outage "
                       "complaint payment_difficulty cancellation",
    "banco-serra-azul": "account_opening card_delivery app_login transfer loan_application change_of_details "
                        "fraud_alert complaint branch_visit account_closure",
}


@pytest.mark.parametrize("name", sorted(REQUIRED))
def test_sample_journeys_hold_the_shared_touchpoint_ids(name):
    journey = load_engagement(ENGAGEMENTS / name).journey
    ids = {t.id for t in journey.touchpoints}
    assert set(REQUIRED[name].split()) <= ids
    assert all(isinstance(t, Touchpoint) and dataclasses.is_dataclass(t) for t in journey.touchpoints)
    with pytest.raises(dataclasses.FrozenInstanceError):
        journey.touchpoints[0].phase = "x"  # type: ignore[misc]
    phases, channels = {p.id for p in journey.phases}, {c.id for c in journey.channels}
    assert all(t.phase in phases and t.channel in channels for t in journey.touchpoints)


def test_aurora_journey_size_and_extras():
    e = load_engagement(ENGAGEMENTS / "aurora-telecom")
    j = e.journey
    assert 30 <= len(j.touchpoints) <= 50 and 5 <= len(j.phases) <= 7 and 4 <= len(j.channels) <= 5
    assert e.section("journey") is j
    fault = j.touchpoint("technical_fault")
    assert fault.owners == ("Customer care", "Network operations") and fault.moment_kind == "recovery"
    assert fault.service_levels == {"consumer": "brilliant_basics", "premium": "extra_mile"}
    assert (fault.csat, fault.ces, fault.nps, fault.volume_per_month) == (46, 3.2, -31, 38500)
    assert j.target(fault) == 80  # extra mile promised to premium customers
    assert j.ratings is not None and set(j.ratings["touchpoint"]) <= set(j.ids)
    assert j.pilot is not None and j.pilot.touchpoint == "technical_fault" and len(j.pilot.observations) > 1000
    assert j.plan_start.isoformat() == "2026-12-07" and len(j.holidays) == 3


def write(tmp_path: Path, journey_yaml: str, csv: str | None = None, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "client"
    folder.mkdir(parents=True)
    (folder / "engagement.yaml").write_text("client: Test client\nlanguage: en\njourney: journey.yaml\n")
    (folder / "responses.csv").write_text("respondent,role,question,answer\n")
    (folder / "journey.yaml").write_text(textwrap.dedent(journey_yaml))
    if csv is not None:
        (folder / "tp.csv").write_text(textwrap.dedent(csv))
    for name, text in (files or {}).items():
        (folder / name).write_text(textwrap.dedent(text))
    return folder


HEAD = """\
intent: Right first time.
phases: [{id: join, label: Join}, {id: use, label: Use}]
channels: [{id: web, label: Web}, {id: phone, label: Phone}]
"""
CSV_HEAD = "id,label,phase,channel,owner,volume_per_month,moment_of_truth,moment_kind,csat\n"


def test_csv_journey_parses(tmp_path):
    folder = write(tmp_path, HEAD + "touchpoints_csv: tp.csv\n",
                   CSV_HEAD + "quote,Get a quote,join,web,Sales; Marketing,1200,yes,acquisition,71\n"
                              "bill,Pay,use,phone,,300,no,,\n")
    j = load_engagement(folder).journey
    assert j.ids == ("quote", "bill")
    assert j.touchpoint("quote").owners == ("Sales", "Marketing") and j.touchpoint("bill").owners == ()
    assert j.touchpoint("bill").csat is None and j.touchpoint("quote").csat == 71


@pytest.mark.parametrize(("rows", "message"), [
    ("quote,Q,join,web,Sales,10,no,,\nbill,B,leave,web,Sales,10,no,,\n",
     r"tp.csv: column 'phase', row 2: touchpoint 'bill' is in unknown phase 'leave'; expected one of join, use"),
    ("quote,Q,join,web,Sales,-5,no,,\n",
     r"tp.csv: column 'volume_per_month', row 1: expected a number >= 0, got '-5'"),
    ("quote,Q,join,web,Sales,10,no,,\nbill,B,use,web,Sales,10,no,,\nquote,Q2,use,phone,Sales,10,no,,\n",
     r"tp.csv: column 'id', row 3: duplicate touchpoint id 'quote' \(first in row 1\)"),
    ("quote,Q,join,fax,Sales,10,no,,\n", r"tp.csv: column 'channel', row 1: touchpoint 'quote' is in unknown channel 'fax'"),
    ("quote,Q,join,web,Sales,10,yes,,\n", r"tp.csv: column 'moment_kind', row 1: touchpoint 'quote' is a moment of truth"),
    ("quote,Q,join,web,Sales,10,maybe,,\n", r"tp.csv: column 'moment_of_truth', row 1: expected yes or no, got 'maybe'"),
    ("quote,Q,join,web,Sales,10,no,,120\n", r"tp.csv: column 'csat', row 1: expected a number <= 100, got '120'"),
    ("quote,Q,join,web,Sales,ten,no,,\n", r"tp.csv: column 'volume_per_month', row 1: expected a number, got 'ten'"),
])
def test_bad_csv_journeys_name_file_column_and_row(tmp_path, rows, message):
    folder = write(tmp_path, HEAD + "touchpoints_csv: tp.csv\n", CSV_HEAD + rows)
    with pytest.raises(EngagementError, match=message):
        load_engagement(folder)


@pytest.mark.parametrize(("touchpoints", "message"), [
    ("- {id: a, phase: nowhere, channel: web, volume_per_month: 1}",
     r"journey.yaml: journey.touchpoints\[0\].phase: touchpoint 'a' is in unknown phase 'nowhere'"),
    ("- {id: a, phase: join, channel: web, volume_per_month: -1}",
     r"journey.yaml: journey.touchpoints\[0\].volume_per_month: expected a number >= 0, got -1"),
    ("- {id: a, phase: join, channel: web, volume_per_month: 1}\n- {id: a, phase: use, channel: web, volume_per_month: 1}",
     r"journey.yaml: journey.touchpoints\[1\].id: duplicate touchpoint id 'a' \(first in touchpoints\[0\]\)"),
    ("- {id: a, phase: join, channel: web, volume_per_month: 1, colour: red}",
     r"journey.touchpoints\[0\]: unknown field\(s\) 'colour'"),
    ("- {id: a, phase: join, channel: web, volume_per_month: 1, service_levels: 'mass:gold'}",
     r"journey.touchpoints\[0\].service_levels: expected segment:level pairs"),
])
def test_bad_inline_journeys_name_the_field(tmp_path, touchpoints, message):
    folder = write(tmp_path, HEAD + "touchpoints:\n" + textwrap.indent(touchpoints, "  ") + "\n")
    with pytest.raises(EngagementError, match=message):
        load_engagement(folder)


def test_missing_parts_and_unknown_fields(tmp_path):
    folder = write(tmp_path, "phases: [join]\nchannels: [web]\ntouchpoints: []\n")
    with pytest.raises(EngagementError, match=r"journey.yaml: journey.intent: is missing"):
        load_engagement(folder)
    folder = write(tmp_path / "b", HEAD + "touchpoints_csv: tp.csv\nsegments: [a]\n", CSV_HEAD)
    with pytest.raises(EngagementError, match=r"journey.segments: unknown field"):
        load_engagement(folder)


def test_bad_ratings_and_pilot(tmp_path):
    base = HEAD + "touchpoints_csv: tp.csv\n"
    csv = CSV_HEAD + "quote,Q,join,web,Sales,10,no,,\n"
    folder = write(tmp_path / "a", base + "ratings_csv: r.csv\n", csv, {
        "r.csv": "touchpoint,participant,role,rating,pain_point,owner\nquote,Ana,Agent,3,yes,Sales\nbil,Ana,Agent,2,no,\n"})
    with pytest.raises(EngagementError, match=r"r.csv: column 'touchpoint', row 2: unknown touchpoint 'bil'"):
        load_engagement(folder)
    folder = write(tmp_path / "b", base + "ratings_csv: r.csv\n", csv, {
        "r.csv": "touchpoint,participant,role,rating,pain_point,owner\nquote,Ana,Agent,5,no,\n"})
    with pytest.raises(EngagementError, match=r"r.csv: column 'rating', row 1: expected a number <= 4"):
        load_engagement(folder)
    pilot = base + "pilot: {touchpoint: quote, csv: p.csv}\n"
    rows = "group,period,value\n" + "".join(f"{g},{p},3\n" for g in ("pilot", "control")
                                             for p in ("before", "after") for _ in range(2))
    assert load_engagement(write(tmp_path / "c", pilot, csv, {"p.csv": rows})).journey.pilot.measure == "csat"
    folder = write(tmp_path / "d", pilot, csv, {"p.csv": rows + "treated,after,4\n"})
    with pytest.raises(EngagementError, match=r"p.csv: column 'group', row 9: expected pilot or control, got 'treated'"):
        load_engagement(folder)
    folder = write(tmp_path / "e", base + "pilot: {touchpoint: nope, csv: p.csv}\n", csv, {"p.csv": rows})
    with pytest.raises(EngagementError, match=r"journey.pilot.touchpoint: unknown touchpoint 'nope'"):
        load_engagement(folder)


def test_long_bad_values_are_cut_short(tmp_path):
    folder = write(tmp_path, HEAD + "touchpoints_csv: tp.csv\n", CSV_HEAD + f"quote,Q,{'x' * 500},web,S,1,no,,\n")
    with pytest.raises(EngagementError) as info:
        load_engagement(folder)
    assert "x" * 100 not in str(info.value)


def test_workshop_export_is_read_without_naming_it(tmp_path):
    csv = CSV_HEAD + "quote,Q,join,web,Sales,10,no,,\n"
    folder = write(tmp_path, HEAD + "touchpoints_csv: tp.csv\n", csv)
    assert load_engagement(folder).journey.ratings is None
    (folder / "touchpoint_ratings.csv").write_text("touchpoint,participant,role,rating,pain_point,owner\n"
                                                   "quote,Ana,Agent,2,yes,Sales\n")
    ratings = load_engagement(folder).journey.ratings
    assert ratings[["participant", "rating", "pain_point"]].values.tolist() == [["Ana", 2.0, True]]
