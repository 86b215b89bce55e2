"""Redesign priority and value at risk on the hand-worked journey of conftest.py.

Weights gap .4, volume .2, moment of truth .15, value at risk .25. Gaps: t1 20, t2 30, t3 10 (max 30).
Volume on a log scale: log10(1 + v) / log10(1 + 9999): t1 3/4, t2 2/4, t3 1/4.
"""

from __future__ import annotations

import dataclasses

import pytest

from cxconsult.errors import ModelError
from cxconsult.journey import performance, priorities, value_at_risk

from .conftest import small_journey


def test_priority_without_retention_hand_worked(journey):
    ranked = priorities(journey, performance(journey))
    by_id = {p.touchpoint: p for p in ranked}
    # without value at risk the weights are .4 + .2 + .15 = .75
    # t1: 100 * (.4 * 20/30 + .2 * .75 + .15 * 1) / .75 = 100 * .566667 / .75 = 75.556
    # t2: 100 * (.4 * 1 + .2 * .5 + 0) / .75 = 66.667
    # t3: 100 * (.4 * 10/30 + .2 * .25 + .15) / .75 = 100 * .333333 / .75 = 44.444
    assert by_id["t1"].score == pytest.approx(75.5556, abs=1e-3)
    assert by_id["t2"].score == pytest.approx(66.6667, abs=1e-3)
    assert by_id["t3"].score == pytest.approx(44.4444, abs=1e-3)
    assert [p.touchpoint for p in ranked] == ["t1", "t2", "t3", "t4", "t5"]
    assert [p.rank for p in ranked] == [1, 2, 3, 0, 0]  # t4 meets its target, t5 is not measured
    assert by_id["t4"].score == 0 and by_id["t5"].score == 0
    # contributions add up to the score; t1's biggest is the gap (.4 * 2/3 / .75 * 100 = 35.56)
    assert sum(by_id["t1"].contributions.values()) == pytest.approx(by_id["t1"].score)
    assert by_id["t1"].contributions["gap"] == pytest.approx(35.5556, abs=1e-3)
    assert by_id["t1"].reasons[0] == "gap"
    assert by_id["t2"].reasons == ("gap", "volume")  # not a moment of truth
    assert by_id["t1"].shortfall_per_month == pytest.approx(999 * 0.20)


def test_value_at_risk_by_shortfall_and_its_priority(journey):
    perf = performance(journey)
    risk = value_at_risk(journey, perf, 1_200_000)
    # not every touchpoint has complaints -> shared by shortfall = volume x gap / 100:
    # t1 199.8, t2 29.7, t3 0.9 (total 230.4)
    assert risk.basis == "shortfall"
    assert risk.by_touchpoint["t1"] == pytest.approx(1_200_000 * 199.8 / 230.4)  # 1,040,625
    assert risk.by_touchpoint["t3"] == pytest.approx(4_687.5)
    assert sum(risk.by_touchpoint.values()) == pytest.approx(1_200_000)
    by_id = {p.touchpoint: p for p in priorities(journey, perf, risk)}
    # t1: 100 * (.4 * 2/3 + .2 * .75 + .15 + .25 * 1) = 81.667
    # t2: 100 * (.4 + .1 + .25 * 29.7/199.8) = 53.716
    assert by_id["t1"].score == pytest.approx(81.6667, abs=1e-3)
    assert by_id["t2"].score == pytest.approx(53.7162, abs=1e-3)
    assert by_id["t1"].value_at_risk_per_year == pytest.approx(1_040_625)


def test_complaints_basis_moves_a_small_touchpoint_first():
    tps = list(small_journey().touchpoints)
    counts = {"t1": 1, "t2": 1, "t3": 30, "t4": 0, "t5": 0}
    config = small_journey(touchpoints=tuple(dataclasses.replace(t, complaints_per_month=counts[t.id]) for t in tps))
    perf = performance(config)
    risk = value_at_risk(config, perf, 1_200_000)
    assert risk.basis == "complaints"
    assert risk.by_touchpoint["t3"] == pytest.approx(1_200_000 * 30 / 32)  # 1,125,000
    ranked = [p for p in priorities(config, perf, risk) if p.rank]
    # t3: 100 * (.4/3 + .2 * .25 + .15 + .25 * 1) = 58.333
    # t1: 100 * (.4 * 2/3 + .15 + .15 + .25 / 30) = 57.5;  t2: 100 * (.4 + .1 + .25 / 30) = 50.833
    assert [p.touchpoint for p in ranked] == ["t3", "t1", "t2"]
    assert [round(p.score, 3) for p in ranked] == [58.333, 57.5, 50.833]


def test_weights_summing_to_zero_are_refused(journey):
    config = small_journey(weights={"gap": 0, "volume": 0, "moment_of_truth": 0, "value_at_risk": 0})
    with pytest.raises(ModelError, match="sum to zero"):
        priorities(config, performance(config))
    with pytest.raises(ModelError, match=">= 0"):
        value_at_risk(journey, performance(journey), -1)
