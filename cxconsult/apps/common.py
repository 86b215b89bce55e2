"""Widget helpers shared by every cxconsult voila app: page style, header, banner, charts, URL state.

Nothing here computes a result: apps call the models and hand their results to these helpers.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as widgets

from cxconsult.errors import CxConsultError

#: CSS shared by the apps (classes prefixed ``cx-``). Kept small; no web fonts or CDN icons, so the
#: apps look the same in an offline workshop room.
APP_CSS = """
<style>
.cx-app { max-width: 920px; margin: 0 auto; font-family: system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; color: #1d2733; }
.cx-app .widget-html-content, .cx-app .widget-label { font-family: inherit; }
.cx-header { border-left: 6px solid var(--cx-colour, #1F4E79); padding: 6px 14px; margin: 4px 0 14px 0; }
.cx-header .cx-client { font-size: 13px; letter-spacing: .06em; text-transform: uppercase; color: #5b6775; }
.cx-header .cx-title { font-size: 24px; font-weight: 600; line-height: 1.25; margin-top: 2px; }
.cx-header .cx-sub { font-size: 14px; color: #5b6775; margin-top: 2px; }
.cx-card { background: #f6f8fa; border: 1px solid #dde3ea; border-radius: 10px; padding: 16px 20px; }
.cx-card .cx-area { font-size: 13px; font-weight: 600; color: var(--cx-colour, #1F4E79);
  text-transform: uppercase; letter-spacing: .05em; }
.cx-card .cx-question { font-size: 20px; line-height: 1.4; margin: 8px 0 10px 0; white-space: normal; }
.cx-card .cx-good { font-size: 14px; color: #4a5563; white-space: normal; }
.cx-chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 2px 0 10px 0; }
.cx-chip { font-size: 12px; padding: 3px 10px; border-radius: 12px; background: #e8edf2; color: #334; }
.cx-chip.cx-current { background: var(--cx-colour, #1F4E79); color: white; }
.cx-chip.cx-complete { background: #d7eedd; color: #1f5130; }
.cx-banner { border-radius: 8px; padding: 10px 14px; font-size: 14px; white-space: normal; }
.cx-banner.cx-error { background: #fdecea; border: 1px solid #f5c2bd; color: #7a1c12; }
.cx-banner.cx-info { background: #eaf2fb; border: 1px solid #c4d9f0; color: #17406b; }
.cx-banner.cx-ok { color: #1f5130; padding: 4px 2px; }
.cx-banner .cx-detail { font-size: 12px; color: #6b4440; margin-top: 4px; }
.cx-app .cx-answer button, .cx-app button.cx-answer { height: auto; min-height: 40px; white-space: normal;
  font-size: 15px; }
.cx-app .cx-kpi { font-size: 15px; color: #4a5563; }
.cx-app .cx-kpi b { font-size: 28px; color: #1d2733; }
.cx-table table { border-collapse: collapse; font-size: 14px; width: 100%; }
.cx-table th, .cx-table td { border-bottom: 1px solid #dde3ea; padding: 5px 8px; text-align: left;
  vertical-align: top; white-space: normal; }
.cx-table th { background: #f0f3f6; }
.cx-section { font-size: 17px; font-weight: 600; margin: 16px 0 6px 0; }
.cx-gap { gap: 8px; }
.cx-gap-wide { gap: 24px; }
.cx-muted { color: #6b7785; font-size: 13px; white-space: normal; }
body[data-voila] .jp-MarkdownCell { display: none; }  /* the notebook's title cell: the app has a header */
body[data-voila] .jp-Cell { padding-top: 0; padding-bottom: 0; }
</style>
"""

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_KEY = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def esc(text: object) -> str:
    """HTML-escaped text for an ``HTML`` widget (through the one boundary, :mod:`cxconsult.safe`)."""
    from cxconsult import safe

    return str(safe.text(str(text)))


def style(colour: str = "#1F4E79") -> widgets.HTML:
    """The apps' stylesheet with the client's colour (``#RRGGBB``) as ``--cx-colour``."""
    colour = colour if _COLOUR.match(colour or "") else "#1F4E79"
    return widgets.HTML(APP_CSS + f"<style>.cx-app {{ --cx-colour: {colour}; }}</style>",
                        layout=widgets.Layout(height="0px", overflow="hidden", margin="0"))


def header(title: str, client: str, subtitle: str = "") -> widgets.HTML:
    """The page header: client name, app title and an optional subtitle line."""
    sub = f'<div class="cx-sub">{esc(subtitle)}</div>' if subtitle else ""
    return widgets.HTML(f'<div class="cx-header"><div class="cx-client">{esc(client)}</div>'
                        f'<div class="cx-title">{esc(title)}</div>{sub}</div>')


class Banner:
    """A message area: ``error(text, detail)``, ``info(text)``, ``ok(text)`` or ``clear()``."""

    def __init__(self) -> None:
        self.widget = widgets.HTML("")
        self.widget.add_class("cx-status")
        self.kind: str | None = None

    def _show(self, kind: str, text: str, detail: str = "") -> None:
        more = f'<div class="cx-detail">{esc(detail)}</div>' if detail else ""
        role = ' role="alert"' if kind == "error" else ""
        self.widget.value = f'<div class="cx-banner cx-{kind}"{role}>{esc(text)}{more}</div>'
        self.kind = kind

    def error(self, text: str, detail: str = "") -> None:
        self._show("error", text, detail)

    def info(self, text: str, detail: str = "") -> None:
        self._show("info", text, detail)

    def ok(self, text: str) -> None:
        self._show("ok", text)

    def clear(self) -> None:
        self.widget.value = ""
        self.kind = None

    @property
    def text(self) -> str:
        """The banner's text without markup (for tests)."""
        return html.unescape(re.sub(r"<[^>]+>", " ", self.widget.value)).strip()


def redraw(target: widgets.Image | widgets.Output, plot: Callable[..., Any], *args: Any,
           figsize: tuple[float, float] = (7.5, 3.6), dpi: int = 110, **kwargs: Any) -> None:
    """Draw ``plot(*args, ax=ax, **kwargs)`` on a fresh figure and show it in ``target``, replacing it.

    ``target`` is an ``Image`` widget (the figure becomes PNG bytes: works in voila, nbval and plain
    Python alike) or an ``Output`` widget (the figure is displayed inside it). No ipympl needed; the
    figure is closed afterwards, so repeated refreshes do not pile up figures.
    """
    import io

    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")  # no pyplot: no GUI backend, no leak
    ax = fig.add_subplot()
    plot(*args, ax=ax, **kwargs)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    if isinstance(target, widgets.Image):
        target.format = "png"
        target.value = buffer.getvalue()
    else:
        from IPython.display import Image, display

        with target:
            target.clear_output(wait=True)
            display(Image(buffer.getvalue()))


def table_html(frame: Any, *, index: bool = False, float_format: str = "{:.1f}") -> widgets.HTML:
    """A pandas DataFrame as a readable HTML table widget (values escaped)."""
    body = frame.to_html(index=index, escape=True, border=0, na_rep="-",
                         float_format=lambda v: float_format.format(v))
    out = widgets.HTML(body)
    out.add_class("cx-table")
    return out


def request_query_string() -> str:
    """The page's query string as voila passes it to the kernel ('' outside voila).

    With ``--preheat_kernel`` the kernel starts before the request exists, so voila's
    ``wait_for_request()`` is called first (it returns at once when preheating is off).
    """
    if os.environ.get("VOILA_PREHEAT", "False") not in ("False", ""):
        try:
            from voila.utils import wait_for_request

            wait_for_request()
        except Exception:  # noqa: BLE001 - no request info: behave as if there were no query string
            return ""
    return os.environ.get("QUERY_STRING", "")


def query_param(query_string: str | None, name: str) -> str | None:
    """The first value of ``name`` in a URL query string (``'key=abc&x=1'``), or None."""
    values = parse_qs((query_string or "").lstrip("?")).get(name)
    return values[0] if values else None


def url_param_setter(name: str, value: str) -> widgets.HTML:
    """A hidden widget that writes ``?name=value`` into the page address (so a reload resumes).

    ``value`` must be URL-safe (letters, digits, ``-``, ``_``); the other query parameters (such as
    voila's ``token``) are kept. The browser runs the one-line script through an image error handler,
    because scripts inside widget HTML are not executed. (Inside an inline handler ``URL`` resolves to
    ``document.URL``, a string: hence ``window.URL``.)
    """
    if not (_KEY.match(name) and _KEY.match(value)):
        raise ValueError(f"expected a URL-safe parameter name and value, got {name!r}={value!r}")
    return _run_once(f"var u=new window.URL(window.location.href);u.searchParams.set('{name}','{value}');"
                     "window.history.replaceState(null,'',u.toString());")


def page_title_setter(title: str) -> widgets.HTML:
    """A hidden widget that sets the browser tab's title (voila shows the notebook's file name)."""
    return _run_once(f"document.title={json.dumps(str(title))};")


def run_once(script: str) -> widgets.HTML:
    """A hidden widget that runs ``script`` (our own, never a participant's text) once in the browser."""
    return _run_once(script)


def _run_once(script: str) -> widgets.HTML:
    return widgets.HTML(f'<img src="data:," alt="" style="display:none" onerror="{html.escape(script, quote=True)}">',
                        layout=widgets.Layout(height="0px", overflow="hidden", margin="0"))


def error_page(top: list[widgets.Widget], banner: Banner, message: str, detail: str = "") -> widgets.VBox:
    """A page of ``top`` widgets and ``banner`` showing ``message``: for an app that cannot run."""
    banner.error(message, detail)
    page = widgets.VBox([*top, banner.widget])
    page.add_class("cx-app")
    return page


def engagement_arg(engagement_path: str | os.PathLike[str] | None) -> Path:
    """The engagement folder an app shows: ``engagement_path``, else ``$CXCONSULT_ENGAGEMENT``
    (set by ``cxconsult app``)."""
    path = engagement_path or os.environ.get("CXCONSULT_ENGAGEMENT")
    if not path:
        raise CxConsultError("no engagement folder given: pass engagement_path or set CXCONSULT_ENGAGEMENT")
    return Path(path)


class SliderPage:
    """Base of the what-if apps: each slider in ``sliders`` redraws the page (``update``) on change;
    ``set_values`` moves several at once and redraws once."""

    sliders: dict[str, widgets.ValueWidget]
    _silent: bool = False

    def update(self) -> None:
        """Recompute and redraw the page (each app defines it)."""
        raise NotImplementedError

    def _on_change(self, _change: dict) -> None:
        if not self._silent:
            self.update()

    @contextmanager
    def silently(self) -> Iterator[None]:
        """Change sliders without a redraw per change."""
        self._silent = True
        try:
            yield
        finally:
            self._silent = False

    def set_values(self, **values: float) -> None:
        """Set several sliders and redraw once (for tests and notebooks)."""
        with self.silently():
            for name, value in values.items():
                self.sliders[name].value = value
        self.update()
