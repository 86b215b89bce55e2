"""Locale formats and plural forms (expected strings are CLDR's conventions, written out by hand)."""

import datetime as dt

import pytest

from cxconsult.i18n import LANGUAGES, normalise_language, translator


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "€19.50"), ("fr", "19,50\u00a0€"), ("pt-BR", "€\u00a019,50"), ("pt-PT", "19,50\u00a0€"),
    ("zh", "€19.50"), ("ru", "19,50\u00a0€"),
])
def test_money_follows_the_locale(language, expected):
    assert translator(language).money(19.5, "EUR") == expected


def test_money_with_fixed_digits_and_percent():
    fr = translator("fr")
    assert fr.money(20, "EUR", 0) == "20\u00a0€"
    assert fr.percent(0.123, 1) == "12,3\u00a0%"
    assert translator("en").percent(0.123, 1) == "12.3%"
    assert translator("en").number(1234567.5, 1) == "1,234,567.5"
    assert fr.number(1234567.5, 1) == "1\u202f234\u202f567,5"


def test_dates_by_locale():
    day = dt.date(2026, 12, 2)
    assert translator("fr").date(day) == "2 décembre 2026"
    assert translator("zh").date(day) == "2026年12月2日"


def test_russian_has_three_plural_forms():
    ru = translator("ru")
    forms = [ru.ngettext("{n} participant", "{n} participants", n).format(n=n) for n in (1, 2, 5, 21)]
    assert forms == ["1 участник", "2 участника", "5 участников", "21 участник"]


def test_aliases_and_unknown_language():
    assert normalise_language("pt") == "pt-BR"
    assert normalise_language("PT-pt") == "pt-PT"
    assert set(LANGUAGES) == {"en", "fr", "pt-BR", "pt-PT", "zh", "ru"}
    with pytest.raises(ValueError, match="expected one of en, fr"):
        normalise_language("xx")
