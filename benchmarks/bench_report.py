"""One client report end to end: seconds per section (``ReportResult.timings``) and what the per-run
result cache shared between the section kernels (``cxconsult.cache``: hits and misses by key).

Run from the repository root:  .venv/bin/python benchmarks/bench_report.py [engagement] [--repeat 1]
(default engagement: the aurora-telecom sample). Reports, does not assert; wall-clock times depend on
the machine's load, so compare runs made back to back.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cxconsult import cache  # noqa: E402
from cxconsult.reports import run_engagement  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("engagement", nargs="?", default=str(ROOT / "data" / "engagements" / "aurora-telecom"))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    runs: dict[str, list[float]] = collections.defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="cxconsult-bench-") as out:
        for _ in range(args.repeat):
            result = run_engagement(args.engagement, out)
            for step, seconds in result.timings.items():
                runs[step].append(seconds)
            runs["total"].append(result.seconds)
        lines = cache.log_lines(Path(out) / result.engagement)
    print(f"{result.client}: median of {args.repeat} run(s), seconds")
    for step, values in runs.items():
        print(f"  {step:<32}{statistics.median(values):8.2f}")
    counts = collections.Counter(line.split(" ", 1)[1] for line in lines if line.startswith("miss"))
    hits = collections.Counter(line.split(" ", 1)[1] for line in lines if line.startswith("hit"))
    print("cache (last run): key, computed, reused")
    for key in sorted(set(counts) | set(hits)):
        print(f"  {key:<44}{counts[key]:4d}{hits[key]:6d}")


if __name__ == "__main__":
    main()
