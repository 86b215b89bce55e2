"""Models import only numpy/scipy/pandas (DESIGN guideline 1): checked in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_retention_models_do_not_load_plotting_or_widgets():
    code = ("import sys; import cxconsult.retention, cxconsult.retention.clv, cxconsult.retention.economics, "
            "cxconsult.retention.bgnbd, cxconsult.sections.retention; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'voila') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
