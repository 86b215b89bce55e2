"""Bootstrap interval of the index over respondents, worked by hand on the conftest workshop."""

from __future__ import annotations

import pandas as pd
import pytest

from cxconsult.diagnostic import score
from cxconsult.diagnostic.scoring import maturity_stage
from cxconsult.diagnostic.uncertainty import index_interval
from cxconsult.errors import ModelError


def test_interval_by_hand(workshop):
    # Ann: people 4+2 (2 answers), T 1, C 3, F dk.   Bo: people 0+2, T 3, C dk, F 2.
    # Resamples of two respondents:
    #   {Ann, Ann}: people 6/2/4 = 75, T 25, C 75, F none -> (75+25+75)/3 = 58.33  (prob 1/4)
    #   {Ann, Bo}:  people 8/4/4 = 50, T 50, C 75, F 50    -> 56.25               (prob 1/2)
    #   {Bo, Bo}:   people 25, T 75, C none, F 50           -> 50.00               (prob 1/4)
    band = index_interval(workshop, n_boot=2000, seed=1)
    assert band.index == pytest.approx(score(workshop).index) == pytest.approx(56.25)
    assert band.low == pytest.approx(50.0)
    assert band.high == pytest.approx(175 / 3)
    assert band.respondents == 2


def test_pooled_not_averaged_per_respondent():
    # Ann answers P1-P4 all 4 (people 100); Bo answers only P1 = 0. Pooled people score = 16/5/4 = 80;
    # a per-respondent average would give 50. Only people is answered, so index = people score.
    rows = [("Ann", "r", q, 4) for q in ("P1", "P2", "P3", "P4")] + [("Bo", "r", "P1", 0)]
    frame = pd.DataFrame(rows, columns=["respondent", "role", "question", "answer"])
    band = index_interval(frame, n_boot=2000, seed=3)
    assert band.index == pytest.approx(80.0)
    # resamples: {Ann,Ann} 100, {Ann,Bo} 80, {Bo,Bo} 0 -> 2.5% and 97.5% quantiles are 0 and 100
    assert (band.low, band.high) == (pytest.approx(0.0), pytest.approx(100.0))


def test_seeded_and_narrower_with_more_people(workshop):
    assert index_interval(workshop, seed=7) == index_interval(workshop, seed=7)
    many = pd.concat([workshop.assign(respondent=workshop["respondent"] + str(i)) for i in range(20)])
    wide, narrow = index_interval(workshop), index_interval(many)
    assert narrow.index == pytest.approx(wide.index)
    assert narrow.half_width < wide.half_width / 3


def test_bad_settings():
    with pytest.raises(ModelError):
        index_interval({"P1": 2}, confidence=1.5)
    with pytest.raises(ModelError):
        index_interval({"P1": "dk"})


@pytest.mark.parametrize(("index", "stage"), [(0, "not_started"), (12.49, "not_started"), (12.5, "starting"),
                                              (37.49, "starting"), (37.5, "developing"), (62.5, "established"),
                                              (87.49, "established"), (87.5, "embedded"), (100, "embedded")])
def test_maturity_stage_boundaries(index, stage):
    assert maturity_stage(index) == stage


def test_maturity_stage_rejects_nan():
    with pytest.raises(ValueError):
        maturity_stage(float("nan"))
