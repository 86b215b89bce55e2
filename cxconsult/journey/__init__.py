"""Customer journey and touchpoint map: performance, ownership gaps, redesign priority, the
20-working-day redesign plan and pilot-versus-control difference-in-differences (pure: numpy,
scipy, pandas only).

Seeds: 001 steps 1-3 (intent statement, touchpoint map, redesign in 20 working days), 002 phase 4
(moments of truth; brilliant basics / extra mile / value-add by segment), 004 (who owns CX).
"""

from cxconsult.journey.analysis import JourneyAnalysis, analyse_journey
from cxconsult.journey.config import (DEFAULT_TARGETS, DEFAULT_WEIGHTS, MOMENT_KINDS, SERVICE_LEVELS, Channel,
                                      JourneyConfig, Phase, PilotData, Touchpoint)
from cxconsult.journey.did import CellStats, DiDResult, did_from_cells, did_from_observations
from cxconsult.journey.ownership import GAP_KINDS, OwnershipGap, ownership_gaps
from cxconsult.journey.performance import TouchpointPerformance, performance, performance_from_feedback
from cxconsult.journey.plan import RedesignPlan, redesign_plan, working_day
from cxconsult.journey.priority import Priority, ValueAtRisk, priorities, value_at_risk

__all__ = ["CellStats", "Channel", "DEFAULT_TARGETS", "DEFAULT_WEIGHTS", "DiDResult", "GAP_KINDS",
           "JourneyAnalysis", "JourneyConfig", "MOMENT_KINDS", "OwnershipGap", "Phase", "PilotData", "Priority",
           "RedesignPlan", "SERVICE_LEVELS", "Touchpoint", "TouchpointPerformance", "ValueAtRisk",
           "analyse_journey", "did_from_cells", "did_from_observations", "ownership_gaps", "performance",
           "performance_from_feedback", "priorities", "redesign_plan", "value_at_risk", "working_day"]
