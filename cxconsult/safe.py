"""The one escaping boundary: where text from a client's files or a participant becomes HTML.

Templates (our own strings and catalog translations) are trusted; every value put into them is
escaped. Build client-facing HTML only with :func:`html` (or :class:`Markup` joins), never with
f-strings around a value::

    safe.html("<p>{client}'s index is <strong>{index}</strong></p>", client=engagement.client, index="37")

Values that are already :class:`Markup` (built by this module) are kept as they are, so fragments nest.
Markdown is not used for client text: a value inside Markdown can open a link or an image, so the
narrative builds HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

__all__ = ["Markup", "escape", "html", "join", "text"]


def html(template: str, /, **values: Any) -> Markup:
    """``template`` (trusted) with each ``{name}`` filled by ``values[name]``, escaped."""
    return Markup(template).format(**values)


def join(parts: Iterable[Any], separator: str = "") -> Markup:
    """Concatenate fragments, escaping any part that is not already :class:`Markup`."""
    return Markup(separator).join(escape(part) for part in parts)


def text(value: Any) -> Markup:
    """One untrusted value as HTML text (``<`` -> ``&lt;``)."""
    return escape("" if value is None else value)
