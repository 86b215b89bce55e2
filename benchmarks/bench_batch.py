"""Batch reports: ``run_batch(jobs=2)`` against the same notebooks run one by one with the plain
``papermill`` command, the overhead cxconsult adds per report, and where a report's time goes.

Makes N engagements (default 20) by copying the shipped samples in ``data/engagements/`` round-robin,
then times, each from scratch into a temporary folder:

1. ``papermill`` CLI: every applicable notebook of every engagement, one command after another (the
   bare-papermill baseline; no assembly into one report, no HTML export);
2. ``run_batch(jobs=1)``: cxconsult one report after another (skip with ``--no-sequential``);
3. ``run_batch(jobs=J)``: cxconsult's process pool (default J=2).

Where the time goes comes from ``ReportResult.timings`` (per notebook execution, HTML export), with
kernel start and stop measured separately as papermill runs of a notebook holding only a parameters
cell. Run: ``.venv/bin/python benchmarks/bench_batch.py [--n 20] [--jobs 2]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from cxconsult.batch import run_batch
from cxconsult.engagement import load_engagement
from cxconsult.reports import applicable_sections
from cxconsult.resources import resource_path

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "engagements"
PAPERMILL = Path(sys.executable).with_name("papermill")


def make_engagements(dest: Path, n: int) -> list[Path]:
    samples = sorted(p for p in SHIPPED.iterdir() if (p / "engagement.yaml").is_file())
    folders = []
    for i in range(n):
        sample = samples[i % len(samples)]
        folder = dest / f"{i + 1:02d}-{sample.name}"
        shutil.copytree(sample, folder)
        folders.append(folder)
    return folders


def papermill_cli(folders: list[Path], out: Path) -> tuple[float, int]:
    """Seconds to run every applicable notebook with the papermill command, one at a time; notebooks run."""
    start, runs = time.perf_counter(), 0
    for folder in folders:
        sections, _ = applicable_sections(load_engagement(folder))
        for section in sections:
            source = resource_path(f"notebooks/{section.notebook}")
            target = out / folder.name / section.notebook
            target.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([str(PAPERMILL), str(source), str(target), "-p", "engagement_path", str(folder),
                            "-k", "python3", "--cwd", str(source.parent), "--no-progress-bar"],
                           check=True, capture_output=True)
            runs += 1
    return time.perf_counter() - start, runs


def kernel_floor(tmp: Path, repeats: int = 5) -> float:
    """Median seconds of a papermill (Python API) run of a notebook with only a parameters cell."""
    import papermill

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'engagement_path = ""', metadata={"tags": ["parameters"]})])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    source = tmp / "empty.ipynb"
    nbformat.write(notebook, source)
    times = []
    for _ in range(repeats):
        tick = time.perf_counter()
        papermill.execute_notebook(str(source), str(tmp / "empty-out.ipynb"), parameters={"engagement_path": "x"},
                                   kernel_name="python3", progress_bar=False)
        times.append(time.perf_counter() - tick)
    return statistics.median(times)


def cxconsult_batch(folders: list[Path], out: Path, jobs: int):
    start = time.perf_counter()
    result = run_batch(folders, out, jobs=jobs, force=True, progress=False)
    for item in result.failures:  # timed anyway; a failure is reported, not hidden
        print(f"  jobs={jobs}: {item.engagement} FAILED: {item.error_type}: {item.error[:160]}", flush=True)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="engagements (default 20)")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the parallel run (default 2)")
    parser.add_argument("--no-sequential", action="store_true", help="skip the cxconsult jobs=1 run")
    args = parser.parse_args()
    if not PAPERMILL.is_file():
        raise SystemExit(f"papermill command not found beside {sys.executable}; pip install papermill")

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp_name:
        tmp = Path(tmp_name)
        folders = make_engagements(tmp / "engagements", args.n)
        print(f"{args.n} engagements (copies of {len({f.name[3:] for f in folders})} samples); "
              f"{os.cpu_count()} CPU(s); load average {os.getloadavg()[0]:.1f}", flush=True)

        floor = kernel_floor(tmp)
        pm_s, runs = papermill_cli(folders, tmp / "papermill")
        print(f"papermill CLI done: {pm_s:.1f} s", flush=True)
        seq_s, seq = (None, None) if args.no_sequential else cxconsult_batch(folders, tmp / "seq", 1)
        if seq_s is not None:
            print(f"cxconsult jobs=1 done: {seq_s:.1f} s", flush=True)
        par_s, par = cxconsult_batch(folders, tmp / "par", args.jobs)

    n = args.n
    print()
    print(f"{'run':<44} {'wall s':>8} {'s/report':>9} {'vs papermill':>13}")
    rows = [(f"papermill CLI, one by one ({runs} notebooks)", pm_s)]
    if seq_s is not None:
        rows.append(("cxconsult batch --jobs 1", seq_s))
    rows.append((f"cxconsult batch --jobs {args.jobs}", par_s))
    for label, seconds in rows:
        print(f"{label:<44} {seconds:8.1f} {seconds / n:9.2f} {pm_s / seconds:12.2f}x")

    timed = seq if seq is not None else par
    items = [i for i in timed.items if i.status == "ok"]
    sections = sorted({k for i in items for k in i.timings if k.startswith("execute ")})
    print()
    print(f"Where a report's time goes (mean over {len(items)} reports, "
          f"{'jobs=1' if seq is not None else f'jobs={args.jobs}'}; kernel start+stop = {floor:.2f} s per notebook,"
          f" from a papermill run of an empty notebook):")
    executing = [sum(v for k, v in i.timings.items() if k.startswith("execute ")) for i in items]
    notebooks = [sum(k.startswith("execute ") for k in i.timings) for i in items]
    kernel = [floor * k for k in notebooks]
    export = [i.timings.get("export html", 0.0) for i in items]
    total = [i.seconds for i in items]
    other = [t - e - x for t, e, x in zip(total, executing, export)]
    lines = [("kernel start and stop", kernel),
             ("notebook execution (excl. kernel start)", [e - k for e, k in zip(executing, kernel)])]
    lines += [(f"  {s}, incl. kernel", [i.timings.get(s, 0.0) for i in items]) for s in sections]
    lines += [("assemble + export HTML", export),
              ("load, validate, hash, scores (batch)", other),
              ("total per report (in the worker)", total)]
    for label, values in lines:
        print(f"  {label:<44} {statistics.mean(values):6.2f} s")
    per_report_pm = pm_s / n
    if seq_s is not None:
        print(f"\ncxconsult overhead per report over bare papermill (jobs=1 vs CLI, end to end): "
              f"{(seq_s - pm_s) / n:+.2f} s; cxconsult's own work (export + load/hash): "
              f"{statistics.mean(export) + statistics.mean(other):.2f} s of {statistics.mean(total):.2f} s; "
              f"bare papermill CLI {per_report_pm:.2f} s per report")
    print(f"--jobs {args.jobs} speed-up over bare papermill one by one: {pm_s / par_s:.2f}x; "
          f"over cxconsult --jobs 1: {seq_s / par_s:.2f}x" if seq_s else "")


if __name__ == "__main__":
    main()
