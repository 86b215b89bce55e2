"""CX dashboard app (seed 001, step 6): filters for period, touchpoint and segment; the headline metrics,
the monthly trend and the dashboard tree update from a pre-aggregated cube
(:class:`cxconsult.voc.cube.FeedbackCube`), so a filter on a million responses answers in well under a
second. No model arithmetic here: the cube and :func:`cxconsult.voc.dashboard.dashboard` compute.
"""

from __future__ import annotations

import os
import time

import ipywidgets as widgets

from cxconsult import safe
from cxconsult.apps.common import Banner, engagement_arg, error_page, header, redraw, style
from cxconsult.i18n import N_, translator

__all__ = ["DashboardApp", "build_dashboard_app"]

TITLE = N_("CX dashboard")


class DashboardApp:
    """Widgets and state. ``.widget`` is the page; ``apply(...)`` sets filters (tests, notebooks);
    ``.last_update_s`` is the latest refresh time (computation and drawing)."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None, *, feedback=None, language=None,
                 client: str = "", colour: str = "#1F4E79", currency: str = "EUR"):
        from cxconsult.voc.cube import build_cube

        self.banner = Banner()
        if feedback is None:
            from cxconsult.engagement import load_engagement

            engagement = load_engagement(engagement_arg(engagement_path), sections=("journey", "feedback"))
            feedback, language = engagement.feedback, engagement.language
            client, colour, currency = engagement.client, engagement.branding.colour, engagement.currency
        self.tr = tr = translator(language or "en")
        self.currency = currency
        self.colour = colour
        self.last_update_s = 0.0
        top = [style(colour), header(tr._(TITLE), client, tr._("Filter by period, touchpoint and segment"))]
        if feedback is None:
            self.widget = error_page(top, self.banner, tr._("This engagement has no feedback section."))
            return
        self.feedback = feedback
        self.cube = build_cube(feedback.data, feedback.metrics + feedback.attributes, csat_top=feedback.csat_top)
        periods = self.cube.periods
        options = [(tr.date(p.date(), format="MMM y"), p) for p in periods]
        self.period = widgets.SelectionRangeSlider(options=options, index=(max(0, len(options) - 12), len(options) - 1),
                                                   description=tr._("Period"), continuous_update=False,
                                                   layout=widgets.Layout(width="820px"),
                                                   style={"description_width": "110px"})
        self.period.add_class("cx-filter-period")
        self.touchpoints = widgets.SelectMultiple(options=self.cube.values("touchpoint"), rows=6,
                                                  description=tr._("Touchpoints"),
                                                  style={"description_width": "110px"})
        self.touchpoints.add_class("cx-filter-touchpoint")
        self.segments = widgets.SelectMultiple(options=self.cube.values("segment"), rows=6,
                                               description=tr._("Segments"), style={"description_width": "110px"})
        self.segments.add_class("cx-filter-segment")
        self.reset_button = widgets.Button(description=tr._("Show everything"), layout=widgets.Layout(width="auto"))
        self.reset_button.on_click(lambda _: self.apply(touchpoints=(), segments=()))
        for w in (self.period, self.touchpoints, self.segments):
            w.observe(lambda _change: self.update(), names="value")
        self.kpi = widgets.HTML()
        self.kpi.add_class("cx-dashboard-kpi")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="860px"))
        self.chart.add_class("cx-dashboard-trend")
        self.tree = widgets.HTML()
        self.tree.add_class("cx-table")
        self.tree.add_class("cx-dashboard-tree")
        filters = widgets.VBox([self.period, widgets.HBox([self.touchpoints, self.segments]), self.reset_button])
        self.widget = widgets.VBox([*top, filters, self.banner.widget, self.kpi, self.chart, self.tree],
                                   layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-dashboard")
        self._silent = False
        self.update()

    def filters(self) -> dict:
        start, end = self.period.value
        return {"start": start, "end": end, "touchpoints": list(self.touchpoints.value),
                "segments": list(self.segments.value)}

    def apply(self, *, period=None, touchpoints=None, segments=None) -> None:
        """Set several filters and refresh once."""
        self._silent = True
        try:
            if period is not None:
                self.period.value = period
            if touchpoints is not None:
                self.touchpoints.value = tuple(touchpoints)
            if segments is not None:
                self.segments.value = tuple(segments)
        finally:
            self._silent = False
        self.update()

    def update(self) -> None:
        if getattr(self, "_silent", False):
            return
        from cxconsult.narrative.voc import METRIC_LABELS, STATUS_LABELS, _measure_value, metric_value
        from cxconsult.plots.voc import plot_voc_trend
        from cxconsult.voc.dashboard import dashboard

        tr = self.tr
        tick = time.perf_counter()
        f = self.filters()
        n = self.cube.responses(**f)
        if n == 0:
            self.banner.info(tr._("No answers match these filters."))
            self.kpi.value = ""
            self.tree.value = ""
            self.last_update_s = time.perf_counter() - tick
            return
        self.banner.clear()
        cells = [safe.html('<td class="cx-kpi-responses" data-value="{n}" style="padding:6px 18px 6px 0">{label}'
                           "<br><b>{v}</b></td>", n=str(n), label=tr._("Answers"), v=tr.number(n))]
        for metric in self.feedback.metrics:
            s = self.cube.summary(metric, **f)
            cells.append(safe.html(
                '<td class="cx-kpi-{m}" data-value="{raw}" style="padding:6px 18px 6px 0">{label}<br><b>{v}</b><br>'
                '<span class="cx-muted">{lo} – {hi}</span></td>', m=metric, raw=f"{s.value:.6f}",
                label=tr._(METRIC_LABELS[metric]), v=metric_value(tr, metric, s.value),
                lo=metric_value(tr, metric, s.low), hi=metric_value(tr, metric, s.high)))
        self.kpi.value = str(safe.html("<table><tr>{cells}</tr></table>", cells=safe.join(cells)))
        rows = []
        for st in dashboard(self.feedback.measures, self.cube, **f):
            m = st.measure
            value = lambda v: _measure_value(tr, m.unit, v, self.currency)  # noqa: E731
            rows.append(safe.html('<tr class="cx-measure-{id}"><td style="padding-left:{pad}em">{label}</td>'
                                  "<td>{base}</td><td><b>{cur}</b></td><td>{target}</td><td>{status}</td>"
                                  "<td>{owner}</td></tr>", id=m.id, pad=str(0.3 + 1.5 * st.depth), label=m.label,
                                  base=value(m.baseline), cur=value(st.current), target=value(m.target),
                                  status=tr._(STATUS_LABELS[st.status]), owner=m.owner))
        self.tree.value = str(safe.html(
            "<table><thead><tr><th>{a}</th><th>{b}</th><th>{c}</th><th>{d}</th><th>{e}</th><th>{f}</th></tr></thead>"
            "<tbody>{rows}</tbody></table>", a=tr._("Measure"), b=tr._("Baseline"), c=tr._("Latest"),
            d=tr._("Target"), e=tr._("Status"), f=tr._("Owner"), rows=safe.join(rows)))
        outcome = self.feedback.outcome
        series = self.cube.trend(outcome, **f)
        redraw(self.chart, plot_voc_trend, series, outcome, language=tr.language, colour=self.colour,
               figsize=(8.0, 3.0), dpi=90)
        self.last_update_s = time.perf_counter() - tick


def build_dashboard_app(engagement_path: str | os.PathLike[str] | None = None) -> widgets.Widget:
    """The dashboard page for ``engagement_path`` (default ``$CXCONSULT_ENGAGEMENT``); the widget carries
    its :class:`DashboardApp` as ``.cx_app``."""
    app = DashboardApp(engagement_path)
    app.widget.cx_app = app
    return app.widget
