"""Participant view of the diagnostic workshop as a voila notebook (the room uses the light page).

``build_workshop(engagement_path)`` returns the widget the voila notebook displays: the same form as
the light page ``/workshop`` (:mod:`cxconsult.apps.room`), for a facilitator who wants it in a kernel.
A participant picks a language, gives a name and chooses a role from the engagement's list ("other"
allowed), then answers question by question (grouped by area, with progress, back/forward and
"don't know"). Every answer goes straight to the engagement's ``responses.db``
(:class:`cxconsult.store.ResponseStore`); when the store cannot be written the answer stays pending
in the page and is saved with the next answer or the Retry button. The page address gets
``?key=<private key>`` so a reload resumes; on another device the private short code resumes. A name
never does. Words come from :mod:`cxconsult.i18n`, the questions from :mod:`cxconsult.diagnostic`.
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from cxconsult import safe
from cxconsult.apps.common import (
    Banner,
    engagement_arg,
    page_title_setter,
    query_param,
    request_query_string,
    style,
    url_param_setter,
)
from cxconsult.apps.room import allowed_roles, bank, page_language, participant_texts, role_options
from cxconsult.i18n import LANGUAGE_NAMES, LANGUAGES
from cxconsult.store import (
    DONT_KNOW,
    InvalidAnswer,
    Respondent,
    ResponseStore,
    StoreUnavailable,
    format_code,
    validate_answer,
)


def header(title: str, client: str, subtitle: str = "") -> widgets.HTML:
    """The page header; ``client`` and ``subtitle`` (a participant's name) are escaped."""
    sub = safe.html('<div class="cx-sub">{s}</div>', s=subtitle) if subtitle else ""
    return widgets.HTML(safe.html('<div class="cx-header"><div class="cx-client">{c}</div>'
                                  '<div class="cx-title">{t}</div>{sub}</div>', c=client, t=title, sub=sub))

class WorkshopApp:
    """State and widgets of one participant's page (one per voila kernel). ``.widget`` is the page."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None, query_string: str | None = None,
                 *, store: ResponseStore | None = None):
        from cxconsult.engagement import load_engagement

        self.engagement = load_engagement(engagement_arg(engagement_path))
        self.store = store or ResponseStore(self.engagement.path, wave=self.engagement.current_wave)
        self.languages = list(LANGUAGES)
        self.language = page_language(self.engagement.language, "en")
        self.respondent: Respondent | None = None
        self.answers: dict[str, int | str] = {}  # what the page shows, saved or not
        self.pending: dict[str, int | str] = {}  # answers not yet in the store, oldest first
        self.position = 0
        self._load_bank()

        self.banner = Banner()
        self.url_setter = widgets.Box(layout=widgets.Layout(height="0px", overflow="hidden"))
        self.retry_button = widgets.Button(description=self.ui["retry"], button_style="warning",
                                           layout=widgets.Layout(display="none", width="auto"))
        self.retry_button.add_class("cx-retry")
        self.retry_button.on_click(lambda _: self.flush())
        self.body = widgets.VBox()
        title = page_title_setter(f"{self.engagement.client} · {self.ui['title']}")
        self.widget = widgets.VBox([style(self.engagement.branding.colour), title, self.url_setter, self.body],
                                   layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-workshop")

        key = query_param(request_query_string() if query_string is None else query_string, "key")
        if key:
            try:
                found = self.store.resume(key)
            except StoreUnavailable as exc:
                found = None
                self.show_welcome()
                self.banner.error(str(exc))
                return
            if found is not None:
                self._enter(found, resumed=True)
                return
        self.show_welcome()

    # -- language -------------------------------------------------------------------------------
    @property
    def ui(self) -> dict[str, str]:
        return participant_texts(self.language)

    def _load_bank(self) -> None:
        self.questions, self.area_names, self.scale = bank(self.language)

    def set_language(self, language: str) -> None:
        if language not in self.languages:
            raise InvalidAnswer(f"expected one of {', '.join(self.languages)}, got {language!r}", field="language")
        self.language = language
        self._load_bank()
        self.retry_button.description = self.ui["retry"]

    # -- welcome --------------------------------------------------------------------------------
    def show_welcome(self) -> None:
        ui = self.ui
        self.language_picker = widgets.Dropdown(
            options=[(LANGUAGE_NAMES[code], code) for code in self.languages], value=self.language,
            layout=widgets.Layout(width="auto", max_width="100%"))
        self.language_picker.add_class("cx-language")
        self.name_box = widgets.Text(placeholder=ui["name"], layout=widgets.Layout(width="auto", flex="1 1 220px"))
        self.name_box.add_class("cx-name")
        roles = [(label, value) for value, label in role_options(self.engagement.roles, self.language)]
        self.role_box = widgets.Dropdown(options=[(ui["choose_role"], "")] + roles,
                                         value="", layout=widgets.Layout(width="auto", flex="1 1 220px"))
        self.role_box.add_class("cx-role")
        self.start_button = widgets.Button(description=ui["start"], button_style="primary",
                                           layout=widgets.Layout(width="auto", height="40px"))
        self.start_button.add_class("cx-start")
        self.start_button.on_click(lambda _: self.start())
        self.code_box = widgets.Text(placeholder="XXXX-XXXX", layout=widgets.Layout(width="160px"))
        self.code_box.add_class("cx-code")
        self.resume_button = widgets.Button(description=ui["resume_button"], layout=widgets.Layout(width="auto"))
        self.resume_button.add_class("cx-resume-button")
        self.resume_button.on_click(lambda _: self.resume_code())
        self.language_picker.observe(self._on_language, names="value")
        row = widgets.Layout(align_items="center", flex_flow="row wrap")

        def labelled(text: str, field: widgets.Widget) -> widgets.Box:
            box = widgets.HBox([widgets.Label(text, layout=widgets.Layout(flex="0 0 130px")), field], layout=row)
            box.add_class("cx-field")
            return box

        form = widgets.VBox([
            widgets.HTML(safe.html('<div class="cx-muted" style="font-size:15px;color:#334">{t}</div>',
                                   t=ui["intro"])),
            labelled(ui["language"], self.language_picker),
            labelled(ui["name"], self.name_box),
            labelled(ui["role"], self.role_box),
            widgets.HBox([self.start_button]),
            widgets.HTML(safe.html('<div class="cx-muted">{t}</div>', t=ui["have_code"])),
            widgets.HBox([self.code_box, self.resume_button], layout=row),
        ])
        form.add_class("cx-card")
        form.add_class("cx-gap")
        self.body.children = [header(ui["title"], self.engagement.client), form, self.banner.widget]

    def _on_language(self, change: dict) -> None:
        name, role = self.name_box.value, self.role_box.value
        self.set_language(change["new"])
        self.show_welcome()
        self.name_box.value = name
        if role in {value for _, value in self.role_box.options}:
            self.role_box.value = role

    def start(self, name: str | None = None, role: str | None = None) -> None:
        """Register the participant from the welcome form (always a new participant: resuming is by
        the private key or code) and show the first question."""
        name = self.name_box.value if name is None else name
        role = self.role_box.value if role is None else role
        if not name.strip() or not role.strip():
            self.banner.error(self.ui["need"])
            return
        try:
            respondent = self.store.register(name, role, self.language, roles=allowed_roles(self.engagement.roles))
        except (InvalidAnswer, StoreUnavailable) as exc:
            self.banner.error(str(exc))
            return
        self._enter(respondent, resumed=False)

    def resume_code(self, code: str | None = None) -> None:
        """Resume the participant whose private code (or key) is typed in the welcome form."""
        code = self.code_box.value if code is None else code
        try:
            found = self.store.resume(code) if code.strip() else None
        except StoreUnavailable as exc:
            self.banner.error(str(exc))
            return
        if found is None:
            self.banner.error(self.ui["bad_code"])
            return
        self._enter(found, resumed=True)

    def _enter(self, respondent: Respondent, *, resumed: bool) -> None:
        self.respondent = respondent
        if respondent.language in self.languages and respondent.language != self.language:
            self.set_language(respondent.language)
        try:
            saved = self.store.answer_map(respondent.id)
        except StoreUnavailable as exc:
            saved = {}
            self.banner.error(str(exc))
        self.answers = {**saved, **self.pending}
        known = bool(saved)
        self.url_setter.children = [url_param_setter("key", respondent.resume_key)]
        open_ = [i for i, q in enumerate(self.questions) if q.id not in self.answers]
        self.position = open_[0] if open_ else 0
        self._build_questions()
        if (resumed or known) and self.banner.kind != "error":
            self.banner.info(self.ui["resume"].format(name=respondent.name))
        self.code_note.value = safe.html('<div class="cx-muted cx-code-note">{t}</div>',
                                         t=self.ui["code"].format(code=format_code(respondent.code)))

    # -- questions ------------------------------------------------------------------------------
    def _build_questions(self) -> None:
        ui = self.ui
        self.chips = widgets.HTML()
        self.card = widgets.HTML()
        self.answer_buttons: dict[int | str, widgets.Button] = {}
        for value in (0, 1, 2, 3, 4, DONT_KNOW):
            text = self.scale[value] if value == DONT_KNOW else f"{value} · {self.scale[value]}"
            button = widgets.Button(description=text, tooltip=text,
                                    layout=widgets.Layout(width="auto", height="auto"))
            button.add_class("cx-answer")
            button.add_class(f"cx-answer-{value}")
            button.on_click(lambda _, v=value: self.answer(v))
            self.answer_buttons[value] = button
        self.back_button = widgets.Button(description=f"◀ {ui['back']}", layout=widgets.Layout(width="130px"))
        self.back_button.add_class("cx-back")
        self.back_button.on_click(lambda _: self.go(self.position - 1))
        self.next_button = widgets.Button(description=f"{ui['next']} ▶", layout=widgets.Layout(width="130px"))
        self.next_button.add_class("cx-next")
        self.next_button.on_click(lambda _: self.go(self.position + 1))
        self.progress_bar = widgets.IntProgress(min=0, max=len(self.questions), layout=widgets.Layout(width="100%"),
                                                style={"bar_color": self.engagement.branding.colour})
        self.progress_bar.add_class("cx-progress")
        self.progress_label = widgets.HTML()
        self.progress_label.add_class("cx-progress-label")
        self.code_note = widgets.HTML()
        buttons = widgets.GridBox(list(self.answer_buttons.values()), layout=widgets.Layout(
            grid_template_columns="repeat(auto-fill, minmax(150px, 1fr))", margin="12px 0 4px 0"))
        buttons.add_class("cx-gap")
        nav = widgets.HBox([self.back_button, self.next_button, self.retry_button],
                           layout=widgets.Layout(margin="10px 0 0 0"))
        nav.add_class("cx-gap")
        who = self.respondent
        subtitle = who.name if who else ""
        self.body.children = [
            header(ui["title"], self.engagement.client, subtitle),
            widgets.VBox([self.progress_label, self.progress_bar], layout=widgets.Layout(margin="0 0 4px 0")),
            self.chips, self.card, buttons, nav, self.banner.widget, self.code_note,
        ]
        self._render()

    def _render(self) -> None:
        ui = self.ui
        q = self.questions[self.position]
        in_area = [x for x in self.questions if x.area == q.area]
        number = in_area.index(q) + 1
        chips = []
        for area, name in self.area_names.items():
            ids = [x.id for x in self.questions if x.area == area]
            done = sum(1 for i in ids if i in self.answers)
            cls = "cx-chip" + (" cx-current" if area == q.area else " cx-complete" if done == len(ids) else "")
            chips.append(safe.html('<span class="{c}">{n} {d}/{t}</span>', c=cls, n=name, d=done, t=len(ids)))
        self.chips.value = safe.html('<div class="cx-chips">{c}</div>', c=safe.join(chips))
        self.card.value = safe.html(
            '<div class="cx-card" data-question="{id}"><div class="cx-area">{area} · {pos}</div>'
            '<div class="cx-question">{text}</div><div class="cx-good"><b>{good_label}</b> {good}</div></div>',
            id=q.id, area=self.area_names[q.area], pos=ui["question_of"].format(i=number, n=len(in_area)),
            text=q.text, good_label=ui["good"], good=q.good)
        current = self.answers.get(q.id)
        for value, button in self.answer_buttons.items():
            button.button_style = "primary" if current is not None and current == value else ""
        self.back_button.disabled = self.position == 0
        self.next_button.disabled = self.position >= len(self.questions) - 1
        answered = len(self.answers)
        self.progress_bar.value = answered
        count = ui["answered"].format(n=answered, total=len(self.questions))
        self.progress_label.value = safe.html('<span class="cx-kpi">{c}</span>', c=count)
        self.retry_button.layout.display = "" if self.pending else "none"

    def go(self, position: int) -> None:
        """Show question number ``position`` (0-based), clamped to the bank."""
        self.position = max(0, min(len(self.questions) - 1, position))
        if self.banner.kind in ("ok", "info"):
            self.banner.clear()
        self._render()

    @property
    def question_id(self) -> str:
        return self.questions[self.position].id

    def answer(self, value: int | str) -> None:
        """Record ``value`` (0..4 or 'dk') for the current question, save it, and move to the next one."""
        try:
            value = validate_answer(value)
        except InvalidAnswer as exc:  # a bad value never reaches the store nor the page
            self.banner.error(str(exc))
            return
        qid = self.question_id
        self.answers[qid] = value
        self.pending.pop(qid, None)
        self.pending[qid] = value
        self.flush(render=False)
        if self.pending:
            self._render()
            return
        if len(self.answers) == len(self.questions) and self.position == len(self.questions) - 1:
            self._render()
            self.banner.ok(self.ui["done"])
            return
        if self.position < len(self.questions) - 1:
            self.position += 1
        self._render()
        self.banner.ok(self.ui["done"] if len(self.answers) == len(self.questions) else self.ui["saved"])

    def flush(self, render: bool = True) -> bool:
        """Save every pending answer (oldest first); True when nothing is left pending."""
        if self.respondent is None:
            return not self.pending
        try:
            for qid, value in list(self.pending.items()):
                self.store.save_answer(self.respondent.id, qid, value)
                del self.pending[qid]
        except StoreUnavailable as exc:
            self.banner.error(self.ui["pending"], detail=str(exc))
        else:
            if render:
                self.banner.ok(self.ui["saved"])
        if render:
            self._render()
        else:
            self.retry_button.layout.display = "" if self.pending else "none"
        return not self.pending


def build_workshop(engagement_path: str | os.PathLike[str] | None = None, query_string: str | None = None,
                   *, store: ResponseStore | None = None) -> widgets.Widget:
    """The participant page for ``engagement_path`` (default: ``$CXCONSULT_ENGAGEMENT``).

    ``query_string`` is the page's URL query (``"key=..."`` resumes a participant); None reads it from
    voila's request. The returned widget carries its :class:`WorkshopApp` as ``.cx_app``.
    """
    app = WorkshopApp(engagement_path, query_string, store=store)
    app.widget.cx_app = app
    return app.widget
