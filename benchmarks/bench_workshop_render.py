"""Time to first interactive render of the workshop participant page in chromium.

Measures, for a returning participant (``?key=...``), the time from navigation until the first
question's answer buttons are visible, over N page loads: the voila participant notebook with and
without voila's preheated kernels, and the light participant page the room uses (``/workshop``).
Run: ``.venv/bin/python benchmarks/bench_workshop_render.py [N]``. Needs /usr/bin/chromium and playwright.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def measure(browser, url: str, loads: int, pause_s: float) -> list[float]:
    times = []
    for _ in range(loads):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_selector("button.cx-answer-0", state="visible", timeout=60_000)
            times.append(time.perf_counter() - start)
        except Exception:  # noqa: BLE001 - a stuck load (voila #1446) is reported, not timed
            times.append(float("nan"))
        context.close()
        time.sleep(pause_s)
    return times


def main(loads: int = 7) -> None:
    if not Path(CHROMIUM).is_file():
        print(f"skipped: chromium not found at {CHROMIUM}")
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("skipped: playwright is not installed")
        return
    from cxconsult.apps.serve import build_voila_command, free_port, voila_environment, wait_until_ready
    from cxconsult.store import ResponseStore

    work = Path(tempfile.mkdtemp(prefix="cx-bench-"))
    engagement = work / "aurora-telecom"
    shutil.copytree(REPO / "data" / "engagements" / "aurora-telecom", engagement,
                    ignore=shutil.ignore_patterns("responses.db*"))
    who = ResponseStore(engagement).register("Bench", "Manager")
    rows = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for label, preheat, light in (("voila, no preheat", False, False), ("voila, preheat 1", True, False),
                                          ("light page", False, True)):
                port, token, room = free_port(), secrets.token_urlsafe(12), secrets.token_urlsafe(12)
                command = build_voila_command(port=port, token=token, participant_token=room, preheat=preheat,
                                              pool_size=1)
                with open(work / f"voila-{port}.log", "wb") as log:
                    server = subprocess.Popen(command, env=voila_environment(engagement), stdout=log,
                                              stderr=subprocess.STDOUT, start_new_session=True)
                try:
                    wait_until_ready(f"http://127.0.0.1:{port}/api/status", process=server)
                    url = f"http://127.0.0.1:{port}/voila/render/workshop.ipynb?token={room}&key={who.resume_key}"
                    if light:
                        url = f"http://127.0.0.1:{port}/workshop?token={room}&key={who.resume_key}"
                    measure(browser, url, 1, 5.0)  # warm-up: first import of the stack from disk
                    times = measure(browser, url, loads, 5.0 if preheat else 1.0)
                    rows.append((label, times))
                finally:
                    os.killpg(server.pid, signal.SIGTERM)
                    server.wait(15)
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"Workshop page, first interactive render (navigation -> answer buttons visible), {loads} loads")
    print(f"{'setting':<18}{'median s':>10}{'min s':>8}{'max s':>8}{'stuck':>7}")
    for label, times in rows:
        ok = [t for t in times if t == t]
        stuck = len(times) - len(ok)
        if ok:
            print(f"{label:<18}{statistics.median(ok):>10.2f}{min(ok):>8.2f}{max(ok):>8.2f}{stuck:>7}")
        else:
            print(f"{label:<18}{'-':>10}{'-':>8}{'-':>8}{stuck:>7}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
