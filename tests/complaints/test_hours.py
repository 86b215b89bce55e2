"""Business hours between two instants: weekends, holidays and DST changes (hand-worked examples)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxconsult.complaints import BusinessHours, business_hours_array, business_hours_between
from cxconsult.complaints.hours import calendar_hours_array

PARIS = BusinessHours(days=("mon", "tue", "wed", "thu", "fri"), start_h=9, end_h=17,
                      holidays=(dt.date(2026, 3, 30),), timezone="Europe/Paris")


def test_across_a_weekend_a_holiday_and_a_dst_change():
    """Fri 2026-03-27 16:00 to Tue 2026-03-31 10:00, Paris: clocks go forward on Sun 29 March (02:00 -> 03:00)
    and Mon 30 March is (here) a holiday. Business hours: Fri 16-17 = 1 h, Sat/Sun 0, Mon 0 (holiday),
    Tue 09-10 = 1 h: 2 h in all. Calendar hours: 3 days 18 h on the wall clock = 90 h, less the hour the DST
    change skips = 89 h of real time (Fri 15:00 UTC to Tue 08:00 UTC)."""
    start, end = pd.Timestamp("2026-03-27 16:00"), pd.Timestamp("2026-03-31 10:00")
    assert business_hours_between(start, end, PARIS) == pytest.approx(2.0)
    aware = [start.tz_localize("Europe/Paris").tz_convert("UTC")], [end.tz_localize("Europe/Paris").tz_convert("UTC")]
    assert business_hours_array(*aware, PARIS)[0] == pytest.approx(2.0)  # UTC input: the same wall-clock hours
    assert calendar_hours_array(*aware)[0] == pytest.approx(89.0)
    # autumn: Sun 2026-10-25 03:00 -> 02:00; Fri 16:00 to Mon 10:00 is 66 h on the wall clock, 67 h real
    a, b = pd.Timestamp("2026-10-23 16:00", tz="Europe/Paris"), pd.Timestamp("2026-10-26 10:00", tz="Europe/Paris")
    assert calendar_hours_array([a], [b])[0] == pytest.approx(67.0)
    assert business_hours_between(a, b, PARIS) == pytest.approx(2.0)


@pytest.mark.parametrize("start, end, hours", [
    ("2026-03-02 08:00", "2026-03-02 18:00", 8.0),    # before opening to after closing: the whole day
    ("2026-03-02 12:30", "2026-03-02 12:45", 0.25),   # inside one day
    ("2026-02-28 10:00", "2026-03-01 20:00", 0.0),    # Saturday to Sunday
    ("2026-03-02 16:00", "2026-03-09 10:00", 34.0),   # Mon 1 + Tue-Fri 4 x 8 + next Mon 1
    ("2026-03-02 18:00", "2026-03-03 08:00", 0.0),    # overnight
    ("2026-03-03 10:00", "2026-03-02 10:00", 0.0),    # end before start: 0, never negative
])
def test_hand_worked_spans(start, end, hours):
    assert business_hours_between(pd.Timestamp(start), pd.Timestamp(end), PARIS) == pytest.approx(hours)


def test_weekend_opening_and_half_hours():
    """Mon-Sat 08:30-20:00 (11.5 h a day): Sat 19:00 to Mon 09:00 = Sat 1 h + Mon 0.5 h = 1.5 h."""
    shop = BusinessHours(days=("mon", "tue", "wed", "thu", "fri", "sat"), start_h=8.5, end_h=20,
                         timezone="Europe/Lisbon")
    assert business_hours_between(pd.Timestamp("2026-03-07 19:00"), pd.Timestamp("2026-03-09 09:00"), shop) == 1.5


def test_vectorised_with_missing_times():
    starts = pd.Series(pd.to_datetime(["2026-03-02 16:00", None, "2026-03-02 09:00"]))
    ends = pd.Series(pd.to_datetime(["2026-03-03 10:00", "2026-03-03 10:00", None]))
    out = business_hours_array(starts, ends, PARIS)
    assert out[0] == pytest.approx(2.0) and np.isnan(out[1]) and np.isnan(out[2])


def test_random_spans_match_a_day_by_day_count():
    """The vectorised count against a slow day-by-day loop on random spans."""
    rng = np.random.default_rng(7)
    base = pd.Timestamp("2026-01-01")
    starts = base + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, 400), unit="min")
    ends = starts + pd.to_timedelta(rng.integers(0, 20 * 24 * 60, 400), unit="min")
    fast = business_hours_array(starts, ends, PARIS)

    def slow(a: pd.Timestamp, b: pd.Timestamp) -> float:
        total, day = 0.0, a.normalize()
        while day <= b:
            if day.weekday() < 5 and day.date() not in PARIS.holidays:
                lo = max(a, day + pd.Timedelta(hours=9))
                hi = min(b, day + pd.Timedelta(hours=17))
                total += max((hi - lo) / pd.Timedelta(hours=1), 0.0)
            day += pd.Timedelta(days=1)
        return total

    expected = [slow(a, b) for a, b in zip(starts, ends)]
    np.testing.assert_allclose(fast, expected, atol=1e-9)


@given(st.lists(st.integers(0, 60 * 24 * 400), min_size=3, max_size=3))
@settings(max_examples=200, deadline=None)
def test_business_hours_add_up(minutes):
    """For a <= b <= c: hours(a, c) = hours(a, b) + hours(b, c), and never more than the calendar hours."""
    a, b, c = (pd.Timestamp("2026-01-01 00:00", tz="UTC") + pd.Timedelta(minutes=m) for m in sorted(minutes))
    ab, bc, ac = (business_hours_between(x, y, PARIS) for x, y in ((a, b), (b, c), (a, c)))
    assert ac == pytest.approx(ab + bc, abs=1e-9)
    assert 0 <= ac <= (c - a) / pd.Timedelta(hours=1) + 1e-9
