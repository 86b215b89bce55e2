"""Outlook speed and agreement, side by side with pyworkforce's ErlangC where it has the same function.

Run: ``.venv/bin/python benchmarks/bench_outlook.py``. Prints:
1. a single agents_required call for a small centre (100 calls / 30 min): cxconsult vs pyworkforce,
   same answer, time per call;
2. 1,000 intervals at once (vectorised) vs pyworkforce in a loop, same answers;
3. 400 random intervals: how many answers agree with pyworkforce (pyworkforce starts its search at
   round(traffic + 1) and can overstaff by one agent when the traffic's fraction is 0.5 or more;
   STACK-NOTES.md), each disagreement checked against the Erlang C service level;
4. Erlang A (no pyworkforce equivalent): one evaluation and one staffing search;
5. a 36-month projection of the Aurora sample, interval by interval (first call, then warm);
6. the 10,000-path Monte Carlo of the Aurora sample with the intraday model: wall and CPU time.
Wall times on a shared machine move with its load; CPU time (process_time) is printed beside them.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cxconsult.engagement import load_engagement  # noqa: E402
from cxconsult.outlook import project, simulate  # noqa: E402
from cxconsult.outlook.staffing import (agents_required, agents_required_array, erlang_a,  # noqa: E402
                                        service_level)

try:
    from pyworkforce.queuing import ErlangC
except ImportError:  # pragma: no cover
    ErlangC = None
    print("pyworkforce not installed: peer columns skipped (pip install -e '.[test]')")


def _pyworkforce_agents(calls: float, aht_s: float, interval_s: float, sl: float, answer_s: float,
                        max_occupancy: float = 1.0) -> int:
    ref = ErlangC(transactions=calls, aht=aht_s / 60, asa=answer_s / 60, interval=interval_s / 60)
    return int(ref.required_positions(service_level=sl, max_occupancy=max_occupancy)["raw_positions"])


def _per_call(fn, repeat: int = 5, number: int = 2000) -> float:
    """Best of ``repeat`` runs of ``number`` calls, seconds per call."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, (time.perf_counter() - t0) / number)
    return best


def bench_scalar() -> None:
    print("\n1. One agents_required call: 100 calls per 30 min, AHT 180 s, 80 % in 20 s")
    ours = agents_required(100, 180, 1800, 0.8, 20)
    t_ours = _per_call(lambda: agents_required(100, 180, 1800, 0.8, 20))
    print(f"   cxconsult    {ours:4d} agents  {t_ours * 1e6:8.1f} us/call")
    if ErlangC is not None:
        peer = _pyworkforce_agents(100, 180, 1800, 0.8, 20)
        t_peer = _per_call(lambda: _pyworkforce_agents(100, 180, 1800, 0.8, 20))
        print(f"   pyworkforce  {peer:4d} agents  {t_peer * 1e6:8.1f} us/call   "
              f"(same answer: {ours == peer}; cxconsult {t_peer / t_ours:.1f}x faster)")


def bench_vector() -> None:
    rng = np.random.default_rng(1)
    calls = rng.uniform(5, 400, 1000)
    aht = np.full(1000, 240.0)
    t0 = time.perf_counter()
    vec = agents_required_array(calls * aht / 1800, aht, 0.8, 20.0)
    t_vec = time.perf_counter() - t0
    print("\n2. 1,000 half-hour intervals (5-400 calls, AHT 240 s, 80 % in 20 s)")
    print(f"   cxconsult vectorised      {t_vec * 1e3:8.2f} ms for all 1,000")
    if ErlangC is not None:
        t0 = time.perf_counter()
        peer = np.array([_pyworkforce_agents(c, 240, 1800, 0.8, 20) for c in calls])
        t_peer = time.perf_counter() - t0
        print(f"   pyworkforce loop          {t_peer * 1e3:8.2f} ms   ({t_peer / t_vec:.0f}x slower; "
              f"answers equal in {np.sum(peer == vec)} of 1,000)")


def bench_agreement() -> None:
    if ErlangC is None:
        return
    rng = np.random.default_rng(42)
    n = 400
    calls = rng.uniform(5, 3000, n)
    aht = rng.uniform(120, 600, n)
    answer = rng.choice([10.0, 20.0, 30.0, 60.0], n)
    target = rng.uniform(0.5, 0.95, n)
    ours = np.array([agents_required(c, a, 1800, sl, w) for c, a, sl, w in zip(calls, aht, target, answer)])
    peer = np.array([_pyworkforce_agents(c, a, 1800, sl, w) for c, a, sl, w in zip(calls, aht, target, answer)])
    diff = np.flatnonzero(ours != peer)
    print(f"\n3. 400 random intervals: answers equal in {n - len(diff)} of {n}")
    for i in diff[:5]:
        below = service_level(calls[i], aht[i], 1800, int(ours[i]) - 1, answer[i])
        at = service_level(calls[i], aht[i], 1800, int(ours[i]), answer[i])
        print(f"   calls {calls[i]:7.1f} AHT {aht[i]:5.1f} s target {target[i]:.3f} in {answer[i]:.0f} s: "
              f"cxconsult {ours[i]} (SL {at:.4f}; with one fewer {below:.4f}), pyworkforce {peer[i]}")


def bench_erlang_a() -> None:
    print("\n4. Erlang A (pyworkforce has none): 300 calls / 30 min, AHT 240 s, patience 120 s")
    r = erlang_a(300, 240, 1800, 40, 120, 20)
    t_eval = _per_call(lambda: erlang_a(300, 240, 1800, 40, 120, 20), number=300)
    n = agents_required(300, 240, 1800, 0.8, 20, patience_s=120, max_abandon=0.05)
    t_staff = _per_call(lambda: agents_required(300, 240, 1800, 0.8, 20, patience_s=120, max_abandon=0.05),
                        number=100)
    print(f"   erlang_a(40 agents): p_wait {r.p_wait:.4f}, p_abandon {r.p_abandon:.4f}, "
          f"SL {r.service_level:.4f}, ASA {r.asa_s:.1f} s   {t_eval * 1e6:8.1f} us/call")
    print(f"   agents_required(..., patience_s=120, max_abandon=0.05) = {n}            "
          f"{t_staff * 1e6:8.1f} us/call")


def bench_projection() -> None:
    config = load_engagement(ROOT / "data" / "engagements" / "aurora-telecom").outlook
    a = config.assumptions
    t0 = time.perf_counter()
    project(a)
    first = time.perf_counter() - t0
    times, cpu = [], []
    for _ in range(50):
        t0, c0 = time.perf_counter(), time.process_time()
        project(a)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print("\n5. 36-month projection of the Aurora sample, 3 channels x 336 half hours x 37 months, Erlang A")
    print(f"   first call (builds the staffing tables) {first * 1e3:8.1f} ms")
    print(f"   then: median {statistics.median(times) * 1e3:6.2f} ms, best {min(times) * 1e3:6.2f} ms "
          f"(CPU median {statistics.median(cpu) * 1e3:6.2f} ms)")


def bench_monte_carlo() -> None:
    config = load_engagement(ROOT / "data" / "engagements" / "aurora-telecom").outlook
    args = (config.assumptions, config.uncertainty, config.targets)
    t0 = time.perf_counter()
    simulate(*args, n_paths=10_000, seed=1)
    first = time.perf_counter() - t0
    walls, cpus = [], []
    for seed in (2, 3, 4):
        t0, c0 = time.perf_counter(), time.process_time()
        simulate(*args, n_paths=10_000, seed=seed)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    print("\n6. Monte Carlo, 10,000 paths x 37 months, intraday model (Aurora, 5 uncertain levers)")
    print(f"   first run (builds tables and surfaces) {first:6.2f} s")
    print(f"   then: wall median {statistics.median(walls):5.2f} s, best {min(walls):5.2f} s; "
          f"CPU median {statistics.median(cpus):5.2f} s")


if __name__ == "__main__":
    bench_scalar()
    bench_vector()
    bench_agreement()
    bench_erlang_a()
    bench_projection()
    bench_monte_carlo()
