"""The workshop server: voila for the facilitator and the explorers, a light page for the room.

Why this design (issue 12, room scale): a voila page starts a kernel per visitor (165-180 MB, about
3 s of CPU on a 2-core machine), so thirty people joining at once queue for minutes. The participant
form needs no Python of its own: :class:`RoomVoila` is voila's own server with a few more handlers, and
``/workshop`` is a plain HTML page (no kernel, no widgets) whose answers are posted to
``/room/api/answer`` and written by the server to the same SQLite store
(:class:`cxconsult.store.ResponseStore`) the facilitator view reads. One join costs a page of about
30 KB and a few milliseconds of server time; memory does not grow with the room.

Roles (:class:`RoomIdentityProvider`): the facilitator secret (voila's ``--token``) opens everything;
the participant secret (``--RoomIdentityProvider.participant_token``) opens only the participant
pages (``/workshop``, and the voila notebooks in :data:`PARTICIPANT_NOTEBOOKS` with their own
kernels), never the notebook list, the facilitator view, an explorer, the contents or files API, or a
kernel started for someone else's page. ``/logout`` forgets the secret.

Kernels of closed tabs (voila issue 1458): voila's page sends its shutdown beacon with the ``_xsrf``
cookie's value, but voila never sets that cookie, so the call is refused with 403. Every page served
here sets the cookie, so the beacon is accepted and the kernel stops when the tab closes; kernels whose
beacon never came (a phone put to sleep) are culled after ``cull_idle_timeout`` without a connection.

Run it with ``python -m cxconsult.apps.room <apps folder> [voila options]`` (``cxconsult app`` does).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import hmac
import json
import os
import re
from pathlib import Path
from typing import Any

from cxconsult import safe
from cxconsult.i18n import LANGUAGE_NAMES, LANGUAGES, N_, normalise_language, translator

#: Voila notebooks a participant may open (their kernels are the only ones a participant may reach).
PARTICIPANT_NOTEBOOKS = ("workshop.ipynb", "touchpoints.ipynb")
FACILITATOR, PARTICIPANT = "facilitator", "participant"
STATIC_FOLDER = Path(__file__).with_name("room_static")
_KERNEL = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
#: What a participant may reach (paths below the base URL); everything else answers 403.
_PARTICIPANT_PATHS = re.compile(
    r"^/(?:workshop|logout|login|room/(?:api|static)/.*"
    r"|voila/render/(?:" + "|".join(re.escape(n) for n in PARTICIPANT_NOTEBOOKS) + r")"
    r"|voila/(?:static|templates|labextensions)/.*|voila/api/themes/.*"
    r"|(?:api/kernels|voila/api/shutdown|voila/query)/(?P<kid>" + _KERNEL + r")(?:/channels)?"
    + r")$")
_RENDER = re.compile(r"^/voila/render/(?P<nb>.+)$")

# Which notebook each kernel was started for (so a participant cannot reach a facilitator's kernel).
_rendering: contextvars.ContextVar[str | None] = contextvars.ContextVar("cx_rendering", default=None)
KERNEL_NOTEBOOKS: dict[str, str] = {}


def user_role(user: Any) -> str:
    """``"facilitator"`` or ``"participant"`` for a request's user (no login at all: facilitator)."""
    name = getattr(user, "username", None)
    return PARTICIPANT if name == PARTICIPANT else FACILITATOR


def _allowed(role: str, path: str) -> bool:
    """Whether ``role`` may reach ``path`` (relative to the base URL)."""
    if role == FACILITATOR:
        return True
    match = _PARTICIPANT_PATHS.match(path)
    if not match:
        return False
    kid = match.groupdict().get("kid")
    return kid is None or KERNEL_NOTEBOOKS.get(kid) in PARTICIPANT_NOTEBOOKS


def _relative(handler: Any) -> str:
    base = handler.settings.get("base_url", "/").rstrip("/")
    path = handler.request.path
    return path[len(base):] if base and path.startswith(base) else path


class RoleGuard:
    """Mixed into every handler of the server: refuses (403) what the user's role may not reach,
    remembers which notebook a kernel is started for, and sets the ``_xsrf`` cookie voila's
    shutdown beacon needs (the work-around for voila issue 1458)."""

    async def prepare(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        result = super().prepare(*args, **kwargs)  # type: ignore[misc]
        if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future):
            result = await result
        if self._finished:  # type: ignore[attr-defined]  # e.g. redirected to the login page
            return
        path = _relative(self)
        user = self.current_user  # type: ignore[attr-defined]
        if user is not None and not _allowed(user_role(user), path):
            from tornado.web import HTTPError

            raise HTTPError(403, "not open to participants")
        render = _RENDER.match(path)
        if render:
            _rendering.set(render.group("nb"))
        if self.request.method in ("GET", "HEAD"):  # type: ignore[attr-defined]
            self.xsrf_token  # type: ignore[attr-defined]  # noqa: B018 - sets the _xsrf cookie


def guarded(handler_class: type) -> type:
    """``handler_class`` with :class:`RoleGuard` in front of it."""
    return type(f"Guarded{handler_class.__name__}", (RoleGuard, handler_class), {})


# -- identity ------------------------------------------------------------------------------------
def _make_identity_provider() -> type:
    from jupyter_server.auth.identity import IdentityProvider, User
    from traitlets import Unicode

    class RoomIdentityProvider(IdentityProvider):
        """Two secrets, two roles: ``token`` (facilitator) and ``participant_token``."""

        participant_token = Unicode("", help="The participant secret (opens only the participant pages).",
                                    config=True)

        @property
        def auth_enabled(self) -> bool:
            return bool(self.token)

        @property
        def login_available(self) -> bool:
            return bool(self.token)

        def _role_for(self, secret: str) -> str | None:
            if not secret:
                return None
            if self.token and hmac.compare_digest(secret.encode(), self.token.encode()):
                return FACILITATOR
            if self.participant_token and hmac.compare_digest(secret.encode(), self.participant_token.encode()):
                return PARTICIPANT
            return None

        async def get_user_token(self, handler):  # type: ignore[override]
            role = self._role_for(self.get_token(handler) or "")
            return User(role, role, role) if role else None

        def get_user_cookie(self, handler):  # type: ignore[override]
            user = super().get_user_cookie(handler)
            if user is not None and getattr(user, "username", None) not in (FACILITATOR, PARTICIPANT):
                return None
            return user

        def process_login_form(self, handler):  # type: ignore[override]
            role = self._role_for(handler.get_argument("password", default=""))
            return User(role, role, role) if role else None

        def get_handlers(self) -> list:
            return [h for h in super().get_handlers() if h[0] != r"/logout"]  # ours works without a template

    return RoomIdentityProvider


try:
    RoomIdentityProvider = _make_identity_provider()
except ImportError:  # pragma: no cover - jupyter_server missing: only the launcher fails
    RoomIdentityProvider = None  # type: ignore[assignment]


# -- the light participant page -------------------------------------------------------------------
#: Roles offered when the engagement lists none (``roles:`` in engagement.yaml); "other" is added.
DEFAULT_ROLES = (N_("Frontline agent"), N_("Team leader"), N_("Manager"), N_("Executive"),
                 N_("Support function"))
OTHER_ROLE = "other"


def role_options(engagement_roles: tuple[str, ...] | list[str], language: str) -> list[tuple[str, str]]:
    """``(value, label)`` of the roles a participant picks from: the engagement's (as written) or
    the default list (translated; the English name is stored), then "Other"."""
    tr = translator(language)
    if engagement_roles:
        options = [(role, role) for role in engagement_roles]
    else:
        options = [(role, tr._(role)) for role in DEFAULT_ROLES]
    return options + [(OTHER_ROLE, tr._("Other"))]


def allowed_roles(engagement_roles: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The values a participant's role may take."""
    return tuple(engagement_roles or DEFAULT_ROLES) + (OTHER_ROLE,)


def page_language(requested: str | None, default: str) -> str:
    """The page's language: ``?lang=`` when known, else the engagement's."""
    for candidate in (requested, default):
        if candidate:
            try:
                return normalise_language(candidate)
            except ValueError:
                continue
    return "en"


def participant_texts(language: str) -> dict[str, str]:
    """Every word of the participant page, in ``language`` (the page's script shows them)."""
    tr = translator(language)
    return {
        "title": tr._("Customer-experience diagnostic"),
        "intro": tr._("20 short questions about how your organisation delivers its customer experience. "
                      "Answer for the organisation as you see it today; there are no wrong answers, and "
                      "\"Don't know\" is a useful answer too."),
        "language": tr._("Language"), "name": tr._("Your name"), "role": tr._("Your role"),
        "choose_role": tr._("Choose your role"),
        "start": tr._("Start"), "back": tr._("Back"), "next": tr._("Next"), "retry": tr._("Retry saving"),
        "question_of": tr._("question {i} of {n}"), "answered": tr._("{n} of {total} answered"),
        "good": tr._("What good looks like:"), "saved": tr._("Saved."),
        "need": tr._("Please enter your name and choose your role."),
        "pending": tr._("Not saved yet: your answers are kept on this page and will be saved as soon as "
                        "the connection is back."),
        "done": tr._("Thank you! All 20 questions are answered. You can still go back and change an answer."),
        "resume": tr._("Welcome back, {name}: your earlier answers are here."),
        "code": tr._("Your private code: {code}. Keep it to yourself: it reopens your answers on another "
                     "device."),
        "have_code": tr._("Already started? Enter your private code"),
        "resume_button": tr._("Continue"),
        "bad_code": tr._("This code is not known. Check it, or start again with your name."),
        "error": tr._("Something went wrong; please try again."),
    }


def bank(language: str) -> tuple[list, dict, dict]:
    """Questions, area names and scale labels for ``language`` from :mod:`cxconsult.diagnostic`
    (the bank's own language when it has one, else its nearest: pt-BR and pt-PT -> pt, else en)."""
    from cxconsult.diagnostic import area_names, languages, questions, scale_labels

    available = languages()
    code = next((c for c in (language, language.split("-")[0]) if c in available), "en")
    return questions(code), area_names(code), scale_labels(code)


def participant_page(*, client: str, colour: str, language: str, roles: list[tuple[str, str]],
                     xsrf: str, base_url: str = "/") -> str:
    """The HTML of ``/workshop``: a form and a question card driven by ``room_static/workshop.js``.

    Every value from the engagement or the bank reaches the page escaped (:mod:`cxconsult.safe`);
    the data for the script is JSON inside a ``<script type="application/json">`` with ``<``, ``>``
    and ``&`` escaped, and the script writes participant values with ``textContent`` only.
    """
    texts = participant_texts(language)
    questions, areas, scale = bank(language)
    data = {
        "lang": language, "texts": texts, "xsrf": xsrf, "base": base_url,
        "questions": [{"id": q.id, "area": q.area, "text": q.text, "good": q.good} for q in questions],
        "areas": areas, "scale": {str(k): v for k, v in scale.items()},
    }
    payload = (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
               .replace("&", "\\u0026"))
    colour = colour if re.match(r"^#[0-9A-Fa-f]{6}$", colour or "") else "#1F4E79"
    languages = safe.join(
        safe.html('<a href="?lang={code}" class="{cls}" lang="{code}">{name}</a>', code=code,
                  name=LANGUAGE_NAMES[code], cls="cx-lang cx-current" if code == language else "cx-lang")
        for code in LANGUAGES)
    options = safe.join(safe.html('<option value="{value}">{label}</option>', value=value, label=label)
                        for value, label in roles)
    return str(safe.html(
        _PAGE, lang=language, title=texts["title"], client=client, colour=colour, intro=texts["intro"],
        language_label=texts["language"], languages=languages, name_label=texts["name"],
        role_label=texts["role"], choose_role=texts["choose_role"], options=options, start=texts["start"],
        have_code=texts["have_code"], resume=texts["resume_button"], back=texts["back"], next=texts["next"],
        retry=texts["retry"], static=base_url.rstrip("/") + "/room/static/", data=safe.Markup(payload)))


_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{client} · {title}</title>
<link rel="stylesheet" href="{static}workshop.css">
<style>:root {{ --cx-colour: {colour}; }}</style>
</head><body>
<main class="cx-app cx-workshop cx-light">
<header class="cx-header"><div class="cx-client">{client}</div><div class="cx-title">{title}</div>
<div class="cx-sub" id="cx-who"></div></header>
<section id="cx-welcome" class="cx-card">
<p class="cx-intro">{intro}</p>
<div class="cx-field"><span class="cx-label">{language_label}</span><nav class="cx-languages">{languages}</nav></div>
<label class="cx-field"><span class="cx-label">{name_label}</span><input class="cx-name" id="cx-name" maxlength="80" autocomplete="name"></label>
<label class="cx-field"><span class="cx-label">{role_label}</span><select class="cx-role" id="cx-role"><option value="">{choose_role}</option>{options}</select></label>
<button class="cx-start cx-primary" id="cx-start" type="button">{start}</button>
<details class="cx-resume"><summary>{have_code}</summary>
<input class="cx-code" id="cx-code" maxlength="12" autocomplete="off" autocapitalize="characters">
<button class="cx-resume-button" id="cx-resume" type="button">{resume}</button></details>
</section>
<section id="cx-questions" hidden>
<div class="cx-progress-label" id="cx-progress-label"></div>
<progress class="cx-progress" id="cx-progress" max="20" value="0"></progress>
<div class="cx-chips" id="cx-chips"></div>
<div class="cx-card cx-question-card" id="cx-card"><div class="cx-area" id="cx-area"></div>
<div class="cx-question" id="cx-question"></div><div class="cx-good" id="cx-good"></div></div>
<div class="cx-answers" id="cx-answers"></div>
<div class="cx-nav"><button class="cx-back" id="cx-back" type="button">◀ {back}</button>
<button class="cx-next" id="cx-next" type="button">{next} ▶</button>
<button class="cx-retry" id="cx-retry" type="button" hidden>{retry}</button></div>
<p class="cx-muted" id="cx-code-note"></p>
</section>
<div class="cx-status" id="cx-status" role="status" aria-live="polite"></div>
</main>
<script type="application/json" id="cx-data">{data}</script>
<script src="{static}workshop.js"></script>
</body></html>
"""


class Room:
    """What the light page needs, loaded once per server: the engagement's client, colour, language,
    roles, and its response store."""

    def __init__(self, engagement_path: str | os.PathLike[str]):
        from cxconsult.engagement import load_engagement
        from cxconsult.store import ResponseStore

        engagement = load_engagement(engagement_path)
        self.client = engagement.client
        self.colour = engagement.branding.colour
        self.language = page_language(engagement.language, "en")
        self.roles = tuple(engagement.roles)
        self.store = ResponseStore(engagement.path, wave=engagement.current_wave)
        self.store.ensure()  # created before the room joins: thirty first writers do not race for it


def _handlers(room: Room | None) -> list[tuple[str, type, dict]]:
    from jupyter_server.base.handlers import JupyterHandler
    from tornado import web

    class ParticipantPageHandler(JupyterHandler):
        @web.authenticated
        def get(self) -> None:
            if room is None:
                raise web.HTTPError(404)
            language = page_language(self.get_argument("lang", None), room.language)
            roles = role_options(room.roles, language)
            self.set_header("Cache-Control", "no-store")
            self.set_header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                            "img-src 'self' data:; frame-ancestors 'none'")
            self.finish(participant_page(client=room.client, colour=room.colour, language=language,
                                         roles=roles, xsrf=self.xsrf_token.decode(),
                                         base_url=self.settings.get("base_url", "/")))

    class RoomApiHandler(JupyterHandler):
        """``POST /room/api/<action>`` with JSON: join, resume, answer. Answers identify the participant
        by their private key only."""

        @web.authenticated
        async def post(self, action: str) -> None:
            from cxconsult.errors import CxConsultError
            from cxconsult.store import InvalidAnswer, StoreUnavailable

            if room is None:
                raise web.HTTPError(404)
            try:
                body = json.loads(self.request.body or b"{}")
                if not isinstance(body, dict):
                    raise ValueError
            except ValueError:
                raise web.HTTPError(400, "expected a JSON object") from None
            loop = asyncio.get_running_loop()
            call = functools.partial(self._act, action, body)
            try:
                result = await loop.run_in_executor(None, call)
            except StoreUnavailable as exc:
                self.set_status(503)
                result = {"error": str(exc)}
            except (InvalidAnswer, CxConsultError) as exc:
                self.set_status(400)
                result = {"error": str(exc)}
            self.set_header("Cache-Control", "no-store")
            self.finish(result)

        def _act(self, action: str, body: dict) -> dict:
            from cxconsult.store import InvalidAnswer, format_code

            store = room.store
            if action == "join":
                language = page_language(str(body.get("language", "")), room.language)
                who = store.register(str(body.get("name", "")), str(body.get("role", "")), language,
                                     roles=allowed_roles(room.roles))
                return {"key": who.resume_key, "code": format_code(who.code), "name": who.name,
                        "role": who.role, "answers": {}}
            key = str(body.get("key", ""))[:64]
            who = store.resume(key)
            if who is None:
                raise InvalidAnswer("unknown key or code", field="key")
            if action == "resume":
                return {"key": who.resume_key, "code": format_code(who.code), "name": who.name,
                        "role": who.role, "answers": {q: str(a) for q, a in store.answer_map(who.id).items()}}
            if action == "answer":
                answer = body.get("answer")
                if isinstance(answer, str) and answer.isdigit():
                    answer = int(answer)
                store.save_answer(who.id, body.get("question"), answer)
                return {"saved": body.get("question")}
            raise InvalidAnswer(f"unknown action {action[:20]!r}", field="action")

    class LogoutHandler(JupyterHandler):
        def get(self) -> None:
            self.identity_provider.clear_login_cookie(self)
            tr = translator(room.language if room else "en")
            self.set_header("Cache-Control", "no-store")
            self.finish(str(safe.html(
                '<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" '
                'content="width=device-width, initial-scale=1"><title>{t}</title></head>'
                '<body style="font-family:system-ui,sans-serif;margin:40px"><p class="cx-logged-out">{t}</p>'
                "</body></html>", t=tr._("You are signed out. Open the link you were given to come back."))))


    setattr(LogoutHandler.get, "__allow_unauthenticated", True)  # jupyter_server 2.13+: no login needed

    class StaticHandler(web.StaticFileHandler):
        pass

    return [
        (r"/workshop", ParticipantPageHandler, {}),
        (r"/room/api/(join|resume|answer)", RoomApiHandler, {}),
        (r"/logout", LogoutHandler, {}),
        (r"/room/static/(workshop\.js|workshop\.css)", StaticHandler, {"path": str(STATIC_FOLDER)}),
    ]


def _make_app() -> type:
    from jupyter_server.utils import url_path_join
    from voila.app import Voila

    class RoomVoila(Voila):
        """Voila with two roles, the light participant page and kernels freed when a tab closes."""

        def _default_identity_provider_class(self):  # pragma: no cover - traitlets default hook name
            return RoomIdentityProvider

        def initialize(self, argv=None):
            super().initialize(argv)
            self.identity_provider_class = RoomIdentityProvider

        def init_settings(self) -> dict:
            settings = super().init_settings()
            manager = self.kernel_manager
            start_kernel = manager.start_kernel

            async def start_and_remember(*args: Any, **kwargs: Any) -> str:
                result = start_kernel(*args, **kwargs)
                kernel_id = await result if asyncio.iscoroutine(result) or isinstance(result, asyncio.Future) else result
                KERNEL_NOTEBOOKS[kernel_id] = _rendering.get() or ""
                return kernel_id

            manager.start_kernel = start_and_remember
            return settings

        def init_handlers(self) -> list:
            from cxconsult.apps.serve import PARTICIPANT_URL_ENV, participant_url

            token = getattr(self.identity_provider, "participant_token", "")
            if token and not os.environ.get(PARTICIPANT_URL_ENV):  # kernels inherit it: the facilitator's QR code
                os.environ[PARTICIPANT_URL_ENV] = participant_url(ip=self.ip, port=self.port, token=token)
            path = os.environ.get("CXCONSULT_ENGAGEMENT")
            room = Room(path) if path else None
            ours = []
            for pattern, handler, kwargs in _handlers(room):
                if pattern == r"/logout":
                    ours.append((url_path_join(self.server_url, pattern), handler, kwargs))
                else:
                    ours.append((url_path_join(self.server_url, pattern), guarded(handler), kwargs))
            handlers = []
            for spec in super().init_handlers():
                pattern, handler, *rest = spec
                if isinstance(handler, type) and hasattr(handler, "prepare"):
                    handler = guarded(handler)
                handlers.append((pattern, handler, *rest))
            return ours + handlers

    return RoomVoila


def main(argv: list[str] | None = None) -> None:
    """``python -m cxconsult.apps.room`` (same options as ``voila``)."""
    _make_app().launch_instance(argv)


if __name__ == "__main__":  # pragma: no cover
    main()
