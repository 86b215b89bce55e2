"""The retention what-if app in a real voila server driven by chromium: moving the retention-gain
slider redraws the return-on-CX chart and the figures, and the NPV shown is the model's."""

from __future__ import annotations

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.narrative import fmt_money
from cxconsult.retention.analysis import analyse_retention

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROCE_CHART = "img.cx-retention-roce"
KPI = ".cx-retention-kpi"


def test_moving_retention_gain_redraws_roce(voila_server, new_page, open_app, screenshot):
    page = new_page(width=1280, height=1600)
    open_app(page, voila_server.url("retention"), ROCE_CHART)
    page.wait_for_function("() => { const k = document.querySelector('.cx-retention-kpi');"
                           " return k && k.textContent.includes('NPV'); }")
    assert "Aurora Telecom" in page.locator(".cx-header").text_content()
    config = load_engagement(voila_server.engagement_path).retention
    base = analyse_retention(config)
    assert fmt_money(base.roce.npv, "EUR") in page.locator(KPI).inner_text()
    before_src = page.locator(ROCE_CHART).get_attribute("src")
    before_kpi = page.locator(KPI).inner_text()
    screenshot(page, "before")

    readout = page.locator(".cx-input-retention-gain-points .widget-readout")
    assert readout.inner_text().strip() == "1.50"
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    page.keyboard.press("Enter")
    page.wait_for_function("(old) => document.querySelector('.cx-retention-kpi').innerText !== old",
                           arg=before_kpi)
    page.wait_for_function("(old) => document.querySelector('img.cx-retention-roce').src !== old",
                           arg=before_src)
    after = analyse_retention(config, retention_gain_points=3.0)
    assert fmt_money(after.roce.npv, "EUR") in page.locator(KPI).inner_text()
    assert after.roce.npv > base.roce.npv
    screenshot(page, "after")
