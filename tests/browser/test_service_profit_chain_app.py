"""The service-profit-chain what-if app in a real voila server driven by chromium."""

from __future__ import annotations

import pytest

from cxconsult import load_engagement
from cxconsult.spc import what_if

pytestmark = [pytest.mark.browser, pytest.mark.slow]

KEPT = ".cx-kept b"
CHART = ".cx-what-if-chart"
#: the bars' drawn sizes (bqplot SVG rects): change when the what-if changes
BARS = "(sel) => [...document.querySelectorAll(sel + ' rect.bar')].map(r => r.getAttribute('width')).join('|')"


def test_moving_engagement_updates_figures_and_chart(voila_server, new_page, open_app, screenshot):
    page = new_page()
    open_app(page, voila_server.url("service_profit_chain"), KEPT)
    assert "Aurora Telecom" in page.locator(".cx-header").text_content()
    before_kept = page.locator(KEPT).inner_text()
    page.wait_for_selector(CHART, state="visible")
    page.wait_for_function("(sel) => (" + BARS + ")(sel).length > 0", arg=CHART)
    before_bars = page.evaluate(BARS, CHART)
    screenshot(page, "start")

    handle = page.locator(".cx-engagement .noUi-handle")
    handle.focus()
    for _ in range(5):  # +5 -> +10 engagement points, one step each
        handle.press("ArrowRight")
    page.wait_for_function("([sel, old]) => document.querySelector(sel).textContent !== old", arg=[KEPT, before_kept])
    assert handle.get_attribute("aria-valuenow").startswith("10")

    # the page shows what the model gives for +10 points (computed here independently of the app)
    engagement = load_engagement(voila_server.engagement_path)
    fit = engagement.spc.chain().fit(engagement.spc.frame)
    expected = what_if(fit, 10, 0, **{**engagement.spc.what_if_inputs(), "currency": engagement.currency})
    page.wait_for_function("([sel, want]) => document.querySelector(sel).textContent === want",
                           arg=[KEPT, f"{expected.amount('customers_kept_per_year').value:,.0f}"])
    growth = f"{expected.change('revenue_growth').change:+.3g}"  # the stage table follows the same inputs
    page.wait_for_function("(want) => [...document.querySelectorAll('.cx-table')].some(t => t.textContent.includes(want))",
                           arg=growth)
    page.wait_for_function("([sel, old]) => (" + BARS + ")(sel) !== old",
                           arg=[CHART, before_bars])  # the chart was redrawn ...
    page.wait_for_function("() => (document.querySelector('.cx-chart-state') || {dataset: {}}).dataset.scenario"
                           " === '+10 engagement'")  # ... for the final slider value (set after each redraw)
    kept = f"{expected.amount('customers_kept_per_year').value:,.0f}"  # the chart's caption: the cards' number
    page.wait_for_function("(want) => document.querySelector('.cx-what-if-chart').textContent"
                           ".includes(want + ' customers kept a year')", arg=kept)
    screenshot(page, "moved")


def test_labels_stay_whole_on_a_phone(voila_server, new_page, open_app, screenshot):
    page = new_page(width=375, height=812)
    open_app(page, voila_server.url("service_profit_chain"), KEPT)
    labels = page.locator(".cx-spc label.cx-label")
    assert labels.count() >= 2
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 0.5, labels.nth(i).inner_text()
        assert not labels.nth(i).evaluate("e => e.scrollWidth > e.clientWidth + 1")
    assert "Employee engagement points to add" in labels.first.inner_text()
    slider = page.locator(".cx-engagement").bounding_box()
    assert slider is not None and slider["x"] + slider["width"] <= 375 + 0.5
    numbers = page.locator(".cx-spc input[type='number']")
    assert numbers.count() == 3
    for i in range(numbers.count()):
        box = numbers.nth(i).bounding_box()
        assert box is not None and box["x"] + box["width"] <= 375 + 0.5
    screenshot(page, "phone")
