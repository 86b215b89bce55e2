"""The service-profit-chain what-if app without a browser: sliders drive the same numbers as the model, the
headline cards and the live chart show one scenario, every lever moves what it claims to move (and
nothing else), and a value outside a slider's range is said, never clamped in silence."""

from __future__ import annotations

import html
import re

import pytest

from cxconsult import load_engagement
from cxconsult.apps.service_profit_chain import build_service_profit_chain_app
from cxconsult.i18n import translator
from cxconsult.narrative.retention import money
from cxconsult.spc import what_if


@pytest.fixture(scope="module")
def app(request):
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return build_service_profit_chain_app(root / "data" / "engagements" / "aurora-telecom").cx_app


def _card(app, css: str) -> str:
    match = re.search(rf'class="cx-kpi {css}"[^>]*>.*?<b>(.*?)</b>', app.kpis.value)
    return html.unescape(match.group(1))


def test_starts_at_the_section_scenario(app):
    config = app.config
    assert app.engagement_slider.value == config.engagement_points == 5
    assert app.csat_slider.value == config.csat_points == 0
    assert app.engagement_slider.continuous_update is False
    assert app.scenario.shifts == (("engagement", 5.0),)
    assert len(app.live.bars.y) == len(app.scenario.changes)  # the live chart drawn for that scenario
    assert "cx-chain-stage" in app.chain_diagram.value  # the chain diagram (HTML)


def test_slider_values_give_the_model_numbers(app):
    """Independent call of what_if with the same inputs: the cards show exactly its figures."""
    app.engagement_slider.value = 12
    app.csat_slider.value = 3
    app.margin_slider.value = 0.4
    engagement = load_engagement(app.engagement.path)
    # the value of a customer kept is the retention section's value of a base customer: 234 x 1.09 / 0.27
    inputs = {**engagement.spc.what_if_inputs(), "margin": 0.4, "currency": engagement.currency,
              "value_per_customer": 234 * 1.09 / 0.27}
    expected = what_if(app.fit, 12, 3, **inputs)
    kept = expected.amount("customers_kept_per_year").value
    en = translator("en")
    assert _card(app, "cx-kept") == f"{kept:,.0f}"
    assert _card(app, "cx-profit") == money(en, expected.amount("extra_profit_per_year").value, "EUR")
    assert _card(app, "cx-revenue") == money(en, expected.amount("extra_revenue_per_year").value, "EUR")
    assert _card(app, "cx-value") == money(en, expected.amount("value_of_customers_kept_per_year").value, "EUR")
    # profit = revenue x margin: the margin slider reaches the model
    assert expected.amount("extra_profit_per_year").value == pytest.approx(
        0.4 * expected.amount("extra_revenue_per_year").value)
    change = expected.change("revenue_growth").change
    assert f"{change:+.3g}" in app.table.value


def test_moving_engagement_down_turns_figures_negative(app):
    app.engagement_slider.value = -5
    app.csat_slider.value = 0
    assert app.scenario.amount("customers_kept_per_year").value < 0
    assert _card(app, "cx-profit").startswith("-€")


def test_engagement_without_chain_section_shows_a_banner(tmp_path):
    (tmp_path / "engagement.yaml").write_text("client: Nochain Ltd\ndate: 2026-01-01\nintake:\n  responses: r.csv\n")
    (tmp_path / "r.csv").write_text("respondent,role,question,answer\n")
    widget = build_service_profit_chain_app(tmp_path)
    assert widget.cx_app.banner.kind == "error"
    assert "no 'service_profit_chain' section" in widget.cx_app.banner.text


def _numbers(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text))


def test_headline_and_chart_show_the_same_scenario(app):
    """The cards and the chart read one WhatIfResult: the customers kept and the profit in the chart's
    caption are the cards' numbers, and each bar is a stage change of the table."""
    app.engagement_slider.value = 7
    app.csat_slider.value = -2
    s = app.scenario
    assert s.shifts == (("engagement", 7.0), ("csat", -2.0))
    en = translator("en")
    kept = s.amount("customers_kept_per_year").value
    assert _card(app, "cx-kept") == en.number(kept)
    caption = _numbers(app.live.caption.value)
    assert f"{en.number(kept)} customers kept a year" in caption
    assert f"{en.compact_money(s.amount('extra_profit_per_year').value, 'EUR')} more profit a year" in caption
    assert "+7 points of employee engagement" in caption
    assert list(app.live.bars.y) == [c.change for c in s.changes][::-1]
    for change in s.changes:
        assert f"{change.change:+.3g}" in app.table.value
    assert 'data-scenario="+7 engagement, -2 csat"' in app.chart_state.value


def test_each_lever_moves_what_it_claims(app):
    """Engagement moves every stage after it; CSAT only the stages after CSAT; the margin only the profit."""
    app.engagement_slider.value = 0
    app.csat_slider.value = 0
    app.margin_slider.value = 0.5
    assert app.scenario.changes == () or all(c.change == 0 for c in app.scenario.changes)
    app.csat_slider.value = 3
    csat_only = app.scenario
    stages = [c.stage for c in csat_only.changes]
    assert "employee_retention" not in stages and "customer_retention" in stages  # only after CSAT
    revenue = csat_only.amount("extra_revenue_per_year").value
    kept = csat_only.amount("customers_kept_per_year").value
    app.margin_slider.value = 0.25  # halves the profit, nothing else
    assert app.scenario.amount("extra_revenue_per_year").value == pytest.approx(revenue)
    assert app.scenario.amount("customers_kept_per_year").value == pytest.approx(kept)
    assert app.scenario.amount("extra_profit_per_year").value == pytest.approx(0.25 * revenue)
    app.engagement_slider.value = 4
    assert "employee_retention" in [c.stage for c in app.scenario.changes]
    assert app.scenario.amount("customers_kept_per_year").value > kept  # engagement adds to the CSAT move


def test_a_section_value_beyond_the_slider_widens_it(engagement):
    """The section asks for +30 engagement points, beyond the slider's +20: the slider reaches +30 and
    the page shows +30, rather than quietly showing +20."""
    spc = engagement / "spc.yaml"
    spc.write_text(spc.read_text().replace("engagement_points: 5 ", "engagement_points: 30 "))
    app = build_service_profit_chain_app(engagement).cx_app
    assert app.engagement_slider.value == 30 and app.engagement_slider.max == 30
    assert app.boxes["engagement"].value == 30
    assert app.scenario.shifts == (("engagement", 30.0),)


def test_a_typed_value_outside_its_range_is_refused(engagement):
    app = build_service_profit_chain_app(engagement).cx_app
    profit = app.scenario.amount("extra_profit_per_year").value
    app.boxes["margin"].value = 140.0  # percent
    assert app.banner.kind == "error"
    assert "Margin on extra revenue (%): 140.00 is outside 0.00 to 100.00" in app.banner.text
    assert app.margin_slider.value == pytest.approx(0.51)
    assert app.scenario.amount("extra_profit_per_year").value == pytest.approx(profit)
    app.boxes["margin"].value = 40.0
    assert app.banner.kind is None and app.margin_slider.value == pytest.approx(0.4)
