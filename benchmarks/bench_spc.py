"""Speed of the service-profit chain: link estimation plus cluster bootstrap at scale.

Generates a synthetic seven-stage chain (each stage = 0.5 x previous + team and period effects +
noise) for up to 10,000 units x 6 periods and times ``ServiceProfitChain.fit`` (six links, clustered
errors, period fixed effects, ``n_boot`` resamples of units) and ``what_if``. Peer: a naive cluster
bootstrap that physically resamples units and refits with pandas (timed on fewer resamples and
scaled, since it is the slow way). Run: ``.venv/bin/python benchmarks/bench_spc.py``.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd

from cxconsult.spc import STAGES, ServiceProfitChain, what_if


def simulate(n_units: int, n_periods: int = 6, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(n_periods), n_units)
    columns = {"unit": unit, "period": period}
    level = 60 + rng.normal(0, 8, n_units)[unit] + rng.normal(0, 4, unit.size)
    for stage in STAGES:
        columns[stage] = level
        level = 30 + 0.5 * level + rng.normal(0, 2, n_units)[unit] + rng.normal(0, 1, n_periods)[period] \
            + rng.normal(0, 3, unit.size)
    return pd.DataFrame(columns)


def naive_bootstrap(frame: pd.DataFrame, n_boot: int, seed: int = 0) -> float:
    """Seconds for ``n_boot`` resamples done the slow way (copy rows, demean, refit each link)."""
    rng = np.random.default_rng(seed)
    by_unit = frame.groupby("unit").indices
    units = np.array(list(by_unit))
    start = time.perf_counter()
    for _ in range(n_boot):
        rows = np.concatenate([by_unit[u] for u in rng.choice(units, units.size)])
        sample = frame.iloc[rows]
        demeaned = sample[list(STAGES)] - sample.groupby("period")[list(STAGES)].transform("mean")
        for cause, effect in zip(STAGES[:-1], STAGES[1:]):
            x, y = demeaned[cause].to_numpy(), demeaned[effect].to_numpy()
            _ = (x @ y) / (x @ x)
    return time.perf_counter() - start


def main() -> None:
    print(f"{'units':>7} {'rows':>7} {'n_boot':>7} {'fit+bootstrap s':>16} {'what_if s':>10} "
          f"{'naive bootstrap s (scaled)':>27}")
    for n_units, n_boot in ((45, 2000), (1_000, 1000), (10_000, 1000)):
        frame = simulate(n_units)
        start = time.perf_counter()
        fit = ServiceProfitChain(n_boot=n_boot, seed=1).fit(frame)
        fit_s = time.perf_counter() - start
        start = time.perf_counter()
        what_if(fit, engagement_points=5, customers=1e6, revenue_per_year=1e9, margin=0.2)
        what_s = time.perf_counter() - start
        probe = 20 if n_units >= 10_000 else 50
        naive_s = naive_bootstrap(frame, probe) * n_boot / probe
        print(f"{n_units:>7} {len(frame):>7} {n_boot:>7} {fit_s:>16.2f} {what_s:>10.3f} {naive_s:>27.1f}")
        ind = fit.indirect_
        assert ind.low <= 0.5 ** 5 <= ind.high, ind.summary()  # true indirect effect 0.5^5 = 0.03125


if __name__ == "__main__":
    main()
