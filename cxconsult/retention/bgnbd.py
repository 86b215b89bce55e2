"""Repeat-purchase models for non-contractual customers: BG/NBD and Gamma-Gamma spend.

- BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way: an alternative to the
  Pareto/NBD model", Marketing Science 24(2):275-284): while alive a customer buys as a Poisson
  process (rate ~ gamma(r, alpha)); after each purchase they drop out with probability p
  (~ beta(a, b)). Input per customer: ``frequency`` x (repeat purchases), ``recency`` t_x (time of the
  last repeat purchase since the first), ``T`` (time since the first purchase), all in one time unit
  (weeks for CDNOW).
- Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves for customer base
  analysis", J. Marketing Research 42(4):415-430; Fader & Hardie 2013, "The Gamma-Gamma model of
  monetary value", brucehardie.com note 025): the average spend per transaction of a repeat buyer,
  parameters p, q, gamma; fitted on customers with ``frequency > 0``.

Both fitters estimate by maximum likelihood on log parameters (scipy.optimize), follow the lifelines
pattern (settings in the constructor, ``fit`` returns self, ``params_``), and pickle. The BG/NBD
minimises the mean (per-customer) negative log-likelihood with its exact gradient (BFGS), over
distinct (x, t_x, T) rows weighted by their number of customers, so its tolerances do not depend on
the size of the customer base and no finite-difference precision loss sends it to Nelder-Mead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special

from cxconsult.errors import ModelError
from cxconsult.retention.sbg import _covariance, _fit_log

__all__ = ["BGNBDFitter", "GammaGammaFitter"]


def _array(name: str, values: Any) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if arr.ndim != 1 or arr.size == 0:
        raise ModelError(f"{name}: expected a non-empty 1-D sequence, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        i = int(np.argmax(~np.isfinite(arr)))
        raise ModelError(f"{name}[{i}]: expected a finite number, got {arr[i]!r}")
    if (arr < 0).any():
        i = int(np.argmax(arr < 0))
        raise ModelError(f"{name}[{i}]: expected a value >= 0, got {arr[i]:g}")
    return arr


def _check_rft(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x, t_x, big_t = _array("frequency", frequency), _array("recency", recency), _array("T", T)
    if not x.size == t_x.size == big_t.size:
        raise ModelError(f"frequency, recency and T must have the same length, got {x.size}, {t_x.size}, "
                         f"{big_t.size}")
    if (x != np.round(x)).any():
        i = int(np.argmax(x != np.round(x)))
        raise ModelError(f"frequency[{i}]: expected a whole number of repeat purchases, got {x[i]:g}")
    if (t_x > big_t + 1e-9).any():
        i = int(np.argmax(t_x > big_t + 1e-9))
        raise ModelError(f"recency[{i}] = {t_x[i]:g} is after T[{i}] = {big_t[i]:g}")
    if ((x == 0) & (t_x > 0)).any():
        i = int(np.argmax((x == 0) & (t_x > 0)))
        raise ModelError(f"recency[{i}] = {t_x[i]:g} but frequency is 0; recency must be 0 without repeats")
    return x, t_x, big_t


# --------------------------------------------------------------------------------------------------
# BG/NBD

@dataclass(frozen=True)
class _BGNBDNegative:
    """Mean negative log-likelihood per customer on log parameters, with its exact gradient.

    Rows are the distinct (x, t_x, T) triples, each weighted by its number of customers; dividing by
    the number of customers keeps the objective near 1 whatever the size of the base, so the
    optimiser's tolerances mean the same on 2,000 customers as on 2 million.
    """

    x: np.ndarray
    t_x: np.ndarray
    T: np.ndarray
    weight: np.ndarray

    def __post_init__(self) -> None:
        object.__setattr__(self, "groups", np.unique(self.x, return_inverse=True))

    @property
    def n(self) -> float:
        return float(self.weight.sum())

    def __call__(self, log_params: np.ndarray) -> float:
        return self.value_and_gradient(log_params)[0]

    def gradient(self, log_params: np.ndarray) -> np.ndarray:
        return self.value_and_gradient(log_params)[1]

    def value_and_gradient(self, log_params: np.ndarray) -> tuple[float, np.ndarray]:
        """Mean negative log-likelihood and its gradient with respect to (log r, log alpha, log a, log b)."""
        params = np.exp(np.asarray(log_params, dtype=float))
        ll, grad = _bgnbd_loglik_grad(*params, self.x, self.t_x, self.T, groups=self.groups)
        value = -float(np.sum(self.weight * ll)) / self.n
        gradient = -(grad @ self.weight) / self.n * params  # chain rule: d/dlog p = p d/dp
        if not (np.isfinite(value) and np.all(np.isfinite(gradient))):
            return 1e300, np.zeros(4)
        return value, gradient


def _bgnbd_loglik(r: float, alpha: float, a: float, b: float, x: np.ndarray, t_x: np.ndarray,
                  T: np.ndarray) -> np.ndarray:
    """Per-customer log-likelihood (Fader, Hardie & Lee 2005a, eq. 6)."""
    return _bgnbd_loglik_grad(r, alpha, a, b, x, t_x, T, gradient=False)[0]


def _bgnbd_loglik_grad(r: float, alpha: float, a: float, b: float, x: np.ndarray, t_x: np.ndarray,
                       T: np.ndarray, gradient: bool = True,
                       groups: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray | None]:
    """Per-customer log-likelihood (FHL 2005a, eq. 6) and its partial derivatives (4 x rows).

    LL = A + log(e^B + [x > 0] e^C) with
      A = lnG(r + x) - lnG(r) + r ln alpha
      B = lnB(a, b + x) - lnB(a, b) - (r + x) ln(alpha + T)          (still alive at T)
      C = lnB(a + 1, b + x - 1) - lnB(a, b) - (r + x) ln(alpha + t_x)  (dropped out after t_x)
    so dLL = dA + w_B dB + w_C dC with w_B = e^(B - LL + A) (the posterior weight of "still alive"), w_C = 1 - w_B; psi is the digamma:
      dA/dr = psi(r + x) - psi(r) + ln alpha,  dA/dalpha = r / alpha
      dB/dr = -ln(alpha + T),   dB/dalpha = -(r + x)/(alpha + T)
      dB/da = psi(a + b) - psi(a + b + x),   dB/db = psi(b + x) - psi(b) + psi(a + b) - psi(a + b + x)
      dC/dr = -ln(alpha + t_x), dC/dalpha = -(r + x)/(alpha + t_x)
      dC/da = 1/a + psi(a + b) - psi(a + b + x),
      dC/db = psi(b + x - 1) - psi(b) + psi(a + b) - psi(a + b + x)
    ``groups``: ``np.unique(x, return_inverse=True)``, precomputed by the caller that evaluates often.
    """
    # the gamma/beta-function terms depend on x only: evaluate them once per distinct x (a few dozen)
    xs, at = np.unique(x, return_inverse=True) if groups is None else groups
    xs1 = np.maximum(xs, 1)
    repeat = x > 0
    log_at, log_atx = np.log(alpha + T), np.log(alpha + t_x)
    lbeta = special.betaln(a, b)
    base = (special.gammaln(r + xs) - special.gammaln(r))[at] + r * np.log(alpha)
    alive = (special.betaln(a, b + xs) - lbeta)[at] - (r + x) * log_at
    with np.errstate(invalid="ignore"):
        dead = np.where(repeat, (special.betaln(a + 1, b + xs1 - 1) - lbeta)[at] - (r + x) * log_atx, -np.inf)
    mix = np.logaddexp(alive, dead)
    ll = base + mix
    if not gradient:
        return ll, None
    w_alive = np.exp(alive - mix)
    w_dead = np.where(repeat, 1.0 - w_alive, 0.0)
    psi_ab = special.digamma(a + b)
    psi_abx = (psi_ab - special.digamma(a + b + xs))[at]
    d_r = ((special.digamma(r + xs) - special.digamma(r))[at] + np.log(alpha) - w_alive * log_at
           - w_dead * log_atx)
    d_alpha = r / alpha - (r + x) * (w_alive / (alpha + T) + w_dead / (alpha + t_x))
    d_a = psi_abx + w_dead / a
    d_b = (psi_abx - special.digamma(b) + w_alive * special.digamma(b + xs)[at]
           + w_dead * special.digamma(b + xs1 - 1)[at])
    return ll, np.vstack([d_r, d_alpha, d_a, d_b])


def _fit_bgnbd(objective: _BGNBDNegative, x0: np.ndarray) -> tuple[np.ndarray, float, np.ndarray]:
    """Minimise the mean negative log-likelihood with BFGS and the exact gradient.

    Returns log parameters, the total negative log-likelihood and the covariance of the log parameters
    (inverse of the observed information: central differences of the exact gradient, times n).
    Nelder-Mead is a last resort only if the gradient method fails far from a stationary point.
    """
    res = optimize.minimize(objective.value_and_gradient, x0, jac=True, method="BFGS",
                            options={"gtol": 1e-9, "maxiter": 1000})
    if not (res.success or np.max(np.abs(res.jac)) < 1e-6):
        res = optimize.minimize(objective, x0, method="Nelder-Mead",
                                options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 20000, "maxfev": 20000})
        res = optimize.minimize(objective.value_and_gradient, res.x, jac=True, method="BFGS",
                                options={"gtol": 1e-9, "maxiter": 1000})
    if not np.all(np.isfinite(res.x)) or np.any(np.abs(res.x) > 30):
        raise ModelError("the fit did not converge (parameters ran off to the boundary)")
    step, k = 1e-5, res.x.size
    hess = np.empty((k, k))
    for i in range(k):
        e = np.zeros(k)
        e[i] = step
        hess[:, i] = (objective.gradient(res.x + e) - objective.gradient(res.x - e)) / (2 * step)
    hess = (hess + hess.T) / 2 * objective.n
    return res.x, float(res.fun) * objective.n, _covariance(hess)


class BGNBDFitter:
    """BG/NBD fitter: ``BGNBDFitter().fit(frequency, recency, T)`` returns self.

    After fitting: ``r_``, ``alpha_``, ``a_``, ``b_``, ``params_`` (pandas Series),
    ``standard_errors_``, ``log_likelihood_``, ``n_customers_``. Time unit: that of ``recency``/``T``.
    """

    _names = ("r", "alpha", "a", "b")

    def __init__(self, *, initial: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)):
        if len(initial) != 4 or min(initial) <= 0:
            raise ModelError(f"initial must be four positive numbers (r, alpha, a, b), got {initial!r}")
        self.initial = tuple(float(v) for v in initial)

    def fit(self, frequency: Any, recency: Any, T: Any) -> BGNBDFitter:
        x, t_x, big_t = _check_rft(frequency, recency, T)
        if x.sum() == 0:
            raise ModelError("frequency: no customer made a repeat purchase; the BG/NBD cannot be fitted")
        # start alpha near the time scale so the optimiser starts in a sensible region
        x0 = np.log(np.array(self.initial) * np.array([1.0, max(float(np.mean(big_t)) / 10, 1e-3), 1.0, 1.0]))
        rows, weight = np.unique(np.column_stack([x, t_x, big_t]), axis=0, return_counts=True)
        objective = _BGNBDNegative(rows[:, 0], rows[:, 1], rows[:, 2], weight.astype(float))
        logp, nll, cov = _fit_bgnbd(objective, x0)
        self.r_, self.alpha_, self.a_, self.b_ = (float(v) for v in np.exp(logp))
        self.params_ = pd.Series(np.exp(logp), index=list(self._names))
        self.standard_errors_ = pd.Series(np.exp(logp) * np.sqrt(np.diag(cov)), index=list(self._names))
        self.covariance_log_ = cov
        self.log_likelihood_ = -nll
        self.n_customers_ = int(x.size)
        return self

    def _p(self) -> tuple[float, float, float, float]:
        if not hasattr(self, "params_"):
            raise ModelError("this BGNBDFitter is not fitted yet; call fit(frequency, recency, T) first")
        return self.r_, self.alpha_, self.a_, self.b_

    def expected_purchases(self, t: Any) -> np.ndarray | float:
        """E[X(t)]: expected purchases in (0, t] by a customer just acquired (FHL 2005a, eq. 7)."""
        r, alpha, a, b = self._p()
        t = np.asarray(t, dtype=float)
        z = t / (alpha + t)
        out = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * special.hyp2f1(r, b, a + b - 1, z))
        return float(out) if out.ndim == 0 else out

    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> np.ndarray | float:
        """P(alive | x, t_x, T) (FHL 2005a, eq. 11; customers without repeats are alive)."""
        r, alpha, a, b = self._p()
        x, t_x, big_t = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (frequency, recency, T))
        with np.errstate(divide="ignore", invalid="ignore"):
            log_ratio = np.log(a) - np.log(b + np.maximum(x, 1) - 1) + (r + x) * (
                np.log(alpha + big_t) - np.log(alpha + t_x))
        out = np.where(x > 0, 1.0 / (1.0 + np.exp(log_ratio)), 1.0)
        return float(out[0]) if np.ndim(frequency) == 0 else out

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> np.ndarray | float:
        """E[Y(t) | x, t_x, T]: expected purchases in the next ``t`` time units (FHL 2005a, eq. 10)."""
        r, alpha, a, b = self._p()
        x, t_x, big_t = (np.atleast_1d(np.asarray(v, dtype=float)) for v in (frequency, recency, T))
        t = np.asarray(t, dtype=float)
        z = t / (alpha + big_t + t)
        body = (a + b + x - 1) / (a - 1) * (
            1 - ((alpha + big_t) / (alpha + big_t + t)) ** (r + x) * special.hyp2f1(r + x, b + x, a + b + x - 1, z))
        with np.errstate(divide="ignore", invalid="ignore"):
            extra = np.where(x > 0, a / (b + np.maximum(x, 1) - 1)
                             * ((alpha + big_t) / (alpha + t_x)) ** (r + x), 0.0)
        out = body / (1 + extra)
        return float(out[0]) if np.ndim(frequency) == 0 and out.size == 1 else out

    def summary(self) -> str:
        self._p()
        lines = ["BG/NBD repeat-purchase model (Fader, Hardie & Lee 2005)",
                 f"customers: {self.n_customers_:,}   log-likelihood: {self.log_likelihood_:.2f}",
                 f"{'parameter':<10}{'estimate':>10}{'std err':>10}"]
        lines += [f"{n:<10}{self.params_[n]:>10.4f}{self.standard_errors_[n]:>10.4f}" for n in self._names]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        self._p()
        rows = "".join(f"<tr><td>{n}</td><td>{self.params_[n]:.4f}</td><td>{self.standard_errors_[n]:.4f}</td></tr>"
                       for n in self._names)
        return (f"<div><strong>BG/NBD</strong>: {self.n_customers_:,} customers, log-likelihood "
                f"{self.log_likelihood_:.2f}<table><tr><th>parameter</th><th>estimate</th><th>std err</th>"
                f"</tr>{rows}</table></div>")

    def __repr__(self) -> str:
        if hasattr(self, "params_"):
            return ("<BGNBDFitter: " + ", ".join(f"{n}={self.params_[n]:.4f}" for n in self._names) + ">")
        return "<BGNBDFitter: not fitted>"


# --------------------------------------------------------------------------------------------------
# Gamma-Gamma

@dataclass(frozen=True)
class _GGNegative:
    x: np.ndarray
    m: np.ndarray

    def __call__(self, log_params: np.ndarray) -> float:
        p, q, g = np.exp(np.asarray(log_params, dtype=float))
        x, m = self.x, self.m
        ll = (special.gammaln(p * x + q) - special.gammaln(p * x) - special.gammaln(q) + q * np.log(g)
              + (p * x - 1) * np.log(m) + p * x * np.log(x) - (p * x + q) * np.log(g + m * x))
        value = -float(np.sum(ll))
        return value if np.isfinite(value) else 1e300


class GammaGammaFitter:
    """Gamma-Gamma spend fitter: ``GammaGammaFitter().fit(frequency, average_spend)`` returns self.

    Only customers with ``frequency > 0`` (repeat buyers) are used; their ``average_spend`` (mean
    spend per repeat transaction, money) must be > 0. After fitting: ``p_``, ``q_``, ``gamma_``,
    ``params_``, ``standard_errors_``, ``log_likelihood_``, ``n_customers_``.
    """

    _names = ("p", "q", "gamma")

    def __init__(self, *, initial: tuple[float, float, float] = (1.0, 1.0, 1.0)):
        if len(initial) != 3 or min(initial) <= 0:
            raise ModelError(f"initial must be three positive numbers (p, q, gamma), got {initial!r}")
        self.initial = tuple(float(v) for v in initial)

    def fit(self, frequency: Any, average_spend: Any) -> GammaGammaFitter:
        x, m = _array("frequency", frequency), _array("average_spend", average_spend)
        if x.size != m.size:
            raise ModelError(f"frequency and average_spend must have the same length, got {x.size}, {m.size}")
        keep = x > 0
        if keep.sum() < 3:
            raise ModelError("Gamma-Gamma needs at least 3 customers with repeat purchases")
        if (m[keep] <= 0).any():
            i = int(np.nonzero(keep & (m <= 0))[0][0])
            raise ModelError(f"average_spend[{i}]: a repeat buyer must have a spend > 0, got {m[i]:g}")
        x0 = np.log(np.array(self.initial) * np.array([1.0, 1.0, float(np.mean(m[keep]))]))
        logp, nll, cov = _fit_log(_GGNegative(x[keep], m[keep]), x0)
        self.p_, self.q_, self.gamma_ = (float(v) for v in np.exp(logp))
        self.params_ = pd.Series(np.exp(logp), index=list(self._names))
        self.standard_errors_ = pd.Series(np.exp(logp) * np.sqrt(np.diag(cov)), index=list(self._names))
        self.log_likelihood_ = -nll
        self.n_customers_ = int(keep.sum())
        return self

    def _p(self) -> tuple[float, float, float]:
        if not hasattr(self, "params_"):
            raise ModelError("this GammaGammaFitter is not fitted yet; call fit(frequency, average_spend)")
        return self.p_, self.q_, self.gamma_

    @property
    def mean_spend(self) -> float:
        """Population mean spend per transaction, p gamma / (q - 1) (infinite when q <= 1)."""
        p, q, g = self._p()
        return p * g / (q - 1) if q > 1 else float("inf")

    def conditional_expected_average_spend(self, frequency: Any, average_spend: Any) -> np.ndarray | float:
        """E[M | x, m_x] = (q-1)/(p x + q - 1) * p gamma/(q-1) + p x/(p x + q - 1) * m_x (x = 0: mean)."""
        p, q, g = self._p()
        x = np.atleast_1d(np.asarray(frequency, dtype=float))
        m = np.atleast_1d(np.asarray(average_spend, dtype=float))
        out = (p * (g + x * m)) / (p * x + q - 1)
        return float(out[0]) if np.ndim(frequency) == 0 else out

    def customer_value(self, bgnbd: BGNBDFitter, frequency: Any, recency: Any, T: Any, average_spend: Any,
                       *, horizon: int, discount_rate: float = 0.0, margin: float = 1.0) -> np.ndarray:
        """Expected discounted value over ``horizon`` time units (money).

        Expected purchases in each unit k (BG/NBD, differences of E[Y(k)]) x expected spend x
        ``margin`` share, discounted by ``(1 + discount_rate)**k`` (rate per time unit).
        """
        if int(horizon) != horizon or horizon < 1:
            raise ModelError(f"horizon must be a whole number >= 1, got {horizon!r}")
        spend = np.atleast_1d(self.conditional_expected_average_spend(frequency, average_spend))
        steps = np.arange(int(horizon) + 1)
        cumulative = np.array([np.atleast_1d(bgnbd.conditional_expected_purchases(k, frequency, recency, T))
                               for k in steps])
        per_step = np.diff(cumulative, axis=0)
        factor = (1.0 + discount_rate) ** -steps[1:]
        return margin * spend * np.sum(per_step * factor[:, None], axis=0)

    def summary(self) -> str:
        self._p()
        lines = ["Gamma-Gamma spend model (Fader, Hardie & Lee 2005; Fader & Hardie 2013)",
                 f"repeat buyers: {self.n_customers_:,}   log-likelihood: {self.log_likelihood_:.2f}   "
                 f"mean spend per transaction: {self.mean_spend:.2f}",
                 f"{'parameter':<10}{'estimate':>10}{'std err':>10}"]
        lines += [f"{n:<10}{self.params_[n]:>10.4f}{self.standard_errors_[n]:>10.4f}" for n in self._names]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + self.summary() + "</pre>"
