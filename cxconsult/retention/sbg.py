"""Shifted-beta-geometric (sBG) cohort model of contractual retention.

Each customer renews at the end of every period with their own probability ``1 - theta``; across
customers ``theta`` follows a beta(alpha, beta) distribution (Fader & Hardie 2007, "How to project
customer retention", J. Interactive Marketing 21(1):76-90). Then, with B the beta function,

- ``P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta)``: share lost in period t (t = 1, 2, ...)
- ``S(t) = B(alpha, beta + t) / B(alpha, beta)``: share still active after period t (``S(0) = 1``)
- ``r(t) = (beta + t - 1) / (alpha + beta + t - 1)``: retention rate of period t, which rises with t
  because the customers most likely to leave leave first.

Value uses the discounted expected lifetime of Fader & Hardie (2010, "Customer-base valuation in a
contractual setting: the perils of ignoring heterogeneity", Marketing Science 29(1):85-93), written
with the Gauss hypergeometric function 2F1. Timing convention (theirs): a customer pays at the start
of every period they are active; ``discount_rate`` is per period. When ``alpha <= 1`` the undiscounted
expected lifetime is infinite, so only discounted values are reported.

``fit_sbg(active)`` and ``SBGFitter().fit(active)`` estimate (alpha, beta) by maximum likelihood on
the log scale; several cohorts of different ages can be pooled (shared alpha, beta) or fitted apart
(:func:`fit_sbg_by_cohort`).

A fit the data cannot pin down says so in ``SBGFit.flags`` (never NaN bands or a 1e10 shown as an
estimate):

- ``"no_information"``: nothing to estimate how churn differs between customers from: no customer of
  any cohort renewed even once, or every cohort has a single period (only the first period's churn is
  known, which any (alpha, beta) on a ridge fits equally well);
- ``"boundary_estimate"``: alpha or beta ran to the optimiser's bounds (1e-6 .. 1e6): the data look
  like one churn rate for everybody (no heterogeneity) or like churn that rises with tenure, which
  the sBG cannot represent. Parameters are then held at the bound and the band has no width when
  the parameters' covariance cannot be estimated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

from cxconsult.errors import ModelError

__all__ = ["SBGFit", "SBGFitter", "fit_sbg", "fit_sbg_by_cohort", "sbg_survival", "sbg_retention",
           "sbg_derl", "NO_INFORMATION", "BOUNDARY_ESTIMATE"]

#: Flag codes of :attr:`SBGFit.flags` (the retention narrative turns them into words).
NO_INFORMATION = "no_information"
BOUNDARY_ESTIMATE = "boundary_estimate"
#: The optimiser's bounds on alpha and beta (log scale): beyond them the likelihood is flat.
PARAMETER_BOUNDS = (1e-6, 1e6)
#: Largest cohort size and longest history accepted (bounded fitting time for any input).
MAX_COUNT = 1e10
MAX_PERIODS = 1200  # 100 years of monthly renewals


# --------------------------------------------------------------------------------------------------
# Pure formulas (vectorised over t; alpha, beta scalars or broadcastable arrays)

def sbg_survival(alpha: Any, beta: Any, t: Any) -> np.ndarray:
    """S(t): share of a cohort still active after ``t`` periods (``S(0) = 1``)."""
    t = np.asarray(t, dtype=float)
    return np.exp(special.betaln(alpha, beta + t) - special.betaln(alpha, beta))


def sbg_retention(alpha: Any, beta: Any, t: Any) -> np.ndarray:
    """r(t) = S(t)/S(t-1): share of those active after period t-1 who are still active after t (t>=1)."""
    t = np.asarray(t, dtype=float)
    return (beta + t - 1.0) / (alpha + beta + t - 1.0)


def sbg_derl(alpha: float, beta: float, discount_rate: float, renewals: int | None = None) -> float:
    """Discounted expected (residual) lifetime in periods (Fader & Hardie 2010).

    ``renewals=None``: a customer at the start of their first period, first payment undiscounted:
    ``DEL = 2F1(1, beta; alpha + beta; 1/(1+d))`` = sum over t>=0 of S(t)/(1+d)^t.
    ``renewals=n`` (n >= 0): a customer who has made n renewals, valued at the end of period n+1 just
    before the next renewal decision (the 2010 paper's DERL, next payment undiscounted):
    ``(beta+n)/(alpha+beta+n) * 2F1(1, beta+n+1; alpha+beta+n+1; 1/(1+d))``.
    """
    if not np.isfinite(discount_rate) or discount_rate < 0:
        raise ModelError(f"discount_rate must be a finite number >= 0 per period, got {discount_rate!r}")
    if discount_rate == 0 and alpha <= 1:
        raise ModelError(f"alpha = {alpha:.3f} <= 1: the undiscounted expected lifetime is infinite; "
                         "use a discount rate > 0")
    if renewals is not None and (int(renewals) != renewals or renewals < 0):
        raise ModelError(f"renewals must be a whole number >= 0, got {renewals!r}")
    z = 1.0 / (1.0 + discount_rate)
    if renewals is None:
        return float(special.hyp2f1(1.0, beta, alpha + beta, z))
    n = float(renewals)
    return float((beta + n) / (alpha + beta + n) * special.hyp2f1(1.0, beta + n + 1, alpha + beta + n + 1, z))


# --------------------------------------------------------------------------------------------------
# Input checking and likelihood

def _check_cohort(values: Any, name: str) -> np.ndarray:
    if isinstance(values, (str, bytes)) or any(isinstance(v, (bool, np.bool_)) for v in np.ravel(
            np.asarray(values, dtype=object))):
        raise ModelError(f"{name}: expected counts of customers, not text or true/false values")
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ModelError(f"{name}: expected a sequence of numbers (active customers per period)") from None
    if arr.ndim != 1:
        raise ModelError(f"{name}: expected a 1-D sequence of active-customer counts, got shape {arr.shape}")
    if arr.size < 2:
        raise ModelError(f"{name}: expected at least 2 counts (cohort size and active after period 1), "
                         f"got {arr.size}")
    if arr.size > MAX_PERIODS + 1:
        raise ModelError(f"{name}: expected at most {MAX_PERIODS} periods of history, got {arr.size - 1}")
    bad = ~np.isfinite(arr)
    if bad.any():
        raise ModelError(f"{name}[{int(np.argmax(bad))}]: expected a number, got {arr[bad][0]!r}")
    if (arr > MAX_COUNT).any():
        i = int(np.argmax(arr > MAX_COUNT))
        raise ModelError(f"{name}[{i}]: expected at most {MAX_COUNT:g} customers, got {arr[i]:g}")
    if (arr < 0).any():
        i = int(np.argmax(arr < 0))
        raise ModelError(f"{name}[{i}]: expected a count >= 0, got {arr[i]:g}")
    if (arr != np.round(arr)).any():
        i = int(np.argmax(arr != np.round(arr)))
        raise ModelError(f"{name}[{i}]: expected a whole number of customers, got {arr[i]:g}")
    if arr[0] <= 0:
        raise ModelError(f"{name}[0]: the cohort size must be > 0, got {arr[0]:g}")
    up = np.diff(arr) > 0
    if up.any():
        i = int(np.argmax(up)) + 1
        raise ModelError(f"{name}[{i}] = {arr[i]:g} is more than {name}[{i - 1}] = {arr[i - 1]:g}; "
                         "active customers cannot increase within a cohort")
    return arr


def _is_single(active: Any) -> bool:
    if isinstance(active, (pd.Series, np.ndarray)):
        return np.ndim(active) == 1
    return isinstance(active, Sequence) and len(active) > 0 and not isinstance(
        active[0], (Sequence, np.ndarray, pd.Series))


def _as_cohorts(active: Any) -> tuple[tuple[str, ...], tuple[np.ndarray, ...]]:
    """Normalise one cohort (1-D), a list of cohorts or a mapping name -> cohort."""
    if isinstance(active, Mapping):
        names = tuple(str(k) for k in active)
        arrays = tuple(_check_cohort(v, f"active[{k!r}]") for k, v in active.items())
    elif _is_single(active):
        names = ("cohort",)
        arrays = (_check_cohort(active, "active"),)
    else:
        if len(active) == 0:
            raise ModelError("active: expected at least one cohort")
        names = tuple(f"cohort {i + 1}" for i in range(len(active)))
        arrays = tuple(_check_cohort(v, f"active[{i}]") for i, v in enumerate(active))
    if sum(a[0] - a[-1] for a in arrays) == 0:
        raise ModelError("active: no customer was lost in any cohort; the churn distribution cannot be "
                         "estimated (the fit would run off to perfect retention)")
    if len(set(names)) != len(names):
        raise ModelError("active: cohort names must be unique")
    return names, arrays


def _sufficient(cohorts: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Pooled counts: customers lost in period t (t = 1..T) and still active at the end of a history of t."""
    longest = max(a.size for a in cohorts) - 1
    lost = np.zeros(longest)
    ended = np.zeros(longest + 1)
    for arr in cohorts:
        lost[: arr.size - 1] += arr[:-1] - arr[1:]
        ended[arr.size - 1] += arr[-1]
    return lost, ended


def _loglik(log_params: np.ndarray, lost: np.ndarray, ended: np.ndarray) -> float:
    """Log-likelihood of pooled cohorts at (log alpha, log beta) (Fader & Hardie 2007, eq. 5).

    ``lost[t-1]`` customers left in period t; ``ended[t]`` were still active when their history ended
    after t periods.
    """
    alpha, beta = np.exp(log_params[0]), np.exp(log_params[1])
    base = special.betaln(alpha, beta)
    t = np.arange(1, lost.size + 1)
    log_p = special.betaln(alpha + 1.0, beta + t - 1.0) - base
    keep = ended > 0
    log_s = special.betaln(alpha, beta + np.arange(ended.size)[keep]) - base
    return float(np.sum(lost * log_p) + np.sum(ended[keep] * log_s))


def _observed_information(objective: Callable[[np.ndarray], float], x: np.ndarray,
                          step: float = 1e-3) -> np.ndarray:
    """Hessian of a negative log-likelihood at ``x`` by central differences (step on the log scale).

    Uses 2k^2 + 1 evaluations for k parameters; truncation error is O(step^2).
    """
    x = np.asarray(x, dtype=float)
    k = x.size
    eye = np.eye(k) * step
    f0 = objective(x)
    hess = np.empty((k, k))
    for i in range(k):
        hess[i, i] = (objective(x + 2 * eye[i]) - 2 * f0 + objective(x - 2 * eye[i])) / (4 * step**2)
        for j in range(i):
            hess[i, j] = hess[j, i] = (objective(x + eye[i] + eye[j]) - objective(x + eye[i] - eye[j])
                                       - objective(x - eye[i] + eye[j]) + objective(x - eye[i] - eye[j])
                                       ) / (4 * step**2)
    return hess


def _covariance(hess: np.ndarray) -> np.ndarray:
    try:
        cov = np.linalg.inv(hess)
    except np.linalg.LinAlgError:
        return np.full_like(hess, np.nan)
    if not np.all(np.isfinite(cov)) or np.any(np.diag(cov) <= 0):
        return np.full_like(hess, np.nan)
    return cov


def _fit_log(objective: Any, x0: np.ndarray, max_evaluations: int = 20000) -> tuple[np.ndarray, float, np.ndarray]:
    """Minimise on log parameters: BFGS first, Nelder-Mead (at most ``max_evaluations``) then BFGS if
    that fails. Every step has an iteration cap, so the time is bounded."""
    res = optimize.minimize(objective, x0, method="BFGS", options={"gtol": 1e-6, "maxiter": 2000})
    # "precision loss" at a point with a near-zero gradient is a converged fit
    if not (res.success or np.max(np.abs(res.jac)) < 1e-3):
        res = optimize.minimize(objective, x0, method="Nelder-Mead",
                                options={"xatol": 1e-9, "fatol": 1e-9, "maxiter": max_evaluations,
                                         "maxfev": max_evaluations})
        res = optimize.minimize(objective, res.x, method="BFGS", options={"gtol": 1e-6, "maxiter": 2000})
    if not np.all(np.isfinite(res.x)) or np.any(np.abs(res.x) > 30):
        raise ModelError("the fit did not converge (parameters ran off to the boundary)")
    cov = _covariance(_observed_information(objective, res.x))
    return res.x, float(res.fun), cov


def _no_information(cohorts: Sequence[np.ndarray]) -> bool:
    """True when the data cannot tell customers' churn rates apart: nobody renewed, or one period only."""
    return all(a[1] == 0 for a in cohorts) or all(a.size == 2 for a in cohorts)


def _xlogy(x: float, y: float) -> float:
    return 0.0 if x == 0 else float(x * np.log(y)) if y > 0 else -np.inf


def _limit_fits(lost: np.ndarray, ended: np.ndarray) -> list[tuple[float, np.ndarray]]:
    """Log-likelihood and bound-point of the two limits the sBG likelihood can rise towards.

    - alpha, beta -> infinity at a fixed ratio: one churn rate ``m`` for everybody (geometric model),
      ``m`` = losses / periods at risk;
    - alpha, beta -> 0 at a fixed ratio: a share ``m`` leaves in period 1 and the rest never leave
      (possible only when nobody left after period 1).
    Each bound-point is (log alpha, log beta) on :data:`PARAMETER_BOUNDS` with that ratio.
    """
    low, high = PARAMETER_BOUNDS
    t = np.arange(1, lost.size + 1)
    total_lost = float(lost.sum())
    at_risk = float(np.sum(t * lost) + np.sum(np.arange(ended.size) * ended))
    out = []
    m = total_lost / at_risk
    ll = _xlogy(total_lost, m) + _xlogy(at_risk - total_lost, 1 - m)
    scale = high / max(m, 1 - m)
    out.append((ll, np.log(np.clip([m * scale, (1 - m) * scale], low, high))))
    if lost[1:].sum() == 0:
        size = total_lost + float(ended.sum())
        m = float(lost[0]) / size
        ll = _xlogy(float(lost[0]), m) + _xlogy(size - float(lost[0]), 1 - m)
        smaller = min(m, 1 - m)
        scale = low / smaller if smaller > 0 else low / 1e-12
        out.append((ll, np.log(np.clip([m * scale, (1 - m) * scale], low, high))))
    return out


def _fit_sbg_log(objective: Any, x0: np.ndarray) -> tuple[np.ndarray, float, np.ndarray, bool]:
    """(log alpha, log beta), negative log-likelihood, covariance and whether the estimate is a bound.

    The unbounded BFGS fit of :func:`_fit_log` is compared with the two limits the likelihood can rise
    towards (:func:`_limit_fits`, in closed form). When the free estimate lies inside
    :data:`PARAMETER_BOUNDS` and beats both limits it is kept unflagged (every published data set).
    When a limit is as good (a flat ridge) the estimate is flagged; when a limit is better, or the free
    fit failed or ran past the bounds, the parameters are held at the bound-point of the best limit.
    """
    low, high = np.log(PARAMETER_BOUNDS)
    try:
        # two parameters: a few thousand simplex steps are plenty; the closed-form limits below catch
        # the fits that run off along a ridge
        x_free, nll_free, cov_free = _fit_log(objective, x0, max_evaluations=3000)
        inside = bool(np.all((x_free > low) & (x_free < high)))
    except ModelError:
        inside = False
    lost, ended = _sufficient(objective.cohorts)
    best_ll, best_x = max(_limit_fits(lost, ended), key=lambda item: item[0])
    if inside:
        tolerance = max(1e-3, 1e-6 * abs(nll_free))  # log-likelihood units: smaller differences mean nothing
        if -nll_free > best_ll + tolerance:
            return x_free, nll_free, cov_free, False
        if -nll_free >= best_ll - tolerance:
            return x_free, nll_free, cov_free, True
    return best_x, float(objective(best_x)), _covariance(_observed_information(objective, best_x)), True


# --------------------------------------------------------------------------------------------------
# Result

@dataclass(frozen=True, eq=False)
class SBGFit:
    """A fitted sBG model (frozen).

    ``alpha``, ``beta``: beta-distribution shape parameters of the per-period churn probability.
    ``log_likelihood`` at the estimate; ``covariance_log`` the 2x2 covariance of (log alpha, log beta)
    from the inverse observed information (NaN if it could not be computed).
    ``cohorts``/``cohort_names``: the observed active counts used for the fit.
    ``flags``: ``"no_information"`` and/or ``"boundary_estimate"`` when the data cannot pin the
    estimate down (see the module notes); empty for a regular fit.
    """

    alpha: float
    beta: float
    log_likelihood: float
    covariance_log: np.ndarray = field(repr=False)
    cohorts: tuple[np.ndarray, ...] = field(repr=False)
    cohort_names: tuple[str, ...] = field(repr=False)
    flags: tuple[str, ...] = ()

    # ---- model quantities
    @property
    def mean_churn(self) -> float:
        """Mean per-period churn probability across customers, alpha/(alpha+beta) (= 1 - r(1))."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def standard_errors(self) -> dict[str, float]:
        """Standard errors of alpha and beta (delta method from the log scale)."""
        se_log = np.sqrt(np.diag(self.covariance_log))
        return {"alpha": float(self.alpha * se_log[0]), "beta": float(self.beta * se_log[1])}

    def confidence_intervals(self, level: float = 0.95) -> dict[str, tuple[float, float]]:
        """Wald intervals on the log scale, back-transformed (always positive)."""
        z = stats.norm.ppf(0.5 + level / 2.0)
        se_log = np.sqrt(np.diag(self.covariance_log))
        logs = np.log([self.alpha, self.beta])
        with np.errstate(over="ignore"):  # a flat likelihood (flagged fit) has an unbounded interval
            return {name: (float(np.exp(lp - z * s)), float(np.exp(lp + z * s)))
                    for name, lp, s in zip(("alpha", "beta"), logs, se_log, strict=True)}

    def survival(self, t: Any) -> np.ndarray | float:
        """Share of a new cohort still active after ``t`` periods."""
        out = sbg_survival(self.alpha, self.beta, t)
        return float(out) if np.ndim(out) == 0 else out

    def retention(self, t: Any) -> np.ndarray | float:
        """Period-``t`` retention rate r(t) = S(t)/S(t-1), t >= 1."""
        if np.any(np.asarray(t) < 1):
            raise ModelError("retention(t) is defined for t >= 1 (the first renewal is period 1)")
        out = sbg_retention(self.alpha, self.beta, t)
        return float(out) if np.ndim(out) == 0 else out

    def derl(self, discount_rate: float, renewals: int | None = None) -> float:
        """Discounted expected (residual) lifetime in periods; see :func:`sbg_derl` for the timing."""
        return sbg_derl(self.alpha, self.beta, discount_rate, renewals)

    def projection(self, periods: int, *, level: float = 0.9, draws: int = 2000,
                   seed: int = 0) -> pd.DataFrame:
        """Projected survival for t = 0..periods with a band from parameter uncertainty.

        The band draws (log alpha, log beta) from their asymptotic normal distribution (``draws``
        draws, fixed ``seed``) and takes the central ``level`` quantiles of S(t). Columns: period,
        survival, lower, upper. When the covariance cannot be estimated (a flagged fit, see
        ``flags``) the band is the projection itself (no width), never NaN.
        """
        if int(periods) != periods or periods < 1 or periods > MAX_PERIODS:
            raise ModelError(f"periods must be a whole number from 1 to {MAX_PERIODS}, got {periods!r}")
        if int(draws) != draws or not 1 <= draws <= 100_000:
            raise ModelError(f"draws must be a whole number from 1 to 100,000, got {draws!r}")
        t = np.arange(int(periods) + 1)
        centre = sbg_survival(self.alpha, self.beta, t)
        if np.all(np.isfinite(self.covariance_log)):
            rng = np.random.default_rng(seed)
            sample = rng.multivariate_normal(np.log([self.alpha, self.beta]), self.covariance_log, draws)
            sample = np.clip(sample, *np.log(PARAMETER_BOUNDS))  # a huge variance must not overflow
            with np.errstate(all="ignore"):
                curves = sbg_survival(np.exp(sample[:, :1]), np.exp(sample[:, 1:]), t[None, :])
            curves = np.where(np.isfinite(curves), curves, centre[None, :])
            lower, upper = np.quantile(curves, [0.5 - level / 2, 0.5 + level / 2], axis=0)
            lower, upper = np.minimum(lower, centre), np.maximum(upper, centre)
        else:  # no covariance (flagged fit): no band rather than NaN
            lower = upper = centre
        return pd.DataFrame({"period": t, "survival": centre, "lower": lower, "upper": upper})

    def observed(self) -> pd.DataFrame:
        """Observed survival per cohort: columns cohort, period, active, survival."""
        rows = [pd.DataFrame({"cohort": name, "period": np.arange(arr.size), "active": arr.astype(int),
                              "survival": arr / arr[0]})
                for name, arr in zip(self.cohort_names, self.cohorts, strict=True)]
        return pd.concat(rows, ignore_index=True)

    def expected_active(self) -> pd.DataFrame:
        """Observed vs fitted active customers per cohort and period (the model check of the 2007 paper)."""
        frame = self.observed()
        size = frame.groupby("cohort", sort=False)["active"].transform("first")
        frame["expected_active"] = size * sbg_survival(self.alpha, self.beta, frame["period"].to_numpy())
        return frame

    # ---- display
    def summary(self) -> str:
        se = self.standard_errors
        ci = self.confidence_intervals()
        n = sum(int(a[0]) for a in self.cohorts)
        lines = [
            "Shifted-beta-geometric retention model (Fader & Hardie 2007)",
            f"cohorts: {len(self.cohorts)}   customers: {n:,}   longest history: "
            f"{max(a.size for a in self.cohorts) - 1} periods   log-likelihood: {self.log_likelihood:.3f}",
            f"{'parameter':<10}{'estimate':>10}{'std err':>10}{'95% low':>10}{'95% high':>10}",
        ]
        for name, value in (("alpha", self.alpha), ("beta", self.beta)):
            lines.append(f"{name:<10}{value:>10.4f}{se[name]:>10.4f}{ci[name][0]:>10.4f}{ci[name][1]:>10.4f}")
        lines.append(f"mean churn per period alpha/(alpha+beta): {self.mean_churn:.2%}")
        if self.alpha <= 1:
            lines.append("alpha <= 1: undiscounted expected lifetime is infinite; report discounted values")
        if NO_INFORMATION in self.flags:
            lines.append("no_information: no renewal pattern to estimate from; alpha and beta are not identified")
        if BOUNDARY_ESTIMATE in self.flags:
            lines.append("boundary_estimate: alpha or beta reached the optimiser's bound; treat them as a limit, "
                         "not an estimate")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        se = self.standard_errors
        ci = self.confidence_intervals()
        rows = "".join(
            f"<tr><td>{name}</td><td>{value:.4f}</td><td>{se[name]:.4f}</td>"
            f"<td>{ci[name][0]:.4f} - {ci[name][1]:.4f}</td></tr>"
            for name, value in (("alpha", self.alpha), ("beta", self.beta)))
        return ("<div><strong>sBG retention model</strong> (Fader &amp; Hardie 2007): "
                f"{len(self.cohorts)} cohort(s), log-likelihood {self.log_likelihood:.3f}, "
                f"mean churn per period {self.mean_churn:.2%}"
                "<table><tr><th>parameter</th><th>estimate</th><th>std err</th><th>95% CI</th></tr>"
                f"{rows}</table></div>")

    def __repr__(self) -> str:
        flags = f", flags={self.flags!r}" if self.flags else ""
        return (f"SBGFit(alpha={self.alpha:.4f}, beta={self.beta:.4f}, "
                f"log_likelihood={self.log_likelihood:.3f}{flags})")


# --------------------------------------------------------------------------------------------------
# Fitter

class SBGFitter:
    """lifelines-style sBG fitter: ``SBGFitter().fit(active)`` returns self.

    ``active`` is one cohort (``active[0]`` cohort size, ``active[t]`` still active after period t),
    a list of cohorts, or a mapping name -> cohort; several cohorts share (alpha, beta). After
    fitting: ``alpha_``, ``beta_``, ``log_likelihood_``, ``standard_errors_`` (dict), ``result_``
    (:class:`SBGFit`), and ``survival``/``retention``/``derl``/``projection`` delegate to it.
    """

    def __init__(self, *, initial: tuple[float, float] = (1.0, 1.0)):
        if len(initial) != 2 or min(initial) <= 0:
            raise ModelError(f"initial must be two positive numbers (alpha, beta), got {initial!r}")
        self.initial = tuple(float(v) for v in initial)

    def fit(self, active: Any) -> SBGFitter:
        names, cohorts = _as_cohorts(active)
        objective = _Negative(cohorts)
        flags = [NO_INFORMATION] if _no_information(cohorts) else []
        x, nll, cov, at_bound = _fit_sbg_log(objective, np.log(self.initial))
        if at_bound:
            flags.append(BOUNDARY_ESTIMATE)
        self.result_ = SBGFit(alpha=float(np.exp(x[0])), beta=float(np.exp(x[1])),
                              log_likelihood=-nll, covariance_log=cov,
                              cohorts=cohorts, cohort_names=names, flags=tuple(flags))
        self.alpha_ = self.result_.alpha
        self.beta_ = self.result_.beta
        self.log_likelihood_ = self.result_.log_likelihood
        self.standard_errors_ = self.result_.standard_errors
        return self

    def _fitted(self) -> SBGFit:
        if not hasattr(self, "result_"):
            raise ModelError("this SBGFitter is not fitted yet; call fit(active) first")
        return self.result_

    def survival(self, t: Any) -> np.ndarray | float:
        return self._fitted().survival(t)

    def retention(self, t: Any) -> np.ndarray | float:
        return self._fitted().retention(t)

    def derl(self, discount_rate: float, renewals: int | None = None) -> float:
        return self._fitted().derl(discount_rate, renewals)

    def projection(self, periods: int, **kwargs: Any) -> pd.DataFrame:
        return self._fitted().projection(periods, **kwargs)

    def summary(self) -> str:
        return self._fitted().summary()

    def _repr_html_(self) -> str:
        return self._fitted()._repr_html_()

    def __repr__(self) -> str:
        if hasattr(self, "result_"):
            return f"<SBGFitter: fitted alpha={self.alpha_:.4f}, beta={self.beta_:.4f}>"
        return "<SBGFitter: not fitted>"


@dataclass(frozen=True, eq=False)
class _Negative:
    """Picklable negative log-likelihood of pooled cohorts (no lambdas stored)."""

    cohorts: tuple[np.ndarray, ...]

    def __post_init__(self) -> None:
        lost, ended = _sufficient(self.cohorts)
        object.__setattr__(self, "_lost", lost)
        object.__setattr__(self, "_ended", ended)

    def __call__(self, log_params: np.ndarray) -> float:
        with np.errstate(all="ignore"):  # far from the optimum betaln can lose all precision
            value = -_loglik(np.asarray(log_params, dtype=float), self._lost, self._ended)
        return value if np.isfinite(value) else 1e300


def fit_sbg(active: Any) -> SBGFit:
    """Fit the sBG model to one cohort (or pooled cohorts) of active-customer counts; see SBGFitter."""
    return SBGFitter().fit(active).result_


def fit_sbg_by_cohort(cohorts: Mapping[str, Any]) -> dict[str, SBGFit]:
    """Fit each cohort on its own (no shared parameters): name -> :class:`SBGFit`."""
    if not isinstance(cohorts, Mapping) or not cohorts:
        raise ModelError("cohorts: expected a non-empty mapping of cohort name -> active counts")
    return {str(name): SBGFitter().fit({str(name): values}).result_ for name, values in cohorts.items()}
