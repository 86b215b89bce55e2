"""The client's language: gettext message catalogs (read with Babel) and locale formatting (Babel).

Every client-facing string goes through a :class:`Translator`::

    tr = translator(engagement.language)          # "en", "fr", "pt-BR", "pt-PT", "zh", "ru" (or an alias)
    tr._("Executive summary")                      # gettext
    tr.ngettext("{n} participant", "{n} participants", n).format(n=n)
    tr.money(19.5, "EUR")                          # "19,50 €" in fr, "€19.50" in en
    tr.percent(0.123, 1)                           # "12,3 %" in fr

Catalogs are ``cxconsult/locale/<catalog>/LC_MESSAGES/<domain>.po``; English is the source language
(msgids are English) and has no catalog. A language's domains are merged into one lookup, so a domain is
only a way of keeping files small: one per report section or app (``core``, ``diagnostic``,
``outlook``...). Module-level constants are marked with :func:`N_` and translated where used.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, numbers
from babel import dates as _dates
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

__all__ = ["LANGUAGES", "LANGUAGE_NAMES", "N_", "Translator", "catalog_dir", "normalise_language",
           "translator"]

#: Languages a report, an app and the question bank can be written in.
LANGUAGES = ("en", "fr", "pt-BR", "pt-PT", "zh", "ru")
#: Each language's own name for itself (for language pickers).
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "pt-BR": "Português (Brasil)",
                  "pt-PT": "Português (Portugal)", "zh": "中文", "ru": "Русский"}
#: Other spellings accepted in engagement files and URLs.
ALIASES = {"pt": "pt-BR", "pt_br": "pt-BR", "pt-br": "pt-BR", "pt_pt": "pt-PT", "pt-pt": "pt-PT",
           "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "zh_hans": "zh", "ru-ru": "ru", "fr-fr": "fr",
           "en-gb": "en", "en-us": "en"}
#: Babel locale used to format numbers, money and dates for each language.
BABEL_LOCALES = {"en": "en", "fr": "fr_FR", "pt-BR": "pt_BR", "pt-PT": "pt_PT", "zh": "zh_Hans_CN",
                 "ru": "ru_RU"}
#: Folder name of each language's catalogs under ``cxconsult/locale`` (gettext's naming).
CATALOG_NAMES = {"fr": "fr", "pt-BR": "pt_BR", "pt-PT": "pt_PT", "zh": "zh", "ru": "ru"}


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translate it where it is shown)."""
    return message


def normalise_language(code: str) -> str:
    """``"pt"`` -> ``"pt-BR"``, ``"FR"`` -> ``"fr"``; raises ``ValueError`` naming the languages known."""
    text = str(code).strip()
    if text in LANGUAGES:
        return text
    lowered = text.lower().replace(" ", "")
    for language in LANGUAGES:
        if lowered == language.lower():
            return language
    if lowered in ALIASES:
        return ALIASES[lowered]
    raise ValueError(f"unknown language {text[:20]!r}; expected one of {', '.join(LANGUAGES)}")


def catalog_dir() -> Path:
    """The folder holding ``<catalog>/LC_MESSAGES/*.po``."""
    return Path(__file__).parent / "locale"


@functools.lru_cache(maxsize=None)
def _translations(language: str) -> _gettext.NullTranslations:
    if language == "en":
        return _gettext.NullTranslations()
    folder = catalog_dir() / CATALOG_NAMES[language] / "LC_MESSAGES"
    merged: _gettext.NullTranslations | None = None
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=BABEL_LOCALES[language])
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        domain = _gettext.GNUTranslations(buffer)
        if merged is None:
            merged = domain
        else:
            merged.add_fallback(domain)
    return merged or _gettext.NullTranslations()


@dataclass(frozen=True)
class Translator:
    """Messages and number formats for one language (see the module docstring)."""

    language: str

    @property
    def locale(self) -> Locale:
        """The Babel locale behind the formats."""
        return Locale.parse(BABEL_LOCALES[self.language])

    # -- messages ---------------------------------------------------------------------------------
    def gettext(self, message: str) -> str:
        """``message`` in this language (itself when the catalog has no translation)."""
        return _translations(self.language).gettext(message)

    _ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The plural form of the language for count ``n`` (Russian has three, Chinese one)."""
        return _translations(self.language).ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` translated in ``context`` (for a word with two meanings)."""
        return _translations(self.language).pgettext(context, message)

    # -- formats ----------------------------------------------------------------------------------
    def number(self, value: float, digits: int = 0) -> str:
        """``1234.5`` -> ``"1,234.5"`` (en), ``"1 234,5"`` (fr); grouping and decimal sign by locale."""
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return numbers.format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, share: float, digits: int = 0) -> str:
        """A share (``0.123``) as a percentage: ``"12.3%"`` (en), ``"12,3 %"`` (fr)."""
        pattern = _with_digits(self.locale.percent_formats[None].pattern, digits)
        return numbers.format_percent(share, format=pattern, locale=self.locale)

    def points(self, value: float, digits: int = 0) -> str:
        """A signed difference in points: ``"+5"``, ``"-2,5"``."""
        text = self.number(abs(value), digits)
        return ("+" if value > 0 else "-" if value < 0 else "") + text

    def money(self, value: float, currency: str = "EUR", digits: int | None = None) -> str:
        """``19.5`` -> ``"19,50 €"`` (fr), ``"€19.50"`` (en); ``digits`` fixes the decimals."""
        if digits is None:
            return numbers.format_currency(value, currency, locale=self.locale)
        pattern = _with_digits(self.locale.currency_formats["standard"].pattern, digits)
        return numbers.format_currency(value, currency, format=pattern, locale=self.locale,
                                       currency_digits=False)

    def compact_money(self, value: float, currency: str = "EUR", digits: int = 1) -> str:
        """Large sums shortened by locale: ``"€22.8M"`` (en), ``"22,8 M €"`` (fr), ``"¥1,962.4万"`` (zh)."""
        if abs(value) < 10_000:
            return self.money(value, currency, 0)
        return self._grouped(numbers.format_compact_currency(value, currency, locale=self.locale,
                                                             fraction_digits=digits))

    def compact_number(self, value: float, digits: int = 1) -> str:
        """``1234567`` -> ``"1.2M"`` (en), ``"1,2 M"`` (fr), ``"123.5万"`` (zh)."""
        if abs(value) < 10_000:
            return self.number(value)
        return self._grouped(numbers.format_compact_decimal(value, locale=self.locale, fraction_digits=digits))

    def _grouped(self, compact: str) -> str:
        """A compact number with its whole digits grouped by locale (``"1962.4万"`` -> ``"1,962.4万"``).

        CLDR's compact patterns print the digits bare (``0000万`` in zh, where 万 is 10^4, so up to four
        digits; in every language past the largest unit, ``9900T``); the locale's grouping rule (with its
        minimum grouping digits) is put back on the first run of digits, the whole part.
        """
        def group(match: re.Match) -> str:
            return numbers.format_decimal(int(match.group()), locale=self.locale)

        return re.sub(r"\d+", group, compact, count=1)

    def date(self, value: dt.date, format: str = "long") -> str:
        """``2026-12-02`` -> ``"2 December 2026"`` (en), ``"2 décembre 2026"`` (fr)."""
        return _dates.format_date(value, format=format, locale=self.locale)

    def month_year(self, value: dt.date) -> str:
        """``"December 2026"``, ``"décembre 2026"``."""
        return _dates.format_skeleton("yMMMM", value, locale=self.locale)

    def list(self, items: list[str], style: str = "standard") -> str:
        """``["a", "b", "c"]`` -> ``"a, b and c"`` (en), ``"a, b et c"`` (fr)."""
        from babel.lists import format_list
        return format_list(list(items), style=style, locale=self.locale) if items else ""


def _with_digits(pattern: str, digits: int) -> str:
    """A CLDR number pattern with exactly ``digits`` decimals (its first sub-pattern only)."""
    pattern = pattern.split(";")[0]
    return re.sub(r"0(?:\.0+)?", "0" + ("." + "0" * digits if digits > 0 else ""), pattern, count=1)


@functools.lru_cache(maxsize=None)
def translator(language: str = "en") -> Translator:
    """The :class:`Translator` for ``language`` (any spelling :func:`normalise_language` accepts)."""
    return Translator(normalise_language(language))
