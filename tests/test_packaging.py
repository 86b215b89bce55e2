"""Packaging: environment.yml mirrors pyproject.toml, and a plain wheel ships notebooks and data
(so `cxconsult app` and `cxconsult report` work after `pip install cxconsult`)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONDA_NAMES = {"matplotlib": "matplotlib-base"}


def _bounds(requirements: list[str]) -> dict[str, str]:
    out = {}
    for requirement in requirements:
        name, bound = re.match(r"^([A-Za-z0-9_.-]+)>=([0-9.]+)$", requirement).groups()
        out[name.lower()] = bound
    return out


def test_environment_yml_mirrors_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _bounds(project["dependencies"])
    for extra in ("dask", "pdf", "test", "bench"):
        wanted.update(_bounds(project["optional-dependencies"][extra]))
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    listed = [d for d in env if isinstance(d, str)] + next(d["pip"] for d in env if isinstance(d, dict))
    have = _bounds([d.replace(" ", "") for d in listed if ">=" in d and not d.startswith("python")])
    for name, bound in wanted.items():
        assert have.get(CONDA_NAMES.get(name, name)) == bound, f"{name}>={bound} missing from environment.yml"


@pytest.mark.slow
def test_wheel_ships_notebooks_templates_and_data(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path),
                           str(ROOT)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    wheel = next(tmp_path.glob("cxconsult-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ["cxconsult/_resources/notebooks/intake.ipynb",
                   "cxconsult/_resources/notebooks/apps/workshop.ipynb",
                   "cxconsult/_resources/templates/cxreport/index.html.j2",
                   "cxconsult/_resources/templates/engagement/engagement.yaml",
                   "cxconsult/_resources/data/questions/en.yaml",
                   "cxconsult/_resources/data/programme/fr.yaml",
                   "cxconsult/_resources/data/spc/defaults.yaml",
                   "cxconsult/_resources/data/engagements/aurora-telecom/engagement.yaml"]:
        assert needed in names, needed
