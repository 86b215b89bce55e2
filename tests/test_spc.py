"""Service-profit chain: link estimation, bootstrap, what-if and perception gap.

Known answers come from (a) the seeded sample generator whose true links are constants
(data/spc/generate_sample.py, data/spc/README.md), (b) independent computations written here
(matrix-form OLS and cluster sandwich, explicit resampling, scipy.stats.linregress), and (c) the
published Sears figures (Rucci, Kirn & Quinn, HBR 76(1), 1998) and Bain (2005).
"""

from __future__ import annotations

import importlib.util
import math
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from cxconsult.errors import ModelError
from cxconsult.spc import (ASSUMED, LinkDefault, ServiceProfitChain, _bootstrap_slopes, _unit_weights,
                           perception_gap, what_if)

ROOT = Path(__file__).resolve().parents[1]
SEARS = (  # Rucci, Kirn & Quinn 1998: +5 employee attitude -> +1.3 customer impression -> +0.5% revenue
    LinkDefault("engagement", "csat", 1.3 / 5, "pp CSAT per engagement point", "Sears 1998"),
    LinkDefault("csat", "revenue_growth", 0.5 / 1.3, "pp revenue growth per pp CSAT", "Sears 1998"),
)


def _generator():
    spec = importlib.util.spec_from_file_location("generate_sample", ROOT / "data/spc/generate_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


@pytest.fixture(scope="module")
def sample_fit():
    return ServiceProfitChain(n_boot=1000, seed=7).fit(GEN.simulate_units())


def test_recovers_true_links_of_generated_sample(sample_fit):
    """Every true link (data/spc/README.md) lies inside its 95% interval; estimates are close."""
    for link in sample_fit.links_:
        true = GEN.TRUE_LINKS[(link.cause, link.effect)]
        assert link.low <= true <= link.high, link.summary()
        assert link.boot_low <= true <= link.boot_high, link.summary()
        assert abs(link.coefficient - true) < 0.15
        assert link.verdict == "supported" and link.basis == "data"
    ind = sample_fit.indirect_
    assert ind.path == ("engagement", "employee_retention", "service_quality", "csat", "customer_retention",
                        "revenue_growth")
    # 0.45 * 0.40 * 0.90 * 0.30 * 0.40 = 0.01944
    assert GEN.TRUE_INDIRECT_ENGAGEMENT_TO_REVENUE == pytest.approx(0.01944)
    assert ind.low <= GEN.TRUE_INDIRECT_ENGAGEMENT_TO_REVENUE <= ind.high
    assert ind.value == pytest.approx(np.prod([link.coefficient for link in sample_fit.links_[1:]]))


def test_matches_linregress_without_fixed_effects_or_clustering():
    """Plain OLS slope and classical SE equal scipy.stats.linregress (independent implementation)."""
    frame = GEN.simulate_units(n_units=20, n_periods=3, seed=3)
    fit = ServiceProfitChain(period_effects=False, cluster_by_unit=False, n_boot=100).fit(frame)
    for link in fit.links_:
        ref = stats.linregress(frame[link.cause], frame[link.effect])
        assert link.coefficient == pytest.approx(ref.slope, rel=1e-10)
        assert link.se == pytest.approx(ref.stderr, rel=1e-10)
        assert link.p_value == pytest.approx(ref.pvalue, rel=1e-6, abs=1e-300)
        assert link.standardised == pytest.approx(ref.rvalue, rel=1e-10)  # standardised slope = r


def test_fixed_effects_and_clustered_se_match_matrix_form():
    """Slope and CR1 cluster SE equal the textbook matrix formulas with period dummies:
    b = (X'X)^-1 X'y, V = c (X'X)^-1 [sum_g X_g' e_g e_g' X_g] (X'X)^-1, c = G/(G-1) (N-1)/(N-K)
    (Cameron & Miller, J. Human Resources 50(2), 2015, eq. 11 and the CR1 factor)."""
    frame = GEN.simulate_units(n_units=12, n_periods=4, seed=11)
    fit = ServiceProfitChain(links=[("engagement", "employee_retention")], n_boot=100).fit(frame)
    link = fit.links_[0]
    dummies = pd.get_dummies(frame["period"], dtype=float).to_numpy()
    X = np.column_stack([frame["engagement"].to_numpy(), dummies])
    y = frame["employee_retention"].to_numpy()
    xtx_inv = np.linalg.inv(X.T @ X)
    beta = xtx_inv @ X.T @ y
    e = y - X @ beta
    meat = sum(np.outer(X[g].T @ e[g], X[g].T @ e[g])
               for g in (frame["unit"] == u for u in frame["unit"].unique()))
    n, k, groups = len(y), X.shape[1], frame["unit"].nunique()
    vcov = groups / (groups - 1) * (n - 1) / (n - k) * xtx_inv @ meat @ xtx_inv
    assert link.coefficient == pytest.approx(beta[0], rel=1e-10)
    assert link.se == pytest.approx(math.sqrt(vcov[0, 0]), rel=1e-8)
    assert link.df == groups - 1
    t = stats.t.ppf(0.975, groups - 1)
    assert link.low == pytest.approx(beta[0] - t * math.sqrt(vcov[0, 0]), rel=1e-8)


def test_weighted_bootstrap_equals_explicit_resampling_of_units():
    """The count-weighted slope equals refitting on a table that stacks each drawn unit's rows."""
    frame = GEN.simulate_units(n_units=15, n_periods=3, seed=5)
    units = frame["unit"].to_numpy()
    periods = frame["period"].to_numpy()
    x, y = frame["engagement"].to_numpy(), frame["employee_retention"].to_numpy()
    weights = _unit_weights(15, 5, seed=1, chunk=2)
    slopes = _bootstrap_slopes(x, y, units, periods, 15, 3, weights)
    for row, w in enumerate(np.vstack(weights)):
        picked = np.concatenate([np.flatnonzero(units == u) for u in range(15) for _ in range(int(w[u]))])
        xs, ys, ps = x[picked], y[picked], periods[picked]
        xd = xs - pd.Series(xs).groupby(ps).transform("mean").to_numpy()
        yd = ys - pd.Series(ys).groupby(ps).transform("mean").to_numpy()
        assert slopes[row] == pytest.approx((xd @ yd) / (xd @ xd), rel=1e-9)
        assert w.sum() == 15


@pytest.mark.slow
def test_clustered_interval_coverage_monte_carlo():
    """Over 300 seeded samples the 95% clustered interval covers the true link 91-98.5% of the time."""
    hits = 0
    reps = 300
    for seed in range(reps):
        frame = GEN.simulate_units(n_units=30, n_periods=4, seed=1000 + seed)
        link = ServiceProfitChain(links=[("engagement", "employee_retention")], n_boot=100,
                                  seed=seed).fit(frame).links_[0]
        hits += link.low <= GEN.TRUE_LINKS[("engagement", "employee_retention")] <= link.high
    assert 0.91 <= hits / reps <= 0.985


def test_unsupported_link_verdict():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"unit": np.repeat(np.arange(30), 4), "period": np.tile(np.arange(4), 30),
                          "engagement": rng.normal(60, 8, 120), "csat": rng.normal(75, 5, 120)})
    link = ServiceProfitChain(links=[("engagement", "csat")], n_boot=200).fit(frame).links_[0]
    assert link.low < 0 < link.high
    assert link.verdict == "not supported by the data: CI spans zero"
    frame["csat"] = 100 - 0.5 * frame["engagement"] + rng.normal(0, 1, 120)
    link = ServiceProfitChain(links=[("engagement", "csat")], n_boot=200).fit(frame).links_[0]
    assert link.verdict == "contradicted by the data: negative link"


def test_literature_defaults_fill_links_without_data_and_are_labelled():
    frame = GEN.simulate_units().drop(columns=["csat"])
    fit = ServiceProfitChain(links=[("internal_service_quality", "engagement"), ("engagement", "csat"),
                                    ("csat", "revenue_growth")], defaults=SEARS, n_boot=200).fit(frame)
    data_link, sears1, sears2 = fit.links_
    assert data_link.basis == "data" and sears1.assumed and sears2.assumed
    assert sears1.coefficient == pytest.approx(0.26) and sears1.verdict == ASSUMED
    # Sears: +5 attitude -> +0.5% revenue growth, so 0.1 pp per engagement point through the chain
    assert fit.indirect_.value == pytest.approx(0.1)
    assert fit.indirect_.verdict.startswith(ASSUMED)
    text = fit.summary()
    assert text.count("[assumption: Sears 1998]") == 2
    assert "assumption" in fit._repr_html_()
    assert list(fit.result_.to_frame()["basis"]) == ["data", "assumption", "assumption"]


def test_what_if_with_sears_defaults_hand_worked():
    """+10 engagement points with only the Sears links: CSAT +10 x 0.26 = +2.6 pp; revenue growth
    +2.6 x 0.5/1.3 = +1.0 pp; on 100m revenue +1.0m a year; at a 20% margin +0.2m profit."""
    frame = pd.DataFrame({"unit": range(12), "period": 1})
    fit = ServiceProfitChain(links=[("engagement", "csat"), ("csat", "revenue_growth")], defaults=SEARS,
                             n_boot=100).fit(frame)
    result = what_if(fit, engagement_points=10, revenue_per_year=100e6, margin=0.2, currency="EUR")
    assert result.change("csat").change == pytest.approx(2.6)
    assert result.change("revenue_growth").change == pytest.approx(1.0)
    assert result.amount("extra_revenue_per_year").value == pytest.approx(1.0e6)
    assert result.amount("extra_profit_per_year").value == pytest.approx(0.2e6)
    assert result.amount("extra_profit_per_year").unit == "EUR per year"
    assert any("Sears 1998" in a for a in result.assumptions)
    # moving CSAT directly: +5 pp CSAT -> +5 x 0.3846 = +1.923 pp revenue growth
    direct = what_if(fit, csat_points=5, revenue_per_year=100e6)
    assert direct.change("revenue_growth").change == pytest.approx(5 * 0.5 / 1.3)
    assert direct.change("csat") is None


def test_what_if_customers_kept_and_intervals(sample_fit):
    links = {(link.cause, link.effect): link.coefficient for link in sample_fit.links_}
    result = what_if(sample_fit, engagement_points=10, customers=200_000, value_per_customer=500.0,
                     revenue_per_year=50e6, margin=0.25)
    retention = 10 * np.prod([links[k] for k in list(links)[1:5]])  # engagement ... -> customer retention
    assert result.change("customer_retention").change == pytest.approx(retention)
    kept = result.amount("customers_kept_per_year")
    assert kept.value == pytest.approx(200_000 * retention / 100)  # pp of the base kept
    assert result.amount("value_of_customers_kept_per_year").value == pytest.approx(kept.value * 500)
    assert kept.low < kept.value < kept.high
    assert "do not add them" in result.summary()
    # two moves add: +10 engagement and +2 CSAT = +2 pp CSAT on top of what engagement carries
    both = what_if(sample_fit, engagement_points=10, csat_points=2)
    assert both.change("customer_retention").change == pytest.approx(retention + 2 * links[("csat", "customer_retention")])


def test_what_if_rejects_bad_requests(sample_fit):
    with pytest.raises(ModelError, match="not a stage"):
        what_if(sample_fit, shifts={"share_of_wallet": 3})
    with pytest.raises(ModelError, match="margin"):
        what_if(sample_fit, engagement_points=1, revenue_per_year=1e6, margin=1.5)
    with pytest.raises(ModelError, match="margin needs revenue_per_year"):
        what_if(sample_fit, engagement_points=1, margin=0.2)


def test_perception_gap_bain_2005_figures():
    """Bain (2005): firms rate themselves 80; 8% of customers agree -> a 72-point gap.
    Wilson 95% for 8/100: centre (0.08 + z^2/200)/(1 + z^2/100) = 0.0955375, half-width 0.0544445
    -> 4.109% to 14.998%, so the gap runs 65.0 to 75.9 points."""
    scores = [9] * 8 + [7] * 92
    gap = perception_gap(80, scores, scale="0-10")
    assert gap.customer_view == pytest.approx(8.0)
    assert gap.gap == pytest.approx(72.0)
    assert gap.customer_low == pytest.approx(4.109, abs=1e-3)
    assert gap.customer_high == pytest.approx(14.998, abs=1e-3)
    assert (gap.gap_low, gap.gap_high) == pytest.approx((80 - 14.998, 80 - 4.109), abs=1e-3)
    assert "72" in gap.summary() and "Bain" in gap.summary()
    assert perception_gap(50, [4, 5, 3, 1]).customer_view == pytest.approx(50.0)  # CSAT: 2 of 4 answer 4-5
    with pytest.raises(ModelError, match="internal view"):
        perception_gap(120, [5])
    with pytest.raises(ModelError, match="agree_from"):
        perception_gap(50, [5], agree_from=9)


@pytest.mark.parametrize("change, words", [
    (lambda f: f.assign(csat=np.nan), "column 'csat', row 1: expected a finite number"),
    (lambda f: f.assign(csat=70.0), "column 'csat' is constant"),
    (lambda f: f.drop(columns=["csat"]), "link service_quality -> csat: no data"),
    (lambda f: f.drop(columns=["period"]), "column 'period' is missing"),
    (lambda f: f[f["unit"] < 2], "at least 3"),
])
def test_bad_data_messages(change, words):
    with pytest.raises(ModelError) as info:
        ServiceProfitChain(n_boot=100).fit(change(GEN.simulate_units()))
    assert words in str(info.value)


def test_bad_settings():
    frame = GEN.simulate_units()
    with pytest.raises(ModelError, match="expected a chain"):
        ServiceProfitChain(links=[("engagement", "csat"), ("employee_retention", "revenue_growth")]).fit(frame)
    with pytest.raises(ModelError, match="n_boot"):
        ServiceProfitChain(n_boot=10).fit(frame)
    with pytest.raises(ModelError, match="not fitted"):
        ServiceProfitChain().summary()


def test_pickles_and_summary_text(sample_fit):
    clone = pickle.loads(pickle.dumps(sample_fit))
    assert clone.summary() == sample_fit.summary()
    assert np.array_equal(clone.result_.boot_coefficients, sample_fit.result_.boot_coefficients)
    text = sample_fit.summary()
    assert text.startswith("Service-profit chain: 45 units, 6 periods, 270 rows")
    assert "standard errors clustered by unit" in text
    assert "Employee engagement -> Employee retention" in text and "Verdict: supported" in text
    assert "<table>" in sample_fit._repr_html_()
    assert pickle.loads(pickle.dumps(what_if(sample_fit, engagement_points=3))).shifts == (("engagement", 3.0),)


def test_same_seed_same_bootstrap():
    frame = GEN.simulate_units()
    a = ServiceProfitChain(n_boot=200, seed=4).fit(frame).indirect_
    b = ServiceProfitChain(n_boot=200, seed=4).fit(frame).indirect_
    assert (a.low, a.high) == (b.low, b.high)


def test_models_do_not_import_plotting_or_widgets():
    code = ("import sys, cxconsult.spc, cxconsult.metrics; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'voila') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"


def test_plots_draw(sample_fit):
    """Smoke test of cxconsult/plots/spc.py (kept here until a tests/plots/ module exists)."""
    import matplotlib

    matplotlib.use("Agg")
    from cxconsult.plots.spc import plot_chain, plot_perception_gap, plot_what_if

    ax = plot_chain(sample_fit)
    assert len(ax.patches) == 7 + 6  # boxes + arrows
    assert plot_what_if(what_if(sample_fit, engagement_points=5, customers=1e5)).get_title().startswith("What if")
    # a 0-100 rating against a share of customers: the chart says they are different measures
    title = plot_perception_gap(perception_gap(80, [9, 3, 10, 7], scale="0-10")).get_title()
    assert "Two different measures" in title
    # the same question to both sides: a gap in percentage points; leaders 3 of 4 = 75%, customers 2 of 4 = 50%
    same = perception_gap(None, [9, 3, 10, 7], scale="0-10", internal_scores=[9, 9, 10, 2])
    assert "Perception gap: +25 percentage points" in plot_perception_gap(same).get_title()
    import matplotlib.pyplot as plt

    plt.close("all")


# -- the section's words ------------------------------------------------------------------------------
def _spc_plain(markup) -> str:
    import html as html_lib
    import re as re_lib

    return re_lib.sub(r"[ \t\n]+", " ", html_lib.unescape(re_lib.sub(r"<[^>]+>", " ", str(markup))))


@pytest.fixture(scope="module")
def chain_analysis():
    from pathlib import Path

    from cxconsult import load_engagement
    from cxconsult.narrative import service_profit_chain as story

    engagement = load_engagement(Path(__file__).resolve().parents[1] / "data" / "engagements" / "aurora-telecom")
    return engagement, story.analyse(engagement)


def test_perception_text_says_what_is_compared_and_quotes_bain_right(chain_analysis):
    import dataclasses

    from cxconsult.i18n import translator
    from cxconsult.narrative import service_profit_chain as story

    engagement, a = chain_analysis
    text = _spc_plain(story.perception_html(engagement, a))
    assert "two different measures" in text and "80 out of 100" in text
    assert "rated only 8% of those companies" in text and "8% of their customers agreed" not in text
    # the same question put to leaders: a gap in percentage points with Newcombe's interval
    survey = engagement.spc.perception.survey["nps"]
    same = perception_gap(None, survey, scale="0-10", internal_scores=[9, 10, 8, 9, 7])  # 3 of 5 = 60%
    text = _spc_plain(story.perception_html(engagement, dataclasses.replace(a, gap=same)))
    assert "Asked the same question, 60% of Aurora Telecom's 5 leaders" in text
    assert f"The gap is {translator('en').points(same.gap)} percentage points" in text
    fr = _spc_plain(story.perception_html(engagement, a, translator("fr")))
    assert "deux mesures différentes" in fr and "qu'à 8\u00a0% d'entre elles" in fr


def test_client_name_is_escaped(chain_analysis):
    import dataclasses

    from cxconsult.narrative import service_profit_chain as story

    engagement, a = chain_analysis
    hostile = dataclasses.replace(engagement, client="<img src=x onerror=alert(1)>")
    out = str(story.overview(hostile, a)) + str(story.perception_html(hostile, a))
    assert "<img" not in out and "&lt;img src=x" in out


def test_one_customer_value_in_the_report(chain_analysis):
    """The chain values a kept customer at the retention section's value of a base customer, 234 x 1.09 / 0.27."""
    engagement, a = chain_analysis
    assert a.value_basis == "retention"
    assert a.value_per_customer == pytest.approx(19.5 * 12 * 1.09 / (1.09 - 0.82))
    kept = a.scenario.amount("customers_kept_per_year").value
    assert a.scenario.amount("value_of_customers_kept_per_year").value == pytest.approx(kept * a.value_per_customer)


def test_spc_appendix_has_full_references(chain_analysis):
    from cxconsult.narrative import service_profit_chain as story

    engagement, _ = chain_analysis
    rows = story.assumptions(engagement)
    sources = " ".join(r.source for r in rows)
    assert "Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E. & Schlesinger, L. A. (1994)" in sources
    assert "Allen, J., Reichheld, F. F., Hamilton, B. & Markey, R. (2005)" in sources
    assert "cxconsult" not in sources and "spc section" not in sources
    assert any(r.value.startswith("assumption") for r in rows if r.name == "What-if scenario")
