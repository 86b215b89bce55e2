"""The per-report result cache (cxconsult.cache): computed once, shared, cleared per run, keyed by inputs."""

from __future__ import annotations

import shutil

import pytest

from cxconsult import cache
from cxconsult.engagement import load_engagement
from cxconsult.reports import inputs_hash, notebooks_folder, run_engagement


class _Engagement:
    def __init__(self, path):
        self.path = path


def test_without_a_report_run_nothing_is_cached(monkeypatch):
    monkeypatch.delenv(cache.ENV, raising=False)
    calls = []
    for _ in range(2):
        assert cache.cached(_Engagement("/x"), "k", lambda: calls.append(1) or 42) == 42
    assert len(calls) == 2


def test_computed_once_per_run_and_cleared_by_the_next(tmp_path, monkeypatch):
    folder = cache.prepare(tmp_path, "a" * 64)
    monkeypatch.setenv(cache.ENV, str(folder))
    calls = []
    one, other = _Engagement("/e/one"), _Engagement("/e/other")
    for _ in range(3):
        assert cache.cached(one, "outlook.simulate:base", lambda: calls.append("one") or {"p": 0.5}) == {"p": 0.5}
    cache.cached(other, "outlook.simulate:base", lambda: calls.append("other") or 1)   # another engagement
    cache.cached(one, "outlook.simulate:automation_push", lambda: calls.append("push") or 2)  # another key
    assert calls == ["one", "other", "push"]
    assert cache.log_lines(tmp_path) == ["miss outlook.simulate:base", "hit outlook.simulate:base",
                                         "hit outlook.simulate:base", "miss outlook.simulate:base",
                                         "miss outlook.simulate:automation_push"]
    # the next run (other inputs: another hash) starts from an empty cache
    folder2 = cache.prepare(tmp_path, "b" * 64)
    monkeypatch.setenv(cache.ENV, str(folder2))
    assert not folder.exists() and cache.log_lines(tmp_path) == []
    assert cache.cached(one, "outlook.simulate:base", lambda: calls.append("again") or 3) == 3
    assert calls[-1] == "again"


def test_inputs_hash_changes_with_the_engagement(sample_copy):
    """The run's cache folder is named after reports.inputs_hash: changing an input changes it."""
    before = inputs_hash(sample_copy)
    path = sample_copy / "outlook.yaml"
    path.write_text(path.read_text().replace("seed: 2026", "seed: 2027"))
    assert inputs_hash(sample_copy) != before


@pytest.mark.slow
def test_monte_carlo_runs_once_per_report(sample_copy, tmp_path):
    """A report with the executive summary and the outlook section (both need the outlook's Monte
    Carlo and projection): the 10,000-path simulation is computed once (a miss in the executive
    summary's kernel) and reused by the outlook's kernel (a hit); a second report after an input
    changed computes it again in a fresh cache folder."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in ("report.ipynb", "outlook.ipynb"):
        shutil.copy(notebooks_folder() / name, notebooks / name)
    out = tmp_path / "reports"
    result = run_engagement(sample_copy, out, notebooks_dir=notebooks)
    n_paths = load_engagement(sample_copy).outlook.n_paths
    lines = cache.log_lines(out / "aurora-telecom")
    key = f"outlook.simulate:base:{n_paths}:2026"
    assert lines.count(f"miss {key}") == 1 and lines.count(f"hit {key}") >= 1, lines
    assert lines.count("miss outlook.project:base") == 1 and lines.count("hit outlook.project:base") >= 2
    assert "Plan versus actual" in result.html.read_text()
    first = sorted((out / "aurora-telecom" / cache.FOLDER).iterdir())
    path = sample_copy / "outlook.yaml"
    path.write_text(path.read_text().replace("seed: 2026", "seed: 2027"))
    run_engagement(sample_copy, out, notebooks_dir=notebooks)
    second = sorted((out / "aurora-telecom" / cache.FOLDER).iterdir())
    assert len(first) == len(second) == 1 and first[0].name != second[0].name
    lines = cache.log_lines(out / "aurora-telecom")
    assert lines.count(f"miss outlook.simulate:base:{n_paths}:2027") == 1
