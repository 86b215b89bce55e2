"""Ctrl-C stops a batch (issue 10): a real ``cxconsult batch`` subprocess gets SIGINT mid-run.

The report set is a one-notebook set written here (``$CXCONSULT_NOTEBOOKS``): its cell writes a marker
file named after the engagement, holding the kernel's process id, then sleeps 5 minutes unless the
engagement's folder name starts with ``quick``. So while the batch runs we know which engagements
started and which kernels run, and a batch that does not stop would take minutes, not seconds.

Expected after SIGINT: exit code 130 within a few seconds; the engagements queued at that moment never
start (no marker); the running kernels end; ``summary.csv`` and ``index.html`` are written, with the
finished report "ok" and the rest "interrupted".
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import psutil
import pytest

from cxconsult.batch import NOTEBOOKS_ENV, BatchResult, EngagementOutcome, write_portfolio

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "engagements"
CLI = Path(sys.executable).with_name("cxconsult")
SLEEP_S = 300



def _notebooks(folder: Path) -> Path:
    folder.mkdir()
    source = ("import os, pathlib, time\nfrom cxconsult import load_engagement\n"
              "name = load_engagement(engagement_path).name\n"
              "pathlib.Path(os.environ['CX_MARKERS'], name).write_text(str(os.getpid()))\n"
              f"time.sleep(0 if name.startswith('quick') else {SLEEP_S})")
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Marker"),
        nbformat.v4.new_code_cell('engagement_path = ""  # engagement folder', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(source)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "report.ipynb")
    return folder


def _engagements(root: Path, names: dict[str, str]) -> Path:
    for name, sample in names.items():
        shutil.copytree(SHIPPED / sample, root / name)
    return root


def _wait_for(condition, timeout: float, what: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"batch ended early ({proc.returncode}) waiting for {what}:\n{out}\n{err}")
        time.sleep(0.2)
    proc.kill()
    pytest.fail(f"timed out waiting for {what}")


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _start(tmp_path: Path, names: dict[str, str], jobs: int) -> tuple[subprocess.Popen, Path, Path]:
    root = _engagements(tmp_path / "engagements", names)
    markers = tmp_path / "markers"
    markers.mkdir()
    out = tmp_path / "out"
    env = {**os.environ, NOTEBOOKS_ENV: str(_notebooks(tmp_path / "nb")), "CX_MARKERS": str(markers)}
    proc = subprocess.Popen([str(CLI), "batch", str(root / "*"), "--out", str(out), "--jobs", str(jobs)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)  # its own process group, like a terminal's job
    return proc, markers, out


def _stop(proc: subprocess.Popen, *, group: bool) -> tuple[float, str, str]:
    start = time.monotonic()
    if group:  # what Ctrl-C in a terminal does: SIGINT to the whole foreground process group
        os.killpg(proc.pid, signal.SIGINT)
    else:  # only the batch process itself (kill -INT <pid>)
        os.kill(proc.pid, signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        pytest.fail("the batch did not stop within 60 s of SIGINT")
    seconds = time.monotonic() - start
    print(f"batch stopped {seconds:.1f} s after SIGINT")
    return seconds, out, err


@pytest.mark.slow
def test_ctrl_c_stops_running_and_queued_reports_and_writes_the_portfolio(tmp_path):
    """jobs=1: the quick report finishes, the second is running when Ctrl-C comes, the third is queued."""
    names = {"quick-ledgerly": "ledgerly-saas", "slow-alpenrose": "alpenrose-hotels",
             "slow-northwind": "northwind-retail"}
    proc, markers, out = _start(tmp_path, names, jobs=1)
    _wait_for(lambda: (markers / "slow-alpenrose").is_file(), 240, "the second report to start", proc)
    kernel = int((markers / "slow-alpenrose").read_text())
    assert psutil.pid_exists(kernel)

    seconds, stdout, stderr = _stop(proc, group=True)

    assert proc.returncode == 130, stderr
    assert seconds < 15, f"took {seconds:.1f} s to stop"
    assert not (markers / "slow-northwind").exists()  # queued: never started
    deadline = time.monotonic() + 5
    while not _gone(kernel) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _gone(kernel), "the running notebook's kernel was left behind"
    summary = pd.read_csv(out / "summary.csv", index_col="engagement")
    assert summary["status"].to_dict() == {"quick-ledgerly": "ok", "slow-alpenrose": "interrupted",
                                           "slow-northwind": "interrupted"}
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="quick-ledgerly/report.html"' in page and (out / "quick-ledgerly" / "report.html").is_file()
    assert "2 interrupted" in page and page.count('class="status interrupted"') == 2
    assert "Interrupted: 1 report(s) done, 2 interrupted" in stderr


@pytest.mark.slow
def test_sigint_to_the_batch_process_alone_stops_parallel_workers(tmp_path):
    """jobs=2: two slow reports run in two workers, a third is queued; SIGINT goes to the batch process only."""
    names = {"a-slow": "ledgerly-saas", "b-slow": "alpenrose-hotels", "quick-queued": "northwind-retail"}
    proc, markers, out = _start(tmp_path, names, jobs=2)
    _wait_for(lambda: (markers / "a-slow").is_file() and (markers / "b-slow").is_file(), 240,
              "both slow reports to start", proc)
    kernels = [int((markers / name).read_text()) for name in ("a-slow", "b-slow")]

    seconds, _, stderr = _stop(proc, group=False)

    assert proc.returncode == 130, stderr
    assert seconds < 15, f"took {seconds:.1f} s to stop"
    assert not (markers / "quick-queued").exists()
    deadline = time.monotonic() + 5
    while not all(map(_gone, kernels)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(map(_gone, kernels)), "running kernels were left behind"
    summary = pd.read_csv(out / "summary.csv", index_col="engagement")
    assert set(summary["status"]) == {"interrupted"} and len(summary) == 3
    assert not (out / "quick-queued" / "report.html").exists()


def test_portfolio_of_an_interrupted_batch_escapes_and_defuses_formulas(tmp_path):
    """Fast: the portfolio files of a batch with one report made and one interrupted, hostile values."""
    client = "=HYPERLINK(\"http://x\",\"<script>alert(1)</script>\")"
    items = (EngagementOutcome("a", tmp_path / "a", "ok", client=client, industry="@SUM(A1)", index=50.0),
             EngagementOutcome("b", tmp_path / "b", "interrupted", error="the batch was stopped"))
    result = BatchResult(items, tmp_path, seconds=1.0, jobs=2)
    assert result.counts == {"ok": 1, "skipped": 0, "failed": 0, "interrupted": 1}
    assert not result.ok and result.interrupted
    assert "2 engagement(s): 1 made, 0 unchanged, 0 failed, 1 interrupted" in result.summary()
    write_portfolio(result)
    frame = pd.read_csv(tmp_path / "summary.csv", index_col="engagement")
    assert frame.loc["a", "client"] == "'" + client and frame.loc["a", "industry"] == "'@SUM(A1)"
    assert frame["status"].to_dict() == {"a": "ok", "b": "interrupted"}
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<span>1 interrupted</span>" in page
