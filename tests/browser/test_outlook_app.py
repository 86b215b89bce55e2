"""The outlook explorer in a real voila server driven by chromium: a lever moves, the charts and the
target table follow, and the numbers shown are the model's for that lever value."""

from __future__ import annotations

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.outlook import check_targets, project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHART = "img.cx-outlook-chart"
TABLE = ".cx-outlook-targets"


def test_moving_the_aht_lever_redraws_chart_and_targets(voila_server, new_page, open_app, screenshot):
    page = new_page(width=1280, height=1400)
    open_app(page, voila_server.url("outlook"), CHART)
    page.wait_for_function("() => { const t = document.querySelector('.cx-outlook-targets');"
                           " return t && t.textContent.includes('Cost base'); }")
    assert "Aurora Telecom" in page.locator(".cx-header").text_content()
    before_src = page.locator(CHART).get_attribute("src")
    before_table = page.locator(TABLE).inner_text()
    screenshot(page, "before")

    readout = page.locator(".cx-lever-aht-s .widget-readout")
    assert readout.inner_text().strip() == "448"          # the plan's AHT by month 36
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("400")
    page.keyboard.press("Enter")
    page.wait_for_function("(old) => document.querySelector('.cx-outlook-targets').innerText !== old",
                           arg=before_table)
    page.wait_for_function("(old) => document.querySelector('img.cx-outlook-chart').src !== old",
                           arg=before_src)

    # The page now shows the model's numbers for a planned AHT of 330 s (computed here independently).
    config = load_engagement(voila_server.engagement_path).outlook
    report = check_targets(project(config.scenario("base").with_plan(aht_s=400.0)), config.targets)
    table = page.locator(TABLE).inner_text()
    tr = translator("en")
    for name, label in (("cost_base", "Cost base"), ("headcount", "Headcount")):
        change = report[name].change
        row = next(line for line in table.splitlines() if line.startswith(label + "\t"))
        assert ("+" if change > 0 else "\u2212") + tr.percent(abs(change), 1) in row
    on = sum(r.on_track for r in report.results if r.name != "cost_base_stretch")
    assert f"{on} of 8" in page.locator(".cx-kpi").first.inner_text()
    screenshot(page, "after")
