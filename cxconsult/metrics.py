"""Customer metrics: NPS, CSAT and CES with confidence intervals.

- NPS (Reichheld, HBR 81(12):46-54, 2003): % promoters (9-10) minus % detractors (0-6) on the 0-10
  "how likely are you to recommend" scale, in points from -100 to 100. With ``p`` and ``d`` the
  promoter and detractor proportions, ``Var = p + d - (p - d)^2`` per answer and the standard error is
  ``100 * sqrt(Var / n)`` points; the interval is the normal approximation ``value +- z * se``.
- CSAT: share of 4-5 answers on a 1-5 satisfaction scale, in percent, with the Wilson score interval
  (``scipy.stats.binomtest(...).proportion_ci(method="wilson")``).
- CES: mean effort score, either CES 2.0 (Dixon et al. 2013, 1-7 agreement that the company "made it
  easy") or CES 1.0 (Dixon et al., HBR 2010, 1-5 effort), with a Student-t interval.

Every function checks its scores once: empty input, missing values (NaN), non-whole numbers and
values outside the scale raise :class:`~cxconsult.errors.ModelError` (a ``ValueError``) naming the
first bad value and its position.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from cxconsult.errors import ModelError
from cxconsult.errors import shown as shown_value

__all__ = ["MetricEstimate", "nps", "nps_ci", "csat", "ces", "check_scores"]

_CES_SCALES = {"1-7": (1, 7), "1-5": (1, 5)}


@dataclass(frozen=True)
class MetricEstimate:
    """A customer metric with its confidence interval.

    ``value``, ``se``, ``low`` and ``high`` are in ``unit`` (NPS: points -100..100; CSAT: percent
    0..100; CES: mean score on its scale). ``n`` is the number of answers, ``method`` the interval.
    """

    metric: str
    value: float
    se: float
    low: float
    high: float
    n: int
    confidence: float
    unit: str
    method: str

    def summary(self) -> str:
        """One line: metric, value, interval and sample size."""
        return (f"{self.metric}: {self.value:.1f} {self.unit} "
                f"({self.confidence:.0%} CI {self.low:.1f} to {self.high:.1f}; n = {self.n}; {self.method})")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>"


def check_scores(scores: Iterable[float], low: int, high: int, *, name: str = "scores") -> np.ndarray:
    """``scores`` as an int array, each a whole number in ``low..high``; else ``ModelError``.

    The message names the first bad value and its position (0-based).
    """
    if isinstance(scores, (str, bytes)):
        raise ModelError(f"{name}: expected a sequence of whole numbers {low}-{high}, got text {shown_value(scores)}")
    values = list(scores) if not hasattr(scores, "__array__") else scores
    # booleans are not scores (True would count as 1): refuse them before numpy turns them into numbers
    array = np.asarray(values, dtype=object).ravel() if not hasattr(values, "dtype") else np.asarray(values).ravel()
    if array.dtype.kind == "b":
        raise ModelError(f"{name}: answer {array[0].item()!r} at position 0 is not a number; "
                         f"expected whole numbers {low}-{high}")
    if array.dtype == object:
        flags = [i for i, v in enumerate(array) if isinstance(v, (bool, np.bool_))]
        if flags:
            raise ModelError(f"{name}: answer {array[flags[0]]!r} at position {flags[0]} is not a number; "
                             f"expected whole numbers {low}-{high}")
        if all(isinstance(v, (int, float, np.integer, np.floating)) for v in array):
            try:
                array = np.asarray(array.tolist())
            except OverflowError:  # an int too large for numpy: reported below
                pass
    if array.size == 0:
        raise ModelError(f"{name}: no answers; expected at least one whole number {low}-{high}")
    if array.dtype.kind in "iuf":
        numbers = array.astype(float)
        with np.errstate(invalid="ignore"):
            bad = ~np.isfinite(numbers) | (numbers != np.round(numbers)) | (numbers < low) | (numbers > high)
        if not bad.any():
            return numbers.astype(np.int64)
        first = int(np.flatnonzero(bad)[0])
    else:
        first = None
    values = list(array) if first is None else [array[first]]
    offset = 0 if first is None else first
    for i, value in enumerate(values, start=offset):
        problem = None
        if value is None or value is pd.NA:
            problem = "is missing"
        elif isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
            problem = "is not a number"
        elif isinstance(value, (int, np.integer)) and not low <= value <= high:
            problem = f"is outside the {low}-{high} scale"
        elif math.isnan(value):
            problem = "is missing (NaN)"
        elif not math.isfinite(value) or value != int(value):
            problem = "is not a whole number"
        elif not low <= value <= high:
            problem = f"is outside the {low}-{high} scale"
        if problem:
            shown = value.item() if isinstance(value, np.generic) else value
            raise ModelError(f"{name}: answer {shown_value(shown)} at position {i} {problem}; "
                             f"expected whole numbers {low}-{high}")
    return np.asarray(values, dtype=float).astype(np.int64)


def _z(confidence: float) -> float:
    if not 0 < confidence < 1:
        raise ModelError(f"confidence: expected a number between 0 and 1, got {confidence!r}")
    return float(stats.norm.ppf(0.5 + confidence / 2))


def nps(scores_0_to_10: Iterable[float]) -> float:
    """Net Promoter Score in points (-100..100): % answering 9-10 minus % answering 0-6."""
    scores = check_scores(scores_0_to_10, 0, 10, name="NPS scores")
    return float(100.0 * (np.mean(scores >= 9) - np.mean(scores <= 6)))


def nps_ci(scores_0_to_10: Iterable[float], confidence: float = 0.95) -> MetricEstimate:
    """NPS with its normal-approximation interval (SE = 100 * sqrt((p + d - (p - d)^2) / n))."""
    z = _z(confidence)
    scores = check_scores(scores_0_to_10, 0, 10, name="NPS scores")
    n = scores.size
    p, d = float(np.mean(scores >= 9)), float(np.mean(scores <= 6))
    value = 100.0 * (p - d)
    se = 100.0 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n)
    return MetricEstimate("NPS", value, se, max(value - z * se, -100.0), min(value + z * se, 100.0),
                          n, confidence, "points", "normal approximation (Reichheld 2003 definition)")


def csat(scores_1_to_5: Iterable[float], confidence: float = 0.95) -> MetricEstimate:
    """CSAT in percent: share of 4-5 answers on a 1-5 scale, with the Wilson score interval."""
    _z(confidence)
    scores = check_scores(scores_1_to_5, 1, 5, name="CSAT scores")
    n = scores.size
    k = int(np.sum(scores >= 4))
    share = k / n
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return MetricEstimate("CSAT", 100.0 * share, 100.0 * math.sqrt(share * (1 - share) / n),
                          100.0 * ci.low, 100.0 * ci.high, n, confidence, "% satisfied (4-5)",
                          "Wilson score interval")


def ces(scores: Iterable[float], scale: str = "1-7", confidence: float = 0.95) -> MetricEstimate:
    """Customer Effort Score: mean answer on ``scale`` ("1-7" CES 2.0, "1-5" CES 1.0), t interval.

    On the 1-7 scale higher is easier; on the 1-5 (CES 1.0) scale higher means more effort.
    The interval is clipped to the scale; with a single answer it is undefined (NaN).
    """
    if scale not in _CES_SCALES:
        raise ModelError(f"CES scale: expected one of {', '.join(_CES_SCALES)}, got {scale!r}")
    _z(confidence)
    low, high = _CES_SCALES[scale]
    values = check_scores(scores, low, high, name="CES scores").astype(float)
    n = values.size
    mean = float(values.mean())
    if n < 2:
        return MetricEstimate("CES", mean, math.nan, math.nan, math.nan, n, confidence,
                              f"mean on {scale}", "Student t (needs n >= 2)")
    se = float(values.std(ddof=1) / math.sqrt(n))
    t = float(stats.t.ppf(0.5 + confidence / 2, n - 1))
    return MetricEstimate("CES", mean, se, max(mean - t * se, low), min(mean + t * se, high), n, confidence,
                          f"mean on {scale}", "Student t interval")
