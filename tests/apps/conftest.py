"""Shared fixtures for the app builder tests (no browser, no voila)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "engagements" / "aurora-telecom"


@pytest.fixture
def engagement(tmp_path: Path) -> Path:
    """A copy of the sample engagement, so tests never write into the repository."""
    target = tmp_path / "aurora-telecom"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("responses.db*"))
    return target
