"""The touchpoint workshop widgets without a browser: rate, resume, the facilitator map and export."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from cxconsult import load_engagement
from cxconsult.apps.touchpoints import build_touchpoints, build_touchpoints_facilitator

ROOT = Path(__file__).resolve().parents[2]


def test_participant_rates_and_resumes(sample_copy):
    app = build_touchpoints(sample_copy, "").cx_app
    app.start("", "Agent")
    assert app.banner.kind == "error" and "name" in app.banner.text
    app.start("Ana <b>Lima</b>", "Agent")
    first = app.config.touchpoints[0].id
    assert f'data-touchpoint="{first}"' in app.card.value
    app.pain_box.value = True
    app.owner_box.value = "Billing"
    app.rate(1)
    assert app.position == 1 and app.pain_box.value is False  # next touchpoint starts blank
    app.rate(4)
    frame = app.store.ratings()
    assert frame[["touchpoint", "rating", "pain_point", "owner"]].values.tolist() == [
        [first, 1.0, True, "Billing"], [app.config.touchpoints[1].id, 4.0, False, ""]]
    assert "2 of 37 touchpoints rated" in app.progress_label.value
    assert "<b>Lima</b>" not in app.body.children[0].value  # the name is escaped in the header
    again = build_touchpoints(sample_copy, f"key={app.respondent.resume_key}").cx_app
    assert again.position == 2 and again.banner.kind == "info"
    again.go(0)
    assert again.pain_box.value is True and again.owner_box.value == "Billing"
    assert again.rate_buttons[1].button_style == "primary"


def test_french_labels(tmp_path):
    lumiere = tmp_path / "lumiere-energie"
    shutil.copytree(ROOT / "data" / "engagements" / "lumiere-energie", lumiere)
    app = build_touchpoints(lumiere, "").cx_app
    assert app.start_button.description == "Commencer"
    app.start("Claire", "Conseillère")
    assert app.rate_buttons[0].description == "0 · Loin de l'intention"
    assert app.owner_box.options[-2][0] == "Personne n'en est responsable"


def test_facilitator_map_fills_in_and_exports(sample_copy):
    ana = build_touchpoints(sample_copy, "").cx_app
    ana.start("Ana", "Agent")
    ben = build_touchpoints(sample_copy, "").cx_app
    ben.start("Ben", "Team leader")
    facilitator = build_touchpoints_facilitator(sample_copy).cx_app
    assert 'data-ratings="0"' in facilitator.kpis.value
    ana.pain_box.value = True
    ana.owner_box.value = "Billing"
    ana.rate(0)   # price_check
    ben.owner_box.value = "Billing"
    ben.rate(2)   # price_check
    facilitator.refresh_button.click()  # what the page's timer does every few seconds
    assert "setInterval" in facilitator.ticker.value and "cx-refresh" in facilitator.ticker.value
    assert 'data-ratings="2" data-participants="2"' in facilitator.kpis.value
    # mean rating (0 + 2) / 2 = 1 -> room score 25 against the target 70: far; 25 on the card
    card = re.search(r'data-touchpoint="price_check" data-colour="(\w+)"[^>]*><span class="cx-jm-score">([^<]*)<',
                     facilitator.map.value)
    assert card.groups() == ("far", "25")
    assert "Compare plans online" in facilitator.pains.value and "Billing" in facilitator.disputes.value
    facilitator.export()
    assert "Exported 2 ratings to touchpoint_ratings.csv." in facilitator.banner.text
    ratings = load_engagement(sample_copy).journey.ratings  # the report reads what the room gave
    assert ratings[["touchpoint", "participant", "rating"]].values.tolist() == [
        ["price_check", "Ana", 0.0], ["price_check", "Ben", 2.0]]
