"""Retention what-if: move retention, margin, discount rate, acquisition cost and the service share of
defections, and see the customer values, the cost of poor service and the return on CX live.

Each change calls :func:`cxconsult.retention.analysis.analyse_retention` with the input values (reusing
the cohort fit, which the inputs do not change) and updates the two live charts (bqplot: the data
changes in place, no image is drawn) and the figures; the
headline and the charts read the same result (the payback month in the headline is the one the
chart marks). No model arithmetic happens here. Every word is in the engagement's language.

Each input is a slider with a number box beside it. A number typed outside the input's range is not
clamped: the page says which range is allowed and keeps the last valid figures.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass

import ipywidgets as widgets

from cxconsult import safe
from cxconsult.apps.common import Banner, SliderPage, engagement_arg, error_page, header, style
from cxconsult.errors import CxConsultError
from cxconsult.i18n import N_, Translator, translator

__all__ = ["RetentionWhatIf", "build_retention_app", "SLIDERS"]


@dataclass(frozen=True)
class SliderSpec:
    """One input: ``name`` (an ``analyse_retention`` override), label, bounds (relative to the
    engagement's value when ``relative``), step, and ``scale`` from the model's value to the number the
    box shows (100 for a percentage)."""

    name: str
    label: str
    low: float
    high: float
    step: float
    scale: float = 1.0
    relative: bool = False
    money: bool = False


SLIDERS: tuple[SliderSpec, ...] = (
    SliderSpec("retention_per_year", N_("Yearly retention of today's base (%)"), 0.50, 0.97, 0.005, 100),
    SliderSpec("retention_gain_points", N_("Retention gain from the CX programme (points)"), 0.0, 5.0, 0.25),
    SliderSpec("margin_per_period", N_("Margin per customer per {period} ({currency})"), 0.25, 2.0, 0.25,
               relative=True, money=True),
    SliderSpec("discount_rate_per_year", N_("Discount rate per year (%)"), 0.0, 0.25, 0.005, 100),
    SliderSpec("acquisition_cost", N_("Cost to acquire a customer ({currency})"), 0.0, 3.0, 5.0, relative=True,
               money=True),
    SliderSpec("service_share", N_("Share of departures due to service (%)"), 0.0, 1.0, 0.01, 100),
    SliderSpec("poor_service_reduction", N_("Yearly poor-service costs removed by the programme (%)"), 0.0, 1.0,
               0.05, 100),
)
_NARROW = "min(100%, 560px)"


class RetentionWhatIf(SliderPage):
    """Widgets and state of the what-if page. ``.widget`` is the page, ``.analysis`` the latest
    :class:`~cxconsult.retention.analysis.RetentionAnalysis`, ``.last_update_s`` the latest redraw time;
    ``.boxes`` the number box of each input."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None):
        from cxconsult.engagement import load_engagement

        self.engagement = load_engagement(engagement_arg(engagement_path), sections=("retention",))
        self.tr: Translator = translator(self.engagement.language)
        tr = self.tr
        self.config = self.engagement.retention
        self.currency = self.engagement.currency
        self.colour = self.engagement.branding.colour
        self.banner = Banner()
        self.analysis = None
        self.last_update_s = 0.0
        top = [style(self.colour), header(tr._("Retention economics: what if?"), self.engagement.client,
                                          tr._("Move the inputs: customer values, cost of poor service and "
                                               "return on CX follow"))]
        if self.config is None:
            self.widget = error_page(top, self.banner, tr._("This engagement has no retention section."),
                                     tr._("Add 'retention: retention.yaml' to engagement.yaml."))
            return
        from cxconsult.retention.analysis import analyse_retention

        self.base = analyse_retention(self.config)
        self.fit = self.base.fit
        self.sliders: dict[str, widgets.FloatSlider] = {}
        self.boxes: dict[str, widgets.FloatText] = {}
        self.specs = {spec.name: spec for spec in SLIDERS}
        rows = []
        for spec in SLIDERS:
            rows.append(self._input(spec))
        self.reset_button = widgets.Button(description=tr._("Back to the engagement's figures"),
                                           layout=widgets.Layout(width="auto", max_width="100%"))
        self.reset_button.on_click(lambda _: self.reset())
        self.kpi = widgets.HTML()
        self.kpi.add_class("cx-kpi")
        self.kpi.add_class("cx-retention-kpi")
        from cxconsult.apps.charts import PoorServiceChart, RoceChart

        self.poor = PoorServiceChart(tr, self.colour)
        self.roce = RoceChart(tr, self.colour)
        self.poor_chart, self.roce_chart = self.poor.widget, self.roce.widget
        note = widgets.HTML(safe.html('<div class="cx-muted">{t}</div>', t=tr._(
            "The lifetime value of a new customer comes from the cohort model fitted to the client's cohorts; the "
            "value of a customer of today's base follows the yearly retention of today's base. The programme "
            "appraisal counts today's customers only and nothing after its horizon.")))
        inputs = widgets.VBox([self.reset_button, *rows, note], layout=widgets.Layout(width="100%"))
        self.widget = widgets.VBox([*top, inputs, self.banner.widget, self.kpi, self.poor_chart, self.roce_chart],
                                   layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-retention")
        self.update()

    def _label(self, spec: SliderSpec) -> str:
        from cxconsult.narrative.retention import period_word

        return self.tr._(spec.label).format(currency=self.currency, period=period_word(self.base, self.tr))

    def _input(self, spec: SliderSpec) -> widgets.VBox:
        """A wrapping label above a slider and a number box (the label never clips on a phone)."""
        value = self.base.inputs[spec.name]
        low, high = (spec.low * value, spec.high * value) if spec.relative else (spec.low, spec.high)
        label = self._label(spec)
        slider = widgets.FloatSlider(value=min(max(value, low), high), min=low, max=high, step=spec.step,
                                     readout=False, continuous_update=False,
                                     layout=widgets.Layout(width="auto", flex="1 1 auto", min_width="120px"))
        box = widgets.FloatText(value=round(value * spec.scale, 4), layout=widgets.Layout(width="96px"))
        box.add_class("cx-number")
        slider.observe(self._on_slide, names="value")
        box.observe(self._on_type, names="value")
        slider.cx_name = box.cx_name = spec.name
        self.sliders[spec.name] = slider
        self.boxes[spec.name] = box
        text = widgets.HTML(safe.html('<label class="cx-label" style="white-space:normal;line-height:1.3">{t}</label>', t=label),
                            layout=widgets.Layout(width="100%"))
        row = widgets.VBox([text, widgets.HBox([slider, box], layout=widgets.Layout(width=_NARROW))],
                           layout=widgets.Layout(width="100%", margin="0 0 6px 0"))
        row.add_class(f"cx-input-{spec.name.replace('_', '-')}")
        return row

    # -- inputs ---------------------------------------------------------------------------------
    def _on_slide(self, change: dict) -> None:
        spec = self.specs[change["owner"].cx_name]
        self._syncing = True
        try:
            self.boxes[spec.name].value = round(change["new"] * spec.scale, 4)
        finally:
            self._syncing = False
        self._on_change(change)

    def _on_type(self, change: dict) -> None:
        if self._silent or self._syncing:
            return
        spec = self.specs[change["owner"].cx_name]
        slider = self.sliders[spec.name]
        value = float(change["new"]) / spec.scale
        if not (math.isfinite(value) and slider.min - 1e-12 <= value <= slider.max + 1e-12):
            tr = self.tr
            self.banner.error(tr._("This value is outside the range the page allows."), tr._(
                "{label}: {typed} is outside {low} to {high}; the figures below still use {current}.").format(
                label=self._label(spec), typed=tr.number(change["new"], 2),
                low=tr.number(slider.min * spec.scale, 2), high=tr.number(slider.max * spec.scale, 2),
                current=tr.number(slider.value * spec.scale, 2)))
            self.out_of_range = spec.name
            return
        self.out_of_range = None
        if abs(slider.value - value) > 1e-12:
            slider.value = value  # redraws through _on_slide
        else:
            self.update()

    out_of_range: str | None = None
    _syncing: bool = False

    def values(self) -> dict[str, float]:
        return {name: float(s.value) for name, s in self.sliders.items()}

    def set_values(self, **values: float) -> None:
        """Set several inputs (model units) and redraw once."""
        with self.silently():
            for name, value in values.items():
                self.sliders[name].value = value  # the number box follows through _on_slide
        self.update()

    def reset(self) -> None:
        self.out_of_range = None
        self.set_values(**{s.name: min(max(self.base.inputs[s.name], self.sliders[s.name].min),
                                       self.sliders[s.name].max) for s in SLIDERS})

    # -- results --------------------------------------------------------------------------------
    def update(self) -> None:
        from cxconsult.retention.analysis import analyse_retention

        start = time.perf_counter()
        try:
            analysis = analyse_retention(self.config, fit=self.fit, **self.values())
        except CxConsultError as exc:
            self.banner.error(self.tr._("These inputs cannot be evaluated."), str(exc))
            return
        self.banner.clear()
        self.analysis = analysis
        self.kpi.value = self.kpi_html(analysis)
        self.poor.show(analysis.poor_service, self.currency)  # the charts read the headline's result
        self.roce.show(analysis.roce, self.currency)
        self.last_update_s = time.perf_counter() - start

    def kpi_html(self, a) -> str:
        """The headline figures of ``a`` as HTML (``data-value`` holds the unrounded number)."""
        from cxconsult.narrative.retention import money, payback_short

        tr, c = self.tr, self.currency
        e, r = a.economics, a.roce
        irr = (tr._("not defined (never pays back)") if not math.isfinite(r.irr_per_year)
               else tr.percent(r.irr_per_year))
        acquisition_payback = (tr._("not within 50 years") if e.payback_months is None else
                               tr.ngettext("{n} month", "{n} months", e.payback_months).format(n=e.payback_months))
        items = [
            ("clv", tr._("Lifetime value of a new customer"), money(tr, e.clv, c), e.clv,
             tr._("{ratio} times the cost to acquire; earned back in {payback}").format(
                 ratio=tr.number(e.clv_to_acquisition_cost, 1), payback=acquisition_payback)),
            ("base-value", tr._("Value of a customer of today's base"), money(tr, a.base_customer_value, c),
             a.base_customer_value, tr._("at a yearly retention of {retention}").format(
                 retention=tr.percent(a.inputs["retention_per_year"], 1))),
            ("cost-of-poor-service", tr._("Yearly cost of poor service"),
             tr._("{amount} a year").format(amount=money(tr, a.yearly_cost_of_poor_service, c)),
             a.yearly_cost_of_poor_service,
             tr._("besides, {stock} of future margin left with the last year's service-driven leavers").format(
                 stock=money(tr, a.value_lost_with_service_leavers, c))),
            ("npv", tr._("Return on CX: net present value"), money(tr, r.npv, c), r.npv,
             tr._("{payback}; internal rate of return {irr} a year").format(
                 payback=payback_short(tr, r.discounted_payback_month), irr=irr)),
        ]
        cells = safe.join(
            safe.html('<div class="cx-kpi-{key}" data-value="{value}" data-payback="{payback}" '
                      'style="flex:1 1 200px;min-width:0;padding:6px 0">{label}<br><b>{text}</b><br>'
                      '<span class="cx-muted">{detail}</span></div>',
                      key=key, value=f"{value:.6f}", label=label, text=text, detail=detail,
                      payback="" if key != "npv" or r.discounted_payback_month is None else r.discounted_payback_month)
            for key, label, text, value, detail in items)
        return str(safe.html('<div style="display:flex;flex-wrap:wrap;gap:4px 18px">{cells}</div>', cells=cells))


def build_retention_app(engagement_path: str | os.PathLike[str] | None = None) -> widgets.Widget:
    """The what-if page for ``engagement_path`` (default: ``$CXCONSULT_ENGAGEMENT``).

    The returned widget carries its :class:`RetentionWhatIf` as ``.cx_app``.
    """
    app = RetentionWhatIf(engagement_path)
    app.widget.cx_app = app
    return app.widget
