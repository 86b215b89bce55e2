"""sBG cohort model: published estimates (Fader & Hardie 2007) and hand-worked values.

Data: the "Regular" and "High End" retention series of Fader & Hardie (2007), "How to project
customer retention", J. Interactive Marketing 21(1):76-90 (1,000 customers each, years 0-12). The
paper fits the first 8 points (years 0-7) and reports alpha = 0.704, beta = 1.182 (Regular) and
alpha = 0.668, beta = 3.806 (High End). (Our brief had the two pairs swapped; the mean first-year
churn alpha/(alpha+beta) settles it: 0.704/1.886 = 37% matches Regular's 1000 -> 631, 0.668/4.474 =
15% matches High End's 1000 -> 869.)
"""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from scipy import differentiate

from cxconsult.errors import ModelError
from cxconsult.retention import SBGFitter, fit_sbg, fit_sbg_by_cohort
from cxconsult.retention.sbg import _Negative, sbg_derl, sbg_survival

REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173]
HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394]


@pytest.mark.parametrize(("data", "alpha", "beta"), [(REGULAR, 0.704, 1.182), (HIGH_END, 0.668, 3.806)])
def test_published_estimates(data, alpha, beta):
    """Fader & Hardie (2007): ML estimates on years 0-7, reported to 3 decimals."""
    fit = fit_sbg(data[:8])
    assert fit.alpha == pytest.approx(alpha, abs=6e-4)
    assert fit.beta == pytest.approx(beta, abs=6e-4)


def test_projection_tracks_holdout_years():
    """The paper's point: a fit on years 0-7 projects years 8-12 closely (its Figure of projections).

    Observed holdout shares (Regular, High End) are within 2 points of the projection.
    """
    for data in (REGULAR, HIGH_END):
        fit = fit_sbg(data[:8])
        projected = fit.survival(np.arange(8, 13))
        assert np.max(np.abs(projected - np.array(data[8:]) / 1000)) < 0.02


def test_survival_and_retention_hand_worked():
    """alpha = beta = 1: S(t) = B(1, 1+t)/B(1, 1) = 1/(1+t); r(t) = S(t)/S(t-1) = t/(t+1)."""
    t = np.arange(0, 6)
    assert np.allclose(sbg_survival(1.0, 1.0, t), 1 / (1 + t))
    fit = fit_sbg(REGULAR[:8])
    # r(t) = (beta + t - 1)/(alpha + beta + t - 1) equals the ratio of survivals and rises with t
    ts = np.arange(1, 10)
    assert np.allclose(fit.retention(ts), fit.survival(ts) / fit.survival(ts - 1))
    assert np.all(np.diff(fit.retention(ts)) > 0)
    assert fit.retention(1) == pytest.approx(fit.beta / (fit.alpha + fit.beta))
    with pytest.raises(ModelError):
        fit.retention(0)


def test_derl_closed_forms_hand_worked():
    """alpha = beta = 1, d = 10%: z = 1/1.1, DEL = sum_t z^t/(1+t) = -ln(1-z)/z = 1.1 ln 11 = 2.63768.

    DERL after 0 renewals (next payment undiscounted) = (DEL - 1)/z = 1.1 (1.1 ln 11 - 1) = 1.80145.
    """
    assert sbg_derl(1.0, 1.0, 0.10) == pytest.approx(1.1 * math.log(11), rel=1e-10)
    assert sbg_derl(1.0, 1.0, 0.10, renewals=0) == pytest.approx(1.1 * (1.1 * math.log(11) - 1), rel=1e-10)


def test_derl_undiscounted_when_alpha_above_one():
    """alpha = 2, beta = 3, d = 0: sum_t S(t) = 12 sum_t 1/((3+t)(4+t)) = 12/3 = 4 = (a+b-1)/(a-1)."""
    assert sbg_derl(2.0, 3.0, 0.0) == pytest.approx(4.0, rel=1e-9)


def test_derl_matches_series_summed_numerically():
    """DERL of Fader & Hardie (2010, Marketing Science 29(1)) written as 2F1 equals the discounted sum of
    the survival curve (summed by brute force to 4,000 periods; 1.1**-4000 is negligible) for the fitted Regular customers."""
    fit = fit_sbg(REGULAR[:8])
    d = 0.10
    t = np.arange(0, 4000)
    series = fit.survival(t) / (1 + d) ** t
    assert fit.derl(d) == pytest.approx(series.sum(), rel=1e-9)
    for n in (0, 1, 4):
        k = np.arange(1, 4000)
        residual = (fit.survival(n + k) / fit.survival(n)) / (1 + d) ** (k - 1)
        assert fit.derl(d, renewals=n) == pytest.approx(residual.sum(), rel=1e-9)
    # the two conventions are tied: DEL = 1 + DERL(0) / (1 + d)
    assert fit.derl(d) == pytest.approx(1 + fit.derl(d, renewals=0) / (1 + d), rel=1e-12)


def test_alpha_below_one_needs_discounting():
    """DESIGN pitfall: alpha < 1 -> infinite undiscounted lifetime; only discounted values are given."""
    fit = fit_sbg(REGULAR[:8])
    assert fit.alpha < 1
    with pytest.raises(ModelError, match="infinite"):
        fit.derl(0.0)
    assert "infinite" in fit.summary()


def test_standard_errors_match_independent_hessian():
    """Our central-difference observed information agrees with scipy.differentiate.hessian."""
    fit = fit_sbg(HIGH_END[:8])
    objective = _Negative(fit.cohorts)

    def vectorised(points):
        flat = points.reshape(2, -1)
        return np.array([objective(flat[:, j]) for j in range(flat.shape[1])]).reshape(points.shape[1:])

    hess = differentiate.hessian(vectorised, np.log([fit.alpha, fit.beta]), initial_step=0.05).ddf
    cov = np.linalg.inv(hess)
    assert np.allclose(fit.covariance_log, cov, rtol=1e-3)
    se = fit.standard_errors
    assert se["alpha"] == pytest.approx(fit.alpha * math.sqrt(cov[0, 0]), rel=1e-3)
    lo, hi = fit.confidence_intervals()["beta"]
    assert lo < fit.beta < hi


def test_pooled_cohorts_share_parameters():
    """Two identical cohorts give the same estimates as one; the pooled log-likelihood is their sum."""
    one = fit_sbg(HIGH_END[:8])
    two = SBGFitter().fit([HIGH_END[:8], HIGH_END[:8]])
    assert two.alpha_ == pytest.approx(one.alpha, rel=1e-5)
    assert two.log_likelihood_ == pytest.approx(2 * one.log_likelihood, rel=1e-9)
    # ragged cohorts (a younger cohort has fewer periods) are accepted
    ragged = SBGFitter().fit({"2019": HIGH_END[:8], "2020": HIGH_END[:5]})
    assert ragged.result_.cohort_names == ("2019", "2020")


def test_cohorts_fitted_apart():
    fits = fit_sbg_by_cohort({"regular": REGULAR[:8], "high end": HIGH_END[:8]})
    assert fits["regular"].alpha == pytest.approx(0.704, abs=6e-4)
    assert fits["high end"].beta == pytest.approx(3.806, abs=6e-4)


def test_projection_band_seeded_and_ordered():
    fit = fit_sbg(REGULAR[:8])
    a = fit.projection(12, seed=3)
    b = fit.projection(12, seed=3)
    assert a.equals(b)
    assert np.all(a["lower"] <= a["survival"] + 1e-12) and np.all(a["survival"] <= a["upper"] + 1e-12)
    assert a.loc[0, "survival"] == 1.0
    expected = fit.expected_active()
    assert expected["expected_active"].iloc[0] == pytest.approx(1000)


@pytest.mark.parametrize(("active", "message"), [
    ([1000, 900, 950], "more than"),
    ([1000, -1], ">= 0"),
    ([1000, float("nan")], "expected a number"),
    ([0, 0, 0], "cohort size"),
    ([1000], "at least 2"),
    ([1000, 900.5], "whole number"),
    ([1000, 1000, 1000], "no customer was lost"),
])
def test_bad_input_is_rejected(active, message):
    with pytest.raises(ModelError, match=message):
        fit_sbg(active)


def test_fitter_is_picklable_and_displays():
    fitter = SBGFitter().fit(REGULAR[:8])
    clone = pickle.loads(pickle.dumps(fitter))
    assert clone.alpha_ == fitter.alpha_
    assert "alpha" in fitter.summary() and "<table>" in fitter._repr_html_()
    assert pickle.loads(pickle.dumps(fitter.result_)).beta == fitter.beta_
    with pytest.raises(ModelError, match="not fitted"):
        SBGFitter().survival(1)


# -- issue 10: degenerate data end in bounded time, flagged, never NaN bands ----------------------------

def test_regular_fits_carry_no_flag():
    assert fit_sbg(REGULAR[:8]).flags == () and fit_sbg(HIGH_END[:8]).flags == ()


def test_cohort_that_all_left_is_flagged_no_information():
    """[1000, 0]: everybody left in period 1; nothing tells how churn differs between customers."""
    fit = fit_sbg([1000, 0])
    assert "no_information" in fit.flags
    assert fit.survival(1) < 1e-3  # still says what the data say: nobody stays
    band = fit.projection(6)
    assert not band.isna().any().any()
    assert np.all(band["lower"] <= band["survival"]) and np.all(band["survival"] <= band["upper"])


def test_rising_churn_is_a_boundary_estimate_not_1e10():
    """[1000, 999, 1]: 1 left in period 1, 998 in period 2. The sBG can only make churn fall with tenure,
    so its likelihood rises towards alpha, beta -> infinity (one churn rate for all, the geometric
    model). The fit stops at the bound (1e6) with the geometric model's churn rate, worked by hand:
    999 losses over 1 x 1 + 2 x 998 + 2 x 1 = 1999 customer-periods at risk: m = 999/1999."""
    fit = fit_sbg([1000, 999, 1])
    assert fit.flags == ("boundary_estimate",)
    assert max(fit.alpha, fit.beta) == pytest.approx(1e6) and max(fit.alpha, fit.beta) <= 1e6
    assert fit.mean_churn == pytest.approx(999 / 1999, rel=1e-6)
    # log-likelihood of the geometric model at m: 999 log m + (1999 - 999) log(1 - m)
    m = 999 / 1999
    assert fit.log_likelihood == pytest.approx(999 * math.log(m) + 1000 * math.log(1 - m), abs=0.01)
    assert not fit.projection(12).isna().any().any()
    assert "boundary_estimate" in fit.summary()


def test_extreme_split_is_a_boundary_estimate():
    """[1000, 1, 1, 1]: 999 leave at once, 1 never leaves: alpha, beta -> 0 with a ratio of 999:1."""
    fit = fit_sbg([1000, 1, 1, 1])
    assert fit.flags == ("boundary_estimate",)
    assert min(fit.alpha, fit.beta) == pytest.approx(1e-6)
    assert fit.mean_churn == pytest.approx(0.999, abs=1e-6)


@pytest.mark.parametrize("active", [
    [1000, 0], [1000, 999, 1], [1000, 900], [1000, 500, 0], [1000, 999, 998, 997], [1000, 1, 1, 1],
    [10**10, 1], [1, 0], [2, 1, 1, 0], [1000] + [999] * 300 + [0], list(range(1200, -1, -1)),
    list(range(3000, 1799, -1)), [10**10] * 600 + [0] * 601,
])
def test_any_finite_cohort_ends_quickly_without_nan(active):
    import time

    start = time.perf_counter()
    fit = fit_sbg(active)
    band = fit.projection(24)
    assert time.perf_counter() - start < 10
    assert set(fit.flags) <= {"no_information", "boundary_estimate"}
    assert np.isfinite([fit.alpha, fit.beta, fit.log_likelihood]).all()
    assert 1e-6 * 0.999 <= min(fit.alpha, fit.beta) and max(fit.alpha, fit.beta) <= 1e6 * 1.001
    assert not band.isna().any().any()


@pytest.mark.parametrize(("active", "message"), [
    ([True, False], "true/false"),
    (["1000", "900"], "text"),
    ([1e11, 1], "at most"),
    ([1000] * 1202 + [1], "at most 1200 periods"),
])
def test_hostile_cohorts_raise_model_error(active, message):
    with pytest.raises(ModelError, match=message):
        fit_sbg(active)
