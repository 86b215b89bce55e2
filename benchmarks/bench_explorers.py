"""Browser speed of the three explorers (outlook, retention, service-profit chain) in a real voila server.

For each explorer: first load (navigation start to the first chart drawn) against a bare voila page with
one slider, and slider release to redrawn chart, median and range over ``--moves`` key presses on one
slider. A redraw is a DOM change inside the chart (a bqplot path's ``d``, or an ``<img>``'s ``src``),
seen by a MutationObserver; the time runs from the keydown (``performance.now()`` in the page) to the
last change of that redraw (no further change for 400 ms). Goals (issue 12): a redraw under 150 ms and a
first load within 1.5x of the bare page. Reports, never asserts.

Run from the repository root (``PYTHONPATH`` picks the cxconsult copy the server imports, so the same
script measures an older tree too)::

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_explorers.py [--loads 5] [--moves 15]

Needs Playwright (Python package only) and chromium at /usr/bin/chromium (or ``$CX_CHROMIUM``).

Measured on the 2-core machine (medians of 15 moves, 5 loads). "Before" is matplotlib PNGs, shared with
other work (load average 5-12); "after" is bqplot updated in place, apps reading only their own section and
the outlook without scipy at start, on a quiet machine (load average 1-2.5):

=====================  ==========================  ==========================
explorer               matplotlib PNG (before)     bqplot in place (after)
=====================  ==========================  ==========================
outlook redraw         1586 ms (1009-2467)          64 ms (48-81)
retention redraw       1221 ms (1007-1753)          56 ms (47-113)
service-profit chain    445 ms (328-600)            44 ms (27-53)
first load / bare      2.24-2.34x                  1.54x, 1.86x, 1.78x (bare 2.9 s)
=====================  ==========================  ==========================

What is left of a first load: kernel start and imports (ipywidgets and bqplot 0.6 s) and, for retention
and the service-profit chain, scipy.stats (0.7-1.7 s), which their fits need before the first chart.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from cxconsult.apps.serve import build_voila_command, free_port, voila_environment, wait_until_ready

REPO = Path(__file__).resolve().parents[1]
ENGAGEMENT = REPO / "data" / "engagements" / "aurora-telecom"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

#: page -> (chart selector, slider handle moved by the keyboard)
PAGES = {
    "bare": (".widget-slider", None),
    "outlook": (".cx-outlook-chart", ".cx-lever-aht-s .noUi-handle"),
    "retention": (".cx-retention-roce", ".cx-input-retention-gain-points .noUi-handle"),
    "service_profit_chain": (".cx-what-if-chart", ".cx-engagement .noUi-handle"),
}
BARE = {"cells": [{"cell_type": "code", "execution_count": None, "id": "bare", "metadata": {}, "outputs": [],
                   "source": ["import ipywidgets as widgets\n", "\n", "widgets.FloatSlider(value=1.0)"]}],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
        "nbformat": 4, "nbformat_minor": 5}

#: true once the chart has drawn: an image with pixels or an SVG path with a shape
DRAWN = """(sel) => { const el = document.querySelector(sel); if (!el) return false;
  if (sel === '.widget-slider') return el.getBoundingClientRect().width > 0 ? performance.now() : false;
  const img = el.tagName === 'IMG' ? el : el.querySelector('img');
  if (img && img.naturalWidth > 0) return performance.now();
  const path = [...el.querySelectorAll('path')].find(p => (p.getAttribute('d') || '').length > 20);
  return path && path.getBoundingClientRect().width > 0 ? performance.now() : false; }"""

WATCH = """(sel) => { const el = document.querySelector(sel); window.__cx = {down: 0, changes: []};
  new MutationObserver(() => window.__cx.changes.push(performance.now()))
    .observe(el, {subtree: true, childList: true, attributes: true, attributeFilter: ['d', 'src', 'x', 'y',
      'width', 'height', 'transform']});
  document.addEventListener('keydown', () => { window.__cx.down = performance.now(); window.__cx.changes = []; },
                            true); }"""

SETTLED = """() => { const c = window.__cx; if (!c.changes.length) return false;
  const last = c.changes[c.changes.length - 1];
  return performance.now() - last > 400 ? [c.changes[0] - c.down, last - c.down] : false; }"""


def start_server(folder: Path, engagement: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    token = secrets.token_urlsafe(12)
    command = build_voila_command(ip="127.0.0.1", port=port, token=token, folder=folder, python=sys.executable,
                                  cull_idle_timeout_s=10, cull_interval_s=5)
    with open(log, "wb") as out:
        process = subprocess.Popen(command, env=voila_environment(engagement), stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True, cwd=folder)
    wait_until_ready(f"http://127.0.0.1:{port}/api/status", timeout_s=60, process=process)
    return process, f"http://127.0.0.1:{port}/voila/render/{{app}}.ipynb?token={token}"


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def first_load(browser, url: str, selector: str, timeout_ms: int = 60_000) -> float | None:
    """Milliseconds from navigation start to the chart drawn; None for a stuck load (voila #1446)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        try:
            return float(page.wait_for_function(DRAWN, arg=selector, polling="raf", timeout=timeout_ms).json_value())
        except Exception:  # noqa: BLE001 - a stuck load is reported as missing
            return None
    finally:
        context.close()


def redraws(browser, url: str, selector: str, handle: str, moves: int) -> list[tuple[float, float]]:
    """(first change, last change) in ms after each keydown, for ``moves`` alternating key presses."""
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    out = []
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        page.wait_for_function(DRAWN, arg=selector, polling="raf", timeout=60_000)
        page.wait_for_timeout(1500)  # let the first draw settle
        page.evaluate(WATCH, selector)
        knob = page.locator(handle)
        knob.focus()
        for i in range(moves):
            knob.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
            try:
                first, last = page.wait_for_function(SETTLED, polling=50, timeout=10_000).json_value()
                out.append((first, last))
            except Exception:  # noqa: BLE001 - no redraw seen: reported as missing
                pass
    finally:
        context.close()
    return out


def spread(values: list[float]) -> str:
    if not values:
        return "no data"
    return f"median {statistics.median(values):6.0f} ms (range {min(values):.0f}-{max(values):.0f}, n={len(values)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", type=int, default=5, help="first loads per page")
    parser.add_argument("--moves", type=int, default=15, help="slider moves per explorer")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="cx-bench-explorers-"))
    try:
        folder = work / "apps"
        folder.mkdir()
        for name in PAGES:
            if name != "bare":
                shutil.copy(REPO / "notebooks" / "apps" / f"{name}.ipynb", folder)
        (folder / "bare.ipynb").write_text(json.dumps(BARE))
        engagement = work / "aurora-telecom"
        shutil.copytree(ENGAGEMENT, engagement, ignore=shutil.ignore_patterns("responses.db*"))
        process, url = start_server(folder, engagement, work / "voila.log")
        results: dict[str, dict[str, list]] = {name: {"load": [], "redraw": []} for name in PAGES}
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=os.environ.get("CX_CHROMIUM", "/usr/bin/chromium"),
                                                     args=CHROMIUM_ARGS, headless=True)
                first_load(browser, url.format(app="bare"), PAGES["bare"][0])  # warm the server and the cache
                for _ in range(args.loads):
                    for name, (selector, _handle) in PAGES.items():
                        ms = first_load(browser, url.format(app=name), selector)
                        if ms is not None:
                            results[name]["load"].append(ms)
                for name, (selector, handle) in PAGES.items():
                    if handle:
                        results[name]["redraw"] = redraws(browser, url.format(app=name), selector, handle, args.moves)
                browser.close()
        finally:
            stop(process)
        bare = statistics.median(results["bare"]["load"]) if results["bare"]["load"] else float("nan")
        print(f"first load (navigation to chart drawn), {args.loads} loads each; redraw: keydown to last chart "
              f"change, {args.moves} moves")
        for name, figures in results.items():
            loads = figures["load"]
            ratio = statistics.median(loads) / bare if loads else float("nan")
            print(f"{name:22} load {spread(loads)}  = {ratio:.2f}x bare")
            if figures["redraw"]:
                print(f"{'':22} redraw {spread([last for _first, last in figures['redraw']])}; "
                      f"first change {spread([first for first, _last in figures['redraw']])}")
        if args.json:
            args.json.write_text(json.dumps(results, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
