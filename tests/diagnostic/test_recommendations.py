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
    assert actions[0].title.startswith("Step 1: ") and "intention" in actions[0].title.lower()
