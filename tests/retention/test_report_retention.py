"""End to end: the client report of the sample engagement carries the retention section with the
model's headline numbers (computed here independently of the notebook)."""

from __future__ import annotations

import html

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.narrative import fmt_money
from cxconsult.reports import run_engagement
from cxconsult.retention import fit_sbg
from cxconsult.retention.clv import customer_economics
from cxconsult.retention.economics import cost_of_poor_service, defection_split

pytestmark = pytest.mark.slow


def test_report_has_retention_section(sample_copy, tmp_path):
    result = run_engagement(sample_copy, tmp_path / "out")
    assert "retention" in " ".join(result.sections).lower()
    text = html.unescape(result.html.read_text())
    cfg = load_engagement(sample_copy).retention
    fit = fit_sbg(dict(cfg.cohorts))
    econ = customer_economics(margin_per_month=cfg.margin_per_customer_per_month,
                              discount_rate_per_year=cfg.discount_rate_per_year,
                              acquisition_cost=cfg.acquisition_cost,
                              retention_cost_per_year=cfg.retention_cost_per_customer_per_year, fit=fit)
    split = defection_split(cfg.exit_reasons)
    lost = cfg.defections_per_year * split.shares["service"] * econ.clv
    total = cost_of_poor_service(cfg.poor_service).total_per_year + lost
    assert "Retention economics" in text
    assert fmt_money(econ.clv, "EUR") in text
    assert fmt_money(total, "EUR") in text
    assert f"{split.shares['service']:.0%}" in text
    assert "How long customers stay" in text and "Return on CX" in text
    assert "print(analysis.summary())" not in text  # no code in the client report
