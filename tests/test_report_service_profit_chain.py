"""End-to-end: the client report's service-profit-chain section shows the model's numbers next to their
labels, quotes Bain (2005) correctly, says what the perception gap compares, and reads French for a French
engagement."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from cxconsult import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative.retention import money
from cxconsult.reports import run_engagement
from cxconsult.spc import ServiceProfitChain, perception_gap, what_if

pytestmark = pytest.mark.slow


def _only_chain(path, language: str = "en") -> None:
    # keep the run short: drop the other model sections from the copy (intake + chain remain); the
    # retention section stays in engagement.yaml's data but not in the report, so keep its line for the
    # shared customer value and drop only outlook
    yaml_path = path / "engagement.yaml"
    lines = [line for line in yaml_path.read_text().splitlines() if not line.startswith("outlook:")]
    yaml_path.write_text("\n".join(lines).replace("language: en", f"language: {language}") + "\n")


def _text(path) -> str:
    raw = re.sub(r"<(style|script)\b.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", raw))
    return re.sub(r"[ \t\r\n]+", " ", text)


def _section(text: str, title: str, intro: str, end_title: str) -> str:
    """The section's own text: from its title and first sentence to the next section's title."""
    start = text.index(f"{title} {intro}")
    return text[start:text.index(end_title, start)]


def _expected(sample_copy):
    engagement = load_engagement(sample_copy)
    config = engagement.spc
    fit = ServiceProfitChain(config.links, n_boot=config.n_boot, seed=config.seed,
                             confidence=config.confidence).fit(config.frame)
    # one customer value in the report: the retention section's value of a base customer, 234 x 1.09 / 0.27
    scenario = what_if(fit, config.engagement_points, config.csat_points, customers=config.customers,
                       revenue_per_year=config.revenue_per_year, margin=config.margin,
                       value_per_customer=234 * 1.09 / 0.27)
    gap = perception_gap(config.perception.internal_view, config.perception.survey["nps"], scale="0-10")
    return engagement, fit, scenario, gap


def test_report_section_shows_chain_numbers_next_to_labels(sample_copy, tmp_path):
    _only_chain(sample_copy)
    result = run_engagement(sample_copy, tmp_path / "reports")
    assert "Service-profit chain" in result.sections
    text = _section(_text(result.html), "Service-profit chain", "Does the chain", "Retention economics")
    engagement, fit, scenario, gap = _expected(sample_copy)
    en = translator("en")
    profit = scenario.amount("extra_profit_per_year")
    kept = scenario.amount("customers_kept_per_year")
    value = scenario.amount("value_of_customers_kept_per_year")
    assert "6 of 6 links estimated from the data are supported" in text
    assert f"{money(en, profit.value, 'EUR')} more profit a year" in text
    assert f"about {kept.value:,.0f} more customers kept a year" in text
    assert f"worth {money(en, value.value, 'EUR')} of future margin" in text and "at €945 each" in text
    assert f"the difference of {en.points(gap.gap)} points" in text
    assert "These are two different measures" in text
    ind = fit.indirect_
    assert f"goes with {en.points(ind.value, 3)} pp revenue growth" in text
    for link in fit.links_:
        assert f"{en.points(link.coefficient, 3)} " in text, link.name
    # Bain (2005) quoted correctly: customers rated 8% of the companies, not "8% of their customers agreed"
    assert "rated only 8% of those companies" in text
    assert "8% of their customers agreed" not in text
    assert "Heskett, J. L., Jones, T. O., Loveman, G. W., Sasser, W. E. & Schlesinger, L. A. (1994)" in text


def test_french_report_section_reads_french(sample_copy, tmp_path):
    _only_chain(sample_copy, "fr")
    result = run_engagement(sample_copy, tmp_path / "reports")
    text = _section(_text(result.html), "Chaîne service-profit", "La chaîne qui va", "Économie de la fidélisation")
    engagement, fit, scenario, gap = _expected(sample_copy)
    fr = translator("fr")
    assert len(text) > 3000
    for english in ("Service-profit chain", "Link by link", "assumption", " pp ", "What customers say", "Context from published research",
                    "Effect of one more point", "more profit a year", "Customers kept a year"):
        assert english not in text, english
    assert "Chaîne service-profit" in text
    profit = scenario.amount("extra_profit_per_year")
    assert f"{money(fr, profit.value, 'EUR')} de bénéfice en plus par an" in text
    assert f"{fr.percent(gap.customer_view / 100)} des 600 clients interrogés" in text
    assert "n'ont reconnu cette qualité qu'à 8\u00a0% de ces entreprises" in text
