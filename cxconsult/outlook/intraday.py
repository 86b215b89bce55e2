"""The shape of the week and the year, and interval staffing tables for the outlook.

* :class:`WeeklyProfile`: the share of a week's contacts arriving in each interval (Monday 00:00
  first), summing to 1. :func:`default_profile` is cxconsult's documented default (see its
  docstring); an engagement replaces it with its own table (``outlook_profile.csv``).
* Monthly seasonality: twelve factors (January first) averaging 1 that scale a month's contacts.
* :class:`StaffingTables`: for one queue (handling time, service-level standard, patience,
  abandonment cap, occupancy ceiling) the traffic thresholds ``A_max(N)`` up to which ``N`` agents
  meet the standard. The agents an interval needs are then a ``searchsorted`` of its traffic, exact
  up to the thresholds' precision (1e-11 relative). Thresholds are computed on a fixed lattice of
  handling times (2^(1/32) apart, about 2.2 %) and interpolated in between with a cubic through the
  four nearest lattice points (error below 1e-7 relative on the thresholds), so the tables are
  built once and reused by every projection, lever search and Monte Carlo path.

Models import only numpy, scipy and pandas.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cxconsult.errors import ModelError
from cxconsult.outlook.staffing import (MAX_TRAFFIC_ERLANGS, _erlang_a_core, _erlang_c,
                                        _service_level)

__all__ = ["WeeklyProfile", "default_profile", "check_seasonality", "StaffingTables", "queue_tables",
           "backlog_staffing", "LATTICE_STEP"]

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: Spacing of the handling-time lattice (log2 units): 2^(1/32) = 1.0219.
LATTICE_STEP = 1.0 / 32.0


@dataclass(frozen=True)
class WeeklyProfile:
    """Share of a week's contacts in each interval: ``shares`` has ``7 * intervals_per_day`` values
    (Monday's first interval first), each >= 0, summing to 1. ``interval_s = 86400 /
    intervals_per_day``. ``source`` says where it comes from (for the appendix)."""

    shares: tuple[float, ...]
    intervals_per_day: int = 48
    source: str = "default"

    def __post_init__(self) -> None:
        n = self.intervals_per_day
        if isinstance(n, bool) or not isinstance(n, int) or n < 1 or 86400 % n:
            raise ModelError(f"profile: intervals_per_day must divide a day (24, 48, 96...), got {n!r}")
        if len(self.shares) != 7 * n:
            raise ModelError(f"profile: expected {7 * n} interval shares (7 days x {n}), got "
                             f"{len(self.shares)}")
        arr = np.asarray(self.shares, dtype=float)
        if not np.all(np.isfinite(arr)) or np.any(arr < 0):
            raise ModelError("profile: every interval share must be a number >= 0")
        total = float(arr.sum())
        if abs(total - 1.0) > 1e-6:
            raise ModelError(f"profile: interval shares must sum to 1 over the week, got {total:.6f}")

    @property
    def interval_s(self) -> float:
        return 86400.0 / self.intervals_per_day

    @property
    def array(self) -> np.ndarray:
        return np.asarray(self.shares, dtype=float)

    def by_day(self) -> np.ndarray:
        """The shares as a 7 x intervals_per_day array (Monday first)."""
        return self.array.reshape(7, self.intervals_per_day)


def default_profile(intervals_per_day: int = 48) -> WeeklyProfile:
    """cxconsult's default week (an assumption to replace with the client's ACD history).

    Open 08:00-22:00 every day. Within a day, arrivals follow two peaks, mid-morning (10:30) and
    mid-afternoon (14:30), with a smaller evening shoulder (19:30): the two-peak shape reported
    for telephone call centres by Brown, Gans, Mandelbaum, Sakov, Shen, Zeltyn & Zhao, "Statistical
    analysis of a telephone call center: a queueing-science perspective", Journal of the American
    Statistical Association 100(469):36-50, 2005. Across the week Monday is busiest and weekends
    quietest (day weights 1.20, 1.05, 1.00, 1.00, 0.95, 0.50, 0.30; illustrative).
    """
    n = intervals_per_day
    hours = (np.arange(n) + 0.5) * 24.0 / n
    shape = (1.00 * np.exp(-0.5 * ((hours - 10.5) / 1.6) ** 2)
             + 0.85 * np.exp(-0.5 * ((hours - 14.5) / 1.8) ** 2)
             + 0.40 * np.exp(-0.5 * ((hours - 19.5) / 1.5) ** 2))
    shape = np.where((hours > 8.0) & (hours < 22.0), shape, 0.0)
    days = np.array([1.20, 1.05, 1.00, 1.00, 0.95, 0.50, 0.30])
    week = (days[:, None] * shape[None, :] / shape.sum()).ravel()
    week = week / week.sum()
    return WeeklyProfile(tuple(float(v) for v in week), n, "default")


def check_seasonality(factors: tuple[float, ...]) -> tuple[float, ...]:
    """Twelve monthly factors (January first), each in 0.2..3, averaging 1 (+-0.5 %)."""
    if len(factors) != 12:
        raise ModelError(f"seasonality: expected 12 monthly factors (January first), got {len(factors)}")
    arr = np.asarray(factors, dtype=float)
    if not np.all(np.isfinite(arr)) or np.any(arr < 0.2) or np.any(arr > 3.0):
        raise ModelError("seasonality: each monthly factor must be in 0.2..3")
    if abs(arr.mean() - 1.0) > 0.005:
        raise ModelError(f"seasonality: the twelve factors must average 1, got {arr.mean():.4f}")
    return tuple(float(v) for v in arr)


# ------------------------------------------------------------------------------------------------
# Staffing tables


def _sl_minus_target(traffic: np.ndarray, agents: np.ndarray, aht: np.ndarray, answer: float,
                     target: float, patience: float | None) -> np.ndarray:
    if patience is None:
        return _service_level(traffic, agents, aht, np.full_like(traffic, answer)) - target
    out = np.full(traffic.shape, 1.0 - target)
    pos = traffic > 0
    if np.any(pos):
        _, _, sl = _erlang_a_core(traffic[pos], agents[pos], aht[pos], np.full(pos.sum(), patience),
                                  np.full(pos.sum(), answer))
        out[pos] = sl - target
    return out


def _ab_slack(traffic: np.ndarray, agents: np.ndarray, aht: np.ndarray, patience: float,
              max_abandon: float) -> np.ndarray:
    out = np.full(traffic.shape, max_abandon)
    pos = traffic > 0
    if np.any(pos):
        _, p_ab, _ = _erlang_a_core(traffic[pos], agents[pos], aht[pos], np.full(pos.sum(), patience),
                                    np.zeros(pos.sum()))
        out[pos] = max_abandon - p_ab
    return out


def _root(f, hi: np.ndarray, tol: float = 1e-11, iterations: int = 80) -> np.ndarray:
    """Largest traffic A in [0, hi] with f(A, idx) >= 0, f decreasing, f(0) > 0, f(hi) < 0:
    vectorised Illinois (regula falsi) with a bisection every fourth step."""
    everything = np.arange(hi.size)
    lo = np.zeros_like(hi)
    f_lo = f(lo, everything)
    f_hi = f(hi, everything)
    side = np.zeros(hi.shape, dtype=int)
    for i in range(iterations):
        active = (hi - lo) > tol * np.maximum(hi, 1e-9)
        if not np.any(active):
            break
        idx = np.flatnonzero(active)
        l, h, fl, fh = lo[idx], hi[idx], f_lo[idx], f_hi[idx]
        with np.errstate(divide="ignore", invalid="ignore"):
            guess = h - fh * (h - l) / (fh - fl)
        bad = ~np.isfinite(guess) | (guess <= l) | (guess >= h) | (i % 4 == 3)
        guess = np.where(bad, 0.5 * (l + h), guess)
        fg = f(guess, idx)
        up = fg >= 0
        i_up, i_dn = idx[up], idx[~up]
        lo[i_up], f_lo[i_up] = guess[up], fg[up]
        f_hi[i_up] = np.where(side[i_up] == 1, f_hi[i_up] / 2.0, f_hi[i_up])
        side[i_up] = 1
        hi[i_dn], f_hi[i_dn] = guess[~up], fg[~up]
        f_lo[i_dn] = np.where(side[i_dn] == -1, f_lo[i_dn] / 2.0, f_lo[i_dn])
        side[i_dn] = -1
    return lo


def _upper_bracket(f, start: np.ndarray) -> np.ndarray:
    hi = start.copy()
    everything = np.arange(hi.size)
    for _ in range(60):
        bad = f(hi, everything) >= 0
        if not np.any(bad):
            return hi
        hi = np.where(bad, hi * 2.0 + 1.0, hi)
    raise ModelError("staffing table: no traffic breaks the service standard")  # pragma: no cover


class StaffingTables:
    """Traffic thresholds of one queue on the handling-time lattice (see the module docstring).

    ``answer_s``, ``target_sl`` (0 = no service-level standard), ``patience_s`` (None: Erlang C),
    ``max_abandon`` (None: no cap; needs patience), ``max_occupancy``; ``servers_per_agent`` is the
    chat concurrency (an agent is ``k`` servers: thresholds are in servers, answers in agents).
    """

    def __init__(self, answer_s: float, target_sl: float, patience_s: float | None,
                 max_abandon: float | None, max_occupancy: float) -> None:
        self.answer_s = float(answer_s)
        self.target_sl = float(target_sl)
        self.patience_s = None if patience_s is None else float(patience_s)
        self.max_abandon = None if max_abandon is None else float(max_abandon)
        self.max_occupancy = float(max_occupancy)
        self._cache: dict[int, tuple] = {}   # lattice k -> (A_sl, A_ab, abandonment nodes)
        self.surfaces: dict[tuple, dict[tuple[int, int], tuple[float, float, float]]] = {}
        self._n = 0

    # -- building ---------------------------------------------------------------------------------
    def _build(self, ks: list[int], n_max: int) -> None:
        ahts = 2.0 ** (np.asarray(ks, dtype=float) * LATTICE_STEP)
        agents = np.tile(np.arange(1, n_max + 1, dtype=float), len(ks))
        aht = np.repeat(ahts, n_max)
        if self.target_sl > 0:
            def f(tr, idx):
                return _sl_minus_target(tr, agents[idx], aht[idx], self.answer_s, self.target_sl,
                                        self.patience_s)
            hi = agents.copy() if self.patience_s is None else _upper_bracket(f, agents * 1.5 + 1.0)
            a_sl = _root(f, hi)
        else:
            a_sl = np.full(agents.shape, np.inf)
        if self.max_abandon is not None:
            cap, pat = self.max_abandon, self.patience_s

            def g(tr, idx):
                return _ab_slack(tr, agents[idx], aht[idx], pat, cap)
            a_ab = _root(g, _upper_bracket(g, agents / max(1e-9, 1.0 - cap) + 1.0))
        else:
            a_ab = np.full(agents.shape, np.inf)
        thr = np.minimum(np.minimum(a_sl, a_ab), self.max_occupancy * agents)
        nodes = None
        if self.patience_s is not None:
            # p_abandon at 5 traffic nodes across each N's range [A_max(N - 1), A_max(N)]
            prev = np.concatenate([[0.0], thr[:-1]])
            prev[::n_max] = 0.0
            prev = np.minimum(prev, thr)
            t = np.linspace(0.0, 1.0, 5)
            tr = prev[:, None] + (thr - prev)[:, None] * t[None, :]
            tr = np.maximum(tr, 1e-9)
            big = np.broadcast_to(agents[:, None], tr.shape).ravel()
            _, p_ab, _ = _erlang_a_core(tr.ravel(), big, np.repeat(aht, 5),
                                        np.full(big.size, self.patience_s), np.zeros(big.size))
            nodes = np.stack([prev, thr], axis=1), p_ab.reshape(-1, 5)
        for j, k in enumerate(ks):
            part = slice(j * n_max, (j + 1) * n_max)
            self._cache[k] = (a_sl[part], a_ab[part],
                              None if nodes is None else (nodes[0][part], nodes[1][part]))

    def _ensure(self, ks: np.ndarray, traffic_max: float) -> None:
        if traffic_max > MAX_TRAFFIC_ERLANGS:
            raise ModelError(f"offered traffic of {traffic_max:.3g} Erlangs is beyond the staffing "
                             f"model's range (at most {MAX_TRAFFIC_ERLANGS:.0e})")
        need = int(math.ceil(traffic_max / self.max_occupancy)) + 8
        n_max = max(self._n, 16)
        while True:
            missing = [int(k) for k in np.unique(ks) if int(k) not in self._cache]
            if missing:
                self._build(missing, n_max)
            tops = [self.thresholds(int(k), n_max)[-1] for k in np.unique(ks)]
            if min(tops) >= traffic_max * 1.05 or n_max >= need * 2:
                break
            n_max = max(n_max * 2, need)
            self._cache.clear()
            self.surfaces.clear()
        self._n = max(self._n, n_max)

    def thresholds(self, k: int, n_max: int | None = None) -> np.ndarray:
        """``A_max(N)`` for N = 1.. at lattice point k (the occupancy ceiling included)."""
        a_sl, a_ab, _ = self._cache[k]
        n = len(a_sl) if n_max is None else n_max
        agents = np.arange(1, n + 1, dtype=float)
        return np.minimum(np.minimum(a_sl[:n], a_ab[:n]), self.max_occupancy * agents)

    # -- using --------------------------------------------------------------------------------------
    def at_lattice(self, k: int, traffic: np.ndarray, abandonment: bool = False
                   ) -> tuple[np.ndarray, np.ndarray | None]:
        """(servers, p_abandon) at the lattice handling time ``2^(k/32)`` exactly (no
        interpolation across the lattice): the Monte Carlo surfaces are built from this."""
        traffic = np.asarray(traffic, dtype=float)
        self._ensure(np.array([k]), float(traffic.max(initial=0.0)))
        n_max = self._n
        thr = np.maximum.accumulate(self.thresholds(k, n_max))
        rows = np.searchsorted(thr, traffic, side="left")
        servers = np.where(traffic > 0, rows + 1.0, 0.0)
        if not (abandonment and self.patience_s is not None):
            return servers, None
        rng, nodes = self._cache[k][2]
        r = np.minimum(rows, n_max - 1).ravel()
        lo, hi = rng[r, 0], rng[r, 1]
        t = traffic.ravel()
        with np.errstate(divide="ignore", invalid="ignore"):
            u = np.where(hi > lo, (t - lo) / (hi - lo), 0.0)
        p_ab = np.where(t > 0, np.clip(_lagrange5(u, nodes[r]), 0.0, 1.0), 0.0)
        return servers, p_ab.reshape(traffic.shape)

    def agents(self, traffic: np.ndarray, aht_s: np.ndarray) -> np.ndarray:
        """Agents (servers) that meet the standard for each traffic (Erlangs) at each handling time
        (arrays broadcast); 0 where traffic is 0."""
        return self.staff(traffic, aht_s)[0]

    def staff(self, traffic: np.ndarray, aht_s: np.ndarray, abandonment: bool = False, *,
              per_row: bool = False) -> tuple[np.ndarray, np.ndarray | None]:
        """(agents, p_abandon at those agents) for each traffic and handling time (with ``per_row``,
        ``aht_s`` holds one value per row of ``traffic``'s last axis); ``p_abandon``
        only with patience and ``abandonment=True`` (interpolated: a quartic through 5 traffic
        nodes per staffing level, linear between lattice handling times; within 1e-3 of its value,
        tested), else None."""
        traffic = np.asarray(traffic, float)
        if per_row:      # one handling time per row of the last axis (a month's intervals)
            values = np.asarray(aht_s, float).ravel()
            row_of = np.repeat(np.arange(values.size), traffic.shape[-1])
        else:
            traffic, aht_s = np.broadcast_arrays(traffic, np.asarray(aht_s, float))
        shape = traffic.shape
        traffic = traffic.ravel()
        out = np.zeros(traffic.shape)
        want_ab = abandonment and self.patience_s is not None
        p_out = np.zeros(traffic.shape) if want_ab else None
        pos = traffic > 0
        if not np.any(pos):
            return out.reshape(shape), None if p_out is None else p_out.reshape(shape)
        tr = traffic[pos]
        if per_row:
            inverse = row_of[pos]
        else:
            values, inverse = np.unique(aht_s.ravel()[pos], return_inverse=True)
        x = np.log2(values) / LATTICE_STEP
        base = np.floor(x + 1e-12).astype(int)
        frac = np.clip(x - base, 0.0, 1.0)
        ks = np.unique(np.concatenate([base - 1, base, base + 1, base + 2]))
        self._ensure(ks, float(tr.max()))
        n_max = self._n
        cap = self.max_occupancy * np.arange(1, n_max + 1, dtype=float)
        weights = _lagrange4(frac)
        weights[frac == 0.0] = (0.0, 1.0, 0.0, 0.0)     # on the lattice: its own thresholds
        k0 = int(ks[0])
        idx = base[:, None] - 1 + np.arange(4)[None, :] - k0                 # (U, 4)
        thr = cap[None, :].repeat(len(values), axis=0)
        for part in (0, 1):
            table = np.stack([self._cache[int(k)][part][:n_max] for k in ks])  # (K, n)
            block = table[idx]                                                # (U, 4, n)
            used = weights != 0.0
            finite = np.all(np.isfinite(block) | ~used[:, :, None], axis=1)
            vals = np.einsum("uj,ujn->un", weights, np.where(np.isfinite(block), block, 0.0))
            thr = np.minimum(thr, np.where(finite, vals, np.inf))
        thr = np.maximum.accumulate(thr, axis=1)
        # one searchsorted for every element: rows laid end to end, each shifted by a power of two
        shift = 2.0 ** math.ceil(math.log2(float(thr[:, -1].max()) + 2.0))
        flat = (thr + shift * np.arange(len(values))[:, None]).ravel()
        rows = np.searchsorted(flat, tr + shift * inverse, side="left") - inverse * n_max
        need = rows + 1.0
        out[pos] = need
        if want_ab:
            # abandonment at the chosen staffing: quartic in traffic within each level's range,
            # cubic across the lattice (one gather for every element at once)
            k0 = int(ks[0])
            rng_all = np.stack([self._cache[int(k)][2][0][:n_max] for k in ks])     # (K, n, 2)
            nodes_all = np.stack([self._cache[int(k)][2][1][:n_max] for k in ks])   # (K, n, 5)
            b_el = base[inverse] - k0
            f_el = frac[inverse]
            p_ab = np.zeros(tr.shape)
            for j, wj in ((0, 1.0 - f_el), (1, f_el)):     # linear across the lattice
                kk = np.minimum(b_el + j, len(ks) - 1)
                lo, hi = rng_all[kk, rows, 0], rng_all[kk, rows, 1]
                with np.errstate(divide="ignore", invalid="ignore"):
                    u = np.where(hi > lo, (tr - lo) / (hi - lo), 0.0)
                p_ab += wj * _lagrange5(u, nodes_all[kk, rows])
            p_out[pos] = np.clip(p_ab, 0.0, 1.0)
        return out.reshape(shape), None if p_out is None else p_out.reshape(shape)


def _lagrange5(u: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Quartic through 5 equally spaced nodes on [0, 1] (rows of ``values``) at ``u``."""
    d = [u - 0.0, u - 0.25, u - 0.5, u - 0.75, u - 1.0]
    # denominators prod_(m != j) (x_j - x_m) for x = 0, 1/4, 1/2, 3/4, 1
    denom = (3.0 / 32.0, -3.0 / 128.0, 1.0 / 64.0, -3.0 / 128.0, 3.0 / 32.0)
    out = np.zeros(u.shape)
    for j in range(5):
        term = values[:, j] / denom[j]
        for m in range(5):
            if m != j:
                term = term * d[m]
        out += term
    return out


def _lagrange4(frac: np.ndarray) -> np.ndarray:
    """Weights of the cubic through lattice points -1, 0, 1, 2 at position ``frac`` in [0, 1)."""
    t = frac[:, None]
    nodes = np.array([-1.0, 0.0, 1.0, 2.0])
    w = np.ones((len(frac), 4))
    for j in range(4):
        for m in range(4):
            if m != j:
                w[:, j] *= (t[:, 0] - nodes[m]) / (nodes[j] - nodes[m])
    return w


_TABLES: dict[tuple, StaffingTables] = {}


def queue_tables(answer_s: float, target_sl: float, patience_s: float | None,
                 max_abandon: float | None, max_occupancy: float) -> StaffingTables:
    """The (cached) :class:`StaffingTables` of a queue standard."""
    key = (round(float(answer_s), 9), round(float(target_sl), 12),
           None if patience_s is None else round(float(patience_s), 9),
           None if max_abandon is None else round(float(max_abandon), 12), round(float(max_occupancy), 12))
    table = _TABLES.get(key)
    if table is None:
        if len(_TABLES) > 256:
            _TABLES.clear()
        table = _TABLES[key] = StaffingTables(*key)
    return table


def backlog_staffing(work_hours: np.ndarray, window: int, interval_s: float,
                     max_occupancy: float) -> np.ndarray:
    """Agents per interval for deferred work (email, messaging) answered within a standard.

    ``work_hours`` is the handling work arriving in each interval of a week (last axis, cyclic);
    each interval's work is worked in equal parts over that interval and the ``window - 1`` that
    follow (``window`` = standard / interval length, at least 1), so every contact is answered
    within the standard and the week's agent hours equal its work / ``max_occupancy``. Agents are
    fractional (a shared back-office pool, not whole seats per interval).
    """
    if window < 1:
        raise ModelError(f"response window must be at least one interval, got {window!r}")
    work = np.asarray(work_hours, dtype=float)
    size = work.shape[-1]
    window = int(window)
    laps, rest = divmod(window, size)
    # trailing sums over a cyclic week: whole laps of the week, then the last `rest` intervals
    total = laps * work.sum(axis=-1, keepdims=True)
    if rest:
        ext = np.concatenate([work[..., size - rest:], work], axis=-1)
        c = np.cumsum(ext, axis=-1)
        c = np.concatenate([np.zeros(c.shape[:-1] + (1,)), c], axis=-1)
        total = total + (c[..., rest + 1:] - c[..., 1:size + 1])
    return total / window / (interval_s / 3600.0) / max_occupancy
