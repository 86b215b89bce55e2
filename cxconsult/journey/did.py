"""Pilot versus control: difference-in-differences (seed 002: "a phased approach with rigorous testing").

With mean measures ``y`` of a pilot and a control group before and after a touchpoint's redesign::

    effect = (y_pilot,after - y_pilot,before) - (y_control,after - y_control,before)

The control group's change stands for what would have happened to the pilot without the redesign
(the parallel-trends assumption). The four cells are independent samples of customers, so the
standard error is ``sqrt(sum(s_c^2 / n_c))`` over the cells, and the confidence interval uses
Student's t with Welch-Satterthwaite degrees of freedom ``(sum v_c)^2 / sum(v_c^2 / (n_c - 1))``,
``v_c = s_c^2 / n_c``. This equals the interaction coefficient of the saturated regression
``y ~ pilot + after + pilot:after`` with heteroskedasticity-robust errors per cell.
References: Angrist, J. D. & Pischke, J.-S. (2009), *Mostly Harmless Econometrics*, section 5.2;
Card, D. & Krueger, A. B. (1994), "Minimum wages and employment", *AER* 84(4), Table 3.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from cxconsult.errors import ModelError

__all__ = ["CELLS", "CellStats", "DiDResult", "did_from_cells", "did_from_observations"]

CELLS = (("pilot", "before"), ("pilot", "after"), ("control", "before"), ("control", "after"))


@dataclass(frozen=True)
class CellStats:
    """One group in one period: mean, sample standard deviation and number of customers."""

    mean: float
    sd: float
    n: int


@dataclass(frozen=True)
class DiDResult:
    """The difference-in-differences estimate with its ``confidence`` interval [``low``, ``high``]."""

    effect: float
    se: float
    df: float
    low: float
    high: float
    confidence: float
    p_value: float
    pilot_change: float
    control_change: float
    cells: tuple[tuple[str, str, CellStats], ...]

    @property
    def distinguishable(self) -> bool:
        """Whether the interval excludes zero (the effect is distinguishable from no effect)."""
        return self.low > 0 or self.high < 0

    def cell(self, group: str, period: str) -> CellStats:
        for g, p, c in self.cells:
            if (g, p) == (group, period):
                return c
        raise KeyError((group, period))

    def summary(self) -> str:
        return (f"Difference-in-differences: effect {self.effect:+.3f} (SE {self.se:.3f}, df {self.df:.1f}); "
                f"{self.confidence:.0%} CI [{self.low:.3f}, {self.high:.3f}], p = {self.p_value:.4f}; "
                f"pilot change {self.pilot_change:+.3f}, control change {self.control_change:+.3f}")

    def _repr_html_(self) -> str:
        return "<pre>" + self.summary() + "</pre>"


def did_from_cells(pilot_before: CellStats, pilot_after: CellStats, control_before: CellStats,
                   control_after: CellStats, confidence: float = 0.95) -> DiDResult:
    """Difference-in-differences from the four cells' means, SDs and sizes (see the module notes)."""
    if not 0 < confidence < 1:
        raise ModelError(f"confidence must be between 0 and 1, got {confidence!r}")
    cells = (pilot_before, pilot_after, control_before, control_after)
    for (group, period), c in zip(CELLS, cells):
        if c.n < 2:
            raise ModelError(f"the {group} group {period} the redesign needs 2 or more measures, got {c.n}")
        if not (math.isfinite(c.mean) and math.isfinite(c.sd) and c.sd >= 0):
            raise ModelError(f"the {group} group {period}: mean and SD must be finite, SD >= 0")
    pilot_change = pilot_after.mean - pilot_before.mean
    control_change = control_after.mean - control_before.mean
    effect = pilot_change - control_change
    variances = [c.sd ** 2 / c.n for c in cells]
    se = math.sqrt(sum(variances))
    if se == 0:
        raise ModelError("every measure is identical within each group: the effect has no uncertainty to report")
    df = sum(variances) ** 2 / sum(v ** 2 / (c.n - 1) for v, c in zip(variances, cells))
    t = stats.t.ppf(0.5 + confidence / 2, df)
    p = 2 * stats.t.sf(abs(effect) / se, df)
    return DiDResult(effect, se, df, effect - t * se, effect + t * se, confidence, float(p), pilot_change,
                     control_change, tuple((g, per, c) for (g, per), c in zip(CELLS, cells)))


def did_from_observations(observations: pd.DataFrame, confidence: float = 0.95) -> DiDResult:
    """Difference-in-differences from one row per customer measure: columns ``group`` (pilot /
    control), ``period`` (before / after) and ``value``."""
    missing = {"group", "period", "value"} - set(observations.columns)
    if missing:
        raise ModelError(f"pilot observations need columns group, period, value; missing {', '.join(sorted(missing))}")
    cells = []
    for group, period in CELLS:
        values = observations.loc[(observations["group"] == group) & (observations["period"] == period), "value"]
        values = pd.to_numeric(values, errors="coerce").dropna()
        sd = float(values.std(ddof=1)) if len(values) > 1 else 0.0
        cells.append(CellStats(float(values.mean()) if len(values) else math.nan, sd, int(len(values))))
    return did_from_cells(*cells, confidence=confidence)
