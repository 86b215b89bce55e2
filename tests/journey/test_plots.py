"""Journey charts: the phase x channel grid behind the heat map (hand-worked) and both charts drawn."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from cxconsult.journey import analyse_journey, performance  # noqa: E402
from cxconsult.plots import plot_journey_heatmap, plot_pilot  # noqa: E402
from cxconsult.plots.journey import journey_grid  # noqa: E402

from .conftest import small_journey  # noqa: E402


def test_grid_means_by_phase_and_channel():
    config = small_journey()
    scores = {k: v.score for k, v in performance(config).items()}
    mean, count = journey_grid(config, scores)
    # phase a: t1 50, t2 50 -> 50 (2 touchpoints); phase b: t3 60, t4 75, t5 unmeasured -> 67.5 (3)
    assert count.tolist() == [[2, 3]]
    assert mean[0, 0] == 50 and mean[0, 1] == 67.5
    mean, _ = journey_grid(config, {})
    assert math.isnan(mean[0, 0])


def test_charts_draw_in_the_clients_language(tmp_path):
    from cxconsult.narrative import journey as story

    config = small_journey()
    ax = Figure().add_subplot()
    plot_journey_heatmap(config, {k: v.score for k, v in performance(config).items()}, ax=ax, language="fr")
    assert ax.get_title() == "Performance par étape et par canal (0-100)"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Join", "Use"]
    import pandas as pd

    from cxconsult.journey import PilotData

    rows = [("pilot", "before", v) for v in (2, 3, 4)] + [("pilot", "after", v) for v in (3, 4, 5)] + \
           [("control", "before", v) for v in (2, 3, 4)] + [("control", "after", v) for v in (2, 3, 4)]
    frame = pd.DataFrame(rows, columns=["group", "period", "value"])
    a = analyse_journey(small_journey(pilot=PilotData("t1", "csat", frame)))
    ax = Figure().add_subplot()
    plot_pilot(a.pilot, ax=ax, language="en", measure_label=story.PILOT_AXES["csat"])
    # pilot +1, control 0: effect +1.00
    assert ax.get_title().startswith("Effect +1.00 (")
    assert ax.get_ylabel() == "Mean satisfaction (1-5)"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Before", "After"]
