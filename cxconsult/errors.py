"""One error tree for cxconsult.

``CxConsultError`` is the root. ``EngagementError`` (also a ``ValueError``) is raised for bad input
at the edge and names the file and the field or row at fault. ``ModelError`` is raised by a model
given values it cannot work with (for example a service-level target no staffing can reach).
"""

from __future__ import annotations


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
        self.file = file
        self.field = field
        where = ": ".join(part for part in (file, field) if part)
        super().__init__(f"{where}: {message}" if where else message)


class ModelError(CxConsultError, ValueError):
    """A model was asked for something its inputs cannot give (e.g. an unattainable service level)."""
