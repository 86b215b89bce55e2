"""The retention what-if app without a browser: sliders drive analyse_retention and the page shows
the model's numbers for those inputs."""

from __future__ import annotations

import re

import pytest

from cxconsult.apps.retention import SLIDERS, build_retention_app
from cxconsult.engagement import load_engagement
from cxconsult.narrative import fmt_money
from cxconsult.retention.analysis import analyse_retention


def _kpi_values(html: str) -> dict[str, float]:
    return {k: float(v) for k, v in re.findall(r'class="cx-kpi-([a-z-]+)" data-value="([-0-9.e]+)"', html)}


def test_page_starts_at_the_engagement_figures(engagement):
    app = build_retention_app(engagement).cx_app
    expected = analyse_retention(load_engagement(engagement).retention)
    assert set(app.sliders) == {s.name for s in SLIDERS}
    shown = _kpi_values(app.kpi.value)
    assert shown["clv"] == pytest.approx(expected.economics.clv, rel=1e-6)
    assert shown["cost-of-poor-service"] == pytest.approx(expected.total_cost_of_poor_service_per_year, rel=1e-6)
    assert shown["npv"] == pytest.approx(expected.roce.npv, rel=1e-6)
    assert fmt_money(expected.economics.clv, "EUR") in app.kpi.value
    assert app.poor_chart.value[:4] == b"\x89PNG" and app.roce_chart.value[:4] == b"\x89PNG"


def test_moving_sliders_shows_the_models_numbers(engagement):
    app = build_retention_app(engagement).cx_app
    before = bytes(app.roce_chart.value)
    inputs = dict(retention_gain_points=3.0, margin_per_period=25.0, discount_rate_per_year=0.12,
                  acquisition_cost=300.0, service_share=0.5, poor_service_reduction=0.4, retention_per_year=0.8)
    app.set_values(**inputs)
    expected = analyse_retention(load_engagement(engagement).retention, **inputs)
    shown = _kpi_values(app.kpi.value)
    assert shown["clv"] == pytest.approx(expected.economics.clv, rel=1e-6)
    assert shown["cost-of-poor-service"] == pytest.approx(expected.total_cost_of_poor_service_per_year, rel=1e-6)
    assert shown["npv"] == pytest.approx(expected.roce.npv, rel=1e-6)
    assert bytes(app.roce_chart.value) != before
    # independent check of one figure: service-driven defections = defections x share x CLV
    cfg = load_engagement(engagement).retention
    assert expected.service_cost.per_year == pytest.approx(cfg.defections_per_year * 0.5 * expected.economics.clv)


def test_impossible_inputs_show_a_banner_and_reset_recovers(engagement):
    app = build_retention_app(engagement).cx_app
    npv = app.analysis.roce.npv
    app.set_values(retention_per_year=0.97, retention_gain_points=5.0)
    assert "cannot be evaluated" in app.banner.text and "100%" in app.banner.text
    app.reset()
    assert app.banner.text == ""
    assert app.analysis.roce.npv == pytest.approx(npv)


def test_engagement_without_retention_section(engagement):
    text = (engagement / "engagement.yaml").read_text()
    (engagement / "engagement.yaml").write_text("\n".join(line for line in text.splitlines()
                                                          if not line.startswith("retention:")) + "\n")
    app = build_retention_app(engagement).cx_app
    assert "no retention section" in app.banner.text
