"""Difference-in-differences: a hand-computed example, a published one, and recovery of a known effect.

Method: Angrist & Pischke (2009), Mostly Harmless Econometrics, section 5.2; published example:
Card & Krueger (1994), "Minimum wages and employment", American Economic Review 84(4), Table 3.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxconsult.errors import ModelError
from cxconsult.journey import CellStats, did_from_cells, did_from_observations


def test_hand_computed_example():
    pb, pa = CellStats(3.0, 1.0, 100), CellStats(3.5, 1.2, 100)
    cb, ca = CellStats(3.1, 1.1, 121), CellStats(3.2, 1.0, 100)
    r = did_from_cells(pb, pa, cb, ca)
    # effect = (3.5 - 3.0) - (3.2 - 3.1) = 0.4
    assert r.effect == pytest.approx(0.4)
    assert (r.pilot_change, r.control_change) == (pytest.approx(0.5), pytest.approx(0.1))
    # variances of the four means: 1/100, 1.44/100, 1.21/121, 1/100 = .01, .0144, .01, .01 -> sum .0444
    assert r.se == pytest.approx(math.sqrt(0.0444))  # 0.210713
    # Welch-Satterthwaite: .0444^2 / (.01^2/99 + .0144^2/99 + .01^2/120 + .01^2/99) = 398.41
    df = 0.0444 ** 2 / (0.01 ** 2 / 99 + 0.0144 ** 2 / 99 + 0.01 ** 2 / 120 + 0.01 ** 2 / 99)
    assert r.df == pytest.approx(df) and r.df == pytest.approx(398.41, abs=0.01)
    t = stats.t.ppf(0.975, df)  # 1.9659
    assert (r.low, r.high) == (pytest.approx(0.4 - t * math.sqrt(0.0444)), pytest.approx(0.4 + t * math.sqrt(0.0444)))
    # 0.4 +/- 0.4142: the interval [-0.014, 0.814] includes zero
    assert r.low < 0 < r.high and not r.distinguishable
    assert r.p_value == pytest.approx(2 * stats.t.sf(0.4 / math.sqrt(0.0444), df))
    # with four times the customers the same effect is distinguishable: se halves to 0.105
    big = did_from_cells(*(CellStats(c.mean, c.sd, c.n * 4) for c in (pb, pa, cb, ca)))
    assert big.se == pytest.approx(math.sqrt(0.0444 / 4), rel=1e-3) and big.distinguishable


def test_card_krueger_table_3():
    # FTE employment per store (standard errors of the means in brackets):
    # NJ before 20.44 (0.51), after 21.03 (0.52); PA before 23.33 (1.35), after 21.17 (0.94).
    # Published difference-in-differences: 2.76 from unrounded means; from these rounded means
    # (21.03 - 20.44) - (21.17 - 23.33) = 0.59 + 2.16 = 2.75.
    n = 400  # cell means' SEs are what matter: sd = se * sqrt(n)
    cells = [CellStats(m, se * math.sqrt(n), n) for m, se in ((20.44, 0.51), (21.03, 0.52), (23.33, 1.35), (21.17, 0.94))]
    r = did_from_cells(*cells)
    assert r.effect == pytest.approx(2.75)
    assert abs(r.effect - 2.76) <= 0.011
    # independent samples: sqrt(.51^2 + .52^2 + 1.35^2 + .94^2) = sqrt(3.2366) = 1.799 (the paper's 1.36
    # uses the same stores before and after; its cross-sectional SEs, sqrt(1.35^2 + .51^2) = 1.44 and
    # sqrt(.94^2 + .52^2) = 1.07, are what this formula gives)
    assert r.se == pytest.approx(math.sqrt(3.2366), abs=1e-4)


def _simulate(rng, effect, n=400, sd=1.0):
    rows = []
    base = {"pilot": 3.0, "control": 3.4}
    for group in ("pilot", "control"):
        for period in ("before", "after"):
            mean = base[group] + (0.2 if period == "after" else 0.0) + (effect if (group, period) == ("pilot", "after") else 0)
            rows.append(pd.DataFrame({"group": group, "period": period, "value": rng.normal(mean, sd, n)}))
    return pd.concat(rows, ignore_index=True)


def test_recovers_a_known_effect_from_generated_data():
    rng = np.random.default_rng(2009)
    data = _simulate(rng, effect=0.5)
    r = did_from_observations(data)
    # true effect 0.5; common trend +0.2 in both groups and a level difference of 0.4 cancel out
    assert r.low < 0.5 < r.high
    assert abs(r.effect - 0.5) < 3 * r.se
    assert r.se == pytest.approx(math.sqrt(4 / 400), rel=0.1)  # four cells of sd 1, n 400
    assert r.distinguishable
    assert r.cell("pilot", "before").n == 400


def test_interval_covers_the_true_effect_about_95_percent_of_the_time():
    rng = np.random.default_rng(7)
    hits = 0
    runs = 400
    for _ in range(runs):
        cells = []
        for mean, n in ((3.0, 60), (3.5 + 0.3, 70), (3.2, 80), (3.7, 90)):  # true effect 0.3
            x = rng.normal(mean, 1.3, n)
            cells.append(CellStats(float(x.mean()), float(x.std(ddof=1)), n))
        r = did_from_cells(*cells)
        hits += r.low <= 0.3 <= r.high
    assert 0.92 <= hits / runs <= 0.98  # binomial sd of the rate at .95 and 400 runs: 0.011


def test_bad_input():
    good = CellStats(3.0, 1.0, 50)
    with pytest.raises(ModelError, match="control group after the redesign needs 2 or more"):
        did_from_cells(good, good, good, CellStats(3.0, 1.0, 1))
    with pytest.raises(ModelError, match="confidence"):
        did_from_cells(good, good, good, good, confidence=1.5)
    with pytest.raises(ModelError, match="missing value"):
        did_from_observations(pd.DataFrame({"group": ["pilot"], "period": ["before"]}))
