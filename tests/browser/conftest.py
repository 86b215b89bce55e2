"""Browser-test harness for every cxconsult voila app: a real voila server plus Debian's chromium.

Fixtures
--------
``chromium_path``      /usr/bin/chromium (or ``$CX_CHROMIUM``); missing -> skip, or fail when ``CI=true``.
``engagement_copy``    a copy of the sample engagement in ``tmp_path`` (tests never write into the repo).
``voila_server``       a voila server on 127.0.0.1, free port, random token, serving the app notebooks for
                       ``engagement_copy``; killed (whole process group) at teardown.
``start_voila``        factory: ``start_voila(engagement_path, **build_voila_command_kwargs) -> VoilaServer``.
``browser``            a Playwright chromium (sync API), launched from ``chromium_path``; never
                       ``playwright install``.
``new_page``           factory: a page in a fresh browser context (separate cookies = separate visitor).
``open_app``           ``open_app(page, url, ready_selector)``: navigate and wait until the app is
                       interactive, with one retry for voila's known stuck load ("Executing 1 of 2").
``screenshot``         ``screenshot(page, "name")`` -> PNG in the artefacts folder
                       (``$CX_ARTIFACTS`` or ``tests/artifacts/``), named after the test.

Every test in ``tests/browser/`` is marked ``browser`` and ``slow``.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from cxconsult.apps.serve import build_voila_command, free_port, voila_environment, wait_until_ready

REPO = Path(__file__).resolve().parents[2]
SAMPLE_ENGAGEMENT = REPO / "data" / "engagements" / "aurora-telecom"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOAD_TIMEOUT_MS = 45_000  # a first voila render takes 2-4 s here; stuck loads never finish


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


def artifacts_dir() -> Path:
    """Where screenshots go: ``$CX_ARTIFACTS`` or ``tests/artifacts/`` (git-ignored)."""
    folder = Path(os.environ.get("CX_ARTIFACTS") or REPO / "tests" / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).is_file():
        reason = f"chromium not found at {path} (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason}; CI must install it", pytrace=False)
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("playwright is not installed; CI must install it", pytrace=False)
        pytest.skip("playwright is not installed (pip install playwright; no `playwright install` needed)")
    return path


@dataclass
class VoilaServer:
    """A running voila server: ``url(app, token=..., **query)`` builds page addresses."""

    process: subprocess.Popen
    port: int
    token: str
    engagement_path: Path
    log_path: Path
    urls: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, app: str = "workshop", token: str | None = "", **query: str) -> str:
        """Address of ``app``; ``token=""`` uses the server's token, None leaves it out."""
        params = dict(query)
        if token is not None:
            params = {"token": token or self.token, **params}
        qs = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{self.base}/voila/render/{app}.ipynb" + (f"?{qs}" if qs else "")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait(5)


@pytest.fixture
def engagement_copy(tmp_path: Path) -> Path:
    target = tmp_path / "aurora-telecom"
    shutil.copytree(SAMPLE_ENGAGEMENT, target, ignore=shutil.ignore_patterns("responses.db*"))
    return target


@pytest.fixture
def start_voila(tmp_path: Path) -> Iterator[Callable[..., VoilaServer]]:
    servers: list[VoilaServer] = []

    def start(engagement_path: Path, **options) -> VoilaServer:
        import secrets

        port = free_port()
        token = options.pop("token", None) or secrets.token_urlsafe(16)
        command = build_voila_command(ip="127.0.0.1", port=port, token=token, python=sys.executable, **options)
        log_path = tmp_path / f"voila-{port}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, env=voila_environment(engagement_path), stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True, cwd=tmp_path)
        server = VoilaServer(process, port, token, Path(engagement_path), log_path)
        servers.append(server)
        try:
            wait_until_ready(f"{server.base}/api/status", timeout_s=60, process=process)
        except Exception:
            server.stop()
            raise RuntimeError(f"voila did not start:\n{server.log()[-3000:]}") from None
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def voila_server(start_voila, engagement_copy: Path) -> VoilaServer:
    return start_voila(engagement_copy)


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(LOAD_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def open_app_page(page, url: str, ready_selector: str, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """Go to ``url`` and wait for ``ready_selector``; reload once if voila's load got stuck."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url, wait_until="domcontentloaded")
    try:
        page.wait_for_selector(ready_selector, state="visible", timeout=timeout_ms)
    except PlaywrightTimeout:  # voila #1446/#1395: about 3 loads in 110 stop at "Executing 1 of 2"
        page.reload(wait_until="domcontentloaded")
        page.wait_for_selector(ready_selector, state="visible", timeout=timeout_ms)


@pytest.fixture
def open_app() -> Callable[..., None]:
    return open_app_page


@pytest.fixture
def screenshot(request) -> Callable[..., Path]:
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)

    def take(page, name: str, full_page: bool = True) -> Path:
        path = artifacts_dir() / f"{test_name}-{name}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
