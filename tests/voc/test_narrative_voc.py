"""The section's words: numbers next to their labels, the client's language, values escaped; the
dashboard app answers filters from the cube; the models load no UI library."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative import voc as story
from cxconsult.voc import compare_periods

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "engagements"


def text(markup) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", str(markup)))).strip()


@pytest.fixture(scope="module")
def aurora():
    engagement = load_engagement(SAMPLES / "aurora-telecom")
    return engagement, story.analysis(engagement)


def test_change_sentence_names_the_test_and_its_numbers(aurora):
    engagement, a = aurora
    c = a.change
    sentence = text(story.change_html(engagement, a))
    tr = translator("en")
    assert f"NPS moved from {tr.points(c.before)} " in sentence and f"to {tr.points(c.after)} " in sentence
    assert "Welch's t-test" in sentence and f"p = {tr.number(c.p_value, 3)}" in sentence
    assert ("a real change" in sentence) == c.significant
    assert f"each period needs about {tr.number(a.needed_per_period)} answers" in sentence
    # the same comparison, recomputed from the months the sentence names
    again = compare_periods(a.section.data, "nps", ("2026-06-01", "2026-08-31"), ("2026-09-01", "2026-11-30"))
    assert again.p_value == pytest.approx(c.p_value)


def test_drivers_and_dashboard_tables(aurora):
    engagement, a = aurora
    drivers = text(story.drivers_html(engagement, a))
    top = a.matrix.sort_values("priority").index[0]
    share = translator("en").percent(a.drivers.loc[top, "share"], 0)
    assert f"Resolution weighs most ({share} of what is explained)" in drivers
    assert f"Resolution {share} " in drivers
    board = text(story.dashboard_html(engagement, a))
    assert "12-month customer retention Lagging 86.1% 87.4% 88.0% better than baseline" in board
    assert "€4.92 €4.66 €4.40" in board


def test_french_report_text():
    engagement = load_engagement(SAMPLES / "lumiere-energie")
    a = story.analysis(engagement)
    overview = text(story.overview_html(engagement, a))
    assert overview.startswith("3 600 clients ont répondu à l'enquête entre") or overview.startswith(
        "3\u202f600 clients ont répondu à l'enquête entre")
    assert "Ce que disent les clients" in str(story.heading(engagement, "themes"))
    themes = text(story.themes_html(engagement, a))
    assert "Rapidité et attente" in themes and "«" in themes


def test_values_from_the_client_files_are_escaped(tmp_path):
    folder = tmp_path / "aurora"
    shutil.copytree(SAMPLES / "aurora-telecom", folder)
    # without the journey section any touchpoint id is accepted (with it, this one would be refused)
    yaml_path = folder / "engagement.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("journey: journey.yaml\n", ""), encoding="utf-8")
    csv = folder / "feedback_2026.csv"
    body = csv.read_text(encoding="utf-8").replace(",technical_fault,", ",<script>alert(1)</script>,", 1)
    csv.write_text(body.replace("Still not fixed after three calls.", "<img src=x onerror=alert(2)> fixed", 1),
                   encoding="utf-8")
    feedback = (folder / "feedback.yaml").read_text().replace("Head of digital", "<b onmouseover=x>Head</b>")
    (folder / "feedback.yaml").write_text(feedback)
    engagement = load_engagement(folder)
    a = story.analysis(engagement)
    html = "".join(str(f(engagement, a)) for f in (story.touchpoint_table_html, story.themes_html,
                                                  story.dashboard_html))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "<b onmouseover" not in html


def test_headlines_in_portuguese():
    engagement = load_engagement(SAMPLES / "banco-serra-azul")
    items = story.headlines(engagement)
    assert items[0].section == "Voz do cliente" and items[0].label == "NPS"
    assert items[1].label == "Fator para atacar primeiro"


def test_dashboard_app_filters_answer_from_the_cube():
    from cxconsult.apps.dashboard import DashboardApp

    app = DashboardApp(SAMPLES / "aurora-telecom")
    app.apply(touchpoints=["technical_fault"], segments=["Business"])
    f = app.filters()
    expected = app.cube.summary("nps", **f)
    assert f'data-value="{expected.value:.6f}"' in app.kpi.value
    assert app.last_update_s > 0  # the refresh time is reported by benchmarks/bench_voc.py, not asserted
    data = app.feedback.data
    rows = data[(data["touchpoint"] == "technical_fault") & (data["segment"] == "Business")
                & (data["date"] >= f["start"]) & (data["date"] < f["end"] + pd.offsets.MonthBegin(1))]
    assert app.cube.responses(**f) == len(rows)  # the cube's answer is the raw rows' answer
    assert "Net Promoter Score" in app.tree.value
    app.apply(touchpoints=[], segments=[])
    assert app.cube.responses(**app.filters()) > 2000


@pytest.mark.parametrize("module", ["cxconsult.voc", "cxconsult.voc.analysis", "cxconsult.sections.feedback"])
def test_models_import_no_ui(module):
    code = (f"import sys, {module}\n"
            "print(','.join(m for m in ['ipywidgets', 'matplotlib', 'voila', 'IPython', 'papermill', 'sklearn',"
            " 'jieba'] if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_small_nps_values_never_read_minus_zero():
    tr = translator("en")
    assert story.metric_value(tr, "nps", -0.4) == "0" and story.metric_value(tr, "nps", 0.4) == "0"
    assert story.metric_value(tr, "nps", -0.6) == "-1" and story.metric_value(tr, "nps", 12.5) == "+12"
    assert story.metric_value(translator("fr"), "csat", 0.655) == "66\u00a0%"
