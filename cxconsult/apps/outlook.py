"""The outlook explorer: move the plan's levers and see every CSF against its target, live.

Sliders set the levers of the chosen scenario; each change re-runs the projection
(:func:`cxconsult.outlook.project`), judges the targets (:func:`cxconsult.outlook.check_targets`)
and redraws the CSF charts and the target table. No model arithmetic happens here.
"""

from __future__ import annotations

import io
import os
import time
from dataclasses import dataclass

import ipywidgets as widgets

from cxconsult.apps.common import Banner, SliderPage, engagement_arg, error_page, esc, header, style
from cxconsult.errors import CxConsultError

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
    SliderSpec("self_service_target", "Self-service adoption target", 0.0, 1.0, 0.01, ".0%"),
    SliderSpec("self_service_leak_back", "Self-service leak-back, planned", 0.0, 0.9, 0.01, ".0%",
               planned=True),
    SliderSpec("aht_s", "Handling time, planned (s)", 0.5, 1.5, 1.0, ".0f", relative=True, planned=True),
    SliderSpec("shrinkage", "Shrinkage, planned", 0.10, 0.50, 0.01, ".0%", planned=True),
    SliderSpec("cost_per_fte_per_year", "Cost per FTE per year, planned", 0.7, 1.3, 100.0, ",.0f",
               relative=True, planned=True),
    SliderSpec("customer_growth_monthly", "Customer growth per month", -0.01, 0.02, 0.0005, ".2%"),
)


class OutlookExplorer(SliderPage):
    """Widgets and state of the explorer page. ``.widget`` is the page; ``.report`` / ``.frame`` /
    ``.assumptions`` are the latest results; ``.last_update_s`` the latest redraw time."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None):
        from cxconsult.engagement import load_engagement

        self.engagement = load_engagement(engagement_arg(engagement_path))
        self.config = self.engagement.outlook
        self.banner = Banner()
        self.report = self.frame = self.assumptions = None
        self.last_update_s = 0.0
        colour = self.engagement.branding.colour
        self.colour = colour
        top = [style(colour), header("Contact-centre 36-month outlook", self.engagement.client,
                                     "Move the levers: every critical success factor against its target")]
        if self.config is None:
            self.widget = error_page(top, self.banner, "This engagement has no outlook section.",
                                     "Add `outlook: outlook.yaml` to engagement.yaml.")
            return
        self.scenario = widgets.Dropdown(options=list(self.config.scenarios), value="base",
                                         description="Scenario", style={"description_width": "initial"})
        self.scenario.add_class("cx-scenario")
        self.sliders: dict[str, widgets.FloatSlider] = {}
        for spec in SLIDERS:
            slider = widgets.FloatSlider(description=spec.label, step=spec.step, readout_format=spec.fmt,
                                         continuous_update=False, style={"description_width": "240px"},
                                         layout=widgets.Layout(width="560px"))
            slider.add_class(f"cx-lever-{spec.lever.replace('_', '-')}")
            slider.observe(self._on_change, names="value")
            self.sliders[spec.lever] = slider
        self.reset = widgets.Button(description="Reset to scenario", layout=widgets.Layout(width="auto"))
        self.reset.on_click(lambda _: self._load_scenario())
        self.scenario.observe(lambda _: self._load_scenario(), names="value")
        self.kpi = widgets.HTML()
        self.kpi.add_class("cx-kpi")
        self.chart = widgets.Image(format="png", layout=widgets.Layout(width="100%", max_width="900px"))
        self.chart.add_class("cx-outlook-chart")
        self.table = widgets.HTML()
        self.table.add_class("cx-table")
        self.table.add_class("cx-outlook-targets")
        note = widgets.HTML(f'<div class="cx-muted">"Planned" levers set the value reached by month '
                            f"{self.config.scenario('base').plan_month}, on a straight line from today's; "
                            "month 0 always shows today.</div>")
        levers = widgets.VBox([widgets.HBox([self.scenario, self.reset])] + list(self.sliders.values())
                              + [note])
        self.widget = widgets.VBox(top + [levers, self.banner.widget, self.kpi, self.chart, self.table],
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
            for spec in SLIDERS:
                value = base.planned_value(spec.lever) if spec.planned else float(getattr(base, spec.lever))
                low, high = (spec.low * value, spec.high * value) if spec.relative else (spec.low, spec.high)
                slider = self.sliders[spec.lever]
                slider.min, slider.max = -1e12, 1e12   # avoid min > max while moving both
                slider.min, slider.max = low, high
                slider.value = min(max(value, low), high)
        self.update()

    def lever_values(self) -> dict[str, float]:
        return {spec.lever: float(self.sliders[spec.lever].value) for spec in SLIDERS}

    # -- results --------------------------------------------------------------------------------
    def current_assumptions(self):
        base = self._base()
        values = self.lever_values()
        direct = {s.lever: values[s.lever] for s in SLIDERS
                  if not s.planned and values[s.lever] != getattr(base, s.lever)}
        planned = {s.lever: values[s.lever] for s in SLIDERS
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
            self.banner.error("These lever values cannot be projected.", str(exc))
            return
        self.banner.clear()
        self.assumptions, self.frame, self.report = assumptions, frame, report
        main = [r for r in report.results if r.name != "cost_base_stretch"]
        on = sum(r.on_track for r in main)
        self.kpi.value = (f'<div class="cx-kpi"><b class="cx-on-track">{on} of {len(main)}</b> critical '
                          f"success factors on track at month {report.by_month} "
                          f"({esc(self.scenario.value.replace('_', ' '))}, levers as set)</div>")
        self.table.value = story.csf_table_html(report, self.engagement.currency)
        self.chart.value = self._chart_png(report)
        self.last_update_s = time.perf_counter() - start

    def _chart_png(self, report) -> bytes:
        from matplotlib.figure import Figure

        from cxconsult.plots.outlook import plot_csf

        names = [r.name for r in report.results if r.name != "cost_base_stretch"]
        # A fixed layout: constrained layout would double the redraw time.
        fig = Figure(figsize=(10.5, 5.4), dpi=80)
        axes = fig.subplots(2, 3)
        fig.subplots_adjust(left=0.06, right=0.99, top=0.94, bottom=0.09, wspace=0.32, hspace=0.42)
        for ax, name in zip(axes.ravel(), names):
            plot_csf(report, ax, csf=name, colour=self.colour)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
        return buffer.getvalue()


def build_outlook_app(engagement_path: str | os.PathLike[str] | None = None) -> widgets.Widget:
    """The outlook explorer for ``engagement_path`` (default ``$CXCONSULT_ENGAGEMENT``); the returned
    widget carries its :class:`OutlookExplorer` as ``.cx_app``."""
    app = OutlookExplorer(engagement_path)
    app.widget.cx_app = app
    return app.widget
