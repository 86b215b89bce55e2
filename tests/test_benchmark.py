"""The practice benchmark: percentile ranks, the five-peer minimum, anonymised export, profiles at the edge.

Percentile rank definition (cxconsult.benchmark): share of the others strictly below plus half of those
equal, x100 -- scipy.stats.percentileofscore(kind="mean"), which is also the mean of numpy's "strict"
(``(a < x).mean()``) and "weak" (``(a <= x).mean()``) ranks.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from cxconsult import EngagementError, load_engagement
from cxconsult.batch import benchmark_record, practice_benchmark
from cxconsult.benchmark import (MEASURES, MIN_PEERS, SECTORS, BenchmarkError, BenchmarkRecord, Profile,
                                 build_benchmark, load_benchmark, percentile_rank, position, size_band)

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "engagements"
SAMPLES = sorted(p for p in SHIPPED.iterdir() if (p / "engagement.yaml").is_file())


def record(index: float, sector: str = "telecom", band: str = "large", year: int = 2026, **areas: float):
    scores = {"index": index, "people": index, "process_technology": index, "customers": index, "finance": index}
    scores.update(areas)
    return BenchmarkRecord(sector, band, year, scores)


# A small portfolio of 9 engagements (indexes; one tie at 50): 6 telecom, 3 banking; 5 large, 4 small.
PORTFOLIO = [record(30, "telecom", "large"), record(40, "telecom", "large"), record(50, "telecom", "large"),
             record(50, "telecom", "small"), record(60, "telecom", "small"), record(70, "telecom", "large"),
             record(45, "banking", "large"), record(65, "banking", "small"), record(80, "banking", "small")]


# -- percentile rank ----------------------------------------------------------------------------------------

def test_percentile_rank_hand_worked_and_against_scipy_and_numpy():
    """Others 30, 40, 50, 50, 60 and x = 50: 2 below, 2 equal -> (2 + 0.5*2)/5 = 60%."""
    others = [30, 40, 50, 50, 60]
    assert percentile_rank(others, 50) == pytest.approx(60.0)
    assert percentile_rank(others, 50) == pytest.approx(stats.percentileofscore(others, 50, kind="mean"))
    array = np.array(others, dtype=float)
    assert percentile_rank(others, 50) == pytest.approx(50 * ((array < 50).mean() + (array <= 50).mean()))
    assert percentile_rank(others, 10) == 0.0 and percentile_rank(others, 99) == 100.0
    assert math.isnan(percentile_rank([], 50))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 20).map(lambda v: v * 5.0), min_size=1, max_size=30), st.integers(0, 20))
def test_percentile_rank_is_scipy_mean_kind(others, x):
    assert percentile_rank(others, x * 5.0) == pytest.approx(stats.percentileofscore(others, x * 5.0, kind="mean"))


def test_position_on_a_small_portfolio_against_scipy():
    """A telecom, large engagement with index 50 that is in the benchmark (its own record is left out).

    Others (8): 30 40 50 60 70 45 65 80 -> below 30 40 45 (3), equal 50 (1): (3 + 0.5)/8 = 43.75.
    Telecom others (5): 30 40 50 60 70 -> (2 + 0.5)/5 = 50. Large others (4): 30 40 70 45 -> fewer than five.
    """
    benchmark = build_benchmark(PORTFOLIO)
    me = {m: 50.0 for m in MEASURES}
    standing = position(benchmark, me, sector="telecom", size_band="large", year=2026)
    assert standing.self_excluded
    everyone = standing.get("all")
    others = [30, 40, 50, 60, 70, 45, 65, 80]
    assert everyone.peers == 8 and everyone.percentile == pytest.approx(43.75)
    assert everyone.percentile == pytest.approx(stats.percentileofscore(others, 50, kind="mean"))
    sector = standing.get("sector")
    assert (sector.label, sector.peers, sector.percentile) == ("telecom", 5, pytest.approx(50.0))
    assert sector.percentile == pytest.approx(stats.percentileofscore([30, 40, 50, 60, 70], 50, kind="mean"))
    band = standing.get("size_band")
    assert (band.label, band.peers, band.percentile, band.shown) == ("large", 4, None, False)
    # every area measure has the same standing here (all areas equal the index in this portfolio)
    assert standing.get("all", "finance").percentile == pytest.approx(43.75)


def test_fewer_than_five_behind_gives_no_percentile_but_the_count():
    benchmark = build_benchmark(PORTFOLIO[:5])  # an outside engagement: nothing of it in the benchmark
    standing = position(benchmark, {m: 55.0 for m in MEASURES}, sector="banking", size_band="small")
    assert not standing.self_excluded
    assert standing.get("all").peers == 5 and standing.get("all").percentile == pytest.approx(80.0)
    assert (standing.get("sector").peers, standing.get("sector").percentile) == (0, None)
    assert (standing.get("size_band").peers, standing.get("size_band").percentile) == (2, None)
    four = position(build_benchmark(PORTFOLIO[:4]), {m: 55.0 for m in MEASURES})
    assert four.get("all").peers == 4 == MIN_PEERS - 1 and four.get("all").percentile is None
    assert four.get("sector") is None  # no sector given: that group is not positioned


def test_unscored_areas_are_not_counted_and_get_no_percentile():
    records = [record(40 + i, finance=math.nan) for i in range(6)]
    standing = position(build_benchmark(records), {"index": 50.0, "people": 50.0, "finance": 50.0})
    assert standing.get("all", "index").peers == 6 and standing.get("all", "index").percentile == 100.0
    assert standing.get("all", "finance").peers == 0 and standing.get("all", "finance").percentile is None
    assert standing.get("all", "customers").percentile is None  # not scored for this engagement
    with pytest.raises(BenchmarkError, match="min_peers"):
        build_benchmark(records, min_peers=3)


# -- the file -------------------------------------------------------------------------------------------

def test_round_trip_is_exact_and_deterministic(tmp_path):
    benchmark = build_benchmark(reversed(PORTFOLIO))
    assert build_benchmark(PORTFOLIO) == benchmark  # order carries no information
    path = benchmark.to_file(tmp_path / "benchmark.json")
    again = load_benchmark(path)
    assert again == benchmark and len(again) == 9
    assert again.to_file(tmp_path / "again.json").read_bytes() == path.read_bytes()
    assert again.counts("sector") == {"banking": 3, "telecom": 6}
    assert "9 engagement(s)" in again.summary()


def test_bad_files_are_named(tmp_path):
    path = tmp_path / "b.json"
    for text, expected in [("{", "not a JSON"), ('{"format": "x"}', "format"),
                           ('{"format": "cxconsult-practice-benchmark", "version": 1, "records": '
                            '[{"sector": "mining", "scores": {}}]}', r"records\[0\]\.sector"),
                           ('{"format": "cxconsult-practice-benchmark", "version": 1, "records": '
                            '[{"client": "Acme", "scores": {}}]}', "unknown field 'client'"),
                           ('{"format": "cxconsult-practice-benchmark", "version": 1, "records": '
                            '[{"scores": {"index": 140}}]}', r"scores\.index")]:
        path.write_text(text)
        with pytest.raises(BenchmarkError, match=expected) as info:
            load_benchmark(path)
        assert "b.json" in str(info.value)


def test_export_of_the_samples_holds_no_names(tmp_path):
    """Search the exported file for every sample's client, folder and consultant name (and industry text)."""
    benchmark = practice_benchmark([str(SHIPPED / "*")])
    path = benchmark.to_file(tmp_path / "benchmark.json")
    text = path.read_text(encoding="utf-8")
    assert len(benchmark) == len(SAMPLES) == 9
    for folder in SAMPLES:
        engagement = load_engagement(folder)
        for name in (engagement.client, folder.name, engagement.consultant, engagement.industry):
            assert name.lower() not in text.lower(), name
        for word in folder.name.split("-") + engagement.client.split():
            if len(word) > 4 and word.lower() not in SECTORS:  # "telecom" is a sector, not a name
                assert word.lower() not in text.lower(), word
    raw = json.loads(text)
    assert set(raw) == {"format", "version", "min_peers", "measures", "records"}
    assert all(set(r) == {"sector", "size_band", "year", "scores"} for r in raw["records"])


def test_samples_in_their_own_benchmark():
    """Aurora Telecom among the 9 samples: 8 others overall, no other telecom, no other 5000+ firm."""
    benchmark = practice_benchmark([str(SHIPPED / "*")])
    engagement = load_engagement(SHIPPED / "aurora-telecom")
    mine = benchmark_record(engagement)
    standing = position(benchmark, mine.scores, sector=mine.sector, size_band=mine.size_band, year=mine.year)
    assert standing.self_excluded
    rounded = build_benchmark([mine]).records[0]  # the benchmark keeps one decimal
    others = [r.score("index") for r in benchmark.records]
    others.remove(rounded.score("index"))
    assert standing.get("all").peers == 8
    assert standing.get("all").percentile == pytest.approx(stats.percentileofscore(others, rounded.score("index"),
                                                                                  kind="mean"))
    assert (standing.get("sector").peers, standing.get("sector").percentile) == (0, None)
    assert standing.get("size_band").peers == 0


# -- the engagement's profile (the edge) ------------------------------------------------------------------

def test_size_bands():
    assert [size_band(n) for n in (1, 249, 250, 999, 1000, 4999, 5000, 10**6)] == [
        "small", "small", "medium", "medium", "large", "large", "very_large", "very_large"]
    assert Profile("telecom", 5200).size_band == "very_large"
    with pytest.raises(ValueError):
        size_band(0)


def test_every_sample_has_a_profile():
    for folder in SAMPLES:
        profile = load_engagement(folder).profile
        assert profile is not None and profile.sector in SECTORS and profile.employees >= 1, folder.name
    assert load_engagement(SHIPPED / "aurora-telecom").profile == Profile("telecom", 5200)


@pytest.mark.parametrize("lines, field, expected", [
    ("profile:\n  sector: mining\n  employees: 10\n", "profile.sector", "expected one of banking"),
    ("profile:\n  sector: telecom\n  employees: -3\n", "profile.employees", "expected"),
    ("profile:\n  sector: telecom\n  employees: 12.5\n", "profile.employees", "expected"),
    ("profile:\n  sector: telecom\n  employees: many\n", "profile.employees", "expected"),
    ("profile:\n  sector: telecom\n", "profile.employees", "missing"),
    ("profile:\n  sector: telecom\n  employees: 10\n  client: X\n", "profile.client", "unknown field"),
    ("profile: telecom\n", "profile", "mapping"),
])
def test_bad_profiles_are_named(tmp_path, lines, field, expected):
    folder = tmp_path / "acme"
    shutil.copytree(SHIPPED / "ledgerly-saas", folder)
    text = (folder / "engagement.yaml").read_text(encoding="utf-8")
    start = text.index("profile:")
    end = text.index("date:")
    (folder / "engagement.yaml").write_text(text[:start] + lines + text[end:], encoding="utf-8")
    with pytest.raises(EngagementError, match=expected) as info:
        load_engagement(folder)
    assert "engagement.yaml" in str(info.value) and field in str(info.value)


def test_no_profile_is_fine_and_counts_in_the_whole_practice_only(tmp_path):
    folder = tmp_path / "acme"
    shutil.copytree(SHIPPED / "ledgerly-saas", folder)
    text = (folder / "engagement.yaml").read_text(encoding="utf-8")
    (folder / "engagement.yaml").write_text(text[:text.index("profile:")] + text[text.index("date:"):],
                                            encoding="utf-8")
    engagement = load_engagement(folder)
    assert engagement.profile is None
    mine = benchmark_record(engagement)
    assert (mine.sector, mine.size_band) == ("", "")
    standing = position(build_benchmark(PORTFOLIO), mine.scores)
    assert [s.group for s in standing.standings if s.measure == "index"] == ["all"]


def test_the_model_imports_numpy_and_pandas_only():
    """cxconsult/benchmark.py imports the standard library, numpy and pandas only, and a fresh interpreter
    importing it loads no UI or notebook module (as tests/test_purity.py checks the other models)."""
    import ast
    import subprocess
    import sys

    import cxconsult.benchmark as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported == {"__future__", "json", "math", "collections", "dataclasses", "pathlib", "typing",
                        "numpy", "pandas"}
    code = ("import sys, cxconsult.benchmark\n"
            "print(','.join(m for m in ('ipywidgets', 'matplotlib', 'voila', 'IPython', 'papermill')"
            " if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_bundled_sample_benchmark_is_current(tmp_path):
    """``data/benchmarks/sample-practice.json`` (the practice that ``make demo`` positions Aurora in) is what
    ``cxconsult benchmark export "data/engagements/*"`` writes today, byte for byte: regenerate it with that
    command when a sample's answers or profile change."""
    from cxconsult.batch import practice_benchmark

    root = Path(__file__).resolve().parents[1]
    fresh = practice_benchmark(str(root / "data" / "engagements" / "*")).to_file(tmp_path / "fresh.json")
    assert fresh.read_bytes() == (root / "data" / "benchmarks" / "sample-practice.json").read_bytes()
