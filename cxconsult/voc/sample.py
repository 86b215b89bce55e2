"""A seeded generator of sample feedback with a real driver structure, a trend and verbatims in the
client's language (for the sample engagements, the tests and the benchmarks).

How a response is made (all draws from one ``numpy`` generator seeded by ``seed``):
1. a month (uniform over ``months``), touchpoint, channel and segment (by their weights);
2. a latent experience ``q ~ N(touchpoint effect + improvement, 1)``; the improvement rises linearly
   from 0 to ``improvement`` over the last ``improvement_months`` months at ``improving`` touchpoints;
3. five attribute ratings 1-5: ``round(3.4 + 0.75 (0.7 q + 0.7 e_a) + weakness)``, where each
   touchpoint may be weak on some attributes (``weak``: attribute -> points);
4. NPS 0-10: ``round(7.7 + sum_a beta_a (rating_a - 3.4) + N(0, 1.3))`` clipped, with the true weights
   ``DRIVER_WEIGHTS`` (resolution first); CSAT 1-5 and CES 1-7 (CES 2.0: higher is easier) follow NPS
   and ease;
5. with probability ``verbatim_rate`` a verbatim: the clause of the theme of the worst-rated attribute
   (negative) or of the best (positive, when NPS >= 9), plus a touchpoint theme clause at some
   touchpoints, and now and then, instead, a remark the codebook does not know (for discovery).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["ATTRIBUTES", "DRIVER_WEIGHTS", "SampleSpec", "generate_feedback"]

ATTRIBUTES = ("human_factor", "ease", "tone", "speed", "resolution")
#: True effect of one rating point on the NPS answer (0-10 scale).
DRIVER_WEIGHTS = {"resolution": 0.95, "ease": 0.7, "human_factor": 0.45, "speed": 0.4, "tone": 0.2}
#: Codebook theme voiced when an attribute is the worst (or best) rated.
ATTRIBUTE_THEMES = {"human_factor": "staff", "ease": "ease", "tone": "tone", "speed": "speed",
                    "resolution": "resolution"}


@dataclass(frozen=True)
class SampleSpec:
    """What to generate for one client. ``touchpoints`` maps id -> (weight, effect on q);
    ``touchpoint_themes`` maps a touchpoint id to a codebook theme its verbatims may raise."""

    language: str
    first_month: str
    months: int
    touchpoints: Mapping[str, tuple[float, float]]
    channels: Mapping[str, float]
    segments: Mapping[str, float]
    weak: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    touchpoint_themes: Mapping[str, str] = field(default_factory=dict)
    improving: Sequence[str] = ()
    improvement: float = 0.8
    improvement_months: int = 8
    verbatim_rate: float = 0.7
    other_rate: float = 0.08
    id_prefix: str = "R"


def _pick(rng: np.random.Generator, options: Mapping[str, float], n: int) -> np.ndarray:
    names = list(options)
    weights = np.array([float(options[k]) for k in names])
    return np.array(names, dtype=object)[rng.choice(len(names), size=n, p=weights / weights.sum())]


def generate_feedback(spec: SampleSpec, phrases: Mapping, n: int, seed: int = 0,
                      with_verbatims: bool = True) -> pd.DataFrame:
    """``n`` responses as a feedback table (the columns the ``feedback`` section produces, with the
    attribute ratings as columns). ``phrases`` is the language's phrase bank (``data/voc/<lang>.yaml``:
    ``themes: {theme: {positive: [...], negative: [...]}}``, ``other: [...]``)."""
    rng = np.random.default_rng(seed)
    first = pd.Period(spec.first_month, "M")
    month_index = rng.integers(0, spec.months, size=n)
    day = rng.integers(0, 28, size=n)
    starts = np.array([(first + i).start_time.to_datetime64() for i in range(spec.months)])
    dates = starts[month_index] + day.astype("timedelta64[D]") + rng.integers(8 * 3600, 20 * 3600, size=n
                                                                              ).astype("timedelta64[s]")
    touchpoint = _pick(rng, {k: v[0] for k, v in spec.touchpoints.items()}, n)
    effect = np.array([spec.touchpoints[t][1] for t in touchpoint])
    ramp_start = spec.months - spec.improvement_months
    ramp = np.clip((month_index - ramp_start + 1) / max(spec.improvement_months, 1), 0, 1) * spec.improvement
    improving = np.isin(touchpoint, list(spec.improving))
    q = rng.normal(effect + np.where(improving, ramp, 0.0), 1.0)
    ratings = {}
    for a in ATTRIBUTES:
        weakness = np.array([spec.weak.get(t, {}).get(a, 0.0) for t in touchpoint])
        if a == "speed":
            weakness = weakness + np.where(improving, ramp * 0.6, 0.0)
        raw = 3.4 + 0.75 * (0.7 * q + 0.7 * rng.normal(size=n)) + weakness
        ratings[a] = np.clip(np.rint(raw), 1, 5).astype("int64")
    nps_raw = 7.7 + sum(w * (ratings[a] - 3.4) for a, w in DRIVER_WEIGHTS.items()) + rng.normal(0, 1.3, size=n)
    nps = np.clip(np.rint(nps_raw), 0, 10).astype("int64")
    csat = np.clip(np.rint(1 + (nps_raw / 10) * 4 + rng.normal(0, 0.6, size=n)), 1, 5).astype("int64")
    ces = np.clip(np.rint(1 + (ratings["ease"] - 1) * 1.5 + rng.normal(0, 0.7, size=n)), 1, 7).astype("int64")
    frame = pd.DataFrame({
        "response_id": [f"{spec.id_prefix}{i:07d}" for i in range(1, n + 1)],
        "date": pd.to_datetime(dates).floor("s"),
        "touchpoint": touchpoint.astype(str),
        "channel": _pick(rng, spec.channels, n).astype(str),
        "segment": _pick(rng, spec.segments, n).astype(str),
        "language": spec.language,
        "nps": nps, "csat": csat, "ces": ces, **ratings,
    })
    if with_verbatims:
        frame["verbatim"] = _verbatims(rng, spec, phrases, frame, n)
    else:
        frame["verbatim"] = ""
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def _verbatims(rng, spec: SampleSpec, phrases: Mapping, frame: pd.DataFrame, n: int) -> list[str]:
    themes = phrases["themes"]
    other = list(phrases.get("other", []))
    joiner = phrases.get("joiner", " ")
    matrix = np.column_stack([frame[a].to_numpy() for a in ATTRIBUTES])
    noise = rng.random(matrix.shape) * 0.5
    worst = np.argmin(matrix + noise, axis=1)
    best = np.argmax(matrix + noise, axis=1)
    talk = rng.random(n) < spec.verbatim_rate
    extra = rng.random(n)
    picks = rng.random((n, 3))
    nps = frame["nps"].to_numpy()
    touchpoints = frame["touchpoint"].to_numpy()
    out = []
    for i in range(n):
        if not talk[i]:
            out.append("")
            continue
        positive = nps[i] >= 9
        theme = ATTRIBUTE_THEMES[ATTRIBUTES[best[i] if positive else worst[i]]]
        tone = "positive" if positive else "negative"
        bank = themes[theme][tone]
        parts = [bank[int(picks[i, 0] * len(bank))]]
        linked = spec.touchpoint_themes.get(touchpoints[i])
        if linked and extra[i] < 0.55:
            bank = themes[linked]["positive" if nps[i] >= 8 else "negative"]
            parts.append(bank[int(picks[i, 1] * len(bank))])
        if other and extra[i] > 1 - spec.other_rate:
            parts = [other[int(picks[i, 2] * len(other))]]
        out.append(joiner.join(parts))
    return out
