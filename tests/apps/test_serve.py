"""The server command line and URLs (pure), then a real room server on 127.0.0.1: roles, light page, API,
logout and the kernel shutdown beacon (voila issue 1458), over plain HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import papermill
import pytest

from cxconsult.apps.serve import (
    ServeError,
    app_url,
    available_apps,
    build_voila_command,
    is_loopback,
    participant_url,
    serve_message,
    voila_environment,
)
from cxconsult.resources import resource_path


def test_loopback_command_has_culling_timeout_and_denylist():
    command = build_voila_command(port=9001)
    assert command[1:3] == ["-m", "cxconsult.apps.room"] and Path(command[3]) == resource_path("notebooks/apps")
    assert "--Voila.ip=127.0.0.1" in command and "--port=9001" in command
    # a tab closed without its shutdown beacon frees its kernel within 40 + 15 s
    assert "--MappingKernelManager.cull_idle_timeout=40" in command
    assert "--MappingKernelManager.cull_interval=15" in command
    assert "--VoilaExecutor.timeout=120" in command
    assert "--VoilaConfiguration.extension_denylist=jupyterlab-plotly" in command
    assert "--pool_size=0" in command and "--preheat_kernel=False" in command
    assert not any(part.startswith("--token") for part in command)


def test_open_address_requires_a_token():
    with pytest.raises(ServeError, match="token is required"):
        build_voila_command(ip="0.0.0.0", port=9001)
    command = build_voila_command(ip="0.0.0.0", port=9001, token="s3cret", preheat=True, pool_size=2)
    assert "--token=s3cret" in command and "--pool_size=2" in command and "--preheat_kernel=True" in command
    command = build_voila_command(port=9001, token="facil", participant_token="room")
    assert "--token=facil" in command and "--RoomIdentityProvider.participant_token=room" in command
    with pytest.raises(ServeError, match="differ"):
        build_voila_command(port=9001, token="same", participant_token="same")


@pytest.mark.parametrize("ip, expected", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                          ("0.0.0.0", False), ("192.168.1.20", False), ("example.org", False)])
def test_is_loopback(ip, expected):
    assert is_loopback(ip) is expected


def test_bad_port():
    with pytest.raises(ServeError, match="port"):
        build_voila_command(port=0)


def test_urls_and_environment(tmp_path: Path):
    assert app_url("facilitator", port=9001, token="t") == "http://127.0.0.1:9001/voila/render/facilitator.ipynb?token=t"
    assert app_url("workshop", port=9001) == "http://127.0.0.1:9001/voila/render/workshop.ipynb"
    assert participant_url(port=9001, token="r") == "http://127.0.0.1:9001/workshop?token=r"
    assert voila_environment(tmp_path)["CXCONSULT_ENGAGEMENT"] == str(tmp_path.resolve())
    assert voila_environment(tmp_path, "http://x/workshop?token=r")["CXCONSULT_PARTICIPANT_URL"] == "http://x/workshop?token=r"
    assert {"workshop", "facilitator"} <= set(available_apps())


@pytest.mark.parametrize("name", ["workshop", "facilitator"])
def test_app_notebooks_are_thin(name):
    path = resource_path(f"notebooks/apps/{name}.ipynb")
    params = papermill.inspect_notebook(str(path))
    assert list(params) == ["engagement_path"]
    assert json.loads(params["engagement_path"]["default"]) == "../../data/engagements/aurora-telecom"
    cells = json.loads(path.read_text())["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "def " not in code and "class " not in code and f"build_{name}" in code


def test_printed_message_in_the_engagement_language():
    links = {"outlook": "http://h/o?token=F", "facilitator": "http://h/f?token=F"}
    text = serve_message("Acme", "/e/acme", "http://h/workshop?token=P", links, "fr")
    lines = text.splitlines()
    assert lines[1] == "Participants (montrez ce lien ou son QR code à la salle)\u00a0:"
    assert lines[2] == "  http://h/workshop?token=P"
    assert lines[4].split() == ["facilitator", "http://h/f?token=F"]  # the facilitator view first
    assert lines[-1] == "Appuyez sur Ctrl-C pour arrêter."


# -- a real server --------------------------------------------------------------------------------
import http.cookiejar  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import urllib.error  # noqa: E402
import urllib.parse  # noqa: E402
import urllib.request  # noqa: E402

from cxconsult.apps.serve import free_port, wait_until_ready  # noqa: E402
from cxconsult.store import ResponseStore  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "engagements" / "aurora-telecom"
FACILITATOR, PARTICIPANT = "facilitator-secret-123", "room-secret-456"


class Client:
    """One visitor: its own cookies, like a browser."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar),
                                                  _NoRedirect())
        self.xsrf = ""

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, data=body, headers=headers, method="POST")
        try:
            with self.opener.open(request, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")

    def api(self, action: str, **body) -> tuple[int, dict]:
        status, text = self.post(f"/room/api/{action}", json.dumps(body).encode(),
                                 {"Content-Type": "application/json", "X-XSRFToken": self.xsrf})
        try:
            return status, json.loads(text)
        except ValueError:
            return status, {"text": text}

    def open_page(self, token: str = PARTICIPANT, lang: str = "") -> dict:
        status, page = self.get(f"/workshop?token={token}" + (f"&lang={lang}" if lang else ""))
        assert status == 200, page[:300]
        data = json.loads(re.search(r'<script type="application/json" id="cx-data">(.*?)</script>', page, re.S)[1])
        self.xsrf = data["xsrf"]
        data["html"] = page
        return data

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    engagement = tmp_path_factory.mktemp("room") / "aurora-telecom"
    shutil.copytree(SAMPLE, engagement, ignore=shutil.ignore_patterns("responses.db*"))
    yaml = engagement / "engagement.yaml"
    yaml.write_text(yaml.read_text().replace("client: Aurora Telecom", 'client: "Aurora <script>alert(1)</script>"')
                    + "roles: [Agent, Supervisor, <b>CFO</b>]\n")
    port = free_port()
    command = build_voila_command(port=port, token=FACILITATOR, participant_token=PARTICIPANT, python=sys.executable)
    log = open(engagement.parent / "server.log", "wb")
    process = subprocess.Popen(command, env=voila_environment(engagement), stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True, cwd=engagement.parent)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(base + "/workshop", timeout_s=60, process=process)
        yield base, engagement
    finally:
        import os
        import signal

        os.killpg(process.pid, signal.SIGTERM)
        process.wait(15)
        log.close()


@pytest.mark.slow
@pytest.mark.parametrize("path", ["/", "/voila/tree", "/voila/tree/", "/voila/render/facilitator.ipynb",
                                  "/voila/render/outlook.ipynb", "/voila/render/retention.ipynb",
                                  "/voila/render/service_profit_chain.ipynb",
                                  "/voila/render/touchpoints_facilitator.ipynb",
                                  "/voila/api/contents", "/voila/files/facilitator.ipynb",
                                  "/voila/render/../facilitator.ipynb", "/voila/render/workshop.ipynb/../facilitator.ipynb",
                                  "/api/kernels", "/api/sessions"])
def test_participant_secret_is_refused_everything_but_the_room(room, path):
    base, _ = room
    visitor = Client(base)
    visitor.open_page()  # holds the participant cookie from now on
    status, _ = visitor.get(path)
    assert status in (403, 404), (path, status)
    status, _ = visitor.get(path + ("&" if "?" in path else "?") + f"token={PARTICIPANT}")
    assert status in (403, 404), (path, status)


@pytest.mark.slow
def test_facilitator_secret_opens_the_list_and_a_wrong_one_nothing(room):
    base, _ = room
    facilitator = Client(base)
    assert facilitator.get(f"/voila/tree?token={FACILITATOR}")[0] == 200
    status, listing = facilitator.get("/voila/api/contents")  # what the tree page shows
    assert status == 200 and "facilitator.ipynb" in listing
    stranger = Client(base)
    assert stranger.get("/workshop?token=wrong")[0] in (302, 403)
    assert stranger.get("/voila/tree?token=wrong")[0] in (302, 403)
    assert stranger.api("join", name="X", role="Agent")[0] == 403


@pytest.mark.slow
def test_logout_forgets_the_secret(room):
    base, _ = room
    visitor = Client(base)
    visitor.open_page()
    assert visitor.get("/workshop")[0] == 200  # the cookie alone is enough
    status, page = visitor.get("/logout")
    assert status == 200 and "signed out" in page
    assert visitor.get("/workshop")[0] == 302  # back to the login page


@pytest.mark.slow
def test_light_page_join_answer_resume_and_escaping(room):
    base, engagement = room
    ana = Client(base)
    data = ana.open_page(lang="pt-PT")
    html = data["html"]
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<option value="&lt;b&gt;CFO&lt;/b&gt;">&lt;b&gt;CFO&lt;/b&gt;</option>' in html
    assert '<option value="other">Outra</option>' in html and data["texts"]["start"] == "Começar"
    block = html.split('id="cx-data">')[1].split("</script>")[0]
    assert data["questions"][0]["id"] == "P1" and "<" not in block and ">" not in block  # JSON cannot end the script
    status, who = ana.api("join", name="<img src=x onerror=alert(1)>", role="<b>CFO</b>", language="pt-PT")
    assert status == 200 and len(who["key"]) >= 24 and re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", who["code"])
    assert ana.api("join", name="Ben", role="CEO")[0] == 400  # not in the engagement's list
    assert ana.api("answer", key=who["key"], question="P1", answer=3) == (200, {"saved": "P1"})
    assert ana.api("answer", key=who["key"], question="P2", answer="dk")[0] == 200
    assert ana.api("answer", key=who["key"], question="P3", answer=7)[0] == 400
    assert ana.api("answer", key="guess", question="P3", answer=1)[0] == 400
    # another device: the short code reopens the answers; the name does not
    phone = Client(base)
    phone.open_page()
    status, again = phone.api("resume", key=who["code"].lower())
    assert status == 200 and again["answers"] == {"P1": "3", "P2": "dk"}
    store = ResponseStore(engagement)
    person = store.resume(who["key"])
    assert person.role == "<b>CFO</b>" and store.answer_map(person.id) == {"P1": 3, "P2": "dk"}
    # an API call without the page's _xsrf is refused
    assert ana.post("/room/api/answer", b"{}", {"Content-Type": "application/json"})[0] == 403


@pytest.mark.slow
def test_closed_tab_frees_its_kernel_and_participants_cannot_reach_other_kernels(room):
    """voila issue 1458: the page's beacon carries the _xsrf cookie; voila never set it, so it got 403."""
    base, _ = room
    visitor = Client(base)
    status, page = visitor.get(f"/voila/render/workshop.ipynb?token={PARTICIPANT}")
    assert status == 200
    kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)[1]
    xsrf = visitor.cookie("_xsrf")
    assert xsrf, "the page must set the _xsrf cookie the beacon sends"
    facilitator = Client(base)
    status, page = facilitator.get(f"/voila/render/facilitator.ipynb?token={FACILITATOR}")
    assert status == 200
    other = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)[1]
    boundary = "----cx"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"_xsrf\"\r\n\r\n{xsrf}\r\n--{boundary}--\r\n").encode()
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    assert visitor.post(f"/voila/api/shutdown/{other}", form, headers)[0] == 403  # not the participant's kernel
    assert visitor.get(f"/api/kernels/{other}")[0] == 403
    assert visitor.get(f"/api/kernels/{kernel}")[0] == 200
    assert visitor.post(f"/voila/api/shutdown/{kernel}", form, headers)[0] == 204  # what the closing tab sends
    assert visitor.get(f"/api/kernels/{kernel}")[0] == 404
    assert facilitator.get(f"/api/kernels/{other}")[0] == 200
