"""The whole journey analysis of an engagement in one call.

``analyse_journey(config, start=..., service_defection_value_per_year=..., feedback=...)`` returns a
:class:`JourneyAnalysis`: performance per touchpoint, ownership gaps, priorities, the redesign plan
and, when the section has pilot data, the difference-in-differences result. The report notebook,
the narrative and the apps all call it, so they show the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from cxconsult.journey.config import JourneyConfig
from cxconsult.journey.did import DiDResult, did_from_observations
from cxconsult.journey.ownership import OwnershipGap, ownership_gaps
from cxconsult.journey.performance import TouchpointPerformance, performance
from cxconsult.journey.plan import RedesignPlan, next_monday, redesign_plan
from cxconsult.journey.priority import Priority, ValueAtRisk, priorities, value_at_risk

__all__ = ["JourneyAnalysis", "analyse_journey"]


@dataclass(frozen=True, eq=False)
class JourneyAnalysis:
    """Every journey result of one engagement (see the module docstring)."""

    config: JourneyConfig
    performance: dict[str, TouchpointPerformance]
    gaps: tuple[OwnershipGap, ...]
    value_at_risk: ValueAtRisk | None
    priorities: tuple[Priority, ...]
    plan: tuple[RedesignPlan, ...]
    pilot: DiDResult | None
    start: date

    @property
    def ranked(self) -> tuple[Priority, ...]:
        """Touchpoints below target, best-ranked first."""
        return tuple(p for p in self.priorities if p.rank)

    def priority(self, touchpoint_id: str) -> Priority:
        return next(p for p in self.priorities if p.touchpoint == touchpoint_id)

    def table(self) -> pd.DataFrame:
        """One row per touchpoint: phase, channel, owner, volume, performance, target, gap, rank, score."""
        rows = []
        for t in self.config.touchpoints:
            p, perf = self.priority(t.id), self.performance[t.id]
            rows.append({"touchpoint": t.id, "phase": t.phase, "channel": t.channel, "owner": t.owner,
                         "volume_per_month": t.volume_per_month, "moment_of_truth": t.moment_of_truth,
                         "performance": perf.score, "source": perf.source, "target": perf.target,
                         "gap": perf.gap, "value_at_risk_per_year": p.value_at_risk_per_year,
                         "rank": p.rank or None, "score": p.score})
        return pd.DataFrame(rows).set_index("touchpoint")

    def summary(self) -> str:
        lines = [f"Journey: {len(self.config.touchpoints)} touchpoints, {len(self.config.phases)} phases, "
                 f"{len(self.config.channels)} channels; {len(self.gaps)} ownership gaps"]
        for p in self.ranked[:5]:
            lines.append(f"  {p.rank}. {p.touchpoint}: score {p.score:.1f}, performance {p.performance:.1f} "
                         f"/ target {p.target:.0f}, {p.volume_per_month:,.0f} a month")
        if self.pilot is not None:
            lines.append("  " + self.pilot.summary())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + self.summary() + "</pre>"


def analyse_journey(config: JourneyConfig, *, start: date | None = None, engagement_date: date | None = None,
                    service_defection_value_per_year: float | None = None,
                    feedback: pd.DataFrame | None = None) -> JourneyAnalysis:
    """Run the journey analysis.

    ``start`` is the plan's first day (default: ``config.plan_start``, else the Monday after
    ``engagement_date``, else after today). ``service_defection_value_per_year`` (from the retention
    section) turns on the customer value at risk. ``feedback``: per-touchpoint measures from
    :func:`cxconsult.journey.performance.performance_from_feedback`.
    """
    perf = performance(config, feedback)
    risk = None
    if service_defection_value_per_year is not None:
        risk = value_at_risk(config, perf, service_defection_value_per_year)
    ranked = priorities(config, perf, risk)
    begin = start or config.plan_start or next_monday(engagement_date or date.today())
    plan = redesign_plan(config, ranked, perf, begin)
    pilot = None
    if config.pilot is not None:
        pilot = did_from_observations(config.pilot.observations, config.pilot.confidence)
    return JourneyAnalysis(config, perf, tuple(ownership_gaps(config)), risk, tuple(ranked), tuple(plan),
                           pilot, begin)
