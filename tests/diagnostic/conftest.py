"""A two-person workshop whose scores are worked by hand in test_scoring and test_recommendations."""

from __future__ import annotations

import pandas as pd
import pytest

# Two respondents; "dk" = don't know.
#   Ann (CEO):   P1=4 P2=2 T1=1 C1=3  F1=dk
#   Bo (Agent):  P1=0 P2=2 T1=3 C1=dk F1=2
ROWS = ([("Ann", "CEO", q, a) for q, a in [("P1", 4), ("P2", 2), ("T1", 1), ("C1", 3), ("F1", "dk")]]
        + [("Bo", "Agent", q, a) for q, a in [("P1", 0), ("P2", 2), ("T1", 3), ("C1", "dk"), ("F1", 2)]])


@pytest.fixture
def workshop() -> pd.DataFrame:
    """The hand-worked two-respondent workshop as a long table."""
    return pd.DataFrame(ROWS, columns=["respondent", "role", "question", "answer"])
