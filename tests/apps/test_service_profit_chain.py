"""The service-profit-chain what-if app without a browser: sliders drive the same numbers as the model."""

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
    assert app.chart.value and app.chain_image.value  # PNG bytes drawn


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
