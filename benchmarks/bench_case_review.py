"""Case review (issue 15): what a team leader waits for. Goals: a click saved (write-through) in well under
50 ms; a click with the scorecard redrawn under 300 ms; the page built (engagement loaded) in a few
seconds. Reports, does not assert.

    python benchmarks/bench_case_review.py [--saves 200]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from cxconsult.apps.case_review import DONE, NOT_DONE, build_case_review
from cxconsult.complaints_store import ComplaintsStore

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, pandas {pd.__version__}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "aurora-telecom"
        shutil.copytree(ROOT / "data" / "engagements" / "aurora-telecom", folder,
                        ignore=shutil.ignore_patterns("responses.db*"))
        start = time.perf_counter()
        app = build_case_review(folder).cx_app
        print(f"page built (engagement loaded, {len(app.section.cases):,} cases): {time.perf_counter() - start:.2f} s")

        start = time.perf_counter()
        app.start("Rita Gomes", app.teams[0])
        print(f"start (sample of {len(app.cases)} drawn and persisted, first case shown): "
              f"{(time.perf_counter() - start) * 1000:.0f} ms")

        store = ComplaintsStore(folder, case_ids=app.section.cases["case_id"])
        case = app.case_id
        times = []
        for i in range(args.saves):
            start = time.perf_counter()
            store.save_review(case, "Rita Gomes", "R", i % 2 == 0, "note")
            times.append((time.perf_counter() - start) * 1000)
        print(f"save_review (one click, committed): median {statistics.median(times):.1f} ms, "
              f"p90 {statistics.quantiles(times, n=10)[-1]:.1f} ms over {args.saves}")

        times = []
        for i in range(20):
            start = time.perf_counter()
            app.mark("E", DONE if i % 2 else NOT_DONE)
            times.append((time.perf_counter() - start) * 1000)
        print(f"click in the app (save + progress + scorecard redraw): median {statistics.median(times):.0f} ms")


if __name__ == "__main__":
    main()
