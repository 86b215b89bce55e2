"""The browser benchmarks of issue 12 run in CI: they report, they never assert times.

Each benchmark script runs as it would by hand (its own servers on 127.0.0.1, Debian chromium), with a
smaller count so the suite stays quick. The test checks only that it ran and printed its figures; the
figures go to ``<artefacts>/benchmarks/<name>.txt`` and to the end of the pytest run ("benchmark reports").
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CX_ARTIFACTS", REPO / "tests" / "artifacts")) / "benchmarks"

#: script, arguments, words its report must hold (the figures' labels).
RUNS = {
    "room": ("bench_room.py", ["--participants", "30", "--browsers", "1"], ["first_question", "answers_lost"]),
    "kernels": ("bench_kernels.py", ["--cycles", "40"], ["memory_peak_mb", "memory_final_mb"]),
    "explorers": ("bench_explorers.py", ["--loads", "2", "--moves", "8"], ["redraw median", "x bare"]),
}


@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", list(RUNS))
def test_benchmark_runs_and_reports(name, chromium_path, benchmark_reports):
    script, args, labels = RUNS[name]
    env = {**os.environ, "PYTHONPATH": str(REPO), "CX_CHROMIUM": chromium_path}
    done = subprocess.run([sys.executable, str(REPO / "benchmarks" / script), *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=840)
    report = done.stdout.strip()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.txt").write_text(report + "\n" + done.stderr[-4000:], encoding="utf-8")
    benchmark_reports.append((f"{script} {' '.join(args)}", report))
    assert done.returncode == 0, done.stderr[-2000:]
    for label in labels:
        assert label in report, f"{script} printed no {label!r}:\n{report[-2000:]}"

