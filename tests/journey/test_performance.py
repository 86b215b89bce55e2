"""Performance on 0-100 from each measure's scale (hand-worked linear maps) and from the room."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cxconsult.errors import ModelError
from cxconsult.journey import performance, performance_from_feedback
from cxconsult.journey.performance import from_scale, room_scores, to_scale

from .conftest import ratings, small_journey


@pytest.mark.parametrize(("measure", "value", "score"), [
    ("csat", 62, 62.0),            # already a percentage
    ("ces", 4.0, 50.0),            # (4 - 1) / (7 - 1) * 100
    ("ces", 7.0, 100.0),
    ("nps", -30, 35.0),            # (-30 + 100) / 200 * 100
    ("rating", 3, 75.0),           # 3 / 4 * 100
])
def test_scales(measure, value, score):
    assert to_scale(measure, value) == pytest.approx(score)
    assert from_scale(measure, score) == pytest.approx(value)


def test_out_of_scale_is_refused():
    with pytest.raises(ModelError, match="nps must be within -100..100"):
        to_scale("nps", 120)


def test_customer_measures_beat_the_room_and_room_fills_the_rest(journey):
    config = small_journey(ratings=ratings([
        ("t1", "Ana", "Agent", 3, True, "Care"), ("t1", "Ben", "CFO", 2, False, ""),
        ("t5", "Ana", "Agent", 1, True, ""), ("t5", "Ben", "CFO", None, True, "")]))
    perf = performance(config)
    assert perf["t1"].score == pytest.approx(50.0) and perf["t1"].source == "customers"
    assert perf["t1"].room_score == pytest.approx((3 + 2) / 2 / 4 * 100)  # 62.5: staff see it kinder
    assert perf["t2"].score == pytest.approx(50.0)  # mean of CES 50 and NPS 50
    assert perf["t2"].target == 80.0 and perf["t2"].gap == pytest.approx(30.0)
    # t5: no customer measure; one rating (1) and one "not rated": room score 1/4*100 = 25, 2 pain marks
    assert perf["t5"].source == "room" and perf["t5"].score == pytest.approx(25.0)
    assert perf["t5"].raters == 1 and perf["t5"].pain_points == 2
    assert perf["t4"].gap == 0.0
    assert performance(journey)["t5"].score is None and performance(journey)["t5"].gap is None


def test_room_scores_table():
    frame = room_scores(ratings([("t1", "A", "r", 4, False, ""), ("t1", "B", "r", 1, True, ""),
                                 ("t2", "A", "r", None, True, "")]))
    assert frame.at["t1", "mean"] == pytest.approx(2.5) and frame.at["t1", "score"] == pytest.approx(62.5)
    assert frame.at["t2", "raters"] == 0 and frame.at["t2", "pain_points"] == 1
    assert math.isnan(frame.at["t2", "score"])


def test_feedback_records_give_nps_csat_ces_per_touchpoint():
    # t1: NPS answers 10, 9, 7, 3 -> 2 promoters, 1 detractor of 4 -> 50% - 25% = +25
    #     CSAT answers 5, 4, 2, 1 -> 2 of 4 satisfied (4-5) -> 50%;  CES 7, 5, 3, 1 -> mean 4.0
    records = pd.DataFrame({"touchpoint": ["t1"] * 4 + ["t2"], "nps": [10, 9, 7, 3, 0],
                            "csat": [5, 4, 2, 1, 5], "ces": [7, 5, 3, 1, None]})
    table = performance_from_feedback(records)
    assert table.at["t1", "nps"] == pytest.approx(25.0)
    assert table.at["t1", "csat"] == pytest.approx(50.0)
    assert table.at["t1", "ces"] == pytest.approx(4.0)
    assert table.at["t2", "nps"] == pytest.approx(-100.0) and math.isnan(table.at["t2", "ces"])
    # records replace the section's figures: t1 had CSAT 50; now NPS 25 -> 62.5, CSAT 50, CES 4 -> 50
    perf = performance(small_journey(), table)
    assert perf["t1"].score == pytest.approx((62.5 + 50 + 50) / 3)
