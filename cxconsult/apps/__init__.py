"""Voila/ipywidgets apps: one module per app, plus the room server and its launcher.

``room`` (the server: voila plus the light participant page ``/workshop`` and two roles),
``workshop.build_workshop`` (participant page as a voila notebook), ``facilitator.build_facilitator``
(room results), ``serve.serve`` (``cxconsult app``) and ``common`` (widget helpers every app shares).
The app notebooks in ``notebooks/apps/`` only call these builders.
"""

from __future__ import annotations

from cxconsult.apps.serve import build_voila_command, serve

__all__ = ["build_voila_command", "serve"]
