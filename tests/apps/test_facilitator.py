"""The facilitator page built without a browser, on answers written to a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxconsult.apps.facilitator import build_facilitator
from cxconsult.engagement import load_responses
from cxconsult.store import ResponseStore

PNG = b"\x89PNG"


def test_empty_store_shows_the_link_and_its_qr_code_and_creates_nothing(engagement: Path):
    link = "http://10.0.0.5:8866/workshop?token=room-secret"
    app = build_facilitator(engagement, participant_link=link).cx_app
    assert app.result is None and app.banner.kind == "info" and "No answers yet" in app.banner.text
    assert app.results.layout.display == "none"
    assert "<svg" in app.start_screen.value and link in app.start_screen.value
    assert not (engagement / "responses.db").exists()
    # the QR code encodes the link itself (segno's matrix for the same text)
    import segno
    assert segno.make(link, error="m").svg_inline(scale=4, border=2, dark="#111") in app.start_screen.value


def test_page_refreshes_by_itself_and_redraws_only_on_change(engagement: Path):
    store = ResponseStore(engagement)
    app = build_facilitator(engagement).cx_app
    assert app.ticker.interval == 5000 and any(".cx-ticker button" in str(getattr(w, "value", "")) for w in app.widget.children)  # started by the page
    ana = store.register("Ana", "Manager")
    store.save_answer(ana.id, "P1", 3)
    app.ticker.value += 1  # what the browser does every 5 s
    assert app.result is not None and "1 participant · 1 answer" in app.head.value
    before = app.heatmap.value
    app.ticker.value += 1  # nothing new: the heat map is not rebuilt
    assert app.heatmap.value is before


def test_heat_map_tells_dont_know_from_no_answer_with_question_wording(engagement: Path):
    """Two Managers, one Other. P1: Manager answers 4 and "dk" -> score 100 (one scored answer, 4/4),
    "? 1", "– 0"; Other (Ben) has not answered P1 -> no score, "– 1". P2: nobody -> "– 2" and "– 1"."""
    store = ResponseStore(engagement)
    ana, cid, ben = store.register("Ana", "Manager"), store.register("Cid", "Manager"), store.register("<b>Ben</b>", "other")
    store.save_answer(ana.id, "P1", 4)
    store.save_answer(cid.id, "P1", "dk")
    store.save_answer(ben.id, "T1", 2)
    app = build_facilitator(engagement).cx_app
    heat = app.heatmap.value
    p1 = heat.split('<tr data-question="P1">')[1].split("</tr>")[0]
    cells = p1.split('<td class="cx-cell')[1:]
    assert ">100<" in cells[0] and "? 1 · – 0" in cells[0]          # Manager
    assert "cx-none" in cells[1] and "? 0 · – 1" in cells[1]        # Other: no answer yet
    assert "Have you defined the experience" in p1                   # the question's wording, not only its id
    p2 = heat.split('<tr data-question="P2">')[1].split("</tr>")[0]
    assert "? 0 · – 2" in p2 and "? 0 · – 1" in p2
    assert '<b class="cx-dont-know">1</b>' in app.kpis.value
    assert '<b class="cx-no-answer">57</b>' in app.kpis.value  # 3 x 20 - 3 given
    assert "<b>Ben</b>" not in heat


def test_facilitator_speaks_the_engagement_language(engagement: Path):
    yaml = engagement / "engagement.yaml"
    yaml.write_text(yaml.read_text().replace("language: en", "language: fr"))
    store = ResponseStore(engagement)
    ana = store.register("Ana", "Manager")
    store.save_answer(ana.id, "P1", 3)
    app = build_facilitator(engagement).cx_app
    assert "Résultats de l" in app.head.value and "1 participant · 1 réponse" in app.head.value
    assert "Avez-vous défini" in app.heatmap.value  # wording from the French bank
    assert app.refresh_button.description == "Actualiser"


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
    assert "2 participants · 6 answers" in app.head.value
    assert bytes(app.area_chart.value).startswith(PNG) and "<table" in app.heatmap.value
    # Most disagreed: P1 (answers 4 and 0: sample SD sqrt(8) = 2.83), listed first.
    first_row = app.disagreements.value.split("<tbody>")[1].split("</tr>")[0]
    assert "<td>3.0</td>" in app.disagreements.value.split("<tbody>")[1].split("</tr>")[1]  # P2: both 3
    assert "P1" in first_row and "2.83" in first_row and "0-4" in first_row
    assert "<td>T1</td>" not in app.disagreements.value  # one scored answer: no SD, not listed
    assert app.actions.value.count("<li") == 3

    store.save_answer(ben.id, "C1", 1)
    app.refresh_button.click()
    assert "7 answers" in app.head.value


def test_export_previews_merges_and_needs_confirmation(engagement: Path):
    store = ResponseStore(engagement)
    sample = load_responses(engagement)
    ana = store.register("Ana", "Manager")
    store.save_answer(ana.id, "F2", "dk")
    store.save_answer(ana.id, "F1", 2)
    app = build_facilitator(engagement).cx_app
    app.export_button.click()
    assert "2 answers added, 0 answers changed" in app.banner.text and f"{len(sample)} rows" in app.banner.text
    assert app.confirm_button.layout.display == "" and load_responses(engagement).equals(sample)  # not yet
    app.cancel_button.click()
    assert app.confirm_button.layout.display == "none" and load_responses(engagement).equals(sample)
    app.export_button.click()
    app.confirm_button.click()
    assert app.banner.kind == "ok" and "history/" in app.banner.text
    merged = load_responses(engagement)
    label = f"Ana [{ana.code}]"
    assert len(merged) == len(sample) + 2  # the sample's respondents are all still there
    assert merged.tail(2).values.tolist() == [[label, "Manager", "F1", 2], [label, "Manager", "F2", "dk"]]
    assert len(list((engagement / "history").iterdir())) == 1
    store.save_answer(ana.id, "F1", 4)  # a change is listed before it is written
    app.export_button.click()
    assert "0 answers added, 1 answer changed" in app.banner.text and "<td>F1</td><td>2</td><td>4</td>" in app.export_preview.value
    app.confirm_button.click()
    assert load_responses(engagement).tail(2)["answer"].tolist() == [4, "dk"]
    app.export_button.click()
    assert "Nothing to export" in app.banner.text and app.confirm_button.layout.display == "none"


def test_export_takes_the_current_wave_only_into_its_responses_file(engagement: Path):
    """Aurora's current wave is "2026 H2": a participant of the earlier wave kept in the same store is
    neither shown nor exported; the room's answers go to the current wave's file, not the earlier one."""
    earlier_file = (engagement / "responses_2026h1.csv").read_bytes()
    old = ResponseStore(engagement, wave="2026 H1")
    ben = old.register("Ben", "Manager")
    old.save_answer(ben.id, "P1", 1)
    now = ResponseStore(engagement, wave="2026 H2")
    ana = now.register("Ana", "Manager")
    now.save_answer(ana.id, "P1", 4)
    app = build_facilitator(engagement).cx_app
    assert app.store.wave == "2026 H2"
    app.export_button.click()
    assert "1 answer added, 0 answers changed" in app.banner.text
    app.confirm_button.click()
    respondents = set(load_responses(engagement)["respondent"])
    assert f"Ana [{ana.code}]" in respondents and f"Ben [{ben.code}]" not in respondents
    assert (engagement / "responses_2026h1.csv").read_bytes() == earlier_file
