"""Service-profit-chain what-if app: move engagement or CSAT, see customers kept, revenue and profit.

``build_service_profit_chain_app(engagement_path)`` returns the widget the voila notebook displays.
The chain is fitted once on the engagement's unit data (``service_profit_chain`` section); each
slider change calls :func:`cxconsult.spc.what_if` and redraws the chart, the figures and the table.
No model arithmetic happens here.
"""

from __future__ import annotations

import os

import ipywidgets as widgets
import pandas as pd

from cxconsult.apps.common import Banner, engagement_arg, esc, header, redraw, style, table_html
from cxconsult.errors import CxConsultError
from cxconsult.formatting import fmt_money

__all__ = ["ChainApp", "build_service_profit_chain_app"]


class ChainApp:
    """State and widgets of the what-if page. ``.widget`` is the page; ``.update()`` redraws."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None):
        from cxconsult.engagement import load_engagement

        self.banner = Banner()
        self.scenario = None
        self.widget = widgets.VBox(layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-spc")
        try:
            self.engagement = load_engagement(engagement_arg(engagement_path))
            self.config = self.engagement.spc
            if self.config is None:
                raise CxConsultError(f"{self.engagement.client}: engagement.yaml has no 'service_profit_chain' "
                                     "section, so there is no chain to explore")
            self.fit = self.config.chain().fit(self.config.frame).result_
        except CxConsultError as exc:
            self.widget.children = [style(), header("Service-profit chain: what is it worth?", ""), self.banner.widget]
            self.banner.error("The chain cannot be shown.", str(exc))
            return
        self.currency = self.engagement.currency or self.config.currency
        self._build()
        self.update()

    def _build(self) -> None:
        colour = self.engagement.branding.colour
        slider = {"continuous_update": False, "readout_format": "+.0f", "style": {"description_width": "150px"},
                  "layout": widgets.Layout(width="460px")}
        self.engagement_slider = widgets.FloatSlider(value=self.config.engagement_points, min=-10, max=20, step=1,
                                                     description="Engagement points", **slider)
        self.csat_slider = widgets.FloatSlider(value=self.config.csat_points, min=-10, max=10, step=1,
                                               description="CSAT points", **slider)
        self.engagement_slider.add_class("cx-engagement")
        self.csat_slider.add_class("cx-csat")
        controls = [self.engagement_slider, self.csat_slider]
        self.margin_slider = None
        if self.config.revenue_per_year is not None and self.config.margin is not None:
            self.margin_slider = widgets.FloatSlider(value=self.config.margin, min=0, max=1, step=0.01,
                                                     description="Margin on revenue", continuous_update=False,
                                                     readout_format=".0%", style={"description_width": "150px"},
                                                     layout=widgets.Layout(width="460px"))
            self.margin_slider.add_class("cx-margin")
            controls.append(self.margin_slider)
        for control in controls:
            control.observe(lambda _change: self.update(), names="value")
        self.kpis = widgets.HTML()
        self.kpis.add_class("cx-kpis")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="760px"))
        self.chart.add_class("cx-what-if-chart")
        self.chart_state = widgets.HTML(layout=widgets.Layout(height="0px", overflow="hidden", margin="0"))
        self.chain_image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.table = widgets.HTML()
        self.table.add_class("cx-table")
        from cxconsult.plots.spc import plot_chain

        redraw(self.chain_image, plot_chain, self.fit, colour=colour, figsize=(10.5, 2.7), dpi=90)
        intro = widgets.HTML(
            '<div class="cx-muted">Each link of the chain was estimated on '
            f"{self.fit.n_units} {esc(self.config.unit_column)}s over {self.fit.n_periods} "
            f"{esc(self.config.period_column)}s. Move a slider: the change is carried along every later link. "
            "Ranges are 95% intervals from resampling the teams.</div>")
        self.widget.children = [
            style(colour),
            header("Service-profit chain: what is it worth?", self.engagement.client,
                   "Move employee engagement or customer satisfaction and follow it to customers kept, "
                   "revenue and profit a year"),
            self.chain_image, intro, *controls, self.banner.widget, self.kpis, self.chart, self.chart_state,
            widgets.HTML('<div class="cx-section">Every stage of the chain</div>'), self.table]

    def update(self) -> None:
        """Run the what-if for the slider values and refresh figures, chart and table."""
        from cxconsult.plots.spc import plot_what_if
        from cxconsult.spc import what_if

        inputs = {**self.config.what_if_inputs(), "currency": self.currency}
        if self.margin_slider is not None:
            inputs["margin"] = self.margin_slider.value
        try:
            self.scenario = what_if(self.fit, self.engagement_slider.value, self.csat_slider.value, **inputs)
        except CxConsultError as exc:
            self.banner.error("This scenario cannot be computed.", str(exc))
            return
        self.banner.clear()
        rows = [{"Stage": c.stage.replace("_", " ").capitalize(), "Change": f"{c.change:+.3g}", "Unit": c.unit,
                 "95% range": f"{c.low:+.3g} to {c.high:+.3g}"} for c in self.scenario.changes]
        self.kpis.value = self._kpi_html()  # figures first, then the slower chart
        self.table.value = table_html(pd.DataFrame(rows)).value if rows else "<p>No later stage to move.</p>"
        redraw(self.chart, plot_what_if, self.scenario, colour=self.engagement.branding.colour,
               figsize=(7.5, 3.6), dpi=100)
        moves = ", ".join(f"{points:+g} {stage}" for stage, points in self.scenario.shifts) or "no change"
        self.chart_state.value = f'<span class="cx-chart-state" data-scenario="{esc(moves)}"></span>'

    def _kpi_html(self) -> str:
        s = self.scenario
        cards = []
        kept = s.amount("customers_kept_per_year")
        if kept:
            cards.append(("Customers kept a year", f"{kept.value:,.0f}", f"{kept.low:,.0f} to {kept.high:,.0f}",
                          "cx-kept"))
        for name, label, css in (("extra_revenue_per_year", "Extra revenue a year", "cx-revenue"),
                                 ("extra_profit_per_year", "Extra profit a year", "cx-profit"),
                                 ("value_of_customers_kept_per_year", "Value of customers kept", "cx-value")):
            amount = s.amount(name)
            if amount:
                cards.append((label, fmt_money(amount.value, self.currency),
                              f"{fmt_money(amount.low, self.currency)} to {fmt_money(amount.high, self.currency)}",
                              css))
        if not cards:
            return '<div class="cx-muted">The section gives no customer base or revenue to turn moves into money.</div>'
        body = "".join(f'<div class="cx-kpi {css}" style="min-width:170px">{esc(label)}<br><b>{esc(value)}</b>'
                       f'<br><span class="cx-muted">{esc(low_high)}</span></div>'
                       for label, value, low_high, css in cards)
        note = ""
        if s.amount("value_of_customers_kept_per_year") and s.amount("extra_revenue_per_year"):
            note = ('<div class="cx-muted">Value of customers kept and extra revenue overlap (kept customers '
                    "are part of revenue growth): do not add them.</div>")
        assumed = [f"{link.name} {link.coefficient:+.3g} {link.unit} ({link.source})"
                   for link in self.fit.links if link.assumed]
        if assumed:
            note += '<div class="cx-muted">Assumption (no client data): ' + esc("; ".join(assumed)) + "</div>"
        return f'<div style="display:flex;gap:18px;flex-wrap:wrap;margin:8px 0">{body}</div>{note}'


def build_service_profit_chain_app(engagement_path: str | os.PathLike[str] | None = None) -> widgets.Widget:
    """The what-if page for ``engagement_path`` (default ``$CXCONSULT_ENGAGEMENT``).

    The returned widget carries its :class:`ChainApp` as ``.cx_app``.
    """
    app = ChainApp(engagement_path)
    app.widget.cx_app = app
    return app.widget
