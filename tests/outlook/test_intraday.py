"""Interval staffing tables and the Monte Carlo surfaces against the exact interval-by-interval sum."""

from __future__ import annotations

import numpy as np
import pytest

from cxconsult.outlook import Assumptions, UncertainAssumption, project, project_batch, simulate
from cxconsult.outlook.intraday import default_profile, queue_tables
from cxconsult.outlook.staffing import agents_required, erlang_a


def test_default_profile_is_a_week_that_sums_to_one():
    p = default_profile()
    days = p.by_day().sum(axis=1)
    assert p.array.sum() == pytest.approx(1.0) and len(p.shares) == 336
    assert days[0] == max(days) and days[6] == min(days)                 # Monday busiest, Sunday quietest
    night = p.by_day()[:, :16]                                            # 00:00-08:00 closed
    assert (night == 0).all()


@pytest.mark.parametrize("patience, cap", [(None, None), (150.0, None), (150.0, 0.04)])
def test_tables_give_the_same_agents_as_the_search(patience, cap):
    rng = np.random.default_rng(7)
    traffic = rng.uniform(0.05, 80.0, 300)
    aht = rng.uniform(180.0, 700.0, 300)
    tables = queue_tables(20.0, 0.8, patience, cap, 0.85)
    agents, p_ab = tables.staff(traffic, aht, abandonment=True)
    exact = [agents_required(t * 1800 / h, h, 1800, 0.8, 20, max_occupancy=0.85, patience_s=patience,
                             max_abandon=cap) for t, h in zip(traffic, aht)]
    assert agents.tolist() == exact
    if patience is not None:
        truth = erlang_a(traffic * 1800 / aht, aht, 1800, agents, patience, 20).p_abandon
        assert np.max(np.abs(p_ab - truth)) < 1e-3 * np.max(truth) + 1e-9


def test_monte_carlo_surfaces_match_the_exact_projection():
    # 5,000 paths go through the surfaces; a few of them recomputed exactly, one by one.
    a = Assumptions(patience_s=150.0, max_abandon=0.08)
    aht = np.linspace(380.0, 520.0, 5000)
    growth = np.linspace(-0.002, 0.01, 5000)
    batch = project_batch(a, {"plan.aht_s": aht, "customer_growth_monthly": growth})
    for i in (0, 1234, 4999):
        single = project(a.with_values(customer_growth_monthly=float(growth[i])).with_plan(aht_s=float(aht[i])))
        for col in ("agent_hours", "fte", "cost_base"):
            assert np.allclose(batch[col][i], single[col].to_numpy(), rtol=3e-3), col
        # abandonment moves in steps as whole agents are added: within 0.1 percentage point
        assert np.allclose(batch["abandon_rate"][i], single["abandon_rate"].to_numpy(), atol=1e-3, rtol=0)
        assert np.allclose(batch["agents_peak_email"][i], single["agents_peak_email"].to_numpy(), rtol=1e-12)


def test_simulation_median_follows_the_projection():
    a = Assumptions(patience_s=150.0)
    fan = simulate(a, [UncertainAssumption.of("aht_s", "norm", loc=a.mean_aht_s, scale=1e-6)],
                   n_paths=2000, seed=3)
    frame = project(a)
    assert np.allclose(fan.bands[("headcount", 0.5)], frame["headcount"], rtol=3e-3)
