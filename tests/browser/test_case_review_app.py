"""The case-review app in a real voila server and chromium, on the Aurora sample: with the facilitator
secret a team leader reviews one case (steps, note, save); after a reload the review is still there and
the team's scorecard shows it; on a phone (375 px) the labels and buttons stay on screen; with the
participant secret the app is refused."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cxconsult.complaints_store import ComplaintsStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PARTICIPANT = "participant-secret-for-case-review"
START = "button.cx-start"
CARD = ".cx-case-review .cx-card [data-case]"
TEAM = "Billing care"  # no RESOLVED checklist in the log: the scorecard comes from the review alone
ACTIVE = re.compile(r"\bmod-active\b")
CHOICE = {"done": 0, "not_done": 1, "na": 2}  # button order in each step row


@pytest.fixture
def room(start_voila, engagement_copy):
    return start_voila(engagement_copy, participant_token=PARTICIPANT)


def begin(page, open_app, url: str, name: str, team: str) -> str:
    open_app(page, url, START)
    page.locator(".cx-reviewer input").fill(name)
    page.locator(".cx-team select").select_option(team)
    page.locator(START).click()
    page.wait_for_selector(CARD, state="visible")
    page.wait_for_selector(".cx-progress-label [data-reviewed]", state="attached")
    page.wait_for_selector(".cx-scorecard .cx-section", state="attached")
    return page.locator(CARD).get_attribute("data-case")


def mark(page, step: str, choice: str) -> None:
    page.locator(f".cx-step-{step} button").nth(CHOICE[choice]).click()


def share(page, step: str) -> str:
    return page.locator(f'.cx-scorecard tr[data-step="{step}"]').get_attribute("data-share")


def test_review_a_case_reload_and_see_it_saved(room, new_page, open_app, screenshot):
    from playwright.sync_api import expect

    page = new_page(width=1280, height=1400)
    case = begin(page, open_app, room.url("case_review"), "Rita Gomes", TEAM)
    assert page.title() == "Aurora Telecom · Case review"
    expect(page.locator(".cx-progress-label [data-reviewed]")).to_have_attribute("data-reviewed", "0")
    assert "No case of this team has been checked yet." in page.locator(".cx-scorecard").inner_text()
    facts = page.locator(".cx-facts").inner_text()
    assert "Opened" in facts and "Root cause" in facts and "Recontacts" in facts

    mark(page, "R", "done")
    page.wait_for_function("() => document.querySelector('.cx-scorecard tr[data-step=\"R\"]')?.dataset.share === '1.0000'")
    mark(page, "E", "not_done")
    for step in ("S", "L", "V", "E2", "D"):
        mark(page, step, "done")
    mark(page, "O", "na")
    page.locator(".cx-note textarea").fill("Apology missing on the first call")
    page.wait_for_timeout(300)  # the note reaches the kernel on input
    page.locator("button.cx-save").click()
    page.wait_for_function("(c) => document.querySelector('.cx-card [data-case]').dataset.case !== c", arg=case)
    expect(page.locator(".cx-progress-label [data-reviewed]")).to_have_attribute("data-reviewed", "1")
    expect(page.locator(".cx-status")).to_have_text("Saved.")
    screenshot(page, "after-save")

    saved = ComplaintsStore(room.engagement_path).review_table()
    assert saved["case_id"].tolist() == [case] and saved["reviewer"].tolist() == ["Rita Gomes"]
    assert saved["note"].tolist() == ["Apology missing on the first call"]
    assert not saved["E"].iloc[0] and saved["R"].iloc[0] and str(saved["O"].iloc[0]) == "<NA>"

    # reload: a fresh kernel, the same sample, the review kept and counted in the scorecard
    page.reload(wait_until="domcontentloaded")
    begin(page, open_app, page.url, "Rita Gomes", TEAM)
    expect(page.locator(".cx-progress-label [data-reviewed]")).to_have_attribute("data-reviewed", "1")
    expect(page.locator(".cx-scorecard [data-cases]")).to_have_attribute("data-cases", "1")
    assert share(page, "R") == "1.0000" and share(page, "E") == "0.0000" and share(page, "O") == ""
    page.locator("button.cx-back").click()
    page.wait_for_function("(c) => document.querySelector('.cx-card [data-case]').dataset.case === c", arg=case)
    # the toggles follow the card a moment later (one widget message each): wait for them
    expect(page.locator(".cx-step-R button").nth(0)).to_have_class(ACTIVE)
    expect(page.locator(".cx-step-E button").nth(1)).to_have_class(ACTIVE)
    expect(page.locator(".cx-step-O button").nth(2)).to_have_class(ACTIVE)
    expect(page.locator(".cx-note textarea")).to_have_value("Apology missing on the first call")
    screenshot(page, "after-reload")


def test_phone_layout_keeps_labels_and_buttons_on_screen(room, new_page, open_app, screenshot):
    page = new_page(width=375, height=812)
    begin(page, open_app, room.url("case_review"), "Rita Gomes", TEAM)
    for selector in (".cx-step-R .cx-step-label", ".cx-step-E2 button >> nth=2", ".cx-step-D button >> nth=1",
                     "button.cx-save", "button.cx-back", ".cx-note textarea", ".cx-facts"):
        target = page.locator(selector).first
        target.scroll_into_view_if_needed()
        box = target.bounding_box()
        assert box is not None and box["width"] > 0, selector
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375 + 0.5, (selector, box)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 376  # no sideways scrolling
    assert "Not applicable" in page.locator(".cx-step-E2").inner_text()
    screenshot(page, "phone")


def test_participant_secret_is_refused(room, new_page):
    page = new_page()
    response = page.goto(f"{room.base}/voila/render/case_review.ipynb?token={PARTICIPANT}")
    assert response.status == 403
    assert page.locator(".cx-app").count() == 0 and "Aurora" not in page.content()
    assert not ComplaintsStore(room.engagement_path).exists() or ComplaintsStore(room.engagement_path).reviews().empty


HOSTILE = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "hostile-corp"
# a live payload: an on... handler that IS a payload (the app's own title setter only carries the escaped
# client name inside a string), a javascript: link, or a script with a payload
LIVE = """() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
  .filter(a => (a.name.startsWith('on') && /^\\s*console\\.log\\(/.test(a.value)) || /^\\s*javascript:/i.test(a.value))
  .map(a => el.tagName + ' ' + a.name)).concat([...document.querySelectorAll('script')]
  .filter(s => s.textContent.includes('cx-injected')).map(() => 'script'))"""


def test_hostile_log_and_reviewer_are_shown_as_text(start_voila, new_page, open_app, tmp_path):
    """The hostile fixture's complaint log (payloads in team, category, root cause, outcome) and a hostile
    reviewer name typed in: shown as text, nothing runs (no dialog, no console mark, no live element)."""
    folder = tmp_path / "hostile-corp"
    shutil.copytree(HOSTILE, folder)
    server = start_voila(folder)
    page = new_page(width=1280, height=1400)
    dialogs, marks = [], []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: marks.append(message.text) if "cx-injected" in message.text else None)
    open_app(page, server.url("case_review"), START)
    team = page.locator(".cx-team select option").nth(1).get_attribute("value")
    assert "cx-injected:complaint-team" in team
    begin(page, open_app, page.url, "<svg onload=\"console.log('cx-injected:reviewer');alert(1)\">", team)
    mark(page, "R", "done")
    page.wait_for_function("() => document.querySelector('.cx-scorecard tr[data-step=\"R\"]') !== null")
    page.wait_for_timeout(1000)
    text = page.locator(".cx-app").first.text_content()
    assert "cx-injected:complaint-team" in text and "cx-injected:reviewer" in text  # shown, as text
    assert "cx-injected:complaint-root_cause" in page.locator(".cx-facts").text_content()
    assert page.evaluate(LIVE) == [] and dialogs == [] and marks == []
