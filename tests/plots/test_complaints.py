"""The complaints charts draw what the analysis holds, labels in the client's language, Chinese in a CJK font."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from pathlib import Path  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from cxconsult.complaints import TimeToEvent  # noqa: E402
from cxconsult.engagement import load_engagement  # noqa: E402
from cxconsult.narrative import complaints as story  # noqa: E402
from cxconsult.plots import _base  # noqa: E402
from cxconsult.plots.complaints import cjk_fonts, plot_pareto, plot_scorecard, plot_times  # noqa: E402

AURORA = Path(__file__).resolve().parents[2] / "data" / "engagements" / "aurora-telecom"


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(ax) -> str:
    parts = [ax.get_title("left"), ax.get_xlabel(), ax.get_ylabel()]
    parts += [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels() + ax.texts]
    return " | ".join(parts)


TIMES = (TimeToEvent("resolution", "phone", 5, 1, 24.0, 0.7, 10.0, 36.0, (0.4, 0.9)),
         TimeToEvent("resolution", "email", 2, 1, 48.0, 0.5, 24.0, float("nan"), (0.1, 0.9)),
         TimeToEvent("resolution", "all", 7, 2, float("nan"), 9 / 14, 10.0, 36.0, (0.3, 0.9)),
         TimeToEvent("first_response", "phone", 5, 1, 2.0, 0.8, 1.0, 3.0, (0.5, 1.0)))


def test_times_bars_are_the_shares_within_standard_with_the_standard_written():
    ax = plot_times(TIMES, "resolution", labels={"phone": "Phone", "email": "E-mail", "all": "All channels"})
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted([70.0, 50.0, round(900 / 14, 6)])  # first_response rows are not drawn
    texts = _texts(ax)
    assert "70% (24 h)" in texts and "50% (48 h)" in texts and "64%" in texts and "64% (" not in texts
    assert ax.get_yticklabels()[0].get_text() == "All channels"  # the total at the bottom
    assert "Resolution: share of cases within the standard, by channel" in texts


def test_times_in_french_use_french_numbers_and_words():
    ax = plot_times(TIMES, "first_response", labels={"phone": "Téléphone"}, language="fr")
    texts = _texts(ax)
    assert "Première réponse : part des dossiers dans l'engagement, par canal" in texts
    assert "80\u00a0% (2,0\u00a0h)" in texts and "Téléphone" in texts


def test_pareto_bars_and_cumulative_line():
    pareto = pd.DataFrame({"root_cause": ["Billing", "Network", "Delivery"], "cases": [4, 2, 1],
                           "share": [4 / 7, 2 / 7, 1 / 7], "cumulative_share": [4 / 7, 6 / 7, 1.0]})
    ax = plot_pareto(pareto)
    assert [p.get_height() for p in ax.patches] == [4, 2, 1]
    twin = [other for other in ax.figure.axes if other is not ax][0]
    np.testing.assert_allclose(twin.lines[0].get_ydata(), [400 / 7, 600 / 7, 100])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Billing", "Network", "Delivery"]


def test_pareto_groups_the_tail():
    pareto = pd.DataFrame({"root_cause": [f"c{i}" for i in range(20)], "cases": list(range(40, 20, -1))})
    pareto["share"] = pareto["cases"] / pareto["cases"].sum()
    pareto["cumulative_share"] = pareto["share"].cumsum()
    ax = plot_pareto(pareto, top=5, language="pt-BR")
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels[-1] == "Outras causas" and len(labels) == 5
    assert ax.patches[-1].get_height() == sum(range(36, 20, -1))


def test_scorecard_heat_map_cells_are_the_shares():
    sc = pd.DataFrame({"R": [1.0, 2 / 3], "O": [1 / 3, np.nan], "cases": [3, 4], "reviewed": [3, 3],
                       "most_skipped": ["O", "R"]}, index=pd.Index(["A", "B"], name="team"))
    ax = plot_scorecard(sc, ["R", "O"])
    cells = [t.get_text() for t in ax.texts]
    assert cells == ["100%", "33%", "67%"]  # B's O was never checked: no number drawn
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["R", "O"]


def test_sample_charts_and_chinese_font():
    engagement = load_engagement(AURORA)
    a = story.analysis(engagement)
    ax = plot_scorecard(a.scorecard, language="zh")
    assert ax.get_title("left") == "各团队已检查案例中完成各步骤的占比"
    if cjk_fonts():  # Debian's fonts-noto-cjk: the Chinese title is drawn in it, not as empty boxes
        assert ax.title.get_fontfamily()[0] == cjk_fonts()[0]
        assert ax.get_xticklabels()[0].get_fontfamily()[0] == cjk_fonts()[0]
    fig = _base.figure(ax, caption="x")
    assert fig.png.startswith(b"\x89PNG")
    ax = plot_times(a.times, "resolution", labels={t.channel: story.channel_label(story.translator("zh"), t.channel)
                                                   for t in a.times}, language="zh")
    assert "电话" in _texts(ax)
