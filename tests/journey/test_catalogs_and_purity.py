"""Every message of the journey code is translated in all five catalogs with the same placeholders,
and the journey model imports no UI library."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["cxconsult/narrative/journey.py", "cxconsult/plots/journey.py", "cxconsult/apps/touchpoints.py"]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
PLURALS = {"fr": 2, "pt_BR": 2, "pt_PT": 2, "zh": 1, "ru": 3}


def _messages():
    found = {}
    for source in SOURCES:
        for _, message, _, _ in extract_from_file("python", ROOT / source, keywords=KEYWORDS):
            found[message if isinstance(message, str) else tuple(message)] = source
    return found


def _catalog(language):
    merged = {}
    for po in sorted((ROOT / "cxconsult" / "locale" / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for m in read_po(handle):
                if m.id:
                    merged[m.id] = m.string
    return merged


@pytest.mark.parametrize("language", sorted(PLURALS))
def test_every_journey_message_is_translated(language):
    catalog = _catalog(language)
    messages = _messages()
    assert len(messages) > 100
    for message in messages:
        key = message  # Babel keys a plural message by (singular, plural)
        assert key in catalog, f"{language}: no translation of {key!r}"
        strings = catalog[key] if isinstance(catalog[key], tuple) else (catalog[key],)
        if isinstance(message, tuple):
            assert len(strings) == PLURALS[language], key
        wanted = set(re.findall(r"\{\w+\}", message[-1] if isinstance(message, tuple) else message))
        for text in strings:
            assert text.strip(), f"{language}: empty translation of {key!r}"
            assert set(re.findall(r"\{\w+\}", text)) == wanted, f"{language}: placeholders differ in {text!r}"


def test_french_uses_non_breaking_spaces_and_chinese_full_width_colons():
    fr, zh = _catalog("fr"), _catalog("zh")
    assert fr["Intent statement:"] == "Déclaration d'intention\u00a0:"
    assert zh["Intent statement:"].endswith("：")
    assert _catalog("pt_BR")["Your name"] == "Seu nome" and _catalog("pt_PT")["Your name"] == "O seu nome"


@pytest.mark.parametrize("module", ["cxconsult.journey", "cxconsult.journey_store", "cxconsult.sections.journey"])
def test_model_imports_no_ui(module):
    code = (f"import sys, {module}\n"
            "print(','.join(m for m in ['ipywidgets', 'matplotlib', 'voila', 'IPython', 'papermill'] if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
