"""The hand-worked two-respondent workshop of tests/diagnostic, for the narrative tests."""

from __future__ import annotations

import pandas as pd
import pytest

# Ann (CEO): P1=4 P2=2 T1=1 C1=3 F1=dk; Bo (Agent): P1=0 P2=2 T1=3 C1=dk F1=2
ROWS = ([("Ann", "CEO", q, a) for q, a in [("P1", 4), ("P2", 2), ("T1", 1), ("C1", 3), ("F1", "dk")]]
        + [("Bo", "Agent", q, a) for q, a in [("P1", 0), ("P2", 2), ("T1", 3), ("C1", "dk"), ("F1", 2)]])


@pytest.fixture
def workshop() -> pd.DataFrame:
    return pd.DataFrame(ROWS, columns=["respondent", "role", "question", "answer"])
