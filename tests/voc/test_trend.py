"""Trend, intervals, significance and sample size against hand-worked numbers and scipy."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxconsult.errors import ModelError
from cxconsult.voc import compare_periods, minimum_sample, trend
from cxconsult.voc.trend import detectable_sample


def small() -> pd.DataFrame:
    jan = pd.DataFrame({"date": pd.to_datetime(["2026-01-03", "2026-01-09", "2026-01-15", "2026-01-20", "2026-01-31"]),
                        "nps": [10, 9, 8, 6, 3], "csat": [5, 4, 3, 2, 1], "ces": [1, 2, 3, 4, 5],
                        "touchpoint": ["a", "a", "b", "b", "b"]})
    feb = pd.DataFrame({"date": pd.to_datetime(["2026-02-01", "2026-02-10", "2026-02-11", "2026-02-28"]),
                        "nps": [10, 10, 10, 7], "csat": [5, 5, 4, 4], "ces": [4, 5, 6, 7],
                        "touchpoint": ["a", "b", "b", "b"]})
    return pd.concat([jan, feb], ignore_index=True)


def test_nps_trend_hand_worked():
    t = trend(small(), "nps")
    # January: 2 promoters, 2 detractors of 5 -> NPS 0; Var = .4 + .4 - 0 = .8; SE = 100 sqrt(.8/5) = 40
    # 95%: +-1.959964 * 40 = 78.40
    jan, feb = t.iloc[0], t.iloc[1]
    assert jan["n"] == 5 and jan["value"] == pytest.approx(0.0)
    assert jan["se"] == pytest.approx(40.0)
    assert (jan["low"], jan["high"]) == pytest.approx((-78.3986, 78.3986), abs=1e-3)
    # February: 3 promoters of 4 -> 75; Var = .75 - .5625 = .1875; SE = 100 sqrt(.1875/4) = 21.6506
    # 75 - 1.959964 * 21.6506 = 32.566; the high end 117.4 is clipped to 100
    assert feb["value"] == pytest.approx(75.0)
    assert feb["low"] == pytest.approx(32.566, abs=1e-3) and feb["high"] == 100.0
    assert list(t["period"].dt.strftime("%Y-%m")) == ["2026-01", "2026-02"]


def test_csat_wilson_and_ces_t_interval_hand_worked():
    c = trend(small(), "csat", csat_top=4).iloc[0]
    # 2 of 5 in the top two boxes; Wilson 95%: 0.1176 .. 0.7693 (centre (p + z^2/2n)/(1 + z^2/n))
    assert c["value"] == pytest.approx(0.4)
    assert (c["low"], c["high"]) == pytest.approx((0.1176, 0.7693), abs=1e-4)
    e = trend(small(), "ces").iloc[1]
    # February CES 4, 5, 6, 7: mean 5.5, sd sqrt(5/3) = 1.29099, se .645497, t(3) = 3.182446 -> +-2.05426
    assert e["value"] == pytest.approx(5.5)
    assert (e["low"], e["high"]) == pytest.approx((3.44574, 7.55426), abs=1e-4)


def test_trend_by_touchpoint_and_week():
    t = trend(small(), "nps", by="touchpoint")
    jan_a = t[(t["touchpoint"] == "a") & (t["period"] == "2026-01-01")].iloc[0]
    assert jan_a["value"] == pytest.approx(100.0) and jan_a["n"] == 2  # 10 and 9: both promoters
    jan_b = t[(t["touchpoint"] == "b") & (t["period"] == "2026-01-01")].iloc[0]
    assert jan_b["value"] == pytest.approx(-100 * 2 / 3)  # 8, 6, 3: one passive, two detractors
    weeks = trend(small(), "nps", freq="W")
    assert weeks["n"].sum() == 9 and weeks["period"].iloc[0] == pd.Timestamp("2025-12-29")  # Monday


def _random(seed: int, n1: int = 300, n2: int = 280) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    a = pd.DataFrame({"date": pd.Timestamp("2026-01-15"), "nps": rng.integers(0, 11, n1),
                      "csat": rng.integers(1, 6, n1), "ces": rng.integers(1, 8, n1)})
    b = pd.DataFrame({"date": pd.Timestamp("2026-02-15"), "nps": np.clip(rng.integers(0, 11, n2) + 1, 0, 10),
                      "csat": np.clip(rng.integers(1, 6, n2) + 1, 1, 5), "ces": rng.integers(1, 8, n2)})
    return pd.concat([a, b], ignore_index=True)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_significance_matches_scipy(seed):
    data = _random(seed)
    jan, feb = data[data["date"].dt.month == 1], data[data["date"].dt.month == 2]
    code = lambda s: np.where(s >= 9, 100, np.where(s <= 6, -100, 0))  # noqa: E731
    c = compare_periods(data, "nps", "2026-01", "2026-02")
    ref = stats.ttest_ind(code(feb["nps"]), code(jan["nps"]), equal_var=False)
    assert c.test == "welch_nps"
    assert c.p_value == pytest.approx(ref.pvalue, rel=1e-9) and c.statistic == pytest.approx(ref.statistic)
    assert c.change == pytest.approx(code(feb["nps"]).mean() - code(jan["nps"]).mean())
    s = compare_periods(data, "csat", "2026-01", "2026-02")
    top = [[(jan["csat"] >= 4).sum(), (jan["csat"] < 4).sum()], [(feb["csat"] >= 4).sum(), (feb["csat"] < 4).sum()]]
    chi = stats.chi2_contingency(top, correction=False)
    assert s.test == "two_proportion_z" and s.p_value == pytest.approx(chi.pvalue, rel=1e-9)
    assert s.statistic ** 2 == pytest.approx(chi.statistic, rel=1e-9)
    e = compare_periods(data, "ces", "2026-01", "2026-02")
    ref = stats.ttest_ind(feb["ces"], jan["ces"], equal_var=False)
    assert e.test == "welch_mean" and e.p_value == pytest.approx(ref.pvalue, rel=1e-9)
    assert e.significant == (ref.pvalue < 0.05)


def test_significant_only_when_it_is():
    data = _random(4, 2000, 2000)  # a shift of +1 on 0-10 with 2000 answers each: clearly real
    assert compare_periods(data, "nps", "2026-01", "2026-02").significant
    same = _random(5, 200, 200)
    same.loc[same["date"].dt.month == 2, "nps"] = same.loc[same["date"].dt.month == 1, "nps"].to_numpy()
    c = compare_periods(same, "nps", "2026-01", "2026-02")
    assert c.change == 0 and not c.significant and c.p_value == pytest.approx(1.0)
    with pytest.raises(ModelError, match="at least 2"):
        compare_periods(data, "nps", "2026-01", "2026-05")


def test_minimum_sample_hand_worked():
    # CSAT 50% -> 60%: (1.959964 sqrt(2 .55 .45) + 0.841621 sqrt(.25 + .24))^2 / .01 = 387.34 -> 388
    assert minimum_sample("csat", 0.10, share=0.5) == 388
    # NPS with 40% promoters, 20% detractors: V = .6 - .2^2 = .56; 5 points:
    # (1.959964 + 0.841621)^2 * 2 * .56 / .05^2 = 3516.3 -> 3517
    assert minimum_sample("nps", 5, promoters=0.4, detractors=0.2) == 3517
    # a mean with sd 1.5, change 0.25: 7.848879 * 2 * 2.25 / .0625 = 565.12 -> 566
    assert minimum_sample("ces", 0.25, sd=1.5) == 566
    with pytest.raises(ModelError):
        minimum_sample("nps", 5, promoters=0.7, detractors=0.5)


def test_minimum_sample_gives_the_power_it_promises():
    n = minimum_sample("csat", 0.10, share=0.5)
    rng = np.random.default_rng(7)
    a = rng.binomial(n, 0.5, 3000) / n
    b = rng.binomial(n, 0.6, 3000) / n
    pooled = (a + b) / 2
    z = (b - a) / np.sqrt(pooled * (1 - pooled) * 2 / n)
    assert abs(float((np.abs(z) > 1.959964).mean()) - 0.80) < 0.03


def test_detectable_sample_uses_the_data():
    data = pd.DataFrame({"date": pd.Timestamp("2026-01-01"), "nps": [10] * 40 + [8] * 40 + [3] * 20})
    assert detectable_sample(data, "nps", 5) == minimum_sample("nps", 5, promoters=0.4, detractors=0.2)
