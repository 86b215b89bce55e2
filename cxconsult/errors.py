"""One error tree for cxconsult.

``CxConsultError`` is the root. ``EngagementError`` (also a ``ValueError``) is raised for bad input
at the edge and names the file and the field or row at fault. ``ModelError`` is raised by a model
given values it cannot work with (for example a service-level target no staffing can reach).
"""

from __future__ import annotations

from typing import Any

#: Most characters of a bad value quoted in an error message (the rest is cut, with its length named).
SHOWN_CHARACTERS = 80
#: Longest error message kept whole; a longer one (a message quoting a huge value) is cut.
MAX_MESSAGE = 600


def shown(value: Any, limit: int = SHOWN_CHARACTERS) -> str:
    """``repr(value)`` cut to about ``limit`` characters, for error messages.

    The one helper every error message uses to quote a bad value (never ``{value!r}`` of a value read
    from a client's file: a YAML value can be megabytes long)::

        >>> shown("x" * 1000)
        "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx... (1002 characters)"
    """
    try:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
            return f"a {len(str(abs(value))) if value.bit_length() < 10_000 else 'huge'}-digit whole number"
        text = repr(value)
    except Exception:  # noqa: BLE001 - a value whose repr fails (or exceeds Python's digit limit)
        text = f"<{type(value).__name__}>"
    if len(text) <= limit:
        return text
    return f"{text[: max(limit - 5, 10)]}... ({len(text)} characters)"


def _cut(message: str) -> str:
    return message if len(message) <= MAX_MESSAGE else f"{message[:MAX_MESSAGE - 20]}... (message cut)"


class CxConsultError(Exception):
    """Root of every error raised on purpose by cxconsult."""


class EngagementError(CxConsultError, ValueError):
    """Bad engagement input: the message names the file, the field or row, and what was expected.

    Attributes
    ----------
    file : str | None
        The file at fault, relative to the engagement folder when known (``"engagement.yaml"``).
    field : str | None
        The field, column or row at fault (``"outlook.aht_s"``, ``"responses.csv row 7"``).
    """

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None):
        self.file = _cut(file) if file else file
        self.field = _cut(field) if field else field
        where = ": ".join(part for part in (file, field) if part)
        super().__init__(_cut(f"{where}: {message}" if where else message))


class ModelError(CxConsultError, ValueError):
    """A model was asked for something its inputs cannot give (e.g. an unattainable service level)."""
