"""The outlook explorer in a real voila server driven by chromium: a lever moves, the charts and the
target table follow, and the numbers shown are the model's for that lever value."""

from __future__ import annotations

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.outlook import check_targets, project

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHART = ".cx-outlook-chart"
TABLE = ".cx-outlook-targets"
#: the chart's drawn shapes (bqplot SVG paths): changes when the data of any mark changes
SHAPES = ("(sel) => [...document.querySelectorAll(sel + ' path')].map(p => p.getAttribute('d') || '')"
          ".filter(d => d.length > 20).join('|')")
DRAWN = "(sel) => (" + SHAPES + ")(sel).length > 0"


def test_moving_the_aht_lever_redraws_chart_and_targets(voila_server, new_page, open_app, screenshot):
    page = new_page(width=1280, height=1400)
    open_app(page, voila_server.url("outlook"), CHART)
    page.wait_for_function(DRAWN, arg=CHART)
    page.wait_for_function("() => { const t = document.querySelector('.cx-outlook-targets');"
                           " return t && t.textContent.includes('Cost base'); }")
    assert "Aurora Telecom" in page.locator(".cx-header").text_content()
    before_shapes = page.evaluate(SHAPES, CHART)
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
    page.wait_for_function("([sel, old]) => (" + SHAPES + ")(sel) !== old", arg=[CHART, before_shapes])

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
    # the chart's titles name the same on-track factors the headline counts
    page.wait_for_function("(want) => [...document.querySelectorAll('.cx-outlook-chart .mainheading')]"
                           ".filter(t => t.textContent.includes('(on track)')).length === want", arg=on)
    cost = page.locator(".cx-outlook-chart .mainheading").nth(1).text_content()
    assert cost.startswith("Cost base") and ("(on track)" if report["cost_base"].on_track else "(off track)") in cost
    screenshot(page, "after")


def test_labels_and_levers_stay_on_a_phone(voila_server, new_page, open_app, screenshot):
    page = new_page(width=375, height=812)
    open_app(page, voila_server.url("outlook"), CHART)
    labels = page.locator(".cx-outlook .cx-lever .widget-label")
    assert labels.count() == 8
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 0.5, labels.nth(i).inner_text()
        assert not labels.nth(i).evaluate("e => e.scrollWidth > e.clientWidth + 1"), labels.nth(i).inner_text()
    for selector in (".cx-lever .slider-container", ".cx-lever .widget-readout", ".cx-outlook button"):
        items = page.locator(selector)
        for i in range(items.count()):
            box = items.nth(i).bounding_box()
            assert box is not None and box["width"] > 20 and box["x"] + box["width"] <= 375 + 0.5, selector
    screenshot(page, "phone")
