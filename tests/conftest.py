"""Shared fixtures: paths of the shipped sample engagement and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

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
