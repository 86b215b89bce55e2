"""Roles in a real room server, tried with chromium as a participant would: with the participant secret
every facilitator page, explorer, notebook list, file or contents API is refused (no app, no client
data, no Export button); the room's page works; another engagement cannot be reached; /logout works."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PARTICIPANT = "participant-secret-for-roles"
REFUSED = ["/", "/voila/tree", "/voila/tree/", "/voila/render/facilitator.ipynb", "/voila/render/outlook.ipynb",
           "/voila/render/retention.ipynb", "/voila/render/service_profit_chain.ipynb",
           "/voila/render/touchpoints_facilitator.ipynb", "/voila/api/contents", "/voila/api/contents/facilitator.ipynb",
           "/voila/files/facilitator.ipynb", "/api/kernels", "/voila/render/%2E%2E/facilitator.ipynb"]


@pytest.fixture
def room(start_voila, engagement_copy):
    return start_voila(engagement_copy, participant_token=PARTICIPANT)


def test_participant_secret_is_refused_every_facilitator_page(room, new_page, screenshot):
    page = new_page()
    response = page.goto(f"{room.base}/workshop?token={PARTICIPANT}")
    assert response.status == 200 and page.locator("#cx-start").is_visible()
    for path in REFUSED:
        for query in ("", f"?token={PARTICIPANT}"):  # with the cookie alone, and with the secret again
            response = page.goto(f"{room.base}{path}{query}")
            assert response.status in (403, 404), (path, query, response.status)
            page.wait_for_load_state("domcontentloaded")
            assert page.locator(".cx-app").count() == 0, path
            assert page.locator("button.cx-export").count() == 0, path
            assert "facilitator.ipynb" not in page.content(), path
            assert "Aurora" not in page.content(), path  # no client data on a refused page
    screenshot(page, "refused")


def test_participant_cannot_reach_another_engagement(room, new_page, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "engagement.yaml").write_text("client: Someone Else\ndate: 2026-01-01\n")
    page = new_page()
    for url in (f"{room.base}/workshop?token={PARTICIPANT}&engagement={other}",
                f"{room.base}/workshop?token={PARTICIPANT}&engagement_path={other}"):
        page.goto(url)
        assert "Aurora Telecom" in page.locator(".cx-header").text_content()
        assert "Someone Else" not in page.content()
    page.goto(f"{room.base}/voila/render/workshop.ipynb?token={PARTICIPANT}&engagement_path={other}")
    page.wait_for_selector("button.cx-start", state="visible", timeout=60_000)
    assert "Aurora Telecom" in page.locator(".cx-header").first.text_content() and "Someone Else" not in page.content()


def test_logout_works_and_the_facilitator_secret_opens_everything(room, new_page):
    page = new_page()
    page.goto(f"{room.base}/workshop?token={PARTICIPANT}")
    response = page.goto(f"{room.base}/logout")
    assert response.status == 200 and "signed out" in page.content()
    page.goto(f"{room.base}/workshop")
    assert "/login" in page.url and page.locator("#cx-start").count() == 0

    facilitator = new_page()
    facilitator.goto(room.url("facilitator"))
    facilitator.wait_for_selector("button.cx-export", state="visible", timeout=60_000)
    response = facilitator.goto(f"{room.base}/voila/tree")
    assert response.status == 200
