"""End-to-end: the client report's service-profit-chain section shows the model's numbers."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from cxconsult import load_engagement
from cxconsult.narrative import fmt_money
from cxconsult.reports import run_engagement
from cxconsult.spc import ServiceProfitChain, perception_gap, what_if

pytestmark = pytest.mark.slow


def test_report_section_shows_chain_numbers(sample_copy, tmp_path):
    # keep the run short: drop the other model sections from the copy (intake + chain remain)
    yaml_path = sample_copy / "engagement.yaml"
    lines = yaml_path.read_text().splitlines()
    yaml_path.write_text("\n".join(l for l in lines if not l.startswith(("outlook:", "retention:"))) + "\n")

    result = run_engagement(sample_copy, tmp_path / "reports")
    assert "Service-profit chain" in result.sections
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", result.html.read_text(encoding="utf-8")))
    text = re.sub(r"\s+", " ", text)

    # independent computation from the model with the section's settings (not via the narrative)
    engagement = load_engagement(sample_copy)
    config = engagement.spc
    fit = ServiceProfitChain(config.links, n_boot=config.n_boot, seed=config.seed,
                             confidence=config.confidence).fit(config.frame)
    scenario = what_if(fit, config.engagement_points, config.csat_points, customers=config.customers,
                       revenue_per_year=config.revenue_per_year, margin=config.margin,
                       value_per_customer=config.value_per_customer)
    profit = scenario.amount("extra_profit_per_year").value
    kept = scenario.amount("customers_kept_per_year").value
    gap = perception_gap(config.perception.internal_view, config.perception.survey["nps"], scale="0-10")

    assert "6 of 6" in text  # headline: links supported by the data
    assert fmt_money(profit, engagement.currency) in text
    assert f"{kept:,.0f}" in text
    assert f"{gap.gap:.0f} points" in text
    assert f"{fit.indirect_.value:+.3g} pp revenue growth" in text
    for link in fit.links_:
        assert f"{link.coefficient:+.3g}" in text, link.name
    assert "Heskett" in text and "Bain" in text
