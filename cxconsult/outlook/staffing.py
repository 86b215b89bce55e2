"""Erlang C staffing: probability of waiting, service level, speed of answer and agents required.

The M/M/N queue (Poisson arrivals, exponential handling times, no abandonment) as used for contact
centre staffing since A. K. Erlang (1917); see Gans, Koole & Mandelbaum, "Telephone call centers:
tutorial, review and research prospects", MSOM 5(2):79-141, 2003, section 4.1.

Erlang B is computed in log space from the Poisson distribution,
``B(N, A) = pmf(N; A) / cdf(N; A)``, with ``cdf`` from the regularised upper incomplete gamma function
(``scipy.special.pdtr``), so no factorial is ever formed: the functions are finite and accurate from
one agent to tens of thousands. Erlang C follows from B: ``C = B / (1 - rho (1 - B))``, ``rho = A / N``.

Every function accepts scalars or numpy arrays (broadcast together); scalars in give floats out.
Units: ``calls`` per interval, ``aht_s`` and ``answer_s`` and ``interval_s`` in seconds, ``traffic``
in Erlangs (``calls * aht_s / interval_s``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from cxconsult.errors import ModelError

__all__ = [
    "traffic_erlangs",
    "erlang_b",
    "erlang_c",
    "service_level",
    "average_speed_of_answer",
    "occupancy",
    "agents_required",
    "agents_required_array",
    "fte",
]


def _scalar_or_array(value: np.ndarray, *inputs: object) -> float | np.ndarray:
    if all(np.ndim(x) == 0 for x in inputs):
        return float(value)
    return value


def _check(name: str, value: object, *, minimum: float = 0.0, strict: bool = False,
           maximum: float | None = None) -> np.ndarray:
    arr = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ModelError(f"{name} must be finite, got {value!r}")
    low_bad = arr <= minimum if strict else arr < minimum
    if np.any(low_bad):
        rel = ">" if strict else ">="
        raise ModelError(f"{name} must be {rel} {minimum:g}, got {value!r}")
    if maximum is not None and np.any(arr > maximum):
        raise ModelError(f"{name} must be <= {maximum:g}, got {value!r}")
    return arr


def _check_agents(agents: object) -> np.ndarray:
    arr = _check("agents", agents, minimum=1)
    if np.any(arr != np.round(arr)):
        raise ModelError(f"agents must be whole numbers, got {agents!r}")
    return arr


def traffic_erlangs(calls: float, aht_s: float, interval_s: float) -> float | np.ndarray:
    """Offered traffic in Erlangs: ``calls * aht_s / interval_s`` (calls per interval)."""
    c = _check("calls", calls)
    a = _check("aht_s", aht_s, strict=True)
    t = _check("interval_s", interval_s, strict=True)
    return _scalar_or_array(c * a / t, calls, aht_s, interval_s)


def _erlang_b(traffic: np.ndarray, agents: np.ndarray) -> np.ndarray:
    """Erlang B blocking probability, log space; traffic >= 0, agents >= 1 whole."""
    traffic, agents = np.broadcast_arrays(traffic, agents)
    out = np.zeros(traffic.shape, dtype=float)
    pos = traffic > 0
    a, n = traffic[pos], agents[pos]
    # log pmf(N; A) = N log A - A - log N!;  cdf(N; A) = Q(N + 1, A) (regularised upper gamma)
    log_pmf = n * np.log(a) - a - special.gammaln(n + 1.0)
    log_cdf = np.log(special.pdtr(n, a))
    out[pos] = np.exp(log_pmf - log_cdf)
    return out


def _erlang_c(traffic: np.ndarray, agents: np.ndarray) -> np.ndarray:
    traffic, agents = np.broadcast_arrays(np.asarray(traffic, float), np.asarray(agents, float))
    out = np.ones(traffic.shape, dtype=float)
    stable = agents > traffic
    b = _erlang_b(traffic[stable], agents[stable])
    rho = traffic[stable] / agents[stable]
    out[stable] = b / (1.0 - rho * (1.0 - b))
    return out


def erlang_b(traffic_erlangs: float, agents: int) -> float | np.ndarray:
    """Erlang B: probability that an arrival finds all ``agents`` busy in a loss system (no queue)."""
    a = _check("traffic_erlangs", traffic_erlangs)
    n = _check_agents(agents)
    return _scalar_or_array(_erlang_b(a, n), traffic_erlangs, agents)


def erlang_c(traffic_erlangs: float, agents: int) -> float | np.ndarray:
    """Erlang C: probability that a contact waits (all agents busy on arrival).

    ``traffic_erlangs`` >= 0, ``agents`` a whole number >= 1. When ``agents <= traffic_erlangs`` the
    queue is unstable and every contact waits: 1.0 is returned.
    """
    a = _check("traffic_erlangs", traffic_erlangs)
    n = _check_agents(agents)
    return _scalar_or_array(_erlang_c(a, n), traffic_erlangs, agents)


def _service_level(traffic: np.ndarray, agents: np.ndarray, aht_s: np.ndarray,
                   answer_s: np.ndarray) -> np.ndarray:
    traffic, agents, aht_s, answer_s = np.broadcast_arrays(traffic, agents, aht_s, answer_s)
    c = _erlang_c(traffic, agents)
    gap = np.maximum(agents - traffic, 0.0)
    sl = 1.0 - c * np.exp(-gap * answer_s / aht_s)
    return np.where(agents > traffic, sl, 0.0)


def service_level(calls: float, aht_s: float, interval_s: float, agents: int,
                  answer_s: float) -> float | np.ndarray:
    """Share of contacts answered within ``answer_s`` seconds (0..1).

    ``SL = 1 - C(N, A) * exp(-(N - A) * answer_s / aht_s)``; 0 when ``agents <= traffic`` (the queue
    grows without bound). With no calls the service level is 1.
    """
    c = _check("calls", calls)
    a = _check("aht_s", aht_s, strict=True)
    t = _check("interval_s", interval_s, strict=True)
    n = _check_agents(agents)
    w = _check("answer_s", answer_s)
    sl = _service_level(c * a / t, n, a, w)
    return _scalar_or_array(sl, calls, aht_s, interval_s, agents, answer_s)


def average_speed_of_answer(calls: float, aht_s: float, interval_s: float,
                            agents: int) -> float | np.ndarray:
    """Average speed of answer (mean wait over all contacts), seconds: ``C * aht_s / (N - A)``.

    Infinite when ``agents <= traffic``.
    """
    c = _check("calls", calls)
    a = _check("aht_s", aht_s, strict=True)
    t = _check("interval_s", interval_s, strict=True)
    n = _check_agents(agents)
    traffic = c * a / t
    traffic, n, a = np.broadcast_arrays(traffic, n, a)
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = np.where(n > traffic, _erlang_c(traffic, n) * a / np.maximum(n - traffic, 1e-300),
                       np.inf)
    return _scalar_or_array(asa, calls, aht_s, interval_s, agents)


def occupancy(calls: float, aht_s: float, interval_s: float, agents: int) -> float | np.ndarray:
    """Share of agents' logged-in time spent handling contacts: ``min(A / N, 1)``."""
    traffic = np.asarray(traffic_erlangs(calls, aht_s, interval_s))
    n = _check_agents(agents)
    return _scalar_or_array(np.minimum(traffic / n, 1.0), calls, aht_s, interval_s, agents)


def fte(agents: float, shrinkage: float) -> float | np.ndarray:
    """Full-time equivalents to roster so that ``agents`` are available: ``agents / (1 - shrinkage)``.

    ``shrinkage`` is the share of paid time not available for contacts (leave, training, breaks);
    30-35 % is common (see CX-FACTS.md).
    """
    n = _check("agents", agents)
    s = _check("shrinkage", shrinkage, maximum=1.0)
    if np.any(s >= 1):
        raise ModelError(f"shrinkage must be < 1, got {shrinkage!r}")
    return _scalar_or_array(n / (1.0 - s), agents, shrinkage)


def agents_required_array(traffic: np.ndarray, aht_s: np.ndarray, target_sl: float | np.ndarray,
                          answer_s: float | np.ndarray, max_occupancy: float | np.ndarray = 1.0
                          ) -> np.ndarray:
    """Vectorised :func:`agents_required` on traffic (Erlangs); inputs assumed validated.

    Galloping then bisection on whole numbers, all elements at once. Returns float array of whole
    numbers; 0 where traffic is 0.
    """
    arrays = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (traffic, aht_s, target_sl, answer_s, max_occupancy)))
    shape = arrays[0].shape
    traffic, aht_s, target_sl, answer_s, max_occupancy = (x.ravel() for x in arrays)

    def meets(n: np.ndarray, idx: np.ndarray) -> np.ndarray:
        return _service_level(traffic[idx], n, aht_s[idx], answer_s[idx]) >= target_sl[idx]

    lo = np.floor(traffic)            # never enough (SL = 0 at N <= A)
    # First guess half a square-root-staffing margin above the traffic (Halfin & Whitt 1981):
    # typical answers lie within A + 2 sqrt(A), so few steps follow.
    first = np.maximum(1.0, np.floor(0.5 * np.sqrt(traffic)))
    hi = lo + first
    active = np.flatnonzero((traffic > 0) & ~meets(hi, slice(None)))
    step = first[active].copy()
    # Gallop: double the step until the target is met.
    while active.size:
        lo[active] = hi[active]
        hi[active] = lo[active] + step
        step *= 2.0
        ok = meets(hi[active], active)
        active, step = active[~ok], step[~ok]
    # Bisect on whole numbers: lo fails, hi meets.
    active = np.flatnonzero(hi - lo > 1)
    while active.size:
        mid = np.floor((lo[active] + hi[active]) / 2.0)
        ok = meets(mid, active)
        hi[active[ok]] = mid[ok]
        lo[active[~ok]] = mid[~ok]
        active = active[hi[active] - lo[active] > 1]
    need = np.where(traffic > 0, hi, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cap = np.where(traffic > 0, np.ceil(traffic / max_occupancy - 1e-9), 0.0)
    return np.maximum(need, cap).reshape(shape)


def agents_required(calls: float, aht_s: float, interval_s: float, target_sl: float,
                    answer_s: float, *, max_occupancy: float = 1.0) -> int:
    """Fewest agents so that at least ``target_sl`` of contacts are answered within ``answer_s``.

    ``calls`` per interval of ``interval_s`` seconds, ``aht_s`` seconds. Optionally no more than
    ``max_occupancy`` of agents' time may be busy (85-90 % is a common ceiling, CX-FACTS.md): the
    answer is then at least ``ceil(traffic / max_occupancy)``. No calls need no agents (0).

    Raises ``ModelError`` for invalid inputs or a target no staffing reaches (``target_sl >= 1``
    when there are calls: Erlang C always leaves some contacts waiting).
    """
    for name, value in (("calls", calls), ("aht_s", aht_s), ("interval_s", interval_s),
                        ("target_sl", target_sl), ("answer_s", answer_s),
                        ("max_occupancy", max_occupancy)):
        if np.ndim(value) != 0:
            raise ModelError(f"{name} must be a single number; use agents_required_array for arrays")
    c = float(_check("calls", calls))
    a = float(_check("aht_s", aht_s, strict=True))
    t = float(_check("interval_s", interval_s, strict=True))
    sl = float(_check("target_sl", target_sl, maximum=1.0))
    w = float(_check("answer_s", answer_s))
    occ = float(_check("max_occupancy", max_occupancy, strict=True, maximum=1.0))
    if c == 0:
        return 0
    if sl >= 1.0:
        raise ModelError(f"target_sl {sl:g} cannot be reached: with calls arriving at random some "
                         "always wait, so any service level below 1 (e.g. 0.8) is attainable, 1 is not")
    n = agents_required_array(np.array(c * a / t), np.array(a), sl, w, occ)
    result = float(n)
    if not math.isfinite(result):  # pragma: no cover - defensive
        raise ModelError("agents_required did not converge")
    return int(result)
