"""The CLI with a few real runs: `new` scaffolds a folder the loader accepts."""

from __future__ import annotations

import datetime as dt

from cxconsult import load_engagement
from cxconsult.cli import main


def test_new_scaffolds_a_valid_engagement(tmp_path, capsys):
    folder = tmp_path / "acme"
    assert main(["new", str(folder), "--client", "Acme Ltd", "--language", "fr"]) == 0
    assert "Created" in capsys.readouterr().out
    text = (folder / "engagement.yaml").read_text()
    assert text.count("#") > 10  # every field explained
    engagement = load_engagement(folder)
    assert (engagement.client, engagement.language, engagement.date) == ("Acme Ltd", "fr", dt.date.today())
    assert engagement.responses.empty
    assert (folder / "responses.csv").read_text() == "respondent,role,question,answer\n"


def test_new_refuses_to_overwrite(tmp_path, capsys):
    folder = tmp_path / "acme"
    assert main(["new", str(folder), "--client", "Acme"]) == 0
    assert main(["new", str(folder), "--client", "Other"]) == 2
    assert "engagement.yaml: already exists" in capsys.readouterr().err
    assert load_engagement(folder).client == "Acme"


def test_new_rejects_unknown_language(tmp_path, capsys):
    assert main(["new", str(tmp_path / "x"), "--client", "X", "--language", "de"]) == 2
    assert "language" in capsys.readouterr().err


def test_report_on_missing_folder(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nowhere")]) == 2
    assert "does not exist" in capsys.readouterr().err
