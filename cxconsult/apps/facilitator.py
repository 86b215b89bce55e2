"""Facilitator view of the diagnostic workshop: live results of the answers collected so far.

``build_facilitator(engagement_path)`` shows the room's area scores, a question x role heat map, the
questions the room disagrees on most and the top recommended actions, all computed by
:mod:`cxconsult.diagnostic` from the engagement's ``responses.db``. *Refresh* re-reads the store;
*Export to responses.csv* writes the answers where ``cxconsult report`` reads them.
"""

from __future__ import annotations

import os
from datetime import datetime

import ipywidgets as widgets
import pandas as pd

from cxconsult.apps.common import (
    Banner,
    engagement_arg,
    esc,
    header,
    page_title_setter,
    redraw,
    style,
    table_html,
)
from cxconsult.errors import CxConsultError
from cxconsult.store import ResponseStore

TOP_DISAGREEMENTS = 5
TOP_ACTIONS = 3


class FacilitatorApp:
    """State and widgets of the facilitator page. ``.widget`` is the page; ``refresh()`` re-reads."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None, *,
                 store: ResponseStore | None = None):
        from cxconsult.engagement import load_engagement

        self.engagement = load_engagement(engagement_arg(engagement_path))
        self.store = store or ResponseStore(self.engagement.path)
        self.language = self.engagement.language
        self.result = None
        self.responses = None

        self.banner = Banner()
        self.head = widgets.HTML()
        self.kpis = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", button_style="primary",
                                             layout=widgets.Layout(width="130px"))
        self.refresh_button.add_class("cx-refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.export_button = widgets.Button(description="Export to responses.csv",
                                            layout=widgets.Layout(width="220px"))
        self.export_button.add_class("cx-export")
        self.export_button.on_click(lambda _: self.export())
        self.area_chart = widgets.Image(layout=widgets.Layout(max_width="100%", height="auto"))
        self.area_chart.add_class("cx-area-chart")
        self.heatmap = widgets.Image(layout=widgets.Layout(max_width="100%", height="auto"))
        self.heatmap.add_class("cx-heatmap")
        self.disagreements = widgets.HTML()
        self.actions = widgets.HTML()
        self.actions.add_class("cx-actions")
        section = lambda text: widgets.HTML(f'<div class="cx-section">{esc(text)}</div>')  # noqa: E731
        left = widgets.VBox([section("Area scores"), self.area_chart,
                             section("Where the room disagrees most"), self.disagreements],
                            layout=widgets.Layout(flex="1 1 520px", min_width="0"))
        right = widgets.VBox([section("Question x role"), self.heatmap],
                             layout=widgets.Layout(flex="1 1 380px", min_width="0"))
        columns = widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap"))
        columns.add_class("cx-gap-wide")
        self.results = widgets.VBox([columns, section("Top recommended actions"), self.actions])
        toolbar = widgets.HBox([self.refresh_button, self.export_button],
                               layout=widgets.Layout(margin="0 0 8px 0"))
        toolbar.add_class("cx-gap")
        self.widget = widgets.VBox([style(self.engagement.branding.colour),
                                    page_title_setter(f"{self.engagement.client} · workshop results"),
                                    self.head, toolbar, self.banner.widget,
                                    self.kpis, self.results], layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-facilitator")
        self.widget.layout.max_width = "1200px"
        self.refresh()

    def refresh(self) -> None:
        """Re-read the store and redraw every result (no kernel restart needed)."""
        from cxconsult.diagnostic import area_names, questions, recommend, score
        from cxconsult.plots.diagnostic import plot_area_scores, plot_role_heatmap

        stamp = datetime.now().strftime("%H:%M:%S")
        try:
            responses = self.store.answers()
            people = self.store.respondents()
        except CxConsultError as exc:
            self.banner.error(str(exc))
            return
        self.responses = responses
        answering = responses["respondent"].nunique()
        summary = f"{answering} participant(s) · {len(responses)} answer(s) · updated {stamp}"
        if responses.empty:
            self.result = None
            self.kpis.value = ""
            self.results.layout.display = "none"
            self.banner.info(f"No answers yet: {len(people)} participant(s) registered. "
                             "Press Refresh when the room has started answering.")
            self.head.value = header("Workshop results", self.engagement.client, summary).value
            return
        self.result = result = score(responses)
        # Charts and tables first, header last: once the header shows the new count, all is current.
        redraw(self.area_chart, plot_area_scores, result, figsize=(6.4, 2.9),
               colour=self.engagement.branding.colour, labels=area_names(self.language))
        roles = max(1, result.by_role_question.shape[1])
        redraw(self.heatmap, plot_role_heatmap, result, figsize=(2.4 + 0.9 * roles, 6.0))

        texts = {q.id: q.text for q in questions(self.language)}
        spread = result.spread
        spread = spread[spread["sd"].notna()].head(TOP_DISAGREEMENTS)  # SD needs two answers or more
        if spread.empty:
            self.disagreements.value = ('<div class="cx-muted">Not enough answers yet: disagreement needs '
                                        "at least two answers to the same question.</div>")
        else:
            table = pd.DataFrame({
                "Id": spread.index,
                "Question": [texts[q] for q in spread.index],
                "Mean (0-4)": spread["mean"].map("{:.1f}".format).to_numpy(),
                "SD": spread["sd"].map("{:.2f}".format).to_numpy(),
                "Range": [f"{lo:.0f}-{hi:.0f}" for lo, hi in zip(spread["min"], spread["max"])],
                "Answers": spread["n"].to_numpy(),
                "Don't know": spread["dont_know"].to_numpy(),
            })
            self.disagreements.value = table_html(table).value
        self.disagreements.add_class("cx-table")

        actions = recommend(result, self.language, top=TOP_ACTIONS)
        if not actions:
            self.actions.value = '<div class="cx-muted">No urgent action: every area scores well.</div>'
        else:
            items = "".join(
                f'<li style="margin-bottom:8px"><b>{esc(a.title)}</b> <span class="cx-muted">'
                f"(priority {a.priority:.0f})</span><br>{esc(a.why)}"
                + (f'<br><span class="cx-muted">First actions: {esc(" ".join(a.first_actions[:2]))}</span>'
                   if a.first_actions else "") + "</li>"
                for a in actions)
            self.actions.value = f'<ol style="padding-left:22px;margin:0;white-space:normal">{items}</ol>'

        dont_know = int((responses["answer"] == "dk").sum())
        self.kpis.value = (
            '<div style="display:flex;gap:36px;margin:4px 0 6px 0">'
            f'<div class="cx-kpi">CX index<br><b class="cx-index">{result.index:.0f}</b> / 100</div>'
            f'<div class="cx-kpi">Participants<br><b>{answering}</b></div>'
            f'<div class="cx-kpi">Answers<br><b>{len(responses)}</b> of {answering * 20}</div>'
            f'<div class="cx-kpi">"Don\'t know"<br><b>{dont_know}</b></div></div>')
        self.results.layout.display = ""
        self.banner.clear()
        self.head.value = header("Workshop results", self.engagement.client, summary).value

    def export(self) -> None:
        """Write the collected answers to the engagement's responses.csv (the old file is kept as .bak)."""
        try:
            path = self.store.export_csv(self.engagement.path / self.engagement.responses_file)
        except CxConsultError as exc:
            self.banner.error(f"Export failed: {exc}")
            return
        count = len(self.store.answers())
        self.banner.ok(f"Exported {count} answer(s) to {path.name}; `cxconsult report` will use them.")


def build_facilitator(engagement_path: str | os.PathLike[str] | None = None, *,
                      store: ResponseStore | None = None) -> widgets.Widget:
    """The facilitator page for ``engagement_path`` (default: ``$CXCONSULT_ENGAGEMENT``).

    The returned widget carries its :class:`FacilitatorApp` as ``.cx_app``.
    """
    app = FacilitatorApp(engagement_path, store=store)
    app.widget.cx_app = app
    return app.widget
