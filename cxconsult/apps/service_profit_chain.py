"""Service-profit-chain what-if app: move engagement or CSAT, see customers kept, revenue and profit.

``build_service_profit_chain_app(engagement_path)`` returns the widget the voila notebook displays.
The chain is fitted once on the engagement's unit data (``service_profit_chain`` section); each
slider change calls :func:`cxconsult.spc.what_if` and shows that one scenario in the figures, the live
chart (bqplot: the bars change in place, no image is drawn) and the table. Each input has a number box;
a number typed outside its range is refused with a message, never clamped. No model arithmetic here.
"""

from __future__ import annotations

import math
import os

import ipywidgets as widgets

from cxconsult import safe
from cxconsult.apps.common import Banner, engagement_arg, header, style
from cxconsult.errors import CxConsultError
from cxconsult.i18n import N_, translator

__all__ = ["ChainApp", "build_service_profit_chain_app"]


class ChainApp:
    """State and widgets of the what-if page. ``.widget`` is the page; ``.update()`` redraws."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None):
        from cxconsult.engagement import load_engagement

        self.banner = Banner()
        self.tr = translator("en")
        self.scenario = None
        self.widget = widgets.VBox(layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-spc")
        try:
            self.engagement = load_engagement(engagement_arg(engagement_path), sections=("service_profit_chain",))
            self.tr = translator(self.engagement.language)
            self.config = self.engagement.spc
            if self.config is None:
                raise CxConsultError(self.tr._("{client}: engagement.yaml has no 'service_profit_chain' section, so "
                                               "there is no chain to explore").format(client=self.engagement.client))
            self.fit = self.config.chain().fit(self.config.frame).result_
        except CxConsultError as exc:
            self.widget.children = [style(), header(self.tr._("Service-profit chain: what is it worth?"), ""),
                                    self.banner.widget]
            self.banner.error(self.tr._("The chain cannot be shown."), str(exc))
            return
        self.currency = self.engagement.currency or self.config.currency
        self._build()
        self.update()

    def _input(self, name: str, label: str, value: float, low: float, high: float, step: float,
               fmt: str, scale: float = 1.0) -> widgets.FloatSlider:
        """A slider with a number box, under a wrapping label (nothing clips on a 375 px phone). The
        section's own value widens the range rather than being clamped; a number typed outside the
        range is refused with a message (see :meth:`_on_type`)."""
        low, high = min(low, value), max(high, value)
        slider = widgets.FloatSlider(value=value, min=low, max=high, step=step, readout=False,
                                     continuous_update=False, readout_format=fmt,
                                     layout=widgets.Layout(width="auto", flex="1 1 auto", min_width="120px"))
        box = widgets.FloatText(value=round(value * scale, 4), layout=widgets.Layout(width="96px"))
        box.add_class("cx-number")
        slider.cx_name = box.cx_name = name
        slider.cx_scale = scale
        slider.cx_label = label
        slider.observe(self._on_slide, names="value")
        box.observe(self._on_type, names="value")
        self.boxes[name] = box
        text = widgets.HTML(safe.html('<label class="cx-label" style="white-space:normal">{t}</label>', t=label))
        row = widgets.VBox([text, widgets.HBox([slider, box], layout=widgets.Layout(width="min(100%, 560px)"))],
                           layout=widgets.Layout(width="100%"))
        row.add_class(f"cx-input-{name}")
        self.rows.append(row)
        return slider

    def _build(self) -> None:
        tr = self.tr
        colour = self.engagement.branding.colour
        self.boxes: dict[str, widgets.FloatText] = {}
        self.rows: list[widgets.VBox] = []
        self.engagement_slider = self._input("engagement", tr._("Employee engagement points to add"),
                                             self.config.engagement_points, -10, 20, 1, "+.0f")
        self.csat_slider = self._input("csat", tr._("CSAT points to add"), self.config.csat_points, -10, 10, 1,
                                       "+.0f")
        self.engagement_slider.add_class("cx-engagement")
        self.csat_slider.add_class("cx-csat")
        self.margin_slider = None
        if self.config.revenue_per_year is not None and self.config.margin is not None:
            self.margin_slider = self._input("margin", tr._("Margin on extra revenue (%)"), self.config.margin,
                                             0, 1, 0.01, ".0%", scale=100)
            self.margin_slider.add_class("cx-margin")
        self.kpis = widgets.HTML()
        self.kpis.add_class("cx-kpis")
        from cxconsult.apps.charts import WhatIfChart, chain_diagram

        self.live = WhatIfChart(tr, colour)
        self.chart = self.live.widget
        self.chart_state = widgets.HTML(layout=widgets.Layout(height="0px", overflow="hidden", margin="0"))
        self.chain_diagram = chain_diagram(self.fit, tr, colour)  # HTML: no matplotlib at page load
        self.table = widgets.HTML()
        self.table.add_class("cx-table")
        intro = widgets.HTML(safe.html('<div class="cx-muted">{t}</div>', t=tr._(
            "Each link of the chain was estimated on {units} over {periods}. Move a slider: the change is carried "
            "along every later link. Ranges are {level} intervals from resampling the teams.").format(
            units=tr.ngettext("{n} team", "{n} teams", self.fit.n_units).format(n=self.fit.n_units),
            periods=tr.ngettext("{n} period", "{n} periods", self.fit.n_periods).format(n=self.fit.n_periods),
            level=tr.percent(self.fit.confidence))))
        self.widget.children = [
            style(colour),
            header(tr._("Service-profit chain: what is it worth?"), self.engagement.client,
                   tr._("Move employee engagement or customer satisfaction and follow it to customers kept, "
                        "revenue and profit a year")),
            self.chain_diagram, intro, *self.rows, self.banner.widget, self.kpis, self.chart, self.chart_state,
            widgets.HTML(safe.html('<div class="cx-section">{t}</div>', t=tr._("Every stage of the chain"))),
            self.table]

    # -- inputs ---------------------------------------------------------------------------------
    _syncing: bool = False
    out_of_range: str | None = None

    def _sliders(self) -> list[widgets.FloatSlider]:
        return [s for s in (self.engagement_slider, self.csat_slider, self.margin_slider) if s is not None]

    def _on_slide(self, change: dict) -> None:
        slider = change["owner"]
        self._syncing = True
        try:
            self.boxes[slider.cx_name].value = round(change["new"] * slider.cx_scale, 4)
        finally:
            self._syncing = False
        self.out_of_range = None
        self.update()

    def _on_type(self, change: dict) -> None:
        if self._syncing:
            return
        slider = next(s for s in self._sliders() if s.cx_name == change["owner"].cx_name)
        value = float(change["new"]) / slider.cx_scale
        if not (math.isfinite(value) and slider.min - 1e-12 <= value <= slider.max + 1e-12):
            tr, scale = self.tr, slider.cx_scale
            self.banner.error(tr._("This value is outside the range the page allows."), tr._(
                "{label}: {typed} is outside {low} to {high}; the figures below still use {current}.").format(
                label=slider.cx_label, typed=tr.number(change["new"], 2), low=tr.number(slider.min * scale, 2),
                high=tr.number(slider.max * scale, 2), current=tr.number(slider.value * scale, 2)))
            self.out_of_range = slider.cx_name
            return
        self.out_of_range = None
        if abs(slider.value - value) > 1e-12:
            slider.value = value  # updates through _on_slide
        else:
            self.update()

    def update(self) -> None:
        """Run the what-if for the slider values and refresh figures, chart and table."""
        from cxconsult.narrative.service_profit_chain import _moves, _value_per_customer, what_if_table_html
        from cxconsult.spc import what_if

        tr = self.tr
        value, self.value_basis = _value_per_customer(self.engagement, self.config)
        inputs = {**self.config.what_if_inputs(), "currency": self.currency, "value_per_customer": value}
        if self.margin_slider is not None:
            inputs["margin"] = self.margin_slider.value
        try:
            self.scenario = what_if(self.fit, self.engagement_slider.value, self.csat_slider.value, **inputs)
        except CxConsultError as exc:
            self.banner.error(tr._("This scenario cannot be computed."), str(exc))
            return
        self.banner.clear()
        self.kpis.value = self._kpi_html()  # figures first, then the slower chart
        view = _View(self.config, self.scenario)
        self.table.value = (str(what_if_table_html(view, tr)) if self.scenario.changes
                            else str(safe.html("<p>{t}</p>", t=tr._("No later stage to move."))))
        self.live.show(self.scenario, self.currency)  # the scenario the cards just showed
        moves = ", ".join(f"{points:+g} {stage}" for stage, points in self.scenario.shifts) or "0"
        self.chart_state.value = str(safe.html('<span class="cx-chart-state" data-scenario="{m}" title="{t}"></span>',
                                               m=moves, t=_moves(tr, self.scenario)))

    def _kpi_html(self) -> str:
        from cxconsult.narrative.retention import money

        tr, s, cur = self.tr, self.scenario, self.currency
        cards = []
        kept = s.amount("customers_kept_per_year")
        if kept:
            cards.append((tr._("Customers kept a year"), tr.number(kept.value),
                          tr._("{low} to {high}").format(low=tr.number(kept.low), high=tr.number(kept.high)), "cx-kept"))
        for name, label, css in (("extra_revenue_per_year", N_("Extra revenue a year"), "cx-revenue"),
                                 ("extra_profit_per_year", N_("Extra profit a year"), "cx-profit"),
                                 ("value_of_customers_kept_per_year", N_("Future margin of the customers kept"),
                                  "cx-value")):
            amount = s.amount(name)
            if amount:
                cards.append((tr._(label), money(tr, amount.value, cur), tr._("{low} to {high}").format(
                    low=money(tr, amount.low, cur), high=money(tr, amount.high, cur)), css))
        if not cards:
            return str(safe.html('<div class="cx-muted">{t}</div>', t=tr._(
                "The section gives no customer base or revenue to turn moves into money.")))
        body = safe.join(safe.html('<div class="cx-kpi {css}" style="flex:1 1 160px;min-width:0">{label}<br>'
                                   '<b>{value}</b><br><span class="cx-muted">{low_high}</span></div>',
                                   css=css, label=label, value=value, low_high=low_high)
                         for label, value, low_high, css in cards)
        notes = []
        if s.amount("value_of_customers_kept_per_year") and s.amount("extra_revenue_per_year"):
            notes.append(tr._("The future margin of customers kept is a value gained once, and it overlaps the "
                              "extra revenue (kept customers are part of revenue growth): do not add them."))
        if any(link.assumed for link in self.fit.links):
            notes.append(tr._("Some links have no client data and use a published figure (an assumption)."))
        note = safe.join(safe.html('<div class="cx-muted">{n}</div>', n=n) for n in notes)
        return str(safe.html('<div style="display:flex;gap:18px;flex-wrap:wrap;margin:8px 0">{body}</div>{note}',
                             body=body, note=note))


class _View:
    """The two attributes :func:`what_if_table_html` reads, for a scenario of the app."""

    def __init__(self, config, scenario) -> None:
        self.config = config
        self.scenario = scenario


def build_service_profit_chain_app(engagement_path: str | os.PathLike[str] | None = None) -> widgets.Widget:
    """The what-if page for ``engagement_path`` (default ``$CXCONSULT_ENGAGEMENT``).

    The returned widget carries its :class:`ChainApp` as ``.cx_app``.
    """
    app = ChainApp(engagement_path)
    app.widget.cx_app = app
    return app.widget
