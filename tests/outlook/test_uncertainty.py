"""Monte Carlo outlook: checked against a closed-form probability and a degenerate case."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from scipy import stats

from cxconsult.errors import ModelError
from cxconsult.outlook import Assumptions, UncertainAssumption, project, simulate


def test_probability_of_revenue_target_matches_normal_closed_form():
    # Revenue change = ((1+g)(1+r))^36 - 1 >= 0.2  <=>  g >= g* = 1.2^(1/36)/(1+r) - 1.
    # With g ~ Normal(mu, sd): P = 1 - Phi((g* - mu) / sd). Monte Carlo SE = sqrt(P(1-P)/n).
    a = Assumptions()
    mu, sd, n = 0.003, 0.002, 20_000
    g_star = 1.2 ** (1 / 36) / (1 + a.revenue_per_customer_growth_monthly) - 1
    expected = 1 - stats.norm.cdf((g_star - mu) / sd)
    fan = simulate(a, [UncertainAssumption.of("customer_growth_monthly", "norm", loc=mu, scale=sd)],
                   n_paths=n, seed=11)
    se = math.sqrt(expected * (1 - expected) / n)
    assert abs(fan.probability_met["revenue"] - expected) < 4 * se
    # The median customer base at month 36 is the median growth compounded: 1.2M x (1 + mu)^36.
    assert fan.bands[("customers", 0.5)].loc[36] == pytest.approx(a.customers * (1 + mu) ** 36, rel=2e-3)


def test_degenerate_distribution_reproduces_the_projection():
    a = Assumptions()
    u = UncertainAssumption.of("self_service_target", "uniform", loc=a.self_service_target, scale=1e-12)
    fan = simulate(a, [u], n_paths=50, seed=1)
    frame = project(a)
    for col in ("revenue", "cost_base", "headcount", "self_service_share"):
        assert np.allclose(fan.bands[(col, 0.1)], frame[col]) and np.allclose(fan.bands[(col, 0.9)], frame[col])


def test_seeded_and_picklable_and_clipping_reported():
    a = Assumptions()
    u = [UncertainAssumption.of("self_service_leak_back", "norm", loc=0.3, scale=0.5)]
    one = simulate(a, u, n_paths=500, seed=3)
    two = simulate(a, u, n_paths=500, seed=3)
    assert one.bands.equals(two.bands) and one.probability_met == two.probability_met
    assert one.clipped["self_service_leak_back"] > 0.3   # N(0.3, 0.5) leaves 0..1 about 46 % of the time
    assert "clipped" in one.summary()
    assert pickle.loads(pickle.dumps(one)).probability_met == one.probability_met


def test_bad_specs_are_rejected():
    with pytest.raises(ModelError, match="not a lever"):
        UncertainAssumption.of("moon_phase", "norm", loc=0, scale=1)
    with pytest.raises(ModelError, match="not supported"):
        UncertainAssumption.of("aht_s", "cauchy", loc=0, scale=1)
    with pytest.raises(ModelError, match="bad params"):
        UncertainAssumption.of("aht_s", "triang", loc=300, scale=50)   # c missing
    with pytest.raises(ModelError, match="n_paths"):
        simulate(Assumptions(), [], n_paths=0)


@pytest.mark.parametrize("dist, params", [
    ("norm", {"loc": 300, "scale": 0}), ("norm", {"loc": 300, "scale": -5}), ("norm", {"mu": 300}),
    ("lognorm", {"scale": 300}), ("lognorm", {"s": 0, "scale": 300}), ("triang", {"c": 1.5, "loc": 1, "scale": 2}),
    ("beta", {"a": 0, "b": 2}), ("truncnorm", {"a": 2, "b": 1}), ("uniform", {"loc": float("nan")})])
def test_bad_distribution_params_are_refused_as_scipy_would(dist, params):
    """Each set is one scipy.stats refuses (its argcheck: scale > 0, s > 0, 0 <= c <= 1, a, b > 0 for beta,
    a < b for truncnorm) or does not know (``mu``), checked without importing scipy.stats."""
    with pytest.raises(ModelError, match="bad params"):
        UncertainAssumption.of("aht_s", dist, **params)


@pytest.mark.parametrize("dist, params", [
    ("norm", {"loc": 300, "scale": 20}), ("lognorm", {"s": 0.2, "scale": 300}), ("triang", {"c": 0.5, "loc": 280, "scale": 60}),
    ("uniform", {"loc": 280, "scale": 40}), ("beta", {"a": 2, "b": 5, "loc": 250, "scale": 100}),
    ("truncnorm", {"a": -2, "b": 2, "loc": 300, "scale": 20})])
def test_valid_params_agree_with_scipy(dist, params):
    """What passes the check is a distribution scipy.stats builds, with a finite mean."""
    u = UncertainAssumption.of("aht_s", dist, **params)
    assert np.isfinite(getattr(stats, dist)(**params).mean()) and np.isfinite(u.distribution().mean())
