"""A small hand-worked journey shared by the model tests (every figure below is worked by hand in the tests)."""

from __future__ import annotations

import pandas as pd
import pytest

from cxconsult.journey import Channel, JourneyConfig, Phase, Touchpoint


def small_journey(**changes) -> JourneyConfig:
    """Five touchpoints, two phases, one channel.

    t1: CSAT 50 -> performance 50; brilliant basics -> target 70; gap 20; 999 a month; moment of truth.
    t2: CES 4.0 -> (4-1)/6*100 = 50 and NPS 0 -> (0+100)/2 = 50 -> 50; extra mile -> target 80; gap 30;
        99 a month; two owners.
    t3: NPS 20 -> 60; target 70; gap 10; 9 a month; moment of truth; no owner.
    t4: CSAT 75 -> 75 >= 70: meets its target; 9,999 a month (the largest volume).
    t5: no measure at all; owner Sales (owner without a measure); 50 a month.
    """
    touchpoints = (
        Touchpoint("t1", "Report a fault", "a", "x", ("Care",), volume_per_month=999, moment_of_truth=True,
                   moment_kind="recovery", service_levels={"mass": "brilliant_basics"}, csat=50),
        Touchpoint("t2", "Change a plan", "a", "x", ("Care", "Billing"), volume_per_month=99,
                   service_levels={"mass": "brilliant_basics", "premium": "extra_mile"}, ces=4.0, nps=0),
        Touchpoint("t3", "First bill", "b", "x", (), volume_per_month=9, moment_of_truth=True, moment_kind="retention",
                   nps=20),
        Touchpoint("t4", "Log in", "b", "x", ("Digital",), volume_per_month=9999, csat=75),
        Touchpoint("t5", "Order a SIM", "b", "x", ("Sales",), volume_per_month=50),
    )
    base = dict(intent="Right first time.", phases=(Phase("a", "Join"), Phase("b", "Use")),
                channels=(Channel("x", "Phone"),), touchpoints=touchpoints)
    base.update(changes)
    return JourneyConfig(**base)


def ratings(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["touchpoint", "participant", "role", "rating", "pain_point", "owner"])


@pytest.fixture
def journey() -> JourneyConfig:
    return small_journey()
