"""The touchpoint workshop: staff rate each touchpoint against the intent statement; the facilitator
watches the journey heat map fill in.

``build_touchpoints(engagement_path)`` is the participant page: a name and role (the same people and
store as the diagnostic workshop), then one touchpoint at a time, rated 0-4 against the client's
intent statement, optionally marked as a pain point, with the owner the participant believes is
accountable. Each rating is saved at once in the engagement's ``responses.db``
(:class:`cxconsult.journey_store.TouchpointStore`). ``?key=<resume key>`` in the address resumes.

``build_touchpoints_facilitator(engagement_path)`` is the facilitator page: the map coloured by the
room's ratings (redrawn every few seconds while the page is open, and on *Refresh*), the pain points
and the owners the room disputes; *Export* writes the ratings to the journey section's ``ratings_csv``
so the report uses them. Every label is in the client's language (:mod:`cxconsult.i18n`); every value
from the engagement or a participant is escaped (:mod:`cxconsult.safe`).
"""

from __future__ import annotations

import os
from datetime import datetime

import ipywidgets as widgets

from cxconsult import safe
from cxconsult.apps.common import (Banner, engagement_arg, page_title_setter, query_param, request_query_string,
                                   style, url_param_setter)
from cxconsult.errors import CxConsultError
from cxconsult.i18n import LANGUAGE_NAMES, LANGUAGES, N_, Translator, normalise_language, translator
from cxconsult.journey.ownership import DONT_KNOW, NOBODY
from cxconsult.journey_store import TouchpointStore
from cxconsult.store import InvalidAnswer, Respondent, StoreUnavailable

__all__ = ["TouchpointFacilitatorApp", "TouchpointWorkshopApp", "build_touchpoints",
           "build_touchpoints_facilitator"]

SCALE = {0: N_("Far from the intent"), 1: N_("Falls well short"), 2: N_("Partly delivers it"),
         3: N_("Largely delivers it"), 4: N_("Fully delivers it")}
REFRESH_MS = 3000
DEFAULT_RATINGS_CSV = "touchpoint_ratings.csv"


def _html(template: str, **values: object) -> widgets.HTML:
    return widgets.HTML(str(safe.html(template, **values)))


def _header(title: str, client: str, subtitle: str = "") -> str:
    return str(safe.html('<div class="cx-header"><div class="cx-client">{client}</div><div class="cx-title">{title}'
                         '</div>{sub}</div>', client=client, title=title,
                         sub=safe.html('<div class="cx-sub">{s}</div>', s=subtitle) if subtitle else ""))


def _load(engagement_path: str | os.PathLike[str] | None):
    from cxconsult.engagement import load_engagement

    engagement = load_engagement(engagement_arg(engagement_path), sections=("journey",))
    if engagement.journey is None:
        raise CxConsultError(f"{engagement.path.name}: engagement.yaml has no 'journey' section; add one "
                             "(see data/engagements/aurora-telecom/journey.yaml)")
    return engagement


class TouchpointWorkshopApp:
    """One participant's page (one per voila kernel). ``.widget`` is the page."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None, query_string: str | None = None,
                 *, store: TouchpointStore | None = None):
        self.engagement = _load(engagement_path)
        self.config = self.engagement.journey
        self.store = store or TouchpointStore(self.engagement.path, touchpoints=self.config.ids)
        self.language = normalise_language(self.engagement.language)
        self.respondent: Respondent | None = None
        self.saved: dict[str, dict] = {}
        self.position = 0
        self.banner = Banner()
        self.url_setter = widgets.Box(layout=widgets.Layout(height="0px", overflow="hidden"))
        self.body = widgets.VBox()
        self.title_setter = widgets.Box(layout=widgets.Layout(height="0px", overflow="hidden"))
        self.widget = widgets.VBox([style(self.engagement.branding.colour), self.title_setter, self.url_setter,
                                    self.body], layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-touchpoints")
        key = query_param(request_query_string() if query_string is None else query_string, "key")
        if key:
            try:
                found = self.store.resume(key)
            except StoreUnavailable as exc:
                found = None
                self.banner.error(str(exc))
            if found is not None:
                self._enter(found)
                return
        self.show_welcome()

    @property
    def tr(self) -> Translator:
        return translator(self.language)

    def _title(self) -> None:
        self.title_setter.children = [page_title_setter(f"{self.engagement.client} · {self.tr._('Touchpoint workshop')}")]

    # -- welcome --------------------------------------------------------------------------------
    def show_welcome(self) -> None:
        tr = self.tr
        self._title()
        self.language_picker = widgets.Dropdown(options=[(LANGUAGE_NAMES[c], c) for c in LANGUAGES],
                                                value=self.language, layout=widgets.Layout(width="220px"))
        self.language_picker.add_class("cx-language")
        self.language_picker.observe(self._on_language, names="value")
        self.name_box = widgets.Text(placeholder=tr._("Your name"), layout=widgets.Layout(width="320px"))
        self.name_box.add_class("cx-name")
        self.role_box = widgets.Text(placeholder=tr._("e.g. Agent, Team leader, Billing manager"),
                                     layout=widgets.Layout(width="320px"))
        self.role_box.add_class("cx-role")
        self.start_button = widgets.Button(description=tr._("Start"), button_style="primary",
                                           layout=widgets.Layout(width="160px", height="40px"))
        self.start_button.add_class("cx-start")
        self.start_button.on_click(lambda _: self.start())
        label = widgets.Layout(width="110px")
        row = widgets.Layout(align_items="center")
        form = widgets.VBox([
            _html('<div style="font-size:15px;white-space:normal">{t}</div>', t=tr._(
                "Rate each moment of the customer's journey against the intent statement below, from 0 (far "
                "from it) to 4 (delivers it fully). Mark the pain points and say who you believe owns each one.")),
            _html('<div class="cx-card" style="white-space:normal"><b>{label}</b> {intent}</div>',
                  label=tr._("Intent statement:"), intent=self.config.intent),
            widgets.HBox([widgets.Label(tr._("Language"), layout=label), self.language_picker], layout=row),
            widgets.HBox([widgets.Label(tr._("Your name"), layout=label), self.name_box], layout=row),
            widgets.HBox([widgets.Label(tr._("Your role"), layout=label), self.role_box], layout=row),
            widgets.HBox([widgets.Label("", layout=label), self.start_button]),
        ])
        form.add_class("cx-gap")
        self.body.children = [widgets.HTML(_header(tr._("Touchpoint workshop"), self.engagement.client)), form,
                              self.banner.widget]

    def _on_language(self, change: dict) -> None:
        name, role = self.name_box.value, self.role_box.value
        self.language = change["new"]
        self.show_welcome()
        self.name_box.value, self.role_box.value = name, role

    def start(self, name: str | None = None, role: str | None = None) -> None:
        """Register (or resume) the participant and show the first touchpoint not yet rated."""
        name = self.name_box.value if name is None else name
        role = self.role_box.value if role is None else role
        if not name.strip() or not role.strip():
            self.banner.error(self.tr._("Please enter your name and your role."))
            return
        try:
            respondent = self.store.register(name, role, self.language)
        except (InvalidAnswer, StoreUnavailable) as exc:
            self.banner.error(str(exc))
            return
        self._enter(respondent)

    def _enter(self, respondent: Respondent) -> None:
        self.respondent = respondent
        try:
            normalised = normalise_language(respondent.language)
        except ValueError:
            normalised = self.language
        self.language = normalised
        self._title()
        try:
            self.saved = {k: {"rating": v.rating, "pain_point": v.pain_point, "owner": v.owner}
                          for k, v in self.store.ratings_of(respondent.id).items()}
        except StoreUnavailable as exc:
            self.saved = {}
            self.banner.error(str(exc))
        self.url_setter.children = [url_param_setter("key", respondent.resume_key)]
        open_ = [i for i, t in enumerate(self.config.touchpoints) if t.id not in self.saved]
        self.position = open_[0] if open_ else 0
        self._build()
        if self.saved and self.banner.kind != "error":
            self.banner.info(self.tr._("Welcome back, {name}: your earlier ratings are here.").format(
                name=respondent.name))

    # -- rating ---------------------------------------------------------------------------------
    def _owner_options(self) -> list[tuple[str, str]]:
        tr = self.tr
        roles = sorted({o for t in self.config.touchpoints for o in t.owners}, key=str.lower)
        return ([("—", "")] + [(r, r) for r in roles] + [(tr._("Nobody owns it"), NOBODY),
                                                        (tr._("Don't know"), DONT_KNOW)])

    def _build(self) -> None:
        tr = self.tr
        self.card = widgets.HTML()
        self.rate_buttons: dict[int, widgets.Button] = {}
        for value, text in SCALE.items():
            label = f"{value} · {tr._(text)}"
            button = widgets.Button(description=label, tooltip=label,
                                    layout=widgets.Layout(width="auto", min_width="150px", height="auto"))
            button.add_class("cx-answer")
            button.add_class(f"cx-rate-{value}")
            button.on_click(lambda _, v=value: self.rate(v))
            self.rate_buttons[value] = button
        self.pain_box = widgets.Checkbox(description=tr._("This is a pain point for customers"), indent=False)
        self.pain_box.add_class("cx-pain")
        self.owner_box = widgets.Dropdown(options=self._owner_options(), value="", description="",
                                          layout=widgets.Layout(width="260px"))
        self.owner_box.add_class("cx-owner")
        self.back_button = widgets.Button(description=f"◀ {tr._('Back')}", layout=widgets.Layout(width="130px"))
        self.back_button.add_class("cx-back")
        self.back_button.on_click(lambda _: self.go(self.position - 1))
        self.next_button = widgets.Button(description=f"{tr._('Next')} ▶", layout=widgets.Layout(width="130px"))
        self.next_button.add_class("cx-next")
        self.next_button.on_click(lambda _: self.go(self.position + 1))
        self.progress_label = widgets.HTML()
        self.progress_label.add_class("cx-progress-label")
        buttons = widgets.HBox(list(self.rate_buttons.values()),
                               layout=widgets.Layout(flex_flow="row wrap", margin="10px 0 4px 0"))
        buttons.add_class("cx-gap")
        owner_row = widgets.HBox([widgets.Label(tr._("Who owns it?")), self.owner_box],
                                 layout=widgets.Layout(align_items="center"))
        owner_row.add_class("cx-gap")
        nav = widgets.HBox([self.back_button, self.next_button], layout=widgets.Layout(margin="10px 0 0 0"))
        nav.add_class("cx-gap")
        who = self.respondent
        subtitle = f"{who.name} · {who.role}" if who else ""
        card = widgets.VBox([self.card, self.pain_box, owner_row, buttons])
        card.add_class("cx-card")
        self.body.children = [widgets.HTML(_header(tr._("Touchpoint workshop"), self.engagement.client, subtitle)),
                              _html('<div class="cx-muted"><b>{label}</b> {intent}</div>',
                                    label=tr._("Intent statement:"), intent=self.config.intent),
                              self.progress_label, card, nav, self.banner.widget]
        self.show()

    def show(self) -> None:
        """Show the touchpoint at ``position`` with what the participant gave before."""
        tr = self.tr
        t = self.config.touchpoints[self.position]
        phases = {p.id: p.label for p in self.config.phases}
        channels = {c.id: c.label for c in self.config.channels}
        owner = t.owner or tr._("No owner")
        self.card.value = str(safe.html(
            '<div data-touchpoint="{id}"><div class="cx-area">{phase} · {channel}</div>'
            '<div class="cx-question">{star}{label}</div><div class="cx-good">{owner_label} {owner}</div></div>',
            id=t.id, phase=phases[t.phase], channel=channels[t.channel], star="★ " if t.moment_of_truth else "",
            label=t.label, owner_label=tr._("Owner on the map:"), owner=owner))
        given = self.saved.get(t.id, {})
        self.pain_box.value = bool(given.get("pain_point", False))
        owner_value = given.get("owner", "")
        values = {v for _, v in self.owner_box.options}
        self.owner_box.value = owner_value if owner_value in values else ""
        for value, button in self.rate_buttons.items():
            button.button_style = "primary" if given.get("rating") == value else ""
        rated = sum(1 for v in self.saved.values() if v.get("rating") is not None)
        total = len(self.config.touchpoints)
        text = tr.ngettext("{n} of {total} touchpoint rated", "{n} of {total} touchpoints rated", rated).format(
            n=rated, total=total)
        if rated == total:
            text = tr._("Thank you: every touchpoint is rated. You can still go back and change a rating.")
        self.progress_label.value = str(safe.html('<div class="cx-muted" data-rated="{n}">{t}</div>', n=rated, t=text))
        self.back_button.disabled = self.position == 0
        self.next_button.disabled = self.position >= total - 1

    def go(self, position: int) -> None:
        self.position = max(0, min(position, len(self.config.touchpoints) - 1))
        self.show()

    def rate(self, value: int) -> None:
        """Save the rating (with the pain-point mark and owner shown) and move to the next touchpoint."""
        if self.respondent is None:
            return
        t = self.config.touchpoints[self.position]
        try:
            self.store.save(self.respondent.id, t.id, value, pain_point=self.pain_box.value, owner=self.owner_box.value)
        except (InvalidAnswer, StoreUnavailable) as exc:
            self.banner.error(str(exc))
            return
        self.saved[t.id] = {"rating": value, "pain_point": bool(self.pain_box.value), "owner": self.owner_box.value}
        self.banner.ok(self.tr._("Saved."))
        if self.position < len(self.config.touchpoints) - 1:
            self.position += 1
        self.show()


class TouchpointFacilitatorApp:
    """The facilitator's page: the live journey heat map of the room's ratings."""

    def __init__(self, engagement_path: str | os.PathLike[str] | None = None, *,
                 store: TouchpointStore | None = None, refresh_ms: int = REFRESH_MS):
        self.engagement = _load(engagement_path)
        self.config = self.engagement.journey
        self.store = store or TouchpointStore(self.engagement.path, touchpoints=self.config.ids)
        self.tr = translator(self.engagement.language)
        tr = self.tr
        self.ratings = None
        self.banner = Banner()
        self.head = widgets.HTML()
        self.kpis = widgets.HTML()
        self.map = widgets.HTML()
        self.map.add_class("cx-room-map")
        self.pains = widgets.HTML()
        self.pains.add_class("cx-table")
        self.disputes = widgets.HTML()
        self.disputes.add_class("cx-table")
        self.refresh_button = widgets.Button(description=tr._("Refresh"), button_style="primary",
                                             layout=widgets.Layout(width="130px"))
        self.refresh_button.add_class("cx-refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.export_button = widgets.Button(description=tr._("Export ratings to the engagement"),
                                            layout=widgets.Layout(width="auto"))
        self.export_button.add_class("cx-export")
        self.export_button.on_click(lambda _: self.export())
        # While the page is open, the browser presses Refresh every few seconds (no thread in the kernel;
        # the timer dies with the tab). Scripts in widget HTML do not run, so an image error handler starts it.
        self.ticker = _autoclick(".cx-touchpoints-facilitator button.cx-refresh", max(1000, int(refresh_ms)))
        toolbar = widgets.HBox([self.refresh_button, self.export_button, self.ticker],
                               layout=widgets.Layout(margin="0 0 8px 0"))
        toolbar.add_class("cx-gap")
        section = "<div class=\"cx-section\">{t}</div>"
        self.widget = widgets.VBox([
            style(self.engagement.branding.colour),
            page_title_setter(f"{self.engagement.client} · {tr._('Touchpoint workshop: live map')}"),
            self.head, toolbar, self.banner.widget, self.kpis,
            _html('<div class="cx-muted"><b>{label}</b> {intent}</div>', label=tr._("Intent statement:"),
                  intent=self.config.intent),
            self.map, _html(section, t=tr._("Pain points marked by the room")), self.pains,
            _html(section, t=tr._("Owners the room disputes")), self.disputes,
        ], layout=widgets.Layout(padding="8px 12px"))
        self.widget.add_class("cx-app")
        self.widget.add_class("cx-touchpoints-facilitator")
        self.widget.layout.max_width = "1400px"
        self.refresh()

    def refresh(self) -> None:
        """Re-read the store and redraw the map, the pain points and the disputes."""
        from dataclasses import replace

        from cxconsult.journey.ownership import ownership_gaps
        from cxconsult.journey.performance import room_scores
        from cxconsult.narrative.journey import map_html

        tr = self.tr
        try:
            ratings = self.store.ratings()
        except CxConsultError as exc:
            self.banner.error(str(exc))
            return
        self.ratings = ratings
        room = room_scores(ratings)
        scores = {tp: (None if room.at[tp, "raters"] == 0 else float(room.at[tp, "score"])) for tp in room.index}
        labels = {t.id: t.label for t in self.config.touchpoints}
        rated = room[room["raters"] > 0].sort_values("score")
        lowest = [safe.html('<li data-touchpoint="{id}">{label} <span class="cx-muted">({m})</span></li>', id=tp,
                            label=labels.get(tp, tp), m=tr.number(rated.at[tp, "mean"], 1)) for tp in rated.index[:5]]
        aside = (safe.html("<b>{t}</b><ol>{items}</ol>", t=tr._("Lowest rated by the room (0-4)"),
                           items=safe.join(lowest)) if lowest else safe.html("<b>{t}</b>", t=tr._("No ratings yet.")))
        self.map.value = str(map_html(self.config, scores, tr, aside=aside))

        pains = room[room["pain_points"] > 0].sort_values("pain_points", ascending=False)
        if pains.empty:
            self.pains.value = str(safe.html('<div class="cx-muted">{t}</div>', t=tr._("None yet.")))
        else:
            rows = safe.join(safe.html("<tr><td>{label}</td><td>{n}</td><td>{m}</td></tr>", label=labels.get(tp, tp),
                                       n=int(pains.at[tp, "pain_points"]),
                                       m="–" if pains.at[tp, "raters"] == 0 else tr.number(pains.at[tp, "mean"], 1))
                             for tp in pains.index)
            self.pains.value = str(safe.html(
                "<table><thead><tr><th>{a}</th><th>{b}</th><th>{c}</th></tr></thead><tbody>{rows}</tbody></table>",
                a=tr._("Touchpoint"), b=tr._("Pain-point marks"), c=tr._("Mean rating (0-4)"), rows=rows))
        gaps = [g for g in ownership_gaps(replace(self.config, ratings=ratings)) if g.kind == "disputed"]
        if not gaps:
            self.disputes.value = str(safe.html('<div class="cx-muted">{t}</div>', t=tr._("None yet.")))
        else:
            names = {NOBODY: tr._("nobody")}
            rows = safe.join(safe.html("<tr><td>{label}</td><td>{owner}</td><td>{room}</td><td>{n}</td></tr>",
                                       label=labels[g.touchpoint], owner=" / ".join(g.owners) or tr._("No owner"),
                                       room=names.get(g.room_owner.lower(), g.room_owner), n=g.room_votes)
                             for g in gaps)
            self.disputes.value = str(safe.html(
                "<table><thead><tr><th>{a}</th><th>{b}</th><th>{c}</th><th>{d}</th></tr></thead><tbody>{rows}"
                "</tbody></table>", a=tr._("Touchpoint"), b=tr._("Owner on the map"), c=tr._("Owner the room names"),
                d=tr._("Votes"), rows=rows))
        people = ratings["participant"].nunique()
        given = int(ratings["rating"].notna().sum())
        stamp = datetime.now().strftime("%H:%M:%S")
        summary = tr._("{people} · {ratings} · updated {time}").format(
            people=tr.ngettext("{n} participant", "{n} participants", people).format(n=people),
            ratings=tr.ngettext("{n} rating", "{n} ratings", given).format(n=given), time=stamp)
        self.kpis.value = str(safe.html('<div class="cx-kpi" data-ratings="{n}" data-participants="{p}">{s}</div>',
                                        n=given, p=people, s=summary))
        self.head.value = _header(tr._("Touchpoint workshop: live map"), self.engagement.client)

    def export(self) -> None:
        """Write the room's ratings to the journey section's ratings CSV (the old file kept as .bak)."""
        tr = self.tr
        name = self._ratings_file()
        try:
            path = self.store.export_csv(self.engagement.path / name)
        except CxConsultError as exc:
            self.banner.error(tr._("Export failed: {error}").format(error=str(exc)))
            return
        self.banner.ok(tr.ngettext("Exported {n} rating to {file}.", "Exported {n} ratings to {file}.",
                                   len(self.store.ratings())).format(n=len(self.store.ratings()), file=path.name))

    def _ratings_file(self) -> str:
        import yaml

        raw = yaml.safe_load((self.engagement.path / "engagement.yaml").read_text(encoding="utf-8")) or {}
        section = raw.get("journey")
        if isinstance(section, str):
            section = yaml.safe_load((self.engagement.path / section).read_text(encoding="utf-8")) or {}
        name = section.get("ratings_csv") if isinstance(section, dict) else None
        return str(name) if isinstance(name, str) and name.strip() and "/" not in name else DEFAULT_RATINGS_CSV


def build_touchpoints(engagement_path: str | os.PathLike[str] | None = None, query_string: str | None = None,
                      *, store: TouchpointStore | None = None) -> widgets.Widget:
    """The participant page for ``engagement_path`` (default ``$CXCONSULT_ENGAGEMENT``); the widget
    carries its app as ``.cx_app``."""
    try:
        app = TouchpointWorkshopApp(engagement_path, query_string, store=store)
    except CxConsultError as exc:
        return _error(exc)
    app.widget.cx_app = app
    return app.widget


def build_touchpoints_facilitator(engagement_path: str | os.PathLike[str] | None = None, *,
                                  store: TouchpointStore | None = None, refresh_ms: int = REFRESH_MS) -> widgets.Widget:
    """The facilitator page; the widget carries its app as ``.cx_app``."""
    try:
        app = TouchpointFacilitatorApp(engagement_path, store=store, refresh_ms=refresh_ms)
    except CxConsultError as exc:
        return _error(exc)
    app.widget.cx_app = app
    return app.widget


def _autoclick(selector: str, interval_ms: int) -> widgets.HTML:
    """A hidden widget whose page clicks ``selector`` every ``interval_ms`` (once per page)."""
    import html
    import json

    script = (f"if(!window.__cxAutoclick){{window.__cxAutoclick=window.setInterval(function(){{"
              f"var b=document.querySelector({json.dumps(selector)});if(b&&!b.disabled){{b.click();}}}},"
              f"{int(interval_ms)});}}")
    widget = widgets.HTML(f'<img src="data:," alt="" style="display:none" onerror="{html.escape(script, quote=True)}">',
                          layout=widgets.Layout(height="0px", overflow="hidden", margin="0"))
    widget.add_class("cx-autorefresh")
    return widget


def _error(exc: Exception) -> widgets.Widget:
    from cxconsult.apps.common import error_page

    banner = Banner()
    return error_page([style()], banner, str(exc))
