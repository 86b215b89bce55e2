"""End to end: the client report of a copy of the sample engagement carries the outlook section
with the model's numbers (computed here independently through the model API)."""

from __future__ import annotations

import html

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
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
    tr = translator("en")
    signed = lambda v: ("+" if v > 0 else "\u2212") + tr.percent(abs(v), 1)  # noqa: E731
    for needle in ("Critical success factors", "What must be true", "How likely is the plan?",
                   "The shape of the week", "Channels",
                   f"<td>Cost base</td><td>{tr.compact_money(cost.baseline, 'EUR', 2)} a month</td>"
                   f"<td>{tr.compact_money(cost.value, 'EUR', 2)} a month</td><td>{signed(cost.change)}</td>",
                   f"<td>Headcount</td><td>{tr.number(heads.baseline)} FTE</td><td>{tr.number(heads.value)} FTE</td>"
                   f"<td>{signed(heads.change)}</td>",
                   f"<td>Phone calls abandoned</td><td>{tr.percent(report['abandon_rate'].baseline, 1)}</td>",
                   "Set by Aurora Telecom", "Garnett, Mandelbaum &amp; Reiman"):
        assert needle in text or html.unescape(needle) in text, needle
    assert "triang(" not in text and "cxconsult.outlook" not in text
    main = [r for r in report.results if r.name != "cost_base_stretch"]
    assert f"{sum(r.on_track for r in main)} of {len(main)}" in text   # executive-summary headline
