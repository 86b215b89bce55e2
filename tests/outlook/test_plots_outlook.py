"""Outlook charts draw without error and show what they claim (smoke tests, Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from cxconsult.outlook import Assumptions, UncertainAssumption, check_targets, project, simulate  # noqa: E402
from cxconsult.outlook.levers import sensitivity  # noqa: E402
from cxconsult.plots.outlook import plot_csf, plot_outlook_fan, plot_tornado  # noqa: E402


def test_plot_csf_grid_and_single():
    report = check_targets(project(Assumptions()))
    fig = plot_csf(report)
    assert len([ax for ax in fig.axes if ax.get_visible()]) == 6
    ax = plot_csf(report, csf="headcount")
    assert "Headcount" in ax.get_title(loc="left") and "off track" in ax.get_title(loc="left")


def test_plot_fan_and_tornado():
    a = Assumptions()
    fan = simulate(a, [UncertainAssumption.of("aht_s", "triang", c=0.5, loc=330, scale=120)], n_paths=300)
    ax = plot_outlook_fan(fan, csf="headcount")
    assert "P(target met" in ax.get_title(loc="left")
    ax = plot_tornado(sensitivity(a), csf="cost_base", top=5)
    assert len(ax.get_yticklabels()) == 5
