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


def test_app_help_names_both_secrets(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["app", "--help"])
    text = capsys.readouterr().out
    assert "--token" in text and "--facilitator-token" in text


def test_app_prints_both_links_with_their_own_secrets(tmp_path):
    """A real `cxconsult app` run: the room's link carries only the participant secret."""
    import os
    import re
    import shutil
    import signal
    import subprocess
    import sys
    import time
    import urllib.request
    from pathlib import Path

    import pytest

    pytest.importorskip("voila")
    sample = Path(__file__).resolve().parents[1] / "data" / "engagements" / "aurora-telecom"
    engagement = tmp_path / "aurora"
    shutil.copytree(sample, engagement, ignore=shutil.ignore_patterns("responses.db*"))
    process = subprocess.Popen([sys.executable, "-m", "cxconsult.cli", "app", str(engagement), "--token", "room-one",
                                "--facilitator-token", "lead-two"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, start_new_session=True)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line.rstrip("\n"))
            if "Ctrl-C" in line:
                break
        text = "\n".join(lines)
        room = re.search(r"http://127\.0\.0\.1:\d+/workshop\?token=room-one", text)
        assert room and "Participants (show this link or its QR code to the room):" in text, text
        assert re.search(r"facilitator\s+http://\S+/voila/render/facilitator\.ipynb\?token=lead-two", text), text
        assert "room-one" not in text.split("Facilitator only")[1]
        with urllib.request.urlopen(room[0], timeout=30) as response:
            assert response.status == 200 and b"cx-start" in response.read()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(20)
