"""Case review: a team leader checks sampled complaint cases of their team against the RESOLVED steps.

``build_case_review(engagement_path)`` is a facilitator-role page (the room's participant secret is
refused by the server, :mod:`cxconsult.apps.room`). The reviewer gives their name and picks a team; the
app draws (once, then keeps) a random sample of that team's closed cases
(:meth:`cxconsult.complaints_store.ComplaintsStore.sample`) and shows them one at a time: the case's
facts (times in the client's time zone and locale format) and the eight RESOLVED steps, each marked
done, not done or not applicable, with a note. Every click is saved at once in the engagement's
``responses.db`` (write-through); *Save and next* saves the note and moves on. A small scorecard shows
the team's share of cases where each step was done, from the log's checklist and the saved reviews
(:func:`cxconsult.complaints.scorecard`), and is redrawn after every save.
Every word goes through :mod:`cxconsult.i18n`; every value from the engagement reaches HTML through
:mod:`cxconsult.safe`.
"""

from __future__ import annotations

import math
import os
from zoneinfo import ZoneInfo

import ipywidgets as widgets
import pandas as pd

from cxconsult import safe
from cxconsult.apps.common import Banner, engagement_arg, page_title_setter, style
from cxconsult.complaints_store import MAX_NOTE, ComplaintsStore, InvalidReview, StoreUnavailable
from cxconsult.errors import CxConsultError
from cxconsult.i18n import N_, Translator, normalise_language, translator

__all__ = ["CaseReviewApp", "build_case_review", "DONE", "NOT_DONE", "NOT_APPLICABLE"]

#: Cases sampled per team, and the draw's seed (a fixed seed: every reviewer of a team sees the same cases).
SAMPLE_SIZE = 10
SEED = 2026
DONE, NOT_DONE, NOT_APPLICABLE = "done", "not_done", "na"
#: Toggle value -> what the store keeps (True, False, None = not applicable).
STORED = {DONE: True, NOT_DONE: False, NOT_APPLICABLE: None}
CHOICES = ((N_("Done"), DONE), (N_("Not done"), NOT_DONE), (N_("Not applicable"), NOT_APPLICABLE))
CASE_REVIEW_CSS = """
<style>
.cx-case-review .cx-facts { border-collapse: collapse; width: 100%; font-size: 14px; }
.cx-case-review .cx-facts th, .cx-case-review .cx-facts td { text-align: left; vertical-align: top;
  padding: 3px 8px 3px 0; white-space: normal; overflow-wrap: anywhere; }
.cx-case-review .cx-facts th { color: #5b6775; font-weight: 500; width: 38%; }
.cx-case-review .cx-step { flex-wrap: wrap; align-items: center; gap: 4px 10px; border-bottom: 1px solid #e6eaef;
  padding: 6px 0; }
.cx-case-review .cx-step.cx-missing { background: #fdecea; }
.cx-case-review .cx-step-label { flex: 1 1 240px; min-width: 0; }
.cx-case-review .cx-step-label .widget-html-content { white-space: normal; line-height: 1.3; font-size: 14px; }
.cx-case-review .cx-step-label b { color: var(--cx-colour, #1F4E79); margin-right: 4px; }
.cx-case-review .cx-choice { flex: 0 1 auto; max-width: 100%; }
.cx-case-review .cx-choice .widget-toggle-button { width: auto; min-width: 64px; padding: 0 8px; font-size: 13px; }
.cx-case-review .cx-choice .widget-toggle-button.mod-active:nth-child(1) { background: #cfe9d6; color: #1f5130; }
.cx-case-review .cx-choice .widget-toggle-button.mod-active:nth-child(2) { background: #f8d4cf; color: #7a1c12; }
.cx-case-review .cx-choice .widget-toggle-button.mod-active:nth-child(3) { background: #dde3ea; color: #334; }
.cx-case-review .cx-note, .cx-case-review .cx-note textarea { width: 100%; max-width: 100%; }
.cx-case-review .cx-nav { flex-wrap: wrap; }
.cx-case-review .cx-scorecard td.cx-share { text-align: right; font-variant-numeric: tabular-nums; }
@media (max-width: 480px) {
  .cx-app.cx-case-review { padding: 4px 2px !important; }
  .cx-case-review .cx-card { padding: 10px 10px; }
  .cx-case-review .cx-header .cx-title { font-size: 20px; }
  .cx-case-review .cx-form .widget-label { width: 100% !important; }
}
</style>
"""


def format_time(value: object, tr: Translator, timezone: str) -> str:
    """A UTC timestamp as the client reads it: in ``timezone``, in the language's date and time format
    (``"Nov 16, 2025, 3:17 PM"``, ``"16 nov. 2025, 15:17"``); "-" when missing."""
    from babel.dates import format_date, format_time as babel_time

    if value is None or pd.isna(value):
        return "-"
    moment = pd.Timestamp(value)
    moment = (moment.tz_localize("UTC") if moment.tzinfo is None else moment).tz_convert(ZoneInfo(timezone))
    local = moment.to_pydatetime()
    pattern = str(tr.locale.datetime_formats["medium"])
    return pattern.replace("{1}", format_date(local, "medium", locale=tr.locale)).replace(
        "{0}", babel_time(local, "short", locale=tr.locale))


def channel_name(channel: str, tr: Translator) -> str:
    """The name of one of our channel ids (:data:`cxconsult.complaints.CHANNELS`); other text as it is."""
    names = {"phone": tr.pgettext("case_review", "Phone"), "email": tr.pgettext("case_review", "E-mail"),
             "chat": tr.pgettext("case_review", "Chat"), "social": tr.pgettext("case_review", "Social media"),
             "letter": tr.pgettext("case_review", "Letter"), "store": tr.pgettext("case_review", "Store"),
             "web": tr.pgettext("case_review", "Web form"), "app": tr.pgettext("case_review", "App"),
             "other": tr.pgettext("case_review", "Other channel")}
    return names.get(channel, channel)


def _load(engagement_path: str | os.PathLike[str] | None):
    from cxconsult.engagement import load_engagement

    engagement = load_engagement(engagement_arg(engagement_path))
    if engagement.complaints is None:
        raise CxConsultError(f"{engagement.path.name}: engagement.yaml has no 'complaints' section; add one "
                             "(see data/engagements/aurora-telecom/complaints.yaml)")
    return engagement


class CaseReviewApp:
    """One reviewer's page (one per voila kernel). ``.widget`` is the page."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None, *,
                 store: ComplaintsStore | None = None, sample_size: int = SAMPLE_SIZE, seed: int = SEED):
        from cxconsult.complaints import RESOLVED_STEPS

        self.engagement = _load(engagement_path)
        self.section = self.engagement.complaints
        self.steps = tuple(RESOLVED_STEPS)
        cases = self.section.cases
        self.closed = cases[~cases["open"]] if "open" in cases.columns else cases
        self.store = store or ComplaintsStore(self.engagement.path, case_ids=cases["case_id"])
        self.sample_size, self.seed = int(sample_size), int(seed)
        self.language = normalise_language(self.engagement.language)
        self.teams = sorted({t for t in self.closed["team"].astype(str) if t.strip()}, key=str.lower)
        self.reviewer = ""
        self.team = ""
        self.cases = self.closed.iloc[:0]
        self.position = 0
        self._loading = False
        self.banner = Banner()
        self.title_setter = widgets.Box(layout=widgets.Layout(height="0px", overflow="hidden"))
        self.body = widgets.VBox()
        self.widget = widgets.VBox([style(self.engagement.branding.colour),
                                    widgets.HTML(CASE_REVIEW_CSS, layout=widgets.Layout(height="0px", margin="0")),
                                    self.title_setter, self.body], layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-case-review")
        self.show_welcome()

    @property
    def tr(self) -> Translator:
        return translator(self.language)

    def _header(self, subtitle: str = "") -> widgets.HTML:
        tr = self.tr
        sub = safe.html('<div class="cx-sub">{s}</div>', s=subtitle) if subtitle else ""
        return widgets.HTML(str(safe.html('<div class="cx-header"><div class="cx-client">{client}</div>'
                                          '<div class="cx-title">{title}</div>{sub}</div>',
                                          client=self.engagement.client, title=tr._("Case review"), sub=sub)))

    # -- welcome --------------------------------------------------------------------------------
    def show_welcome(self) -> None:
        tr = self.tr
        self.title_setter.children = [page_title_setter(f"{self.engagement.client} · {tr._('Case review')}")]
        try:
            earlier = sorted(set(self.store.reviews()["reviewer"]), key=str.lower)
        except StoreUnavailable as exc:
            earlier = []
            self.banner.error(str(exc))
        self.name_box = widgets.Combobox(options=earlier, placeholder=tr._("Your name"), ensure_option=False,
                                         layout=widgets.Layout(width="260px", max_width="100%"))
        self.name_box.add_class("cx-reviewer")
        self.team_box = widgets.Dropdown(options=[(t, t) for t in self.teams], value=None,
                                         layout=widgets.Layout(width="260px", max_width="100%"))
        self.team_box.add_class("cx-team")
        self.start_button = widgets.Button(description=tr._("Start"), button_style="primary",
                                           layout=widgets.Layout(width="160px", height="40px"))
        self.start_button.add_class("cx-start")
        self.start_button.on_click(lambda _: self.start())
        label = widgets.Layout(width="110px")
        row = widgets.Layout(align_items="center", flex_flow="row wrap")
        form = widgets.VBox([
            widgets.HTML(str(safe.html('<div style="font-size:15px;white-space:normal">{t}</div>', t=tr._(
                "Check a random sample of your team's closed complaint cases against the eight RESOLVED steps. "
                "Every answer is saved as soon as you click it.")))),
            widgets.HBox([widgets.Label(tr._("Your name"), layout=label), self.name_box], layout=row),
            widgets.HBox([widgets.Label(tr.pgettext("case_review", "Team"), layout=label), self.team_box], layout=row),
            widgets.HBox([self.start_button]),
        ])
        form.add_class("cx-gap")
        form.add_class("cx-form")
        self.body.children = [self._header(), form, self.banner.widget]

    def start(self, reviewer: str | None = None, team: str | None = None) -> None:
        """Open ``team``'s sample (drawn once, then kept) for ``reviewer`` at its first case not reviewed."""
        tr = self.tr
        reviewer = (self.name_box.value if reviewer is None else reviewer).strip()
        team = self.team_box.value if team is None else team
        if not reviewer or not team:
            self.banner.error(tr._("Please enter your name and choose a team."))
            return
        if team not in self.teams:
            self.banner.error(tr._("Please enter your name and choose a team."))
            return
        if len(reviewer) > 80:
            self.banner.error(tr._("Please enter a name of at most 80 characters."))
            return
        try:
            self.cases = self.store.sample(self.closed, self.sample_size, self.seed, teams=[team])
            self.saved = self._saved()
        except (InvalidReview, StoreUnavailable) as exc:
            self.banner.error(str(exc))
            return
        if self.cases.empty:
            self.banner.error(tr._("This team has no closed case to review."))
            return
        self.reviewer, self.team = reviewer, team
        self.banner.clear()
        open_ = [i for i, case in enumerate(self.cases["case_id"]) if not self._complete(case)]
        self.position = open_[0] if open_ else 0
        self._build()

    # -- reviewing ------------------------------------------------------------------------------
    def _saved(self) -> dict[str, dict]:
        """``{case_id: {"steps": {key: True/False/None}, "note": str}}`` of the sample's saved reviews."""
        frame = self.store.reviews(not_applicable=True)
        frame = frame[frame["case_id"].isin(set(self.cases["case_id"]))]
        saved: dict[str, dict] = {}
        for case, step, done, note in zip(frame["case_id"], frame["step"], frame["done"], frame["note"]):
            entry = saved.setdefault(case, {"steps": {}, "note": ""})
            entry["steps"][step] = None if pd.isna(done) else bool(done)
            entry["note"] = note or entry["note"]
        return saved

    def _complete(self, case_id: str) -> bool:
        return len(self.saved.get(case_id, {}).get("steps", {})) == len(self.steps)

    def _build(self) -> None:
        tr = self.tr
        self.progress_label = widgets.HTML()
        self.progress_label.add_class("cx-progress-label")
        self.card = widgets.HTML()
        self.choices: dict[str, widgets.ToggleButtons] = {}
        self.step_rows: dict[str, widgets.HBox] = {}
        rows = []
        for key, label in self.steps:
            choice = widgets.ToggleButtons(options=[(tr._(text), value) for text, value in CHOICES], value=None,
                                           style={"button_width": "auto"}, layout=widgets.Layout(width="auto"))
            choice.add_class("cx-choice")
            choice.observe(lambda change, k=key: self._on_choice(k, change), names="value")
            self.choices[key] = choice
            name = widgets.HTML(str(safe.html("<b>{key}</b> {label}", key=key[0], label=tr._(label))))
            name.add_class("cx-step-label")
            row = widgets.HBox([name, choice])
            row.add_class("cx-step")
            row.add_class(f"cx-step-{key}")
            self.step_rows[key] = row
            rows.append(row)
        self.note_box = widgets.Textarea(placeholder=tr._("Note (optional, up to {n} characters)").format(n=MAX_NOTE),
                                         layout=widgets.Layout(width="100%", height="70px"))
        self.note_box.add_class("cx-note")
        self.back_button = widgets.Button(description=f"◀ {tr._('Back')}", layout=widgets.Layout(width="120px"))
        self.back_button.add_class("cx-back")
        self.back_button.on_click(lambda _: self.go(self.position - 1))
        self.save_button = widgets.Button(description=f"{tr._('Save and next')} ▶", button_style="primary",
                                          layout=widgets.Layout(width="auto", min_width="160px"))
        self.save_button.add_class("cx-save")
        self.save_button.on_click(lambda _: self.save_and_next())
        nav = widgets.HBox([self.back_button, self.save_button], layout=widgets.Layout(margin="10px 0 0 0"))
        nav.add_class("cx-gap")
        nav.add_class("cx-nav")
        card = widgets.VBox([self.card, *rows, self.note_box])
        card.add_class("cx-card")
        self.scorecard = widgets.HTML()
        self.scorecard.add_class("cx-scorecard")
        self.body.children = [self._header(f"{self.reviewer} · {self.team}"), self.progress_label, card, nav,
                              self.banner.widget, self.scorecard]
        self.show()
        self.update_scorecard()

    def show(self) -> None:
        """Show the case at ``position`` with its saved review."""
        tr = self.tr
        case = self.cases.iloc[self.position]
        zone = self.section.timezone
        channel = str(case.get("channel", ""))
        facts = [
            (tr._("Channel"), channel_name(channel, tr)),
            (tr._("Opened"), format_time(case.get("opened"), tr, zone)),
            (tr.pgettext("case_review", "First response"), format_time(case.get("first_response"), tr, zone)),
            (tr._("Resolved"), format_time(case.get("resolved"), tr, zone)),
            (tr._("Category"), case.get("category", "")),
            (tr.pgettext("case_review", "Root cause"), case.get("root_cause", "")),
            (tr.pgettext("case_review", "Outcome"), case.get("outcome", "")),
            (tr._("Recontacts"), tr.number(int(case.get("recontacts", 0) or 0))),
        ]
        rows = safe.join(safe.html("<tr><th>{k}</th><td>{v}</td></tr>", k=k, v=v or "-") for k, v in facts)
        self.card.value = str(safe.html(
            '<div data-case="{id}"><div class="cx-area">{title}</div>'
            '<table class="cx-facts"><tbody>{rows}</tbody></table></div>',
            id=case["case_id"], title=tr._("Case {id}").format(id=case["case_id"]), rows=rows))
        given = self.saved.get(case["case_id"], {"steps": {}, "note": ""})
        self._loading = True
        try:
            for key, choice in self.choices.items():
                if key in given["steps"]:
                    value = given["steps"][key]
                    choice.value = DONE if value is True else NOT_DONE if value is False else NOT_APPLICABLE
                else:
                    choice.value = None
            self.note_box.value = given["note"]
        finally:
            self._loading = False
        self._progress()
        self.back_button.disabled = self.position == 0

    def _progress(self) -> None:
        tr = self.tr
        done = sum(1 for case in self.cases["case_id"] if self._complete(case))
        total = len(self.cases)
        text = tr.ngettext("{k} of {n} case reviewed", "{k} of {n} cases reviewed", total).format(k=done, n=total)
        if done == total:
            text = tr.ngettext("The {n} case of the sample is reviewed. You can still go back and change it.",
                               "All {n} cases of the sample are reviewed. You can still go back and change them.",
                               total).format(n=total)
        self.progress_label.value = str(safe.html(
            '<div class="cx-muted" data-reviewed="{k}" data-total="{n}">{text} · {where}</div>', k=done, n=total,
            text=text, where=tr._("case {i} of {n}").format(i=self.position + 1, n=total)))

    def go(self, position: int) -> None:
        self.position = max(0, min(position, len(self.cases) - 1))
        self.banner.clear()
        self._flag([])
        self.show()

    def _flag(self, keys: list[str]) -> None:
        """Outline the step rows in ``keys`` (steps still to mark)."""
        for key, row in self.step_rows.items():
            if key in keys:
                row.add_class("cx-missing")
            else:
                row.remove_class("cx-missing")

    @property
    def case_id(self) -> str:
        return str(self.cases["case_id"].iloc[self.position])

    def _on_choice(self, key: str, change: dict) -> None:
        if self._loading or change["new"] is None:
            return
        self.mark(key, change["new"])

    def mark(self, key: str, value: str) -> bool:
        """Save one step of the case on screen at once (``value``: done, not_done or na)."""
        case = self.case_id
        if not self._note_fits():
            return False
        try:
            self.store.save_review(case, self.reviewer, key, STORED[value], self.note_box.value)
        except (InvalidReview, StoreUnavailable) as exc:
            self.banner.error(str(exc))
            return False
        entry = self.saved.setdefault(case, {"steps": {}, "note": ""})
        entry["steps"][key] = STORED[value]
        self.step_rows[key].remove_class("cx-missing")
        if self.choices[key].value != value:
            self._loading = True
            try:
                self.choices[key].value = value
            finally:
                self._loading = False
        self.banner.clear()
        self._progress()
        self.update_scorecard()
        return True

    def _note_fits(self) -> bool:
        """Whether the note is short enough to save; else says so in the page's language."""
        length = len(self.note_box.value.replace("\r\n", "\n").strip())
        if length <= MAX_NOTE:
            return True
        self.banner.error(self.tr._("The note has {n} characters; please keep it to {max} at most.").format(
            n=self.tr.number(length), max=self.tr.number(MAX_NOTE)))
        return False

    def save_and_next(self) -> bool:
        """Save the case's steps and note (every step must be marked) and show the next case."""
        tr = self.tr
        missing = [key for key, choice in self.choices.items() if choice.value is None]
        self._flag(missing)
        if missing:
            self.banner.error(tr.ngettext("Mark every step before saving: {n} step is not marked yet.",
                                          "Mark every step before saving: {n} steps are not marked yet.",
                                          len(missing)).format(n=len(missing)))
            return False
        steps = {key: STORED[choice.value] for key, choice in self.choices.items()}
        case = self.case_id
        if not self._note_fits():
            return False
        try:
            self.store.save_case(case, self.reviewer, steps, self.note_box.value)
        except (InvalidReview, StoreUnavailable) as exc:
            self.banner.error(str(exc))
            return False
        self.saved[case] = {"steps": steps, "note": self.note_box.value.strip()}
        self.update_scorecard()
        open_ = [i for i, c in enumerate(self.cases["case_id"]) if not self._complete(c)]
        later = [i for i in open_ if i > self.position]
        if later or open_:
            self.go((later or open_)[0])
        else:
            self.show()
        self.banner.ok(tr._("Saved."))
        return True

    # -- scorecard ------------------------------------------------------------------------------
    def update_scorecard(self) -> None:
        """Redraw the team's share of cases per step done (checklist and saved reviews)."""
        from cxconsult.complaints import scorecard

        tr = self.tr
        try:
            reviews = self.store.reviews(not_applicable=True)
        except StoreUnavailable as exc:
            self.banner.error(str(exc))
            return
        card = scorecard(self.section, reviews)  # a "not applicable" review takes the step out for that case
        heading = safe.html('<div class="cx-section">{t}</div>', t=tr._("Team scorecard: {team}").format(team=self.team))
        if self.team not in card.index:
            self.scorecard.value = str(safe.join([heading, safe.html(
                '<div class="cx-muted" data-cases="0">{t}</div>', t=tr._("No case of this team has been checked yet."))]))
            return
        row = card.loc[self.team]
        lines = []
        for key, label in self.steps:
            share = float(row[key])
            shown = "-" if math.isnan(share) else tr.percent(share)
            lines.append(safe.html('<tr data-step="{key}" data-share="{raw}"><td><b>{k}</b> {label}</td>'
                                   '<td class="cx-share">{share}</td></tr>', key=key, k=key[0], label=tr._(label),
                                   raw="" if math.isnan(share) else f"{share:.4f}", share=shown))
        checked = int(row["reviewed"])
        caption = tr.ngettext("Share of cases where each step was done: {n} case checked (log checklist and reviews "
                              "saved here).",
                              "Share of cases where each step was done: {n} cases checked (log checklist and "
                              "reviews saved here).", checked).format(n=tr.number(checked))
        self.scorecard.value = str(safe.join([heading, safe.html(
            '<div class="cx-muted" data-cases="{n}">{caption}</div><div class="cx-table"><table><thead><tr>'
            '<th>{step}</th><th>{done}</th></tr></thead><tbody>{rows}</tbody></table></div>',
            n=checked, caption=caption, step=tr._("Step"), done=tr._("Done"), rows=safe.join(lines))]))


def build_case_review(engagement_path: str | os.PathLike[str] | None = None, *,
                      store: ComplaintsStore | None = None, sample_size: int = SAMPLE_SIZE,
                      seed: int = SEED) -> widgets.Widget:
    """The case-review page for ``engagement_path`` (default ``$CXCONSULT_ENGAGEMENT``); the widget
    carries its app as ``.cx_app``."""
    try:
        app = CaseReviewApp(engagement_path, store=store, sample_size=sample_size, seed=seed)
    except CxConsultError as exc:
        from cxconsult.apps.common import error_page

        return error_page([style()], Banner(), str(exc))
    app.widget.cx_app = app
    return app.widget
