"""Ownership gaps on the hand-worked journey: no owner, two owners, owner without a measure, disputed."""

from __future__ import annotations

from cxconsult.journey import ownership_gaps

from .conftest import ratings, small_journey


def test_map_gaps(journey):
    gaps = [(g.touchpoint, g.kind) for g in ownership_gaps(journey)]
    # t2 has two owners, t3 none, t5 an owner (Sales) with no customer measure; t1 and t4 are fine
    assert gaps == [("t2", "shared_owner"), ("t3", "no_owner"), ("t5", "no_measure")]


def test_room_disputes_an_owner():
    config = small_journey(ratings=ratings([
        ("t1", "Ana", "Agent", 2, False, "Billing"), ("t1", "Ben", "Agent", 2, False, "billing"),
        ("t1", "Cy", "Lead", 3, False, "Care"),
        ("t3", "Ana", "Agent", 1, True, "nobody"),
        ("t4", "Ana", "Agent", 3, False, "dont_know"), ("t4", "Ben", "Agent", 3, False, "Digital")]))
    gaps = [g for g in ownership_gaps(config) if g.kind == "disputed"]
    # t1: 2 name Billing (case ignored) against 1 Care -> Billing, not the map's Care: disputed
    # t3: the room says nobody owns it, and the map agrees (no owner): not disputed
    # t4: "don't know" is not a vote; Digital agrees with the map
    assert [(g.touchpoint, g.room_owner, g.room_votes) for g in gaps] == [("t1", "Billing", 2)]
