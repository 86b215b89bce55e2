"""Retention what-if: move retention, margin, discount rate, acquisition cost and the service share of
defections, and see customer lifetime value, the cost of poor service and the return on CX live.

Each change calls :func:`cxconsult.retention.analysis.analyse_retention` with the slider values
(reusing the cohort fit, which the sliders do not change) and redraws the two charts and the figures.
No model arithmetic happens here.
"""

from __future__ import annotations

import html
import math
import os
import time
from dataclasses import dataclass

import ipywidgets as widgets

from cxconsult.apps.common import Banner, SliderPage, engagement_arg, error_page, header, redraw, style
from cxconsult.errors import CxConsultError
from cxconsult.formatting import fmt_money

__all__ = ["RetentionWhatIf", "build_retention_app", "SLIDERS"]


@dataclass(frozen=True)
class SliderSpec:
    """One input slider: ``name`` (an ``analyse_retention`` override), label, bounds (relative to the
    engagement's value when ``relative``), step and readout format."""

    name: str
    label: str
    low: float
    high: float
    step: float
    fmt: str
    relative: bool = False


SLIDERS: tuple[SliderSpec, ...] = (
    SliderSpec("retention_per_year", "Yearly retention of today's base", 0.50, 0.97, 0.005, ".1%"),
    SliderSpec("retention_gain_points", "Retention gain from CX (points)", 0.0, 5.0, 0.25, ".2f"),
    SliderSpec("margin_per_period", "Margin per customer per period", 0.25, 2.0, 0.25, ",.2f", relative=True),
    SliderSpec("discount_rate_per_year", "Discount rate per year", 0.0, 0.25, 0.005, ".1%"),
    SliderSpec("acquisition_cost", "Cost to acquire a customer", 0.0, 3.0, 5.0, ",.0f", relative=True),
    SliderSpec("service_share", "Share of defections due to service", 0.0, 1.0, 0.01, ".0%"),
    SliderSpec("poor_service_reduction", "Poor-service costs removed by CX", 0.0, 1.0, 0.05, ".0%"),
)


class RetentionWhatIf(SliderPage):
    """Widgets and state of the what-if page. ``.widget`` is the page, ``.analysis`` the latest
    :class:`~cxconsult.retention.analysis.RetentionAnalysis`, ``.last_update_s`` the latest redraw time."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None):
        from cxconsult.engagement import load_engagement

        self.engagement = load_engagement(engagement_arg(engagement_path))
        self.config = self.engagement.retention
        self.currency = self.engagement.currency
        self.colour = self.engagement.branding.colour
        self.banner = Banner()
        self.analysis = None
        self.last_update_s = 0.0
        top = [style(self.colour), header("Retention economics: what if?", self.engagement.client,
                                          "Move the inputs: lifetime value, cost of poor service and return on CX")]
        if self.config is None:
            self.widget = error_page(top, self.banner, "This engagement has no retention section.",
                                     "Add `retention: retention.yaml` to engagement.yaml.")
            return
        from cxconsult.retention.analysis import analyse_retention

        self.base = analyse_retention(self.config)
        self.fit = self.base.fit
        self.sliders: dict[str, widgets.FloatSlider] = {}
        for spec in SLIDERS:
            value = self.base.inputs[spec.name]
            low, high = (spec.low * value, spec.high * value) if spec.relative else (spec.low, spec.high)
            label = spec.label.replace("period", self.config.period) + (
                f" ({self.currency})" if spec.name in ("margin_per_period", "acquisition_cost") else "")
            slider = widgets.FloatSlider(value=min(max(value, low), high), min=low, max=high, step=spec.step,
                                         description=label, readout_format=spec.fmt, continuous_update=False,
                                         style={"description_width": "260px"}, layout=widgets.Layout(width="580px"))
            slider.add_class(f"cx-input-{spec.name.replace('_', '-')}")
            slider.observe(self._on_change, names="value")
            self.sliders[spec.name] = slider
        self.reset_button = widgets.Button(description="Back to the engagement's figures",
                                           layout=widgets.Layout(width="auto"))
        self.reset_button.on_click(lambda _: self.reset())
        self.kpi = widgets.HTML()
        self.kpi.add_class("cx-kpi")
        self.kpi.add_class("cx-retention-kpi")
        self.poor_chart = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="900px"))
        self.poor_chart.add_class("cx-retention-poor-service")
        self.roce_chart = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="900px"))
        self.roce_chart.add_class("cx-retention-roce")
        note = widgets.HTML('<div class="cx-muted">Lifetime value uses the cohort model fitted to the '
                            "client's cohorts; the programme appraisal counts today's customers only and "
                            "nothing after its horizon.</div>")
        inputs = widgets.VBox([self.reset_button] + list(self.sliders.values()) + [note])
        self.widget = widgets.VBox([*top, inputs, self.banner.widget, self.kpi, self.poor_chart, self.roce_chart],
                                   layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-retention")
        self.update()

    # -- inputs ---------------------------------------------------------------------------------
    def values(self) -> dict[str, float]:
        return {name: float(s.value) for name, s in self.sliders.items()}

    def reset(self) -> None:
        self.set_values(**{s.name: min(max(self.base.inputs[s.name], self.sliders[s.name].min),
                                       self.sliders[s.name].max) for s in SLIDERS})

    # -- results --------------------------------------------------------------------------------
    def update(self) -> None:
        from cxconsult.plots.retention import plot_cost_of_poor_service, plot_roce_cashflows
        from cxconsult.retention.analysis import analyse_retention

        start = time.perf_counter()
        try:
            analysis = analyse_retention(self.config, fit=self.fit, **self.values())
        except CxConsultError as exc:
            self.banner.error("These inputs cannot be evaluated.", str(exc))
            return
        self.banner.clear()
        self.analysis = analysis
        self.kpi.value = self.kpi_html(analysis)
        redraw(self.poor_chart, plot_cost_of_poor_service, analysis.poor_service, currency=self.currency,
               colour=self.colour, service_defections=analysis.service_cost.per_year, figsize=(8.0, 3.4))
        redraw(self.roce_chart, plot_roce_cashflows, analysis.roce, currency=self.currency, colour=self.colour,
               figsize=(8.0, 3.4))
        self.last_update_s = time.perf_counter() - start

    def kpi_html(self, a) -> str:
        """The headline figures of ``a`` as HTML (``data-value`` holds the unrounded number)."""
        c = self.currency
        e, r = a.economics, a.roce
        irr = "n/a" if not math.isfinite(r.irr_per_year) else f"{r.irr_per_year:.0%}"
        payback = "never" if e.payback_months is None else f"{e.payback_months} months"
        prog_payback = "not within horizon" if r.payback_month is None else f"month {r.payback_month}"
        items = [
            ("clv", "Lifetime value of a new customer", fmt_money(e.clv, c), e.clv,
             f"{e.clv_to_acquisition_cost:.1f}x the cost to acquire; payback {payback}; "
             f"{fmt_money(a.clv_with_gain, c)} with the CX retention gain"),
            ("cost-of-poor-service", "Cost of poor service a year", fmt_money(a.total_cost_of_poor_service_per_year, c),
             a.total_cost_of_poor_service_per_year,
             f"{fmt_money(a.service_cost.per_year, c)} lost with service-driven defections"),
            ("npv", "Return on CX: NPV", fmt_money(r.npv, c), r.npv,
             f"IRR {irr} a year; payback {prog_payback}; {r.roi:.0%} on the money spent"),
        ]
        cells = "".join(
            f'<td class="cx-kpi-{key}" data-value="{value:.6f}" style="padding:6px 14px 6px 0;vertical-align:top">'
            f"{html.escape(label)}<br><b>{html.escape(text)}</b><br>"
            f'<span class="cx-muted">{html.escape(detail)}</span></td>'
            for key, label, text, value, detail in items)
        return f"<table><tr>{cells}</tr></table>"


def build_retention_app(engagement_path: str | os.PathLike[str] | None = None) -> widgets.Widget:
    """The what-if page for ``engagement_path`` (default: ``$CXCONSULT_ENGAGEMENT``).

    The returned widget carries its :class:`RetentionWhatIf` as ``.cx_app``.
    """
    app = RetentionWhatIf(engagement_path)
    app.widget.cx_app = app
    return app.widget
