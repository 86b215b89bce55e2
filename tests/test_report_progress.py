"""The progress notebook run by papermill on the sample engagement (two waves): the section's heading, the
index change next to its label and both charts, with no client value unescaped."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.narrative import progress
from cxconsult.resources import resource_path

pytestmark = pytest.mark.slow


def test_progress_notebook_runs_on_the_sample(sample_path, tmp_path: Path):
    import papermill

    notebook = resource_path("notebooks") / "progress.ipynb"
    out = tmp_path / "progress.ipynb"
    executed = papermill.execute_notebook(str(notebook), str(out), parameters={"engagement_path": str(sample_path)},
                                          kernel_name="python3", cwd=str(notebook.parent), progress_bar=False)
    outputs = [o for cell in executed.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = html.unescape("".join(o.get("data", {}).get("text/html", "") for o in outputs))
    result = progress.comparison(load_engagement(sample_path))
    assert "Progress since the last diagnostic" in text and "What moved and what did not" in text
    assert (f"the maturity index went from {result.index.earlier:.1f} to {result.index.later:.1f} "
            f"({result.index.change:+.1f} points") in text
    assert "Actions since the last diagnostic" in text and "Priya Nair (CX lead)" in text
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 2
