"""The outlook explorer without a browser: sliders drive the model, the page shows the model's numbers."""

from __future__ import annotations

import pytest

from cxconsult.apps.outlook import SLIDERS, build_outlook_app
from cxconsult.i18n import translator
from cxconsult.outlook import check_targets, project


@pytest.fixture
def app(engagement):
    return build_outlook_app(engagement).cx_app


def test_opens_on_the_base_scenario(app):
    base = app.config.scenario("base")
    assert app.assumptions == base                      # sliders start at the plan's own values
    assert app.sliders["aht_s"].value == pytest.approx(dict(base.planned)["aht_s"])
    assert app.sliders["digital_share"].value == pytest.approx(0.45)
    assert app.sliders["max_abandon"].value == pytest.approx(0.06)
    report = check_targets(project(base), app.config.targets)
    on = sum(r.on_track for r in report.results if r.name != "cost_base_stretch")
    assert f"{on} of 8" in app.kpi.value
    assert list(app.chart.lines["cost_base"].y) == list(report.trajectory["cost_base"])  # the live chart: same report


def test_sliders_change_the_numbers_shown(app):
    before = app.chart.lines["cost_base"].y.copy()
    app.set_values(aht_s=400.0, self_service_target=0.9, digital_share=0.6, max_abandon=0.03)
    # Independently: the scenario with the same changes, through the model's public API.
    expected = (app.config.scenario("base").with_values(self_service_target=0.9, max_abandon=0.03)
                .with_plan(aht_s=400.0, digital_share=0.6))
    frame = project(expected)
    report = check_targets(frame, app.config.targets)
    assert app.report.to_frame().equals(report.to_frame())
    cost = report["cost_base"]
    tr = translator("en")
    # each number next to its label: the cost-base row carries the model's change
    row = app.table.value.split("<tr>")[3]
    assert row.startswith("<td>Cost base</td>")
    assert tr.compact_money(cost.value, "EUR", 2) in row
    sign = "\u2212" if cost.change < 0 else "+"
    assert f"<td>{sign}{tr.percent(abs(cost.change), 1)}</td>" in row
    assert list(app.chart.lines["cost_base"].y) == list(report.trajectory["cost_base"])  # the chart moved with it
    assert list(app.chart.lines["cost_base"].y) != list(before)
    on = sum(r.on_track for r in report.results if r.name != "cost_base_stretch")
    assert f"{on} of 8" in app.kpi.value
    assert f"phone calls abandoned: {tr.percent(frame['abandon_rate'].iloc[-1], 1)}" in app.kpi.value


def test_one_slider_event_redraws(app):
    app.sliders["shrinkage"].value = 0.25            # as a browser would: one observed change
    assert dict(app.assumptions.planned)["shrinkage"] == pytest.approx(0.25)
    assert app.assumptions.shrinkage == app.config.assumptions.shrinkage   # today's value unchanged


def test_scenario_switch_loads_its_values_and_reset(app):
    app.scenario.value = "automation_push"
    push = app.config.scenario("automation_push")
    assert app.sliders["self_service_target"].value == pytest.approx(push.self_service_target)
    assert app.sliders["self_service_leak_back"].value == pytest.approx(0.2)
    app.set_values(self_service_target=0.5)
    app.reset.click()
    assert app.assumptions == push


def test_every_slider_is_wired():
    assert {s.lever for s in SLIDERS} == {"self_service_target", "self_service_leak_back", "aht_s",
                                         "shrinkage", "cost_per_fte_per_year", "customer_growth_monthly",
                                         "digital_share", "max_abandon"}


def test_the_explorer_speaks_the_engagement_language(engagement):
    yaml_file = engagement / "engagement.yaml"
    text = yaml_file.read_text()
    text = "\n".join(l for l in text.splitlines() if not l.startswith("language:")) + "\nlanguage: fr\n"
    yaml_file.write_text(text)
    app = build_outlook_app(engagement).cx_app
    assert app.reset.description == "Revenir au scénario"
    assert app.sliders["digital_share"].description.startswith("Part du numérique")
    assert "facteurs clés de succès en bonne voie" in app.kpi.value
    assert "Base de coûts" in app.table.value and "Cost base" not in app.table.value


def test_engagement_without_outlook_shows_a_banner(engagement):
    yaml_file = engagement / "engagement.yaml"
    yaml_file.write_text("\n".join(l for l in yaml_file.read_text().splitlines()
                                   if not l.startswith("outlook:")) + "\n")
    app = build_outlook_app(engagement).cx_app
    assert "no outlook section" in app.banner.text
