"""The retention narrative: the client's language, values from files escaped, flows and stocks labelled
apart, the fit's flags said in words, full references in the appendix."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import LANGUAGES, translator
from cxconsult.narrative import retention as story
from cxconsult.retention.analysis import analyse_retention
from cxconsult.retention.economics import ExitReason, PoorServiceItem, cost_of_poor_service, defection_split

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "engagements" / "aurora-telecom"


@pytest.fixture(scope="module")
def engagement():
    return load_engagement(SAMPLE)


@pytest.fixture(scope="module")
def analysis(engagement):
    return analyse_retention(engagement.retention)


def _plain(markup) -> str:
    return re.sub(r"[ \t\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", str(markup))))


def _all_text(engagement, a, tr) -> str:
    parts = [story.intro_html(tr), story.overview(engagement, a, tr), story.cohort_html(a, tr),
             story.economics_table_html(a, tr), story.poor_service_html(a, tr), story.poor_service_table_html(a, tr),
             story.defection_html(a, tr), story.defection_table_html(a, tr), story.roce_html(a, tr),
             story.sensitivity_table_html(a, tr)]
    parts += [story.heading_html(tr, key) for key in ("stay", "worth", "poor", "leave", "roce", "sensitivity")]
    return " ".join(_plain(p) for p in parts)


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_sentence_is_translated(engagement, analysis, language):
    english = _all_text(engagement, analysis, translator("en"))
    other = _all_text(engagement, analysis, translator(language))
    for sentence in ("What a customer is worth", "Lifetime value of a new customer", "Yearly cost of poor service",
                     "of future margin", "net present value", "Reason given", "month"):
        assert sentence in english and sentence not in other, (language, sentence)


def test_french_numbers_next_to_their_labels(engagement, analysis):
    fr = translator("fr")
    text = _plain(story.overview(engagement, analysis, fr))
    # 19.50 x 12 x 1.09 / 0.27 = 944.67 -> "945 €"; the yearly cost and the value lost are apart
    table = _plain(story.economics_table_html(analysis, fr))
    assert "Valeur d'un client du portefeuille actuel 945\u00a0€" in table
    flow = cost_of_poor_service(engagement.retention.poor_service).total_per_year
    assert f"{fr.compact_money(flow, 'EUR')} par an en incidents à réparer" in text
    lost = engagement.retention.defections_per_year * defection_split(engagement.retention.exit_reasons).shares[
        "service"] * 19.5 * 12 * 1.09 / 0.27
    assert f"ont emporté {fr.compact_money(lost, 'EUR')} de marge future" in text
    assert fr.compact_money(flow + lost, "EUR") not in text  # never their sum


def test_values_from_files_are_escaped(analysis):
    a = dataclasses.replace(analysis, poor_service=cost_of_poor_service(
        [PoorServiceItem("<script>alert(1)</script>", "rework", 10, 5.0)]),
        split=defection_split([ExitReason("<b>bad</b> & worse", "service", 3), ExitReason("cheap", "price", 1)]))
    out = str(story.poor_service_table_html(a)) + str(story.defection_table_html(a))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<b>bad</b>" not in out and "&lt;b&gt;bad&lt;/b&gt; &amp; worse" in out


class _Flagged:
    """An sBG fit carrying the flags another developer adds (SBGFit.flags)."""

    def __init__(self, fit, flags):
        self._fit, self.flags = fit, flags

    def __getattr__(self, name):
        return getattr(self._fit, name)


def test_fit_flags_are_said_in_words(analysis):
    plain = _plain(story.cohort_html(analysis))
    assert "Warning" not in plain
    flagged = dataclasses.replace(analysis, fit=_Flagged(analysis.fit, ("no_information", "boundary_estimate")))
    text = _plain(story.cohort_html(flagged))
    assert "too little information" in text and "edge of its possible range" in text
    assert "nan" not in text.lower() and "1e" not in text
    fr = _plain(story.cohort_html(flagged, translator("fr")))
    assert "trop peu d'information" in fr


def test_a_gain_beyond_documented_ranges_is_flagged(engagement):
    a = analyse_retention(engagement.retention, retention_gain_points=6.0)
    assert "Outside documented ranges" in _plain(story.roce_html(a))
    assert "Outside documented ranges" not in _plain(story.roce_html(analyse_retention(engagement.retention)))


def test_headline_and_report_give_the_discounted_payback(analysis):
    month = analysis.roce.discounted_payback_month
    assert f"pays back in month {month}," in _plain(story.roce_html(analysis))
    table = _plain(story.sensitivity_table_html(analysis))
    assert f"(plan) {translator('en').compact_money(analysis.roce.npv, 'EUR')}" in table
    assert f"month {month}" in table.split("(plan)")[1].split("2.25")[0]


def test_appendix_carries_full_references_and_says_assumption(engagement):
    rows = story.assumptions(engagement)
    sources = " ".join(r.source for r in rows)
    assert "Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. Journal of Interactive " \
           "Marketing 21(1):76-90" in sources
    assert "Goodman, L. A. (1965)" in sources and "Reichheld, F. F. & Sasser, W. E. (1990)" in sources
    assert "cxconsult" not in sources  # no code names as a source
    gain = next(r for r in rows if r.name == "Retention gain of the CX programme")
    assert gain.source.startswith("assumption")
