"""Erlang C and Erlang A staffing: waiting, abandonment, service level, speed of answer, agents required.

The M/M/N queue (Poisson arrivals, exponential handling times, no abandonment) as used for contact
centre staffing since A. K. Erlang (1917); see Gans, Koole & Mandelbaum, "Telephone call centers:
tutorial, review and research prospects", MSOM 5(2):79-141, 2003, section 4.1.

Erlang B is computed in log space from the Poisson distribution,
``B(N, A) = pmf(N; A) / cdf(N; A)``, with ``cdf`` from the regularised upper incomplete gamma function
(``scipy.special.pdtr``), so no factorial is ever formed: the functions are finite and accurate from
one agent to tens of thousands. Erlang C follows from B: ``C = B / (1 - rho (1 - B))``, ``rho = A / N``.

Erlang A (M/M/N+M, Palm 1946; Garnett, Mandelbaum & Reiman, "Designing a call center with
impatient customers", MSOM 4(3):208-227, 2002) adds callers who hang up: each caller's patience is
exponential with mean ``patience_s``. It is computed in closed form from the birth-death chain (see
:func:`erlang_a`), with the confluent hypergeometric function ``1F1(1; a + 1; x)`` and regularised
incomplete gamma functions in log space, so it is finite from 1 to tens of thousands of agents and
tends to Erlang C as patience grows.

Every function accepts scalars or numpy arrays (broadcast together); scalars in give floats out.
Units: ``calls`` per interval, ``aht_s`` and ``answer_s`` and ``interval_s`` in seconds, ``traffic``
in Erlangs (``calls * aht_s / interval_s``).
"""

from __future__ import annotations

import functools
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
    "erlang_a",
    "ErlangAResult",
    "fte",
    "MAX_TRAFFIC_ERLANGS",
]

#: Largest offered traffic (Erlangs) the staffing functions accept: ten million agents' worth, far
#: beyond any contact centre; above it a ``ModelError`` is raised at once instead of searching.
MAX_TRAFFIC_ERLANGS = 1e7


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


# ------------------------------------------------------------------------------------------------
# Erlang A (M/M/N+M)


def _log_p_lower(shape: np.ndarray, z: np.ndarray) -> np.ndarray:
    """log of the regularised lower incomplete gamma ``P(shape, z)``, finite where it underflows.

    Where ``P`` is below 1e-280 (z well below shape) its series is used instead:
    ``P(s, z) = z^s e^-z / Gamma(s + 1) * 1F1(1; s + 1; z)``.
    """
    p = special.gammainc(shape, z)
    out = np.empty_like(p)
    ok = p > 1e-280
    out[ok] = np.log(p[ok])
    bad = ~ok
    if np.any(bad):
        s, zz = shape[bad], z[bad]
        with np.errstate(divide="ignore"):
            out[bad] = (s * np.log(zz) - zz - special.gammaln(s + 1.0)
                        + np.log(special.hyp1f1(1.0, s + 1.0, zz)))
    return out


def _log_s(a: np.ndarray, x: np.ndarray) -> np.ndarray:
    """log S, ``S = sum_m x^m / ((a+1)(a+2)...(a+m)) = 1F1(1; a+1; x)``: the queue states relative
    to the state with every agent busy (``a = N mu / theta``, ``x = lambda / theta``)."""
    out = np.empty_like(x)
    low = x <= a
    out[low] = np.log(special.hyp1f1(1.0, a[low] + 1.0, x[low]))
    hi = ~low
    if np.any(hi):
        ah, xh = a[hi], x[hi]
        out[hi] = special.gammaln(ah + 1.0) - ah * np.log(xh) + xh + _log_p_lower(ah, xh)
    return out


def _erlang_a_core(traffic: np.ndarray, agents: np.ndarray, aht_s: np.ndarray, patience_s: np.ndarray,
                   answer_s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(p_wait, p_abandon, service_level) of Erlang A; arrays broadcast, inputs validated, traffic > 0.

    With ``a = N patience / aht`` and ``x = traffic patience / aht``: ``S = 1F1(1; a+1; x)``,
    ``E`` = Erlang B(N, traffic); ``p_wait = S E / (1 - E + S E)``; answered among those who wait
    ``q = (a / x)(1 - 1 / S)``; answered within t among those who wait
    ``q (1 - P(a+1, x e^(-t / patience)) / P(a+1, x))``.
    """
    traffic, agents, aht_s, patience_s, answer_s = np.broadcast_arrays(
        traffic, agents, aht_s, patience_s, answer_s)
    ratio = patience_s / aht_s
    a = agents * ratio
    x = traffic * ratio
    log_s = _log_s(a, x)
    e = _erlang_b(traffic, agents)
    with np.errstate(over="ignore", divide="ignore"):
        # p_wait = 1 / (1 + (1 - E) / (S E)), in logs so that a huge S stays finite
        p_wait = 1.0 / (1.0 + np.exp(np.log1p(-e) - log_s - np.log(e)))
        inv_s = np.exp(-log_s)
    q = np.clip(a / x * (1.0 - inv_s), 0.0, 1.0)
    p_abandon = p_wait * (1.0 - q)
    y = x * np.exp(-answer_s / patience_s)
    log_r = _log_p_lower(a + 1.0, y) - _log_p_lower(a + 1.0, x)
    r = np.where(answer_s > 0, np.exp(np.minimum(log_r, 0.0)), 1.0)
    service = (1.0 - p_wait) + p_wait * q * (1.0 - r)
    return p_wait, p_abandon, np.clip(service, 0.0, 1.0)


@functools.lru_cache(maxsize=4)
def _gauss_legendre(nodes: int) -> tuple[np.ndarray, np.ndarray]:
    return np.polynomial.legendre.leggauss(nodes)


def _answered_wait_mean(traffic: np.ndarray, agents: np.ndarray, aht_s: np.ndarray,
                        patience_s: np.ndarray, nodes: int = 400) -> np.ndarray:
    """Mean wait of the callers who wait and are then answered (seconds), by quadrature of
    ``g(v) = exp(-(N mu + theta) v + (lambda / theta)(1 - e^(-theta v)))``: the density of the
    wait of answered callers is proportional to ``g`` (derived from the birth-death chain)."""
    mu, theta = 1.0 / aht_s, 1.0 / patience_s
    lam = traffic * mu
    c = agents * mu + theta
    # the exponent peaks at v* (0 unless lambda > N mu + theta) and then falls at rate >= theta
    v_star = np.where(lam > c, np.log(np.maximum(lam / c, 1.0)) / theta, 0.0)
    width = 60.0 / np.maximum(c - lam * np.exp(-theta * (v_star + 1.0 / c)), theta * 0.5)
    u, w = _gauss_legendre(nodes)
    hi = v_star + 1.5 * width
    v = hi[..., None] * (u + 1.0) / 2.0
    cc, ll, tt = c[..., None], lam[..., None], theta[..., None]
    h = -cc * v + ll / tt * (1.0 - np.exp(-tt * v))
    h_star = -c * v_star + lam / theta * (1.0 - np.exp(-theta * v_star))
    g = np.exp(h - h_star[..., None]) * w
    return np.sum(v * g, axis=-1) / np.sum(g, axis=-1)


class ErlangAResult:
    """Erlang A results (floats, or arrays when any input was an array).

    ``p_wait``: share of offered calls that find every agent busy; ``p_abandon``: share of offered
    calls that hang up before an answer; ``asa_s``: mean wait of answered calls (those answered at
    once count with 0 s); ``service_level``: share of **offered** calls answered within
    ``answer_s`` (abandoned calls count as not answered); ``occupancy``: share of agents' time
    busy with answered calls, ``traffic (1 - p_abandon) / N``.
    """

    __slots__ = ("p_wait", "p_abandon", "asa_s", "service_level", "occupancy")

    def __init__(self, p_wait, p_abandon, asa_s, service_level, occupancy) -> None:
        for name, value in zip(self.__slots__, (p_wait, p_abandon, asa_s, service_level, occupancy)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("ErlangAResult is read-only")

    def __reduce__(self):
        return (ErlangAResult, tuple(getattr(self, k) for k in self.__slots__))

    def __repr__(self) -> str:
        return "ErlangAResult(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"


def erlang_a(calls: float, aht_s: float, interval_s: float, agents: int, patience_s: float,
             answer_s: float = 20.0) -> ErlangAResult:
    """Erlang A (M/M/N+M): queue measures when callers hang up after an exponential patience.

    ``calls`` offered per interval of ``interval_s`` seconds, handling time ``aht_s``, ``agents``
    whole, mean patience ``patience_s`` > 0 (``math.inf`` gives Erlang C). Returns an
    :class:`ErlangAResult`: ``p_wait`` (share of offered calls that find every agent busy),
    ``p_abandon`` (share of offered calls that hang up before an answer), ``asa_s`` (mean wait of
    answered calls, seconds), ``service_level`` (share of **offered** calls answered within
    ``answer_s``: abandoned calls count as not answered) and ``occupancy``.

    The stationary birth-death chain (state k = calls in the system; arrivals at rate lambda,
    departures at ``min(k, N) mu + max(k - N, 0) theta``) gives, with ``a = N mu / theta`` and
    ``x = lambda / theta``, ``S = sum_m x^m / prod_{i<=m}(a + i) = 1F1(1; a + 1; x)`` and
    ``p_wait = S E / (1 - E + S E)`` (E = Erlang B), ``p_abandon = p_wait (1 - (a/x)(1 - 1/S))``
    (Mandelbaum & Zeltyn, "The Palm/Erlang-A queue, with applications to call centers", 2007).
    A caller who finds m callers queued ahead waits a sum of exponential stages of rates
    ``N mu + i theta``, i = m..0; summing over m gives the answered-within-t share
    ``(a/x)(1 - 1/S)(1 - P(a+1, x e^(-theta t)) / P(a+1, x))`` of those who wait (P the
    regularised lower incomplete gamma). Unlike Erlang C the queue is stable at any load.
    """
    c = _check("calls", calls)
    a = _check("aht_s", aht_s, strict=True)
    t = _check("interval_s", interval_s, strict=True)
    n = _check_agents(agents)
    w = _check("answer_s", answer_s)
    pat = np.asarray(patience_s, dtype=float)
    if np.any(np.isnan(pat)) or np.any(pat <= 0):
        raise ModelError(f"patience_s must be > 0 seconds (mean time a caller waits before hanging "
                         f"up), got {_short(patience_s)}")
    traffic = c * a / t
    _check_traffic(traffic)
    traffic, n, a, pat, w = np.broadcast_arrays(traffic, n, a, pat, w)
    shape = traffic.shape
    traffic, n, a, pat, w = (np.ravel(v).astype(float) for v in (traffic, n, a, pat, w))
    p_wait = np.zeros_like(traffic)
    p_ab = np.zeros_like(traffic)
    sl = np.ones_like(traffic)
    asa = np.zeros_like(traffic)
    # Erlang C where patience is infinite or so long that nobody realistically hangs up
    erl_c = (~np.isfinite(pat)) | (pat / a > 1e9)
    busy = traffic > 0
    idx = busy & ~erl_c
    if np.any(idx):
        pw, pa, s = _erlang_a_core(traffic[idx], n[idx], a[idx], pat[idx], w[idx])
        p_wait[idx], p_ab[idx], sl[idx] = pw, pa, s
        q = 1.0 - pa / np.where(pw > 0, pw, 1.0)
        asa[idx] = pw * q * _answered_wait_mean(traffic[idx], n[idx], a[idx], pat[idx]) / (1.0 - pa)
    idx = busy & erl_c
    if np.any(idx):
        tr, nn, aa, ww = traffic[idx], n[idx], a[idx], w[idx]
        p_wait[idx] = _erlang_c(tr, nn)
        sl[idx] = _service_level(tr, nn, aa, ww)
        with np.errstate(divide="ignore", invalid="ignore"):
            asa[idx] = np.where(nn > tr, p_wait[idx] * aa / np.maximum(nn - tr, 1e-300), np.inf)
    occ = np.minimum(traffic * (1.0 - p_ab) / n, 1.0)
    inputs = (calls, aht_s, interval_s, agents, patience_s, answer_s)
    values = [v.reshape(shape) for v in (p_wait, p_ab, asa, sl, occ)]
    return ErlangAResult(*(_scalar_or_array(v, *inputs) for v in values))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _check_traffic(traffic: np.ndarray | float) -> None:
    if np.any(np.asarray(traffic) > MAX_TRAFFIC_ERLANGS):
        raise ModelError(f"offered traffic of {float(np.max(traffic)):.3g} Erlangs is beyond the "
                         f"staffing model's range (at most {MAX_TRAFFIC_ERLANGS:.0e} Erlangs, about "
                         "ten million agents busy at once); check the volumes and units")


def _meets(traffic: np.ndarray, n: np.ndarray, aht_s: np.ndarray, answer_s: np.ndarray,
           target_sl: np.ndarray, patience_s: np.ndarray | None, max_abandon: np.ndarray | None
           ) -> np.ndarray:
    """Whether ``n`` agents meet the service level (and abandonment) target, element-wise."""
    if patience_s is None:
        return _service_level(traffic, n, aht_s, answer_s) >= target_sl
    out = np.ones(np.broadcast(traffic, n).shape, dtype=bool)
    pos = np.broadcast_to(traffic, out.shape) > 0
    if np.any(pos):
        arrs = np.broadcast_arrays(traffic, n, aht_s, patience_s, answer_s, target_sl,
                                   max_abandon if max_abandon is not None else 1.0)
        tr, nn, aa, pp, ww, tt, mx = (v[pos] for v in arrs)
        _, p_ab, sl = _erlang_a_core(tr, nn, aa, pp, ww)
        out[pos] = (sl >= tt) & (p_ab <= mx)
    return out


def agents_required_array(traffic: np.ndarray, aht_s: np.ndarray, target_sl: float | np.ndarray,
                          answer_s: float | np.ndarray, max_occupancy: float | np.ndarray = 1.0,
                          patience_s: float | np.ndarray | None = None,
                          max_abandon: float | np.ndarray | None = None) -> np.ndarray:
    """Vectorised :func:`agents_required` on traffic (Erlangs); inputs assumed validated.

    Galloping then bisection on whole numbers, all elements at once, starting from one agent (below
    one Erlang one agent can be enough). With ``patience_s`` the test is Erlang A's service level
    of offered calls and, if given, ``p_abandon <= max_abandon``. Returns a float array of whole
    numbers; 0 where traffic is 0.
    """
    arrays = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (traffic, aht_s, target_sl, answer_s, max_occupancy,
                                               np.inf if patience_s is None else patience_s,
                                               1.0 if max_abandon is None else max_abandon)))
    shape = arrays[0].shape
    traffic, aht_s, target_sl, answer_s, max_occupancy, patience, abandon = (x.ravel() for x in arrays)
    _check_traffic(traffic)
    erlang_a_used = patience_s is not None

    def meets(n: np.ndarray, idx) -> np.ndarray:
        return _meets(traffic[idx], n, aht_s[idx], answer_s[idx], target_sl[idx],
                      patience[idx] if erlang_a_used else None,
                      abandon[idx] if erlang_a_used else None)

    # lo: a staffing known to fail (0 agents, or N <= traffic under Erlang C); hi: first guess.
    lo = np.zeros_like(traffic) if erlang_a_used else np.maximum(np.ceil(traffic) - 1.0, 0.0)
    # First guess: the traffic plus half a square-root-staffing margin (Halfin & Whitt 1981).
    first = np.maximum(1.0, np.floor(0.5 * np.sqrt(traffic)))
    hi = np.maximum(np.floor(traffic), lo) + first
    hi = np.maximum(hi, 1.0)
    active = np.flatnonzero((traffic > 0) & ~meets(hi, slice(None)))
    step = first[active].copy()
    while active.size:
        lo[active] = hi[active]
        hi[active] = lo[active] + step
        step *= 2.0
        ok = meets(hi[active], active)
        active, step = active[~ok], step[~ok]
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


def _number(name: str, value: object, low: float, *, strict: bool = False,
            high: float | None = None) -> float:
    """Fast scalar validation (no numpy): a finite real number in range."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        if np.ndim(value) != 0:
            raise ModelError(f"{name} must be a single number; use agents_required_array for arrays")
        raise ModelError(f"{name} must be a number, got {_short(value)}")
    v = float(value)
    if not math.isfinite(v) or v < low or (strict and v == low) or (high is not None and v > high):
        rel = ">" if strict else ">="
        rng = f"{rel} {low:g}" + (f" and <= {high:g}" if high is not None else "")
        raise ModelError(f"{name} must be {rng}, got {_short(value)}")
    return v


def _agents_required_small(traffic: float, aht: float, sl: float, answer: float) -> int:
    """Erlang C staffing for a small centre in plain floats: the Erlang B recursion
    ``B(n) = A B(n-1) / (n + A B(n-1))`` from one agent upwards, stopping at the first N that meets
    the service level (exact; used below 200 Erlangs)."""
    b = 1.0
    n = 0
    while True:
        n += 1
        b = traffic * b / (n + traffic * b)
        if n <= traffic:
            continue
        rho = traffic / n
        c = b / (1.0 - rho * (1.0 - b))
        if 1.0 - c * math.exp(-(n - traffic) * answer / aht) >= sl:
            return n


def agents_required(calls: float, aht_s: float, interval_s: float, target_sl: float,
                    answer_s: float, *, max_occupancy: float = 1.0, patience_s: float | None = None,
                    max_abandon: float | None = None) -> int:
    """Fewest agents so that at least ``target_sl`` of contacts are answered within ``answer_s``.

    ``calls`` per interval of ``interval_s`` seconds, ``aht_s`` seconds. Optionally no more than
    ``max_occupancy`` of agents' time may be busy (85-90 % is a common ceiling, CX-FACTS.md): the
    answer is then at least ``ceil(traffic / max_occupancy)``. No calls need no agents (0).

    With ``patience_s`` (mean patience of callers, seconds) staffing uses Erlang A: the service
    level is the share of *offered* calls answered within ``answer_s`` (abandoned calls count as
    not answered) and, when ``max_abandon`` is given, the share of callers who hang up must not
    exceed it. Without ``patience_s`` it is Erlang C (nobody hangs up; ``max_abandon`` then has no
    meaning and is refused).

    Raises ``ModelError`` for invalid inputs, traffic beyond ``MAX_TRAFFIC_ERLANGS``, or a target no
    staffing reaches (``target_sl >= 1`` when there are calls).
    """
    c = _number("calls", calls, 0.0)
    a = _number("aht_s", aht_s, 0.0, strict=True)
    t = _number("interval_s", interval_s, 0.0, strict=True)
    sl = _number("target_sl", target_sl, 0.0, high=1.0)
    w = _number("answer_s", answer_s, 0.0)
    occ = _number("max_occupancy", max_occupancy, 0.0, strict=True, high=1.0)
    if patience_s is not None:
        patience = _number("patience_s", patience_s, 0.0, strict=True) if patience_s != math.inf else math.inf
    if max_abandon is not None:
        if patience_s is None:
            raise ModelError("max_abandon needs patience_s: without it (Erlang C) nobody hangs up")
        mx = _number("max_abandon", max_abandon, 0.0, strict=True, high=1.0)
    if c == 0:
        return 0
    if sl >= 1.0:
        raise ModelError(f"target_sl {sl:g} cannot be reached: with calls arriving at random some "
                         "always wait, so any service level below 1 (e.g. 0.8) is attainable, 1 is not")
    traffic = c * a / t
    _check_traffic(traffic)
    if patience_s is None or patience == math.inf:
        if traffic < 200.0:
            need = _agents_required_small(traffic, a, sl, w)
            return max(need, math.ceil(traffic / occ - 1e-9))
        n = agents_required_array(np.array(traffic), np.array(a), sl, w, occ)
    else:
        n = agents_required_array(np.array(traffic), np.array(a), sl, w, occ, patience,
                                  mx if max_abandon is not None else None)
    result = float(n)
    if not math.isfinite(result):  # pragma: no cover - defensive
        raise ModelError("agents_required did not converge")
    return int(result)
