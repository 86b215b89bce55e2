"""Executive summary and appendix gather every section's headlines and assumptions."""

from __future__ import annotations

import dataclasses

from cxconsult import load_engagement
from cxconsult.diagnostic import score
from cxconsult.narrative import intake, summary


def test_summary_headline_is_the_model_index(sample_path):
    engagement = load_engagement(sample_path)
    index = score(engagement.responses).index
    cards = summary.executive_summary_html(engagement)
    assert f"{index:.0f}/100" in cards
    sections = {h.section for h in summary.headlines(engagement)}
    assert sections == {"CX diagnostic", "Contact-centre outlook", "Service-profit chain", "Retention economics",
                        "Voice of the customer"}


def test_appendix_lists_intake_method_first_and_only_with_answers(sample_path):
    engagement = load_engagement(sample_path)
    appendix = summary.appendix_html(engagement)
    assert appendix.index("Answer scale") < appendix.index("Contact-centre")
    empty = dataclasses.replace(engagement, responses=engagement.responses.iloc[0:0])
    assert intake.assumptions(empty) == [] and intake.headlines(empty) == []
