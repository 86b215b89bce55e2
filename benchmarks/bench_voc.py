"""Voice of the customer at scale (issue 14, item 7). Reports, does not assert.

1. load + monthly metrics on 1,000,000 responses: a generated export (CSV) read through the
   ``feedback`` section (mapping, validation), then NPS/CSAT/CES by month and NPS by touchpoint by month;
   the dashboard cube built once and one filter answered from it (and the app's whole refresh);
2. key drivers with 10 drivers and 1,000 bootstrap draws on 100,000 responses (Shapley and relative weights);
3. themes on 100,000 verbatims: codebook assignment (Snowball stems), summary, discovery (TF-IDF + NMF).

    python benchmarks/bench_voc.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from cxconsult.voc.sample import ATTRIBUTES, SampleSpec, generate_feedback

ROOT = Path(__file__).resolve().parents[1]
SPEC = SampleSpec(
    language="en", first_month="2024-12", months=24,
    touchpoints={t: (w, e) for t, w, e in [("quote", 4, .3), ("sign_up", 6, .4), ("device_delivery", 5, .2),
                                           ("activation", 6, 0), ("first_bill", 7, -.5), ("bill_payment", 8, .1),
                                           ("change_of_details", 5, .1), ("plan_upgrade", 5, .4),
                                           ("technical_fault", 10, -.8), ("complaint", 7, -1.1),
                                           ("store_visit", 7, .5), ("app_login", 9, -.1), ("roaming", 4, -.3),
                                           ("cancellation", 4, -.9)]},
    channels={"phone": 40, "app": 25, "web": 15, "store": 15, "chat": 5},
    segments={"Prepaid": 30, "Postpaid": 55, "Business": 15},
    touchpoint_themes={"first_bill": "billing", "app_login": "digital", "technical_fault": "reliability"},
    improving=("technical_fault",))


def timed(label: str, fn, *args, **kwargs):
    """Run ``fn``; print wall-clock and CPU seconds (CPU time: this process's own work, which stays
    meaningful on a machine shared with other jobs; BLAS threads count towards it)."""
    tick, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    print(f"  {label:<58} {time.perf_counter() - tick:8.2f} s wall {time.process_time() - cpu:8.2f} s CPU")
    return out


def bench_load(rows: int, phrases: dict) -> None:
    from cxconsult.engagement import load_engagement
    from cxconsult.voc import trend
    from cxconsult.voc.cube import build_cube

    print(f"1. load + monthly metrics, {rows:,} responses")
    frame = timed("generate (not part of the figure)", generate_feedback, SPEC, phrases, rows, seed=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = frame.copy()
        out["date"] = out["date"].dt.strftime("%Y-%m-%d %H:%M:%S")
        timed("write CSV (not part of the figure)", out.to_csv, folder / "export.csv", index=False)
        size = (folder / "export.csv").stat().st_size / 1e6
        (folder / "engagement.yaml").write_text("client: Bench\ndate: 2026-12-01\nlanguage: en\nfeedback: feedback.yaml\n")
        (folder / "responses.csv").write_text("respondent,role,question,answer\n")
        mapping = {c: c for c in ["response_id", "date", "touchpoint", "channel", "segment", "language", "nps",
                                  "csat", "ces", "verbatim"]}
        (folder / "feedback.yaml").write_text(yaml.safe_dump({"file": "export.csv", "columns": mapping,
                                                              "attributes": {a: a for a in ATTRIBUTES}}))
        tick, cpu = time.perf_counter(), time.process_time()
        engagement = timed(f"load_engagement (CSV {size:.0f} MB, validated)", load_engagement, folder)
        data = engagement.feedback.data
        for metric in ("nps", "csat", "ces"):
            timed(f"monthly {metric} with intervals", trend, data, metric)
        timed("monthly NPS by touchpoint", trend, data, "nps", by="touchpoint")
        print(f"  {'total: load + monthly metrics':<58} {time.perf_counter() - tick:8.2f} s wall "
              f"{time.process_time() - cpu:8.2f} s CPU")
        cube = timed("dashboard cube (period x touchpoint x segment)", build_cube, data,
                     ("nps", "csat", "ces") + ATTRIBUTES)
        print(f"  cube rows: {len(cube.frame):,}")
        periods = cube.periods
        tick, cpu = time.perf_counter(), time.process_time()
        for _ in range(20):
            cube.summary("nps", start=periods[-12], end=periods[-1], touchpoints=["technical_fault", "complaint"],
                         segments=["Business"])
            cube.trend("nps", start=periods[-12], end=periods[-1], touchpoints=["technical_fault"])
        print(f"  {'one filter answered from the cube (mean of 20)':<58} {(time.perf_counter() - tick) / 20:8.4f} s wall "
              f"{(time.process_time() - cpu) / 20:8.4f} s CPU")
        from cxconsult.apps.dashboard import DashboardApp

        app = DashboardApp(feedback=engagement.feedback, language="en", client="Bench")
        times = []
        for tp in (["technical_fault"], ["complaint", "roaming"], []):
            app.apply(touchpoints=tp, segments=["Business"] if tp else [])
            times.append(app.last_update_s)
        print(f"  {'dashboard app refresh (KPIs, tree, PNG chart), worst of 3':<58} {max(times):8.2f} s")


def bench_drivers() -> None:
    from cxconsult.voc import key_drivers

    print("2. key drivers: 10 drivers, 1,000 bootstrap draws, 100,000 responses")
    data = generate_feedback(SPEC, {}, 100_000, seed=2, with_verbatims=False)
    rng = np.random.default_rng(3)
    for k in range(5):  # five more ratings, correlated with the first five
        data[f"extra_{k}"] = np.clip(np.rint(data[ATTRIBUTES[k]] * 0.6 + rng.normal(1.3, 0.8, len(data))), 1, 5)
    drivers = list(ATTRIBUTES) + [f"extra_{k}" for k in range(5)]
    for method in ("shapley", "relative_weights"):
        result = timed(f"key_drivers(method={method!r}, n_boot=1000)", key_drivers, data, "nps", drivers,
                       method=method, n_boot=1000, seed=0)
        print(f"    R^2 {result.attrs['r2']:.3f}; top driver {result['importance'].idxmax()}")


def bench_themes(phrases: dict) -> None:
    from cxconsult.sections.feedback import load_codebook
    from cxconsult.voc.themes import ThemeMatcher, discover_themes, theme_summary

    print("3. themes on 100,000 verbatims (English)")
    data = generate_feedback(SPEC, phrases, 140_000, seed=4)
    data = data[data["verbatim"] != ""].head(100_000).reset_index(drop=True)
    codebook = load_codebook("en")
    matcher = timed("build matcher (stem the codebook)", ThemeMatcher, codebook)
    assignment = timed(f"assign themes to {len(data):,} verbatims", matcher.assign, data["verbatim"])
    timed("theme summary (volume, NPS, trend, quotes)", theme_summary, data, assignment, codebook)
    unmatched = list(data["verbatim"][~assignment.any(axis=1).to_numpy()])
    timed(f"discovery on the {len(unmatched):,} unmatched (TF-IDF + NMF)", discover_themes, unmatched, matcher)
    print(f"    {assignment.any(axis=1).mean():.1%} of verbatims matched at least one theme")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"cxconsult voc benchmark - Python {platform.python_version()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    phrases = yaml.safe_load((ROOT / "data" / "voc" / "en.yaml").read_text(encoding="utf-8"))
    bench_load(args.rows, phrases)
    bench_drivers()
    bench_themes(phrases)


if __name__ == "__main__":
    main()
