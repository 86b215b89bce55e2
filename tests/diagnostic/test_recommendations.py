"""Recommendations: urgency arithmetic and ordering, worked by hand on the conftest workshop."""

from __future__ import annotations

import pytest

from cxconsult.diagnostic import recommend, score
from cxconsult.diagnostic.recommendations import urgency


def test_urgency_formula():
    # gap 50, SD 2.83 capped at 2: 50 x (1 + 0.5 x 2/2) = 75
    assert urgency(50, 2.83, 0) == pytest.approx(75)
    # gap 50, SD sqrt(2): 50 x (1 + 0.5 x 0.7071) = 67.68
    assert urgency(50, 2 ** 0.5, 0) == pytest.approx(67.6777, abs=1e-3)
    # gap 25, no SD (one answer), half answered don't know: 25 + 50 x 0.5 = 50
    assert urgency(25, float("nan"), 0.5) == pytest.approx(50)
    # all don't know: gap counted as 50, plus 50 x 1
    assert urgency(float("nan"), float("nan"), 1.0) == pytest.approx(100)


def test_actions_ranked_by_hand(workshop):
    actions = recommend(score(workshop))
    # P1 -> 75 (steps 1, 7), F1 gap 50 + 50 x 1/2 dk = 75 (steps 1, 6), T1 -> 67.68 (step 3),
    # P2 gap 50 no spread -> 50 (step 4), C1 gap 25 + 25 dk -> 50 (step 5);
    # secondary steps at half: step 7 = 37.5 (P1), step 6 = 37.5 (F1).
    assert [(a.step, a.priority) for a in actions] == [
        (1, 75.0), (3, 67.7), (4, 50.0), (5, 50.0), (6, 37.5), (7, 37.5)]
    first = actions[0]
    assert first.title == "Step 1: CX intent statement"
    assert "P1" in first.why and "disagree" in first.why
    assert len(first.first_actions) >= 2


def test_complaint_handling_adds_resolved():
    actions = recommend(score({"C3": 1}))  # gap 75, one answer -> urgency 75
    resolved = [a for a in actions if a.step == 0]
    assert resolved and resolved[0].priority == 75.0
    assert [line[0] for line in resolved[0].first_actions] == list("RESOLVED")
    assert {a.step for a in actions} == {0, 5, 3}  # C3 feeds step 5 (primary) and 3 (secondary: 37.5)


def test_mature_organisation_gets_no_actions():
    ids = [f"{a}{n}" for a in "PTCF" for n in range(1, 6)]
    assert recommend(score(dict.fromkeys(ids, 3))) == []  # every gap 25, urgency 25: not above the bar


def test_top_and_language(workshop):
    actions = recommend(score(workshop), language="fr", top=2)
    assert len(actions) == 2
    assert actions[0].title.startswith("Étape 1\u00a0: ") and "intention" in actions[0].title.lower()
    # the reasons are French too, with French quotes and no English left
    assert "obtient 50/100" in actions[0].why and "scores" not in actions[0].why


def test_actions_carry_the_playbook(workshop):
    first = recommend(score(workshop))[0]
    assert first.key == "intent_statement" and first.horizon == "90d"
    assert first.owner.startswith("Chief executive") and first.time_frame == "6 weeks"
    assert first.first_step and first.milestone and first.measure
    # evidence: one line per answer behind it, weakest first; P1 0 and 4 -> 50/100, SD 2.83
    assert first.evidence[0].startswith("P1 “") and "scores 50/100" in first.evidence[0]
    assert "standard deviation 2.8" in first.evidence[0]
    # F1: Ann dk, Bo 2 -> 50/100, 1 of 2 answered don't know
    assert "F1 “" in first.evidence[1] and "1 of 2 participants answered “don't know”" in first.evidence[1]


@pytest.mark.parametrize("language", ["en", "fr", "pt", "pt-BR", "pt-PT", "zh", "ru"])
def test_playbook_complete_in_every_language(language):
    from cxconsult.diagnostic.recommendations import HORIZONS, PLAYBOOK_FIELDS, playbook

    book = playbook(language)
    for key in HORIZONS:
        assert all(str(book[key][f]).strip() for f in PLAYBOOK_FIELDS), (language, key)
    assert book["business_case"]["title"] and book["resolved"]["title"]


def test_finance_gap_leads_to_the_business_case_not_only_the_dashboard():
    # F3 at 1 (gap 75) for one respondent; F2 answered don't know: urgency 50 + 50 = 100
    actions = recommend(score({"F2": "dk", "F3": 1}))
    assert actions[0].key == "business_case" and actions[0].priority == 100.0
    assert actions[0].step == 6 and actions[0].questions[:2] == ("F2", "F3")
    # the dashboard (step 6) still gets the finance gap, at half weight (100 / 2 = 50)
    dashboard = [a for a in actions if a.key == "cx_dashboard"]
    assert dashboard and dashboard[0].priority == 50.0
    assert "ROCE" in " ".join(actions[0].evidence) or "return" in actions[0].title.lower()
