"""The complaints notebook runs under papermill on the sample engagements and shows the section's words and
charts: English for Aurora Telecom, French for Lumière Énergie (numbers recomputed here, next to their labels)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import papermill
import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative import complaints as story
from cxconsult.reports import IPCKernelManager

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "complaints.ipynb"
SAMPLES = ROOT / "data" / "engagements"


def _run(engagement: str, tmp_path: Path) -> tuple[str, int]:
    """The executed notebook's HTML outputs as plain text, and how many PNG charts it drew."""
    out = papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / f"{engagement}.ipynb"),
                                     parameters={"engagement_path": str(SAMPLES / engagement)},
                                     cwd=str(NOTEBOOK.parent), progress_bar=False,
                                     kernel_manager_class=IPCKernelManager)
    parts, charts = [], 0
    for cell in out.cells:
        if "hide-in-report" in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "text/html" in data:
                parts.append("".join(data["text/html"]))
            charts += "image/png" in data
    raw = " ".join(parts)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))), charts


def test_notebook_on_aurora_shows_every_heading_and_its_numbers(tmp_path):
    text, charts = _run("aurora-telecom", tmp_path)
    engagement = load_engagement(SAMPLES / "aurora-telecom")
    a = story.analysis(engagement)
    tr = translator("en")
    for key in ("title", "times", "fcr", "pareto", "scorecard", "loop", "cost"):
        assert tr._(story.HEADINGS[key]) in text, key
    everyone = a.time("resolution", "all")
    assert f"All channels {tr.number(everyone.n)} {tr.number(everyone.n_open)} each channel's own " \
           f"{tr.percent(everyone.share_within, 0)}" in text
    assert f"{tr.percent(a.fcr, 0)} of closed complaints were resolved at the first contact" in text
    assert f"that is {tr.money(story.yearly_cost(a), 'EUR', 0)} a year" in text
    assert "counts this same" in text and "Retention economics" in text
    assert text.count("Source: the complaint log export (complaints.csv) of November 15, 2026") >= 7
    assert charts >= 4  # resolution and first-response times, Pareto, scorecard


def test_notebook_in_french_on_lumiere(tmp_path):
    text, charts = _run("lumiere-energie", tmp_path)
    engagement = load_engagement(SAMPLES / "lumiere-energie")
    a = story.analysis(engagement)
    tr = translator("fr")
    assert "Réclamations et boucle de retour" in text and "Délais de réponse et de résolution" in text
    assert f"{tr.percent(a.fcr, 0)} des réclamations clôturées ont été résolues dès le premier contact" in text
    assert "Source\u00a0: l'export du registre des réclamations" in text
    for english in ("Source:", "Share within standard", "All channels", "complaints cost", "Root cause"):
        assert english not in text, english
    assert charts >= 3


def test_notebook_on_the_hostile_fixture_shows_client_values_as_text(tmp_path):
    """The hostile engagement (tests/fixtures/hostile) puts markup in teams, root causes, categories and
    outcomes: the notebook still runs, and its HTML outputs hold only the section's own tags."""
    hostile = ROOT / "tests" / "fixtures" / "hostile" / "hostile-corp"
    out = papermill.execute_notebook(str(NOTEBOOK), str(tmp_path / "hostile.ipynb"),
                                     parameters={"engagement_path": str(hostile)}, cwd=str(NOTEBOOK.parent),
                                     progress_bar=False, kernel_manager_class=IPCKernelManager)
    raw = "".join("".join(o.get("data", {}).get("text/html", "")) for c in out.cells for o in c.get("outputs", []))
    assert "&lt;" in raw  # hostile values reached the section, escaped
    assert set(re.findall(r"<([a-zA-Z0-9]+)", raw)) <= {"h1", "h2", "h3", "p", "b", "strong", "table", "thead",
                                                        "tbody", "tr", "th", "td"}
