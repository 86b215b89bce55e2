"""End to end: `cxconsult report` runs the journey notebook; the section is in the client's language."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.narrative import journey as story
from cxconsult.reports import applicable_sections, run_engagement

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


def test_journey_section_registered(sample_path):
    run, _ = applicable_sections(load_engagement(sample_path))
    keys = [s.key for s in run]
    assert keys.index("journey") == keys.index("intake") + 1 + ("progress" in keys)  # progress: a second wave


def test_french_report_has_the_journey_section(tmp_path):
    folder = tmp_path / "lumiere-energie"
    shutil.copytree(ROOT / "data" / "engagements" / "lumiere-energie", folder)
    result = run_engagement(folder, tmp_path / "out")
    page = html.unescape(result.html.read_text(encoding="utf-8"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)).replace("\u202f", " ").replace("\u00a0", " ")
    for heading in ("Parcours client", "La carte des points de contact", "Qui est responsable de chaque point de contact",
                    "Quels points de contact repenser en premier", "Le plan de refonte en 20 jours ouvrés"):
        assert heading in text
    e = load_engagement(folder)
    a = story.analysis(e)
    top = a.ranked[0]
    assert top.touchpoint == "outage"
    # the first priority with its score and performance, as worked by the model here
    assert f"Signaler une coupure (priorité {top.score:.0f}) : atteint {top.performance:.0f} pour une cible de 80" in text
    card = re.search(r'<div class="cx-jm-card"[^>]*data-touchpoint="outage"[^>]*>', page).group(0)
    assert 'data-colour="far"' in card  # 37 against 80 (nbconvert may reorder the attributes)
    assert "Pilote contre groupe témoin" not in text  # no pilot data for this client
    assert "print(analysis.summary())" not in page
