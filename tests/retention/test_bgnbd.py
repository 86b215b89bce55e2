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
