"""Every notebook is thin and parameterised (DESIGN guidelines 7-8).

nbval executes the notebooks themselves (`--nbval-lax` in pyproject's addopts).
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import papermill
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))
MAX_CELL_LINES = 15


def test_there_are_notebooks():
    names = {p.name for p in NOTEBOOKS}
    assert {"intake.ipynb", "report.ipynb"} <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_parameters_cell(path):
    parameters = papermill.inspect_notebook(str(path))
    assert "engagement_path" in parameters
    for name, info in parameters.items():
        assert info["inferred_type_name"] in {"str", "int", "float", "bool", "None"}, name
        assert info["help"], f"parameter {name} needs a comment"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_thin_notebook(path):
    notebook = nbformat.read(path, as_version=4)
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.lstrip().startswith("# "), "title cell first"
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    imports_cxconsult = False
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert len(cell.source.splitlines()) <= MAX_CELL_LINES, f"cell too long:\n{cell.source}"
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)), \
                "define functions in cxconsult/, not in notebooks"
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cxconsult"):
                imports_cxconsult = True
        assert not cell.outputs, "commit notebooks without outputs"
    assert imports_cxconsult
