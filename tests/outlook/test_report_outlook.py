"""End to end: the client report of a copy of the sample engagement carries the outlook section
with the model's numbers (computed here independently through the model API)."""

from __future__ import annotations

import html

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.narrative import fmt_money
from cxconsult.outlook import check_targets, project
from cxconsult.reports import run_engagement

pytestmark = pytest.mark.slow


def test_report_has_the_outlook_section_and_its_numbers(sample_copy, tmp_path):
    result = run_engagement(sample_copy, tmp_path / "reports")
    assert "Contact-centre 36-month outlook" in result.sections
    text = html.unescape(result.html.read_text())
    config = load_engagement(sample_copy).outlook
    report = check_targets(project(config.assumptions, months=config.targets.by_month), config.targets)
    cost, heads = report["cost_base"], report["headcount"]
    for needle in ("Critical success factors", "What must be true", "How likely is the plan?",
                   f"{cost.change:+.1%}", f"{heads.change:+.1%}",
                   fmt_money(cost.value, "EUR"), f"{heads.value:,.0f} FTE",
                   f"{report['self_service_share'].value:.1%}"):
        assert needle in text, needle
    main = [r for r in report.results if r.name != "cost_base_stretch"]
    assert f"{sum(r.on_track for r in main)} of {len(main)}" in text   # executive-summary headline
