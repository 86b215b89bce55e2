"""Each feedback metric over time, with intervals; whether a change between two periods is real; how
many responses a period needs to see a given change.

Every metric reduces to one coded value per response, so one set of sums (count, sum, sum of squares)
gives the value and its interval, by month, week, touchpoint or segment alike:

- ``nps`` (0-10): coded +100 promoter (9-10), 0 passive (7-8), -100 detractor (0-6); the mean is the
  NPS in points and its variance is ``100^2 (p + d - (p - d)^2)`` (Reichheld 2003; the variance in
  CX-FACTS). Interval: normal, clipped to -100..100.
- ``csat``: coded 1 for a top-box answer (``>= csat_top``; 4-5 on a 1-5 scale), else 0; the mean is the
  CSAT share. Interval: Wilson score (Wilson 1927), which stays inside 0..1 for small periods.
- anything else (``ces``, attribute ratings): the mean rating. Interval: Student's t.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from cxconsult.errors import ModelError

__all__ = ["METRICS", "MetricValue", "PeriodChange", "TESTS", "code_metric", "compare_periods",
           "detectable_sample", "interval_from_sums", "metric_kind", "metric_summary", "minimum_sample",
           "period_mask", "trend"]

METRICS = ("nps", "csat", "ces")
#: Test keys used in :class:`PeriodChange` (the narrative words them in the client's language).
TESTS = {
    "welch_nps": "Welch's t-test (unequal variances) on scores coded +100 promoter, 0 passive, -100 detractor",
    "two_proportion_z": "two-proportion z-test (pooled), the same as a chi-square test of the 2x2 table",
    "welch_mean": "Welch's t-test (unequal variances) on the ratings",
}
FREQUENCIES = {"M": "M", "month": "M", "monthly": "M", "W": "W", "week": "W", "weekly": "W"}


def metric_kind(metric: str) -> str:
    """``"nps"``, ``"top_box"`` (csat) or ``"mean"`` (ces and attribute ratings)."""
    return {"nps": "nps", "csat": "top_box"}.get(metric, "mean")


def code_metric(values: pd.Series | np.ndarray, metric: str, csat_top: float = 4) -> np.ndarray:
    """The coded value of each answer (NaN stays NaN): see the module docstring."""
    x = np.asarray(values, dtype="float64")
    kind = metric_kind(metric)
    if kind == "nps":
        return np.where(np.isnan(x), np.nan, np.where(x >= 9, 100.0, np.where(x <= 6, -100.0, 0.0)))
    if kind == "top_box":
        return np.where(np.isnan(x), np.nan, (x >= csat_top).astype("float64"))
    return x


def interval_from_sums(kind: str, n, s1, s2, confidence: float = 0.95):
    """Value, low, high and standard error from the count ``n``, the sum ``s1`` and the sum of squares
    ``s2`` of coded values (arrays or scalars; NaN where ``n`` is 0)."""
    n = np.asarray(n, dtype="float64")
    s1 = np.asarray(s1, dtype="float64")
    s2 = np.asarray(s2, dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, s1 / n, np.nan)
        z = stats.norm.ppf(0.5 + confidence / 2)
        if kind == "nps":
            var = np.maximum(s2 / n - mean ** 2, 0.0)  # population variance = 100^2 (p + d - (p - d)^2)
            se = np.sqrt(var / n)
            low, high = np.clip(mean - z * se, -100, 100), np.clip(mean + z * se, -100, 100)
        elif kind == "top_box":
            p = mean
            se = np.sqrt(p * (1 - p) / n)
            centre = (p + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
            half = z * np.sqrt(p * (1 - p) / n + z ** 2 / (4 * n ** 2)) / (1 + z ** 2 / n)
            low, high = centre - half, centre + half
        else:
            var = np.where(n > 1, np.maximum(s2 - s1 ** 2 / n, 0.0) / (n - 1), np.nan)
            se = np.sqrt(var / n)
            t = stats.t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1))
            low, high = mean - t * se, mean + t * se
    return mean, low, high, se


def _check(data: pd.DataFrame, metric: str) -> None:
    if metric not in data.columns:
        raise ModelError(f"no {metric!r} column in the feedback data; have {', '.join(map(str, data.columns))}")
    if "date" not in data.columns:
        raise ModelError("the feedback data has no 'date' column")


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    code = FREQUENCIES.get(freq)
    if code is None:
        raise ModelError(f"unknown frequency {freq!r}; expected 'M' (month) or 'W' (week)")
    return dates.dt.to_period(code).dt.start_time


def trend(data: pd.DataFrame, metric: str = "nps", freq: str = "M", by: str | None = None,
          confidence: float = 0.95, csat_top: float = 4, min_n: int = 1) -> pd.DataFrame:
    """``metric`` by period (``freq`` ``"M"`` month or ``"W"`` week starting Monday), optionally by
    ``by`` (``"touchpoint"``, ``"segment"``, ``"channel"``...).

    Returns one row per period (and group) with ``period`` (the period's first day), ``n`` (answers),
    ``value``, ``low``, ``high`` (the ``confidence`` interval) and ``se``; groups with fewer than
    ``min_n`` answers are left out. NPS is in points (-100..100), CSAT a share (0..1), others the mean.
    """
    _check(data, metric)
    if not 0 < confidence < 1:
        raise ModelError(f"confidence must be between 0 and 1, got {confidence!r}")
    coded = code_metric(data[metric], metric, csat_top)
    frame = pd.DataFrame({"period": _period_start(data["date"], freq), "c": coded})
    keys = ["period"]
    if by is not None:
        if by not in data.columns:
            raise ModelError(f"no {by!r} column to group by")
        frame[by] = data[by].to_numpy()
        keys.append(by)
    frame = frame[~np.isnan(coded)]
    frame["c2"] = frame["c"] ** 2
    grouped = frame.groupby(keys, observed=True, sort=True).agg(n=("c", "size"), s1=("c", "sum"),
                                                                s2=("c2", "sum")).reset_index()
    grouped = grouped[grouped["n"] >= min_n].reset_index(drop=True)
    value, low, high, se = interval_from_sums(metric_kind(metric), grouped["n"], grouped["s1"], grouped["s2"],
                                              confidence)
    out = grouped[keys].copy()
    out["n"] = grouped["n"].astype("int64")
    out["value"], out["low"], out["high"], out["se"] = value, low, high, se
    return out


@dataclass(frozen=True)
class MetricValue:
    """One metric over a set of responses: ``value`` with its ``confidence`` interval ``low``-``high``."""

    metric: str
    n: int
    value: float
    low: float
    high: float
    se: float


def metric_summary(data: pd.DataFrame, metric: str, confidence: float = 0.95, csat_top: float = 4) -> MetricValue:
    """``metric`` over all of ``data`` with its interval (see :func:`trend`)."""
    _check(data, metric)
    c = code_metric(data[metric], metric, csat_top)
    c = c[~np.isnan(c)]
    value, low, high, se = interval_from_sums(metric_kind(metric), len(c), c.sum(), (c ** 2).sum(), confidence)
    return MetricValue(metric, len(c), float(value), float(low), float(high), float(se))


def period_mask(dates: pd.Series, period: str | tuple) -> np.ndarray:
    """Rows of ``dates`` inside ``period``: ``"2026-05"`` (a month), ``"2026"`` (a year) or a
    ``(first_day, last_day)`` pair (both included)."""
    if isinstance(period, tuple):
        start, end = (pd.Timestamp(period[0]), pd.Timestamp(period[1]) + pd.Timedelta(days=1))
    else:
        text = str(period)
        try:
            if len(text) == 4:
                start = pd.Timestamp(f"{text}-01-01")
                end = start + pd.DateOffset(years=1)
            elif len(text) == 7:
                start = pd.Timestamp(f"{text}-01")
                end = start + pd.DateOffset(months=1)
            else:
                start = pd.Timestamp(text)
                end = start + pd.Timedelta(days=1)
        except ValueError:
            raise ModelError(f"cannot read period {text[:40]!r}; expected YYYY-MM, YYYY or (first, last)") from None
    values = dates.to_numpy()
    return (values >= np.datetime64(start)) & (values < np.datetime64(end))


@dataclass(frozen=True)
class PeriodChange:
    """A change of ``metric`` from period ``before`` to period ``after``.

    ``test`` is a key of :data:`TESTS`; ``significant`` is ``p_value < alpha``; ``low``-``high`` is the
    ``1 - alpha`` interval of the change. NPS changes are in points, CSAT in shares.
    """

    metric: str
    before_label: str
    after_label: str
    n_before: int
    n_after: int
    before: float
    after: float
    change: float
    test: str
    statistic: float
    p_value: float
    alpha: float
    low: float
    high: float

    @property
    def significant(self) -> bool:
        return bool(self.p_value < self.alpha)

    @property
    def test_name(self) -> str:
        return TESTS[self.test]


def _label(period: str | tuple) -> str:
    if isinstance(period, tuple):
        return f"{pd.Timestamp(period[0]).date()} to {pd.Timestamp(period[1]).date()}"
    return str(period)


def compare_periods(data: pd.DataFrame, metric: str, before: str | tuple, after: str | tuple,
                    alpha: float = 0.05, csat_top: float = 4) -> PeriodChange:
    """Is the change of ``metric`` between ``before`` and ``after`` more than chance?

    NPS: Welch's t-test on the coded scores (+100/0/-100), whose mean difference is the NPS change;
    CSAT: the pooled two-proportion z-test; CES and ratings: Welch's t-test. Periods as in
    :func:`period_mask`. Raises ``ModelError`` when a period has fewer than two answers.
    """
    _check(data, metric)
    if not 0 < alpha < 1:
        raise ModelError(f"alpha must be between 0 and 1, got {alpha!r}")
    coded = code_metric(data[metric], metric, csat_top)
    groups = []
    for period in (before, after):
        c = coded[period_mask(data["date"], period)]
        c = c[~np.isnan(c)]
        if len(c) < 2:
            raise ModelError(f"period {_label(period)} has {len(c)} {metric} answers; at least 2 are needed")
        groups.append(c)
    a, b = groups
    n1, n2 = len(a), len(b)
    m1, m2 = float(a.mean()), float(b.mean())
    kind = metric_kind(metric)
    if kind == "top_box":
        pooled = (a.sum() + b.sum()) / (n1 + n2)
        se0 = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        statistic = float((m2 - m1) / se0) if se0 > 0 else 0.0
        p_value = float(2 * stats.norm.sf(abs(statistic))) if se0 > 0 else 1.0
        se = np.sqrt(m1 * (1 - m1) / n1 + m2 * (1 - m2) / n2)
        crit = stats.norm.ppf(1 - alpha / 2)
        test = "two_proportion_z"
    else:
        v1, v2 = a.var(ddof=1), b.var(ddof=1)
        se = float(np.sqrt(v1 / n1 + v2 / n2))
        if se == 0:
            statistic, p_value, crit = 0.0, 1.0, 0.0
        else:
            result = stats.ttest_ind_from_stats(m2, np.sqrt(v2), n2, m1, np.sqrt(v1), n1, equal_var=False)
            statistic, p_value = float(result.statistic), float(result.pvalue)
            df = (v1 / n1 + v2 / n2) ** 2 / ((v1 / n1) ** 2 / (n1 - 1) + (v2 / n2) ** 2 / (n2 - 1))
            crit = stats.t.ppf(1 - alpha / 2, df)
        test = "welch_nps" if kind == "nps" else "welch_mean"
    change = m2 - m1
    return PeriodChange(metric, _label(before), _label(after), n1, n2, m1, m2, change, test, statistic,
                        p_value, alpha, float(change - crit * se), float(change + crit * se))


def minimum_sample(metric: str, change: float, *, promoters: float | None = None,
                   detractors: float | None = None, share: float | None = None, sd: float | None = None,
                   alpha: float = 0.05, power: float = 0.8) -> int:
    """Answers needed in each of two periods to detect ``change`` with a two-sided test at ``alpha``
    with probability ``power``.

    - ``nps``: ``change`` in points; baseline ``promoters`` and ``detractors`` shares; both periods are
      taken to have the baseline's variance ``V = p + d - (p - d)^2``: ``n = (z_a + z_b)^2 2V / (change/100)^2``.
    - ``csat``: ``change`` in share; baseline ``share`` p1, p2 = p1 + change (Fleiss, no continuity
      correction): ``n = (z_a sqrt(2 pbar qbar) + z_b sqrt(p1 q1 + p2 q2))^2 / change^2``.
    - others: ``change`` in rating units and the ratings' standard deviation ``sd``:
      ``n = (z_a + z_b)^2 2 sd^2 / change^2``.
    """
    if change == 0 or not np.isfinite(change):
        raise ModelError("the change to detect must be a non-zero number")
    if not (0 < alpha < 1 and 0 < power < 1):
        raise ModelError("alpha and power must be between 0 and 1")
    za, zb = stats.norm.ppf(1 - alpha / 2), stats.norm.ppf(power)
    kind = metric_kind(metric)
    if kind == "nps":
        if promoters is None or detractors is None or promoters < 0 or detractors < 0 or promoters + detractors > 1:
            raise ModelError("NPS needs baseline promoter and detractor shares (0-1, summing to 1 or less)")
        var = promoters + detractors - (promoters - detractors) ** 2
        n = (za + zb) ** 2 * 2 * var / (change / 100) ** 2
    elif kind == "top_box":
        if share is None or not 0 <= share <= 1 or not 0 <= share + change <= 1:
            raise ModelError("CSAT needs a baseline share 0-1 and a change that keeps it within 0-1")
        p1, p2 = share, share + change
        pbar = (p1 + p2) / 2
        n = (za * np.sqrt(2 * pbar * (1 - pbar)) + zb * np.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2 / change ** 2
    else:
        if sd is None or sd <= 0:
            raise ModelError("a mean rating needs the ratings' standard deviation (> 0)")
        n = (za + zb) ** 2 * 2 * sd ** 2 / change ** 2
    return int(np.ceil(n - 1e-9))


def detectable_sample(data: pd.DataFrame, metric: str, change: float, alpha: float = 0.05, power: float = 0.8,
                      csat_top: float = 4) -> int:
    """:func:`minimum_sample` with the baseline taken from ``data`` (all its answers)."""
    values = pd.to_numeric(data[metric], errors="coerce").dropna().to_numpy()
    if len(values) < 2:
        raise ModelError(f"too few {metric} answers to set a baseline")
    kind = metric_kind(metric)
    if kind == "nps":
        return minimum_sample(metric, change, promoters=float((values >= 9).mean()),
                              detractors=float((values <= 6).mean()), alpha=alpha, power=power)
    if kind == "top_box":
        share = float((values >= csat_top).mean())
        return minimum_sample(metric, change, share=min(max(share, 0.0), 1.0 - max(change, 0.0)), alpha=alpha,
                              power=power)
    return minimum_sample(metric, change, sd=float(values.std(ddof=1)), alpha=alpha, power=power)


def month_label(value: dt.date | pd.Timestamp) -> str:
    """``YYYY-MM`` of a period start."""
    return pd.Timestamp(value).strftime("%Y-%m")
