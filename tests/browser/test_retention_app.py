"""The retention what-if app in a real voila server driven by chromium: typing a retention gain redraws the
return-on-CX chart and the figures (the NPV shown is the model's), the headline's payback month is the one
the chart marks, a value outside its range is refused with a message, and on a 375 px phone every input's
label stays whole and on screen."""

from __future__ import annotations

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative.retention import money
from cxconsult.retention.analysis import analyse_retention

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROCE_CHART = ".cx-retention-roce"
SHAPES = ("(sel) => [...document.querySelectorAll(sel + ' path')].map(p => p.getAttribute('d') || '')"
          ".filter(d => d.length > 20).join('|')")
KPI = ".cx-retention-kpi"
EN = translator("en")


def _type(page, name: str, value: str) -> None:
    box = page.locator(f".cx-input-{name} input")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(value)
    page.keyboard.press("Enter")


def test_typing_a_retention_gain_redraws_roce(voila_server, new_page, open_app, screenshot):
    page = new_page(width=1280, height=1600)
    open_app(page, voila_server.url("retention"), ROCE_CHART)
    page.wait_for_function("(sel) => (" + SHAPES + ")(sel).length > 0", arg=ROCE_CHART)
    page.wait_for_function("() => { const k = document.querySelector('.cx-retention-kpi');"
                           " return k && k.textContent.includes('net present value'); }")
    assert "Aurora Telecom" in page.locator(".cx-header").text_content()
    config = load_engagement(voila_server.engagement_path).retention
    base = analyse_retention(config)
    kpi = page.locator(KPI).inner_text()
    assert money(EN, base.roce.npv, "EUR") in kpi
    # the headline's payback is the chart's: the discounted month (27 for Aurora), not the undiscounted one
    assert f"discounted payback: month {base.roce.discounted_payback_month}" in kpi
    month = base.roce.discounted_payback_month
    assert f"discounted payback: month {month}" in page.locator(".cx-roce-key").inner_text()  # the chart's mark
    before_shapes = page.evaluate(SHAPES, ROCE_CHART)
    screenshot(page, "before")

    assert page.locator(".cx-input-retention-gain-points input").input_value() == "1.5"
    _type(page, "retention-gain-points", "3")
    page.wait_for_function("(old) => document.querySelector('.cx-retention-kpi').innerText !== old", arg=kpi)
    page.wait_for_function("([sel, old]) => (" + SHAPES + ")(sel) !== old", arg=[ROCE_CHART, before_shapes])
    after = analyse_retention(config, retention_gain_points=3.0)
    assert money(EN, after.roce.npv, "EUR") in page.locator(KPI).inner_text()
    assert after.roce.npv > base.roce.npv
    page.wait_for_function("(want) => document.querySelector('.cx-retention-roce .mainheading').textContent"
                           ".includes(want)", arg=EN.compact_money(after.roce.npv, "EUR"))  # the chart's title too
    screenshot(page, "after")

    _type(page, "poor-service-reduction", "250")  # a share above 100%: said, not clamped
    page.wait_for_function("() => (document.querySelector('.cx-banner') || {textContent: ''})"
                           ".textContent.includes('outside 0.00 to 100.00')")
    assert money(EN, after.roce.npv, "EUR") in page.locator(KPI).inner_text()  # figures kept


def test_labels_stay_whole_on_a_phone(voila_server, new_page, open_app, screenshot):
    page = new_page(width=375, height=812)
    open_app(page, voila_server.url("retention"), ROCE_CHART)
    labels = page.locator(".cx-retention label.cx-label")
    assert labels.count() == 7
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 0.5, labels.nth(i).inner_text()
        clipped = labels.nth(i).evaluate("e => e.scrollWidth > e.clientWidth + 1 || e.parentElement.scrollWidth > "
                                         "e.parentElement.clientWidth + 1")
        assert not clipped, labels.nth(i).inner_text()
    numbers = page.locator(".cx-retention [class*='cx-input-'] input[type='number']")
    assert numbers.count() == 7
    for i in range(numbers.count()):
        box = numbers.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 375 + 0.5
    screenshot(page, "phone")
