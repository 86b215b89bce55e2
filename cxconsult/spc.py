"""Service-profit chain: estimate each link from a client's unit data, then ask "what if".

The chain (Heskett, Jones, Loveman, Sasser & Schlesinger, HBR 72(2):164-174, 1994) runs
internal service quality -> employee engagement -> employee retention -> service quality (e.g.
first-contact resolution) -> customer satisfaction -> customer retention -> revenue growth.

Data: a long table, one row per unit (team, branch, store) and period, one column per stage named as
the stage (``engagement``, ``csat``, ...), plus a unit and a period column.

Estimation of each link ``cause -> effect`` (a path model, one regression per link):

- OLS of ``effect`` on ``cause`` with period fixed effects (``period_effects=True``: both variables
  are demeaned within each period, which removes shocks common to all units, e.g. a price change).
  The coefficient is in natural units (effect units per cause unit); the standardised coefficient
  multiplies it by ``sd(cause) / sd(effect)`` of the (period-demeaned) variables.
- Standard errors clustered by unit (``cluster_by_unit=True``, the CR1 sandwich with the small-sample
  factor ``G/(G-1) * (N-1)/(N-K)``, ``K`` = slope + intercepts; t with ``G-1`` degrees of freedom), since
  a unit's periods are not independent. ``cluster_by_unit=False`` gives classical OLS errors
  (``N-K`` degrees of freedom).
- The indirect effect of one stage on another (default engagement -> revenue growth) is the product
  of the path coefficients between them. Its interval comes from a seeded cluster bootstrap: whole
  units are resampled with replacement (``n_boot`` times), every link is re-estimated on the same
  resample, and the percentile interval of the products is reported. Each link also gets its
  bootstrap percentile interval as a cross-check of the sandwich interval.
- A link whose cause or effect column is absent from the data uses a literature default passed in
  ``defaults`` (see ``data/spc/defaults.yaml``, read by ``cxconsult.sections.spc``); such a link is
  labelled ``assumption`` everywhere and carries no sampling uncertainty.

Each link is read as a plain verdict: ``supported`` (interval above zero), ``not supported by the
data: CI spans zero``, ``contradicted by the data: negative link`` or ``no data: literature default
used``. These are associations across units over time, not proof of cause; the chain is the
hypothesis that gives them a direction.

Also here: :func:`what_if` (carry "+N points of engagement or CSAT" along the chain to customers
kept, revenue and profit per year) and :func:`perception_gap` (the client's own view of its
experience against what customers say, like with like when leaders answer the customers' question;
Allen, Reichheld, Hamilton & Markey, "Closing the delivery gap", Bain & Company, 2005).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from cxconsult.errors import ModelError
from cxconsult.metrics import check_scores

__all__ = [
    "STAGES", "STAGE_LABELS", "STAGE_UNITS", "DEFAULT_LINKS", "LinkDefault", "LinkEstimate",
    "IndirectEffect", "ChainResult", "ServiceProfitChain", "StageChange", "Amount", "WhatIfResult",
    "what_if", "PerceptionGap", "perception_gap", "chain_links", "BAIN_2005",
]

STAGES: tuple[str, ...] = (
    "internal_service_quality", "engagement", "employee_retention", "service_quality", "csat",
    "customer_retention", "revenue_growth",
)
STAGE_LABELS: dict[str, str] = {
    "internal_service_quality": "Internal service quality",
    "engagement": "Employee engagement",
    "employee_retention": "Employee retention",
    "service_quality": "Service quality (FCR)",
    "csat": "Customer satisfaction",
    "customer_retention": "Customer retention",
    "revenue_growth": "Revenue growth",
}
STAGE_UNITS: dict[str, str] = {
    # the unit one point of each stage is counted in ("pp" = percentage point)
    "internal_service_quality": "ISQ point",          # internal service quality index, 0-100
    "engagement": "engagement point",                 # employee engagement index, 0-100
    "employee_retention": "pp staff retention",       # % of staff kept over the year
    "service_quality": "pp FCR",                      # % of contacts resolved at first contact
    "csat": "pp CSAT",                                # % of customers answering 4-5 of 5
    "customer_retention": "pp customer retention",    # % of customers kept over the year
    "revenue_growth": "pp revenue growth",            # % revenue growth over the year
}
DEFAULT_LINKS: tuple[tuple[str, str], ...] = tuple(zip(STAGES[:-1], STAGES[1:]))

SUPPORTED = "supported"
NOT_SUPPORTED = "not supported by the data: CI spans zero"
CONTRADICTED = "contradicted by the data: negative link"
ASSUMED = "no data: literature default used"


def chain_links(stages: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The links of a chain through ``stages`` in order: ``(a, b), (b, c), ...``."""
    return tuple(zip(stages[:-1], stages[1:]))


def _label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage.replace("_", " ").capitalize())


@dataclass(frozen=True)
class LinkDefault:
    """A published link used when the client has no data for it (an ``assumption``).

    ``coefficient`` is in effect units per cause unit as stated in ``unit``; ``source`` cites it.
    """

    cause: str
    effect: str
    coefficient: float
    unit: str
    source: str
    note: str = ""


@dataclass(frozen=True)
class LinkEstimate:
    """One link of the chain: ``effect`` change per one-unit change of ``cause``.

    ``coefficient``/``low``/``high`` are in natural units (effect units per cause unit);
    ``standardised`` in standard deviations per standard deviation. ``basis`` is ``"data"`` or
    ``"assumption"``; for an assumption the statistics are NaN and ``source`` cites the default.
    """

    cause: str
    effect: str
    coefficient: float
    se: float
    low: float
    high: float
    t: float
    p_value: float
    df: int
    standardised: float
    boot_low: float
    boot_high: float
    n_obs: int
    n_units: int
    confidence: float
    basis: str
    verdict: str
    unit: str
    source: str = ""

    @property
    def assumed(self) -> bool:
        """True when the link is a literature default, not an estimate from the client's data."""
        return self.basis == "assumption"

    @property
    def name(self) -> str:
        """``"Employee engagement -> Customer satisfaction"``."""
        return f"{_label(self.cause)} -> {_label(self.effect)}"

    def summary(self) -> str:
        """One paragraph in plain words."""
        if self.assumed:
            return (f"{self.name}: {self.coefficient:+.3g} {self.unit} [assumption: {self.source}]. "
                    f"Verdict: {self.verdict}.")
        return (f"{self.name}: {self.coefficient:+.3g} {self.unit} "
                f"({self.confidence:.0%} CI {self.low:+.3g} to {self.high:+.3g}; standardised "
                f"{self.standardised:+.2f}; p = {self.p_value:.3g}; {self.n_units} units, "
                f"{self.n_obs} rows). Verdict: {self.verdict}.")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>"


@dataclass(frozen=True)
class IndirectEffect:
    """Effect of ``cause`` on ``effect`` carried through ``path`` (product of the path coefficients).

    ``value``/``low``/``high`` in effect units per cause unit; the interval is the cluster-bootstrap
    percentile interval. ``assumed_links`` lists links on the path taken from the literature.
    """

    cause: str
    effect: str
    path: tuple[str, ...]
    value: float
    low: float
    high: float
    confidence: float
    n_boot: int
    unit: str
    assumed_links: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        """Plain-language reading of the interval."""
        if len(self.assumed_links) == len(self.path) - 1:
            return ASSUMED + " for every link (no client evidence)"
        if self.low > 0:
            base = SUPPORTED
        elif self.high < 0:
            base = CONTRADICTED
        else:
            base = NOT_SUPPORTED
        if self.assumed_links:
            base += f" (rests on assumption: {', '.join(self.assumed_links)})"
        return base

    def summary(self) -> str:
        return (f"{_label(self.cause)} -> {_label(self.effect)} through the chain: {self.value:+.3g} "
                f"{self.unit} ({self.confidence:.0%} cluster-bootstrap CI {self.low:+.3g} to "
                f"{self.high:+.3g}, {self.n_boot} resamples of units). Verdict: {self.verdict}.")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>"


@dataclass(frozen=True, eq=False)
class ChainResult:
    """The fitted chain: one :class:`LinkEstimate` per link (in chain order) and the indirect effect.

    ``boot_coefficients`` holds the bootstrap draws (``n_boot`` x links, natural units; constant
    columns for assumed links), used by :func:`what_if` for its intervals.
    """

    links: tuple[LinkEstimate, ...]
    indirect: IndirectEffect
    boot_coefficients: np.ndarray = field(repr=False)
    n_units: int
    n_periods: int
    n_obs: int
    period_effects: bool
    cluster_by_unit: bool
    confidence: float
    seed: int
    stage_units: tuple[tuple[str, str], ...] = ()

    @property
    def stages(self) -> tuple[str, ...]:
        """Stages in chain order."""
        return (self.links[0].cause,) + tuple(link.effect for link in self.links)

    def unit_of(self, stage: str) -> str:
        """The unit label of ``stage``."""
        return dict(self.stage_units).get(stage, STAGE_UNITS.get(stage, f"{stage} unit"))

    def link(self, cause: str, effect: str) -> LinkEstimate:
        """The link ``cause -> effect``."""
        for link in self.links:
            if (link.cause, link.effect) == (cause, effect):
                return link
        raise ModelError(f"the chain has no link {cause} -> {effect}")

    def to_frame(self) -> pd.DataFrame:
        """One row per link (for tables in reports)."""
        return pd.DataFrame([{
            "link": link.name, "coefficient": link.coefficient, "unit": link.unit,
            "low": link.low, "high": link.high, "standardised": link.standardised,
            "p_value": link.p_value, "basis": link.basis, "verdict": link.verdict,
            "source": link.source,
        } for link in self.links])

    def summary(self) -> str:
        method = ("OLS with period fixed effects" if self.period_effects else "OLS") + (
            ", standard errors clustered by unit" if self.cluster_by_unit else ", classical standard errors")
        lines = [f"Service-profit chain: {self.n_units} units, {self.n_periods} periods, {self.n_obs} rows; "
                 f"{method}; {self.confidence:.0%} intervals."]
        lines += [f"  {i + 1}. {link.summary()}" for i, link in enumerate(self.links)]
        lines.append(f"  Overall: {self.indirect.summary()}")
        if any(link.assumed for link in self.links):
            lines.append("  Links marked [assumption] are published figures, not the client's data.")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(link.name)}</td><td>{link.coefficient:+.3g}</td>"
            f"<td>{html.escape(link.unit)}</td>"
            f"<td>{'' if link.assumed else f'{link.low:+.3g} to {link.high:+.3g}'}</td>"
            f"<td>{'' if link.assumed else f'{link.standardised:+.2f}'}</td>"
            f"<td>{html.escape(link.verdict)}"
            f"{' [assumption: ' + html.escape(link.source) + ']' if link.assumed else ''}</td></tr>"
            for link in self.links)
        return (f"<table><caption>Service-profit chain ({self.n_units} units, {self.n_periods} periods)"
                f"</caption><tr><th>Link</th><th>Coefficient</th><th>Unit</th>"
                f"<th>{self.confidence:.0%} CI</th><th>Standardised</th><th>Verdict</th></tr>{rows}</table>"
                f"<p>{html.escape(self.indirect.summary())}</p>")


def _check_links(links: Iterable[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    out = tuple((str(pair[0]), str(pair[1])) for pair in links)
    if not out:
        raise ModelError("links: expected at least one (cause, effect) pair")
    for (_, effect), (cause, _) in zip(out[:-1], out[1:]):
        if effect != cause:
            raise ModelError(f"links: expected a chain (each link starting where the last ended); "
                             f"{effect!r} is followed by a link starting at {cause!r}")
    stages = [out[0][0]] + [effect for _, effect in out]
    if len(set(stages)) != len(stages):
        raise ModelError(f"links: a stage appears twice in the chain {' -> '.join(stages)}")
    return out


class ServiceProfitChain:
    """Estimate the links of a service-profit chain from unit-level panel data (lifelines-style).

    Parameters
    ----------
    links : (cause, effect) pairs forming one chain; default the seven-stage Heskett chain.
    unit, period : names of the unit and period columns of the data.
    period_effects : demean every variable within period (period fixed effects).
    cluster_by_unit : unit-clustered (CR1) standard errors; else classical OLS errors.
    n_boot, seed : cluster-bootstrap resamples of units and their random seed.
    confidence : level of every interval.
    defaults : :class:`LinkDefault` values for links without data (labelled ``assumption``).
    indirect_from, indirect_to : the stages whose through-the-chain effect is reported
        (default: engagement, or the first stage when absent -> the last stage).
    stage_units : optional ``{stage: unit label}`` overriding :data:`STAGE_UNITS`.

    After :meth:`fit`: ``result_`` (:class:`ChainResult`), ``links_``, ``indirect_``, ``n_units_``.
    """

    def __init__(self, links: Iterable[Sequence[str]] = DEFAULT_LINKS, *, unit: str = "unit",
                 period: str = "period", period_effects: bool = True, cluster_by_unit: bool = True,
                 n_boot: int = 1000, seed: int = 0, confidence: float = 0.95,
                 defaults: Iterable[LinkDefault] = (), indirect_from: str | None = None,
                 indirect_to: str | None = None, stage_units: Mapping[str, str] | None = None):
        self.links = tuple(tuple(pair) for pair in links)
        self.unit = unit
        self.period = period
        self.period_effects = period_effects
        self.cluster_by_unit = cluster_by_unit
        self.n_boot = n_boot
        self.seed = seed
        self.confidence = confidence
        self.defaults = tuple(defaults)
        self.indirect_from = indirect_from
        self.indirect_to = indirect_to
        self.stage_units = dict(stage_units or {})

    # -- fitting ---------------------------------------------------------------------------------
    def fit(self, frame: pd.DataFrame) -> ServiceProfitChain:
        """Estimate every link from ``frame`` (one row per unit and period); returns self."""
        links = _check_links(self.links)
        if not 0 < self.confidence < 1:
            raise ModelError(f"confidence: expected a number between 0 and 1, got {self.confidence!r}")
        if int(self.n_boot) != self.n_boot or self.n_boot < 100:
            raise ModelError(f"n_boot: expected a whole number >= 100, got {self.n_boot!r}")
        stages = [links[0][0]] + [effect for _, effect in links]
        source = self.indirect_from or ("engagement" if "engagement" in stages else stages[0])
        target = self.indirect_to or stages[-1]
        if source not in stages or target not in stages or stages.index(source) >= stages.index(target):
            raise ModelError(f"indirect effect {source} -> {target}: both must be stages of the chain "
                             f"{' -> '.join(stages)}, in that order")
        defaults = {(d.cause, d.effect): d for d in self.defaults}
        units_of = {**STAGE_UNITS, **self.stage_units}

        data = self._validate(frame, [s for s in stages if s in frame.columns])
        for cause, effect in links:
            missing = [s for s in (cause, effect) if s not in data.columns]
            if missing and (cause, effect) not in defaults:
                raise ModelError(f"link {cause} -> {effect}: no data (column(s) {', '.join(missing)} "
                                 f"absent) and no literature default; supply the data or drop the stage")

        units = pd.factorize(data[self.unit])[0]
        periods = (pd.factorize(data[self.period])[0] if self.period_effects
                   else np.zeros(len(data), dtype=np.int64))
        n_units, n_groups = int(units.max()) + 1, int(periods.max()) + 1
        if n_units < 3:
            raise ModelError(f"{self.unit}: {n_units} unit(s); the chain needs at least 3 (10+ advised)")
        weights = _unit_weights(n_units, int(self.n_boot), int(self.seed))
        alpha = 1 - self.confidence
        estimates, draws = [], []
        for cause, effect in links:
            unit = f"{units_of.get(effect, effect + ' unit')} per {units_of.get(cause, cause + ' unit')}"
            if cause in data.columns and effect in data.columns:
                estimate, boot = self._estimate(data, cause, effect, units, periods, n_units, n_groups,
                                                weights, unit)
            else:
                d = defaults[(cause, effect)]
                estimate = LinkEstimate(cause, effect, float(d.coefficient), math.nan, math.nan, math.nan,
                                        math.nan, math.nan, 0, math.nan, math.nan, math.nan, 0, 0,
                                        self.confidence, "assumption", ASSUMED, d.unit or unit,
                                        d.source + (f"; {d.note}" if d.note else ""))
                boot = np.full(int(self.n_boot), float(d.coefficient))
            estimates.append(estimate)
            draws.append(boot)
        boot_coefficients = np.column_stack(draws)

        i, j = stages.index(source), stages.index(target)
        value = float(np.prod([e.coefficient for e in estimates[i:j]]))
        products = np.prod(boot_coefficients[:, i:j], axis=1)
        products = products[np.isfinite(products)]
        low, high = np.quantile(products, [alpha / 2, 1 - alpha / 2])
        indirect = IndirectEffect(
            source, target, tuple(stages[i:j + 1]), value, float(low), float(high), self.confidence,
            int(products.size), f"{units_of.get(target, target + ' unit')} per {units_of.get(source, source + ' unit')}",
            tuple(e.name for e in estimates[i:j] if e.assumed))
        self.result_ = ChainResult(
            tuple(estimates), indirect, boot_coefficients, n_units,
            int(pd.Series(data[self.period]).nunique()), len(data), bool(self.period_effects),
            bool(self.cluster_by_unit), float(self.confidence), int(self.seed),
            tuple((s, units_of.get(s, f"{s} unit")) for s in stages))
        self.links_ = self.result_.links
        self.indirect_ = indirect
        self.n_units_ = n_units
        return self

    def _validate(self, frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        if not isinstance(frame, pd.DataFrame):
            raise ModelError(f"expected a pandas DataFrame of unit data, got {type(frame).__name__}")
        for name in (self.unit, self.period):
            if name not in frame.columns:
                raise ModelError(f"column {name!r} is missing; found {', '.join(map(str, frame.columns))}")
        data = frame[[self.unit, self.period, *columns]].copy()
        for name in columns:
            values = pd.to_numeric(data[name], errors="coerce").astype(float)
            bad = ~np.isfinite(values.to_numpy())
            if bad.any():
                row = int(np.flatnonzero(bad)[0])
                raise ModelError(f"column {name!r}, row {row + 1}: expected a finite number, "
                                 f"got {frame[name].iloc[row]!r}")
            if values.nunique() < 2:
                raise ModelError(f"column {name!r} is constant ({values.iloc[0]!r}); a link needs variation")
            data[name] = values
        for name in (self.unit, self.period):
            if data[name].isna().any():
                row = int(np.flatnonzero(data[name].isna().to_numpy())[0])
                raise ModelError(f"column {name!r}, row {row + 1}: missing value")
        return data.reset_index(drop=True)

    def _estimate(self, data: pd.DataFrame, cause: str, effect: str, units: np.ndarray,
                  periods: np.ndarray, n_units: int, n_groups: int, weights: Iterable[np.ndarray],
                  unit: str) -> tuple[LinkEstimate, np.ndarray]:
        x = data[cause].to_numpy(float)
        y = data[effect].to_numpy(float)
        x = x - x.mean()  # shifting leaves the slope unchanged and limits rounding in the sums below
        y = y - y.mean()
        xd = x - _group_mean(x, periods, n_groups)
        yd = y - _group_mean(y, periods, n_groups)
        sxx = float(xd @ xd)
        if sxx <= 1e-12 * max(1.0, float(x @ x)):
            raise ModelError(f"column {cause!r} does not vary within periods; the link {cause} -> {effect} "
                             f"cannot be estimated")
        b = float(xd @ yd) / sxx
        resid = yd - b * xd
        n, k = len(x), n_groups + 1
        if n - k < 1:
            raise ModelError(f"link {cause} -> {effect}: {n} rows are too few for {k} parameters")
        if self.cluster_by_unit:
            scores = np.bincount(units, weights=xd * resid, minlength=n_units)
            factor = n_units / (n_units - 1) * (n - 1) / (n - k)
            se = math.sqrt(factor * float(scores @ scores)) / sxx
            df = n_units - 1
        else:
            se = math.sqrt(float(resid @ resid) / (n - k) / sxx)
            df = n - k
        t_crit = float(stats.t.ppf(0.5 + self.confidence / 2, df))
        t_value = b / se if se > 0 else math.inf
        p_value = float(2 * stats.t.sf(abs(t_value), df))
        low, high = b - t_crit * se, b + t_crit * se
        standardised = b * float(xd.std()) / float(yd.std()) if yd.std() > 0 else math.nan
        boot = _bootstrap_slopes(x, y, units, periods, n_units, n_groups, weights)
        alpha = 1 - self.confidence
        finite = boot[np.isfinite(boot)]
        if finite.size < 2:  # every resample lost the variation of the cause: no interval to give
            raise ModelError(f"link {cause} -> {effect}: the bootstrap gave no usable slope (the cause "
                             f"varies in too few units); add units or drop the stage")
        boot_low, boot_high = np.quantile(finite, [alpha / 2, 1 - alpha / 2])
        verdict = SUPPORTED if low > 0 else CONTRADICTED if high < 0 else NOT_SUPPORTED
        return (LinkEstimate(cause, effect, b, se, low, high, t_value, p_value, int(df), standardised,
                             float(boot_low), float(boot_high), n, int(np.unique(units).size),
                             self.confidence, "data", verdict, unit), boot)

    # -- display ---------------------------------------------------------------------------------
    def summary(self) -> str:
        """The fitted chain in plain words (see :meth:`ChainResult.summary`)."""
        return self._fitted().summary()

    def _repr_html_(self) -> str:
        return self._fitted()._repr_html_() if hasattr(self, "result_") else html.escape(repr(self))

    def __repr__(self) -> str:
        state = f"fitted on {self.n_units_} units" if hasattr(self, "result_") else "not fitted"
        return f"<ServiceProfitChain: {len(self.links)} links, {state}>"

    def _fitted(self) -> ChainResult:
        if not hasattr(self, "result_"):
            raise ModelError("the chain is not fitted yet; call .fit(frame) first")
        return self.result_


def _group_mean(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    sums = np.bincount(groups, weights=values, minlength=n_groups)
    counts = np.bincount(groups, minlength=n_groups)
    return (sums / np.maximum(counts, 1))[groups]


def _unit_weights(n_units: int, n_boot: int, seed: int, chunk: int = 250) -> list[np.ndarray]:
    """Bootstrap weights: how often each unit is drawn in each resample (``n_boot`` x ``n_units``).

    Drawing ``n_units`` units with replacement is a multinomial count per unit; weighting a unit's
    rows by its count is the same as stacking its rows that many times. Kept in chunks of rows so
    10,000 units x 1,000 resamples stay small in memory.
    """
    rng = np.random.default_rng(seed)
    out = []
    for start in range(0, n_boot, chunk):
        size = min(chunk, n_boot - start)
        draws = rng.integers(0, n_units, size=(size, n_units))
        counts = np.zeros((size, n_units), dtype=np.float64)
        np.add.at(counts, (np.repeat(np.arange(size), n_units), draws.ravel()), 1.0)
        out.append(counts)
    return out


def _bootstrap_slopes(x: np.ndarray, y: np.ndarray, units: np.ndarray, periods: np.ndarray,
                      n_units: int, n_groups: int, weights: Iterable[np.ndarray]) -> np.ndarray:
    """Within-period OLS slope on every resample of units, from per-unit sums (no data copies).

    With unit weights w, the slope is (Sxy - sum_t Sx_t Sy_t / N_t) / (Sxx - sum_t Sx_t^2 / N_t),
    where every S is a weighted sum over units of that unit's per-period sums.
    """
    cell = units * n_groups + periods
    size = n_units * n_groups

    def per_unit(values: np.ndarray) -> np.ndarray:
        return np.bincount(cell, weights=values, minlength=size).reshape(n_units, n_groups)

    count, sx, sy = per_unit(np.ones_like(x)), per_unit(x), per_unit(y)
    sxy, sxx = per_unit(x * y).sum(axis=1), per_unit(x * x).sum(axis=1)
    out = []
    for w in weights:
        n_t, sx_t, sy_t = w @ count, w @ sx, w @ sy
        with np.errstate(divide="ignore", invalid="ignore"):
            safe = np.where(n_t > 0, n_t, 1.0)
            num = w @ sxy - np.sum(sx_t * sy_t / safe, axis=1)
            den = w @ sxx - np.sum(sx_t * sx_t / safe, axis=1)
            out.append(np.where(den > 1e-12, num / den, np.nan))
    return np.concatenate(out)


# -- what-if -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StageChange:
    """Change of one stage in its own unit, with the bootstrap interval."""

    stage: str
    change: float
    low: float
    high: float
    unit: str


@dataclass(frozen=True)
class Amount:
    """A money or count result with its bootstrap interval; ``unit`` says what it counts."""

    name: str
    value: float
    low: float
    high: float
    unit: str


@dataclass(frozen=True)
class WhatIfResult:
    """What moving one or more stages is worth, carried down the chain.

    ``shifts`` are the starting moves (stage, points); ``changes`` every stage downstream.
    ``amounts`` holds, when the inputs allow: customers kept per year, value of customers kept per
    year, extra revenue per year and extra profit per year (``customers_kept_per_year``,
    ``value_of_customers_kept_per_year``, ``extra_revenue_per_year``, ``extra_profit_per_year``). ``assumptions`` lists the links taken from
    the literature and the simplifications made.
    """

    shifts: tuple[tuple[str, float], ...]
    changes: tuple[StageChange, ...]
    amounts: tuple[Amount, ...]
    confidence: float
    assumptions: tuple[str, ...]

    def amount(self, name: str) -> Amount | None:
        """The amount called ``name`` (``"customers_kept_per_year"``, ``"extra_profit_per_year"``, ...)."""
        return next((a for a in self.amounts if a.name == name), None)

    def change(self, stage: str) -> StageChange | None:
        """The change of ``stage``."""
        return next((c for c in self.changes if c.stage == stage), None)

    def summary(self) -> str:
        moves = ", ".join(f"{points:+g} points of {_label(stage).lower()}" for stage, points in self.shifts)
        lines = [f"What if: {moves} ({self.confidence:.0%} intervals from the cluster bootstrap)"]
        lines += [f"  {_label(c.stage)}: {c.change:+.3g} {c.unit} ({c.low:+.3g} to {c.high:+.3g})"
                  for c in self.changes]
        lines += [f"  {a.name.replace('_', ' ').capitalize()}: {a.value:,.0f} {a.unit} "
                  f"({a.low:,.0f} to {a.high:,.0f})" for a in self.amounts]
        if self.amount("value_of_customers_kept_per_year") and self.amount("extra_revenue_per_year"):
            lines.append("  Value of customers kept and extra revenue overlap (kept customers are part of "
                         "revenue growth): do not add them.")
        lines += [f"  Assumption: {a}" for a in self.assumptions]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(self.summary()) + "</pre>"


def what_if(fit: ServiceProfitChain | ChainResult, engagement_points: float = 0.0,
            csat_points: float = 0.0, *, shifts: Mapping[str, float] | None = None,
            customers: float | None = None, revenue_per_year: float | None = None,
            margin: float | None = None, value_per_customer: float | None = None,
            retention_stage: str = "customer_retention",
            revenue_stage: str = "revenue_growth", currency: str = "currency") -> WhatIfResult:
    """Carry "+N points" of engagement, CSAT (or any stage in ``shifts``) along the fitted chain.

    Each move changes every later stage by ``points x`` the product of the link coefficients between
    them; several moves add up (each is an extra move on top of what the chain carries from earlier
    ones). Money and customers, when the inputs are given:

    - ``customers`` (customer base) x change of ``retention_stage`` (percentage points kept per year)
      / 100 = customers kept per year; x ``value_per_customer`` (e.g. a CLV or yearly margin per
      customer from the retention model) = value of customers kept per year.
    - ``revenue_per_year`` x change of ``revenue_stage`` (percentage points of growth) / 100 = extra
      revenue per year; x ``margin`` (share, 0-1) = extra profit per year.

    Intervals re-run the same arithmetic on every bootstrap draw of the links.
    """
    result = fit.result_ if isinstance(fit, ServiceProfitChain) else fit
    if not isinstance(result, ChainResult):
        raise ModelError(f"expected a fitted ServiceProfitChain or ChainResult, got {type(fit).__name__}")
    moves = dict(shifts or {})
    for stage, points in (("engagement", engagement_points), ("csat", csat_points)):
        if points:
            moves[stage] = moves.get(stage, 0.0) + float(points)
    stages = result.stages
    for stage, points in moves.items():
        if stage not in stages:
            raise ModelError(f"what-if: {stage!r} is not a stage of the chain {' -> '.join(stages)}")
        if not math.isfinite(points):
            raise ModelError(f"what-if: points for {stage!r} must be a finite number, got {points!r}")
    for name, value, low, high in (("customers", customers, 0, math.inf),
                                   ("revenue_per_year", revenue_per_year, 0, math.inf),
                                   ("margin", margin, 0, 1), ("value_per_customer", value_per_customer,
                                                              -math.inf, math.inf)):
        if value is not None and not (math.isfinite(value) and low <= value <= high):
            raise ModelError(f"what-if: {name} must be a finite number in [{low}, {high}], got {value!r}")
    if margin is not None and revenue_per_year is None:
        raise ModelError("what-if: margin needs revenue_per_year")
    if value_per_customer is not None and customers is None:
        raise ModelError("what-if: value_per_customer needs customers")

    alpha = 1 - result.confidence
    point = np.array([link.coefficient for link in result.links])
    draws = result.boot_coefficients
    draws = draws[np.all(np.isfinite(draws), axis=1)]
    if draws.shape[0] < 2:
        raise ModelError("what-if: no bootstrap draw of the links is usable, so no interval can be given")
    first = min((stages.index(s) for s in moves), default=len(stages) - 1)

    def carry(coefs: np.ndarray) -> np.ndarray:
        """Change of every stage (columns) for link coefficients ``coefs`` (rows = draws)."""
        coefs = np.atleast_2d(coefs)
        level = np.zeros((coefs.shape[0], len(stages)))
        for s in range(len(stages)):
            if s > 0:
                level[:, s] = level[:, s - 1] * coefs[:, s - 1]
            level[:, s] += moves.get(stages[s], 0.0)
        return level

    central, spread = carry(point)[0], carry(draws)

    def interval(values: np.ndarray) -> tuple[float, float]:
        low, high = np.quantile(values, [alpha / 2, 1 - alpha / 2])
        return float(low), float(high)

    changes = tuple(StageChange(stages[s], float(central[s]), *interval(spread[:, s]), result.unit_of(stages[s]))
                    for s in range(first + 1, len(stages)))
    amounts = []

    def add(name: str, stage: str, scale: float, unit: str) -> None:
        s = stages.index(stage)
        amounts.append(Amount(name, float(central[s] * scale), *interval(spread[:, s] * scale), unit))

    if customers is not None and retention_stage in stages:
        add("customers_kept_per_year", retention_stage, customers / 100, "customers per year")
        if value_per_customer is not None:
            add("value_of_customers_kept_per_year", retention_stage, customers / 100 * value_per_customer,
                f"{currency} per year")
    if revenue_per_year is not None and revenue_stage in stages:
        add("extra_revenue_per_year", revenue_stage, revenue_per_year / 100, f"{currency} per year")
        if margin is not None:
            add("extra_profit_per_year", revenue_stage, revenue_per_year / 100 * margin, f"{currency} per year")
    assumptions = [f"{link.name} = {link.coefficient:+.3g} {link.unit} ({link.source})"
                   for link in result.links if link.assumed and stages.index(link.effect) > first]
    assumptions.append("links are linear and add up; a move is sustained for a year; associations "
                       "across units are read as effects along the chain")
    return WhatIfResult(tuple(moves.items()), changes, tuple(amounts), result.confidence, tuple(assumptions))


# -- perception gap ----------------------------------------------------------------------------------
_AGREE_FROM = {"1-5": (1, 5, 4), "0-10": (0, 10, 9), "1-7": (1, 7, 5)}

#: Bain & Company's finding, quoted correctly: customers rated 8% of the *companies* as delivering a
#: superior experience, while 80% of the companies believed they did.
BAIN_2005 = ("Allen, J., Reichheld, F. F., Hamilton, B. & Markey, R. (2005). Closing the delivery gap: how to "
             "achieve true customer-led growth. Bain & Company. 80% of the 362 companies surveyed believed they "
             "delivered a superior experience; their customers rated only 8% of those companies as doing so.")


@dataclass(frozen=True)
class PerceptionGap:
    """What the organisation says about its experience against what customers say.

    ``basis`` says what is compared:

    - ``"same_question"``: leaders answered the customers' own question on the same scale;
      ``internal_view`` is the share (percent) of leaders answering ``agree_from`` or more, with its
      Wilson interval (``internal_low``/``internal_high``); ``gap`` = internal share - customer share in
      percentage points, its interval by Newcombe's hybrid score method (Newcombe 1998, method 10).
    - ``"rating_vs_share"``: ``internal_view`` is leadership's own rating of the experience on 0-100
      (taken as given, so ``internal_low == internal_high``); ``gap`` = rating - customer share. The two
      are different measures: say so wherever the difference is shown.
    """

    internal_view: float
    customer_view: float
    customer_low: float
    customer_high: float
    gap: float
    gap_low: float
    gap_high: float
    n: int
    scale: str
    agree_from: int
    confidence: float
    basis: str = "rating_vs_share"
    internal_low: float = float("nan")
    internal_high: float = float("nan")
    n_internal: int = 0
    benchmark: str = BAIN_2005

    @property
    def like_with_like(self) -> bool:
        """True when both sides answered the same question on the same scale."""
        return self.basis == "same_question"

    def summary(self) -> str:
        said = (f"{self.internal_view:.0f}% of {self.n_internal} leaders answer {self.agree_from}+ on {self.scale}"
                if self.like_with_like else
                f"the organisation rates its experience {self.internal_view:.0f}/100 (a different measure)")
        return (f"Perception gap: {said}; {self.customer_view:.0f}% of {self.n} customers answer "
                f"{self.agree_from}+ on {self.scale} ({self.confidence:.0%} CI {self.customer_low:.0f}-"
                f"{self.customer_high:.0f}%). Difference: {self.gap:+.0f} points ({self.gap_low:+.0f} to "
                f"{self.gap_high:+.0f}). Context: {self.benchmark}")

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>"


def _wilson(k: int, n: int, confidence: float) -> tuple[float, float]:
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=confidence, method="wilson")
    return float(ci.low), float(ci.high)


def perception_gap(internal_view_0_100: float | None, customer_scores: Iterable[float], *, scale: str = "1-5",
                   agree_from: int | None = None, confidence: float = 0.95,
                   internal_scores: Iterable[float] | None = None) -> PerceptionGap:
    """Compare what the organisation says about its experience with what customers say.

    ``customer_scores`` are per-respondent answers on ``scale`` ("1-5" CSAT, "0-10" NPS, "1-7" CES
    2.0); a customer "agrees" when answering ``agree_from`` or higher (default 4 on 1-5, the CSAT
    definition; 9 on 0-10, promoters; 5 on 1-7, agreeing the company made it easy).

    Like with like: give ``internal_scores``, the answers of leaders to the same question on the same
    scale (e.g. "how likely would you be to recommend us, as a customer?"); the gap is then the
    difference of two shares. Otherwise ``internal_view_0_100`` is leadership's own rating of the
    experience (0-100), a different measure from a share of customers (``basis = "rating_vs_share"``).
    """
    if scale not in _AGREE_FROM:
        raise ModelError(f"perception gap: scale must be one of {', '.join(_AGREE_FROM)}, got {scale!r}")
    low, high, default = _AGREE_FROM[scale]
    agree = default if agree_from is None else agree_from
    if isinstance(agree, bool) or not isinstance(agree, (int, np.integer)) or not low < agree <= high:
        raise ModelError(f"perception gap: agree_from must be a whole number in {low + 1}-{high}, got {agree!r}")
    if not 0 < confidence < 1:
        raise ModelError(f"confidence: expected a number between 0 and 1, got {confidence!r}")
    scores = check_scores(customer_scores, low, high, name="customer scores")
    k, n = int(np.sum(scores >= agree)), scores.size
    c_low, c_high = _wilson(k, n, confidence)
    share = 100 * k / n
    if internal_scores is not None:
        inside = check_scores(internal_scores, low, high, name="internal scores")
        k_in, n_in = int(np.sum(inside >= agree)), inside.size
        p_in, p_out = k_in / n_in, k / n
        i_low, i_high = _wilson(k_in, n_in, confidence)
        diff = p_in - p_out
        # Newcombe (1998) hybrid score interval for a difference of two independent proportions
        d_low = diff - math.sqrt((p_in - i_low) ** 2 + (c_high - p_out) ** 2)
        d_high = diff + math.sqrt((i_high - p_in) ** 2 + (p_out - c_low) ** 2)
        return PerceptionGap(100 * p_in, share, 100 * c_low, 100 * c_high, 100 * diff, 100 * d_low,
                             100 * d_high, n, scale, int(agree), confidence, "same_question", 100 * i_low,
                             100 * i_high, n_in)
    view = internal_view_0_100
    if isinstance(view, bool) or not isinstance(view, (int, float)) or not 0 <= view <= 100:
        raise ModelError(f"perception gap: internal view must be a number 0-100, got {view!r}")
    return PerceptionGap(float(view), share, 100 * c_low, 100 * c_high, view - share,
                         view - 100 * c_high, view - 100 * c_low, n, scale, int(agree), confidence,
                         "rating_vs_share", float(view), float(view), 0)
