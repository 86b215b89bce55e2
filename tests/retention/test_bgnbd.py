"""BG/NBD and Gamma-Gamma on the CDNOW sample: published estimates and hand-worked values."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from cxconsult.errors import ModelError
from cxconsult.retention.bgnbd import BGNBDFitter, GammaGammaFitter

CDNOW = Path(__file__).resolve().parents[2] / "data" / "cdnow" / "cdnow_summary.csv"


@pytest.fixture(scope="module")
def cdnow() -> pd.DataFrame:
    return pd.read_csv(CDNOW)


@pytest.fixture(scope="module")
def bgnbd(cdnow) -> BGNBDFitter:
    return BGNBDFitter().fit(cdnow["x"], cdnow["t_x"], cdnow["T"])


@pytest.fixture(scope="module")
def gamma_gamma(cdnow) -> GammaGammaFitter:
    return GammaGammaFitter().fit(cdnow["x"], cdnow["zbar"])


def test_cdnow_table_as_documented(cdnow):
    """data/cdnow/SOURCE.md: 2,357 customers, 946 repeat buyers (Fader & Hardie 2013 note, sect. 3)."""
    assert len(cdnow) == 2357
    assert int((cdnow["x"] > 0).sum()) == 946


def test_bgnbd_published_estimates(bgnbd):
    """Fader, Hardie & Lee (2005), Marketing Science 24(2): CDNOW estimates r = 0.243,
    alpha = 4.414, a = 0.793, b = 2.426; log-likelihood -9582.4 (their BG/NBD Excel note)."""
    assert bgnbd.r_ == pytest.approx(0.243, abs=6e-4)
    assert bgnbd.alpha_ == pytest.approx(4.414, abs=6e-3)
    assert bgnbd.a_ == pytest.approx(0.793, abs=6e-4)
    assert bgnbd.b_ == pytest.approx(2.426, abs=6e-3)
    assert bgnbd.log_likelihood_ == pytest.approx(-9582.4, abs=0.06)


def test_bgnbd_conditional_expectation_published(bgnbd):
    """The paper's worked example: a customer with x = 2, t_x = 30.43, T = 38.86 (CDNOW customer 1)
    is expected to make 1.226 purchases in the next 39 weeks."""
    assert bgnbd.conditional_expected_purchases(39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=6e-4)


def test_bgnbd_identities(bgnbd):
    """A customer with no history (x = t_x = T = 0) behaves like a new customer: the conditional
    expectation (FHL eq. 10) equals the unconditional one (eq. 7); customers without repeat purchases
    are surely alive; P(alive) falls as recency gets older for the same x and T."""
    t = np.array([1.0, 10.0, 39.0, 78.0])
    new = bgnbd.expected_purchases(t)
    conditional = np.array([bgnbd.conditional_expected_purchases(v, 0, 0, 0) for v in t])
    assert np.allclose(new, conditional, rtol=1e-10)
    assert bgnbd.probability_alive(0, 0, 38.86) == 1.0
    alive = bgnbd.probability_alive(np.array([3, 3, 3]), np.array([35.0, 20.0, 5.0]), np.array([38.0] * 3))
    assert np.all(np.diff(alive) < 0)


def test_bgnbd_against_lifetimes_peer(bgnbd, cdnow):
    """Independent implementation: lifetimes' formulas at our parameters give the same predictions."""
    lifetimes = pytest.importorskip("lifetimes")
    peer = lifetimes.BetaGeoFitter()
    peer.params_ = pd.Series({"r": bgnbd.r_, "alpha": bgnbd.alpha_, "a": bgnbd.a_, "b": bgnbd.b_})
    x, t_x, T = cdnow["x"].to_numpy()[:50], cdnow["t_x"].to_numpy()[:50], cdnow["T"].to_numpy()[:50]
    ours = bgnbd.conditional_expected_purchases(39, x, t_x, T)
    theirs = peer.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, T)
    assert np.allclose(ours, np.asarray(theirs), rtol=1e-8)
    assert np.allclose(bgnbd.probability_alive(x, t_x, T), np.asarray(peer.conditional_probability_alive(x, t_x, T)),
                       rtol=1e-8)


def test_gamma_gamma_published_estimates(gamma_gamma):
    """Fader & Hardie (2013), "The Gamma-Gamma model of monetary value": p = 6.25, q = 3.74,
    gamma = 15.44 on the 946 CDNOW repeat buyers."""
    assert gamma_gamma.n_customers_ == 946
    assert gamma_gamma.p_ == pytest.approx(6.25, abs=0.006)
    assert gamma_gamma.q_ == pytest.approx(3.74, abs=0.006)
    assert gamma_gamma.gamma_ == pytest.approx(15.44, abs=0.011)


def test_gamma_gamma_expected_spend_hand_worked(gamma_gamma):
    """E[M | x, m] = p (gamma + x m) / (p x + q - 1): a weighted mean of the population mean
    p gamma/(q-1) and the customer's own average, with weight p x / (p x + q - 1) on the latter."""
    p, q, g = gamma_gamma.p_, gamma_gamma.q_, gamma_gamma.gamma_
    w = p * 2 / (p * 2 + q - 1)
    expected = (1 - w) * p * g / (q - 1) + w * 40.0
    assert gamma_gamma.conditional_expected_average_spend(2, 40.0) == pytest.approx(expected)
    assert gamma_gamma.mean_spend == pytest.approx(p * g / (q - 1))


def test_customer_value_hand_worked(bgnbd, gamma_gamma):
    """Undiscounted value over 39 weeks = E[Y(39)] x expected spend (the sum of weekly steps telescopes)."""
    value = gamma_gamma.customer_value(bgnbd, np.array([2]), np.array([30.43]), np.array([38.86]),
                                       np.array([22.35]), horizon=39)
    expected = (bgnbd.conditional_expected_purchases(39, 2, 30.43, 38.86)
                * gamma_gamma.conditional_expected_average_spend(2, 22.35))
    assert value[0] == pytest.approx(expected, rel=1e-10)
    discounted = gamma_gamma.customer_value(bgnbd, np.array([2]), np.array([30.43]), np.array([38.86]),
                                            np.array([22.35]), horizon=39, discount_rate=0.002)
    assert discounted[0] < value[0]


def test_bad_input_rejected():
    with pytest.raises(ModelError, match="after T"):
        BGNBDFitter().fit([1, 2], [5.0, 50.0], [10.0, 40.0])
    with pytest.raises(ModelError, match="whole number"):
        BGNBDFitter().fit([1.5], [1.0], [2.0])
    with pytest.raises(ModelError, match="frequency is 0"):
        BGNBDFitter().fit([0, 1], [3.0, 1.0], [5.0, 5.0])
    with pytest.raises(ModelError, match="spend > 0"):
        GammaGammaFitter().fit([1, 2, 3, 1], [10.0, 0.0, 5.0, 3.0])
    with pytest.raises(ModelError, match="not fitted"):
        BGNBDFitter().probability_alive(1, 1, 2)


def test_fitters_pickle(bgnbd, gamma_gamma):
    assert pickle.loads(pickle.dumps(bgnbd)).r_ == bgnbd.r_
    assert pickle.loads(pickle.dumps(gamma_gamma)).q_ == gamma_gamma.q_
    assert "BG/NBD" in bgnbd.summary() and "Gamma-Gamma" in gamma_gamma.summary()


def test_bgnbd_gradient_matches_finite_differences(cdnow):
    """The analytic gradient of the mean negative log-likelihood (derivation in
    ``_bgnbd_loglik_grad``'s docstring: digamma terms and the alive/dropped-out posterior weights) agrees
    with central finite differences (scipy.optimize.check_grad) at the CDNOW estimate and far from it,
    where every term (x > 0 and x = 0 rows, both weights) contributes."""
    from scipy import optimize

    from cxconsult.retention.bgnbd import _BGNBDNegative

    objective = _BGNBDNegative(cdnow["x"].to_numpy(float), cdnow["t_x"].to_numpy(float),
                               cdnow["T"].to_numpy(float), np.ones(len(cdnow)))
    for params in ([0.243, 4.414, 0.793, 2.426], [1.5, 0.7, 3.0, 0.4], [0.05, 30.0, 0.2, 9.0]):
        log_params = np.log(params)
        gradient = objective.gradient(log_params)
        numeric = optimize.approx_fprime(log_params, objective, 1e-7)
        assert np.allclose(gradient, numeric, rtol=1e-4, atol=1e-6)
        assert optimize.check_grad(objective, objective.gradient, log_params) < 1e-5 * max(1, np.abs(gradient).max())


def test_bgnbd_mean_likelihood_weights_equal_rows(cdnow):
    """Pooling identical (x, t_x, T) rows with weights gives the same mean objective and gradient as
    the raw rows, and the mean is the total divided by the number of customers."""
    from cxconsult.retention.bgnbd import _BGNBDNegative, _bgnbd_loglik

    x, t_x, T = (cdnow[c].to_numpy(float) for c in ("x", "t_x", "T"))
    raw = _BGNBDNegative(x, t_x, T, np.ones(x.size))
    rows, weight = np.unique(np.column_stack([x, t_x, T]), axis=0, return_counts=True)
    pooled = _BGNBDNegative(rows[:, 0], rows[:, 1], rows[:, 2], weight.astype(float))
    point = np.log([0.3, 5.0, 0.8, 2.5])
    assert pooled(point) == pytest.approx(raw(point), rel=1e-12)
    assert np.allclose(pooled.gradient(point), raw.gradient(point), rtol=1e-10)
    total = -np.sum(_bgnbd_loglik(0.3, 5.0, 0.8, 2.5, x, t_x, T))
    assert raw(point) * x.size == pytest.approx(total, rel=1e-12)


def test_bgnbd_ten_jittered_copies(cdnow):
    """benchmarks/bench_retention.py's scale case: CDNOW stacked 10 times with T and t_x jittered by up
    to +-0.005 weeks (23,570 distinct customers). The likelihood is 10x CDNOW's, so the estimates stay
    close to the published ones and the log-likelihood close to 10 x -9582.4; the standard errors
    shrink by about sqrt(10)."""
    rng = np.random.default_rng(7)
    big = pd.concat([cdnow] * 10, ignore_index=True)
    shift = rng.uniform(-0.005, 0.005, len(big))
    big["T"] = big["T"] + 0.01 + shift
    big["t_x"] = np.where(big["x"] > 0, np.minimum(big["t_x"] + shift, big["T"]), 0.0)
    fit = BGNBDFitter().fit(big["x"], big["t_x"], big["T"])
    single = BGNBDFitter().fit(cdnow["x"], cdnow["t_x"], cdnow["T"])
    assert fit.n_customers_ == 23570
    assert fit.r_ == pytest.approx(0.243, abs=2e-3) and fit.alpha_ == pytest.approx(4.414, abs=0.02)
    assert fit.a_ == pytest.approx(0.793, abs=3e-3) and fit.b_ == pytest.approx(2.426, abs=0.01)
    assert fit.log_likelihood_ == pytest.approx(10 * -9582.4, rel=1e-3)
    ratio = (single.standard_errors_ / fit.standard_errors_).to_numpy()
    assert np.allclose(ratio, np.sqrt(10), rtol=0.05)
