"""``cxconsult new``: a fresh engagement folder from ``templates/engagement/``."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import json

from cxconsult.engagement import ENGAGEMENT_FILE
from cxconsult.errors import EngagementError
from cxconsult.i18n import normalise_language
from cxconsult.resources import resource_path


def new_engagement(folder: str | Path, client: str, *, language: str = "en",
                   date: dt.date | None = None) -> Path:
    """Create ``folder`` with a commented ``engagement.yaml`` and empty CSVs; returns the folder.

    Refuses to overwrite an existing ``engagement.yaml``.
    """
    folder = Path(folder)
    if not client.strip():
        raise EngagementError("client name is empty; expected e.g. --client 'Acme Ltd'", field="client")
    try:
        language = normalise_language(language)
    except ValueError as exc:
        raise EngagementError(str(exc), field="language") from None
    if (folder / ENGAGEMENT_FILE).exists():
        raise EngagementError(f"already exists in {str(folder)!r}; not overwritten", file=ENGAGEMENT_FILE)
    folder.mkdir(parents=True, exist_ok=True)
    template = resource_path("templates/engagement")
    for source in sorted(template.iterdir()):
        if source.name == ENGAGEMENT_FILE:
            text = source.read_text(encoding="utf-8")
            # a JSON string is a valid double-quoted YAML scalar: quotes and newlines stay data
            text = (text.replace('"{client}"', json.dumps(" ".join(client.split()), ensure_ascii=False))
                    .replace("{date}", (date or dt.date.today()).isoformat())
                    .replace("{language}", language))
            (folder / ENGAGEMENT_FILE).write_text(text, encoding="utf-8")
        elif source.is_file() and not (folder / source.name).exists():
            shutil.copyfile(source, folder / source.name)
    return folder
