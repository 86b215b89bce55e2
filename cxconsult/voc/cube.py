"""A pre-aggregated feedback cube: sums by period x touchpoint x segment, so the dashboard's filters
(period, touchpoint, segment) are answered from a few thousand rows instead of a million responses.

For each metric the cube keeps the count, sum and sum of squares of the coded answers (see
:mod:`cxconsult.voc.trend`); any filter and any grouping of the cube gives exactly the value and the
interval :func:`cxconsult.voc.trend.trend` computes from the raw rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.voc.trend import FREQUENCIES, MetricValue, code_metric, interval_from_sums, metric_kind

__all__ = ["FeedbackCube", "build_cube"]

DIMENSIONS = ("touchpoint", "segment")


@dataclass(frozen=True, eq=False)
class FeedbackCube:
    """Sums by ``period`` and :data:`DIMENSIONS`; ``metrics`` are the metrics summed."""

    frame: pd.DataFrame
    metrics: tuple[str, ...]
    freq: str
    csat_top: float

    @property
    def periods(self) -> list[pd.Timestamp]:
        return sorted(self.frame["period"].unique())

    def values(self, dimension: str) -> list[str]:
        """The distinct values of ``dimension`` (``"touchpoint"`` or ``"segment"``)."""
        return sorted(map(str, self.frame[dimension].unique()))

    def select(self, start=None, end=None, touchpoints: Sequence[str] | None = None,
               segments: Sequence[str] | None = None) -> pd.DataFrame:
        """Cube rows of periods ``start``..``end`` (period starts, both included) and the chosen
        touchpoints and segments (None or empty: all)."""
        frame = self.frame
        mask = np.ones(len(frame), dtype=bool)
        if start is not None:
            mask &= (frame["period"] >= pd.Timestamp(start)).to_numpy()
        if end is not None:
            mask &= (frame["period"] <= pd.Timestamp(end)).to_numpy()
        if touchpoints:
            mask &= frame["touchpoint"].isin(list(touchpoints)).to_numpy()
        if segments:
            mask &= frame["segment"].isin(list(segments)).to_numpy()
        return frame[mask]

    def _check(self, metric: str) -> None:
        if metric not in self.metrics:
            raise ModelError(f"the cube has no {metric!r}; it sums {', '.join(self.metrics)}")

    def trend(self, metric: str, *, by: str | None = None, confidence: float = 0.95, **filters) -> pd.DataFrame:
        """``metric`` by period (and ``by``) under ``filters`` (see :meth:`select`); columns as
        :func:`cxconsult.voc.trend.trend`."""
        self._check(metric)
        rows = self.select(**filters)
        keys = ["period"] + ([by] if by else [])
        sums = rows.groupby(keys, observed=True, sort=True)[[f"n_{metric}", f"s1_{metric}", f"s2_{metric}"]].sum()
        sums = sums[sums[f"n_{metric}"] > 0].reset_index()
        value, low, high, se = interval_from_sums(metric_kind(metric), sums[f"n_{metric}"], sums[f"s1_{metric}"],
                                                  sums[f"s2_{metric}"], confidence)
        out = sums[keys].copy()
        out["n"] = sums[f"n_{metric}"].astype("int64")
        out["value"], out["low"], out["high"], out["se"] = value, low, high, se
        return out

    def summary(self, metric: str, *, confidence: float = 0.95, **filters) -> MetricValue:
        """``metric`` over everything the filters keep."""
        self._check(metric)
        rows = self.select(**filters)
        n, s1, s2 = (float(rows[f"{k}_{metric}"].sum()) for k in ("n", "s1", "s2"))
        value, low, high, se = interval_from_sums(metric_kind(metric), n, s1, s2, confidence)
        return MetricValue(metric, int(n), float(value), float(low), float(high), float(se))

    def responses(self, **filters) -> int:
        """Responses (rows) the filters keep."""
        return int(self.select(**filters)["responses"].sum())


def build_cube(data: pd.DataFrame, metrics: Sequence[str], freq: str = "M", csat_top: float = 4) -> FeedbackCube:
    """Sum ``data`` (the feedback table) into a :class:`FeedbackCube` for ``metrics``."""
    code = FREQUENCIES.get(freq)
    if code is None:
        raise ModelError(f"unknown frequency {freq!r}; expected 'M' or 'W'")
    metrics = tuple(m for m in metrics if m in data.columns)
    if not metrics:
        raise ModelError("none of the metrics is a column of the feedback data")
    parts = {"period": data["date"].dt.to_period(code).dt.start_time.to_numpy()}
    parts = pd.DataFrame(parts, index=data.index)
    for dim in DIMENSIONS:
        values = data[dim] if dim in data.columns else pd.Series("", index=data.index)
        parts[dim] = values.astype(str).astype("category") if not isinstance(values.dtype, pd.CategoricalDtype) \
            else values.cat.rename_categories([str(c) for c in values.cat.categories])
    parts["responses"] = 1
    for metric in metrics:
        c = code_metric(data[metric], metric, csat_top)
        ok = ~np.isnan(c)
        c0 = np.where(ok, c, 0.0)
        parts[f"n_{metric}"] = ok.astype("int64")
        parts[f"s1_{metric}"] = c0
        parts[f"s2_{metric}"] = c0 * c0
    frame = parts.groupby(["period", *DIMENSIONS], sort=True, observed=True).sum().reset_index()
    for dim in DIMENSIONS:
        frame[dim] = frame[dim].astype(str)
    return FeedbackCube(frame, metrics, code, csat_top)
