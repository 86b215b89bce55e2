"""Key-driver analysis: how much of the outcome (NPS, CSAT...) each attribute rating explains.

Two ways of sharing a linear model's R^2 among correlated drivers, both from the correlation matrix:

- ``"shapley"``: Shapley value regression (Lipovetsky & Conklin 2001), the same as LMG (Lindeman,
  Merenda & Gold 1980) and general dominance (Budescu 1993; Azen & Budescu 2003): each driver's
  importance is its increase in R^2 averaged over every order in which drivers can enter the model.
  Exact (all 2^p subsets) up to ``exact_max`` drivers (15 by default); beyond, a documented
  approximation: the average over ``n_permutations`` random orders (Monte-Carlo Shapley; the
  importances still sum to R^2 exactly, each one with sampling error).
- ``"relative_weights"``: Johnson (2000): the drivers are replaced by their closest orthogonal
  counterparts, the outcome regressed on those, and each counterpart's share mapped back.

Both return a DataFrame indexed by driver: ``importance`` (sums to R^2), ``share`` (sums to 1) and
bootstrap percentile intervals ``importance_low``/``importance_high`` and ``share_low``/``share_high``.
``attrs`` carries ``r2``, ``n``, ``method``, ``exact``, ``n_boot`` and ``confidence``.

The importance-performance matrix (Martilla & James 1977) sets each driver's share against its current
score: high importance and low performance is where to act first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError

__all__ = ["QUADRANTS", "importance_performance", "key_drivers", "r2_all_subsets", "relative_weights_from_corr",
           "shapley_from_corr"]

METHODS = ("shapley", "relative_weights")
#: Importance-performance quadrants (Martilla & James 1977), in the order of where to act first.
QUADRANTS = ("concentrate_here", "keep_up_the_good_work", "low_priority", "possible_overkill")


def _correlations(x: np.ndarray) -> np.ndarray:
    """Correlation matrices of a stack of data matrices ``(..., n, k)`` -> ``(..., k, k)``."""
    centred = x - x.mean(axis=-2, keepdims=True)
    cov = np.swapaxes(centred, -1, -2) @ centred
    sd = np.sqrt(np.diagonal(cov, axis1=-2, axis2=-1))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / (sd[..., :, None] * sd[..., None, :])


def r2_all_subsets(corr: np.ndarray) -> np.ndarray:
    """R^2 of the outcome (index 0 of ``corr``) on every subset of the p drivers, indexed by bit mask.

    ``corr`` is ``(p+1, p+1)`` or a stack ``(B, p+1, p+1)``; returns ``(2^p,)`` or ``(B, 2^p)``;
    ``R^2(S) = r_yS' R_SS^-1 r_yS``.
    """
    stack = corr[None] if corr.ndim == 2 else corr
    p = stack.shape[-1] - 1
    rxx, rxy = stack[:, 1:, 1:], stack[:, 1:, 0]
    out = np.zeros((stack.shape[0], 1 << p))
    for mask in range(1, 1 << p):
        idx = [j for j in range(p) if mask >> j & 1]
        r = rxy[:, idx]
        beta = np.linalg.solve(rxx[:, idx][:, :, idx], r[..., None])[..., 0]
        out[:, mask] = (r * beta).sum(axis=1)
    return out[0] if corr.ndim == 2 else out


def _shapley_weights(p: int) -> np.ndarray:
    """Weight of a subset of size s (not holding driver j): s! (p - s - 1)! / p!."""
    return np.array([math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) for s in range(p)])


def shapley_from_r2(r2: np.ndarray, p: int) -> np.ndarray:
    """Shapley values of each driver from the R^2 of every subset (``(2^p,)`` or ``(B, 2^p)``)."""
    masks = np.arange(1 << p)
    sizes = np.array([bin(m).count("1") for m in masks])
    weights = _shapley_weights(p)
    out = []
    for j in range(p):
        without = masks[(masks >> j & 1) == 0]
        gain = r2[..., without | (1 << j)] - r2[..., without]
        out.append((gain * weights[sizes[without]]).sum(axis=-1))
    return np.stack(out, axis=-1)


def _shapley_sampled(corr: np.ndarray, n_permutations: int, rng: np.random.Generator) -> np.ndarray:
    """Monte-Carlo Shapley: the average R^2 gain of each driver over random orders (for many drivers)."""
    stack = corr[None] if corr.ndim == 2 else corr
    p = stack.shape[-1] - 1
    rxx, rxy = stack[:, 1:, 1:], stack[:, 1:, 0]
    total = np.zeros((stack.shape[0], p))
    for _ in range(n_permutations):
        order = rng.permutation(p)
        previous = np.zeros(stack.shape[0])
        for k in range(1, p + 1):
            idx = np.sort(order[:k])
            r = rxy[:, idx]
            beta = np.linalg.solve(rxx[:, idx][:, :, idx], r[..., None])[..., 0]
            r2 = (r * beta).sum(axis=1)
            total[:, order[k - 1]] += r2 - previous
            previous = r2
    total /= n_permutations
    return total[0] if corr.ndim == 2 else total


def shapley_from_corr(corr: np.ndarray, *, exact_max: int = 15, n_permutations: int = 2000,
                      seed: int = 0) -> tuple[np.ndarray, bool]:
    """Shapley (LMG) importances from a correlation matrix (outcome first); returns (values, exact)."""
    p = corr.shape[-1] - 1
    if p <= exact_max:
        return shapley_from_r2(r2_all_subsets(corr), p), True
    return _shapley_sampled(corr, n_permutations, np.random.default_rng(seed)), False


def relative_weights_from_corr(corr: np.ndarray) -> np.ndarray:
    """Johnson's (2000) relative weights from a correlation matrix (outcome first); stacks allowed.

    ``R_xx = Q diag(l) Q'``; ``Lambda = Q diag(sqrt l) Q'`` (the drivers' loadings on their orthogonal
    counterparts Z); ``beta = Lambda^-1 r_xy`` (the outcome on Z); weight_j = sum_k Lambda_jk^2 beta_k^2.
    """
    rxx, rxy = corr[..., 1:, 1:], corr[..., 1:, 0]
    values, vectors = np.linalg.eigh(rxx)
    if np.any(values <= 1e-12):
        raise ModelError("drivers are perfectly collinear: relative weights need independent drivers")
    lam = vectors @ (np.sqrt(values)[..., :, None] * np.swapaxes(vectors, -1, -2))
    beta = np.linalg.solve(lam, rxy[..., None])[..., 0]
    return (lam ** 2 * (beta ** 2)[..., None, :]).sum(axis=-1)


def _bootstrap_correlations(x: np.ndarray, n_boot: int, rng: np.random.Generator, chunk: int = 40) -> np.ndarray:
    """Correlation matrices of ``n_boot`` bootstrap resamples of the rows of ``x``.

    A resample is the number of times each row is drawn (a multinomial count per row); its moments are
    the counts times each row's products, so a block of resamples is one matrix product
    ``counts (B x n) @ products (n x k(k+3)/2)`` instead of B copies of the data.
    """
    n, k = x.shape
    centred = x - x.mean(axis=0)
    iu = np.triu_indices(k)
    m = len(iu[0])
    products = np.empty((n, m + k))
    products[:, :m] = centred[:, iu[0]] * centred[:, iu[1]]
    products[:, m:] = centred
    out = np.empty((n_boot, k, k))
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        counts = np.empty((size, n))
        for r in range(size):
            counts[r] = np.bincount(rng.integers(0, n, size=n), minlength=n)
        moments = counts @ products / n
        mean = moments[:, m:]
        cov = np.empty((size, k, k))
        cov[:, iu[0], iu[1]] = moments[:, :m]
        cov[:, iu[1], iu[0]] = moments[:, :m]
        cov -= mean[:, :, None] * mean[:, None, :]
        sd = np.sqrt(np.einsum("bii->bi", cov))
        with np.errstate(invalid="ignore", divide="ignore"):
            out[start:start + size] = cov / (sd[:, :, None] * sd[:, None, :])
    return out[np.all(np.isfinite(out), axis=(1, 2))]


def _importances(corr: np.ndarray, method: str, exact_max: int, n_permutations: int, seed: int):
    if method == "shapley":
        return shapley_from_corr(corr, exact_max=exact_max, n_permutations=n_permutations, seed=seed)
    return relative_weights_from_corr(corr), True


def key_drivers(data: pd.DataFrame, outcome: str, drivers: Sequence[str], method: str = "shapley", *,
                n_boot: int = 200, confidence: float = 0.95, seed: int = 0, exact_max: int = 15,
                n_permutations: int = 2000) -> pd.DataFrame:
    """What drives ``outcome``: each driver's share of the linear model's R^2 (see the module docstring).

    Rows with a missing outcome or driver are left out. ``n_boot`` bootstrap resamples of the rows give
    the percentile intervals (0: no intervals, the columns are NaN). Raises ``ModelError`` for an
    unknown method or column, fewer rows than drivers + 2, or a constant column.
    """
    if method not in METHODS:
        raise ModelError(f"unknown key-driver method {method!r}; expected one of {', '.join(METHODS)}")
    drivers = list(drivers)
    if not drivers:
        raise ModelError("key drivers need at least one driver")
    if len(set(drivers)) != len(drivers) or outcome in drivers:
        raise ModelError("drivers must be distinct and must not include the outcome")
    missing = [c for c in [outcome, *drivers] if c not in data.columns]
    if missing:
        raise ModelError(f"no column(s) {', '.join(missing)} in the data")
    if not 0 < confidence < 1:
        raise ModelError(f"confidence must be between 0 and 1, got {confidence!r}")
    x = data[[outcome, *drivers]].apply(pd.to_numeric, errors="coerce").dropna().to_numpy(dtype="float64")
    n, p = x.shape[0], len(drivers)
    if n < p + 2:
        raise ModelError(f"{n} complete answers for {p} drivers; at least {p + 2} are needed")
    sd = x.std(axis=0)
    if np.any(sd == 0):
        constant = [name for name, s in zip([outcome, *drivers], sd) if s == 0]
        raise ModelError(f"column(s) {', '.join(constant)} do not vary; key drivers need variation")
    corr = _correlations(x)
    values, exact = _importances(corr, method, exact_max, n_permutations, seed)
    r2 = float(values.sum())
    frame = pd.DataFrame({"importance": values, "share": values / r2 if r2 > 0 else np.nan},
                         index=pd.Index(drivers, name="driver"))
    lo_q, hi_q = (1 - confidence) / 2, 1 - (1 - confidence) / 2
    if n_boot > 0:
        corrs = _bootstrap_correlations(x, n_boot, np.random.default_rng(seed))
        boot = (_importances(corrs, method, exact_max, max(200, n_permutations // 10), seed)[0] if len(corrs)
                else np.empty((0, p)))
        shares = boot / boot.sum(axis=1, keepdims=True)
        frame["importance_low"], frame["importance_high"] = np.quantile(boot, [lo_q, hi_q], axis=0)
        frame["share_low"], frame["share_high"] = np.quantile(shares, [lo_q, hi_q], axis=0)
    else:
        for column in ("importance_low", "importance_high", "share_low", "share_high"):
            frame[column] = np.nan
    frame.attrs.update(r2=r2, n=int(n), method=method, exact=bool(exact), n_boot=int(n_boot),
                       confidence=confidence, outcome=outcome)
    return frame


def importance_performance(drivers: pd.DataFrame, data: pd.DataFrame, scale: tuple[float, float] = (1, 5)
                           ) -> pd.DataFrame:
    """Importance-performance matrix (Martilla & James 1977) of a :func:`key_drivers` result.

    ``performance`` is each driver's mean rating in ``data`` rescaled to 0-100 over ``scale``
    (``(mean - low) / (high - low) * 100``); the cross-hairs are the mean share and the mean
    performance. ``quadrant`` is one of :data:`QUADRANTS`; ``priority`` ranks drivers by where to act
    first: quadrant order, then the importance share times the gap to 100.
    """
    low, high = scale
    if not high > low:
        raise ModelError(f"expected a rating scale (low, high) with high > low, got {scale!r}")
    missing = [d for d in drivers.index if d not in data.columns]
    if missing:
        raise ModelError(f"no column(s) {', '.join(missing)} in the data")
    means = np.array([pd.to_numeric(data[d], errors="coerce").mean() for d in drivers.index])
    performance = (means - low) / (high - low) * 100
    share = drivers["share"].to_numpy(dtype="float64")
    important = share >= share.mean()
    performing = performance >= performance.mean()
    quadrant = np.where(important & ~performing, QUADRANTS[0],
                        np.where(important & performing, QUADRANTS[1],
                                 np.where(~important & ~performing, QUADRANTS[2], QUADRANTS[3])))
    frame = pd.DataFrame({"share": share, "mean_rating": means, "performance": performance,
                          "quadrant": quadrant}, index=drivers.index)
    order = frame["quadrant"].map({q: i for i, q in enumerate(QUADRANTS)})
    urgency = frame["share"] * (100 - frame["performance"])
    ranked = frame.assign(_o=order, _u=-urgency).sort_values(["_o", "_u"]).index
    frame["priority"] = pd.Series(range(1, len(frame) + 1), index=ranked)
    frame.attrs.update(share_cut=float(share.mean()), performance_cut=float(performance.mean()), scale=scale)
    return frame
