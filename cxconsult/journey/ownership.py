"""Who owns each touchpoint (seed 001 question C5; seed 004: "if nobody knows who is responsible for
the experience, nobody is"). Four kinds of gap:

- ``no_owner``: no role is named;
- ``shared_owner``: two or more roles are named, so no single one is accountable;
- ``no_measure``: an owner is named but no customer measure (CSAT, CES, NPS, complaints) is kept for
  the touchpoint, so the owner cannot be held to anything;
- ``disputed``: the room (touchpoint workshop) most often names an owner that is not the map's.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pandas as pd

from cxconsult.journey.config import JourneyConfig

__all__ = ["GAP_KINDS", "NOBODY", "OwnershipGap", "ownership_gaps"]

GAP_KINDS = ("no_owner", "shared_owner", "no_measure", "disputed")
#: What a participant answers for "who owns it?" when they think nobody does.
NOBODY = "nobody"
DONT_KNOW = "dont_know"


@dataclass(frozen=True)
class OwnershipGap:
    """One ownership gap: ``kind`` (one of :data:`GAP_KINDS`), the touchpoint, the map's owners and,
    for ``disputed``, the owner the room names most (``room_owner``) and how many named it."""

    touchpoint: str
    kind: str
    owners: tuple[str, ...]
    room_owner: str = ""
    room_votes: int = 0


def _room_owner(ratings: pd.DataFrame | None, touchpoint: str) -> tuple[str, int]:
    if ratings is None or ratings.empty or "owner" not in ratings.columns:
        return "", 0
    names = [str(o).strip() for o in ratings.loc[ratings["touchpoint"] == touchpoint, "owner"]
             if isinstance(o, str) and o.strip() and o.strip().lower() != DONT_KNOW]
    if not names:
        return "", 0
    counts = Counter(n.lower() for n in names)
    top, votes = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    spelled = next(n for n in names if n.lower() == top)
    return spelled, votes


def ownership_gaps(config: JourneyConfig) -> list[OwnershipGap]:
    """Every ownership gap of the journey, in touchpoint order (a touchpoint may have two kinds)."""
    gaps: list[OwnershipGap] = []
    for t in config.touchpoints:
        if not t.owners:
            gaps.append(OwnershipGap(t.id, "no_owner", t.owners))
        elif len(t.owners) > 1:
            gaps.append(OwnershipGap(t.id, "shared_owner", t.owners))
        if t.owners and not t.has_customer_measure:
            gaps.append(OwnershipGap(t.id, "no_measure", t.owners))
        room, votes = _room_owner(config.ratings, t.id)
        if room:
            mapped = {o.lower() for o in t.owners} or {NOBODY}
            if room.lower() not in mapped:
                gaps.append(OwnershipGap(t.id, "disputed", t.owners, room, votes))
    return gaps
