"""The case-review app's widgets without a browser: each click is saved in the store, the sample is kept
across reloads, the scorecard follows the saved reviews, times in the client's zone and language, and
the app is registered as a facilitator-only app."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pandas as pd
import papermill
import pytest

from cxconsult.apps.case_review import DONE, NOT_APPLICABLE, NOT_DONE, build_case_review, format_time
from cxconsult.apps.room import PARTICIPANT_NOTEBOOKS
from cxconsult.apps.serve import PARTICIPANT_APPS, available_apps
from cxconsult.complaints_store import ComplaintsStore
from cxconsult.i18n import translator
from cxconsult.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("R", "E", "S", "O", "L", "V", "E2", "D")


@pytest.fixture(scope="module")
def aurora(tmp_path_factory) -> Path:
    """One copy of the sample for the module (loading the engagement takes seconds on 2 cores)."""
    target = tmp_path_factory.mktemp("case-review") / "aurora-telecom"
    shutil.copytree(ROOT / "data" / "engagements" / "aurora-telecom", target,
                    ignore=shutil.ignore_patterns("responses.db*"))
    return target


@pytest.fixture(scope="module")
def app(aurora):
    return build_case_review(aurora).cx_app


def test_reviewer_and_team_are_required(app):
    app.show_welcome()
    app.start("", "Billing care")
    assert app.banner.kind == "error" and "name" in app.banner.text
    app.start("Rita", "No such team")
    assert app.banner.kind == "error"
    assert app.teams == ["Billing care", "Escalations", "Retail", "Social care", "Technical support"]


def test_each_click_is_saved_and_the_scorecard_follows(app, aurora):
    app.start("Rita <b>Gomes</b>", "Billing care")
    assert app.banner.kind is None and len(app.cases) == 10 and set(app.cases["team"]) == {"Billing care"}
    assert not app.cases["open"].any()
    first = app.case_id
    assert f'data-case="{first}"' in app.card.value
    assert 'data-reviewed="0" data-total="10"' in app.progress_label.value
    assert "<b>Gomes</b>" not in app.body.children[0].value and "&lt;b&gt;Gomes" in app.body.children[0].value
    assert "No case of this team has been checked yet." in app.scorecard.value  # Billing care has no checklist

    app.choices["R"].value = DONE          # a click in the page: saved at once (write-through)
    app.choices["E"].value = NOT_DONE
    store = ComplaintsStore(aurora)
    saved = store.reviews()
    assert saved[["case_id", "reviewer", "step"]].values.tolist() == [[first, "Rita <b>Gomes</b>", "R"],
                                                                     [first, "Rita <b>Gomes</b>", "E"]]
    assert saved["done"].tolist() == [True, False]
    assert 'data-step="R" data-share="1.0000"' in app.scorecard.value
    assert 'data-step="E" data-share="0.0000"' in app.scorecard.value

    assert app.save_and_next() is False  # six steps not marked: refused, rows outlined
    assert "6 steps are not marked yet" in app.banner.text and app.position == 0
    assert "cx-missing" in app.step_rows["S"]._dom_classes and "cx-missing" not in app.step_rows["R"]._dom_classes

    for key in ("S", "L", "V", "E2", "D"):
        app.choices[key].value = DONE
    app.choices["O"].value = NOT_APPLICABLE
    app.note_box.value = "Apology missing; <script>alert(1)</script>"
    assert app.save_and_next() is True
    assert app.position == 1 and app.banner.text == "Saved."
    assert 'data-reviewed="1"' in app.progress_label.value
    assert all(choice.value is None for choice in app.choices.values()) and app.note_box.value == ""
    table = store.review_table()
    assert table["case_id"].tolist() == [first] and table["team"].tolist() == ["Billing care"]
    row = table.iloc[0]
    assert [None if pd.isna(row[k]) else bool(row[k]) for k in STEPS] == [True, False, True, None, True, True,
                                                                          True, True]
    assert row["note"] == "Apology missing; <script>alert(1)</script>"
    # the scorecard: one case, E not done, O not applicable (no share), the rest done
    card = app.scorecard.value
    assert 'data-cases="1"' in card and 'data-step="E" data-share="0.0000"' in card
    assert 'data-step="O" data-share=""' in card and 'data-step="D" data-share="1.0000"' in card

    # a reload: same sample, resumes at the first case not reviewed, the saved review shown on Back
    again = build_case_review(aurora).cx_app
    assert "Rita <b>Gomes</b>" in again.name_box.options
    again.start("Rita <b>Gomes</b>", "Billing care")
    assert again.cases["case_id"].tolist() == app.cases["case_id"].tolist()
    assert again.position == 1 and 'data-reviewed="1"' in again.progress_label.value
    again.go(0)
    assert [again.choices[k].value for k in STEPS] == [DONE, NOT_DONE, DONE, NOT_APPLICABLE, DONE, DONE, DONE, DONE]
    assert again.note_box.value.startswith("Apology missing")
    assert len(store.history()) == 8 + 8  # eight clicks, then the whole case with its note
    again.choices["E"].value = DONE  # changing one step later: one more save
    assert len(store.history()) == 17 and 'data-step="E" data-share="1.0000"' in again.scorecard.value


def test_a_note_too_long_is_refused_with_the_reason(app):
    app.start("Rita", "Retail")
    app.note_box.value = "x" * 501
    app.choices["R"].value = DONE
    assert app.banner.kind == "error" and app.banner.text == "The note has 501 characters; please keep it to 500 at most."
    assert not (ComplaintsStore(app.engagement.path).reviews()["case_id"] == app.case_id).any()


def test_times_in_the_client_zone_and_language():
    """A case opened 2026-09-13 08:23 UTC is 09:23 in Lisbon (summer time, UTC+1) and 16:23 in Shanghai."""
    moment = pd.Timestamp("2026-09-13 08:23", tz="UTC")
    assert format_time(moment, translator("en"), "Europe/Lisbon") == "Sep 13, 2026, 9:23\u202fAM"  # CLDR: narrow no-break space
    assert format_time(moment, translator("fr"), "Europe/Lisbon") == "13 sept. 2026, 09:23"
    assert format_time(moment, translator("pt-BR"), "America/Sao_Paulo") == "13 de set. de 2026 05:23"
    assert format_time(moment, translator("zh"), "Asia/Shanghai") == "2026年9月13日 16:23"
    assert format_time(pd.NaT, translator("en"), "Europe/Lisbon") == "-"
    assert format_time(dt.datetime(2026, 1, 5, 12, 0), translator("ru"), "Europe/Moscow").endswith("15:00")


def test_french_words(aurora, tmp_path):
    target = tmp_path / "aurora-fr"
    shutil.copytree(aurora, target, ignore=shutil.ignore_patterns("responses.db*"))
    yaml_path = target / "engagement.yaml"
    yaml_path.write_text(yaml_path.read_text().replace("language: en", "language: fr"))
    app = build_case_review(target).cx_app
    assert app.start_button.description == "Commencer"
    app.start("Claire", "Retail")
    assert [label for label, _ in app.choices["R"].options] == ["Fait", "Non fait", "Sans objet"]
    assert "Canal" in app.card.value and "Ouvert le" in app.card.value


def test_without_a_complaints_section_the_page_says_so(aurora, tmp_path):
    target = tmp_path / "aurora-without"
    shutil.copytree(aurora, target, ignore=shutil.ignore_patterns("responses.db*"))
    yaml_path = target / "engagement.yaml"
    yaml_path.write_text(re.sub(r"^complaints: .*$", "", yaml_path.read_text(encoding="utf-8"), flags=re.M),
                         encoding="utf-8")
    page = build_case_review(target)
    assert not hasattr(page, "cx_app") and "complaints" in page.children[-1].value


def test_registered_as_a_facilitator_only_app():
    assert "case_review" in available_apps() and "case_review" not in PARTICIPANT_APPS
    assert "case_review.ipynb" not in PARTICIPANT_NOTEBOOKS
    path = resource_path("notebooks/apps/case_review.ipynb")
    params = papermill.inspect_notebook(str(path))
    assert list(params) == ["engagement_path"]
    code = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code")
    assert "build_case_review" in code and "def " not in code


def test_saved_reviews_feed_the_complaints_model(app, aurora):
    """The store's reviews() is the model's ``reviews`` input: the Billing care case reviewed above (E done
    after the change, O not applicable, the rest done) is the team's whole scorecard."""
    from cxconsult.complaints import analyse_complaints

    analysis = analyse_complaints(app.section, reviews=ComplaintsStore(aurora).reviews())
    row = analysis.scorecard.loc["Billing care"]
    assert row["reviewed"] == 1 and row["R"] == 1.0 and row["E"] == 1.0 and pd.isna(row["O"])
