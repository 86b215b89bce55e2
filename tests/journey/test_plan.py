"""The 20-working-day plan: weeks, working days skipping weekends and holidays, owners in sequence."""

from __future__ import annotations

from datetime import date

import pytest

from cxconsult.errors import ModelError
from cxconsult.journey import performance, priorities, redesign_plan, working_day

from .conftest import small_journey


def test_working_days_skip_weekends_and_holidays():
    assert working_day(date(2026, 12, 7), 1) == date(2026, 12, 7)          # a Monday
    assert working_day(date(2026, 12, 7), 6) == date(2026, 12, 14)         # next Monday
    assert working_day(date(2026, 12, 5), 1) == date(2026, 12, 7)          # Saturday rolls to Monday
    assert working_day(date(2026, 12, 7), 2, [date(2026, 12, 8)]) == date(2026, 12, 9)
    with pytest.raises(ModelError):
        working_day(date(2026, 12, 7), 0)


def test_plan_for_the_top_three():
    config = small_journey(holidays=(date(2026, 12, 8),))
    perf = performance(config)
    plans = redesign_plan(config, priorities(config, perf), perf, date(2026, 12, 7))
    assert [p.touchpoint for p in plans] == ["t1", "t2", "t3"]
    t1, t2, t3 = plans
    # t1 (owner Care): day 1 = Mon 7 Dec; 8 Dec is a holiday: days 1-5 = 7, 9, 10, 11, 14 Dec
    assert (t1.weeks[0].start, t1.weeks[0].end) == (date(2026, 12, 7), date(2026, 12, 14))
    assert (t1.weeks[1].start, t1.weeks[1].end) == (date(2026, 12, 15), date(2026, 12, 21))
    # days 16-20: 29, 30, 31 Dec, 1 Jan (not a holiday here), 4 Jan
    assert (t1.weeks[3].first_day, t1.weeks[3].last_day) == (16, 20)
    assert t1.end == date(2027, 1, 4)
    assert [w.key for w in t1.weeks] == ["understand", "ideate", "trial", "launch"]
    # t2's first owner is Care too: its team starts the working day after t1 ends (day 21 = 5 Jan)
    # and ends 20 working days later, day 40 = Mon 1 Feb 2027
    assert (t2.owner, t2.start, t2.end) == ("Care", date(2027, 1, 5), date(2027, 2, 1))
    assert t2.weeks[0].first_day == 1
    # t3 has no owner: its own lane, in parallel from day 1
    assert (t3.owner, t3.start) == ("", date(2026, 12, 7))
    # measures: t1 CSAT 50 -> target 70; t2 CES 4.0 -> target 80 = 1 + 6 * 0.8 = 5.8; t3 NPS 20 -> 2*70-100 = 40
    assert (t1.measure, t1.baseline, t1.target) == ("csat", pytest.approx(50), pytest.approx(70))
    assert (t2.measure, t2.baseline, t2.target) == ("ces", pytest.approx(4.0), pytest.approx(5.8))
    assert (t3.measure, t3.baseline, t3.target) == ("nps", pytest.approx(20), pytest.approx(40))


def test_top_limits_the_plan():
    config = small_journey(plan_top=1)
    perf = performance(config)
    assert [p.touchpoint for p in redesign_plan(config, priorities(config, perf), perf, date(2026, 12, 7))] == ["t1"]
