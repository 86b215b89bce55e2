"""Where cxconsult's shipped files are: notebooks, templates and data.

In a source checkout (or an editable install) they sit at the repository root beside the package;
in a wheel they are copied into ``cxconsult/_resources/`` (see ``pyproject.toml``).
"""

from __future__ import annotations

from pathlib import Path

from cxconsult.errors import CxConsultError

_PACKAGE = Path(__file__).resolve().parent
_ROOTS = (_PACKAGE / "_resources", _PACKAGE.parent)


def resource_path(relative: str) -> Path:
    """Absolute path of a shipped file or folder, e.g. ``resource_path("notebooks/intake.ipynb")``."""
    for root in _ROOTS:
        candidate = root / relative
        if candidate.exists():
            return candidate
    raise CxConsultError(f"cxconsult resource {relative!r} not found under {', '.join(map(str, _ROOTS))}; "
                         "reinstall cxconsult")
