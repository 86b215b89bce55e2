"""Charts of the CX diagnostic. Each function draws on ``ax`` (or a new figure) and returns the Axes."""

from __future__ import annotations

from typing import Any

from cxconsult.diagnostic.scoring import AREA_LABELS, DISAGREEMENT_SD, DiagnosticResult
from cxconsult.engagement import AREAS
from cxconsult.i18n import translator
from cxconsult.plots._base import new_axes

BRAND = "#1F4E79"


def plot_area_scores(result: DiagnosticResult, ax: Any = None, *, colour: str = BRAND,
                     labels: dict[str, str] | None = None, language: str = "en") -> Any:
    """Horizontal bars of the four area scores (0-100) with the overall index as a dashed line.

    ``labels`` are the area names (default English); ``language`` translates the axis and the index label.
    """
    tr = translator(language)
    ax = new_axes(ax, (6.5, 2.8))
    labels = labels or {a: tr._(name) for a, name in AREA_LABELS.items()}
    names = [labels[a] for a in AREAS][::-1]
    values = [result.by_area[a] for a in AREAS][::-1]
    bars = ax.barh(names, [0 if v != v else v for v in values], color=colour, height=0.6)
    for bar, value in zip(bars, values):
        text = tr._("n/a") if value != value else tr.number(value)
        ax.text(bar.get_width() + 1.5, bar.get_y() + bar.get_height() / 2, text, va="center", fontsize=10)
    ax.axvline(result.index, color="#C00000", linestyle="--", linewidth=1.2)
    ax.text(result.index, len(names) - 0.35, " " + tr._("index {value}").format(value=tr.number(result.index)),
            color="#C00000", fontsize=9)
    ax.set_xlim(0, 105)
    ax.set_xlabel(tr._("Maturity score (0 = not at all, 100 = fully)"))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_question_scores(result: DiagnosticResult, ax: Any = None, *, colour: str = BRAND,
                         language: str = "en") -> Any:
    """Each question's mean score (dot) and its answers' range across respondents (line)."""
    tr = translator(language)
    ax = new_axes(ax, (6.5, 5.5))
    table = result.questions.iloc[::-1]
    y = range(len(table))
    ax.hlines(y, table["min"] / 4 * 100, table["max"] / 4 * 100, color="#BBBBBB", linewidth=3)
    disagree = table["sd"] >= DISAGREEMENT_SD
    ax.scatter(table["score"], y, color=[("#C00000" if d else colour) for d in disagree], zorder=3)
    ax.set_yticks(list(y), table.index)
    ax.set_xlim(-3, 103)
    ax.set_xlabel(tr._("Score 0-100 (dot: mean; grey: lowest to highest answer; red: strong disagreement)"))
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_role_heatmap(result: DiagnosticResult, ax: Any = None, *, language: str = "en") -> Any:
    """Heat map of question x role scores (0-100): where roles see the organisation differently."""
    tr = translator(language)
    ax = new_axes(ax, (1.6 + 1.1 * max(1, result.by_role_question.shape[1]), 6.5))
    table = result.by_role_question
    image = ax.imshow(table.to_numpy(dtype=float), cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    ax.set_yticks(range(len(table.index)), table.index)
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=30, ha="right")
    for (i, j), value in _cells(table):
        ax.text(j, i, tr.number(value), ha="center", va="center", fontsize=8)
    ax.figure.colorbar(image, ax=ax, label=tr._("Score (0-100)"), shrink=0.8)
    return ax


def _cells(table: Any):
    values = table.to_numpy(dtype=float)
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if values[i, j] == values[i, j]:
                yield (i, j), values[i, j]
