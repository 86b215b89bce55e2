"""Helpers shared by the chart modules (matplotlib imported lazily)."""

from __future__ import annotations

from typing import Any

from cxconsult.formatting import short_number


def new_axes(ax: Any, figsize: tuple[float, float]) -> Any:
    """``ax`` itself, or the Axes of a new figure of ``figsize`` inches with constrained layout."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def money_axis(ax: Any, which: str = "y") -> None:
    """Tick labels as 1.5M / 250.0k instead of scientific notation."""
    from matplotlib.ticker import FuncFormatter

    axis = ax.yaxis if which == "y" else ax.xaxis
    axis.set_major_formatter(FuncFormatter(lambda value, _pos: short_number(value)))


class Figure:
    """A finished chart with its caption and alt text, for ``display()`` in a report notebook.

    Displayed, it is a PNG whose output metadata carries ``{"cxreport": {"caption": ..., "alt": ...}}``;
    the ``cxreport`` template writes the PNG as ``<figure><img alt=...><figcaption>...</figcaption></figure>``.
    A chart shown without it (plain matplotlib output) still gets an alt text and a caption: the report
    builder (:func:`cxconsult.reports.assemble`) fills them from the latest heading above the chart.
    """

    def __init__(self, png: bytes, caption: str = "", alt: str = ""):
        self.png = png
        self.caption = str(caption)
        self.alt = str(alt or caption)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        import base64

        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.alt}
        return data, {"cxreport": {"caption": self.caption, "alt": self.alt}}


def figure(ax_or_fig: Any, *, caption: str, alt: str = "", dpi: int = 110) -> Figure:
    """Close the chart drawn on ``ax_or_fig`` and return it as a :class:`Figure` with ``caption`` and
    ``alt`` (both already in the client's language; ``alt`` describes what the chart shows, with its
    numbers, for a reader who cannot see it; it defaults to the caption)."""
    import io

    import matplotlib.pyplot as plt

    fig = getattr(ax_or_fig, "figure", ax_or_fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    plt.close(fig)
    return Figure(buffer.getvalue(), caption=caption, alt=alt)
