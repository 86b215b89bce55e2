"""Scoring against hand-worked examples (arithmetic in the comments)."""

from __future__ import annotations

import math

import pytest

from cxconsult import EngagementError
from cxconsult.diagnostic import score

# WORKSHOP: see conftest.py (Ann CEO: P1=4 P2=2 T1=1 C1=3 F1=dk; Bo Agent: P1=0 P2=2 T1=3 C1=dk F1=2)


def test_area_scores_pool_answers_and_skip_dont_know(workshop):
    result = score(workshop)
    # people: (4 + 2 + 0 + 2) / 4 = 2.0 -> 2/4 x 100 = 50
    # process & technology: (1 + 3) / 2 = 2.0 -> 50; customers: 3 -> 75 (one dk left out)
    # finance: 2 -> 50 (one dk left out)
    assert result.by_area == pytest.approx({"people": 50.0, "process_technology": 50.0,
                                            "customers": 75.0, "finance": 50.0})
    assert result.index == pytest.approx((50 + 50 + 75 + 50) / 4)  # 56.25
    assert result.dont_know == {"people": 0, "process_technology": 0, "customers": 1, "finance": 1}
    assert result.respondents == 2


def test_question_spread(workshop):
    q = score(workshop).questions
    # P1 answers 4 and 0: mean 2, sample SD sqrt(((4-2)^2 + (0-2)^2) / 1) = sqrt(8) = 2.828
    assert q.loc["P1", "sd"] == pytest.approx(math.sqrt(8))
    assert (q.loc["P1", "score"], q.loc["P1", "gap"], q.loc["P1", "min"], q.loc["P1", "max"]) == (50, 50, 0, 4)
    # P2 answers 2 and 2: no spread
    assert q.loc["P2", "sd"] == 0
    # unanswered question: n = 0, score NaN
    assert q.loc["F5", "n"] == 0 and math.isnan(q.loc["F5", "score"])
    assert score(workshop).disagreements == ["P1", "T1"]  # SD 2.83 and 1.41, both >= 1


def test_scores_by_role(workshop):
    by_role = score(workshop).by_role
    # CEO: people (4+2)/2=3 -> 75; process 1 -> 25; customers 3 -> 75; finance only dk -> NaN
    assert by_role.loc["CEO", ["people", "process_technology", "customers"]].tolist() == [75, 25, 75]
    assert math.isnan(by_role.loc["CEO", "finance"])
    assert by_role.loc["CEO", "index"] == pytest.approx((75 + 25 + 75) / 3)
    # Agent: people (0+2)/2=1 -> 25; process 3 -> 75; finance 2 -> 50
    assert by_role.loc["Agent", "index"] == pytest.approx((25 + 75 + 50) / 3)
    assert by_role.loc["Agent", "respondents"] == 1


def test_single_respondent_mapping():
    # One respondent answering all of people with 4, 3, 2, 1, 0 -> mean 2 -> 50
    result = score({"P1": 4, "P2": 3, "P3": 2, "P4": 1, "P5": 0, "C1": "dk", "T1": None})
    assert result.by_area["people"] == 50
    assert math.isnan(result.by_area["customers"]) and math.isnan(result.by_area["process_technology"])
    assert result.index == 50  # mean of the areas that have answers
    assert result.dont_know["customers"] == 1 and result.dont_know["process_technology"] == 1


def test_perfect_and_zero():
    ids = [f"{a}{n}" for a in "PTCF" for n in range(1, 6)]
    assert score(dict.fromkeys(ids, 4)).index == 100
    assert score(dict.fromkeys(ids, 0)).index == 0


@pytest.mark.parametrize("bad", [{"X9": 2}, {"P1": 7}, {"P1": "often"}, {"P1": True}])
def test_bad_responses_are_refused(bad):
    with pytest.raises(EngagementError):
        score(bad)


def test_summary_and_html_mention_scores(workshop):
    result = score(workshop)
    assert "index 56/100" in result.summary()
    assert "56.2" in result._repr_html_()  # 56.25 rounded to one decimal


def test_sample_engagement_scores_are_stable(sample_path):
    from cxconsult import load_engagement

    result = score(load_engagement(sample_path).responses)
    frame = load_engagement(sample_path).responses
    numeric = frame[frame["answer"] != "dk"]
    people = numeric[numeric["question"].str.startswith("P")]["answer"].astype(float)
    assert result.by_area["people"] == pytest.approx(people.mean() / 4 * 100)
