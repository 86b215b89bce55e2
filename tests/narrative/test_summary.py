"""Executive summary and appendix gather every section's headlines and assumptions, in the client's language."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from bs4 import BeautifulSoup

from cxconsult import load_engagement
from cxconsult.diagnostic import score
from cxconsult.narrative import intake, summary

LUMIERE = Path(__file__).resolve().parents[2] / "data" / "engagements" / "lumiere-energie"


def text_of(fragment) -> str:
    return BeautifulSoup(str(fragment), "html.parser").get_text(" ", strip=True)


def test_summary_headline_is_the_model_index(sample_path):
    engagement = load_engagement(sample_path)
    index = score(engagement.responses).index
    cards = BeautifulSoup(str(summary.executive_summary_html(engagement)), "html.parser")
    labels = {c.select_one(".cx-card-label").get_text(strip=True): c.select_one(".cx-card-value").get_text(strip=True)
              for c in cards.select(".cx-card")}
    assert labels["Maturity index"] == f"{index:.0f}/100"  # the index next to its label, not anywhere
    sections = {h.section for h in summary.headlines(engagement)}
    assert sections == {"CX diagnostic", "Progress since the last diagnostic", "Customer journey",
                        "Contact-centre outlook", "Service-profit chain", "Retention economics",
                        "Voice of the customer", "Complaints and the closed loop"}


def test_three_to_five_key_messages_each_with_a_number_and_a_source(sample_path):
    for path in (sample_path, LUMIERE):
        engagement = load_engagement(path)
        messages = summary.key_messages(engagement)
        assert 3 <= len(messages) <= 5
        for sentence, source in messages:
            assert re.search(r"\d", sentence), sentence
            assert source.strip()


def test_french_summary_words_the_index_stage_and_interval():
    engagement = load_engagement(LUMIERE)
    result = score(engagement.responses)
    text = text_of(summary.executive_summary_html(engagement))
    found = re.search(r"L'indice de maturité de l'expérience client est de (\d+)/100, stade «\s*([^»]+?)\s*»", text)
    assert found, text[:300]
    assert int(found.group(1)) == round(result.index)
    # 48/100 lies in 37.5..62.5: "developing" -> "En développement"
    assert found.group(2) == "En développement"
    low_high = re.search(r"avec 7\s+participants, il pourrait se situer entre (\d+) et (\d+)", text)
    assert low_high and int(low_high.group(1)) < round(result.index) < int(low_high.group(2))
    for english in ("Key messages", "Maturity index", "Source:", "Weakest area", "participants answered"):
        assert english not in text


def test_appendix_lists_intake_method_first_and_only_with_answers(sample_path):
    engagement = load_engagement(sample_path)
    appendix = str(summary.appendix_html(engagement))
    assert appendix.index("Answer scale") < appendix.index("Contact-centre")
    # full references, plain words: no code names from the diagnostic's rows
    assert "Barnes, C. &amp; Kelleher, B. (2015). Customer Experience For Dummies. Hoboken, NJ: Wiley." in appendix
    assert "Efron, B. &amp; Tibshirani" in appendix
    assert "DISAGREEMENT_SD" not in appendix and "cxconsult.diagnostic" not in appendix
    empty = dataclasses.replace(engagement, responses=engagement.responses.iloc[0:0])
    assert intake.assumptions(empty) == [] and intake.headlines(empty) == []


def test_values_from_files_are_escaped(sample_path):
    engagement = load_engagement(sample_path)
    hostile = "<script>alert(1)</script>"
    responses = engagement.responses.assign(role=hostile)
    evil = dataclasses.replace(engagement, client=hostile, responses=responses)
    html = str(summary.executive_summary_html(evil)) + str(intake.overview(evil, score(responses)))
    assert "<script>" not in html and "&lt;script&gt;" in html
