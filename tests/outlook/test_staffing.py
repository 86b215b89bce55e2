"""Erlang C staffing against published worked examples and independent formulas.

Sources
- Worked example "360 calls per half hour, 4-minute calls, 55 agents, 15 s target" (Ian Angus,
  "An introduction to Erlang B and Erlang C", Telemanagement #187, 2001; reproduced in the Westbay
  Engineers / erlang.com "Erlang-C formula" page): traffic 48 E, occupancy 87.3 %, probability of
  waiting 23.9 %, ASA 8.2 s, service level 84.6 % within 15 s.
- Erlang B table values (Iversen, "Teletraffic Engineering and Network Planning", ITU-D/DTU 2015,
  Erlang B tables): B(N=10, A=5 E) = 0.0184, B(N=10, A=10 E) = 0.2146.
- Erlang C definition: Gans, Koole & Mandelbaum, MSOM 5(2), 2003, section 4.1, eq. for P(wait) and
  the waiting-time tail P(W > t) = C exp(-(N mu - lambda) t).
Every value is also cross-checked by an independent brute-force formula (exact factorial sums).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from cxconsult.errors import ModelError
from cxconsult.outlook import staffing as st


def erlang_c_bruteforce(a: float, n: int) -> float:
    """Textbook Erlang C with exact rational factorial sums (independent of the implementation)."""
    A = Fraction(a).limit_denominator(10**9)
    top = A**n / math.factorial(n) * Fraction(n) / (n - A)
    bottom = sum(A**k / math.factorial(k) for k in range(n)) + top
    return float(top / bottom)


def erlang_b_recursion(a: float, n: int) -> float:
    """Erlang B by the classic recursion B(k) = A B(k-1) / (k + A B(k-1)) (a different algorithm)."""
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def test_angus_worked_example_360_calls_per_half_hour():
    # 360 calls / 1800 s, AHT 240 s -> A = 360 * 240 / 1800 = 48 Erlangs; 55 agents.
    assert st.traffic_erlangs(360, 240, 1800) == pytest.approx(48.0)
    assert st.occupancy(360, 240, 1800, 55) == pytest.approx(48 / 55)  # 87.3 %
    c = st.erlang_c(48, 55)
    assert c == pytest.approx(0.239, abs=1e-3)                 # published: 23.9 %
    assert c == pytest.approx(erlang_c_bruteforce(48, 55), rel=1e-10)
    # ASA = C * AHT / (N - A) = 0.2387 * 240 / 7 = 8.18 s (published 8.2 s)
    assert st.average_speed_of_answer(360, 240, 1800, 55) == pytest.approx(8.2, abs=0.05)
    # SL(15 s) = 1 - C exp(-(N - A) * 15 / 240) = 1 - 0.2387 * exp(-0.4375) (published 84.6 %)
    sl15 = st.service_level(360, 240, 1800, 55, 15)
    assert sl15 == pytest.approx(0.846, abs=1e-3)
    assert sl15 == pytest.approx(1 - erlang_c_bruteforce(48, 55) * math.exp(-7 * 15 / 240), rel=1e-12)


def test_agents_required_80_20_for_the_worked_example_is_minimal():
    # Independent check of minimality: N meets 80 % in 20 s and N - 1 does not (brute-force C).
    n = st.agents_required(360, 240, 1800, 0.80, 20)
    def sl(k):
        return 1 - erlang_c_bruteforce(48, k) * math.exp(-(k - 48) * 20 / 240)
    assert sl(n) >= 0.80 > sl(n - 1)
    assert n == 54   # sl(54) = 0.817, sl(53) = 0.762


def test_erlang_b_table_values():
    assert st.erlang_b(5, 10) == pytest.approx(0.0184, abs=5e-5)
    assert st.erlang_b(10, 10) == pytest.approx(0.2146, abs=5e-5)
    assert st.erlang_b(10, 10) == pytest.approx(erlang_b_recursion(10, 10), rel=1e-12)


@pytest.mark.parametrize("a,n", [(0.5, 1), (0.9, 1), (2.0, 3), (7.3, 9), (18.0, 21), (48.0, 55),
                                 (99.5, 110), (150.0, 170)])
def test_erlang_c_matches_bruteforce(a, n):
    assert st.erlang_c(a, n) == pytest.approx(erlang_c_bruteforce(a, n), rel=1e-9)


def test_large_centre_20000_agents_is_finite_and_matches_recursion():
    a, n = 19_800.0, 20_000
    b = st.erlang_b(a, n)
    assert np.isfinite(b) and b == pytest.approx(erlang_b_recursion(a, n), rel=1e-8)
    c = st.erlang_c(a, n)
    rho = a / n
    assert c == pytest.approx(b / (1 - rho * (1 - b)), rel=1e-12)
    assert 0 < c < 1
    need = st.agents_required(a * 1800 / 240, 240, 1800, 0.8, 20)
    assert 19_800 < need < 20_100
    assert st.service_level(a * 1800 / 240, 240, 1800, need, 20) >= 0.8


def test_unstable_queue_and_no_traffic():
    assert st.erlang_c(10, 10) == 1.0
    assert st.erlang_c(12.5, 12) == 1.0
    assert st.service_level(100, 180, 1800, 10, 20) == 0.0   # A = 10 = N
    assert st.average_speed_of_answer(100, 180, 1800, 10) == math.inf
    assert st.erlang_c(0, 3) == 0.0
    assert st.service_level(0, 180, 1800, 1, 20) == 1.0
    assert st.agents_required(0, 180, 1800, 0.8, 20) == 0


def test_more_agents_never_lower_service_level():
    rng = np.random.default_rng(20260101)
    for _ in range(200):
        calls = rng.uniform(1, 2000)
        aht = rng.uniform(30, 900)
        answer = rng.uniform(0, 60)
        traffic = calls * aht / 1800
        base = int(math.floor(traffic))
        agents = np.arange(max(base - 2, 1), base + 60)
        sl = st.service_level(calls, aht, 1800, agents, answer)
        assert np.all(np.diff(sl) >= -1e-12)
        assert np.all((sl >= 0) & (sl <= 1))
        pw = st.erlang_c(traffic, agents)
        assert np.all(np.diff(pw) <= 1e-12)


def test_agents_required_is_minimal_and_vectorised_agrees():
    rng = np.random.default_rng(7)
    calls = rng.uniform(0.5, 3000, 300)
    aht = rng.uniform(60, 700, 300)
    target = rng.uniform(0.5, 0.98, 300)
    answer = rng.uniform(0, 45, 300)
    vec = st.agents_required_array(calls * aht / 1800, aht, target, answer)
    for i in range(300):
        n = st.agents_required(calls[i], aht[i], 1800, target[i], answer[i])
        assert n == vec[i]
        assert st.service_level(calls[i], aht[i], 1800, n, answer[i]) >= target[i]
        if n > 1:
            assert st.service_level(calls[i], aht[i], 1800, n - 1, answer[i]) < target[i]


def test_occupancy_ceiling_adds_agents():
    # A = 48 E: 80/20 needs 54 agents (occupancy 88.9 %); an 85 % ceiling needs ceil(48 / 0.85) = 57.
    assert st.agents_required(360, 240, 1800, 0.8, 20, max_occupancy=0.85) == 57
    assert st.agents_required(360, 240, 1800, 0.8, 20, max_occupancy=0.90) == 54


def test_fte_grosses_up_for_shrinkage():
    assert st.fte(100, 0.33) == pytest.approx(100 / 0.67)
    with pytest.raises(ModelError, match="shrinkage"):
        st.fte(100, 1.0)


@pytest.mark.parametrize("kwargs,match", [
    (dict(target_sl=1.0), "cannot be reached"),
    (dict(target_sl=1.2), "target_sl"),
    (dict(calls=-1), "calls"),
    (dict(aht_s=0), "aht_s"),
    (dict(interval_s=float("nan")), "interval_s"),
    (dict(answer_s=-5), "answer_s"),
    (dict(max_occupancy=0), "max_occupancy"),
    (dict(calls=[1, 2]), "single number"),
])
def test_agents_required_rejects_bad_input(kwargs, match):
    args = dict(calls=360, aht_s=240, interval_s=1800, target_sl=0.8, answer_s=20)
    args.update(kwargs)
    with pytest.raises(ModelError, match=match):
        st.agents_required(**args)


def test_erlang_c_rejects_fractional_or_zero_agents():
    with pytest.raises(ModelError, match="agents"):
        st.erlang_c(5, 7.5)
    with pytest.raises(ModelError, match="agents"):
        st.erlang_c(5, 0)


def test_pyworkforce_agrees_on_service_level_when_installed():
    pw = pytest.importorskip("pyworkforce.queuing")
    # Same inputs in minutes for pyworkforce (its `asa` is the answer-time target).
    ref = pw.ErlangC(transactions=360, aht=4, asa=20 / 60, interval=30)
    for n in (50, 54, 55, 60):
        assert st.service_level(360, 240, 1800, n, 20) == pytest.approx(ref.service_level(n), rel=1e-9)
        assert st.erlang_c(48, n) == pytest.approx(ref.waiting_probability(n), rel=1e-9)
