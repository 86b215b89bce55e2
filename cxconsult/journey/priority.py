"""Which touchpoint to redesign first (seed 001 step 3: "redesign the weakest").

For each measured touchpoint below its target, four components are put on 0..1:

- ``gap``: points short of the target, divided by the largest gap of the journey;
- ``volume``: ``log10(1 + contacts a month)`` divided by the same for the largest volume (a log scale,
  so that a million app log-ins do not flatten every assisted contact to zero);
- ``moment_of_truth``: 1 for a moment of truth (seed 002, phase 4), else 0;
- ``value_at_risk``: customer value at risk a year, divided by the largest (only with a retention
  section; otherwise this component and its weight are left out).

``score = 100 * sum(w_k * c_k) / sum(w_k)`` over the components present; a touchpoint at or above its
target, or not measured, scores 0 and is not ranked. Customer value at risk: the lifetime value lost
each year to service-driven defections (retention section: defections a year x the exit survey's
service share x CLV) is shared out over the touchpoints in proportion to their complaints a month
when every touchpoint has a complaint count, else in proportion to their shortfall (contacts a month
x gap / 100: contacts that fall short of the intent).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from cxconsult.errors import ModelError
from cxconsult.journey.config import PRIORITY_COMPONENTS, JourneyConfig
from cxconsult.journey.performance import TouchpointPerformance

__all__ = ["Priority", "ValueAtRisk", "priorities", "value_at_risk"]


@dataclass(frozen=True)
class ValueAtRisk:
    """Customer value at risk a year per touchpoint; ``basis`` is ``"complaints"`` or ``"shortfall"``;
    ``total_per_year`` the service-driven defection value shared out."""

    total_per_year: float
    basis: str
    by_touchpoint: Mapping[str, float]


@dataclass(frozen=True)
class Priority:
    """One touchpoint's redesign priority (``rank`` 1 = first; 0 = not ranked).

    ``components`` holds each component on 0..1, ``contributions`` its weighted share of ``score``
    (in score points, summing to ``score``); ``reasons`` the components in order of contribution.
    """

    touchpoint: str
    rank: int
    score: float
    performance: float | None
    target: float
    gap: float | None
    volume_per_month: float
    shortfall_per_month: float
    moment_of_truth: bool
    moment_kind: str
    value_at_risk_per_year: float | None
    components: Mapping[str, float]
    contributions: Mapping[str, float]
    reasons: tuple[str, ...]


def value_at_risk(config: JourneyConfig, perf: Mapping[str, TouchpointPerformance],
                  service_defection_value_per_year: float) -> ValueAtRisk:
    """Share ``service_defection_value_per_year`` out over the touchpoints (see the module notes)."""
    if service_defection_value_per_year < 0:
        raise ModelError(f"service-driven defection value must be >= 0, got {service_defection_value_per_year!r}")
    complaints = [t.complaints_per_month for t in config.touchpoints]
    if all(c is not None for c in complaints) and sum(complaints) > 0:  # type: ignore[arg-type]
        basis, weights = "complaints", {t.id: float(t.complaints_per_month) for t in config.touchpoints}  # type: ignore[arg-type]
    else:
        basis = "shortfall"
        weights = {t.id: t.volume_per_month * (perf[t.id].gap or 0.0) / 100.0 for t in config.touchpoints}
    total = sum(weights.values())
    shares = {k: (v / total if total > 0 else 0.0) for k, v in weights.items()}
    return ValueAtRisk(float(service_defection_value_per_year), basis,
                       {k: service_defection_value_per_year * s for k, s in shares.items()})


def priorities(config: JourneyConfig, perf: Mapping[str, TouchpointPerformance],
               risk: ValueAtRisk | None = None) -> list[Priority]:
    """Every touchpoint's priority, best first: ranked ones by score (ties by id), then the rest."""
    weights = {k: float(config.weights.get(k, 0.0)) for k in PRIORITY_COMPONENTS}
    if risk is None:
        weights.pop("value_at_risk")
    if sum(weights.values()) <= 0:
        raise ModelError("the priority weights sum to zero; give at least one component a weight")
    gaps = {t.id: perf[t.id].gap for t in config.touchpoints}
    max_gap = max((g for g in gaps.values() if g), default=0.0)
    max_volume = max((t.volume_per_month for t in config.touchpoints), default=0.0)
    max_risk = max(risk.by_touchpoint.values(), default=0.0) if risk else 0.0
    rows = []
    for t in config.touchpoints:
        gap = gaps[t.id]
        components = {
            "gap": (gap / max_gap) if gap and max_gap else 0.0,
            "volume": math.log10(1.0 + t.volume_per_month) / math.log10(1.0 + max_volume) if max_volume else 0.0,
            "moment_of_truth": 1.0 if t.moment_of_truth else 0.0,
        }
        var = None
        if risk is not None:
            var = float(risk.by_touchpoint.get(t.id, 0.0))
            components["value_at_risk"] = var / max_risk if max_risk else 0.0
        ranked = bool(gap)
        total_w = sum(weights.values())
        contributions = {k: (100.0 * weights[k] * components[k] / total_w if ranked else 0.0) for k in weights}
        score = sum(contributions.values())
        reasons = tuple(k for k, v in sorted(contributions.items(), key=lambda kv: -kv[1]) if v > 0)
        rows.append(Priority(t.id, 0, score, perf[t.id].score, perf[t.id].target, gap, t.volume_per_month,
                             t.volume_per_month * (gap or 0.0) / 100.0, t.moment_of_truth, t.moment_kind, var,
                             components, contributions, reasons))
    ranked_rows = sorted((p for p in rows if p.gap), key=lambda p: (-p.score, p.touchpoint))
    rest = [p for p in rows if not p.gap]
    return [replace(p, rank=i) for i, p in enumerate(ranked_rows, start=1)] + rest
