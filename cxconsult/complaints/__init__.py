"""Complaints: times against the client's standards, first-contact resolution, root causes, cost of
complaints, RESOLVED coaching scorecard and the closed loop with the voice of the customer (pure model).

Contract shared with the report and the case-review app: ``COMPLAINTS-API`` (issue 15).
"""

from cxconsult.complaints.analysis import (ClosedLoop, ComplaintsAnalysis, ComplaintsCost, TimeToEvent,
                                           analyse_complaints, closed_loop, cost_of_complaints, event_durations,
                                           kaplan_meier, pareto, scorecard)
from cxconsult.complaints.hours import business_hours_array, business_hours_between, elapsed_hours
from cxconsult.complaints.model import (CHANNELS, RESOLVED_KEYS, RESOLVED_STEPS, BusinessHours, CostConfig,
                                        Standards)

__all__ = ["CHANNELS", "RESOLVED_KEYS", "RESOLVED_STEPS", "BusinessHours", "CostConfig", "Standards",
           "ClosedLoop", "ComplaintsAnalysis", "ComplaintsCost", "TimeToEvent", "analyse_complaints",
           "closed_loop", "cost_of_complaints", "event_durations", "kaplan_meier", "pareto", "scorecard",
           "business_hours_array", "business_hours_between", "elapsed_hours"]
