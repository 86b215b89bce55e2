"""The explorers' live charts (bqplot marks updated in place): after a lever move each chart holds the
model's numbers for the new lever values, computed here independently through the models' public API,
and a number typed outside its range is refused with a message instead of being clamped."""

from __future__ import annotations

import numpy as np
import pytest
from bqplot import Figure

from cxconsult.apps.charts import CsfCharts, PoorServiceChart, RoceChart, WhatIfChart
from cxconsult.apps.outlook import build_outlook_app
from cxconsult.apps.retention import build_retention_app
from cxconsult.apps.service_profit_chain import build_service_profit_chain_app
from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.outlook import check_targets, project
from cxconsult.retention.analysis import analyse_retention
from cxconsult.spc import what_if

EN = translator("en")


def test_outlook_chart_follows_a_lever(engagement):
    app = build_outlook_app(engagement).cx_app
    assert isinstance(app.chart, CsfCharts) and all(isinstance(f, Figure) for f in app.chart.figures.values())
    marks = {name: id(line) for name, line in app.chart.lines.items()}
    app.sliders["shrinkage"].value = 0.25  # one browser-like change
    config = load_engagement(engagement).outlook
    report = check_targets(project(config.scenario("base").with_plan(shrinkage=0.25), months=config.targets.by_month),
                           config.targets)
    for name in app.chart.names:
        np.testing.assert_array_equal(app.chart.lines[name].y, report.trajectory[name].to_numpy())
        assert list(app.chart.targets[name].y) == [report[name].target] * 2
        assert app.chart.targets[name].colors == ["#2E7D32" if report[name].on_track else "#C00000"]
        assert list(app.chart.month_marks[name].x) == [report.by_month] * 2
    assert {name: id(line) for name, line in app.chart.lines.items()} == marks  # updated in place, not rebuilt
    # the headline counts the same on-track factors the chart titles name
    on_titles = sum("(on track)" in f.title for f in app.chart.figures.values())
    assert f"{on_titles} of {len(app.chart.names)}" in app.kpi.value
    headcount = report["headcount"]
    if headcount.first_month_met is not None:
        assert list(app.chart.first_met["headcount"].x) == [headcount.first_month_met]


def test_retention_charts_follow_an_input(engagement):
    app = build_retention_app(engagement).cx_app
    assert isinstance(app.poor, PoorServiceChart) and isinstance(app.roce, RoceChart)
    app.boxes["service_share"].value = 60.0  # typed in percent
    expected = analyse_retention(load_engagement(engagement).retention, service_share=0.6)
    flows = expected.roce.cashflows
    np.testing.assert_allclose(app.roce.running.y, flows["cumulative_discounted"], rtol=1e-12)
    np.testing.assert_allclose(app.roce.bars.y, flows["net"], rtol=1e-12)
    assert list(app.roce.bars.color) == [1.0 if v >= 0 else -1.0 for v in flows["net"]]
    month = expected.roce.discounted_payback_month
    assert list(app.roce.payback.x) == [month, month]
    table = expected.poor_service.table().sort_values("cost_per_year")
    np.testing.assert_allclose(app.poor.bars.y, table["cost_per_year"], rtol=1e-12)
    total = EN.compact_money(float(table["cost_per_year"].sum()), "EUR")
    assert app.poor.widget.title == f"Yearly cost of poor service: {total} a year"
    assert EN.compact_money(expected.roce.npv, "EUR") in app.roce.figure.title


def test_retention_out_of_range_input_says_so_and_keeps_the_chart(engagement):
    app = build_retention_app(engagement).cx_app
    before = app.roce.running.y.copy()
    app.boxes["poor_service_reduction"].value = 250.0
    assert app.banner.kind == "error" and "250.00 is outside 0.00 to 100.00" in app.banner.text
    np.testing.assert_array_equal(app.roce.running.y, before)


@pytest.fixture
def chain(engagement):
    return build_service_profit_chain_app(engagement).cx_app


def test_spc_chart_follows_a_lever(chain):
    assert isinstance(chain.live, WhatIfChart)
    chain.csat_slider.value = 4
    engagement = load_engagement(chain.engagement.path)
    value, _basis = 234 * 1.09 / 0.27, "retention"  # the retention section's value of a base customer
    expected = what_if(chain.fit, 5, 4, **{**engagement.spc.what_if_inputs(), "currency": "EUR",
                                             "value_per_customer": value})
    changes = list(expected.changes)[::-1]  # drawn with the first later stage on top
    np.testing.assert_allclose(chain.live.bars.y, [c.change for c in changes], rtol=1e-12)
    np.testing.assert_allclose(chain.live.intervals.x, [[c.low, c.high] for c in changes], rtol=1e-12)
    assert len(chain.live.bars.x) == len(changes)
    kept = expected.amount("customers_kept_per_year").value
    assert f"{EN.number(kept)} customers kept a year" in chain.live.caption.value


def test_spc_out_of_range_input_says_so(chain):
    bars = chain.live.bars.y.copy()
    chain.boxes["engagement"].value = 35.0  # the slider goes to +20
    assert chain.banner.kind == "error"
    assert "35.00 is outside -10.00 to 20.00" in chain.banner.text
    assert chain.engagement_slider.value == 5  # not clamped to 20
    np.testing.assert_array_equal(chain.live.bars.y, bars)
    chain.boxes["engagement"].value = 8.0  # back in range: accepted, the message goes
    assert chain.banner.kind is None and chain.engagement_slider.value == 8
