"""The outlook's words: every message translated in every language, no English left in a French
section, numbers next to their labels, sources in full, values outside documented ranges flagged."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative import outlook as story
from cxconsult.outlook import check_targets, project
from cxconsult.outlook.levers import LeverFinding, LeverSolution

ROOT = Path(__file__).resolve().parents[2]
FILES = ["cxconsult/narrative/outlook.py", "cxconsult/plots/outlook.py", "cxconsult/apps/outlook.py"]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
AURORA = ROOT / "data" / "engagements" / "aurora-telecom"


def _msgids() -> set[str]:
    out = set()
    for f in FILES:
        for _, msg, _, _ in extract_from_file("python", str(ROOT / f), keywords=KEYWORDS):
            out.add(msg[0] if isinstance(msg, tuple) else msg)
    return out


@pytest.mark.parametrize("catalog", ["fr", "pt_BR", "pt_PT", "zh", "ru"])
def test_every_outlook_message_is_translated(catalog):
    """Every outlook message has a translation in the language's catalogs (all domains merge into one
    lookup; a message shared with another section, such as a section title, lives in one domain)."""
    translated = {}
    for path in sorted((ROOT / "cxconsult" / "locale" / catalog / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as handle:
            po = read_po(handle)
        translated.update({m.id[0] if isinstance(m.id, tuple) else m.id: m.string for m in po if m.id})
    for msgid in _msgids():
        assert msgid in translated, f"{catalog}: missing {msgid!r}"
        value = translated[msgid]
        values = value if isinstance(value, tuple) else (value,)
        assert all(v.strip() for v in values), f"{catalog}: empty {msgid!r}"
        for v in values:   # the same placeholders in the translation
            assert set(re.findall(r"\{\w+\}", v)) <= set(re.findall(r"\{\w+\}", msgid)) | {"{n}"}, v


@pytest.fixture(scope="module")
def aurora():
    engagement = load_engagement(AURORA)
    frame = project(engagement.outlook.assumptions)
    return engagement, frame, check_targets(frame, engagement.outlook.targets)


ENGLISH = ["Critical success factors", "The plan in numbers", "What must be true", "How likely is the plan?",
           "Cost base", "Headcount", "on track", "off track", "Month", "Channel", "Service standard",
           "a month", "answered within"]


@pytest.mark.parametrize("language", ["fr", "pt-BR", "pt-PT", "zh", "ru"])
def test_no_english_left_in_a_translated_section(aurora, language):
    engagement, frame, report = aurora
    e = dataclasses.replace(engagement, language=language)
    text = "".join(str(x) for x in (
        story.section_html(e, "csf"), story.section_html(e, "numbers"), story.section_html(e, "wmbt"),
        story.section_html(e, "uncertainty"), story.overview(e, report), story.csf_table_html(report, e),
        story.monthly_table_html(frame, e), story.channel_table_html(frame, e)))
    text = text.replace("Aurora Telecom", "").replace("voice", "").replace("email", "")
    for word in ENGLISH:
        assert word not in text, f"{language}: {word!r} left in English"


def test_french_numbers_sit_next_to_their_labels(aurora):
    engagement, frame, report = aurora
    e = dataclasses.replace(engagement, language="fr")
    table = str(story.csf_table_html(report, e))
    cost = report["cost_base"]
    tr = translator("fr")
    # -7.6 % written the French way, in the cost-base row
    row = next(r for r in table.split("<tr>") if r.startswith("<td>Base de coûts</td>"))
    assert f"<td>\u2212{tr.percent(abs(cost.change), 1)}</td>" in row
    assert tr.compact_money(cost.value, "EUR", 2) in row and "par mois" in row
    assert "<td>fixé par le client</td>" in next(r for r in table.split("<tr>") if r.startswith("<td>Appels abandonnés"))
    channels = str(story.channel_table_html(frame, e))
    chat = next(r for r in channels.split("<tr>") if r.startswith("<td>chat</td>"))
    assert "80\u00a0% en 60\u00a0s\u00a0; 2 conversations simultanées" in chat


def test_target_sources_and_references_in_full(aurora):
    engagement, _, _ = aurora
    rows = {a.name: a for a in story.assumptions(engagement)}
    assert rows["Target: Revenue"].source.startswith("Market view of a 36-month contact-centre plan: N. Calvert")
    assert "not a client commitment" in rows["Target: Revenue"].source
    assert rows["Target: Phone calls abandoned"].source == "Set by Aurora Telecom"
    assert "Manufacturing & Service Operations Management 4(3):208-227, 2002" in rows["Staffing method"].source
    for name, row in rows.items():
        assert "triang(" not in row.value and "cxconsult." not in row.source and ".md" not in row.source, name
    drawn = rows["Uncertain: Average handling time of assisted contacts"].value
    # triangular 400..518, mode 447.2: the 10th and 90th percentiles by hand
    # F(x) = (x - 400)^2 / (118 * 47.2) below the mode: x10 = 400 + sqrt(0.1 * 118 * 47.2) = 423.6
    # 1 - F(x) = (518 - x)^2 / (118 * 70.8) above it: x90 = 518 - sqrt(0.1 * 118 * 70.8) = 489.1
    assert drawn == "triangular: 80 % of draws between 424 s and 489 s, median 453 s"


def test_values_outside_documented_ranges_are_flagged(aurora):
    engagement, _, _ = aurora
    a = engagement.outlook.assumptions
    solution = LeverSolution("cost_base", "self_service_leak_back", 0.034, 0.30, (0.0, 1.0), -0.2,
                             -0.08, False, "lower")
    shrink = LeverSolution("headcount", "shrinkage", 0.209, 0.33, (0.0, 0.6), -0.3, -0.2, False, "lower")
    fine = LeverSolution("headcount", "shrinkage", 0.31, 0.33, (0.0, 0.6), -0.3, -0.2, False, "lower")
    text = str(story.what_must_be_true_html(
        [LeverFinding("cost_base", "self_service_leak_back", solution),
         LeverFinding("headcount", "shrinkage", shrink), LeverFinding("headcount", "shrinkage", fine)], a, engagement))
    assert text.count("Outside the documented range") == 2
    assert "at most <strong>3.4%</strong>" not in text and "at most 3.4%" in text
    assert "Outside the documented range (9% to 100%; Gartner" in text
    assert "Outside the documented range (30% to 35%; Contact-centre planning convention" in text
    low = dataclasses.replace(engagement, sections={**engagement.sections, "outlook": dataclasses.replace(
        engagement.outlook, assumptions=a.with_values(shrinkage=0.2))})
    rows = {r.name: r for r in story.assumptions(low)}
    assert "(outside the documented range 30% to 35%)" in rows["Shrinkage (paid time not available for contacts)"].source


def test_names_from_the_file_are_escaped(aurora):
    engagement, frame, report = aurora
    hostile = dataclasses.replace(engagement, client="<script>alert(1)</script>")
    text = str(story.overview(hostile, report))
    assert "<script>" not in text and "&lt;script&gt;" in text
