"""NPS, CSAT and CES against hand-worked examples (arithmetic in the comments)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cxconsult.errors import ModelError
from cxconsult.metrics import ces, csat, nps, nps_ci

Z95 = 1.959963984540054  # standard normal 97.5% quantile


def test_nps_definition_reichheld_2003():
    # Reichheld, HBR 81(12):46-54, 2003: % promoters (9-10) minus % detractors (0-6).
    # [10, 10, 9, 8, 7, 7, 6, 2]: promoters 10, 10, 9 -> 3/8 = 37.5%; detractors 6, 2 -> 2/8 = 25%;
    # passives 8, 7, 7 do not count. NPS = 37.5 - 25 = 12.5 points.
    assert nps([10, 10, 9, 8, 7, 7, 6, 2]) == pytest.approx(12.5)
    assert nps([10] * 5) == 100.0
    assert nps([0, 6, 3]) == -100.0
    assert nps([7, 8]) == 0.0


def test_nps_ci_hand_worked():
    # p = 0.375, d = 0.25; Var = p + d - (p - d)^2 = 0.625 - 0.015625 = 0.609375;
    # SE = 100 * sqrt(0.609375 / 8) = 100 * sqrt(0.076171875) = 27.5993 points;
    # 95% CI = 12.5 +- 1.959964 * 27.5993 = 12.5 +- 54.0937 -> (-41.5937, 66.5937).
    result = nps_ci([10, 10, 9, 8, 7, 7, 6, 2])
    assert result.value == pytest.approx(12.5)
    assert result.se == pytest.approx(27.5993, abs=1e-4)
    assert result.low == pytest.approx(-41.5937, abs=1e-3)
    assert result.high == pytest.approx(66.5937, abs=1e-3)
    assert result.n == 8
    assert "NPS: 12.5 points" in result.summary()
    assert "<p>" in result._repr_html_()


def test_nps_ci_is_clipped_to_scale():
    # All promoters: p = 1, d = 0 -> Var = 1 - 1 = 0, SE 0, CI (100, 100).
    result = nps_ci([9, 10, 10])
    assert (result.value, result.se, result.low, result.high) == (100.0, 0.0, 100.0, 100.0)


def test_csat_wilson_interval_hand_worked():
    # [5, 4, 4, 3, 2, 5, 1, 4, 5, 5]: 4-5 answers = 7 of 10 -> 70%.
    # Wilson (z = 1.959964, z^2 = 3.841459, n = 10): denominator 1 + z^2/n = 1.3841459;
    # centre (0.7 + z^2/20) / 1.3841459 = 0.8920729 / 1.3841459 = 0.644488;
    # half-width z * sqrt(0.7*0.3/10 + z^2/400) / 1.3841459 = 1.959964 * 0.1749389 / 1.3841459 = 0.247716;
    # -> (39.677%, 89.220%).
    result = csat([5, 4, 4, 3, 2, 5, 1, 4, 5, 5])
    assert result.value == pytest.approx(70.0)
    assert result.low == pytest.approx(39.677, abs=1e-3)
    assert result.high == pytest.approx(89.220, abs=1e-3)
    # the same by the textbook formula, computed here independently
    p, n, z2 = 0.7, 10, Z95 ** 2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    assert result.low == pytest.approx(100 * (centre - half))
    assert result.high == pytest.approx(100 * (centre + half))


def test_ces_mean_and_t_interval_hand_worked():
    # [7, 6, 5, 5, 2]: mean 25/5 = 5; deviations 2, 1, 0, 0, -3 -> sum of squares 14, variance 14/4 = 3.5,
    # sd 1.870829, SE 1.870829 / sqrt(5) = 0.836660; t(0.975, 4 df) = 2.776445 -> half-width 2.322936;
    # CI (2.677064, 7.322936), the upper end clipped to the top of the 1-7 scale.
    result = ces([7, 6, 5, 5, 2])
    assert result.value == pytest.approx(5.0)
    assert result.se == pytest.approx(0.836660, abs=1e-6)
    assert result.low == pytest.approx(2.677064, abs=1e-5)
    assert result.high == 7.0
    assert ces([1, 2, 3, 4, 5], scale="1-5").value == pytest.approx(3.0)


def test_ces_single_answer_has_no_interval():
    result = ces([4])
    assert result.value == 4.0 and math.isnan(result.low)


def test_accepts_arrays_and_series():
    assert nps(np.array([10, 0])) == 0.0
    assert nps(pd.Series([9.0, 10.0])) == 100.0


@pytest.mark.parametrize("scores, words", [
    ([], "no answers"),
    ([1, 2, 11], "answer 11 at position 2 is outside the 0-10 scale"),
    ([8, 7.5], "answer 7.5 at position 1 is not a whole number"),
    ([5, float("nan")], "position 1 is missing (NaN)"),
    ([5, None], "position 1 is missing"),
    (["9"], "'9' at position 0 is not a number"),
    ([True], "is not a number"),
    ("9", "got text"),
    ([-1], "outside the 0-10 scale"),
])
def test_nps_rejects_bad_scores(scores, words):
    with pytest.raises(ModelError) as info:
        nps(scores)
    assert words in str(info.value)
    assert isinstance(info.value, ValueError)


def test_scale_specific_errors():
    with pytest.raises(ModelError, match="answer 0 at position 0 is outside the 1-5 scale"):
        csat([0, 5])
    with pytest.raises(ModelError, match="outside the 1-7 scale"):
        ces([8])
    with pytest.raises(ModelError, match="outside the 1-5 scale"):
        ces([6], scale="1-5")
    with pytest.raises(ModelError, match="CES scale"):
        ces([3], scale="0-10")
    with pytest.raises(ModelError, match="confidence"):
        nps_ci([9], confidence=1.5)


# -- issue 10: booleans and non-numbers are refused wherever they hide -----------------------------------

@pytest.mark.parametrize("scores, position", [
    ([True, 10], 0),                      # [True, 10] used to pass as [1, 10]: NPS 0
    ([10, False], 1),
    (np.array([True, False]), 0),         # a boolean array
    (pd.Series([9, True], dtype=object), 1),
    ([np.True_, 9], 0),
])
def test_booleans_are_not_scores(scores, position):
    with pytest.raises(ModelError, match=f"at position {position} is not a number"):
        nps(scores)
    with pytest.raises(ModelError, match="is not a number"):
        csat(scores)


def test_huge_and_text_scores_are_named_briefly():
    with pytest.raises(ModelError) as info:
        nps([10**400])  # more digits than Python prints: named by its size, not printed
    assert "401-digit whole number" in str(info.value) and len(str(info.value)) < 200
    with pytest.raises(ModelError) as info:
        nps([9, "x" * 10_000])
    assert "at position 1 is not a number" in str(info.value) and len(str(info.value)) < 250
    # the same answers as numbers are fine: (1 promoter - 0 detractors) / 2 answers = +50 points
    assert nps([9, 8]) == 50.0
