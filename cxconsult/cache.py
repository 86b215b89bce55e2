"""Compute each expensive result once per report: a small on-disk cache shared by the report's kernels.

A report runs one papermill kernel per section; the executive summary and a section often need the
same model result (the outlook's projection, its 10,000-path Monte Carlo). ``run_engagement`` makes a
cache folder per run, ``<report folder>/.cache/<inputs hash>/``, empties ``.cache`` first, and hands
the folder to every kernel in the ``CXCONSULT_CACHE_DIR`` environment variable; narrative functions
wrap their expensive calls in :func:`cached`::

    fan = cached(engagement, f"outlook.simulate:{scenario}:{n_paths}:{seed}", lambda: simulate(...))

Outside a report run (JupyterLab, voila, tests) the variable is unset and :func:`cached` simply calls
``fn``. The key must name everything the result depends on besides the engagement's files (scenario,
number of paths...): the folder is already specific to the inputs hash (engagement files, notebooks,
templates and cxconsult's code), so a changed input never meets an old result. Values must pickle.
Every lookup appends ``hit`` or ``miss`` and the key to ``log.txt`` in the folder (for tests and for
seeing what was shared).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["ENV", "LOG", "cache_folder", "cached", "prepare", "log_lines"]

ENV = "CXCONSULT_CACHE_DIR"
LOG = "log.txt"
FOLDER = ".cache"
T = TypeVar("T")


def cache_folder() -> Path | None:
    """The current report run's cache folder, or None outside a report run."""
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


def prepare(report_folder: Path, digest: str) -> Path:
    """Empty ``report_folder/.cache`` (results of earlier runs) and make this run's folder in it."""
    root = Path(report_folder) / FOLDER
    shutil.rmtree(root, ignore_errors=True)
    folder = root / digest[:32]
    folder.mkdir(parents=True)
    return folder


def _file(folder: Path, engagement: Any, key: str) -> Path:
    where = str(getattr(engagement, "path", ""))
    digest = hashlib.sha256(f"{where}\0{key}".encode()).hexdigest()[:16]
    readable = re.sub(r"[^A-Za-z0-9_.-]+", "_", key)[:60]
    return folder / f"{readable}-{digest}.pkl"


def _log(folder: Path, event: str, key: str) -> None:
    with open(folder / LOG, "a", encoding="utf-8") as handle:
        handle.write(f"{event} {key}\n")


def cached(engagement: Any, key: str, fn: Callable[[], T]) -> T:
    """``fn()``, computed once per report run for this engagement and ``key`` (see the module doc)."""
    folder = cache_folder()
    if folder is None or not folder.is_dir():
        return fn()
    path = _file(folder, engagement, key)
    if path.is_file():
        try:
            with open(path, "rb") as handle:
                value = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
        else:
            _log(folder, "hit", key)
            return value
    value = fn()
    handle, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _log(folder, "miss", key)
    return value


def log_lines(report_folder: Path) -> list[str]:
    """The cache log of the last run made in ``report_folder`` (``["miss outlook.simulate:...", ...]``)."""
    root = Path(report_folder) / FOLDER
    return [line for log in sorted(root.glob(f"*/{LOG}")) for line in log.read_text(encoding="utf-8").splitlines()]
