"""Outlook speed and agreement, side by side with pyworkforce's ErlangC where installed.

Run: ``.venv/bin/python benchmarks/bench_outlook.py``. Prints three tables:
1. agents_required on a grid of intervals: same answer as pyworkforce? time per call.
2. a full 36-month projection (Aurora sample): our busy-interval agents vs pyworkforce's, per month.
3. 10,000-path Monte Carlo time (vectorised Erlang C search).
pyworkforce's ``asa`` argument is the answer-time target (minutes), and it starts its search at
round(traffic + 1), which skips ceil(traffic) and can overstaff by one agent when the traffic's
fraction is 0.5 or more (STACK-NOTES.md).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cxconsult.outlook import Assumptions, project, simulate  # noqa: E402
from cxconsult.outlook.staffing import agents_required, agents_required_array  # noqa: E402

try:
    from pyworkforce.queuing import ErlangC
except ImportError:  # pragma: no cover
    ErlangC = None
    print("pyworkforce not installed: peer columns skipped (pip install pyworkforce)")


def _pyworkforce_agents(calls: float, aht_s: float, interval_s: float, sl: float, answer_s: float,
                        max_occupancy: float = 1.0) -> int:
    ref = ErlangC(transactions=calls, aht=aht_s / 60, asa=answer_s / 60, interval=interval_s / 60)
    return int(ref.required_positions(service_level=sl, max_occupancy=max_occupancy)["raw_positions"])


def bench_agents_required() -> None:
    rng = np.random.default_rng(42)
    n = 400
    calls = rng.uniform(5, 3000, n)
    aht = rng.uniform(120, 600, n)
    answer = rng.choice([10.0, 20.0, 30.0, 60.0], n)
    target = rng.uniform(0.5, 0.95, n)
    t0 = time.perf_counter()
    ours = [agents_required(c, a, 1800, sl, w) for c, a, sl, w in zip(calls, aht, target, answer)]
    t_ours = (time.perf_counter() - t0) / n
    t0 = time.perf_counter()
    vec = agents_required_array(calls * aht / 1800, aht, target, answer)
    t_vec = (time.perf_counter() - t0) / n
    assert np.array_equal(vec, ours)
    print("\n1. agents_required, 400 random half-hour intervals (5-3000 calls, AHT 120-600 s, "
          "target 50-95 % in 10-60 s)")
    print(f"   cxconsult scalar      {t_ours * 1e6:9.1f} us/call")
    print(f"   cxconsult vectorised  {t_vec * 1e6:9.1f} us/call")
    if ErlangC is None:
        return
    t0 = time.perf_counter()
    peer = [_pyworkforce_agents(c, a, 1800, sl, w) for c, a, sl, w in zip(calls, aht, target, answer)]
    t_peer = (time.perf_counter() - t0) / n
    diff = np.array(peer) - np.array(ours)
    frac = (calls * aht / 1800) % 1
    print(f"   pyworkforce ErlangC   {t_peer * 1e6:9.1f} us/call  "
          f"(scalar speed ratio {t_peer / t_ours:.1f}x, vectorised {t_peer / t_vec:.0f}x)")
    print(f"   same answer: {np.mean(diff == 0):.1%}; pyworkforce +1: {np.mean(diff == 1):.1%}; "
          f"other: {np.mean(np.abs(diff) > 1) + np.mean(diff == -1):.1%}")
    if (diff == 1).any():
        print(f"   all +1 cases have traffic fraction >= 0.5: {bool(np.all(frac[diff == 1] >= 0.5))} "
              "(ours is the minimal N: it meets the target and N - 1 does not, "
              "tests/outlook/test_staffing.py)")


def bench_projection() -> None:
    a = Assumptions()
    project(a)
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        frame = project(a)
    t_ours = (time.perf_counter() - t0) / reps
    print("\n2. Full 36-month projection (Aurora defaults: voice + chat staffed by Erlang C, 37 months)")
    print(f"   cxconsult project()   {t_ours * 1e3:9.2f} ms")
    if ErlangC is None:
        return
    t0 = time.perf_counter()
    mismatches = []
    months = frame.index
    m = np.asarray(months, float)
    aht_factor = (1 + a.aht_trend_monthly) ** m
    for ch in a.channels:
        if not ch.real_time:
            continue
        for i, month in enumerate(months):
            calls = frame.loc[month, f"assisted_{ch.name}"] / a.open_days_per_month * a.busy_interval_share
            peer = _pyworkforce_agents(calls, ch.aht_s * aht_factor[i], a.interval_s,
                                       a.service_level_target, a.answer_s, a.max_occupancy)
            ours = int(frame.loc[month, f"agents_{ch.name}"])
            if peer != ours:
                mismatches.append((ch.name, int(month), ours, peer))
    t_peer = time.perf_counter() - t0
    print(f"   pyworkforce, same 74 interval sizings {t_peer * 1e3:9.2f} ms "
          f"(ratio {t_peer / t_ours:.1f}x; ours includes the whole projection)")
    print(f"   busy-interval agents identical in {74 - len(mismatches)}/74 channel-months"
          + (f"; differences (channel, month, ours, pyworkforce): {mismatches[:6]}" if mismatches else ""))


def bench_monte_carlo() -> None:
    from cxconsult.outlook import UncertainAssumption

    a = Assumptions()
    uncertain = [
        UncertainAssumption.of("aht_s", "triang", c=0.4, loc=340, scale=100),
        UncertainAssumption.of("self_service_leak_back", "beta", a=6, b=14),
        UncertainAssumption.of("customer_growth_monthly", "norm", loc=0.004, scale=0.0015),
        UncertainAssumption.of("self_service_target", "triang", c=0.6, loc=0.5, scale=0.3),
        UncertainAssumption.of("wage_inflation_per_year", "uniform", loc=0.02, scale=0.03),
    ]
    simulate(a, uncertain, n_paths=200, seed=0)
    print("\n3. Monte Carlo, 5 uncertain levers, 36 months")
    for n in (1_000, 10_000):
        t0 = time.perf_counter()
        fan = simulate(a, uncertain, n_paths=n, seed=2026)
        dt = time.perf_counter() - t0
        print(f"   {n:>6,} paths  {dt:7.2f} s   ({dt / n * 1e6:.0f} us/path; "
              f"P(headcount -30 %) = {fan.probability_met['headcount']:.1%})")


def bench_explorer() -> None:
    """Slider-to-redraw latency of the outlook explorer, in process (no browser): one lever change
    re-runs project + check_targets, the target table and the 6-panel PNG chart."""
    try:
        import matplotlib  # noqa: F401
        import ipywidgets  # noqa: F401
    except ImportError:
        print("\n4. Explorer latency skipped (ipywidgets/matplotlib missing)")
        return
    from cxconsult.apps.outlook import build_outlook_app
    from cxconsult.outlook import check_targets as check

    sample = Path(__file__).resolve().parents[1] / "data" / "engagements" / "aurora-telecom"
    t0 = time.perf_counter()
    app = build_outlook_app(sample).cx_app
    t_build = time.perf_counter() - t0
    times = []
    for value in np.linspace(330, 430, 12):
        app.sliders["aht_s"].value = float(value)        # one observed change, as from the browser
        times.append(app.last_update_s)
    a = app.current_assumptions()
    t0 = time.perf_counter()
    for _ in range(20):
        check(project(a), app.config.targets)
    t_model = (time.perf_counter() - t0) / 20
    print("\n4. Outlook explorer, slider -> redraw (in process, 12 AHT moves)")
    print(f"   build (first render)  {t_build:7.2f} s")
    print(f"   redraw median {np.median(times) * 1e3:7.0f} ms   max {max(times) * 1e3:6.0f} ms "
          f"(of which project + check_targets {t_model * 1e3:.1f} ms; the rest is the PNG chart)")


if __name__ == "__main__":
    bench_agents_required()
    bench_projection()
    bench_monte_carlo()
    bench_explorer()
