"""End to end: the client report of the sample engagement carries the retention section, each number next
to its label (computed here independently of the notebook), and a French engagement reads French."""

from __future__ import annotations

import html
import re

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative.retention import money
from cxconsult.reports import run_engagement
from cxconsult.retention import fit_sbg
from cxconsult.retention.clv import customer_economics
from cxconsult.retention.economics import cost_of_poor_service, defection_split

pytestmark = pytest.mark.slow


def _only_retention(engagement_path, language: str = "en") -> None:
    yaml = engagement_path / "engagement.yaml"
    lines = [line for line in yaml.read_text().splitlines() if not line.startswith(("outlook:", "service_profit_chain:"))]
    yaml.write_text("\n".join(lines).replace("language: en", f"language: {language}") + "\n")


def _text(path) -> str:
    raw = re.sub(r"<(style|script)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def _section(text: str, title: str, intro: str) -> str:
    """The section's own text: from its title and first sentence to the next mention of its title (the
    appendix rows), so the report frame and the other sections are left out."""
    start = text.index(f"{title} {intro}")
    end = text.find(title, start + len(title))
    return text[start:end if end > 0 else None]


def _expected(sample_copy):
    cfg = load_engagement(sample_copy).retention
    fit = fit_sbg(dict(cfg.cohorts))
    econ = customer_economics(margin_per_month=cfg.margin_per_customer_per_month,
                              discount_rate_per_year=cfg.discount_rate_per_year,
                              acquisition_cost=cfg.acquisition_cost,
                              retention_cost_per_year=cfg.retention_cost_per_customer_per_year, fit=fit)
    split = defection_split(cfg.exit_reasons)
    base_value = 19.5 * 12 * 1.09 / (1.09 - 0.82)  # value of a base customer, by hand: 944.67
    stock = cfg.defections_per_year * split.shares["service"] * base_value
    flow = cost_of_poor_service(cfg.poor_service).total_per_year
    return econ, split, base_value, stock, flow


def test_report_has_retention_section_with_numbers_next_to_labels(sample_copy, tmp_path):
    _only_retention(sample_copy)
    result = run_engagement(sample_copy, tmp_path / "out")
    assert "retention" in " ".join(result.sections).lower()
    text = _section(_text(result.html), "Retention economics", "What is a customer worth")
    econ, split, base_value, stock, flow = _expected(sample_copy)
    en = translator("en")
    assert "Retention economics" in text
    assert f"Lifetime value of a new customer {money(en, econ.clv, 'EUR')} " in text
    assert f"Value of a customer of today's base {money(en, base_value, 'EUR')} " in text
    assert f"Yearly cost of poor service {money(en, flow, 'EUR')}" in text
    assert f"{money(en, stock, 'EUR')} of future margin lost" in text
    # never the old sum of a yearly cost and a value lost once
    assert money(en, flow + stock, "EUR") not in text
    assert f"{en.percent(split.shares['service'])} left over service" in text
    assert "How long customers stay" in text and "Return on CX" in text
    assert "print(analysis.summary())" not in text  # no code in the client report
    assert "sBG" not in text and "alpha" not in text  # no code names


ENGLISH_HEADINGS = ("Retention economics", "How long customers stay", "What a customer is worth",
                    "The cost of poor service", "Why customers leave", "Return on CX",
                    "Lifetime value of a new customer", "Reason given", "cost a year")


def test_french_report_has_no_english_left_in_the_section(sample_copy, tmp_path):
    _only_retention(sample_copy, "fr")
    result = run_engagement(sample_copy, tmp_path / "out")
    text = _section(_text(result.html), "Économie de la fidélisation", "Que vaut un client")
    econ, split, base_value, stock, flow = _expected(sample_copy)
    fr = translator("fr")
    assert len(text) > 3000
    for heading in ENGLISH_HEADINGS:
        assert heading not in text, heading
    assert f"Valeur vie d'un nouveau client {money(fr, econ.clv, 'EUR')} " in text  # "783 €"
    assert f"Coût annuel du service défaillant {money(fr, flow, 'EUR')}" in text  # "2,7 M €"
    assert f"{money(fr, stock, 'EUR')} de marge future perdue" in text
    assert f"{fr.percent(split.shares['service'])} sont partis à cause du service" in text
