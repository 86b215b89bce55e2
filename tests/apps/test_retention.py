"""The retention what-if app without a browser: inputs drive analyse_retention, the page shows the model's
numbers for those inputs, the headline and the chart read the same payback month, the base's retention
moves the value of a base customer, and a typed value outside its range is refused, not clamped."""

from __future__ import annotations

import html
import re

import pytest

from cxconsult.apps.retention import SLIDERS, build_retention_app
from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative.retention import money
from cxconsult.retention.analysis import analyse_retention

EN = translator("en")


def _kpi_values(text: str) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r'class="cx-kpi-([a-z-]+)" data-value="([-0-9.e]+)"', text)}


def _html_values(widget) -> list[str]:
    out = [widget.value] if hasattr(widget, "value") and isinstance(widget.value, str) else []
    for child in getattr(widget, "children", ()):
        out += _html_values(child)
    return out


def _kpi_text(app) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", app.kpi.value))


def test_page_starts_at_the_engagement_figures(engagement):
    app = build_retention_app(engagement).cx_app
    expected = analyse_retention(load_engagement(engagement).retention)
    assert set(app.sliders) == {s.name for s in SLIDERS}
    shown = _kpi_values(app.kpi.value)
    assert shown["clv"] == pytest.approx(expected.economics.clv, rel=1e-6)
    # Aurora: a base customer is worth 19.50 x 12 x 1.09 / (1.09 - 0.82) = 944.67
    assert shown["base-value"] == pytest.approx(234 * 1.09 / 0.27, rel=1e-9)
    assert shown["cost-of-poor-service"] == pytest.approx(expected.poor_service.total_per_year, rel=1e-6)
    assert shown["npv"] == pytest.approx(expected.roce.npv, rel=1e-6)
    text = _kpi_text(app)
    assert f"Lifetime value of a new customer  {money(EN, expected.economics.clv, 'EUR')}" in text
    assert f"Value of a customer of today's base  {money(EN, 234 * 1.09 / 0.27, 'EUR')}" in text
    assert list(app.roce.running.y) == list(expected.roce.cashflows["cumulative_discounted"])
    assert sorted(app.poor.bars.y) == sorted(expected.poor_service.table()["cost_per_year"])


def test_headline_payback_is_the_charts_discounted_payback(engagement):
    """Today the chart marks the discounted payback (month 27 for Aurora) and the headline said month 25
    (undiscounted): both now read result.discounted_payback_month."""
    app = build_retention_app(engagement).cx_app
    month = app.analysis.roce.discounted_payback_month
    flows = app.analysis.roce.cashflows["cumulative_discounted"]
    assert flows[month] >= 0 > flows[month - 1]  # the month the running total in today's money turns positive
    assert month != app.analysis.roce.payback_month  # the undiscounted month differs: the test can tell them apart
    assert f"discounted payback: month {month};" in _kpi_text(app)
    assert f'data-payback="{month}"' in app.kpi.value
    assert list(app.roce.payback.x) == [month, month] and app.roce.payback.visible  # the chart's dashed line
    assert f"discounted payback: month {month}" in app.roce.key.value


def test_yearly_retention_of_the_base_moves_the_value_of_a_base_customer(engagement):
    app = build_retention_app(engagement).cx_app
    before = _kpi_values(app.kpi.value)
    app.boxes["retention_per_year"].value = 90.5  # typed in percent
    assert app.sliders["retention_per_year"].value == pytest.approx(0.905)
    after = _kpi_values(app.kpi.value)
    # 234 x 1.09 / (1.09 - 0.905) = 1,378.70
    assert after["base-value"] == pytest.approx(234 * 1.09 / 0.185, rel=1e-9)
    assert after["base-value"] > before["base-value"]
    assert after["npv"] != pytest.approx(before["npv"])  # the programme's appraisal follows it too
    assert "at a yearly retention of 90.5%" in _kpi_text(app)


def test_moving_inputs_shows_the_models_numbers(engagement):
    app = build_retention_app(engagement).cx_app
    before = app.roce.running.y.copy()
    inputs = dict(retention_gain_points=3.0, margin_per_period=25.0, discount_rate_per_year=0.12,
                  acquisition_cost=300.0, service_share=0.5, poor_service_reduction=0.4, retention_per_year=0.8)
    app.set_values(**inputs)
    expected = analyse_retention(load_engagement(engagement).retention, **inputs)
    shown = _kpi_values(app.kpi.value)
    assert shown["clv"] == pytest.approx(expected.economics.clv, rel=1e-6)
    assert shown["npv"] == pytest.approx(expected.roce.npv, rel=1e-6)
    assert list(app.roce.running.y) == list(expected.roce.cashflows["cumulative_discounted"])
    assert list(app.roce.running.y) != list(before)
    assert app.boxes["service_share"].value == pytest.approx(50.0)  # the number box follows the slider
    # independent check: service-driven leavers x value of a base customer (25 x 12 = 300 a year, r 0.8, d 0.12)
    cfg = load_engagement(engagement).retention
    assert expected.value_lost_with_service_leavers == pytest.approx(
        cfg.defections_per_year * 0.5 * 300 * 1.12 / (1.12 - 0.8))


def test_a_typed_value_outside_its_range_is_refused_not_clamped(engagement):
    app = build_retention_app(engagement).cx_app
    share = app.sliders["service_share"].value
    npv = app.analysis.roce.npv
    app.boxes["service_share"].value = 95.0  # inside 0-100: accepted
    assert app.sliders["service_share"].value == pytest.approx(0.95)
    app.boxes["service_share"].value = 150.0  # outside: says so, keeps the last valid figures
    assert app.banner.kind == "error"
    assert "150.00 is outside 0.00 to 100.00" in app.banner.text
    assert app.sliders["service_share"].value == pytest.approx(0.95)
    app.reset()
    assert app.banner.text == ""
    assert app.sliders["service_share"].value == pytest.approx(share)
    assert app.analysis.roce.npv == pytest.approx(npv)


def test_impossible_inputs_show_a_banner_and_reset_recovers(engagement):
    app = build_retention_app(engagement).cx_app
    npv = app.analysis.roce.npv
    app.set_values(retention_per_year=0.97, retention_gain_points=5.0)
    assert "cannot be evaluated" in app.banner.text and "100%" in app.banner.text
    app.reset()
    assert app.banner.text == ""
    assert app.analysis.roce.npv == pytest.approx(npv)


def test_the_page_speaks_the_engagements_language(engagement):
    yaml = engagement / "engagement.yaml"
    yaml.write_text(yaml.read_text().replace("language: en", "language: fr"))
    app = build_retention_app(engagement).cx_app
    text = _kpi_text(app)
    assert "Valeur vie d'un nouveau client" in text and "Lifetime value" not in text
    month = app.analysis.roce.discounted_payback_month
    assert f"retour actualisé\u00a0: mois {month}" in text
    labels = html.unescape(" ".join(_html_values(app.widget)))
    assert "Retention" not in labels and "What if" not in labels
    assert "Fidélisation annuelle du portefeuille actuel (%)" in labels
    assert app.reset_button.description == "Revenir aux chiffres de la mission"


def test_engagement_without_retention_section(engagement):
    text = (engagement / "engagement.yaml").read_text()
    (engagement / "engagement.yaml").write_text("\n".join(line for line in text.splitlines()
                                                          if not line.startswith("retention:")) + "\n")
    app = build_retention_app(engagement).cx_app
    assert "no retention section" in app.banner.text
