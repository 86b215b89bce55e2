"""Every client-facing message is translated in every language, and the translated data files match.

Messages are found the way gettext tools find them: Babel's extractor
(:func:`babel.messages.extract.extract_from_dir`) over ``cxconsult/`` (Python), the code cells of
``notebooks/*.ipynb`` and the Jinja templates of ``templates/``, with the keywords ``_``, ``gettext``,
``ngettext``, ``pgettext`` and ``N_``. Each one must be in the catalogs of all five languages
(``cxconsult/locale/<fr|pt_BR|pt_PT|zh|ru>/LC_MESSAGES/*.po``, domains merged as
:mod:`cxconsult.i18n` merges them) with:

- a non-empty translation, not marked fuzzy;
- for a plural message, a ``msgid_plural`` and exactly as many non-empty ``msgstr[i]`` as the language
  has plural forms (ru 3, zh 1, fr/pt 2);
- the same ``{placeholders}`` as the msgid (a plural form used for one count only, like pt-PT's form 0,
  may drop ``{n}``; any other form keeps every placeholder of ``msgid_plural``).

A failure names each message, its language and where the code uses it. English is the source
language and has no catalog. This test fails while any developer's messages are untranslated: that is
its purpose.

The question banks and programmes (``data/questions/<lang>.yaml``, ``data/programme/<lang>.yaml``) are
data translated file by file, not catalogs: they must have the same ids, fields, steps and structure in
all six languages, with no empty text.
"""

from __future__ import annotations

import gettext
import io
import json
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.pofile import read_po

from cxconsult.i18n import BABEL_LOCALES, CATALOG_NAMES, LANGUAGES, catalog_dir

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
#: Plural forms of each catalog (CLDR / gettext): a copied header with the wrong count is a bug.
NPLURALS = {"fr": 2, "pt_BR": 2, "pt_PT": 2, "zh": 1, "ru": 3}
CATALOGS = tuple(CATALOG_NAMES[code] for code in LANGUAGES if code != "en")
MAX_LINES = 150  # of a failure message; the count of problems is always given


# -- extraction ------------------------------------------------------------------------------------
def _extract_notebook(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel extraction method for ``.ipynb``: the code cells, read as one Python source."""
    cells = json.load(fileobj).get("cells", [])
    source = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                       for c in cells if c.get("cell_type") == "code")
    # IPython magics and shell escapes are not Python; blank them so the tokenizer goes on.
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines()]
    yield from extract_python(io.BytesIO("\n".join(lines).encode("utf-8")), keywords, comment_tags, options)


def _method_map() -> list[tuple[str, Any]]:
    mapping: list[tuple[str, Any]] = [("**.py", "python"), ("**.ipynb", _extract_notebook)]
    try:
        import jinja2.ext  # noqa: F401  (nbconvert brings Jinja; its Babel extractor reads templates)
        mapping.append(("**.j2", "jinja2.ext:babel_extract"))
    except ImportError:  # pragma: no cover
        pass
    return mapping


def extracted() -> dict[tuple[str | None, str], dict[str, Any]]:
    """``{(context, msgid): {"plural": msgid_plural or None, "where": ["path:line", ...]}}``."""
    found: dict[tuple[str | None, str], dict[str, Any]] = {}
    for folder in ("cxconsult", "notebooks", "templates"):
        if not (ROOT / folder).is_dir():
            continue
        for filename, lineno, message, _comments, context in extract_from_dir(
                ROOT / folder, method_map=_method_map(), keywords=KEYWORDS,
                options_map={"**.j2": {"extensions": "jinja2.ext.do"}}):
            singular, plural = (message[0], message[1]) if isinstance(message, tuple) else (message, None)
            if not singular:
                continue
            entry = found.setdefault((context, singular), {"plural": None, "where": []})
            entry["plural"] = entry["plural"] or plural
            entry["where"].append(f"{folder}/{filename}:{lineno}")
    return found


# -- catalogs --------------------------------------------------------------------------------------
def load_catalogs(name: str) -> list[tuple[str, Catalog]]:
    folder = catalog_dir() / name / "LC_MESSAGES"
    language = next(code for code, catalog in CATALOG_NAMES.items() if catalog == name)
    catalogs = []
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as handle:
            catalogs.append((po.name, read_po(handle, locale=BABEL_LOCALES[language])))
    return catalogs


def placeholders(text: str) -> set[str]:
    """``{name}`` fields of a ``str.format`` template (name, conversion and spec); raises on bad braces."""
    return {f"{name}{'!' + conv if conv else ''}{':' + spec if spec else ''}"
            for _, name, spec, conv in string.Formatter().parse(text) if name is not None}


def _only_for_one(plural_expr: str, index: int, nplurals: int) -> bool:
    """Whether plural form ``index`` is chosen only for n == 1 (so it may say "one" instead of ``{n}``)."""
    choose = gettext.c2py(plural_expr)
    return nplurals > 1 and [n for n in range(0, 1000) if choose(n) == index] == [1]


def problems_of(name: str, messages: dict[tuple[str | None, str], dict[str, Any]]) -> list[str]:
    """Every problem of catalog ``name`` (e.g. ``"fr"``) against the extracted ``messages``."""
    problems: list[str] = []
    merged: dict[tuple[str | None, str], tuple[str, Any, Catalog]] = {}
    for filename, catalog in load_catalogs(name):
        if catalog.num_plurals != NPLURALS[name]:
            problems.append(f"{name}/{filename}: header says nplurals={catalog.num_plurals}, "
                            f"expected {NPLURALS[name]}")
        for message in catalog:
            if not message.id:
                continue
            msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
            key = (message.context, msgid)
            if key in merged and merged[key][1].string != message.string:
                problems.append(f"{name}: msgid {msgid!r} is in {merged[key][0]} and {filename} "
                                "with different translations")
            merged.setdefault(key, (filename, message, catalog))
    for (context, msgid), info in sorted(messages.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")):
        where = ", ".join(info["where"][:3]) + (" ..." if len(info["where"]) > 3 else "")
        label = f"{name}: msgid {msgid!r}" + (f" (context {context!r})" if context else "") + f" [{where}]"
        if (context, msgid) not in merged:
            problems.append(f"{label}: missing")
            continue
        filename, message, catalog = merged[(context, msgid)]
        if message.fuzzy:
            problems.append(f"{label}: fuzzy in {filename}")
        if info["plural"]:
            if not message.pluralizable or message.id[1] != info["plural"]:
                problems.append(f"{label}: expected msgid_plural {info['plural']!r} in {filename}")
                continue
            forms = list(message.string) if isinstance(message.string, (tuple, list)) else [message.string]
            if len(forms) != catalog.num_plurals or not all(forms):
                problems.append(f"{label}: expected {catalog.num_plurals} non-empty plural forms, "
                                f"got {sum(1 for f in forms if f)} of {len(forms)}")
                continue
            try:
                wanted = placeholders(info["plural"]) | placeholders(msgid)
                for index, form in enumerate(forms):
                    got = placeholders(form)
                    one = _only_for_one(catalog.plural_expr, index, catalog.num_plurals)
                    if not got <= wanted or (not one and got != placeholders(info["plural"])):
                        problems.append(f"{label}: msgstr[{index}] placeholders {sorted(got)} "
                                        f"!= {sorted(placeholders(info['plural']))}")
            except ValueError as exc:
                problems.append(f"{label}: bad braces ({exc})")
        else:
            if message.pluralizable:
                problems.append(f"{label}: the code uses it as singular but {filename} has a plural")
                continue
            if not message.string:
                problems.append(f"{label}: empty translation in {filename}")
                continue
            try:
                if placeholders(message.string) != placeholders(msgid):
                    problems.append(f"{label}: placeholders {sorted(placeholders(message.string))} "
                                    f"!= {sorted(placeholders(msgid))}")
            except ValueError as exc:
                problems.append(f"{label}: bad braces ({exc})")
    return problems


def _report(problems: list[str]) -> str:
    shown = problems[:MAX_LINES]
    more = f"\n... and {len(problems) - MAX_LINES} more" if len(problems) > MAX_LINES else ""
    return f"{len(problems)} catalog problem(s):\n" + "\n".join(shown) + more


@pytest.fixture(scope="module")
def messages():
    return extracted()


def test_extraction_finds_the_shared_words(messages):
    """The extractor really runs over the package: the area names of questions.py are found."""
    assert (None, "People") in messages and ("maturity scale", "Not at all") in messages
    assert any(w.startswith("cxconsult/diagnostic/questions.py:") for w in messages[(None, "People")]["where"])


@pytest.mark.parametrize("name", CATALOGS)
def test_every_message_is_translated(name, messages):
    problems = problems_of(name, messages)
    assert not problems, _report(problems)


def test_every_language_has_the_same_domains():
    domains = {name: sorted(p for p, _ in load_catalogs(name)) for name in CATALOGS}
    assert all(d == domains["fr"] for d in domains.values()), domains


# -- the checker itself can fail -------------------------------------------------------------------
def _po(tmp_path: Path, body: str, plural: str = "nplurals=2; plural=(n > 1);") -> Path:
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "x.po").write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n'
                                 f'"Plural-Forms: {plural}\\n"\n\n' + body, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("body", "expected"), [
    ("", "'Hello {name}' [here.py:1]: missing"),
    ('#, fuzzy\nmsgid "Hello {name}"\nmsgstr "Bonjour {name}"\n', "fuzzy in x.po"),
    ('msgid "Hello {name}"\nmsgstr "Bonjour {nom}"\n', "placeholders ['nom'] != ['name']"),
    ('msgid "Hello {name}"\nmsgstr ""\n', "empty translation in x.po"),
])
def test_checker_names_missing_fuzzy_and_placeholder_errors(tmp_path, monkeypatch, body, expected):
    monkeypatch.setitem(globals(), "catalog_dir", lambda: _po(tmp_path, body))
    problems = problems_of("fr", {(None, "Hello {name}"): {"plural": None, "where": ["here.py:1"]}})
    assert len(problems) == 1 and expected in problems[0] and problems[0].startswith("fr: msgid")


def test_checker_wants_every_plural_form(tmp_path, monkeypatch):
    ru = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
    body = 'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} день"\nmsgstr[1] "{n} дня"\n'
    monkeypatch.setitem(globals(), "catalog_dir", lambda: _po(tmp_path, body, ru))
    monkeypatch.setitem(NPLURALS, "fr", 3)
    problems = problems_of("fr", {(None, "{n} day"): {"plural": "{n} days", "where": ["x.py:2"]}})
    assert len(problems) == 1 and "expected 3 non-empty plural forms" in problems[0]


def test_a_form_for_one_only_may_drop_the_count(tmp_path, monkeypatch):
    """pt-PT's form 0 is for n == 1 only ("um dia"); fr's form 0 is also for 0, so it must keep {n}."""
    body = 'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "um dia"\nmsgstr[1] "{n} dias"\n'
    monkeypatch.setitem(globals(), "catalog_dir", lambda: _po(tmp_path, body, "nplurals=2; plural=(n != 1);"))
    assert problems_of("fr", {(None, "{n} day"): {"plural": "{n} days", "where": ["x.py:2"]}}) == []
    other = tmp_path / "other"
    monkeypatch.setitem(globals(), "catalog_dir", lambda: _po(other, body))
    problems = problems_of("fr", {(None, "{n} day"): {"plural": "{n} days", "where": ["x.py:2"]}})
    assert len(problems) == 1 and "msgstr[0] placeholders [] != ['n']" in problems[0]


# -- the data files translated file by file ---------------------------------------------------------
#: Fields whose value is the same in every language (ids, numbers, mappings, English words).
SAME = {"id", "area", "steps", "number", "key", "letter", "english"}


def _data(kind: str, language: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / "data" / kind / f"{language}.yaml").read_text(encoding="utf-8"))


def _plain(value: Any) -> bool:
    """A scalar or a list of scalars (``steps: [1, 7]``), not a list of step mappings."""
    return not isinstance(value, (dict, list)) or all(not isinstance(x, (dict, list)) for x in value)


def structure_problems(english: Any, other: Any, path: str = "") -> list[str]:
    """Where ``other`` differs from ``english`` in shape, in a same-in-every-language field, or is empty."""
    if isinstance(english, dict):
        if not isinstance(other, dict):
            return [f"{path}: expected a mapping"]
        wanted = set(english) | ({"note"} if path == "/resolved" else set())
        problems = [f"{path}: fields {sorted(set(other) ^ wanted)} differ from English"] \
            if set(other) != wanted else []
        for key in sorted(set(english) & set(other)):
            if key in SAME and _plain(english[key]):
                if english[key] != other[key]:
                    problems.append(f"{path}/{key}: {other[key]!r} != English {english[key]!r}")
            elif key not in {"language", "name"} or path:
                problems += structure_problems(english[key], other[key], f"{path}/{key}")
        return problems
    if isinstance(english, list):
        if not isinstance(other, list) or len(other) != len(english):
            return [f"{path}: expected a list of {len(english)}"]
        return [p for i, (a, b) in enumerate(zip(english, other)) for p in structure_problems(a, b, f"{path}[{i}]")]
    if isinstance(english, str):
        return [] if isinstance(other, str) and other.strip() else [f"{path}: empty or not text"]
    return [] if english == other else [f"{path}: {other!r} != English {english!r}"]


@pytest.mark.parametrize("kind", ["questions", "programme"])
@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
def test_data_files_match_english(kind, language):
    raw = _data(kind, language)
    assert raw["language"] == language
    problems = structure_problems(_data(kind, "en"), raw)
    if kind == "programme":
        note = raw["resolved"].get("note", "")
        if "RESOLVED" not in note:
            problems.append("/resolved/note: must say that the acronym RESOLVED is English")
    assert not problems, f"data/{kind}/{language}.yaml:\n" + "\n".join(problems)


def test_every_language_has_a_bank_and_a_programme():
    for kind in ("questions", "programme"):
        assert sorted(p.stem for p in (ROOT / "data" / kind).glob("*.yaml")) == sorted(LANGUAGES)


def test_structure_check_can_fail():
    english = {"questions": [{"id": "P1", "text": "Why?", "steps": [1]}]}
    assert structure_problems(english, {"questions": [{"id": "P1", "text": "Pourquoi ?", "steps": [1]}]}) == []
    assert structure_problems(english, {"questions": [{"id": "P2", "text": "x", "steps": [1]}]}) == \
        ["/questions[0]/id: 'P2' != English 'P1'"]
    assert structure_problems(english, {"questions": [{"id": "P1", "text": " ", "steps": [1]}]}) == \
        ["/questions[0]/text: empty or not text"]
    assert structure_problems(english, {"questions": [{"id": "P1", "steps": [1]}]}) == \
        ["/questions[0]: fields ['text'] differ from English"]


# -- the client's name needs no article, gender or case ---------------------------------------------
#: What may stand right before ``{client}`` in each language. A client's name has a grammatical gender
#: (pt "o Banco", "a Lumière"), may start with a vowel (fr "d'Aurora") and is declined in Russian; the
#: catalogs therefore put it after a noun that carries the grammar ("na empresa {client}", "компании
#: {client}"), after a preposition that takes any name ("chez", "par", "pour", "à"), or after a colon.
#: (Review note: pt-BR once printed "da Banco Serra Azul".)
CLIENT_BEFORE = {
    "pt_BR": r"(?:empresa|servindo|^|[:.]\s*)",
    "pt_PT": r"(?:empresa|servir|^|[:.]\s*)",
    "fr": r"(?:[Cc]hez|par|pour|à|^|[:.]\s*)",
    "ru": r"(?:компании|компанией|^|[:.]\s*)",
}


@pytest.mark.parametrize("name", sorted(CLIENT_BEFORE))
def test_the_client_name_needs_no_article_or_case(name):
    import re

    wrong = []
    for filename, catalog in load_catalogs(name):
        for message in catalog:
            strings = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
            for text in strings:
                for hit in re.finditer(r"\{client\}", text or ""):
                    before = text[:hit.start()].rstrip(" \u00a0")
                    if not re.search(CLIENT_BEFORE[name] + r"$", before, flags=re.M):
                        wrong.append(f"{filename}: …{text[max(0, hit.start() - 30):hit.end() + 10]}…")
    assert not wrong, f"{name}: the client's name after a word that needs its gender or case:\n" + "\n".join(wrong)
