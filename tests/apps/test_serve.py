"""The voila command line and URLs (pure: no server started)."""

from __future__ import annotations

import json
from pathlib import Path

import papermill
import pytest

from cxconsult.apps.serve import ServeError, app_url, available_apps, build_voila_command, is_loopback, voila_environment
from cxconsult.resources import resource_path


def test_loopback_command_has_culling_timeout_and_denylist():
    command = build_voila_command(port=9001)
    assert command[1:3] == ["-m", "voila"] and Path(command[3]) == resource_path("notebooks/apps")
    assert "--Voila.ip=127.0.0.1" in command and "--port=9001" in command
    assert "--MappingKernelManager.cull_idle_timeout=900" in command
    assert "--MappingKernelManager.cull_interval=60" in command
    assert "--VoilaExecutor.timeout=120" in command
    assert "--VoilaConfiguration.extension_denylist=jupyterlab-plotly" in command
    assert "--pool_size=0" in command and "--preheat_kernel=False" in command
    assert not any(part.startswith("--token") for part in command)


def test_open_address_requires_a_token():
    with pytest.raises(ServeError, match="token is required"):
        build_voila_command(ip="0.0.0.0", port=9001)
    command = build_voila_command(ip="0.0.0.0", port=9001, token="s3cret", preheat=True, pool_size=2)
    assert "--token=s3cret" in command and "--pool_size=2" in command and "--preheat_kernel=True" in command


@pytest.mark.parametrize("ip, expected", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                          ("0.0.0.0", False), ("192.168.1.20", False), ("example.org", False)])
def test_is_loopback(ip, expected):
    assert is_loopback(ip) is expected


def test_bad_port():
    with pytest.raises(ServeError, match="port"):
        build_voila_command(port=0)


def test_urls_and_environment(tmp_path: Path):
    assert app_url("facilitator", port=9001, token="t") == "http://127.0.0.1:9001/voila/render/facilitator.ipynb?token=t"
    assert app_url("workshop", port=9001) == "http://127.0.0.1:9001/voila/render/workshop.ipynb"
    assert voila_environment(tmp_path)["CXCONSULT_ENGAGEMENT"] == str(tmp_path.resolve())
    assert {"workshop", "facilitator"} <= set(available_apps())


@pytest.mark.parametrize("name", ["workshop", "facilitator"])
def test_app_notebooks_are_thin(name):
    path = resource_path(f"notebooks/apps/{name}.ipynb")
    params = papermill.inspect_notebook(str(path))
    assert list(params) == ["engagement_path"]
    assert json.loads(params["engagement_path"]["default"]) == "../../data/engagements/aurora-telecom"
    cells = json.loads(path.read_text())["cells"]
    assert cells[0]["cell_type"] == "markdown" and "".join(cells[0]["source"]).startswith("# ")
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "def " not in code and "class " not in code and f"build_{name}" in code
