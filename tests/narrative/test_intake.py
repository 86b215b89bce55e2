"""The diagnostic section in words: numbers beside their labels, the client's language, escaping, links
to the model sections, actions with their playbook, captions and alt text."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from bs4 import BeautifulSoup

from cxconsult import load_engagement
from cxconsult.diagnostic import recommend, score
from cxconsult.i18n import translator
from cxconsult.narrative import intake, roadmap

ENGAGEMENTS = Path(__file__).resolve().parents[2] / "data" / "engagements"


def rows(fragment, css: str) -> dict[str, list[str]]:
    soup = BeautifulSoup(str(fragment), "html.parser")
    out = {}
    for tr in soup.select(f"table.{css} tbody tr"):
        cells = [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        out[cells[0]] = cells[1:]
    return out


def test_area_table_puts_each_score_beside_its_area(workshop, sample_path):
    engagement = dataclasses.replace(load_engagement(sample_path), language="fr", responses=workshop)
    table = rows(intake.area_table_html(engagement, score(workshop)), "cx-areas")
    # by hand (tests/diagnostic/conftest.py): people (4+2+0+2)/4/4 = 50; processes (1+3)/2/4 = 50;
    # customers 3/4 = 75 (one dk); finance 2/4 = 50 (one dk); index (50+50+75+50)/4 = 56.25
    assert table["Collaborateurs"] == ["50", "0"]
    assert table["Processus et technologie"] == ["50", "0"]
    assert table["Clients"] == ["75", "1"]
    assert table["Finance"] == ["50", "1"]
    assert table["Indice de maturité"][0] == "56"


def test_question_table_scores_beside_ids(workshop):
    table = rows(intake.question_table_html(score(workshop), "en"), "cx-questions")
    # P1: 4 and 0 -> 50, SD sqrt(8) = 2.8; T1: 1 and 3 -> 50, SD 1.4; C1: 3 -> 75, one dk
    assert table["P1"][2:] == ["50", "2.8", "0"]
    assert table["T1"][2:] == ["50", "1.4", "0"]
    assert table["C1"][2:] == ["75", "", "1"]
    assert table["P3"][2] == "n/a"


def test_french_section_has_no_english(workshop):
    engagement = load_engagement(ENGAGEMENTS / "lumiere-energie")
    result = score(engagement.responses)
    parts = [intake.heading(engagement, key) for key in intake.HEADINGS]
    parts += [intake.intro(engagement), intake.overview(engagement, result), intake.area_table_html(engagement, result),
              intake.question_table_html(result, "fr"), intake.disagreement(result, "fr"),
              intake.actions_html(engagement, recommend(result, "fr")), roadmap.roadmap_html(engagement)]
    text = BeautifulSoup("".join(map(str, parts)), "html.parser").get_text(" ", strip=True)
    for english in ("The twenty questions", "Where the room disagrees", "Prioritised actions", "Step ", "scores ",
                    "participant(s)", "time(s)", "Owner", "First step", "First 90 days", "don't know", "Disagreement"):
        assert english not in text, english
    assert "Les vingt questions" in text and "Feuille de route" not in text  # roadmap heading is separate
    assert " ?" not in text.replace("\u00a0?", "")  # French questions: no plain space before "?"


def test_overview_counts_with_plurals(workshop, sample_path):
    engagement = dataclasses.replace(load_engagement(sample_path), responses=workshop)
    text = BeautifulSoup(str(intake.overview(engagement, score(workshop))), "html.parser").get_text(" ")
    assert "from 2 participants in 2 roles (Agent and CEO)" in text
    assert "answered “don't know” 2 times, most often in" in text
    ru = dataclasses.replace(engagement, language="ru")
    text = BeautifulSoup(str(intake.overview(ru, score(workshop))), "html.parser").get_text(" ")
    assert "2 роли" in text and "«не знаю» 2 раза" in text


def test_actions_show_owner_first_step_measure_and_evidence(workshop, sample_path):
    engagement = dataclasses.replace(load_engagement(sample_path), responses=workshop)
    actions = recommend(score(workshop))
    soup = BeautifulSoup(str(intake.actions_html(engagement, actions)), "html.parser")
    card = soup.select(".cx-action")[0]
    plan = {r.th.get_text(strip=True): r.td.get_text(strip=True) for r in card.select("table tr")}
    assert plan["Owner"] == actions[0].owner and plan["First step"] == actions[0].first_step
    assert plan["Time frame"] == "6 weeks" and plan["Measure of progress"] == actions[0].measure
    assert "P1 “" in card.select(".cx-evidence li")[0].get_text()


def test_model_sections_answer_the_finance_questions(sample_path):
    from cxconsult.retention.analysis import analyse_retention

    engagement = load_engagement(sample_path)
    result = score(engagement.responses)
    answers = {a.question: a for a in intake.model_answers(engagement, result)}
    # Aurora: F2 4 of 8 don't know, F4 2 of 8, F3 and F5 1 of 8 each
    assert answers["F2"].room == "4 of 8 participants answered “don't know”"
    assert answers["F4"].room == "2 of 8 participants answered “don't know”"
    a = analyse_retention(engagement.retention)
    tr = translator("en")
    # yearly flows and the lifetime-value stock are named apart, each with its own number
    f3 = answers["F3"].answer
    assert f"at {tr.compact_money(a.poor_service.total_per_year, 'EUR')} a year" in f3
    assert f"take {tr.compact_money(a.service_cost.per_year, 'EUR')} of lifetime value" in f3
    assert f"costs {tr.money(a.economics.acquisition_cost, 'EUR', 0)}, against" in answers["F4"].answer
    assert f"{tr.percent(a.split.shares['service'])} of leavers gave a service reason" in answers["F5"].answer
    table = rows(intake.model_answers_html(engagement, result), "cx-answers")
    assert table["F3"][2] == f3
    # a question the room knows well gets no link: C1 scores 69/100 with no don't know
    assert "C1" not in answers


def test_charts_have_caption_and_alt_in_the_clients_language(workshop, sample_path):
    engagement = dataclasses.replace(load_engagement(sample_path), language="fr", responses=workshop)
    figure = intake.area_chart(engagement, score(workshop))
    data, meta = figure._repr_mimebundle_()
    assert data["image/png"] and meta["cxreport"]["caption"].startswith("Score de maturité par domaine")
    assert "Collaborateurs 50" in meta["cxreport"]["alt"] and "Clients 75" in meta["cxreport"]["alt"]
    assert "indice de maturité 56" in meta["cxreport"]["alt"]


def test_roadmap_places_each_action_in_its_period(workshop, sample_path):
    engagement = dataclasses.replace(load_engagement(sample_path), responses=workshop)
    actions = recommend(score(workshop))
    lines = roadmap.roadmap(actions)
    starts = [r.action for r in lines if r.starts]
    assert starts == [a.title for a in actions[:roadmap.TOP_ACTIONS]]  # every action starts in 90 days
    assert all(r.period == "90d" for r in lines if r.starts)
    twelve = {r.action for r in lines if r.period == "12m"}
    assert twelve == {a.title for a in actions[:roadmap.TOP_ACTIONS] if a.horizon == "12m"}
    assert "Step 7: Internal communication plan" in twelve  # P1 feeds step 7 (horizon 12 months)
    soup = BeautifulSoup(str(roadmap.roadmap_html(engagement, actions)), "html.parser")
    periods = [h.get_text() for h in soup.select(".cx-period h2")]
    assert periods == ["First 90 days", "By 6 months", "By 12 months"]
