"""Serve the workshop for one engagement: the room's light page and the voila apps, one server.

``serve(engagement_path)`` starts :mod:`cxconsult.apps.room` (voila plus the participant page and two
roles) on the apps folder. Two secrets: the participant secret opens only ``/workshop`` (and the
participant notebooks); the facilitator secret opens everything (facilitator view, explorers, export,
the case review).
Both are generated when not given and printed with their URLs. The engagement folder reaches the
notebooks through the ``CXCONSULT_ENGAGEMENT`` environment variable. The server binds 127.0.0.1 unless
told otherwise. A closed tab's kernel is shut down by the page's beacon (see :mod:`cxconsult.apps.room`),
else culled after ``cull_idle_timeout_s`` without a connection; cell execution has a timeout.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from cxconsult.errors import CxConsultError

ENGAGEMENT_ENV = "CXCONSULT_ENGAGEMENT"
#: The participant link, for the facilitator view's QR code (the facilitator's own kernel reads it).
PARTICIPANT_URL_ENV = "CXCONSULT_PARTICIPANT_URL"
APPS_FOLDER = "notebooks/apps"
DEFAULT_PORT = 8866
#: JupyterLab extensions voila need not load (plotly's alone is 4.6 MiB per page, even when unused).
EXTENSION_DENYLIST = ("jupyterlab-plotly",)
#: Apps in the room's link; every other app (facilitator, explorers, case_review ...) needs the facilitator secret.
PARTICIPANT_APPS = ("workshop", "touchpoints")


class ServeError(CxConsultError):
    """The app cannot be served (unknown app, missing notebook, unsafe address without a token)."""


def apps_folder() -> Path:
    """The folder of the app notebooks (repository checkout or installed package)."""
    from cxconsult.resources import resource_path

    return resource_path(APPS_FOLDER)


def available_apps() -> list[str]:
    """Names of the apps that can be served: ``['facilitator', 'workshop', ...]``."""
    return sorted(p.stem for p in apps_folder().glob("*.ipynb"))


def is_loopback(ip: str) -> bool:
    """Whether ``ip`` only accepts connections from this machine."""
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False


def free_port(ip: str = "127.0.0.1") -> int:
    """A TCP port free on ``ip`` right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((ip if ip not in ("0.0.0.0", "", "localhost") else "127.0.0.1", 0))
        return sock.getsockname()[1]


def app_url(app: str, *, ip: str = "127.0.0.1", port: int = DEFAULT_PORT, token: str | None = None) -> str:
    """The address of ``app`` on a server built by :func:`build_voila_command`."""
    host = ip
    if ip in ("0.0.0.0", "::", ""):
        host = _lan_address()
    if ":" in host:
        host = f"[{host}]"
    query = f"?token={token}" if token else ""
    return f"http://{host}:{port}/voila/render/{app}.ipynb{query}"


def participant_url(*, ip: str = "127.0.0.1", port: int = DEFAULT_PORT, token: str | None = None) -> str:
    """The room's link: the light participant page (``/workshop``) with the participant secret."""
    return app_url("workshop", ip=ip, port=port, token=token).replace("/voila/render/workshop.ipynb", "/workshop")


def _lan_address() -> str:
    """This machine's address on the local network (no packet is sent), else 127.0.0.1."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.connect(("10.255.255.255", 1))
            return sock.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def build_voila_command(
    *,
    ip: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    token: str | None = None,
    participant_token: str | None = None,
    preheat: bool = False,
    pool_size: int = 1,
    cull_idle_timeout_s: int = 40,
    cull_interval_s: int = 15,
    cell_timeout_s: int = 120,
    folder: str | os.PathLike[str] | None = None,
    python: str = sys.executable,
) -> list[str]:
    """The ``python -m cxconsult.apps.room`` command serving the apps (pure: starts nothing).

    ``token`` is the facilitator secret (None: no login, only allowed on a loopback ``ip``);
    ``participant_token`` the participant secret (None: no participant access). ``preheat`` keeps
    ``pool_size`` kernels ready per notebook (faster single loads, slower bursts on 2 cores).
    Kernels idle for ``cull_idle_timeout_s`` without a connected page are shut down (checked every
    ``cull_interval_s``): a tab closed without its beacon frees its kernel within a minute.
    """
    if not is_loopback(ip) and not token:
        raise ServeError(f"serving on {ip} opens the apps to the network: a token is required")
    if participant_token and participant_token == token:
        raise ServeError("the participant and facilitator secrets must differ")
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ServeError(f"expected a TCP port 1-65535, got {port!r}")
    folder = Path(folder) if folder is not None else apps_folder()
    command = [
        python, "-m", "cxconsult.apps.room", str(folder),
        "--no-browser",
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--Voila.port_retries=0",
        f"--preheat_kernel={preheat}",
        f"--pool_size={pool_size if preheat else 0}",
        "--show_tracebacks=False",
        "--theme=light",
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_timeout_s}",
        f"--MappingKernelManager.cull_interval={cull_interval_s}",
        "--MappingKernelManager.cull_connected=False",
        f"--VoilaExecutor.timeout={cell_timeout_s}",
    ]
    command += [f"--VoilaConfiguration.extension_denylist={name}" for name in EXTENSION_DENYLIST]
    if token:
        command.append(f"--token={token}")
    if participant_token:
        command.append(f"--RoomIdentityProvider.participant_token={participant_token}")
    return command


def voila_environment(engagement_path: str | os.PathLike[str], participant_link: str | None = None) -> dict[str, str]:
    """The server's environment: the current one plus ``CXCONSULT_ENGAGEMENT`` (absolute path) and,
    when given, the participant link for the facilitator's QR code."""
    env = dict(os.environ)
    env[ENGAGEMENT_ENV] = str(Path(engagement_path).resolve())
    if participant_link:
        env[PARTICIPANT_URL_ENV] = participant_link
    env.setdefault("MPLBACKEND", "Agg")
    return env


def wait_until_ready(url: str, timeout_s: float = 60.0, process: subprocess.Popen | None = None) -> None:
    """Poll ``url`` until the server answers (any HTTP status); ServeError on timeout or early exit."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServeError(f"voila exited with code {process.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # the server answers (e.g. 403 without token): it is up
        except OSError:
            time.sleep(0.2)
    raise ServeError(f"voila did not answer on {url} within {timeout_s:g} s")


def serve(engagement_path: str | os.PathLike[str], app: str = "workshop", ip: str = "127.0.0.1",
          port: int | None = None, token: str | None = None, open_browser: bool = False, *,
          facilitator_token: str | None = None, preheat: bool = False, pool_size: int = 1) -> int:
    """Serve the workshop for ``engagement_path`` until interrupted; returns the exit code (0 on Ctrl-C).

    ``token`` is the participant secret and ``facilitator_token`` the facilitator's; each is generated
    when not given. Prints the participant link, the facilitator link and the other apps' links.
    """
    from cxconsult.engagement import load_engagement
    from cxconsult.i18n import translator

    engagement = load_engagement(engagement_path)  # fail here, with a clear error, not in every kernel
    tr = translator(engagement.language)
    apps = available_apps()
    if app not in apps:
        raise ServeError(f"unknown app {app!r}; available: {', '.join(apps)}")
    token = token or secrets.token_urlsafe(12)
    facilitator_token = facilitator_token or secrets.token_urlsafe(18)
    if token == facilitator_token:
        raise ServeError("the participant and facilitator secrets must differ")
    port = port or free_port(ip)
    room_link = participant_url(ip=ip, port=port, token=token)
    command = build_voila_command(ip=ip, port=port, token=facilitator_token, participant_token=token,
                                  preheat=preheat, pool_size=pool_size)
    # Own session: Ctrl-C reaches only this process, which then stops voila and its kernels cleanly
    # (voila itself would stop at its "Shutdown this server (y/[n])?" prompt).
    process = subprocess.Popen(command, env=voila_environment(engagement.path, room_link), start_new_session=True)
    previous = _stop_on_sigterm()
    try:
        wait_until_ready(f"http://127.0.0.1:{port}/" if ip in ("0.0.0.0", "") else
                         app_url(app, ip=ip, port=port), timeout_s=60, process=process)
        print(serve_message(engagement.client, str(engagement.path), room_link,
                            {name: app_url(name, ip=ip, port=port, token=facilitator_token)
                             for name in apps if name not in PARTICIPANT_APPS},
                            engagement.language), flush=True)
        if open_browser:
            import webbrowser

            local = "127.0.0.1" if ip in ("0.0.0.0", "") else ip
            webbrowser.open(participant_url(ip=local, port=port, token=token) if app == "workshop" else
                            app_url(app, ip=local, port=port, token=facilitator_token))
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        print(tr._("cxconsult: stopped."), flush=True)
        return 0
    except BaseException:
        process.terminate()
        process.wait(10)
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def serve_message(client: str, folder: str, room_link: str, facilitator_links: dict[str, str],
                  language: str = "en") -> str:
    """What ``cxconsult app`` prints, in the engagement's language: the room's link, then the
    facilitator's links (facilitator view first), with the advice on which to share."""
    from cxconsult.i18n import translator

    tr = translator(language)
    lines = [tr._("cxconsult: serving {client} ({folder})").format(client=client, folder=folder),
             tr._("Participants (show this link or its QR code to the room):"), f"  {room_link}",
             tr._("Facilitator only (keep these links private: they open every app and the export):")]
    ordered = sorted(facilitator_links, key=lambda name: (name != "facilitator", name))
    width = max((len(name) for name in ordered), default=0) + 2
    lines += [f"  {name:<{width}}{facilitator_links[name]}" for name in ordered]
    lines.append(tr._("Press Ctrl-C to stop."))
    return "\n".join(lines)


def _interrupt(signum, frame):  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt


def _stop_on_sigterm():
    """Treat SIGTERM like Ctrl-C while serving (so voila is stopped too); returns the old handler."""
    try:
        return signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:  # not the main thread
        return None
