"""Contact-centre 36-month CSF outlook: interval-by-interval staffing per channel (Erlang A/C, chat
concurrency, email backlog), monthly projection, targets, levers and Monte Carlo bands.

``project(assumptions, months=36)`` -> one row per month (month 0 = today);
``check_targets(frame, targets)`` -> :class:`TargetReport`; ``what_must_be_true`` and
``sensitivity`` in :mod:`cxconsult.outlook.levers`; ``simulate`` in
:mod:`cxconsult.outlook.uncertainty`; staffing formulas in :mod:`cxconsult.outlook.staffing`.
"""

from __future__ import annotations

from cxconsult.outlook.levers import LeverSolution, sensitivity, what_must_be_true
from cxconsult.outlook.intraday import WeeklyProfile, default_profile
from cxconsult.outlook.model import (Assumptions, Channel, CSFResult, TargetReport, Targets,
                                     check_targets, interval_staffing, project, project_batch)
from cxconsult.outlook.staffing import (ErlangAResult, agents_required, average_speed_of_answer,
                                        erlang_a, erlang_c, fte, occupancy, service_level)
from cxconsult.outlook.uncertainty import OutlookFan, UncertainAssumption, simulate

__all__ = [
    "Assumptions", "Channel", "CSFResult", "ErlangAResult", "LeverSolution", "OutlookFan", "TargetReport",
    "Targets", "UncertainAssumption", "WeeklyProfile", "agents_required", "average_speed_of_answer",
    "check_targets", "default_profile", "erlang_a", "erlang_c", "fte", "interval_staffing", "occupancy",
    "project", "project_batch", "sensitivity", "service_level", "simulate", "what_must_be_true",
]
