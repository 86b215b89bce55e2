"""The workshop in a real room server driven by chromium: the light participant page (laptop and 375 px
phone), answers kept across reloads and devices, the facilitator's projector view following the room by
itself, the export preview, and the voila participant notebook's kernel freed when its tab closes."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

import pytest

from cxconsult.diagnostic import score
from cxconsult.store import ResponseStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PARTICIPANT = "room-secret-for-tests"
ANSWER = "button.cx-answer-0"


@pytest.fixture
def room(start_voila, engagement_copy):
    return start_voila(engagement_copy, participant_token=PARTICIPANT)


def room_url(server, **query: str) -> str:
    params = {"token": PARTICIPANT, **query}
    return f"{server.base}/workshop?" + "&".join(f"{k}={v}" for k, v in params.items())


def current_question(page) -> str:
    return page.locator("[data-question]").get_attribute("data-question")


def progress(page) -> int:
    return int(re.match(r"\s*(\d+)", page.locator(".cx-progress-label").inner_text()).group(1))


def join(page, url: str, name: str, role: str) -> None:
    page.goto(url)
    page.locator("#cx-name").fill(name)
    page.select_option("#cx-role", role)
    page.locator("#cx-start").click()
    page.wait_for_selector(ANSWER, state="visible")


def give(page, answer: int | str) -> None:
    """Click an answer and wait until the server has it (the page says Saved or Thank you)."""
    before = progress(page)
    page.locator(f"button.cx-answer-{answer}").click()
    page.wait_for_function("n => parseInt(document.querySelector('.cx-progress-label').textContent) !== n", arg=before)
    page.wait_for_function("() => { const s = document.querySelector('#cx-status');"
                           " return s.classList.contains('cx-ok') && s.textContent.trim() !== '' }")


def visible_in(page, selector: str, width: int, height: int) -> None:
    """Every element of ``selector`` is inside the viewport and not clipped (its text fits its box)."""
    for i in range(page.locator(selector).count()):
        element = page.locator(selector).nth(i)
        box = element.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, (selector, i, box)
        assert box["y"] + box["height"] <= height, (selector, i, box)
        assert element.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), (selector, i, "clipped")


def test_participant_answers_reloads_and_resumes_on_a_phone(room, new_page, screenshot):
    page = new_page(width=375, height=667)
    page.goto(room_url(room, lang="fr"))
    assert "Aurora Telecom" in page.locator(".cx-header").text_content()
    assert page.locator("#cx-start").inner_text() == "Commencer"
    visible_in(page, ".cx-label", 375, 667)  # "Votre fonction" whole, not "Votre fonct"
    screenshot(page, "phone-welcome")
    page.locator("#cx-name").fill("Marta <b>Reis</b>")
    page.select_option("#cx-role", "Team leader")
    page.locator("#cx-start").click()
    page.wait_for_selector(ANSWER, state="visible")
    assert current_question(page) == "P1"
    visible_in(page, "button.cx-answer", 375, 667)  # all six answers above the fold on a phone
    assert page.locator(".cx-question").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 16
    for answer in (3, "dk", 1):
        give(page, answer)
    assert current_question(page) == "P4" and progress(page) == 3
    assert "Marta <b>Reis</b>" == page.locator("#cx-who").inner_text()  # shown as text, not markup
    screenshot(page, "phone-question")

    store = ResponseStore(room.engagement_path)
    marta = store.respondents().set_index("name").loc["Marta <b>Reis</b>"]
    assert marta["role"] == "Team leader"
    assert store.answer_map(int(marta["id"])) == {"P1": 3, "P2": "dk", "P3": 1}

    page.reload()  # the address now holds ?key=...: the page resumes
    page.wait_for_selector(ANSWER, state="visible")
    assert progress(page) == 3 and current_question(page) == "P4"
    page.locator("button.cx-back").click()
    assert current_question(page) == "P3" and "cx-chosen" in page.locator("button.cx-answer-1").get_attribute("class")

    code = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", page.locator("#cx-code-note").inner_text())[0]
    laptop = new_page()  # another device: the code, not the name, reopens the answers
    laptop.goto(room_url(room))
    laptop.locator(".cx-resume summary").click()
    laptop.locator("#cx-code").fill(code.lower())
    laptop.locator("#cx-resume").click()
    laptop.wait_for_selector(ANSWER, state="visible")
    assert progress(laptop) == 3
    screenshot(page, "resumed")


def test_room_results_follow_by_themselves_on_a_projector(room, new_page, screenshot):
    facilitator = new_page(width=1920, height=1080)
    facilitator.goto(room.url("facilitator"))
    facilitator.wait_for_selector(".cx-start-screen svg", state="visible", timeout=60_000)
    link = facilitator.locator(".cx-link").inner_text()
    assert link.endswith(f"/workshop?token={PARTICIPANT}") and room.token not in link
    screenshot(facilitator, "start-screen", full_page=False)

    ana, ben = new_page(), new_page(width=375, height=667)
    join(ana, room_url(room), "Ana Lima", "Frontline agent")
    join(ben, room_url(room), "Ben Okafor", "Executive")
    for a, b in [(4, 0), (3, 1), (2, "dk")]:  # interleaved, as in a room
        give(ana, a)
        give(ben, b)
    # no button pressed: the page refreshes itself every 5 s
    facilitator.wait_for_selector(".cx-facilitator .cx-index", state="visible", timeout=30_000)
    facilitator.wait_for_function("() => document.querySelector('.cx-header').textContent.includes('6 answers')",
                                  timeout=30_000)
    give(ana, 4)
    started = time.monotonic()
    facilitator.wait_for_function("() => document.querySelector('.cx-header').textContent.includes('7 answers')",
                                  timeout=30_000)
    assert time.monotonic() - started < 12

    frame = ResponseStore(room.engagement_path).answers()
    expected = score(frame).index  # hand-worked: 4,3,2,4 and 0,1 -> mean 14/6 = 2.333 -> 58.3/100
    assert expected == pytest.approx(14 / 6 / 4 * 100)
    assert facilitator.locator(".cx-index").inner_text().strip() == f"{expected:.0f}"
    # projector: the page fills 1920 px and the heat map shows the questions' wording in legible type
    width = facilitator.locator(".cx-facilitator").evaluate("e => e.getBoundingClientRect().width")
    assert width > 1800
    row = facilitator.locator('.cx-heat tr[data-question="P1"]')
    assert "Have you defined the experience" in row.inner_text()
    assert row.locator("td").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 17
    p3 = facilitator.locator('.cx-heat tr[data-question="P3"] td.cx-cell')
    texts = [p3.nth(i).inner_text() for i in range(p3.count())]  # Executive (dk) and Frontline agent (2)
    assert any(t.startswith("?") and "? 1" in t for t in texts) and any(t.startswith("50") for t in texts)
    p5 = facilitator.locator('.cx-heat tr[data-question="P5"] td.cx-cell')
    assert all(p5.nth(i).inner_text().startswith("–") for i in range(p5.count()))  # nobody answered yet
    screenshot(facilitator, "projector", full_page=False)

    facilitator.locator("button.cx-export").click()
    facilitator.wait_for_function("() => document.querySelector('.cx-status').textContent.includes('7 answers added')")
    before = (room.engagement_path / "responses.csv").read_text()
    assert "Ana Lima" not in before  # nothing written before the facilitator confirms
    facilitator.locator("button.cx-confirm-export").click()
    facilitator.wait_for_function("() => document.querySelector('.cx-status').textContent.includes('history/')")
    exported = (room.engagement_path / "responses.csv").read_text()
    assert exported.startswith(before) and exported.count("Ana Lima [") == 4 and exported.count("Ben Okafor [") == 3


def test_closed_voila_tab_frees_its_kernel(room, new_page):
    """voila issue 1458: the shutdown beacon was refused (403, no _xsrf cookie); now the kernel goes."""
    def kernels() -> list[str]:
        request = urllib.request.Request(f"{room.base}/voila/api/contents?token={room.token}")
        urllib.request.urlopen(request, timeout=10).read()  # the server answers
        return re.findall(r"Kernel started: ([0-9a-f-]{36})", room.log()), re.findall(
            r"Kernel shutdown: ([0-9a-f-]{36})", room.log())

    page = new_page(width=375, height=667)
    page.goto(f"{room.base}/voila/render/workshop.ipynb?token={PARTICIPANT}")
    page.wait_for_selector("button.cx-start", state="visible", timeout=60_000)
    visible_in(page, ".cx-field > .widget-label", 375, 667)  # the voila form keeps its labels on a phone
    started, _ = kernels()
    assert started
    page.close(run_before_unload=True)  # closing the tab sends the beacon
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not set(started) <= set(kernels()[1]):
        time.sleep(0.5)
    assert set(started) <= set(kernels()[1]), room.log()[-2000:]


def test_wrong_or_missing_token_is_refused(room, new_page):
    for url in (room_url(room, token="not-the-token"), room.url("facilitator", token=None)):
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as info:
            opener.open(urllib.request.Request(url), timeout=10)
        assert info.value.code in (302, 401, 403)
    page = new_page()
    page.goto(room.url("facilitator", token="not-the-token"))
    page.wait_for_load_state("domcontentloaded")
    assert "/login" in page.url and page.locator(".cx-app").count() == 0 and "Aurora" not in page.content()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
