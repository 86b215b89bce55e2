"""End-to-end: `cxconsult report` on the sample engagement makes an HTML report a client can read."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from cxconsult import load_engagement
from cxconsult.diagnostic import score
from cxconsult.reports import ReportError, applicable_sections, inputs_hash, run_engagement

pytestmark = pytest.mark.slow


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "cxconsult.cli", *args], capture_output=True, text=True,
                          timeout=600)


def test_report_cli_on_sample(sample_copy, tmp_path):
    out = tmp_path / "reports"
    done = cli("report", str(sample_copy), "--out", str(out))
    assert done.returncode == 0, done.stderr
    html_path = out / "aurora-telecom" / "report.html"
    assert f"Report: {html_path}" in done.stdout
    html = html_path.read_text(encoding="utf-8")

    assert "Aurora Telecom" in html
    result = score(load_engagement(sample_copy).responses)
    # the four area scores as the report words and tables them: "People (48)" etc.
    text = re.sub(r"<[^>]+>", " ", html)
    for area, label in [("people", "People"), ("process_technology", "Processes &amp; technology"),
                        ("customers", "Customers"), ("finance", "Finance")]:
        assert f"{result.by_area[area]:.0f}" in text, area
    assert f"{result.index:.0f}/100" in text
    # no code in the report, no CDN scripts
    assert "load_engagement(" not in html and "import " not in text
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html
    # charts are embedded images; executed notebooks kept for audit
    assert html.count("data:image/png;base64") >= 3
    kept = sorted(p.name for p in (out / "aurora-telecom" / "notebooks").glob("*.ipynb"))
    assert "intake.ipynb" in kept and "report.ipynb" in kept


def test_sections_without_data_are_left_out_with_a_line(tmp_path):
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "engagement.yaml").write_text("client: Bare Ltd\n")
    (folder / "responses.csv").write_text("respondent,role,question,answer\n")
    run, left_out = applicable_sections(load_engagement(folder))
    assert [s.key for s in run] == ["summary"]
    assert any("no intake answers" in line for line in left_out)
    result = run_engagement(folder, tmp_path / "out")
    html = result.html.read_text()
    assert "Bare Ltd" in html and "CX diagnostic left out: no intake answers" in html


def test_unchanged_inputs_are_skipped_and_changes_rerun(sample_copy, tmp_path):
    first = run_engagement(sample_copy, tmp_path / "out", force=False)
    assert not first.skipped
    again = run_engagement(sample_copy, tmp_path / "out", force=False)
    assert again.skipped and again.html == first.html
    before = inputs_hash(sample_copy)
    with (sample_copy / "responses.csv").open("a") as handle:
        handle.write("Zoe,Agent,P1,2\n")
    assert inputs_hash(sample_copy) != before
    assert not run_engagement(sample_copy, tmp_path / "out", force=False).skipped


def test_bad_engagement_exits_2_with_a_clear_message(sample_copy, tmp_path):
    (sample_copy / "responses.csv").write_text("respondent,role,question,answer\nAnn,CEO,P1,9\n")
    done = cli("report", str(sample_copy), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "responses.csv: column 'answer', row 1" in done.stderr
    assert "Traceback" not in done.stderr


def test_failing_notebook_names_the_cell(sample_copy, tmp_path):
    """A notebook error surfaces as ReportError naming notebook and cell (real papermill run)."""
    import nbformat

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    broken = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell('engagement_path = ""', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("1 / 0")])
    broken.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(broken, notebooks / "report.ipynb")
    with pytest.raises(ReportError) as info:
        run_engagement(sample_copy, tmp_path / "out", notebooks_dir=notebooks)
    # cells: parameters, injected parameters, "1 / 0" -> the third
    assert info.value.notebook == "report.ipynb" and info.value.cell == 3
    assert "ZeroDivisionError" in str(info.value) and "'1 / 0'" in str(info.value)
