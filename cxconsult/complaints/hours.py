"""Elapsed business hours between two instants, vectorised with numpy's business-day functions (pure).

Business hours are wall-clock hours in the engagement's time zone, so a DST change (at night) neither
adds nor removes an hour of business time; calendar hours are real elapsed time (UTC), so the night of a
DST change is 23 or 25 hours long.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxconsult.complaints.model import BusinessHours

__all__ = ["business_hours_between", "business_hours_array", "calendar_hours_array", "elapsed_hours"]

_EPOCH = np.datetime64("1970-01-05", "D")  # a Monday, before any engagement date
_HOUR = np.timedelta64(3600 * 10**9, "ns")


def _local(values: Any, tz: str) -> np.ndarray:
    """Instants as naive wall-clock ``datetime64[ns]`` in ``tz`` (naive input is taken as already local)."""
    series = pd.Series(pd.to_datetime(pd.Series(values)))
    if getattr(series.dt, "tz", None) is not None:
        series = series.dt.tz_convert(tz).dt.tz_localize(None)
    return series.to_numpy(dtype="datetime64[ns]")


def _cumulative(local: np.ndarray, hours: BusinessHours, holidays: np.ndarray) -> np.ndarray:
    """Business hours from :data:`_EPOCH` to each wall-clock time (NaN for NaT)."""
    nat = np.isnat(local)
    safe = np.where(nat, _EPOCH.astype("datetime64[ns]"), local)
    day = safe.astype("datetime64[D]")
    into = (safe - day.astype("datetime64[ns]")) / _HOUR  # hours since midnight
    open_day = np.is_busday(day, weekmask=hours.weekmask, holidays=holidays)
    before = np.busday_count(_EPOCH, day, weekmask=hours.weekmask, holidays=holidays)
    today = np.where(open_day, np.clip(into - hours.start_h, 0.0, hours.hours_per_day), 0.0)
    out = before * hours.hours_per_day + today
    return np.where(nat, np.nan, out)


def business_hours_array(start: Any, end: Any, hours: BusinessHours) -> np.ndarray:
    """Business hours from each ``start`` to each ``end`` (arrays of instants; NaN where either is NaT,
    0 where ``end`` is before ``start``)."""
    holidays = np.array(sorted(hours.holidays), dtype="datetime64[D]")
    a = _cumulative(_local(start, hours.timezone), hours, holidays)
    b = _cumulative(_local(end, hours.timezone), hours, holidays)
    return np.maximum(b - a, 0.0)


def calendar_hours_array(start: Any, end: Any) -> np.ndarray:
    """Elapsed real hours (UTC arithmetic, so DST-correct for tz-aware input)."""
    a = pd.to_datetime(pd.Series(start))
    b = pd.to_datetime(pd.Series(end))
    out = ((b - a) / pd.Timedelta(hours=1)).to_numpy(dtype="float64", copy=True)
    return np.where(np.isnan(out), np.nan, np.maximum(out, 0.0))


def elapsed_hours(start: Any, end: Any, hours: BusinessHours, clock: str) -> np.ndarray:
    """Hours from ``start`` to ``end`` on the ``"business"`` or ``"calendar"`` clock."""
    if clock == "business":
        return business_hours_array(start, end, hours)
    return calendar_hours_array(start, end)


def business_hours_between(start: Any, end: Any, hours: BusinessHours) -> float:
    """Business hours between two instants (tz-aware, or naive wall-clock times in ``hours.timezone``).

    >>> h = BusinessHours(start_h=9, end_h=17)
    >>> business_hours_between(pd.Timestamp("2026-03-06 16:00"), pd.Timestamp("2026-03-09 10:00"), h)
    2.0
    """
    return float(business_hours_array([pd.Timestamp(start)], [pd.Timestamp(end)], hours)[0])
