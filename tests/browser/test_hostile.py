"""Hostile input never runs in a browser (issue 10): the hostile fixture's report, the portfolio index
and every voila app, opened in chromium.

``tests/fixtures/hostile/hostile-corp/`` (made by ``build.py`` there from the aurora-telecom sample)
has a payload in every text field: the client, industry and consultant, respondents' names and roles,
outlook scenario and channel labels, retention cohort names, exit-survey reasons and poor-service
items, service-profit-chain unit and period labels and column names. Each payload is a script tag, an
``onerror`` image, a ``javascript:`` link and Markdown injection (``[m](javascript:...)``,
``![i](x onerror=...)``); a live one opens a dialog (``alert``) and logs ``cx-injected:<field tag>``.
A workshop participant with a hostile name and role is added to ``responses.db`` with
:mod:`cxconsult.store`, and another is typed into the workshop app.

Each page is checked three ways: no dialog opened and no ``cx-injected`` console message (Playwright's
``dialog`` and ``console`` events), and no live injected element in the DOM (a ``<script>`` or an
``on...`` handler carrying a payload, or any ``javascript:`` link). Failures name the leaking field tags.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cxconsult.batch import run_batch
from cxconsult.reports import run_engagement
from cxconsult.store import ResponseStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "hostile-corp"
MARK = "cx-injected"
WORKSHOP_NAME = "<script>console.log('cx-injected:db-name');alert(1)</script>"
WORKSHOP_ROLE = "<img src=x onerror=\"console.log('cx-injected:db-role');alert(1)\">"
TYPED_NAME = "<svg onload=\"console.log('cx-injected:typed-name');alert(1)\">"
TYPED_ROLE = "<img src=x onerror=alert('typed-role')>"  # one of the fixture's roles: (list of 40 max)
APPS = ("workshop", "facilitator", "outlook", "retention", "service_profit_chain")

# Live injected elements: scripts carrying a payload, event handlers that are a payload (the apps' own
# title setter, an onerror handler whose text holds the escaped client name, is not one), any
# javascript: link.
DOM_LEAKS = """() => {
  const tags = new Set();
  const grab = (text) => { for (const m of String(text).matchAll(/cx-injected:([\\w-]+)/g)) tags.add(m[1]); };
  for (const s of document.querySelectorAll('script')) if (s.textContent.includes('cx-injected')) grab(s.textContent);
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value || '';
      if (a.name.startsWith('on') && /^\\s*console\\.log\\(/.test(v)) grab(v);
      if (/^\\s*javascript:/i.test(v)) { grab(v); tags.add('javascript-link:' + v.slice(0, 40)); }
    }
  }
  return [...tags].sort();
}"""


def hostile_copy(dest: Path, *, with_participant: bool = True) -> Path:
    target = dest / "hostile-corp"
    shutil.copytree(FIXTURE, target)
    if with_participant:
        store = ResponseStore(target)
        person = store.register(WORKSHOP_NAME, WORKSHOP_ROLE)
        for question, answer in (("P1", 3), ("T1", 1), ("C1", "dk"), ("F1", 4)):
            store.save_answer(person.id, question, answer)
    return target


class Watch:
    """Dialogs and injected console messages seen by a page (dialogs are dismissed)."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.console: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda message: self.console.append(message.text) if MARK in message.text else None)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def leaks(self, page) -> list[str]:
        tags = set(page.evaluate(DOM_LEAKS))
        for text in self.console:
            tags.update(re.findall(r"cx-injected:([\w-]+)", text))
        if self.dialogs:
            tags.add(f"dialogs: {self.dialogs[:5]}")
        return sorted(tags)


def test_report_of_the_hostile_engagement_runs_no_injected_script(tmp_path, new_page):
    folder = hostile_copy(tmp_path)
    report = run_engagement(folder, tmp_path / "out")
    html = report.html.read_text(encoding="utf-8")
    raw = sorted(set(re.findall(r"<script>console\.log\('cx-injected:([\w-]+)'", html)))
    reached = set(re.findall(r"cx-injected:([\w-]+)", html))

    page = new_page(width=1280, height=1000)
    watch = Watch(page)
    page.goto(report.html.as_uri(), wait_until="load")
    page.mouse.move(400, 400)
    page.wait_for_timeout(1500)
    leaks = watch.leaks(page)

    assert not raw and not leaks, (f"unescaped <script> in report.html from fields: {raw}; "
                                   f"live in chromium: {leaks}")
    # the fixture reaches the report's text fields (so a removed escape would be caught)
    for tag in ("client", "industry", "role-0", "exit-reason-0", "poor-service-0", "scenario-0", "channel-0"):
        assert tag in reached, f"the fixture's {tag} payload does not reach the report"


def test_portfolio_index_escapes_every_value(tmp_path, new_page):
    good = hostile_copy(tmp_path / "a")
    broken = hostile_copy(tmp_path / "b", with_participant=False)
    broken = broken.rename(broken.parent / "hostile-broken")
    yaml_path = broken / "engagement.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8")
                         + "language: \"<script>console.log('cx-injected:error-message');alert(1)</script>\"\n",
                         encoding="utf-8")
    result = run_batch([good, broken], tmp_path / "out", jobs=2, progress=False)
    assert result.items[1].failed and "cx-injected:error-message" in result.items[1].error
    html = result.index_html.read_text(encoding="utf-8")
    assert "<script>console.log" not in html and "cx-injected:client" in html

    page = new_page()
    watch = Watch(page)
    page.goto(result.index_html.as_uri(), wait_until="load")
    page.wait_for_timeout(1000)
    assert not watch.leaks(page)
    csv = result.summary_csv.read_text(encoding="utf-8")
    assert "client <script>" in csv  # the CSV keeps the text as it is (a CSV is not HTML)


def test_every_app_shows_hostile_text_as_text(tmp_path, start_voila, new_page, open_app):
    folder = hostile_copy(tmp_path)
    server = start_voila(folder)
    found: dict[str, list[str]] = {}
    reached: dict[str, list[str]] = {}

    page = new_page(width=1280, height=1400)
    watch = Watch(page)
    open_app(page, server.url("workshop"), "button.cx-start")
    page.locator(".cx-name input").fill(TYPED_NAME)
    page.locator(".cx-role select").select_option(label=TYPED_ROLE)
    page.locator("button.cx-start").click()
    page.wait_for_selector("button.cx-answer-0", state="visible")
    page.locator("button.cx-answer-3").click()
    page.wait_for_timeout(1500)
    found["workshop"] = watch.leaks(page)

    for app in APPS[1:]:
        page = new_page(width=1280, height=1400)
        watch = Watch(page)
        open_app(page, server.url(app), ".cx-app")
        page.wait_for_timeout(2500)  # charts and tables drawn after the first widgets
        page.mouse.move(300, 300)
        page.mouse.move(700, 700)
        found[app] = watch.leaks(page)
        text = page.locator(".cx-app").first.text_content()
        assert "cx-injected:client" in text, f"{app}: the hostile client name is not shown"
        reached[app] = sorted(set(re.findall(r"cx-injected:([\w-]+)", text)))

    leaking = {app: tags for app, tags in found.items() if tags}
    assert not leaking, f"injected content live in apps: {leaking}"
    # the payloads reach the apps' own labels, not only the header
    assert "scenario-0" in reached["outlook"], reached


def test_app_error_page_escapes_the_client(tmp_path, start_voila, new_page, open_app):
    """An app that cannot run shows the shared error page, with the hostile client name in its header."""
    folder = hostile_copy(tmp_path, with_participant=False)
    yaml_path = folder / "engagement.yaml"
    yaml_path.write_text(re.sub(r"^retention: .*$", "", yaml_path.read_text(encoding="utf-8"), flags=re.M),
                         encoding="utf-8")
    server = start_voila(folder)
    page = new_page()
    watch = Watch(page)
    open_app(page, server.url("retention"), ".cx-banner")
    page.wait_for_timeout(1000)
    assert "no retention section" in page.locator(".cx-banner").inner_text()
    assert "cx-injected:client" in page.locator(".cx-header").text_content()
    assert not watch.leaks(page)
