"""The outlook explorer: move the plan's levers and see every CSF against its target, live.

Sliders set the levers of the chosen scenario; each change re-runs the projection
(:func:`cxconsult.outlook.project`), judges the targets (:func:`cxconsult.outlook.check_targets`)
and updates the live CSF charts (bqplot: the data changes in place, no image is drawn) and the target
table. No model arithmetic happens here.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import ipywidgets as widgets

from cxconsult.apps.common import Banner, SliderPage, engagement_arg, error_page, header, style
from cxconsult.errors import CxConsultError
from cxconsult.i18n import N_, translator
from cxconsult.safe import html

__all__ = ["OutlookExplorer", "build_outlook_app", "SLIDERS"]


@dataclass(frozen=True)
class SliderSpec:
    """One lever slider: ``lever`` name, label, bounds relative to the scenario's value when
    ``relative`` (else absolute), step and readout format. ``planned`` levers set the value reached
    by the plan month, so month 0 (today) never moves."""

    lever: str
    label: str
    low: float
    high: float
    step: float
    fmt: str
    relative: bool = False
    planned: bool = False


SLIDERS: tuple[SliderSpec, ...] = (
    SliderSpec("self_service_target", N_("Self-service adoption target"), 0.0, 1.0, 0.01, ".0%"),
    SliderSpec("self_service_leak_back", N_("Self-service leak-back, planned"), 0.0, 0.9, 0.01, ".0%",
               planned=True),
    SliderSpec("aht_s", N_("Handling time, planned (s)"), 0.5, 1.5, 1.0, ".0f", relative=True, planned=True),
    SliderSpec("shrinkage", N_("Shrinkage, planned"), 0.10, 0.50, 0.01, ".0%", planned=True),
    SliderSpec("cost_per_fte_per_year", N_("Cost per FTE per year, planned"), 0.7, 1.3, 100.0, ",.0f",
               relative=True, planned=True),
    SliderSpec("customer_growth_monthly", N_("Customer growth per month"), -0.01, 0.02, 0.0005, ".2%"),
    SliderSpec("digital_share", N_("Digital share of assisted contacts, planned"), 0.05, 0.95, 0.01, ".0%",
               planned=True),
    SliderSpec("max_abandon", N_("Most phone calls abandoned in a half hour"), 0.01, 0.30, 0.005, ".1%"),
)

#: On a narrow screen each lever's label goes above its slider (the label never clips).
PHONE_CSS = """<style>
@media (max-width: 640px) {
  .cx-outlook .cx-lever.widget-slider { flex-wrap: wrap; height: auto; }
  .cx-outlook .cx-lever .widget-label { width: 100% !important; max-width: 100%; text-align: left;
    white-space: normal; overflow: visible; height: auto; line-height: 1.3; }
  .cx-outlook .cx-lever .slider-container { flex: 1 1 auto; min-width: 120px; }
}
</style>"""

APP_TITLE = N_("Contact-centre 36-month outlook")
APP_SUBTITLE = N_("Move the levers: every critical success factor against its target")


def _applies(spec: SliderSpec, base) -> bool:
    """A lever is shown only where the plan has it: digital share needs phone and digital channels,
    the abandonment cap needs callers' patience."""
    if spec.lever == "digital_share":
        return 0 < base.digital_share_today < 1
    if spec.lever == "max_abandon":
        return base.patience_s > 0
    return True


class OutlookExplorer(SliderPage):
    """Widgets and state of the explorer page. ``.widget`` is the page; ``.report`` / ``.frame`` /
    ``.assumptions`` are the latest results; ``.last_update_s`` the latest redraw time."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None):
        from cxconsult.engagement import load_engagement

        self.banner = Banner()
        self.report = self.frame = self.assumptions = None
        self.last_update_s = 0.0
        try:
            self.engagement = load_engagement(engagement_arg(engagement_path), sections=("outlook",))
        except CxConsultError as exc:
            tr = translator("en")
            self.engagement = self.config = None
            self.tr = tr
            self.widget = error_page([style(), header(tr._(APP_TITLE), "")], self.banner,
                                     tr._("This engagement cannot be opened."), str(exc))
            return
        self.config = self.engagement.outlook
        tr = self.tr = translator(self.engagement.language)
        colour = self.engagement.branding.colour
        self.colour = colour
        top = [style(colour), header(tr._(APP_TITLE), self.engagement.client, tr._(APP_SUBTITLE))]
        if self.config is None:
            self.widget = error_page(top, self.banner, tr._("This engagement has no outlook section."),
                                     tr._("Add a line outlook: outlook.yaml to engagement.yaml."))
            return
        from cxconsult.narrative.outlook import chart_words

        self.words = chart_words(self.engagement)
        names = {n: (tr._("base") if n == "base" else n.replace("_", " ")) for n in self.config.scenarios}
        self.scenario = widgets.Dropdown(options=[(label, n) for n, label in names.items()], value="base",
                                         description=tr._("Scenario"), style={"description_width": "initial"})
        self.scenario.add_class("cx-scenario")
        self.specs = tuple(spec for spec in SLIDERS if _applies(spec, self.config.scenario("base")))
        self.sliders: dict[str, widgets.FloatSlider] = {}
        for spec in self.specs:
            slider = widgets.FloatSlider(description=tr._(spec.label), step=spec.step, readout_format=spec.fmt,
                                         continuous_update=False, style={"description_width": "280px"},
                                         layout=widgets.Layout(width="min(100%, 600px)"))
            slider.add_class("cx-lever")
            slider.add_class(f"cx-lever-{spec.lever.replace('_', '-')}")
            slider.observe(self._on_change, names="value")
            self.sliders[spec.lever] = slider
        self.reset = widgets.Button(description=tr._("Reset to scenario"), layout=widgets.Layout(width="auto"))
        self.reset.on_click(lambda _: self._load_scenario())
        self.scenario.observe(lambda _: self._load_scenario(), names="value")
        self.kpi = widgets.HTML()
        self.kpi.add_class("cx-kpi")
        self.chart = None  # the live CSF charts (:class:`~cxconsult.apps.charts.CsfCharts`), built at the first update
        self.chart_box = widgets.Box(layout=widgets.Layout(width="100%"))
        self.table = widgets.HTML()
        self.table.add_class("cx-table")
        self.table.add_class("cx-outlook-targets")
        note = widgets.HTML(str(html('<div class="cx-muted">{t}</div>', t=tr._(
            "\u201cPlanned\u201d levers set the value reached by month {m}, on a straight line from "
            "today's; month 0 always shows today.").format(m=self.config.scenario("base").plan_month))))
        self.scenario.layout = widgets.Layout(max_width="100%")
        levers = widgets.VBox([widgets.HBox([self.scenario, self.reset], layout=widgets.Layout(flex_flow="row wrap")),
                               widgets.HTML(PHONE_CSS, layout=widgets.Layout(height="0px", overflow="hidden"))]
                              + list(self.sliders.values())
                              + [note])
        self.widget = widgets.VBox(top + [levers, self.banner.widget, self.kpi, self.chart_box, self.table],
                                   layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-outlook")
        self._load_scenario()

    # -- levers ---------------------------------------------------------------------------------
    def _base(self):
        return self.config.scenario(self.scenario.value)

    def _load_scenario(self) -> None:
        """Put the sliders at the chosen scenario's values and redraw once."""
        base = self._base()
        with self.silently():
            for spec in self.specs:
                value = base.planned_value(spec.lever) if spec.planned else float(getattr(base, spec.lever))
                low, high = (spec.low * value, spec.high * value) if spec.relative else (spec.low, spec.high)
                slider = self.sliders[spec.lever]
                slider.min, slider.max = -1e12, 1e12   # avoid min > max while moving both
                slider.min, slider.max = low, high
                slider.value = min(max(value, low), high)
        self.update()

    def lever_values(self) -> dict[str, float]:
        return {spec.lever: float(self.sliders[spec.lever].value) for spec in self.specs}

    # -- results --------------------------------------------------------------------------------
    def current_assumptions(self):
        base = self._base()
        values = self.lever_values()
        direct = {s.lever: values[s.lever] for s in self.specs
                  if not s.planned and values[s.lever] != getattr(base, s.lever)}
        planned = {s.lever: values[s.lever] for s in self.specs
                   if s.planned and values[s.lever] != base.planned_value(s.lever)}
        return base.with_values(**direct).with_plan(**planned)

    def update(self) -> None:
        """Re-run the projection for the sliders' values and redraw the charts and table."""
        from cxconsult.narrative import outlook as story
        from cxconsult.outlook import check_targets, project

        start = time.perf_counter()
        try:
            assumptions = self.current_assumptions()
            frame = project(assumptions, months=self.config.targets.by_month)
            report = check_targets(frame, self.config.targets)
        except CxConsultError as exc:
            self.banner.error(self.tr._("These lever values cannot be projected."), str(exc))
            return
        self.banner.clear()
        self.assumptions, self.frame, self.report = assumptions, frame, report
        main = [r for r in report.results if r.name != "cost_base_stretch"]
        on = sum(r.on_track for r in main)
        tr = self.tr
        self.kpi.value = str(html('<div class="cx-kpi"><b class="cx-on-track">{count}</b> {rest}</div>',
                                  count=tr._("{on} of {total}").format(on=on, total=len(main)),
                                  rest=tr._("critical success factors on track at month {m} ({scenario}, "
                                            "levers as set); phone calls abandoned: {ab}").format(
                                      m=report.by_month, scenario=self.scenario.label,
                                      ab=tr.percent(frame["abandon_rate"].iloc[-1], 1))))
        self.table.value = str(story.csf_table_html(report, self.engagement))
        if self.chart is None:
            from cxconsult.apps.charts import CsfCharts

            self.chart = CsfCharts([r.name for r in main], self.words, tr, self.colour)
            self.chart_box.children = [self.chart.widget]
        self.chart.show(report)  # the report the headline just counted
        self.last_update_s = time.perf_counter() - start


def build_outlook_app(engagement_path: str | os.PathLike[str] | None = None) -> widgets.Widget:
    """The outlook explorer for ``engagement_path`` (default ``$CXCONSULT_ENGAGEMENT``); the returned
    widget carries its :class:`OutlookExplorer` as ``.cx_app``."""
    app = OutlookExplorer(engagement_path)
    app.widget.cx_app = app
    return app.widget
