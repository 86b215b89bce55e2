"""Live charts of the explorers: bqplot figures whose marks are updated in place on each lever move.

A slider move sends the new x/y arrays of the marks to the browser, which redraws the SVG itself:
no image is rendered on the server (a matplotlib PNG took about 205 ms a move). The static report
keeps its matplotlib charts (:mod:`cxconsult.plots`). Nothing here computes a result: each chart's
``show(result)`` reads the same result object the page's headline reads.

Axis numbers use d3's formats (``.0%``, ``.3~s``), not the client's locale; titles and labels are in the
client's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets
import numpy as np
from bqplot import Axis, Bars, ColorScale, Figure, LinearScale, Lines, OrdinalScale, Scatter

from cxconsult.i18n import Translator

__all__ = ["CsfCharts", "PoorServiceChart", "RoceChart", "WhatIfChart"]

ON, OFF, GREY, GAIN, LOSS = "#2E7D32", "#C00000", "#999999", "#2ca02c", "#d62728"
_TITLE = {"font-size": "13px"}


def _figure(marks: list, axes: list, title: str = "", *, height: str = "300px", margin: dict | None = None,
            css: str = "") -> Figure:
    fig = Figure(marks=marks, axes=axes, title=title, title_style=dict(_TITLE),
                 fig_margin=margin or {"top": 40, "bottom": 40, "left": 60, "right": 16},
                 layout=widgets.Layout(width="100%", max_width="900px", height=height, min_width="0"),
                 animation_duration=0)
    if css:
        fig.add_class(css)
    return fig


def _short(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (also for scripts without spaces)."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1].rstrip() + "\u2026"


class CsfCharts:
    """One small chart per critical success factor: the month-by-month metric, its target (dashed,
    green on track, red off track), the target month and the first month the target holds.
    ``.widget`` is a grid that wraps to one column on a phone; ``.figures[name]`` each chart."""

    def __init__(self, names: list[str], words: Mapping[str, str], tr: Translator, colour: str) -> None:
        self.names, self.words, self.tr = list(names), words, tr
        self.figures: dict[str, Figure] = {}
        self.lines: dict[str, Lines] = {}
        self.targets: dict[str, Lines] = {}
        self.month_marks: dict[str, Lines] = {}
        self.first_met: dict[str, Scatter] = {}
        for name in self.names:
            x, y, frame_y = LinearScale(min=0.0, max=1.0), LinearScale(), LinearScale(min=0.0, max=1.0)
            line = Lines(x=[0.0], y=[0.0], scales={"x": x, "y": y}, colors=[colour], stroke_width=2)
            target = Lines(x=[0.0, 1.0], y=[0.0, 0.0], scales={"x": x, "y": y}, colors=[ON], line_style="dashed")
            month = Lines(x=[0.0, 0.0], y=[0.0, 1.0], scales={"x": x, "y": frame_y}, colors=[GREY], stroke_width=1)
            met = Scatter(x=[], y=[], scales={"x": x, "y": y}, colors=[ON], default_size=30)
            axes = [Axis(scale=x, label=words["month"]), Axis(scale=y, side="left", tick_format=".0%")]
            fig = _figure([line, target, month, met], axes, height="230px",
                          margin={"top": 40, "bottom": 38, "left": 48, "right": 10}, css="cx-csf-chart")
            self.figures[name], self.lines[name], self.targets[name] = fig, line, target
            self.month_marks[name], self.first_met[name] = month, met
        self.widget = widgets.GridBox(list(self.figures.values()), layout=widgets.Layout(
            grid_template_columns="repeat(auto-fill, minmax(260px, 1fr))", grid_gap="4px 8px", width="100%"))
        self.widget.add_class("cx-outlook-chart")

    def show(self, report: Any) -> None:
        """Draw ``report`` (a :class:`~cxconsult.outlook.model.TargetReport`). Only the traits that
        changed are sent: a lever move mostly moves the metric lines and the colours."""
        from cxconsult.narrative.outlook import target_text

        for name in self.names:
            result = report[name]
            series = report.trajectory[name]
            months = series.index.to_numpy(dtype=float)
            values = series.to_numpy(dtype=float)
            line = self.lines[name]
            fig = self.figures[name]
            with fig.hold_sync():
                _set(line.scales["x"], min=float(months[0]), max=float(months[-1]))
                _set(line, x=months, y=values)
                _set(self.targets[name], x=np.array([months[0], months[-1]]),
                     y=np.array([result.target, result.target], dtype=float),
                     colors=[ON if result.on_track else OFF])
                _set(self.month_marks[name], x=np.array([report.by_month, report.by_month], dtype=float))
                met = result.first_month_met
                _set(self.first_met[name], x=np.array([] if met is None else [met], dtype=float),
                     y=np.array([] if met is None else [series.loc[met]], dtype=float))
                status = self.words["on_track"] if result.on_track else self.words["off_track"]
                _set(fig, title=f"{self.words.get('csf:' + name, name)}: {target_text(self.tr, result)} ({status})",
                     title_style={**_TITLE, "fill": "black" if result.on_track else OFF})


def _nice_ticks(low: float, high: float, count: int = 5) -> np.ndarray:
    """Round tick values (1, 2 or 5 times a power of ten apart) covering ``low`` to ``high``."""
    raw = max(high - low, 1e-12) / count
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return np.arange(np.ceil(low / step) * step, high + step * 1e-9, step) + 0.0  # no "-0"


def _set(widget: Any, **traits: Any) -> None:
    """Set the ``traits`` of ``widget`` that differ from its current values, in one message."""
    changed = {}
    for key, value in traits.items():
        old = getattr(widget, key)
        same = (np.array_equal(old, value) if isinstance(value, np.ndarray) or isinstance(old, np.ndarray)
                else old == value)
        if not same:
            changed[key] = value
    if changed:
        with widget.hold_sync():
            for key, value in changed.items():
                setattr(widget, key, value)


class PoorServiceChart:
    """Horizontal bars: the yearly cost of each poor-service event, largest on top, total in the title."""

    def __init__(self, tr: Translator, colour: str) -> None:
        self.tr = tr
        self.x, self.y = OrdinalScale(), LinearScale(min=0.0)
        self.bars = Bars(x=[""], y=[0.0], scales={"x": self.x, "y": self.y}, orientation="horizontal",
                         colors=[colour], opacities=[0.8], padding=0.25)
        axes = [Axis(scale=self.x, side="left", tick_style={"font-size": "10px"}),
                Axis(scale=self.y, label=tr._("cost a year"), tick_format=".3~s")]
        self.widget = _figure([self.bars], axes, margin={"top": 40, "bottom": 42, "left": 180, "right": 20},
                              css="cx-retention-poor-service")

    def show(self, result: Any, currency: str) -> None:
        """Draw ``result`` (the analysis's poor-service result)."""
        from cxconsult.plots.retention import _KINDS, N_

        tr = self.tr
        table = result.table()[["item", "kind", "cost_per_year"]].sort_values("cost_per_year")
        labels = [_short(tr._("{item} ({kind})").format(item=item, kind=tr._(_KINDS.get(kind, N_("other")))), 30)
                  for item, kind in zip(table["item"], table["kind"], strict=True)]
        # labels must be unique on an ordinal scale
        labels = [label if labels.index(label) == i else f"{label} [{i + 1}]" for i, label in enumerate(labels)]
        total = float(table["cost_per_year"].sum())
        with self.widget.hold_sync():
            _set(self.bars, x=np.array(labels, dtype=object), y=table["cost_per_year"].to_numpy(dtype=float))
            self.widget.title = tr._("Yearly cost of poor service: {total} a year").format(
                total=tr.compact_money(total, currency) if currency else tr.compact_number(total))


class RoceChart:
    """Monthly net cash flow of the CX programme (bars, green in, red out), the running total in today's
    money (line) and the discounted payback month (dashed): the month the headline gives."""

    def __init__(self, tr: Translator, colour: str) -> None:
        self.tr = tr
        self.x = LinearScale(min=-0.5, max=1.0)
        x, y, frame_y = self.x, LinearScale(), LinearScale(min=0.0, max=1.0)
        self.bars = Bars(x=[0.0], y=[0.0], color=[0.0], scales={"x": x, "y": y,
                                                                "color": ColorScale(colors=[LOSS, GAIN], min=-1, max=1)},
                         opacities=[0.6], padding=0.1)
        self.running = Lines(x=[0.0], y=[0.0], scales={"x": x, "y": y}, colors=[colour], stroke_width=2)
        self.zero = Lines(x=[0.0, 1.0], y=[0.0, 0.0], scales={"x": x, "y": y}, colors=["black"], stroke_width=1)
        self.payback = Lines(x=[0.0, 0.0], y=[0.0, 1.0], scales={"x": x, "y": frame_y}, colors=[colour],
                             line_style="dashed", visible=False)
        axes = [Axis(scale=x, label=tr._("month")),
                Axis(scale=y, side="left", label=tr._("cash flow"), tick_format=".3~s",
                     label_offset="52px")]
        self.figure = _figure([self.bars, self.zero, self.running, self.payback], axes,
                              margin={"top": 40, "bottom": 42, "left": 70, "right": 16})
        self.key = widgets.HTML()  # what each mark is (a bqplot legend would cover the bars)
        self.widget = widgets.VBox([self.figure, self.key], layout=widgets.Layout(width="100%"))
        self.widget.add_class("cx-retention-roce")

    def show(self, result: Any, currency: str) -> None:
        """Draw ``result`` (the analysis's return-on-CX result)."""
        tr = self.tr
        flows = result.cashflows
        months = flows["month"].to_numpy(dtype=float)
        net = flows["net"].to_numpy(dtype=float)
        from cxconsult.narrative.retention import payback_short

        with self.figure.hold_sync():
            _set(self.x, min=float(months[0]) - 0.5, max=float(months[-1]) + 0.5)
            _set(self.bars, x=months, y=net, color=np.where(net >= 0, 1.0, -1.0))
            _set(self.running, x=months, y=flows["cumulative_discounted"].to_numpy(dtype=float))
            _set(self.zero, x=np.array([months[0], months[-1]]))
            month = result.discounted_payback_month
            _set(self.payback, visible=month is not None, x=np.array([month or 0, month or 0], dtype=float))
            npv = tr.compact_money(result.npv, currency) if currency else tr.compact_number(result.npv)
            self.figure.title = tr._("Return on CX: net present value {npv}").format(npv=npv)
        from cxconsult import safe

        parts = [tr._("net cash flow in the month"), tr._("running total in today's money"), payback_short(tr, month)]
        self.key.value = str(safe.html('<div class="cx-muted cx-roce-key" data-payback="{m}">{key}</div>',
                                       m="" if month is None else month, key=" \u00b7 ".join(parts)))


class WhatIfChart:
    """Horizontal bars: each later stage's change in its own unit, with its resampling interval (a line
    across the bar). The caption above (it wraps on a phone) names the moves and the customers kept and
    profit the headline cards give, from the same scenario. ``.widget`` holds caption and figure."""

    def __init__(self, tr: Translator, colour: str) -> None:
        self.tr = tr
        self.x, self.y = OrdinalScale(), LinearScale()
        self.bars = Bars(x=[""], y=[0.0], scales={"x": self.x, "y": self.y}, orientation="horizontal",
                         colors=[colour], padding=0.35)
        # intervals: one two-point line per stage, on a numeric scale whose rows match the bars' bands
        self.rows = LinearScale(min=-0.5, max=0.5)
        self.intervals = Lines(x=[[0.0, 0.0]], y=[[0.0, 0.0]], scales={"x": self.y, "y": self.rows},
                               colors=["black"], stroke_width=1.5)
        self.zero = Lines(x=[0.0, 0.0], y=[0.0, 1.0], scales={"x": self.y, "y": LinearScale(min=0.0, max=1.0)},
                          colors=["black"], stroke_width=1)
        self.value_axis = Axis(scale=self.y, label=tr._("change (points, each in its stage's unit)"),
                               tick_format=".3~g")
        axes = [Axis(scale=self.x, side="left", tick_style={"font-size": "11px"}), self.value_axis]
        self.figure = _figure([self.bars, self.intervals, self.zero], axes, height="280px",
                              margin={"top": 10, "bottom": 44, "left": 150, "right": 20})
        self.caption = widgets.HTML()
        self.widget = widgets.VBox([self.caption, self.figure], layout=widgets.Layout(width="100%"))
        self.widget.add_class("cx-what-if-chart")

    def show(self, scenario: Any, currency: str) -> None:
        """Draw ``scenario`` (a :class:`~cxconsult.spc.WhatIfResult`)."""
        from cxconsult import safe
        from cxconsult.narrative.service_profit_chain import _moves, stage as stage_name

        tr = self.tr
        changes = list(scenario.changes)[::-1]  # the first later stage on top
        labels = [_short(stage_name(tr, c.stage), 26) for c in changes]
        n = len(changes)
        low = np.array([c.low for c in changes], dtype=float)
        high = np.array([c.high for c in changes], dtype=float)
        kept = scenario.amount("customers_kept_per_year")
        profit = scenario.amount("extra_profit_per_year")
        extra = "; ".join(part for part in (
            tr._("{n} customers kept a year").format(n=tr.number(kept.value)) if kept else "",
            tr._("{amount} more profit a year").format(
                amount=tr.compact_money(profit.value, currency) if currency else tr.compact_number(profit.value))
            if profit else "") if part)
        with self.figure.hold_sync():
            with self.bars.hold_sync():
                self.bars.x = np.array(labels or [""], dtype=object)
                self.bars.y = np.array([c.change for c in changes] or [0.0], dtype=float)
            span = max(float(np.abs(np.concatenate([low, high, [0.0]])).max()), 1e-9)
            with self.y.hold_sync():
                self.y.min = float(min(low.min(initial=0.0), 0.0) - 0.05 * span)
                self.y.max = float(max(high.max(initial=0.0), 0.0) + 0.05 * span)
            self.value_axis.tick_values = _nice_ticks(self.y.min, self.y.max, 4)
            with self.rows.hold_sync():  # band i of n is centred on row i
                self.rows.min, self.rows.max = -0.5, max(n, 1) - 0.5
            with self.intervals.hold_sync():
                self.intervals.x = np.stack([low, high], axis=1) if n else np.zeros((1, 2))
                self.intervals.y = (np.repeat(np.arange(n, dtype=float)[:, None], 2, axis=1) if n
                                    else np.zeros((1, 2)))
        self.caption.value = str(safe.html('<div class="cx-section" style="white-space:normal">{title}</div>'
                                           '<div class="cx-muted">{extra}</div>',
                                           title=tr._("What if: {moves}").format(moves=_moves(tr, scenario)),
                                           extra=extra))


def chain_diagram(fit: Any, tr: Translator, colour: str) -> widgets.HTML:
    """The fitted chain as a row of stage boxes and arrows (HTML: it wraps on a phone and needs no
    matplotlib at page load). Each arrow carries the link's strength in standard deviations and its
    effect of one point; supported links are green, links whose interval spans zero grey and dashed,
    literature defaults grey and marked "assumption". The same facts as :func:`cxconsult.plots.spc.plot_chain`."""
    from cxconsult import safe
    from cxconsult.narrative.service_profit_chain import per, stage as stage_name
    from cxconsult.plots.spc import _ASSUMED, _SUPPORTED, _WEAK

    parts = []
    for i, name in enumerate(fit.stages):
        parts.append(safe.html('<div class="cx-chain-stage" style="border:1px solid {c};border-radius:6px;'
                               'background:#F4F1F8;padding:4px 6px;font-size:12px;text-align:center;'
                               'flex:0 1 92px;min-width:70px">{s}</div>', c=colour, s=stage_name(tr, name)))
        if i < len(fit.links):
            link = fit.links[i]
            if link.assumed:
                tint, line, label = _ASSUMED, "dashed", f"{tr.points(link.coefficient, 2)} {tr._('assumption')}"
            else:
                tint, line = (_SUPPORTED, "solid") if link.verdict == "supported" else (_WEAK, "dashed")
                label = f"{tr.number(link.standardised, 2)} ({tr.points(link.coefficient, 2)})"
            width = 1 if link.assumed else 1 + round(4 * min(abs(link.standardised), 1.0))
            parts.append(safe.html('<div class="cx-chain-link" data-verdict="{v}" style="flex:0 1 64px;'
                                   'min-width:48px;text-align:center;font-size:11px;color:{t}">{label}'
                                   '<div style="display:flex;align-items:center"><div style="flex:1 1 auto;border-top:{w}px {line} {t}">'
                                   '</div><span style="line-height:1">&#x25B6;</span></div></div>',
                                   v="assumption" if link.assumed else link.verdict, t=tint, label=label,
                                   w=width, line=line))
    ind = fit.indirect
    title = tr._("Service-profit chain, {n} teams; arrows: strength in standard deviations (effect of "
                 "one point)").format(n=fit.n_units)
    indirect = tr._("{cause} to {effect}: {value} {unit} ({level} interval {low} to {high})").format(
        cause=stage_name(tr, ind.cause), effect=stage_name(tr, ind.effect), value=tr.points(ind.value, 3),
        unit=per(tr, ind.effect, ind.cause), level=tr.percent(fit.confidence), low=tr.points(ind.low, 3),
        high=tr.points(ind.high, 3))
    out = widgets.HTML(str(safe.html(
        '<div class="cx-muted">{title}<br>{indirect}</div>'
        '<div style="display:flex;flex-wrap:wrap;align-items:center;gap:6px 2px;margin:6px 0 10px 0;'
        'line-height:1.3">{body}</div>',
        title=title, indirect=indirect, body=safe.join(parts))), layout=widgets.Layout(width="100%"))
    out.add_class("cx-chain")
    return out
