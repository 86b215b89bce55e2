"""Speed of ``cxconsult.diagnostic.compare``: two waves of N respondents (20 answers each), 2,000 resamples.

The goal is well under a second for 40 respondents (a report runs it once per engagement; the
workshop could run it live). Reports the median of R runs for paired, independent and mixed waves.
Run: ``.venv/bin/python benchmarks/bench_compare.py [--people 40] [--repeat 7]``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from cxconsult.diagnostic import compare
from cxconsult.engagement import QUESTION_IDS


def wave(rng: np.random.Generator, people: int, prefix: str = "r") -> pd.DataFrame:
    answers = rng.choice(["0", "1", "2", "3", "4", "dk"], size=(people, len(QUESTION_IDS)),
                         p=[0.1, 0.2, 0.3, 0.2, 0.15, 0.05])
    return pd.DataFrame([(f"{prefix}{p}", "Staff", q, answers[p, j]) for p in range(people)
                         for j, q in enumerate(QUESTION_IDS)], columns=["respondent", "role", "question", "answer"])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    earlier = wave(rng, args.people)
    cases = {"paired": wave(rng, args.people), "independent": wave(rng, args.people, "s"),
             "mixed": pd.concat([wave(rng, args.people // 2), wave(rng, args.people // 2, "s")])}
    for name, later in cases.items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = compare(earlier, later)
            times.append(time.perf_counter() - start)
        print(f"{name:<12} {args.people} respondents, {result.n_boot} resamples: median "
              f"{statistics.median(times) * 1000:.1f} ms (min {min(times) * 1000:.1f} ms) [{result.method}]")


if __name__ == "__main__":
    main()
