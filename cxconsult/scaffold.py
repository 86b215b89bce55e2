"""``cxconsult new``: a fresh engagement folder from ``templates/engagement/``."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from cxconsult.engagement import ENGAGEMENT_FILE, LANGUAGES
from cxconsult.errors import EngagementError
from cxconsult.resources import resource_path


def new_engagement(folder: str | Path, client: str, *, language: str = "en",
                   date: dt.date | None = None) -> Path:
    """Create ``folder`` with a commented ``engagement.yaml`` and empty CSVs; returns the folder.

    Refuses to overwrite an existing ``engagement.yaml``.
    """
    folder = Path(folder)
    if not client.strip():
        raise EngagementError("client name is empty; expected e.g. --client 'Acme Ltd'", field="client")
    if language not in LANGUAGES:
        raise EngagementError(f"expected one of {', '.join(LANGUAGES)}, got {language!r}", field="language")
    if (folder / ENGAGEMENT_FILE).exists():
        raise EngagementError(f"already exists in {str(folder)!r}; not overwritten", file=ENGAGEMENT_FILE)
    folder.mkdir(parents=True, exist_ok=True)
    template = resource_path("templates/engagement")
    for source in sorted(template.iterdir()):
        if source.name == ENGAGEMENT_FILE:
            text = source.read_text(encoding="utf-8")
            text = (text.replace("{client}", client.strip().replace('"', "'"))
                    .replace("{date}", (date or dt.date.today()).isoformat())
                    .replace("{language}", language))
            (folder / ENGAGEMENT_FILE).write_text(text, encoding="utf-8")
        elif source.is_file() and not (folder / source.name).exists():
            shutil.copyfile(source, folder / source.name)
    return folder
