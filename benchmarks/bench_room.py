"""A room joining at once: N participants open the room's link within a second and answer all 20 questions.

Drives a real room server (``python -m cxconsult.apps.room``, as ``cxconsult app`` starts it) on
127.0.0.1 with light clients, so the browsers' own CPU does not hide the server's cost:

* N participants (threads, default 30) each load the participant page, its script and stylesheet, join
  (name + role) and so reach the first question: that is the *time to first question*. Then each gives
  20 answers with a short think time, some changing their mind, over HTTP as the page does.
* The facilitator's voila page is rendered first (the projector shows the QR code) and its kernel
  websocket stays open; during the burst a ``kernel_info_request`` goes over it every second.
* Afterwards the store is compared with what every client was told was saved: *answers lost*.
* One browser run, during the same burst: B chromium tabs (default 3) join with the room; time from
  navigation to the first question's answer buttons visible (chromium's own start is done before).
  On a 2-core machine more tabs measure mostly chromium's CPU, not the server's.
* Memory: resident memory of the server and all its kernels (psutil), sampled every 0.2 s: peak and final.

Run: ``.venv/bin/python benchmarks/bench_room.py [--participants 30] [--browsers 10] [--json out.json]``.
Reports, does not assert.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
QUESTIONS = [f"{a}{n}" for a in "PTCF" for n in range(1, 6)]


class Memory(threading.Thread):
    """Samples the RSS of a process and its children until stopped."""

    def __init__(self, pid: int, every_s: float = 0.2):
        super().__init__(daemon=True)
        import psutil

        self.root = psutil.Process(pid)
        self.every_s = every_s
        self.peak = 0
        self.stop_event = threading.Event()

    def now(self) -> int:
        import psutil

        total = 0
        for proc in [self.root, *self.root.children(recursive=True)]:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.peak = max(self.peak, self.now())
            time.sleep(self.every_s)


class Participant:
    """A light client: cookies, the page's _xsrf, HTTP calls as the page's script makes them."""

    def __init__(self, base: str, token: str):
        self.base, self.token = base, token
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        self.xsrf = ""
        self.key = ""
        self.confirmed: dict[str, str] = {}
        self.errors = 0

    def get(self, path: str) -> bytes:
        with self.opener.open(self.base + path, timeout=120) as response:
            return response.read()

    def api(self, action: str, body: dict) -> dict:
        request = urllib.request.Request(f"{self.base}/room/api/{action}", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json", "X-XSRFToken": self.xsrf},
                                         method="POST")
        with self.opener.open(request, timeout=120) as response:
            return json.loads(response.read())

    def join(self, index: int) -> float:
        start = time.perf_counter()
        page = self.get(f"/workshop?token={self.token}").decode()
        self.xsrf = json.loads(re.search(r'id="cx-data">(.*?)</script>', page, re.S)[1])["xsrf"]
        self.get("/room/static/workshop.js")
        self.get("/room/static/workshop.css")
        who = self.api("join", {"name": f"Participant {index}", "role": "Frontline agent", "language": "en"})
        self.key = who["key"]
        return time.perf_counter() - start

    def answer_all(self, rng: random.Random) -> None:
        plan = [(q, rng.choice(["0", "1", "2", "3", "4", "dk"])) for q in QUESTIONS]
        plan += [(q, rng.choice(["0", "4"])) for q in rng.sample(QUESTIONS, 3)]  # changes of mind
        for question, value in plan:
            time.sleep(rng.uniform(0.05, 0.4))
            for attempt in range(5):  # the page retries until the server confirms
                try:
                    answer = value if value == "dk" else int(value)
                    self.api("answer", {"key": self.key, "question": question, "answer": answer})
                    self.confirmed[question] = value
                    break
                except (urllib.error.URLError, OSError):
                    self.errors += 1
                    time.sleep(1 + attempt)


def open_facilitator(base: str, token: str, out: dict):
    """Render the facilitator's voila page (as the facilitator does before the room joins, to show the
    QR code) and open its kernel websocket; returns the websocket."""
    import websocket

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    start = time.perf_counter()
    page = opener.open(f"{base}/voila/render/facilitator.ipynb?token={token}", timeout=180).read().decode()
    out["facilitator_render_s"] = time.perf_counter() - start
    kernel = re.search(r'"kernelId": "([0-9a-f-]{36})"', page)[1]
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    ws_url = base.replace("http://", "ws://") + f"/api/kernels/{kernel}/channels?token={token}"
    return websocket.create_connection(ws_url, header=[f"Cookie: {cookies}"], timeout=60)


def facilitator_pings(ws, stop: threading.Event, out: dict) -> None:
    """During the burst, ask the facilitator's kernel for kernel_info every second over its websocket."""
    times = []
    while not stop.is_set():
        msg_id = secrets.token_hex(8)
        start = time.perf_counter()
        ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "kernel_info_request", "username": "bench",
                                       "session": secrets.token_hex(8), "version": "5.3", "date": ""},
                            "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell", "buffers": []}))
        while True:
            reply = json.loads(ws.recv())
            if reply.get("parent_header", {}).get("msg_id") == msg_id and reply["msg_type"] == "kernel_info_reply":
                break
        times.append(time.perf_counter() - start)
        stop.wait(1.0)
    out["facilitator_ws_replies"] = len(times)
    out["facilitator_ws_reply_max_s"] = max(times) if times else float("nan")


def browser_run(base: str, token: str, pages: int, start_gate: threading.Barrier | None = None) -> list[float]:
    """``pages`` chromium tabs open the room's link at once and join, each on its own (async Playwright)."""
    import asyncio

    from playwright.async_api import async_playwright

    async def one(browser, i: int) -> float:
        context = await browser.new_context(viewport={"width": 375, "height": 667})
        tab = await context.new_page()
        start = time.perf_counter()
        await tab.goto(f"{base}/workshop?token={token}", wait_until="commit")
        await tab.wait_for_selector("#cx-name", state="visible", timeout=120_000)
        await tab.fill("#cx-name", f"Browser {i}")
        await tab.select_option("#cx-role", "Team leader")
        await tab.click("#cx-start")
        await tab.wait_for_selector("button.cx-answer-0", state="visible", timeout=120_000)
        elapsed = time.perf_counter() - start
        await context.close()
        return elapsed

    async def run() -> list[float]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            warm = await browser.new_context()  # the browser's own start is not the server's cost
            await (await warm.new_page()).goto("about:blank")
            if start_gate is not None:
                start_gate.wait()  # released with the room
            results = await asyncio.gather(*(one(browser, i) for i in range(pages)), return_exceptions=True)
            await browser.close()
            return [r if isinstance(r, float) else float("nan") for r in results]

    return asyncio.run(run())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * share
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=3, help="chromium tabs joining with the room (0: skip)")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args()

    from cxconsult.apps.serve import build_voila_command, free_port, voila_environment, wait_until_ready
    from cxconsult.store import ResponseStore

    work = Path(tempfile.mkdtemp(prefix="cx-room-"))
    engagement = work / "aurora-telecom"
    shutil.copytree(REPO / "data" / "engagements" / "aurora-telecom", engagement,
                    ignore=shutil.ignore_patterns("responses.db*"))
    port, facilitator, participant = free_port(), secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    base = f"http://127.0.0.1:{port}"
    command = build_voila_command(port=port, token=facilitator, participant_token=participant)
    log = open(work / "server.log", "wb")
    server = subprocess.Popen(command, env=voila_environment(engagement), stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    figures: dict = {"participants": args.participants}
    try:
        wait_until_ready(f"{base}/workshop", timeout_s=90, process=server)
        probe: dict = {}
        ws = open_facilitator(base, facilitator, probe)  # the projector shows the start screen first
        time.sleep(3)
        memory = Memory(server.pid)
        figures["memory_idle_mb"] = memory.now() / 2**20
        memory.start()

        clients = [Participant(base, participant) for _ in range(args.participants)]
        joined: list[float] = [float("nan")] * len(clients)
        barrier = threading.Barrier(len(clients) + 1)

        def run(i: int) -> None:
            barrier.wait()
            try:
                joined[i] = clients[i].join(i)
            except Exception as exc:  # noqa: BLE001 - a failed join is reported
                print(f"participant {i} could not join: {exc}", file=sys.stderr)
                return
            clients[i].answer_all(random.Random(i))

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
        browser_times: list[float] = []
        browser_thread = None
        if args.browsers and Path(CHROMIUM).is_file():
            barrier = threading.Barrier(len(clients) + 2)

            def browsers() -> None:
                try:
                    browser_times.extend(browser_run(base, participant, args.browsers, barrier))
                except ImportError:
                    barrier.wait()

            browser_thread = threading.Thread(target=browsers)
            browser_thread.start()
        for t in threads:
            t.start()
        barrier.wait()
        burst = time.perf_counter()
        stop = threading.Event()
        facilitator_thread = threading.Thread(target=facilitator_pings, args=(ws, stop, probe))
        facilitator_thread.start()
        for t in threads:
            t.join()
        stop.set()
        facilitator_thread.join()
        ws.close()
        if browser_thread is not None:
            browser_thread.join()
        figures["room_done_s"] = time.perf_counter() - burst
        ok = [t for t in joined if t == t]
        figures.update({
            "joined": len(ok), "joined_within_30s": sum(1 for t in ok if t <= 30),
            "first_question_median_s": statistics.median(ok) if ok else float("nan"),
            "first_question_p95_s": percentile(ok, 0.95), "first_question_max_s": max(ok) if ok else float("nan"),
            "http_retries": sum(c.errors for c in clients), **probe,
        })

        store = ResponseStore(engagement)
        people = {row.name: int(row.id) for row in store.respondents().itertuples()}
        lost = wrong = sent = 0
        for i, client in enumerate(clients):
            saved = store.answer_map(people[f"Participant {i}"]) if f"Participant {i}" in people else {}
            for question, value in client.confirmed.items():
                sent += 1
                if question not in saved:
                    lost += 1
                elif str(saved[question]) != value:
                    wrong += 1
        figures.update({"answers_confirmed": sent, "answers_lost": lost, "answers_wrong": wrong,
                        "answer_events_logged": len(store.history())})

        good = [t for t in browser_times if t == t]
        if browser_times:
            figures.update({"browser_tabs": args.browsers, "browser_joined": len(good),
                            "browser_first_question_median_s": statistics.median(good) if good else float("nan"),
                            "browser_first_question_max_s": max(good) if good else float("nan")})
        memory.stop_event.set()
        memory.join()
        figures["memory_peak_mb"] = memory.peak / 2**20
        figures["memory_final_mb"] = memory.now() / 2**20
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
        log.close()
        shutil.rmtree(work, ignore_errors=True)

    print(f"Room of {args.participants} joining at once (light page, one server, {os.cpu_count()} cores)")
    for key, value in figures.items():
        print(f"  {key:<34}{value:>10.2f}" if isinstance(value, float) else f"  {key:<34}{value!s:>10}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
