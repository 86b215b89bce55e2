"""Memory stays bounded when participant pages are opened and closed: 40 cycles in chromium.

Each cycle opens the voila participant notebook (``workshop.ipynb``, one kernel per page) with the
participant secret in a fresh browser context, waits until it is interactive, then closes the tab (the
page's shutdown beacon; voila issue 1458 refused it before the room server set the ``_xsrf`` cookie).
Reports the server's resident memory (server plus kernels, psutil): before, peak, after the 40 cycles,
and after the kernels of any tab whose beacon was lost were culled; kernels alive at each point.
The light participant page (``/workshop``) starts no kernel at all; it is measured the same way.

Run: ``.venv/bin/python benchmarks/bench_kernels.py [--cycles 40] [--json out.json]``. Reports, does not assert.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHROMIUM = os.environ.get("CX_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def tree(pid: int) -> tuple[int, int]:
    """(RSS bytes of the process and its children, number of kernel processes)."""
    import psutil

    root = psutil.Process(pid)
    total, kernels = 0, 0
    for proc in [root, *root.children(recursive=True)]:
        try:
            total += proc.memory_info().rss
            kernels += proc is not root and "ipykernel" in " ".join(proc.cmdline())
        except psutil.Error:
            pass
    return total, kernels


def cycles(browser, url: str, ready: str, count: int, pid: int, sample: dict) -> list[float]:
    times = []
    for _ in range(count):
        context = browser.new_context(viewport={"width": 375, "height": 667})
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        try:
            page.wait_for_selector(ready, state="visible", timeout=90_000)
            times.append(time.perf_counter() - start)
        except Exception:  # noqa: BLE001 - a stuck load is reported as NaN
            times.append(float("nan"))
        rss, kernels = tree(pid)
        sample["peak"] = max(sample["peak"], rss)
        sample["kernels_peak"] = max(sample["kernels_peak"], kernels)
        page.close(run_before_unload=True)  # the tab closes: beforeunload sends the shutdown beacon
        context.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=40)
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    if not Path(CHROMIUM).is_file():
        print(f"skipped: chromium not found at {CHROMIUM}")
        return
    from playwright.sync_api import sync_playwright

    from cxconsult.apps.serve import build_voila_command, free_port, voila_environment, wait_until_ready

    work = Path(tempfile.mkdtemp(prefix="cx-kernels-"))
    engagement = work / "aurora-telecom"
    shutil.copytree(REPO / "data" / "engagements" / "aurora-telecom", engagement,
                    ignore=shutil.ignore_patterns("responses.db*"))
    port, facilitator, participant = free_port(), secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    base = f"http://127.0.0.1:{port}"
    log = open(work / "server.log", "wb")
    server = subprocess.Popen(build_voila_command(port=port, token=facilitator, participant_token=participant),
                              env=voila_environment(engagement), stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    rows = []
    try:
        wait_until_ready(f"{base}/workshop", timeout_s=90, process=server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for label, url, ready in (
                ("voila workshop.ipynb", f"{base}/voila/render/workshop.ipynb?token={participant}", "button.cx-start"),
                ("light page /workshop", f"{base}/workshop?token={participant}", "#cx-start"),
            ):
                before, _ = tree(server.pid)
                sample = {"peak": before, "kernels_peak": 0}
                stop = threading.Event()

                def watch(sample=sample, stop=stop) -> None:
                    while not stop.is_set():
                        rss, kernels = tree(server.pid)
                        sample["peak"] = max(sample["peak"], rss)
                        sample["kernels_peak"] = max(sample["kernels_peak"], kernels)
                        time.sleep(0.25)

                watcher = threading.Thread(target=watch, daemon=True)
                watcher.start()
                times = cycles(browser, url, ready, args.cycles, server.pid, sample)
                closed = time.perf_counter()
                time.sleep(3)
                after, kernels_after = tree(server.pid)
                freed_s = float("nan")
                while time.perf_counter() - closed < 90:  # beacons lost: the cull frees them within a minute
                    rss, kernels = tree(server.pid)
                    if kernels == 0:
                        freed_s = time.perf_counter() - closed
                        break
                    time.sleep(1)
                final, kernels_final = tree(server.pid)
                stop.set()
                watcher.join()
                ok = sorted(t for t in times if t == t)
                rows.append({"page": label, "cycles": args.cycles, "load_median_s": ok[len(ok) // 2] if ok else None,
                             "stuck": len(times) - len(ok), "memory_before_mb": before / 2**20,
                             "memory_peak_mb": sample["peak"] / 2**20, "kernels_peak": sample["kernels_peak"],
                             "memory_3s_after_mb": after / 2**20, "kernels_3s_after": kernels_after,
                             "all_kernels_freed_after_s": freed_s, "memory_final_mb": final / 2**20,
                             "kernels_final": kernels_final})
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
        log.close()
        shutil.rmtree(work, ignore_errors=True)

    print(f"{args.cycles} participant pages opened and closed one after another (chromium, 375 px)")
    for row in rows:
        print(f"- {row['page']}")
        for key, value in row.items():
            if key != "page":
                print(f"    {key:<28}{value:>10.2f}" if isinstance(value, float) else f"    {key:<28}{value!s:>10}")
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
