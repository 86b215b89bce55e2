"""The facilitator page built without a browser, on answers written to a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxconsult.apps.facilitator import build_facilitator
from cxconsult.engagement import load_responses
from cxconsult.store import ResponseStore

PNG = b"\x89PNG"


def test_empty_store_says_so_and_creates_nothing(engagement: Path):
    app = build_facilitator(engagement).cx_app
    assert app.result is None and app.banner.kind == "info" and "No answers yet" in app.banner.text
    assert app.results.layout.display == "none"
    assert not (engagement / "responses.db").exists()


def test_results_of_two_participants(engagement: Path):
    store = ResponseStore(engagement)
    ana, ben = store.register("Ana", "Agent"), store.register("Ben", "CFO")
    for qid, a, b in [("P1", 4, 0), ("P2", 3, 3), ("T1", 2, "dk")]:
        store.save_answer(ana.id, qid, a)
        store.save_answer(ben.id, qid, b)
    app = build_facilitator(engagement).cx_app
    # Hand-worked (scores = mean answer / 4 x 100): people (4+0+3+3)/4 = 2.5 -> 62.5;
    # processes & technology 2 -> 50 ("dk" left out); index = mean of the two scored areas = 56.25.
    assert app.result.by_area["people"] == pytest.approx(62.5)
    assert app.result.index == pytest.approx(56.25)
    assert '<b class="cx-index">56</b>' in app.kpis.value
    assert "2 participant(s) · 6 answer(s)" in app.head.value
    assert bytes(app.area_chart.value).startswith(PNG) and bytes(app.heatmap.value).startswith(PNG)
    # Most disagreed: P1 (answers 4 and 0: sample SD sqrt(8) = 2.83), listed first.
    first_row = app.disagreements.value.split("<tbody>")[1].split("</tr>")[0]
    assert "P1" in first_row and "2.83" in first_row and "0-4" in first_row
    assert "<td>T1</td>" not in app.disagreements.value  # one scored answer: no SD, not listed
    assert app.actions.value.count("<li") == 3

    store.save_answer(ben.id, "C1", 1)
    app.refresh_button.click()
    assert "7 answer(s)" in app.head.value


def test_export_writes_loadable_responses_csv(engagement: Path):
    store = ResponseStore(engagement)
    ana = store.register("Ana", "Agent")
    store.save_answer(ana.id, "F2", "dk")
    store.save_answer(ana.id, "F1", 2)
    app = build_facilitator(engagement).cx_app
    app.export_button.click()
    assert app.banner.kind == "ok" and "Exported 2 answer(s)" in app.banner.text
    assert load_responses(engagement).values.tolist() == [["Ana", "Agent", "F1", 2], ["Ana", "Agent", "F2", "dk"]]
    assert list(engagement.glob("responses.csv.*.bak"))  # the sample's own answers were kept aside
