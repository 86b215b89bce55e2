"""Batch reports: globs, failure isolation (bad YAML, a notebook cell raising), skip-unchanged, portfolio.

The slow tests run real papermill kernels on copies of the shipped sample engagements in ``tmp_path``.
The notebook-error case runs a small notebook written here (through ``run_batch(notebooks_dir=)`` and
``$CXCONSULT_NOTEBOOKS``) whose cell fails for an engagement that passes validation: every answer
"don't know", so there is no scored area to pick the weakest from.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from cxconsult import diagnostic, load_engagement
from cxconsult.batch import (NOTEBOOKS_ENV, BatchResult, EngagementOutcome, engagement_folders, portfolio_html,
                             run_batch, run_one)
from cxconsult.errors import CxConsultError, EngagementError

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "engagements"
CLI = Path(sys.executable).with_name("cxconsult")


def copy_engagement(slug: str, dest: Path, name: str | None = None) -> Path:
    target = dest / (name or slug)
    shutil.copytree(SHIPPED / slug, target)
    return target


def break_yaml(folder: Path) -> Path:
    """Leave an unclosed bracket in engagement.yaml (a YAML syntax error on the client line)."""
    text = (folder / "engagement.yaml").read_text(encoding="utf-8")
    (folder / "engagement.yaml").write_text(re.sub(r"^client: .*$", "client: [Broken Ltd", text, flags=re.M),
                                            encoding="utf-8")
    return folder


def all_dont_know(folder: Path) -> Path:
    """Every intake answer 'dk': valid input (the loader accepts it) with no scored area."""
    frame = pd.read_csv(folder / "responses.csv")
    frame["answer"] = "dk"
    frame.to_csv(folder / "responses.csv", index=False)
    return folder


def write_notebooks(folder: Path) -> Path:
    """A one-section report set: ``report.ipynb`` whose third code cell fails when no area is scored."""
    folder.mkdir()
    cells = [
        nbformat.v4.new_markdown_cell("# Weakest area"),
        nbformat.v4.new_code_cell('engagement_path = ""  # engagement folder', metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("import math\nfrom cxconsult import diagnostic, load_engagement\n"
                                  "result = diagnostic.score(load_engagement(engagement_path).responses)"),
        nbformat.v4.new_code_cell("weakest = min((v, k) for k, v in result.by_area.items() if not math.isnan(v))"),
        nbformat.v4.new_code_cell("print(f'Weakest area: {weakest[1]} ({weakest[0]:.0f}/100)')"),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "report.ipynb")
    return folder


# -- fast: no kernels ---------------------------------------------------------------------------------------

def test_engagement_folders_expands_globs_yaml_paths_and_dedupes(tmp_path):
    a = copy_engagement("ledgerly-saas", tmp_path)
    b = copy_engagement("alpenrose-hotels", tmp_path)
    (tmp_path / "notes").mkdir()  # a glob match that is not an engagement is passed over
    (tmp_path / "README.md").write_text("portfolio notes")
    found = engagement_folders([str(tmp_path / "*"), a / "engagement.yaml", str(b)])
    assert found == [b.resolve(), a.resolve()]  # glob order (sorted), each folder once
    assert engagement_folders(str(tmp_path / "*" / "engagement.yaml")) == [b.resolve(), a.resolve()]
    with pytest.raises(CxConsultError, match="no engagement folders match"):
        engagement_folders(str(tmp_path / "nothing-*"))


def test_run_one_turns_bad_yaml_into_a_failed_record(tmp_path):
    broken = break_yaml(copy_engagement("ledgerly-saas", tmp_path))
    with pytest.raises(EngagementError) as raised:  # what the record must carry
        load_engagement(broken)
    outcome = run_one(broken, tmp_path / "out")
    assert outcome.status == "failed" and outcome.error_type == "EngagementError"
    assert outcome.error == str(raised.value)
    assert outcome.error.startswith("engagement.yaml: line ") and "invalid YAML" in outcome.error
    assert outcome.html is None and math.isnan(outcome.index)


def test_missing_folder_and_duplicate_names_fail_alone(tmp_path):
    copy_engagement("ledgerly-saas", tmp_path / "a")
    broken = break_yaml(copy_engagement("ledgerly-saas", tmp_path / "b"))  # same folder name, other path
    result = run_batch([tmp_path / "a" / "ledgerly-saas", broken, tmp_path / "no-such-client"],
                       tmp_path / "out", progress=False, notebooks_dir=write_notebooks(tmp_path / "nb"))
    first, duplicate, missing = result.items
    assert first.status == "ok"
    assert duplicate.status == "failed" and "same name" in duplicate.error
    assert missing.status == "failed" and "does not exist" in missing.error
    assert result.counts == {"ok": 1, "skipped": 0, "failed": 2} and not result.ok


def test_summary_frame_and_portfolio_from_outcomes(tmp_path):
    out = tmp_path / "out"
    (out / "acme").mkdir(parents=True)
    (out / "acme" / "report.html").write_text("<html></html>")
    items = (
        EngagementOutcome("acme", tmp_path / "acme", "ok", client="Acme & Sons", html=out / "acme" / "report.html",
                          respondents=3, index=50.0, scores={"people": 25.0, "process_technology": 50.0,
                                                             "customers": 75.0, "finance": 50.0}),
        EngagementOutcome("zeta", tmp_path / "zeta", "failed", client="Zeta", error_type="ReportError",
                          error="zeta: notebook intake.ipynb failed at cell 4: ValueError: <bad>",
                          notebook="intake.ipynb", cell=4),
    )
    result = BatchResult(items, out, seconds=1.0, jobs=2)
    assert not result.ok and result.counts == {"ok": 1, "skipped": 0, "failed": 1}
    frame = result.to_frame()
    assert list(frame.index) == ["acme", "zeta"]
    assert frame.loc["acme", "customers"] == 75.0 and math.isnan(frame.loc["zeta", "index"])
    text = result.summary()
    assert "FAILED zeta [intake.ipynb cell 4]: ReportError" in text and "1 made" in text
    page = portfolio_html(result)
    assert 'href="acme/report.html"' in page  # relative link
    assert "Acme &amp; Sons" in page and "&lt;bad&gt;" in page  # escaped
    assert "http" not in page  # no CDN or remote asset


# -- slow: real papermill runs ----------------------------------------------------------------------------

@pytest.mark.slow
def test_failures_are_isolated_and_reported(tmp_path):
    good = [copy_engagement("ledgerly-saas", tmp_path), copy_engagement("alpenrose-hotels", tmp_path)]
    broken = break_yaml(copy_engagement("northwind-retail", tmp_path, "broken-yaml"))
    no_scores = all_dont_know(copy_engagement("harbourline-insurance", tmp_path, "all-dont-know"))
    load_engagement(no_scores)  # valid input: the failure must come from the notebook
    notebooks = write_notebooks(tmp_path / "nb")
    out = tmp_path / "out"

    result = run_batch([*good, broken, no_scores], out, jobs=2, progress=False, notebooks_dir=notebooks)

    assert [i.engagement for i in result.items] == ["ledgerly-saas", "alpenrose-hotels", "broken-yaml",
                                                     "all-dont-know"]
    assert not result.ok and result.counts == {"ok": 2, "skipped": 0, "failed": 2}
    for item, folder in zip(result.items[:2], good):
        assert item.status == "ok" and item.html.is_file()
        executed = nbformat.read(item.executed[0], as_version=4)
        printed = executed.cells[-1].outputs[0]["text"]
        assert printed.startswith("Weakest area:")  # the notebook really ran for this client
        expected = diagnostic.score(load_engagement(folder).responses)
        assert item.scores == pytest.approx(expected.by_area) and item.index == pytest.approx(expected.index)

    yaml_item = result.items[2]
    assert yaml_item.error_type == "EngagementError" and "engagement.yaml" in yaml_item.error
    assert "invalid YAML" in yaml_item.error and yaml_item.notebook == ""

    nb_item = result.items[3]
    assert nb_item.error_type == "ReportError" and nb_item.notebook == "report.ipynb"
    assert "ValueError" in nb_item.error and "min()" in nb_item.error
    assert nb_item.respondents == 6 and math.isnan(nb_item.index)  # loaded, nothing scored
    # ``cell`` is the 1-based position, in the executed notebook kept for audit, of the cell whose output
    # holds the error (not counting the two marker cells papermill adds to a failed notebook)
    executed = nbformat.read(nb_item.executed[0], as_version=4)
    cells = [c for c in executed.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    failing = [n for n, c in enumerate(cells, start=1) if c.cell_type == "code"
               and any(o.get("output_type") == "error" for o in c.outputs)]
    assert failing == [nb_item.cell]
    assert cells[nb_item.cell - 1].source.startswith("weakest = min(")

    frame = pd.read_csv(out / "summary.csv", index_col="engagement")
    assert frame["status"].to_dict() == {"ledgerly-saas": "ok", "alpenrose-hotels": "ok",
                                         "broken-yaml": "failed", "all-dont-know": "failed"}
    page = (out / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', page)
    assert "ledgerly-saas/report.html" in hrefs and "alpenrose-hotels/report.html" in hrefs
    assert all((out / h).is_file() for h in hrefs)  # every link resolves, relative to index.html
    assert "invalid YAML" in page and f"report.ipynb cell {nb_item.cell}" in page


@pytest.mark.slow
def test_cli_batch_exits_non_zero_and_names_the_failures(tmp_path):
    engagements = tmp_path / "engagements"
    copy_engagement("ledgerly-saas", engagements)
    break_yaml(copy_engagement("alpenrose-hotels", engagements, "broken-yaml"))
    all_dont_know(copy_engagement("harbourline-insurance", engagements, "all-dont-know"))
    env = {**os.environ, NOTEBOOKS_ENV: str(write_notebooks(tmp_path / "nb"))}
    run = subprocess.run([str(CLI), "batch", str(engagements / "*"), "--out", str(tmp_path / "out"), "--jobs", "2"],
                         capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 1, run.stderr
    assert "FAILED broken-yaml: EngagementError: engagement.yaml" in run.stdout
    assert re.search(r"FAILED all-dont-know \[report\.ipynb cell \d+\]: ReportError: .*ValueError", run.stdout)
    assert re.search(r"^ledgerly-saas\s+ok\s", run.stdout, flags=re.M)
    assert "3 engagement(s): 1 made, 0 unchanged, 2 failed" in run.stdout
    assert "reports" in run.stderr  # the progress bar goes to stderr
    assert (tmp_path / "out" / "ledgerly-saas" / "report.html").is_file()


@pytest.mark.slow
def test_unchanged_inputs_are_skipped_unless_forced(tmp_path, diagnostic_only):
    """With the shipped notebooks: make, keep when unchanged, remake on changed data or --force."""
    folder = diagnostic_only(copy_engagement("ledgerly-saas", tmp_path))  # batch mechanics: intake only
    out = tmp_path / "out"
    report = out / "ledgerly-saas" / "report.html"

    first = run_batch([folder], out, progress=False)
    assert first.ok and first.items[0].status == "ok" and report.is_file()
    made = report.stat().st_mtime_ns

    second = run_batch([folder], out, progress=False)
    assert second.items[0].status == "skipped" and report.stat().st_mtime_ns == made
    assert second.items[0].index == first.items[0].index  # the portfolio still shows the scores
    assert 'href="ledgerly-saas/report.html"' in (out / "index.html").read_text(encoding="utf-8")

    with open(folder / "responses.csv", "a", encoding="utf-8") as fh:  # one more answer changes the inputs
        fh.write("Late Joiner,Finance,F1,4\n")
    third = run_batch([folder], out, progress=False)
    assert third.items[0].status == "ok" and third.items[0].respondents == first.items[0].respondents + 1

    forced = run_batch([folder], out, force=True, progress=False)
    assert forced.items[0].status == "ok" and report.stat().st_mtime_ns > made


# -- the practice benchmark ----------------------------------------------------------------------------------

def test_benchmark_of_all_samples_is_built_without_reports(tmp_path):
    """The benchmark step alone (load and score each engagement): the 9 samples, a broken folder left out."""
    from cxconsult.batch import practice_benchmark

    for slug in sorted(p.name for p in SHIPPED.iterdir() if (p / "engagement.yaml").is_file()):
        copy_engagement(slug, tmp_path / "all")
    break_yaml(copy_engagement("ledgerly-saas", tmp_path / "all", "broken-ltd"))
    benchmark = practice_benchmark(str(tmp_path / "all" / "*"))
    assert len(benchmark) == 9
    assert benchmark.counts("size_band") == {"large": 6, "medium": 1, "small": 1, "very_large": 1}
    assert benchmark.counts("sector")["banking"] == 2 and benchmark.counts("sector")["retail"] == 2


def test_benchmark_scores_are_the_diagnostic_scores():
    """The benchmark step's quick scores equal ``diagnostic.score`` (index and areas) for every sample and
    for an engagement answering "don't know" to a whole area."""
    from cxconsult.batch import diagnostic_scores

    frames = [load_engagement(p).responses for p in sorted(SHIPPED.iterdir()) if (p / "engagement.yaml").is_file()]
    no_finance = frames[0].copy()
    no_finance.loc[no_finance["question"].str.startswith("F"), "answer"] = "dk"
    for frame in [*frames, no_finance]:
        quick, full = diagnostic_scores(frame), diagnostic.score(frame)
        assert quick["index"] == pytest.approx(full.index)
        for area, value in full.by_area.items():
            assert (math.isnan(value) and math.isnan(quick[area])) or quick[area] == pytest.approx(value)
    assert math.isnan(diagnostic_scores(no_finance)["finance"])
    assert diagnostic_scores(frames[0].iloc[0:0]) is None


def test_batch_writes_benchmark_json_first(tmp_path):
    """Even when every report fails, ``benchmark.json`` is written (here with no engagement in it)."""
    from cxconsult.benchmark import load_benchmark

    broken = break_yaml(copy_engagement("ledgerly-saas", tmp_path))
    result = run_batch([broken], tmp_path / "out", progress=False)
    assert result.benchmark == tmp_path / "out" / "benchmark.json" and not result.ok
    assert len(load_benchmark(result.benchmark)) == 0
    assert "Benchmark: " in result.summary()
    bad = tmp_path / "bad.json"
    bad.write_text("{}")
    with pytest.raises(CxConsultError, match="bad.json: format"):  # refused before any report starts
        run_batch([broken], tmp_path / "out2", benchmark=bad, progress=False)
    assert not (tmp_path / "out2" / "benchmark.json").exists()


def test_cli_benchmark_export_and_show(tmp_path, capsys):
    from cxconsult.cli import main

    out = tmp_path / "shared" / "practice.json"
    assert main(["benchmark", "export", str(SHIPPED / "*"), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "9 engagement(s)" in printed and str(out) in printed
    assert main(["benchmark", "show", str(out)]) == 0
    assert "by size band: large 6" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text("[]")
    assert main(["benchmark", "show", str(tmp_path / "bad.json")]) == 2
    assert "bad.json: format" in capsys.readouterr().err


@pytest.mark.slow
def test_reports_position_themselves_against_the_benchmark(tmp_path):
    """Two engagements, intake section only: their own benchmark (1 other each: no percentile), then the
    9 samples' benchmark shipped as a file (8 others: a percentile; the engagement's own record left out),
    which remakes the unchanged reports once and then keeps them."""
    from cxconsult.batch import practice_benchmark

    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    shutil.copy(Path(__file__).resolve().parents[1] / "notebooks" / "intake.ipynb", notebooks)
    folders = [copy_engagement("lumiere-energie", tmp_path / "e"), copy_engagement("ledgerly-saas", tmp_path / "e")]
    out = tmp_path / "out"

    own = run_batch(folders, out, jobs=2, notebooks_dir=notebooks, progress=False)
    assert own.ok and (out / "benchmark.json").is_file(), own.summary()
    english = (out / "ledgerly-saas" / "report.html").read_text(encoding="utf-8")
    assert "Compared with the practice" in english
    assert "The practice benchmark holds 1 other engagement: too few for a percentile." in english

    shipped = practice_benchmark(str(SHIPPED / "*")).to_file(tmp_path / "practice.json")
    against = run_batch(folders, out, jobs=2, notebooks_dir=notebooks, benchmark=shipped, progress=False)
    assert [i.status for i in against.items] == ["ok", "ok"]  # a new benchmark: the reports are remade
    english = (out / "ledgerly-saas" / "report.html").read_text(encoding="utf-8")
    assert re.search(r"stands at percentile \d+ among 8 other engagements of the practice", english)
    french = (out / "lumiere-energie" / "report.html").read_text(encoding="utf-8")
    assert "Comparaison avec les autres missions du cabinet" in french and "parmi 8 autres missions" in french
    assert "parmi 5 autres missions" in french  # the same size band: 5 other large organisations

    again = run_batch(folders, out, jobs=2, notebooks_dir=notebooks, benchmark=shipped, progress=False)
    assert [i.status for i in again.items] == ["skipped", "skipped"]
