"""How sure the index is, given how few people answered: a bootstrap over respondents.

A workshop of eight people gives an index, but eight other people from the same organisation could
have given another. Resampling the respondents with replacement (Efron & Tibshirani, *An Introduction
to the Bootstrap*, Chapman & Hall, 1993) and scoring each resample exactly as :func:`score` does
(pool each area's answers, average the areas that have answers) gives the spread of the index; the
percentile interval is reported. Respondents are the unit resampled because one person's twenty
answers are not independent of each other. Seeded, so a report shows the same interval every run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cxconsult.diagnostic.scoring import _long_table, score
from cxconsult.engagement import AREA_PREFIX, AREAS, DONT_KNOW
from cxconsult.errors import ModelError

__all__ = ["IndexInterval", "index_interval"]

#: Seed of the bootstrap (a report is reproducible).
SEED = 2005
N_BOOT = 4000


@dataclass(frozen=True)
class IndexInterval:
    """The index with its bootstrap percentile interval (0-100), from ``respondents`` people."""

    index: float
    low: float
    high: float
    confidence: float
    respondents: int
    n_boot: int
    seed: int

    @property
    def half_width(self) -> float:
        """Half the interval's width, in index points."""
        return (self.high - self.low) / 2

    def summary(self) -> str:
        return (f"index {self.index:.1f}, {self.confidence:.0%} bootstrap interval {self.low:.1f} to "
                f"{self.high:.1f} ({self.respondents} respondents, {self.n_boot} resamples, seed {self.seed})")


def respondent_sums(responses: Mapping[str, object] | pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per respondent and area: the sum of the 0-4 answers and their count ("don't know" left out)."""
    frame = _long_table(responses)
    frame = frame[frame["answer"].map(lambda a: a != DONT_KNOW)].copy()
    frame["area"] = frame["question"].str[0].map(AREA_PREFIX)
    frame["value"] = frame["answer"].astype(float)
    people = pd.Index(sorted(set(_long_table(responses)["respondent"].astype(str))))
    frame["respondent"] = frame["respondent"].astype(str)
    sums = frame.pivot_table(index="respondent", columns="area", values="value", aggfunc="sum")
    counts = frame.pivot_table(index="respondent", columns="area", values="value", aggfunc="count")
    sums = sums.reindex(index=people, columns=list(AREAS)).fillna(0.0)
    counts = counts.reindex(index=people, columns=list(AREAS)).fillna(0.0)
    return sums.to_numpy(dtype=float), counts.to_numpy(dtype=float)


def index_interval(responses: Mapping[str, object] | pd.DataFrame, *, confidence: float = 0.95,
                   n_boot: int = N_BOOT, seed: int = SEED) -> IndexInterval:
    """Percentile bootstrap interval of the index, resampling respondents with replacement.

    Each resample draws as many respondents as answered; an area with no numeric answer in a resample
    is left out of that resample's index, as :func:`score` does.
    """
    if not 0 < confidence < 1:
        raise ModelError(f"confidence must be between 0 and 1, got {confidence!r}")
    if n_boot < 100:
        raise ModelError(f"n_boot must be at least 100, got {n_boot!r}")
    point = score(responses).index
    sums, counts = respondent_sums(responses)
    people = sums.shape[0]
    if people == 0 or np.isnan(point):
        raise ModelError("no scored answers: the index and its interval are undefined")
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(people, np.full(people, 1.0 / people), size=n_boot).astype(float)
    area_sum = weights @ sums          # n_boot x 4
    area_count = weights @ counts
    with np.errstate(invalid="ignore", divide="ignore"):
        area_score = area_sum / area_count / 4 * 100
    present = ~np.isnan(area_score)
    answered = present.any(axis=1)  # a resample of people who all answered "don't know" has no index
    index = np.where(present, area_score, 0.0).sum(axis=1)[answered] / present.sum(axis=1)[answered]
    tail = (1 - confidence) / 2
    low, high = np.quantile(index, [tail, 1 - tail])
    return IndexInterval(float(point), float(low), float(high), confidence, people, n_boot, seed)
