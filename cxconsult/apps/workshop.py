"""Participant view of the diagnostic workshop: answer the 20 questions, each answer saved at once.

``build_workshop(engagement_path)`` returns the widget the voila notebook displays. A participant picks
a language, gives a name and role, then answers question by question (grouped by area, with progress,
back/forward and "don't know"). Every answer goes straight to the engagement's ``responses.db``
(:class:`cxconsult.store.ResponseStore`); when the store cannot be written the answer stays pending
in the page and is saved with the next answer or the Retry button. The page address gets
``?key=<resume key>`` so a reload or a kernel restart resumes; the same name and role also resumes.
"""

from __future__ import annotations

import os

import ipywidgets as widgets

from cxconsult.apps.common import (
    Banner,
    engagement_arg,
    esc,
    header,
    page_title_setter,
    query_param,
    request_query_string,
    style,
    url_param_setter,
)
from cxconsult.store import DONT_KNOW, InvalidAnswer, Respondent, ResponseStore, StoreUnavailable, validate_answer

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "pt": "Português"}

#: Interface wording per language (question texts and scale labels come from the question bank).
UI = {
    "en": {
        "title": "Customer-experience diagnostic", "intro": "20 short questions about how your organisation "
        "delivers its customer experience. Answer for the organisation as you see it today; there are no "
        "wrong answers, and \"Don't know\" is a useful answer too.",
        "language": "Language", "name": "Your name", "role": "Your role", "role_hint": "e.g. Agent, Team leader, CFO",
        "start": "Start", "back": "Back", "next": "Next", "retry": "Retry saving",
        "question_of": "question {i} of {n}", "answered": "{n} of {total} answered", "good": "What good looks like:",
        "saved": "Saved.", "need": "Please enter your name and your role.",
        "pending": "Not saved yet: {n} answer(s) are kept on this page and will be saved with your next "
                   "answer, or press Retry saving.",
        "done": "Thank you! All 20 questions are answered. You can still go back and change an answer.",
        "resume": "Welcome back, {name}: your earlier answers are here.",
        "device": "To continue on another device, enter the same name and role.",
    },
    "fr": {
        "title": "Diagnostic de l'expérience client", "intro": "20 questions courtes sur la façon dont votre "
        "organisation délivre l'expérience client. Répondez pour l'organisation telle que vous la voyez "
        "aujourd'hui ; il n'y a pas de mauvaise réponse, et « Je ne sais pas » est aussi une réponse utile.",
        "language": "Langue", "name": "Votre nom", "role": "Votre fonction",
        "role_hint": "ex. Conseiller, Manager, DAF",
        "start": "Commencer", "back": "Précédent", "next": "Suivant", "retry": "Réessayer",
        "question_of": "question {i} sur {n}", "answered": "{n} sur {total} répondues",
        "good": "À quoi ressemble une bonne pratique :", "saved": "Enregistré.",
        "need": "Veuillez indiquer votre nom et votre fonction.",
        "pending": "Pas encore enregistré : {n} réponse(s) sont gardées sur cette page et seront enregistrées "
                   "avec votre prochaine réponse, ou appuyez sur Réessayer.",
        "done": "Merci ! Les 20 questions ont une réponse. Vous pouvez encore revenir modifier une réponse.",
        "resume": "Bon retour, {name} : vos réponses précédentes sont là.",
        "device": "Pour continuer sur un autre appareil, saisissez le même nom et la même fonction.",
    },
    "pt": {
        "title": "Diagnóstico da experiência do cliente", "intro": "20 perguntas curtas sobre a forma como a "
        "sua organização entrega a experiência do cliente. Responda pela organização tal como a vê hoje; "
        "não há respostas erradas, e \"Não sei\" também é uma resposta útil.",
        "language": "Idioma", "name": "O seu nome", "role": "A sua função",
        "role_hint": "ex. Assistente, Chefe de equipa, CFO",
        "start": "Começar", "back": "Anterior", "next": "Seguinte", "retry": "Tentar de novo",
        "question_of": "pergunta {i} de {n}", "answered": "{n} de {total} respondidas",
        "good": "Como é uma boa prática:", "saved": "Guardado.",
        "need": "Indique o seu nome e a sua função.",
        "pending": "Ainda não guardado: {n} resposta(s) ficam nesta página e serão guardadas com a próxima "
                   "resposta, ou carregue em Tentar de novo.",
        "done": "Obrigado! As 20 perguntas estão respondidas. Ainda pode voltar atrás e alterar uma resposta.",
        "resume": "Bem-vindo de volta, {name}: as suas respostas anteriores estão aqui.",
        "device": "Para continuar noutro dispositivo, introduza o mesmo nome e a mesma função.",
    },
}


class WorkshopApp:
    """State and widgets of one participant's page (one per voila kernel). ``.widget`` is the page."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None, query_string: str | None = None,
                 *, store: ResponseStore | None = None):
        from cxconsult.diagnostic import languages
        from cxconsult.engagement import load_engagement

        self.engagement = load_engagement(engagement_arg(engagement_path))
        self.store = store or ResponseStore(self.engagement.path)
        self.languages = [code for code in languages() if code in UI] or ["en"]
        default = self.engagement.language if self.engagement.language in self.languages else self.languages[0]
        self.language = default
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
        title = page_title_setter(f"{self.engagement.client} · {UI[self.language]['title']}")
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
        return UI[self.language]

    def _load_bank(self) -> None:
        from cxconsult.diagnostic import area_names, questions, scale_labels

        self.questions = questions(self.language)
        self.area_names = area_names(self.language)
        self.scale = scale_labels(self.language)

    def set_language(self, language: str) -> None:
        if language not in self.languages:
            raise InvalidAnswer(f"expected one of {', '.join(self.languages)}, got {language!r}", field="language")
        self.language = language
        self._load_bank()
        self.retry_button.description = self.ui["retry"]

    # -- welcome --------------------------------------------------------------------------------
    def show_welcome(self) -> None:
        ui = self.ui
        self.language_picker = widgets.ToggleButtons(
            options=[(LANGUAGE_NAMES.get(code, code), code) for code in self.languages], value=self.language,
            style={"button_width": "110px"})
        self.language_picker.add_class("cx-language")
        self.name_box = widgets.Text(placeholder=ui["name"], layout=widgets.Layout(width="320px"))
        self.name_box.add_class("cx-name")
        self.role_box = widgets.Text(placeholder=ui["role_hint"], layout=widgets.Layout(width="320px"))
        self.role_box.add_class("cx-role")
        self.start_button = widgets.Button(description=ui["start"], button_style="primary",
                                           layout=widgets.Layout(width="160px", height="40px"))
        self.start_button.add_class("cx-start")
        self.start_button.on_click(lambda _: self.start())
        self.language_picker.observe(self._on_language, names="value")
        label = widgets.Layout(width="110px")
        row = widgets.Layout(align_items="center")
        form = widgets.VBox([
            widgets.HTML(f'<div class="cx-muted" style="font-size:15px;color:#334">{esc(ui["intro"])}</div>'),
            widgets.HBox([widgets.Label(ui["language"], layout=label), self.language_picker], layout=row),
            widgets.HBox([widgets.Label(ui["name"], layout=label), self.name_box], layout=row),
            widgets.HBox([widgets.Label(ui["role"], layout=label), self.role_box], layout=row),
            widgets.HBox([widgets.Label("", layout=label), self.start_button]),
            widgets.HTML(f'<div class="cx-muted">{esc(ui["device"])}</div>'),
        ])
        form.add_class("cx-card")
        form.add_class("cx-gap")
        self.body.children = [header(ui["title"], self.engagement.client), form, self.banner.widget]

    def _on_language(self, change: dict) -> None:
        name, role = self.name_box.value, self.role_box.value
        self.set_language(change["new"])
        self.show_welcome()
        self.name_box.value, self.role_box.value = name, role

    def start(self, name: str | None = None, role: str | None = None) -> None:
        """Register (or resume) the participant from the welcome form and show the first open question."""
        name = self.name_box.value if name is None else name
        role = self.role_box.value if role is None else role
        if not name.strip() or not role.strip():
            self.banner.error(self.ui["need"])
            return
        try:
            respondent = self.store.register(name, role, self.language)
        except InvalidAnswer as exc:
            self.banner.error(str(exc))
            return
        except StoreUnavailable as exc:
            self.banner.error(str(exc))
            return
        self._enter(respondent, resumed=False)

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

    # -- questions ------------------------------------------------------------------------------
    def _build_questions(self) -> None:
        ui = self.ui
        self.chips = widgets.HTML()
        self.card = widgets.HTML()
        self.answer_buttons: dict[int | str, widgets.Button] = {}
        for value in (0, 1, 2, 3, 4, DONT_KNOW):
            text = self.scale[value] if value == DONT_KNOW else f"{value} · {self.scale[value]}"
            button = widgets.Button(description=text, tooltip=text,
                                    layout=widgets.Layout(width="auto", min_width="128px", height="auto"))
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
        buttons = widgets.HBox(list(self.answer_buttons.values()),
                               layout=widgets.Layout(flex_flow="row wrap", margin="12px 0 4px 0"))
        buttons.add_class("cx-gap")
        nav = widgets.HBox([self.back_button, self.next_button, self.retry_button],
                           layout=widgets.Layout(margin="10px 0 0 0"))
        nav.add_class("cx-gap")
        who = self.respondent
        subtitle = f"{who.name} · {who.role}" if who else ""
        self.body.children = [
            header(ui["title"], self.engagement.client, subtitle),
            widgets.VBox([self.progress_label, self.progress_bar], layout=widgets.Layout(margin="0 0 4px 0")),
            self.chips, self.card, buttons, nav, self.banner.widget,
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
            chips.append(f'<span class="{cls}">{esc(name)} {done}/{len(ids)}</span>')
        self.chips.value = f'<div class="cx-chips">{"".join(chips)}</div>'
        self.card.value = (
            f'<div class="cx-card" data-question="{esc(q.id)}">'
            f'<div class="cx-area">{esc(self.area_names[q.area])} · '
            f'{esc(ui["question_of"].format(i=number, n=len(in_area)))}</div>'
            f'<div class="cx-question">{esc(q.text)}</div>'
            f'<div class="cx-good"><b>{esc(ui["good"])}</b> {esc(q.good)}</div></div>')
        current = self.answers.get(q.id)
        for value, button in self.answer_buttons.items():
            button.button_style = "primary" if current is not None and current == value else ""
        self.back_button.disabled = self.position == 0
        self.next_button.disabled = self.position >= len(self.questions) - 1
        answered = len(self.answers)
        self.progress_bar.value = answered
        count = ui["answered"].format(n=answered, total=len(self.questions))
        self.progress_label.value = f'<span class="cx-kpi">{esc(count)}</span>'
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
            self.banner.error(self.ui["pending"].format(n=len(self.pending)), detail=str(exc))
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
