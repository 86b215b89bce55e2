"""Charts of the progress between two diagnostic waves (matplotlib imported lazily).

``plot_progress``: a dumbbell per area and the index, earlier score (grey) to later score (colour), with
the 95% interval of the change drawn around the later score (earlier score + low to earlier score + high).
``plot_question_changes``: each question's change with its interval; changes whose interval excludes 0
are coloured.
"""

from __future__ import annotations

import math
from typing import Any

from cxconsult.diagnostic.compare import WaveComparison
from cxconsult.diagnostic.scoring import AREA_LABELS
from cxconsult.engagement import AREAS
from cxconsult.i18n import translator
from cxconsult.plots._base import new_axes

BRAND = "#1F4E79"
EARLIER = "#9E9E9E"
DECLINE = "#C00000"


def plot_progress(result: WaveComparison, ax: Any = None, *, labels: dict[str, str] | None = None,
                  language: str = "en", colour: str = BRAND) -> Any:
    """Dumbbell chart: per area and for the index, the earlier and later score (0-100) joined by a line,
    with the change's interval as a bar around the later score; a filled later dot marks a significant
    change (interval excludes 0)."""
    tr = translator(language)
    ax = new_axes(ax, (7.0, 3.2))
    labels = labels or {a: tr._(name) for a, name in AREA_LABELS.items()}
    rows = [(tr._("Maturity index"), result.index)] + [(labels[a], result.area(a)) for a in AREAS]
    rows = rows[::-1]
    for y, (_name, c) in enumerate(rows):
        if math.isnan(c.earlier) or math.isnan(c.later):
            continue
        ax.plot([c.earlier, c.later], [y, y], color="#BBBBBB", linewidth=2.5, zorder=1)
        if not math.isnan(c.low):
            ax.plot([c.earlier + c.low, c.earlier + c.high], [y + 0.18, y + 0.18],
                    color=DECLINE if c.direction == "down" else colour, linewidth=1.2, alpha=0.7)
        ax.scatter([c.earlier], [y], color=EARLIER, s=45, zorder=3)
        later_colour = DECLINE if c.direction == "down" else colour
        ax.scatter([c.later], [y], s=55, zorder=4, edgecolors=later_colour, linewidths=1.5,
                   color=later_colour if c.significant else "white")
        ax.text(max(c.earlier, c.later, c.earlier + (c.high if not math.isnan(c.high) else 0)) + 2, y,
                tr.points(c.change, 1), va="center", fontsize=9)
    ax.set_yticks(range(len(rows)), [name for name, _ in rows])
    ax.set_xlim(0, 108)
    ax.set_xlabel(tr._("Score 0-100: grey {earlier}, coloured {later}; bar: 95% interval of the change; filled: "
                       "the interval excludes 0").format(earlier=result.earlier_label, later=result.later_label),
                  fontsize=9)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def plot_question_changes(result: WaveComparison, ax: Any = None, *, language: str = "en",
                          colour: str = BRAND) -> Any:
    """Each question's change in points (dot) with its 95% interval (line); coloured when it excludes 0."""
    tr = translator(language)
    ax = new_axes(ax, (6.5, 5.5))
    table = result.questions.iloc[::-1]
    y = list(range(len(table)))
    colours = [(DECLINE if row.change < 0 else colour) if row.significant else EARLIER
               for row in table.itertuples()]
    ax.hlines(y, table["low"], table["high"], color=colours, linewidth=2)
    ax.scatter(table["change"], y, color=colours, zorder=3)
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.set_yticks(y, table.index)
    ax.set_xlabel(tr._("Change in points since {earlier} (line: 95% interval)").format(
        earlier=result.earlier_label))
    ax.spines[["top", "right"]].set_visible(False)
    return ax
