"""Models import only numpy, scipy and pandas (DESIGN guideline 1): checked in a fresh interpreter."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

MODELS = ["cxconsult.diagnostic", "cxconsult.metrics", "cxconsult.outlook", "cxconsult.retention",
          "cxconsult.spc", "cxconsult.engagement", "cxconsult.store", "cxconsult.complaints",
          "cxconsult.benchmark", "cxconsult.journey", "cxconsult.voc", "cxconsult.cache"]
FORBIDDEN = ["ipywidgets", "matplotlib", "voila", "IPython", "papermill"]


@pytest.mark.parametrize("module", MODELS)
def test_model_imports_no_ui(module):
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is missing")
    code = (f"import sys, {module}\n"
            f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
            "print(','.join(bad))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{module} loaded {done.stdout.strip()}"
