"""Facilitator view of the diagnostic workshop: the room's results, live, on a projector.

``build_facilitator(engagement_path)`` shows the room's area scores, a question x role heat map with
the questions' wording (each cell tells "don't know" from "no answer yet"), the questions the room
disagrees on most and the top recommended actions, all computed by :mod:`cxconsult.diagnostic` from the
engagement's ``responses.db``. The page re-reads the store by itself every :data:`REFRESH_S` seconds
(only redrawing when something was saved). Before anyone has answered, the start screen shows the
participant link and its QR code. *Export* previews what merging the room's answers into
``responses.csv`` will add and change, and writes only when the facilitator confirms.
Every word goes through :mod:`cxconsult.i18n`; every value from a participant or the engagement
reaches HTML through :mod:`cxconsult.safe`.
"""

from __future__ import annotations

import math
import os
from datetime import datetime

import ipywidgets as widgets

from cxconsult import safe
from cxconsult.apps.common import Banner, engagement_arg, page_title_setter, redraw, run_once, style
from cxconsult.errors import CxConsultError
from cxconsult.i18n import N_, normalise_language, translator
from cxconsult.store import HISTORY_FOLDER, ResponseStore

TOP_DISAGREEMENTS = 5
TOP_ACTIONS = 3
REFRESH_S = 5
PARTICIPANT_URL_ENV = "CXCONSULT_PARTICIPANT_URL"

#: Projector layout: the page fills the screen (1920 px) and the type grows with it.
FACILITATOR_CSS = """
<style>
.cx-app.cx-facilitator { max-width: none; width: 100%; }
.cx-facilitator .cx-heat { border-collapse: collapse; width: 100%; font-size: 14px; }
.cx-facilitator .cx-heat th, .cx-facilitator .cx-heat td { border-bottom: 1px solid #dde3ea; padding: 4px 8px;
  text-align: left; vertical-align: middle; white-space: normal; }
.cx-facilitator .cx-heat td.cx-cell { text-align: center; min-width: 74px; font-weight: 600; }
.cx-facilitator .cx-heat .cx-qid { color: #6b7785; font-size: 12px; margin-right: 6px; }
.cx-facilitator .cx-heat .cx-counts { display: block; font-weight: 400; font-size: 12px; color: #334; }
.cx-facilitator .cx-heat td.cx-none { background: #fff; color: #8a95a3; }
.cx-facilitator .cx-legend { font-size: 13px; color: #4a5563; margin: 4px 0 8px 0; white-space: normal; }
.cx-facilitator .cx-start-screen { display: flex; flex-wrap: wrap; gap: 32px; align-items: center; }
.cx-facilitator .cx-start-screen .cx-link { font-size: 22px; word-break: break-all; }
.cx-facilitator .cx-qr svg { width: 320px; height: 320px; }
.cx-facilitator .cx-qr-small svg { width: 130px; height: 130px; }
.cx-facilitator .cx-kpis { display: flex; flex-wrap: wrap; gap: 36px; align-items: center; margin: 4px 0 6px 0; }
@media (min-width: 1600px) {
  .cx-facilitator .cx-header .cx-title { font-size: 34px; }
  .cx-facilitator .cx-heat { font-size: 18px; }
  .cx-facilitator .cx-heat td.cx-cell { font-size: 22px; min-width: 96px; }
  .cx-facilitator .cx-heat .cx-counts { font-size: 15px; }
  .cx-facilitator .cx-section { font-size: 22px; }
  .cx-facilitator .cx-kpi { font-size: 19px; }
  .cx-facilitator .cx-kpi b { font-size: 40px; }
  .cx-facilitator .cx-table table { font-size: 17px; }
  .cx-facilitator .cx-legend { font-size: 16px; }
}
</style>
"""

DISAGREEMENT_HEADERS = (N_("Id"), N_("Question"), N_("Mean (0-4)"), N_("SD"), N_("Range"), N_("Answers"),
                        N_("Don't know"))
CHANGE_HEADERS = (N_("Respondent"), N_("Role"), N_("Question"), N_("Before"), N_("After"))


def ticker_starter() -> widgets.HTML:
    """A hidden widget whose script presses the ticker's play button once it is on the page."""
    return run_once("var n=0,t=setInterval(function(){var b=document.querySelector('.cx-ticker button');"
                    "if(b||++n>100){clearInterval(t);if(b&&b.querySelector('.fa-play'))b.click();}},300);")


def qr_svg(link: str) -> safe.Markup:
    """The QR code of ``link`` as inline SVG (segno's own output: no participant text in it)."""
    import segno

    return safe.Markup(segno.make(link, error="m").svg_inline(scale=4, border=2, dark="#111"))


def heatmap_html(coverage, scores, texts: dict[str, str], role_label, tr) -> safe.Markup:
    """Question x role table: the score (0-100) coloured from red to green, with the number of
    "don't know" (?) and "no answer yet" (-) answers under it; questions by their wording."""
    roles = sorted(coverage["role"].unique(), key=str) if len(coverage) else []
    head = safe.join([safe.html("<th>{q}</th>", q=tr._("Question"))]
                     + [safe.html('<th class="cx-role-head">{r}</th>', r=role_label(r)) for r in roles])
    by_key = {(row.question, row.role): row for row in coverage.itertuples(index=False)}
    rows = []
    for qid, text in texts.items():
        cells = []
        for role in roles:
            row = by_key.get((qid, role))
            score = scores.get((qid, role), math.nan)
            counts = safe.html('<span class="cx-counts">? {dk} · – {none}</span>',
                               dk=row.dont_know if row else 0, none=row.no_answer if row else 0)
            if score == score:  # a number
                colour = f"hsl({score * 1.2:.0f}, 65%, 78%)"
                cells.append(safe.html('<td class="cx-cell" style="background:{c}">{v}{n}</td>',
                                       c=colour, v=tr.number(score), n=counts))
            else:
                cells.append(safe.html('<td class="cx-cell cx-none">{v}{n}</td>',
                                       v="?" if row is not None and row.dont_know else "–", n=counts))
        rows.append(safe.html('<tr data-question="{id}"><td><span class="cx-qid">{id}</span>{t}</td>{cells}</tr>',
                              id=qid, t=text, cells=safe.join(cells)))
    return safe.html('<table class="cx-heat"><thead><tr>{h}</tr></thead><tbody>{rows}</tbody></table>',
                     h=head, rows=safe.join(rows))


def table(headers, rows) -> safe.Markup:
    """A small escaped HTML table."""
    return safe.html('<table><thead><tr>{h}</tr></thead><tbody>{b}</tbody></table>',
                     h=safe.join(safe.html("<th>{x}</th>", x=h) for h in headers),
                     b=safe.join(safe.html("<tr>{c}</tr>", c=safe.join(safe.html("<td>{x}</td>", x=c) for c in row))
                                 for row in rows))


class FacilitatorApp:
    """State and widgets of the facilitator page. ``.widget`` is the page; ``refresh()`` re-reads."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None, *,
                 store: ResponseStore | None = None, participant_link: str | None = None):
        from cxconsult.apps.room import bank
        from cxconsult.engagement import load_engagement

        self.engagement = load_engagement(engagement_arg(engagement_path))
        self.store = store or ResponseStore(self.engagement.path, wave=self.engagement.current_wave)
        self.language = normalise_language(self.engagement.language)
        self.tr = tr = translator(self.language)
        questions, self.area_labels, _ = bank(self.language)
        self.bank_language = questions[0].language if questions else "en"
        self.texts = {q.id: q.text for q in questions}
        self.link = participant_link if participant_link is not None else os.environ.get(PARTICIPANT_URL_ENV, "")
        self.result = None
        self.responses = None
        self.plan = None
        self._seen: tuple[int, int] | None = None

        self.banner = Banner()
        self.head = widgets.HTML()
        self.kpis = widgets.HTML()
        self.start_screen = widgets.HTML()
        self.start_screen.add_class("cx-start")
        self.refresh_button = widgets.Button(description=tr._("Refresh"), button_style="primary",
                                             layout=widgets.Layout(width="auto"))
        self.refresh_button.add_class("cx-refresh")
        self.refresh_button.on_click(lambda _: self.refresh(force=True))
        self.export_button = widgets.Button(description=tr._("Export to responses.csv…"),
                                            layout=widgets.Layout(width="auto"))
        self.export_button.add_class("cx-export")
        self.export_button.on_click(lambda _: self.preview_export())
        self.confirm_button = widgets.Button(description=tr._("Confirm export"), button_style="warning",
                                             layout=widgets.Layout(width="auto", display="none"))
        self.confirm_button.add_class("cx-confirm-export")
        self.confirm_button.on_click(lambda _: self.export())
        self.cancel_button = widgets.Button(description=tr._("Cancel"),
                                            layout=widgets.Layout(width="auto", display="none"))
        self.cancel_button.add_class("cx-cancel-export")
        self.cancel_button.on_click(lambda _: self.cancel_export())
        self.export_preview = widgets.HTML()
        self.export_preview.add_class("cx-table")
        # The browser ticks this every REFRESH_S seconds while the page is open: the page follows the room.
        # (A Play widget created playing does not start in the browser: the starter presses its button.)
        self.ticker = widgets.Play(value=0, min=0, max=10**9, step=1, interval=REFRESH_S * 1000,
                                   show_repeat=False, layout=widgets.Layout(display="none"))
        self.ticker.add_class("cx-ticker")
        self.ticker.observe(lambda _: self.refresh(), names="value")
        self.area_chart = widgets.Image(layout=widgets.Layout(max_width="100%", height="auto"))
        self.area_chart.add_class("cx-area-chart")
        self.heatmap = widgets.HTML()
        self.heatmap.add_class("cx-heatmap")
        self.disagreements = widgets.HTML()
        self.disagreements.add_class("cx-table")
        self.actions = widgets.HTML()
        self.actions.add_class("cx-actions")

        def section(text: str) -> widgets.HTML:
            return widgets.HTML(safe.html('<div class="cx-section">{t}</div>', t=text))

        left = widgets.VBox([section(tr._("Area scores")), self.area_chart,
                             section(tr._("Top recommended actions")), self.actions,
                             section(tr._("Where the room disagrees most")), self.disagreements],
                            layout=widgets.Layout(flex="1 1 560px", min_width="0"))
        legend = widgets.HTML(safe.html('<div class="cx-legend">{t}</div>', t=tr._(
            "Score 0-100 per question and role (0 = not at all, 100 = fully in place); "
            "? = \"don't know\" answers, – = participants who have not answered yet.")))
        right = widgets.VBox([section(tr._("Question × role")), legend, self.heatmap],
                             layout=widgets.Layout(flex="2 1 760px", min_width="0"))
        columns = widgets.HBox([left, right], layout=widgets.Layout(flex_flow="row wrap"))
        columns.add_class("cx-gap-wide")
        self.results = widgets.VBox([columns])
        toolbar = widgets.HBox([self.refresh_button, self.export_button, self.confirm_button, self.cancel_button],
                               layout=widgets.Layout(margin="0 0 8px 0", flex_flow="row wrap"))
        toolbar.add_class("cx-gap")
        self.widget = widgets.VBox([style(self.engagement.branding.colour), widgets.HTML(FACILITATOR_CSS),
                                    page_title_setter(f"{self.engagement.client} · {tr._('Workshop results')}"),
                                    self.ticker, ticker_starter(), self.head, toolbar, self.banner.widget, self.export_preview,
                                    self.start_screen, self.kpis, self.results],
                                   layout=widgets.Layout(padding="8px 16px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-facilitator")
        self.refresh(force=True)

    # -- labels -----------------------------------------------------------------------------------
    def role_label(self, role: str) -> str:
        """A role as shown: the default roles and "other" translated, the engagement's as written."""
        return self.tr._("Other") if role == "other" else self.tr._(role)

    def _header(self, summary: str) -> str:
        return str(safe.html('<div class="cx-header"><div class="cx-client">{c}</div><div class="cx-title">{t}</div>'
                             '<div class="cx-sub">{s}</div></div>', c=self.engagement.client,
                             t=self.tr._("Workshop results"), s=summary))

    # -- refresh ----------------------------------------------------------------------------------
    def refresh(self, force: bool = False) -> None:
        """Re-read the store; redraw when something was saved since the last look (or ``force``)."""
        tr = self.tr
        stamp = datetime.now().strftime("%H:%M:%S")
        try:
            version = self.store.version()
            if not force and version == self._seen:
                self.head.value = self._header(self._summary(stamp))
                return
            responses = self.store.answers()
            coverage = self.store.coverage()
            people = self.store.respondents()
        except CxConsultError as exc:
            self.banner.error(str(exc))
            return
        self._seen = version
        self.responses = responses
        self._counts = (int(responses["respondent"].nunique()), len(responses), len(people))
        if responses.empty:
            self.result = None
            self.kpis.value = ""
            self.results.layout.display = "none"
            joined = tr.ngettext("{n} participant has joined.", "{n} participants have joined.",
                                 len(people)).format(n=len(people))
            self.banner.info(tr._("No answers yet.") + " " + joined)
            self.start_screen.value = self._start_screen()
            self.start_screen.layout.display = ""
            self.head.value = self._header(self._summary(stamp))
            return
        self._draw(responses, coverage, people)
        self.start_screen.layout.display = "none"
        if self.banner.kind in ("info", "error"):
            self.banner.clear()
        self.head.value = self._header(self._summary(stamp))

    def _summary(self, stamp: str) -> str:
        tr = self.tr
        answering, answers, _ = getattr(self, "_counts", (0, 0, 0))
        return tr._("{participants} · {answers} · updated {time}").format(
            participants=tr.ngettext("{n} participant", "{n} participants", answering).format(n=answering),
            answers=tr.ngettext("{n} answer", "{n} answers", answers).format(n=answers), time=stamp)

    def _start_screen(self) -> str:
        tr = self.tr
        if not self.link:
            return ""
        return str(safe.html(
            '<div class="cx-start-screen"><div class="cx-qr">{qr}</div><div><div class="cx-section">{scan}</div>'
            '<div class="cx-link">{link}</div></div></div>',
            qr=qr_svg(self.link), scan=tr._("Scan to join, or open this link on your phone or laptop:"),
            link=self.link))

    def _draw(self, responses, coverage, people) -> None:
        from cxconsult.diagnostic import recommend, score
        from cxconsult.plots.diagnostic import plot_area_scores

        tr = self.tr
        self.result = result = score(responses)
        redraw(self.area_chart, plot_area_scores, result, figsize=(6.4, 2.9),
               colour=self.engagement.branding.colour, labels=self.area_labels)
        # the store names roles as participants chose them; scores per (question, role), 0-100
        by_rq = result.by_role_question
        scores = {(q, role): float(by_rq.at[q, role]) for q in by_rq.index for role in by_rq.columns}
        self.heatmap.value = str(heatmap_html(coverage, scores, self.texts, self.role_label, tr))

        spread = result.spread
        spread = spread[spread["sd"].notna()].head(TOP_DISAGREEMENTS)  # SD needs two answers or more
        if spread.empty:
            self.disagreements.value = str(safe.html('<div class="cx-muted">{t}</div>', t=tr._(
                "Not enough answers yet: disagreement needs at least two answers to the same question.")))
        else:
            rows = [(q, self.texts[q], tr.number(r["mean"], 1), tr.number(r["sd"], 2),
                     f"{r['min']:.0f}-{r['max']:.0f}", int(r["n"]), int(r["dont_know"]))
                    for q, r in spread.iterrows()]
            self.disagreements.value = str(table([tr._(h) for h in DISAGREEMENT_HEADERS], rows))

        actions = recommend(result, self.bank_language, top=TOP_ACTIONS)
        if not actions:
            self.actions.value = str(safe.html('<div class="cx-muted">{t}</div>',
                                               t=tr._("No urgent action: every area scores well.")))
        else:
            items = safe.join(
                safe.html('<li style="margin-bottom:8px"><b>{title}</b> <span class="cx-muted">({priority})</span>'
                          "<br>{why}{first}</li>", title=a.title, why=a.why,
                          priority=tr._("priority {p}").format(p=tr.number(a.priority)),
                          first=safe.html('<br><span class="cx-muted">{label} {text}</span>',
                                          label=tr._("First actions:"), text=" ".join(a.first_actions[:2]))
                          if a.first_actions else "")
                for a in actions)
            self.actions.value = str(safe.html('<ol style="padding-left:22px;margin:0;white-space:normal">{i}</ol>',
                                               i=items))

        answering, answers, registered = self._counts
        dont_know = int((responses["answer"] == "dk").sum())
        no_answer = int(coverage["no_answer"].sum()) if len(coverage) else 0
        small_qr = safe.html('<div class="cx-qr-small" title="{l}">{qr}</div>', l=self.link,
                             qr=qr_svg(self.link)) if self.link else ""
        self.kpis.value = str(safe.html(
            '<div class="cx-kpis">'
            '<div class="cx-kpi">{l_index}<br><b class="cx-index">{index}</b> / 100</div>'
            '<div class="cx-kpi">{l_people}<br><b class="cx-participants">{people}</b></div>'
            '<div class="cx-kpi">{l_answers}<br><b class="cx-answers">{answers}</b> / {possible}</div>'
            '<div class="cx-kpi">{l_dk}<br><b class="cx-dont-know">{dk}</b></div>'
            '<div class="cx-kpi">{l_none}<br><b class="cx-no-answer">{none}</b></div>{qr}</div>',
            l_index=tr._("CX index"), index=tr.number(result.index), l_people=tr._("Participants"),
            people=registered, l_answers=tr._("Answers"), answers=answers, possible=registered * 20,
            l_dk=tr._("Don't know"), dk=dont_know, l_none=tr._("No answer yet"), none=no_answer, qr=small_qr))
        self.results.layout.display = ""

    # -- export -----------------------------------------------------------------------------------
    def _target(self):
        return self.engagement.path / self.engagement.responses_file

    def preview_export(self) -> None:
        """Show what the export will add and change; nothing is written until :meth:`export`."""
        tr = self.tr
        try:
            plan = self.store.preview_export(self._target())
        except CxConsultError as exc:
            self.banner.error(tr._("Export failed: {error}").format(error=str(exc)))
            return
        if not plan.has_changes:
            self.plan = None
            self._show_confirm(False)
            self.export_preview.value = ""
            self.banner.info(tr._("Nothing to export: {file} already holds every answer of the room.")
                             .format(file=plan.target.name))
            return
        self.plan = plan
        self.banner.info(tr._("Export preview for {file}: {added}, {changed}, {unchanged}, {kept}. Nothing is "
                              "removed. Confirm to write it.").format(file=plan.target.name, **self._counts_text(plan)))
        if plan.changed:
            rows = [(r, self.role_label(role), q, b, a) for r, role, q, b, a in plan.changes.itertuples(index=False)]
            self.export_preview.value = str(safe.html('<div class="cx-section">{t}</div>{table}',
                                                      t=tr._("Answers that will change"),
                                                      table=table([tr._(h) for h in CHANGE_HEADERS], rows)))
        else:
            self.export_preview.value = ""
        self._show_confirm(True)

    def _show_confirm(self, on: bool) -> None:
        self.confirm_button.layout.display = "" if on else "none"
        self.cancel_button.layout.display = "" if on else "none"

    def cancel_export(self) -> None:
        self.plan = None
        self._show_confirm(False)
        self.export_preview.value = ""
        self.banner.clear()

    def export(self) -> None:
        """Write the previewed merge (the file replaced is kept in ``history/``)."""
        tr = self.tr
        if self.plan is None:
            self.preview_export()
            return
        try:
            path = self.store.apply_export(self.plan)
        except CxConsultError as exc:
            self.banner.error(tr._("Export failed: {error}").format(error=str(exc)))
            return
        finally:
            self._show_confirm(False)
            self.export_preview.value = ""
        plan, self.plan = self.plan, None
        self.banner.ok(tr._("Exported to {file}: {added}, {changed}; the previous file is kept in {folder}/. "
                            "`cxconsult report` will use it.").format(file=path.name, folder=HISTORY_FOLDER,
                                                                      **self._counts_text(plan)))

    def _counts_text(self, plan) -> dict[str, str]:
        tr = self.tr
        return {
            "added": tr.ngettext("{n} answer added", "{n} answers added", plan.added).format(n=plan.added),
            "changed": tr.ngettext("{n} answer changed", "{n} answers changed", plan.changed).format(n=plan.changed),
            "unchanged": tr.ngettext("{n} unchanged", "{n} unchanged", plan.unchanged).format(n=plan.unchanged),
            "kept": tr.ngettext("{n} row of the file kept as it is", "{n} rows of the file kept as they are",
                                plan.kept).format(n=plan.kept),
        }


def build_facilitator(engagement_path: str | os.PathLike[str] | None = None, *,
                      store: ResponseStore | None = None, participant_link: str | None = None) -> widgets.Widget:
    """The facilitator page for ``engagement_path`` (default: ``$CXCONSULT_ENGAGEMENT``).

    ``participant_link`` (default ``$CXCONSULT_PARTICIPANT_URL``, set by ``cxconsult app``) is shown with
    its QR code on the start screen. The returned widget carries its :class:`FacilitatorApp` as ``.cx_app``.
    """
    app = FacilitatorApp(engagement_path, store=store, participant_link=participant_link)
    app.widget.cx_app = app
    return app.widget
