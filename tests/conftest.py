"""Shared fixtures: paths of the shipped sample engagement, a writable copy of it, and a way to strip a
copied engagement down to the diagnostic (for tests of report or batch mechanics)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "engagements" / "aurora-telecom"


@pytest.fixture
def sample_path() -> Path:
    """The shipped sample engagement (read only: copy it before writing)."""
    return SAMPLE


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the sample engagement in ``tmp_path``, safe to modify."""
    target = tmp_path / "aurora-telecom"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("responses.db*"))
    return target


@pytest.fixture
def diagnostic_only():
    """A function that strips a copied engagement folder to the diagnostic and returns the folder.

    It removes every model section (``cxconsult.engagement.SECTION_PARSERS``: outlook, retention, ...)
    from the copy's ``engagement.yaml``, so a report runs the intake notebook only: for tests of report
    or batch mechanics (skip-unchanged, failure isolation, schedulers), not of the sections.
    """
    from cxconsult.engagement import SECTION_PARSERS

    def strip(folder: Path) -> Path:
        path = folder / "engagement.yaml"
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        kept = {key: value for key, value in raw.items() if key not in SECTION_PARSERS}
        path.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return folder

    return strip


_BENCHMARK_REPORTS = pytest.StashKey[list]()


@pytest.fixture
def benchmark_reports(request) -> list:
    """Where a benchmark run in the suite leaves ``(command, report)``; printed at the end of the run."""
    return request.config.stash.setdefault(_BENCHMARK_REPORTS, [])


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The benchmarks' own reports (tests/browser/test_benchmarks.py), after the test summary."""
    for command, report in config.stash.get(_BENCHMARK_REPORTS, []):
        terminalreporter.write_sep("-", f"benchmark report: {command}")
        terminalreporter.write_line(report)
