"""Monte Carlo outlook: P10/P50/P90 bands per month for each CSF and the chance of meeting each target.

Uncertain assumptions are scipy.stats distributions named in the engagement file, e.g.
``{name: aht_s, dist: triang, params: {c: 0.5, loc: 360, scale: 90}}``. ``name`` is a lever name
(see :mod:`cxconsult.outlook.levers`); for plannable levels (AHT, cost per FTE, leak-back, ...) the
draw is the value *planned for* ``plan_month`` (month 0 stays today's fact), for rates it is the
rate itself. Draws are clipped to the field's valid range and the clipped share is reported.

All paths are projected at once with numpy (:func:`~cxconsult.outlook.model.project_batch`, Erlang C
by vectorised search), in chunks, with a seeded ``numpy.random.Generator``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

import numpy as np
import pandas as pd

from cxconsult.errors import ModelError
from cxconsult.outlook.model import (CSF_COLUMNS, CSF_LABELS, LEVER_NAMES, MAX_PATHS, PLANNABLE,
                                     STANDARDS, Assumptions, Targets, _BOUNDS, csf_met, csf_metric,
                                     project_batch)

__all__ = ["UncertainAssumption", "OutlookFan", "simulate", "DISTRIBUTIONS"]

DISTRIBUTIONS = ("norm", "lognorm", "triang", "uniform", "beta", "truncnorm")


#: Shape parameters of each distribution (scipy.stats names); ``loc`` and ``scale`` are optional for all.
SHAPES = {"norm": (), "lognorm": ("s",), "triang": ("c",), "uniform": (), "beta": ("a", "b"), "truncnorm": ("a", "b")}


def _params_problem(dist: str, params: dict[str, float]) -> str:
    """What is wrong with ``params`` for ``dist`` (scipy.stats' own rules), or ``""``. Checked without
    scipy, so that reading an engagement does not import scipy.stats; every valid set has a finite mean."""
    shapes = SHAPES[dist]
    unknown = sorted(set(params) - set(shapes) - {"loc", "scale"})
    if unknown:
        return f"unknown parameter {unknown[0]!r}; expected {', '.join((*shapes, 'loc', 'scale'))}"
    missing = [k for k in shapes if k not in params]
    if missing:
        return f"missing shape parameter {missing[0]!r}"
    if not all(np.isfinite(v) for v in params.values()):
        return "expected finite numbers"
    if params.get("scale", 1.0) <= 0:
        return "scale must be above 0"
    if dist == "lognorm" and params["s"] <= 0:
        return "s must be above 0"
    if dist == "triang" and not 0 <= params["c"] <= 1:
        return "c must be from 0 to 1"
    if dist == "beta" and (params["a"] <= 0 or params["b"] <= 0):
        return "a and b must be above 0"
    if dist == "truncnorm" and not params["a"] < params["b"]:
        return "a must be below b"
    return ""


@dataclass(frozen=True)
class UncertainAssumption:
    """One uncertain lever: ``name``, a scipy.stats distribution name ``dist`` (one of
    ``DISTRIBUTIONS``) and its keyword ``params`` (``loc``, ``scale``, shape parameters) as
    (key, value) pairs."""

    name: str
    dist: str
    params: tuple[tuple[str, float], ...]

    def __post_init__(self) -> None:
        if self.name not in LEVER_NAMES:
            raise ModelError(f"uncertain assumption {self.name!r} is not a lever; expected one of "
                             f"{', '.join(sorted(LEVER_NAMES))}")
        if self.dist not in DISTRIBUTIONS:
            raise ModelError(f"{self.name}: dist {self.dist!r} not supported; expected one of "
                             f"{', '.join(DISTRIBUTIONS)}")
        problem = _params_problem(self.dist, dict(self.params))
        if problem:
            raise ModelError(f"{self.name}: bad params for {self.dist}: {problem}")

    @classmethod
    def of(cls, name: str, dist: str, **params: float) -> UncertainAssumption:
        return cls(name, dist, tuple(sorted((k, float(v)) for k, v in params.items())))

    def distribution(self) -> Any:
        """The frozen scipy.stats distribution."""
        from scipy import stats  # here, not at import: loading an engagement does not need scipy.stats

        return getattr(stats, self.dist)(**dict(self.params))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.asarray(self.distribution().rvs(size=n, random_state=rng), dtype=float)


def _valid_range(name: str) -> tuple[float, float]:
    if name == "aht_s":
        return (1.0, 14_400.0)
    if name == "digital_share":
        return (1e-6, 1.0 - 1e-6)
    low, high, _ = _BOUNDS[name]
    high = np.inf if high is None else high
    if name in ("shrinkage", "service_level_target"):
        high = high - 1e-9
    if name in ("adoption_steepness", "max_occupancy"):
        low = low + 1e-9
    return (low, high)


@dataclass(frozen=True)
class OutlookFan:
    """Monte Carlo result.

    ``bands``: DataFrame indexed by month with a column MultiIndex (csf, quantile) for quantiles
    0.1/0.5/0.9 of the CSF columns (revenue, cost_base, headcount, self_service_share, customers,
    contacts). ``probability_met``: CSF target name -> share of paths meeting it at
    ``targets.by_month``. ``metric_bands``: quantiles of the judged metric (change vs month 0, or
    level) at the target month. ``clipped``: lever -> share of draws clipped to its valid range.
    """

    bands: pd.DataFrame
    probability_met: dict[str, float]
    metric_bands: pd.DataFrame
    clipped: dict[str, float]
    n_paths: int
    seed: int
    targets: Targets
    uncertain: tuple[UncertainAssumption, ...]

    def summary(self) -> str:
        lines = [f"Monte Carlo outlook: {self.n_paths:,} paths, seed {self.seed}, "
                 f"uncertain: {', '.join(u.name for u in self.uncertain) or 'none'}",
                 f"  CSF at month {self.targets.by_month}: P10 / P50 / P90 of the judged metric, "
                 "chance of meeting the target"]
        kinds = {rule[0]: rule[2] for rule in self.targets.rules()}
        for name, p in self.probability_met.items():
            q = self.metric_bands.loc[name]
            fmt = "{:8.1%}" if kinds.get(name, "").startswith("level") else "{:+8.1%}"
            cells = " ".join(fmt.format(q[k]) for k in q.index)
            lines.append(f"  {CSF_LABELS.get(name, name):<46} {cells}   P(met) = {p:.0%}")
        for name, share in self.clipped.items():
            if share > 0:
                lines.append(f"  note: {share:.1%} of {name} draws were clipped to its valid range")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return f"<pre>{escape(self.summary())}</pre>"


def simulate(assumptions: Assumptions, uncertain: Sequence[UncertainAssumption],
             targets: Targets | None = None, *, n_paths: int = 10_000, seed: int = 0,
             chunk: int = 2_500, quantiles: Sequence[float] = (0.1, 0.5, 0.9)) -> OutlookFan:
    """Project ``n_paths`` draws of the uncertain levers over ``targets.by_month`` months."""
    targets = targets or Targets()
    if isinstance(n_paths, bool) or not isinstance(n_paths, int) or not 1 <= n_paths <= MAX_PATHS:
        raise ModelError(f"n_paths must be a whole number in 1..{MAX_PATHS:,}, got {str(n_paths)[:40]}")
    names = [u.name for u in uncertain]
    if len(set(names)) != len(names):
        raise ModelError(f"each lever may be uncertain once; got {names}")
    for name in names:
        if name in STANDARDS:
            raise ModelError(f"{name} is a service standard, not an uncertain input")
    rng = np.random.default_rng(seed)
    draws: dict[str, np.ndarray] = {}
    clipped: dict[str, float] = {}
    for u in uncertain:
        x = u.sample(rng, n_paths)
        low, high = _valid_range(u.name)
        clipped[u.name] = float(np.mean((x < low) | (x > high)))
        draws[u.name] = np.clip(x, low, high)
    months = targets.by_month
    columns = CSF_COLUMNS
    paths = {c: np.empty((n_paths, months + 1)) for c in columns}
    for start in range(0, n_paths, chunk):
        stop = min(start + chunk, n_paths)
        over = {(f"plan.{k}" if k in PLANNABLE else k): v[start:stop] for k, v in draws.items()}
        if not over:
            over = {"customers": np.full(stop - start, assumptions.customers)}
        cols = project_batch(assumptions, over, months=months)
        for c in columns:
            paths[c][start:stop] = cols[c]
    qs = list(quantiles)
    bands = pd.concat({c: pd.DataFrame(np.quantile(paths[c], qs, axis=0).T, columns=qs)
                       for c in columns}, axis=1)
    bands.index.name = "month"
    prob: dict[str, float] = {}
    mrows = {}
    for name, column, kind, threshold in targets.rules():
        s = paths[column]
        metric = csf_metric(s[:, months], s[:, 0], kind)
        prob[name] = float(np.mean(csf_met(metric, kind, threshold)))
        mrows[name] = dict(zip(qs, np.nanquantile(metric, qs)))
    return OutlookFan(bands=bands, probability_met=prob, metric_bands=pd.DataFrame(mrows).T,
                      clipped=clipped, n_paths=n_paths, seed=seed, targets=targets,
                      uncertain=tuple(uncertain))
