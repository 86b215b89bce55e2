"""Complaints (issue 15): the sample logs parsed and analysed (goal: analyse_complaints on ~4,000 cases well
under a second), and business-hour arithmetic on many spans. Reports, does not assert.

    python benchmarks/bench_complaints.py [--repeat 5] [--spans 1000000]
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

from cxconsult.complaints import BusinessHours, analyse_complaints, business_hours_array
from cxconsult.engagement import load_engagement

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ("aurora-telecom", "lumiere-energie", "banco-serra-azul")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--spans", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, pandas {pd.__version__}, {os.cpu_count()} CPUs")
    from cxconsult.sections import complaints as section_module
    from cxconsult.sections.base import SectionContext

    import yaml

    for name in SAMPLES:
        folder = ROOT / "data" / "engagements" / name
        engagement = load_engagement(folder)
        raw = yaml.safe_load((folder / "complaints.yaml").read_text(encoding="utf-8"))
        ctx = SectionContext(folder, "complaints.yaml", "complaints")
        parse_s = best(lambda: section_module.parse(raw, ctx), args.repeat)
        section = engagement.complaints
        plain = best(lambda: analyse_complaints(section), args.repeat)
        full = best(lambda: analyse_complaints(section, feedback=engagement.feedback), args.repeat)
        print(f"{name:<18} {len(section.cases):>5,} cases: parse {parse_s * 1000:6.0f} ms, analyse "
              f"{plain * 1000:5.0f} ms, with the closed loop ({len(engagement.feedback.data):,} responses) "
              f"{full * 1000:5.0f} ms")
    rng = np.random.default_rng(1)
    hours = BusinessHours(start_h=8.5, end_h=18, timezone="Europe/Paris",
                          holidays=tuple(pd.to_datetime(["2026-05-01", "2026-05-08", "2026-07-14"]).date))
    starts = pd.Series(pd.Timestamp("2026-01-01", tz="UTC")
                       + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, args.spans), unit="min"))
    ends = starts + pd.to_timedelta(rng.integers(0, 30 * 24 * 60, args.spans), unit="min")
    spent = best(lambda: business_hours_array(starts, ends, hours), max(1, args.repeat // 2))
    print(f"business_hours_array on {args.spans:,} spans (tz-aware, Europe/Paris): {spent * 1000:.0f} ms")


if __name__ == "__main__":
    main()
