"""Erlang A (M/M/N+M) against independent computations and published results.

References used here:
- the birth-death chain of the M/M/N+M queue solved directly as a linear system (generator matrix,
  ``pi Q = 0``), with each waiting caller's answer time as a phase-type distribution (matrix
  exponential): nothing shared with the closed form in ``staffing.erlang_a``;
- a seeded discrete-event simulation (first come, first served; exponential patience);
- Garnett, Mandelbaum & Reiman, "Designing a call center with impatient customers", Manufacturing &
  Service Operations Management 4(3):208-227, 2002: with N = R + beta sqrt(R) agents,
  P(wait) -> [1 + sqrt(theta/mu) h(beta sqrt(mu/theta)) / h(-beta)]^-1, h the standard normal hazard;
- the M/M/N+M queue with patience equal to the handling time is the M/M/infinity queue (every call in
  the system leaves at the same rate), so the number of calls is Poisson(A) (Mandelbaum & Zeltyn,
  "The Palm/Erlang-A queue, with applications to call centers", 2007, section on theta = mu).
"""

from __future__ import annotations

import heapq
import math

import numpy as np
import pytest
from scipy import linalg, stats

from cxconsult.errors import ModelError
from cxconsult.outlook.staffing import (agents_required, agents_required_array, erlang_a, erlang_c,
                                        service_level)


def chain(calls, aht, interval, n, patience, t):
    """p_wait, p_abandon, service level (offered, within t), mean wait of answered calls."""
    lam, mu, th = calls / interval, 1 / aht, 1 / patience
    size = n + 1
    while lam / (n * mu + (size - n) * th) > 0.2 or size < n + 60:
        size += 40
    q = np.zeros((size + 1, size + 1))
    for k in range(size + 1):
        if k < size:
            q[k, k + 1] = lam
        if k > 0:
            q[k, k - 1] = min(k, n) * mu + max(k - n, 0) * th
        q[k, k] = -q[k].sum()
    a = q.T.copy()
    a[-1, :] = 1.0
    b = np.zeros(size + 1)
    b[-1] = 1.0
    pi = linalg.solve(a, b)
    p_wait = pi[n:].sum()
    p_ab = th * sum((k - n) * pi[k] for k in range(n, size + 1)) / lam
    within, answered, wait_sum = pi[:n].sum(), pi[:n].sum(), 0.0
    for m in range(size - n):
        if pi[n + m] < 1e-14:
            continue
        rates = [n * mu + i * th for i in range(m, -1, -1)]   # m ahead, then m-1 ... then none
        sub = np.diag([-(r + th) for r in rates]) + np.diag(rates[:-1], 1)
        exit_ = np.zeros(m + 1)
        exit_[-1] = rates[-1]
        start = np.zeros(m + 1)
        start[0] = 1.0
        inv = linalg.inv(sub)
        within += pi[n + m] * (start @ inv @ (linalg.expm(sub * t) - np.eye(m + 1)) @ exit_)
        answered += pi[n + m] * -(start @ inv @ exit_)
        wait_sum += pi[n + m] * (start @ inv @ inv @ exit_)
    return p_wait, p_ab, within, wait_sum / answered


CASES = [  # calls per 30 min, aht_s, agents, patience_s, answer_s
    (10, 180, 1, 300, 20),       # one agent, light load
    (100, 300, 18, 180, 20),     # small centre, impatient callers
    (100, 300, 14, 180, 20),     # understaffed (traffic 16.7 Erlangs > 14 agents): stable thanks to abandons
    (300, 240, 40, 600, 30),     # critically loaded
    (50, 600, 12, 60, 20),       # very impatient
]


@pytest.mark.parametrize("calls, aht, n, patience, t", CASES)
def test_erlang_a_matches_the_birth_death_chain(calls, aht, n, patience, t):
    p_wait, p_ab, sl, asa = chain(calls, aht, 1800, n, patience, t)
    r = erlang_a(calls, aht, 1800, n, patience, t)
    assert r.p_wait == pytest.approx(p_wait, abs=1e-9)
    assert r.p_abandon == pytest.approx(p_ab, abs=1e-9)
    assert r.service_level == pytest.approx(sl, abs=1e-8)
    assert r.asa_s == pytest.approx(asa, rel=1e-6)


def test_hand_values_of_a_small_case():
    # Birth-death chain solved by hand for the first case (10 calls/30 min, 180 s, 1 agent, 300 s):
    # lambda = 1/180, mu = 1/180, theta = 1/300; pi_1/pi_0 = 1, pi_(1+m)/pi_1 = prod 1/(1 + i*0.6).
    # S = sum_m prod_(i<=m) (5/3)/(5/3 + i) = 1F1(1; 8/3; 5/3) = 2.04985; p_wait = S / (1 + S).
    s = sum(math.prod((5 / 3) / (5 / 3 + i) for i in range(1, m + 1)) for m in range(60))
    assert s == pytest.approx(2.04985, abs=1e-5)
    r = erlang_a(10, 180, 1800, 1, 300, 20)
    assert r.p_wait == pytest.approx(s / (1 + s), abs=1e-9)            # 0.67212
    # p_ab = p_wait (1 - (a/x)(1 - 1/S)) with a = x = 5/3: p_wait / S = 1 / (1 + S)
    assert r.p_abandon == pytest.approx(1 / (1 + s), abs=1e-9)         # 0.32789


def test_patience_equal_to_handling_time_is_the_infinite_server_queue():
    # theta = mu: calls in system ~ Poisson(A); p_wait = P(K >= N), p_ab = E[(K - N)+] / A.
    traffic, n = 12.0, 14
    k = np.arange(0, 200)
    pmf = stats.poisson.pmf(k, traffic)
    r = erlang_a(traffic * 1800 / 300, 300, 1800, n, 300, 20)
    assert r.p_wait == pytest.approx(stats.poisson.sf(n - 1, traffic), abs=1e-12)
    assert r.p_abandon == pytest.approx(np.sum(np.maximum(k - n, 0) * pmf) / traffic, abs=1e-12)


def simulate(calls, aht, n, patience, t, n_calls, seed):
    rng = np.random.default_rng(seed)
    arrivals = np.cumsum(rng.exponential(1800 / calls, n_calls))
    service, patience_draw = rng.exponential(aht, n_calls), rng.exponential(patience, n_calls)
    free = [0.0] * n
    abandoned = within = answered = 0
    waits = 0.0
    for i in range(n_calls):
        start = max(arrivals[i], free[0])
        wait = start - arrivals[i]
        if wait > patience_draw[i]:
            abandoned += 1
            continue
        heapq.heapreplace(free, start + service[i])
        answered += 1
        waits += wait
        within += wait <= t
    return abandoned / n_calls, within / n_calls, waits / answered


def test_erlang_a_within_a_seeded_simulation():
    # 5 independent runs of 60,000 calls: the closed form lies within 4 standard errors of their mean.
    runs = np.array([simulate(100, 300, 18, 180, 20, 60_000, seed) for seed in range(5)])
    mean, se = runs.mean(axis=0), runs.std(axis=0, ddof=1) / math.sqrt(len(runs))
    r = erlang_a(100, 300, 1800, 18, 180, 20)
    for value, m, e in zip((r.p_abandon, r.service_level, r.asa_s), mean, se):
        assert abs(value - m) <= 4 * e + 1e-3 * abs(m)


@pytest.mark.parametrize("r_size", [10_000, 1_000_000])
@pytest.mark.parametrize("beta, mu_over_theta", [(0.5, 1.0), (0.0, 2.0), (-0.5, 0.25)])
def test_large_centres_approach_garnett_mandelbaum_reiman(r_size, beta, mu_over_theta):
    n = int(round(r_size + beta * math.sqrt(r_size)))
    b = (n - r_size) / math.sqrt(r_size)
    hazard = lambda x: stats.norm.pdf(x) / stats.norm.sf(x)  # noqa: E731
    y = math.sqrt(1 / mu_over_theta)                       # sqrt(theta / mu)
    gmr = 1 / (1 + y * hazard(b / y) / hazard(-b))
    r = erlang_a(r_size * 1800 / 300, 300, 1800, n, 300 * mu_over_theta, 20)
    # the diffusion limit is reached at rate 1/sqrt(R): within 2/sqrt(R)
    assert abs(r.p_wait - gmr) < 2 / math.sqrt(r_size)


def test_stable_from_one_to_twenty_thousand_agents():
    n = np.array([1, 2, 10, 100, 1000, 5000, 20_000])
    for load in (0.5, 0.95, 1.0, 1.2):
        r = erlang_a(n * load * 1800 / 300, 300, 1800, n, 240, 20)
        for v in (r.p_wait, r.p_abandon, r.service_level, r.asa_s):
            assert np.all(np.isfinite(v))
        assert np.all((0 <= r.p_abandon) & (r.p_abandon <= r.p_wait) & (r.p_wait <= 1))
    # overloaded by 20 %: at least 1/6 of callers must hang up (capacity answers 1/1.2 of them)
    over = erlang_a(24_000 * 1800 / 300, 300, 1800, 20_000, 240, 20)
    assert over.p_abandon == pytest.approx(1 - 1 / 1.2, abs=2e-3)


def test_tends_to_erlang_c_as_patience_grows():
    c = erlang_c(100 * 300 / 1800, 19)
    sl = service_level(100, 300, 1800, 19, 20)
    gaps = [abs(erlang_a(100, 300, 1800, 19, p, 20).service_level - sl) for p in (1e4, 1e6, 1e8)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-5
    assert erlang_a(100, 300, 1800, 19, 1e8, 20).p_wait == pytest.approx(c, abs=1e-5)
    assert erlang_a(100, 300, 1800, 19, math.inf, 20).p_wait == pytest.approx(c, abs=1e-15)


def test_erlang_a_vectorises():
    n = np.arange(10, 20)
    r = erlang_a(100, 300, 1800, n, 180, 20)
    for i, agents in enumerate(n):
        assert r.service_level[i] == pytest.approx(erlang_a(100, 300, 1800, int(agents), 180, 20).service_level)


def test_staffing_below_one_erlang_needs_one_agent():
    # 10 calls per half hour of 60 s: A = 1/3 Erlang. With 1 agent, C = A/1 = 1/3 and
    # SL = 1 - (1/3) exp(-(1 - 1/3) * 20 / 60) = 1 - 0.3333 * 0.8007 = 0.733 >= 0.5: one agent.
    assert agents_required(10, 60, 1800, 0.5, 20) == 1
    assert agents_required_array(np.array([1 / 3]), np.array([60.0]), 0.5, 20.0)[0] == 1
    assert agents_required(10, 60, 1800, 0.5, 20, patience_s=120) == 1


def test_agents_required_with_patience_and_abandonment_cap():
    # Erlang A needs fewer agents than Erlang C for the same service level, and a cap on abandonment
    # can bind beyond the service level.
    c_agents = agents_required(300, 240, 1800, 0.8, 20)
    a_agents = agents_required(300, 240, 1800, 0.8, 20, patience_s=120)
    assert a_agents <= c_agents
    for n in (a_agents - 1, a_agents):
        r = erlang_a(300, 240, 1800, n, 120, 20)
        assert (r.service_level >= 0.8) == (n == a_agents)
    capped = agents_required(300, 240, 1800, 0.5, 20, patience_s=120, max_abandon=0.01)
    assert erlang_a(300, 240, 1800, capped, 120, 20).p_abandon <= 0.01
    assert erlang_a(300, 240, 1800, capped - 1, 120, 20).p_abandon > 0.01
    arr = agents_required_array(np.array([300 * 240 / 1800]), np.array([240.0]), 0.5, 20.0, 1.0,
                                120.0, 0.01)
    assert arr[0] == capped


@pytest.mark.parametrize("kwargs, words", [
    ({"patience_s": -5}, "patience_s must be > 0"),
    ({"patience_s": 0}, "patience_s must be > 0"),
    ({"max_abandon": 0.05}, "max_abandon needs patience_s"),
    ({"patience_s": 60, "max_abandon": 1.5}, "max_abandon must be"),
])
def test_bad_staffing_inputs_are_named(kwargs, words):
    with pytest.raises(ModelError, match=words):
        agents_required(100, 300, 1800, 0.8, 20, **kwargs)


def test_bad_erlang_a_inputs_are_named():
    with pytest.raises(ModelError, match="patience_s must be > 0"):
        erlang_a(100, 300, 1800, 10, -1)
    with pytest.raises(ModelError, match="agents"):
        erlang_a(100, 300, 1800, 0, 60)


def test_absurd_volumes_are_refused_at_once():
    with pytest.raises(ModelError, match="beyond the staffing model's range"):
        agents_required(1e17, 300, 1800, 0.8, 20)
    with pytest.raises(ModelError, match="beyond the staffing model's range"):
        agents_required(1e17, 300, 1800, 0.8, 20, patience_s=60)


@pytest.mark.parametrize("traffic, n", [(950.0, 1000), (19_800.0, 20_000), (21_000.0, 20_000)])
def test_large_centres_match_the_birth_death_chain(traffic, n):
    # The chain's stationary probabilities by the product formula in logs (pi_k / pi_(k-1) =
    # lambda / (min(k, N) mu + max(k - N, 0) theta)), summed directly over 50 sqrt(N) + 5,000 states.
    aht, patience = 300.0, 300.0
    mu, theta, lam = 1 / aht, 1 / patience, traffic / aht
    size = int(n + 50 * math.sqrt(n) + 5000)
    k = np.arange(1, size + 1)
    log_pi = np.concatenate([[0.0], np.cumsum(np.log(lam / (np.minimum(k, n) * mu + np.maximum(k - n, 0) * theta)))])
    pi = np.exp(log_pi - log_pi.max())
    pi /= pi.sum()
    p_wait = pi[n:].sum()
    p_ab = theta * np.sum(np.arange(0, size + 1 - n) * pi[n:]) / lam
    r = erlang_a(traffic * 1800 / aht, aht, 1800, n, patience, 20)
    assert r.p_wait == pytest.approx(p_wait, rel=1e-8)
    assert r.p_abandon == pytest.approx(p_ab, rel=1e-8)
