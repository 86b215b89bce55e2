"""End-to-end: `cxconsult report` on the sample engagement makes an HTML report a client can read."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from bs4 import BeautifulSoup

from cxconsult import load_engagement
from cxconsult.diagnostic import score
from cxconsult.reports import ReportError, applicable_sections, inputs_hash, run_engagement

pytestmark = pytest.mark.slow
ENGAGEMENTS = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "engagements"


def _rows(html: str, css: str) -> dict[str, list[str]]:
    soup = BeautifulSoup(html, "html.parser")
    out = {}
    for tr in soup.select(f"table.{css} tbody tr"):
        cells = [re.sub(r"\s+", " ", c.get_text(" ", strip=True)) for c in tr.find_all(["th", "td"])]
        out[cells[0]] = cells[1:]
    return out


def area_rows(html: str) -> dict[str, list[str]]:
    return _rows(html, "cx-areas")


def answer_rows(html: str) -> dict[str, list[str]]:
    return _rows(html, "cx-answers")


def card_values(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    return {c.select_one(".cx-card-label").get_text(strip=True): c.select_one(".cx-card-value").get_text(strip=True)
            for c in soup.select(".cx-card")}


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
    # each area score beside its area's name in the area table (not merely somewhere in the text)
    areas = area_rows(html)
    for area, label in [("people", "People"), ("process_technology", "Processes & technology"),
                        ("customers", "Customers"), ("finance", "Finance")]:
        assert areas[label][0] == f"{result.by_area[area]:.0f}", area
    assert areas["Maturity index"][0] == f"{result.index:.0f}"
    # the index beside its label on the summary's card, and in the first key message
    assert card_values(html)["Maturity index"] == f"{result.index:.0f}/100"
    text = re.sub(r"\s+", " ", BeautifulSoup(html, "html.parser").get_text(" "))
    assert f"The customer-experience maturity index is {result.index:.0f}/100, stage" in text
    # a share next to its words: F2's don't-know count beside the question in the model-answers table
    assert answer_rows(html)["F2"][1] == "4 of 8 participants answered “don't know”"
    # no code in the report, no CDN scripts
    assert "load_engagement(" not in html and "import " not in text
    assert "cdn.jsdelivr" not in html and "cdnjs" not in html
    # charts are embedded images; executed notebooks kept for audit
    assert html.count("data:image/png;base64") >= 3
    assert "No description has been provided" not in html
    # the report ends with the roadmap, then the appendix
    titles = [h.get_text(" ", strip=True) for h in BeautifulSoup(html, "html.parser").select("main h1, body h1")
              if not h.find_parent(class_="cx-cover")]
    assert titles[0] == "Executive summary" and titles[-2:] == ["Roadmap", "Appendix: assumptions and sources"]
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


def test_unchanged_inputs_are_skipped_and_changes_rerun(sample_copy, tmp_path, diagnostic_only):
    diagnostic_only(sample_copy)  # skip mechanics: the intake notebook is enough
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


def test_french_report_has_no_english_frame(tmp_path):
    """Lumière Énergie (fr): headings, cover, summary, roadmap and appendix in French, numbers by label."""
    result = run_engagement(ENGAGEMENTS / "lumiere-energie", tmp_path / "out")
    html = result.html.read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.html.get("lang") == "fr"
    headings = [re.sub(r"\s+", " ", h.get_text(" ", strip=True)) for h in soup.find_all(["h1", "h2"])]
    for english in ("Executive summary", "CX diagnostic", "The twenty questions", "Where the room disagrees",
                    "Prioritised actions", "Roadmap", "Appendix: assumptions and sources", "Key messages"):
        assert english not in headings, english
    assert {"Synthèse", "Les vingt questions", "Feuille de route", "Annexe : hypothèses et sources"} <= set(
        h.replace("\u00a0", " ") for h in headings)
    text = re.sub(r"\s+", " ", soup.get_text(" ")).replace("\u00a0", " ")
    for english in ("participant(s)", "time(s)", "Step ", "Owner", "left out", "Prepared with", "don't know",
                    "Customer-experience review", "No description has been provided"):
        assert english not in text, english
    engagement = load_engagement(ENGAGEMENTS / "lumiere-energie")
    scores = score(engagement.responses)
    areas = area_rows(html)
    # each French area name beside its score: Collaborateurs, Processus et technologie, Clients, Finance
    assert areas["Collaborateurs"][0] == f"{scores.by_area['people']:.0f}"
    assert areas["Processus et technologie"][0] == f"{scores.by_area['process_technology']:.0f}"
    assert areas["Clients"][0] == f"{scores.by_area['customers']:.0f}"
    assert areas["Finance"][0] == f"{scores.by_area['finance']:.0f}"
    assert card_values(html)["Indice de maturité"] == f"{scores.index:.0f}/100"
    # money-free report; the cover date is French
    assert "22 septembre 2026" in text


def test_charts_without_a_description_get_one_from_the_heading_above():
    import nbformat

    from cxconsult.reports import describe_charts

    png = {"image/png": "iVBORw0KGgo="}
    own = nbformat.v4.new_output("display_data", data=png, metadata={"cxreport": {"alt": "Own alt", "caption": "Own"}})
    cells = [nbformat.v4.new_markdown_cell("## Why customers leave"),
             nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data=png)]),
             nbformat.v4.new_code_cell(outputs=[
                 nbformat.v4.new_output("display_data", data={"text/html": '<h2 class="cx-heading">Les vingt '
                                                                          "questions</h2><p>x</p>"}),
                 nbformat.v4.new_output("display_data", data=png), own])]
    assert describe_charts(cells, "fr") == 2
    first = cells[1].outputs[0].metadata["cxreport"]
    assert first["alt"] == "Graphique de la section «\u00a0Why customers leave\u00a0»" == first["caption"]
    assert cells[2].outputs[1].metadata["cxreport"]["alt"] == "Graphique de la section «\u00a0Les vingt questions\u00a0»"
    assert cells[2].outputs[2].metadata["cxreport"] == {"alt": "Own alt", "caption": "Own"}
