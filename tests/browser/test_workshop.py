"""The workshop apps in a real voila server driven by chromium: answers kept, participants apart, token."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from cxconsult.diagnostic import score
from cxconsult.store import ResponseStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]

START = "button.cx-start"
ANSWER = "button.cx-answer-0"


def current_question(page) -> str:
    return page.locator("[data-question]").get_attribute("data-question")


def join(page, open_app, url: str, name: str, role: str) -> None:
    open_app(page, url, START)
    page.locator(".cx-name input").fill(name)
    page.locator(".cx-role input").fill(role)
    page.locator(START).click()
    page.wait_for_selector(ANSWER, state="visible")


def give(page, answer: int | str) -> None:
    """Click an answer button and wait until the page has moved on (the answer is then saved)."""
    before = current_question(page)
    count = progress(page)
    page.locator(f"button.cx-answer-{answer}").click()
    page.wait_for_function(
        "([q, n]) => { const c = document.querySelector('[data-question]');"
        " const p = document.querySelector('.cx-progress-label');"
        " return c && p && (c.dataset.question !== q || !p.textContent.startsWith(n + ' '))}",
        arg=[before, count])


def progress(page) -> int:
    text = page.locator(".cx-progress-label").inner_text()
    return int(re.match(r"\s*(\d+)", text).group(1))


def test_participant_answers_reloads_and_finds_them_kept(voila_server, new_page, open_app, screenshot):
    page = new_page()
    open_app(page, voila_server.url("workshop"), START)
    assert "Aurora Telecom" in page.locator(".cx-header").text_content()
    assert page.title() == "Aurora Telecom · Customer-experience diagnostic"
    screenshot(page, "welcome")

    page.locator(".cx-name input").fill("Marta Reis")
    page.locator(".cx-role input").fill("Team leader")
    page.locator(START).click()
    page.wait_for_selector(ANSWER, state="visible")
    assert current_question(page) == "P1"
    for answer in (3, "dk", 1):
        give(page, answer)
    assert current_question(page) == "P4"
    assert progress(page) == 3
    page.wait_for_function("() => location.search.includes('key=')")
    screenshot(page, "question")

    store = ResponseStore(voila_server.engagement_path)
    marta = store.respondents().set_index("name").loc["Marta Reis"]
    assert store.answer_map(int(marta["id"])) == {"P1": 3, "P2": "dk", "P3": 1}

    open_app(page, page.url, ANSWER)  # same address, now with ?key=...: a new kernel resumes the participant
    assert progress(page) == 3
    assert current_question(page) == "P4"
    assert "Marta Reis" in page.locator(".cx-header").text_content()
    page.locator("button.cx-back").click()
    page.wait_for_function("() => document.querySelector('[data-question]').dataset.question === 'P3'")
    assert "mod-primary" in page.locator("button.cx-answer-1").get_attribute("class")
    screenshot(page, "resumed")


def test_two_participants_stored_apart_and_counted(voila_server, new_page, open_app, screenshot):
    ana, ben = new_page(), new_page(width=420, height=860)  # a laptop and a phone
    join(ana, open_app, voila_server.url("workshop"), "Ana Lima", "Agent")
    join(ben, open_app, voila_server.url("workshop"), "Ben Okafor", "CFO")
    for a, b in [(4, 0), (3, 1), (2, "dk")]:  # interleaved, as in a room
        give(ana, a)
        give(ben, b)
    screenshot(ben, "phone-question")

    facilitator = new_page(width=1280, height=1500)
    open_app(facilitator, voila_server.url("facilitator"), ".cx-facilitator .cx-index")
    assert facilitator.title() == "Aurora Telecom · workshop results"
    assert "2 participant(s)" in facilitator.locator(".cx-header").text_content()

    give(ana, 4)  # a fourth answer arrives; Refresh picks it up without a restart
    facilitator.locator("button.cx-refresh").click()
    facilitator.wait_for_function("() => document.querySelector('.cx-header').textContent.includes('7 answer(s)')")
    facilitator.wait_for_selector(".cx-area-chart img, img.cx-area-chart", state="visible")

    store = ResponseStore(voila_server.engagement_path)
    frame = store.answers()
    mine = {name: dict(zip(g["question"], g["answer"])) for name, g in frame.groupby("respondent")}
    assert mine == {"Ana Lima": {"P1": 4, "P2": 3, "P3": 2, "P4": 4}, "Ben Okafor": {"P1": 0, "P2": 1, "P3": "dk"}}
    assert set(zip(frame["respondent"], frame["role"])) == {("Ana Lima", "Agent"), ("Ben Okafor", "CFO")}
    # The index shown is the model's index for exactly these answers (people area only):
    # hand-worked: Ana 4,3,2,4 and Ben 0,1 -> mean 14/6 = 2.333 -> 58.3/100.
    expected = score(frame).index
    assert expected == pytest.approx(14 / 6 / 4 * 100)
    assert facilitator.locator(".cx-index").inner_text().strip() == f"{expected:.0f}"
    screenshot(facilitator, "facilitator")

    facilitator.locator("button.cx-export").click()
    facilitator.wait_for_function("() => document.querySelector('.cx-status').textContent.includes('Exported')")
    exported = (voila_server.engagement_path / "responses.csv").read_text()
    assert "Ana Lima,Agent,P4,4" in exported and "Ben Okafor,CFO,P3,dk" in exported


def test_wrong_or_missing_token_is_refused(voila_server, new_page):
    for url in (voila_server.url("workshop", token="not-the-token"), voila_server.url("facilitator", token=None)):
        request = urllib.request.Request(url)
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as info:
            opener.open(request, timeout=10)
        assert info.value.code in (302, 401, 403)
        if info.value.code == 302:
            assert "login" in info.value.headers["Location"]

    page = new_page()
    page.goto(voila_server.url("facilitator", token="not-the-token"))
    page.wait_for_load_state("domcontentloaded")
    assert "/login" in page.url
    assert page.locator(".cx-app").count() == 0
    assert "Aurora" not in page.content()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
