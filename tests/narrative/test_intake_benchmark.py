"""The intake section's practice-benchmark part: where the client stands, with how many engagements behind.

Hand-worked: Aurora Telecom (diagnostic index about 36) among a made-up benchmark of 9 others whose
indexes are 10, 20, ..., 90 (3 telecom, 6 banking; all very large). Below the engagement's index: those
under it; the percentile rank is the share below plus half the ties (cxconsult.benchmark).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from cxconsult import diagnostic, load_engagement
from cxconsult.benchmark import MEASURES, BenchmarkRecord, build_benchmark
from cxconsult.i18n import LANGUAGES, translator
from cxconsult.narrative import intake as story

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "engagements"


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", str(markup))).split())


@pytest.fixture
def aurora():
    engagement = load_engagement(SHIPPED / "aurora-telecom")
    return engagement, diagnostic.score(engagement.responses)


@pytest.fixture
def shipped(tmp_path):
    sectors = ["telecom"] * 3 + ["banking"] * 6
    records = [BenchmarkRecord(sector, "very_large", 2025, {m: 10.0 * (i + 1) for m in MEASURES})
               for i, sector in enumerate(sectors)]
    return build_benchmark(records).to_file(tmp_path / "benchmark.json")


def test_position_and_words_in_english(aurora, shipped):
    """Aurora's index (about 36) against 10..90: 3 of 9 below, none equal -> 33.3, shown as 33.
    Telecom others 10, 20, 30: 3 (< 5, no percentile). Very large: all 9 -> 33."""
    engagement, result = aurora
    assert 30 < result.index < 40
    standing = story.benchmark_position(engagement, result, str(shipped))
    assert not standing.self_excluded
    assert standing.get("all").percentile == pytest.approx(100 * 3 / 9)
    assert standing.get("sector").peers == 3 and standing.get("sector").percentile is None
    assert standing.get("size_band").peers == 9
    text = text_of(story.benchmark_html(engagement, standing, "en"))
    assert text.startswith("Compared with the practice")
    assert "The maturity index stands at percentile 33 among 9 other engagements of the practice." in text
    assert "In the same sector (telecommunications) there are 3 other engagements: too few for a percentile." in text
    assert ("Among organisations of the same size (5,000 employees or more), it stands at percentile 33 among 9 "
            "other engagements.") in text
    assert "Maturity index 36 33 (9) – (3) 33 (9)" in text  # the table row: score, then each group with its count
    assert "at least 5 other engagements" in text


def test_no_benchmark_no_words(aurora):
    engagement, result = aurora
    assert story.benchmark_position(engagement, result, "") is None
    assert str(story.benchmark_html(engagement, None)) == ""


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_translated_in_every_language(aurora, shipped, language):
    engagement, result = aurora
    standing = story.benchmark_position(engagement, result, str(shipped))
    text = text_of(story.benchmark_html(engagement, standing, language))
    tr = translator(language)
    assert tr._("Compared with the practice") != "Compared with the practice"
    assert text.startswith(tr._("Compared with the practice"))
    assert "percentile" not in text and "engagement" not in text  # no English left
    assert tr._(story.SECTOR_NAMES["telecom"]) in text
    assert "33" in text and "9" in text


def test_one_other_engagement_is_singular(aurora, tmp_path):
    engagement, result = aurora
    path = build_benchmark([BenchmarkRecord("telecom", "small", 2025, {"index": 50.0})]).to_file(tmp_path / "b.json")
    text = text_of(story.benchmark_html(engagement, story.benchmark_position(engagement, result, str(path)), "en"))
    assert "The practice benchmark holds 1 other engagement: too few for a percentile." in text
    assert "In the same sector (telecommunications) there is 1 other engagement" in text
    assert "(5,000 employees or more) there are 0 other engagements" in text


def test_size_band_names():
    assert [story.size_band_name(b) for b in ("small", "medium", "large", "very_large")] == [
        "fewer than 250 employees", "250 to 999 employees", "1,000 to 4,999 employees", "5,000 employees or more"]
    assert story.size_band_name("large", "fr") == "de 1\u202f000 à 4\u202f999 salariés"
