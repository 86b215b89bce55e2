"""Everything the voice-of-the-customer report section shows, computed once from the ``feedback``
section: the headline metrics, the monthly trend, the latest change and its test, the sample needed,
key drivers with the importance-performance matrix, themes with quotes, discovered topics, the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from cxconsult.voc.cube import FeedbackCube, build_cube
from cxconsult.voc.dashboard import MeasureStatus, dashboard
from cxconsult.voc.drivers import importance_performance, key_drivers
from cxconsult.voc.trend import (MetricValue, PeriodChange, compare_periods, detectable_sample, metric_summary,
                                 trend)

__all__ = ["VocAnalysis", "analyse_feedback"]


@dataclass(frozen=True, eq=False)
class VocAnalysis:
    """Results for the report; ``themes``/``discovered`` are None/() without verbatims."""

    section: Any
    summary: dict[str, MetricValue]
    trend: pd.DataFrame
    by_touchpoint: pd.DataFrame
    change: PeriodChange | None
    recent: tuple[str, str]
    previous: tuple[str, str]
    needed_per_period: int | None
    change_to_detect: float
    drivers: pd.DataFrame | None
    matrix: pd.DataFrame | None
    themes: pd.DataFrame | None
    discovered: tuple
    cube: FeedbackCube
    dashboard: tuple[MeasureStatus, ...]


def analyse_feedback(section: Any, *, months: int = 3, change_to_detect: float = 5.0, n_boot: int = 200,
                     seed: int = 0) -> VocAnalysis:
    """Analyse a parsed ``feedback`` section (see :class:`VocAnalysis`). The latest ``months`` months
    are compared with the ``months`` before; ``change_to_detect`` is in the outcome's units (NPS points)."""
    data = section.data
    outcome = section.outcome
    top = section.csat_top
    summary = {m: metric_summary(data, m, csat_top=top) for m in section.metrics}
    monthly = trend(data, outcome, freq=section.freq, csat_top=top)
    by_touchpoint = trend(data.assign(date=data["date"].min()), outcome, by="touchpoint", csat_top=top)
    last = data["date"].dt.to_period("M").max()
    recent = (str(last - months + 1), str(last))
    previous = (str(last - 2 * months + 1), str(last - months))
    window = lambda a, b: (pd.Period(a, "M").start_time, pd.Period(b, "M").end_time.normalize())  # noqa: E731
    try:
        change = compare_periods(data, outcome, window(*previous), window(*recent), csat_top=top)
    except Exception:  # noqa: BLE001 - too few answers in a period: no change reported
        change = None
    try:
        needed = detectable_sample(data, outcome, change_to_detect if outcome == "nps" else change_to_detect / 100,
                                   csat_top=top)
    except Exception:  # noqa: BLE001
        needed = None
    drivers = matrix = None
    if len(section.attributes) >= 2:
        drivers = key_drivers(data, outcome, list(section.attributes), n_boot=n_boot, seed=seed)
        matrix = importance_performance(drivers, data, section.scales["attributes"])
    themes, discovered = None, ()
    if section.has_verbatims and section.codebook is not None:
        from cxconsult.voc.themes import ThemeMatcher, discover_themes, theme_summary

        matcher = ThemeMatcher(section.codebook)
        assignment = matcher.assign(data["verbatim"])
        themes = theme_summary(data, assignment, section.codebook, outcome=outcome if outcome == "nps" else "nps")
        unmatched = data["verbatim"][(~assignment.any(axis=1)).to_numpy() & (data["verbatim"] != "").to_numpy()]
        discovered = tuple(discover_themes(list(unmatched), matcher, n_topics=3, seed=seed))
    cube = build_cube(data, section.metrics + section.attributes, freq="M", csat_top=top)
    statuses = tuple(dashboard(section.measures, cube)) if section.measures else ()
    return VocAnalysis(section, summary, monthly, by_touchpoint, change, recent, previous, needed, change_to_detect,
                       drivers, matrix, themes, discovered, cube, statuses)
