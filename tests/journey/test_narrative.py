"""The journey section's words: numbers next to their labels, the client's language, values escaped."""

from __future__ import annotations

import dataclasses
import re

import pytest

from cxconsult import load_engagement
from cxconsult.i18n import translator
from cxconsult.journey import analyse_journey, performance, priorities
from cxconsult.narrative import journey as story
from cxconsult.narrative import summary

from .conftest import small_journey


def _text(html) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(html))).replace("&#39;", "'")


def test_priority_reasons_carry_the_hand_worked_numbers():
    a = analyse_journey(small_journey(), service_defection_value_per_year=1_200_000)
    text = _text(story.priorities_html(a, translator("en"), "EUR"))
    # t1: performance 50 against target 70, 999 a month, recovery moment, value at risk 1,040,625 -> €1.0M
    assert "Report a fault (priority 82): performs at 50 against a target of 70 (20 points short)" in text
    assert "999 contacts a month" in text and "a moment of truth (putting things right)" in text
    assert "€1M a year of customer value at risk" in text  # 1,040,625 in compact form
    assert "Change a plan (priority 54): performs at 50 against a target of 80 (30 points short)" in text
    fr_html = str(story.priorities_html(a, translator("fr"), "EUR"))
    assert "(priorité 82)\u00a0:" in fr_html  # French: non-breaking space before the colon
    fr = _text(fr_html)
    assert "Report a fault (priorité 82) : atteint 50 pour une cible de 70 (20 points d'écart)" in fr
    ru = story.reasons(a, "t3", translator("ru"))
    assert "результат 60 при цели 70 (на 10 пунктов ниже)" in ru


def test_map_places_cards_by_phase_and_channel_and_escapes():
    config = small_journey()
    tps = list(config.touchpoints)
    tps[0] = dataclasses.replace(tps[0], label="<script>x</script>", owners=("R&D",))
    config = dataclasses.replace(config, touchpoints=tuple(tps))
    perf = performance(config)
    ranks = {p.touchpoint: p.rank for p in priorities(config, perf) if p.rank}
    html = str(story.map_html(config, {k: v.score for k, v in perf.items()}, translator("en"), ranks=ranks))
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html and "R&amp;D" in html
    # t1 50 vs 70: more than 10 short -> far; t4 75 vs 70: met; t5 unmeasured
    assert re.search(r'data-touchpoint="t1" data-colour="far"', html)
    assert re.search(r'data-touchpoint="t4" data-colour="met"', html)
    assert re.search(r'data-touchpoint="t5" data-colour="unknown"', html)
    # phases are columns in order; t3 (phase b) comes in the second column: after t1, t2 (phase a)
    assert html.index('data-touchpoint="t2"') < html.index('data-touchpoint="t3"')
    assert "★" in html.split('data-touchpoint="t1"')[1].split("</div></div>")[0]  # moment of truth
    assert re.search(r'data-touchpoint="t3".*?No owner', html)


def test_aurora_sections_in_english(sample_path):
    e = load_engagement(sample_path)
    a = story.analysis(e)
    assert a.value_at_risk is not None  # Aurora has a retention section
    text = _text(story.overview_html(e, a))
    assert "Aurora Telecom's journey has 37 touchpoints in 7 phases and 5 channels." in text
    gaps = _text(story.gaps_html(e, a))
    assert "Change your details No owner No owner Name one accountable owner." in gaps
    assert "Report a fault Two or more owners Customer care / Network operations" in gaps
    plan = _text(story.plan_html(e, a))
    assert "Owner: Customer care (Ana Lima). Move CSAT (% satisfied) from 46 to 80" in plan
    pilot = _text(story.pilot_html(e, a))
    assert f"an effect of +{a.pilot.effect:.2f}" in pilot and "distinguishable from zero" in pilot
    heads = [h for h in summary.headlines(e) if h.section == "Customer journey"]
    assert [h.label for h in heads] == ["Touchpoints mapped", "Redesign first", "Pilot effect"]
    assert heads[0].value == "37" and heads[1].value == "Report a fault"


@pytest.mark.parametrize(("name", "phrase"), [
    ("lumiere-energie", "Chez Lumière Énergie, le parcours client compte 13 points de contact"),
    ("banco-serra-azul", "Na empresa Banco Serra Azul, a jornada do cliente tem 12 pontos de contato"),
])
def test_other_clients_in_their_language(name, phrase, sample_path):
    e = load_engagement(sample_path.parent / name)
    a = story.analysis(e)
    assert (a.value_at_risk is None) == (e.retention is None)  # valued only with a retention section
    assert phrase in _text(story.overview_html(e, a)).replace("\u202f", " ").replace("\u00a0", " ")
    assert story.titles(e)["section"] in {"Parcours client", "Jornada do cliente"}
