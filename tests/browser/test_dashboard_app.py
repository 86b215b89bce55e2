"""The CX dashboard app in a real voila server driven by chromium: choosing a touchpoint and a segment
updates the figures to the cube's values for that filter, within a second or so of the click."""

from __future__ import annotations

import time

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.voc.cube import build_cube

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KPI = ".cx-dashboard-kpi"


def _nps(page) -> str:
    return page.locator(f"{KPI} .cx-kpi-nps").get_attribute("data-value")


def test_filters_update_the_dashboard(voila_server, new_page, open_app, screenshot):
    page = new_page(width=1280, height=1700)
    open_app(page, voila_server.url("dashboard"), "img.cx-dashboard-trend")
    page.wait_for_function("() => { const k = document.querySelector('.cx-dashboard-kpi');"
                           " return k && k.textContent.includes('NPS'); }")
    assert "Aurora Telecom" in page.locator(".cx-header").text_content()
    feedback = load_engagement(voila_server.engagement_path).feedback
    cube = build_cube(feedback.data, feedback.metrics + feedback.attributes, csat_top=feedback.csat_top)
    start, end = cube.periods[-12], cube.periods[-1]
    everything = cube.summary("nps", start=start, end=end)
    assert float(_nps(page)) == pytest.approx(everything.value, abs=1e-6)
    assert page.locator(".cx-dashboard-tree").inner_text().count("Net Promoter Score") == 1
    screenshot(page, "all")

    before = _nps(page)
    tick = time.perf_counter()
    page.locator(".cx-filter-touchpoint select").select_option(["technical_fault"])
    page.wait_for_function("(old) => document.querySelector('.cx-dashboard-kpi .cx-kpi-nps')"
                           ".getAttribute('data-value') !== old", arg=before)
    seconds = time.perf_counter() - tick
    fault = cube.summary("nps", start=start, end=end, touchpoints=["technical_fault"])
    assert float(_nps(page)) == pytest.approx(fault.value, abs=1e-6)
    before = _nps(page)
    page.locator(".cx-filter-segment select").select_option(["Business"])
    page.wait_for_function("(old) => document.querySelector('.cx-dashboard-kpi .cx-kpi-nps')"
                           ".getAttribute('data-value') !== old", arg=before)
    both = cube.summary("nps", start=start, end=end, touchpoints=["technical_fault"], segments=["Business"])
    assert float(_nps(page)) == pytest.approx(both.value, abs=1e-6)
    from cxconsult.i18n import translator
    from cxconsult.voc.dashboard import dashboard

    latest = dashboard(feedback.measures, cube, start=start, end=end, touchpoints=["technical_fault"],
                       segments=["Business"])[0]
    nps_row = page.locator(".cx-dashboard-tree tr.cx-measure-nps").inner_text()
    assert translator("en").points(latest.current) in nps_row  # the tree follows the same filters
    answers = page.locator(f"{KPI} .cx-kpi-responses").get_attribute("data-value")
    assert int(answers) == cube.responses(start=start, end=end, touchpoints=["technical_fault"], segments=["Business"])
    screenshot(page, "filtered")
    print(f"\ndashboard: touchpoint filter answered in the browser in {seconds:.2f} s")
