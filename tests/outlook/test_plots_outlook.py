"""Outlook charts draw without error and show what they claim (smoke tests, Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from cxconsult.outlook import Assumptions, UncertainAssumption, check_targets, project, simulate  # noqa: E402
from cxconsult.outlook.levers import sensitivity  # noqa: E402
from cxconsult.narrative.outlook import chart_words  # noqa: E402
from cxconsult.outlook.model import interval_staffing  # noqa: E402
from cxconsult.plots.outlook import plot_csf, plot_intraday, plot_outlook_fan, plot_tornado  # noqa: E402


def test_plot_csf_grid_and_single():
    report = check_targets(project(Assumptions()))
    fig = plot_csf(report)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 6
    ax = plot_csf(report, csf="headcount")
    assert "Headcount" in ax.get_title(loc="left") and "off track" in ax.get_title(loc="left")
    ax = plot_csf(report, csf="headcount", words=chart_words(None, "fr"))
    assert ax.get_title(loc="left").startswith("Effectif") and "hors trajectoire" in ax.get_title(loc="left")
    assert ax.get_xlabel() == "Mois"


def test_plot_fan_and_tornado():
    a = Assumptions()
    fan = simulate(a, [UncertainAssumption.of("aht_s", "triang", c=0.5, loc=330, scale=120)], n_paths=300)
    ax = plot_outlook_fan(fan, csf="headcount")
    assert "chance of the target at month 36" in ax.get_title(loc="left")
    ax = plot_tornado(sensitivity(a), csf="cost_base", top=5)
    assert len(ax.get_yticklabels()) == 5


def test_plot_intraday_week():
    a = Assumptions()
    week = interval_staffing(a, 12)
    ax = plot_intraday(week, month=12, words=chart_words(None, "ru"))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
    assert "месяца 12" in ax.get_title(loc="left")
