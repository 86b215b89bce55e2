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


@pytest.mark.parametrize(("language", "value", "currency", "expected"), [
    # zh counts in 万 (10^4) and 亿 (10^8): 19,624,000 = 1,962.4万, grouped like any zh number (#,##0)
    ("zh", 19_624_000, "CNY", "¥1,962.4万"), ("zh", 123_456_789_000, "CNY", "¥1,234.6亿"),
    ("zh", 45_600, "CNY", "¥4.6万"), ("zh", -19_624_000, "CNY", "-¥1,962.4万"),
    # past the largest unit (trillions) every language has a four-digit whole part: grouped too
    ("en", 9.9e15, "EUR", "€9,900T"), ("ru", 9.9e15, "EUR", "9\u00a0900\u00a0трлн\u00a0€"),
    ("fr", 9.9e15, "EUR", "9\u202f900\u00a0Bn\u00a0€"), ("pt-BR", 9.9e15, "BRL", "R$\u00a09.900\u00a0tri"),
    # short whole parts are unchanged
    ("ru", 19_624_000, "CNY", "19,6\u00a0млн\u00a0CN¥"), ("fr", 22_800_000, "EUR", "22,8\u00a0M\u00a0€"),
])
def test_compact_money_groups_the_whole_digits(language, value, currency, expected):
    assert translator(language).compact_money(value, currency) == expected


def test_compact_number_groups_the_whole_digits():
    assert translator("zh").compact_number(19_624_000) == "1,962.4万"
    assert translator("en").compact_number(1_234_567) == "1.2M"


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


@pytest.mark.parametrize(("written", "stored"), [("pt", "pt-BR"), ("pt-BR", "pt-BR"), ("pt_PT", "pt-PT"),
                                                  ("zh-CN", "zh"), ("ru", "ru"), ("FR", "fr")])
def test_engagement_stores_the_normalised_language(tmp_path, written, stored):
    from cxconsult.engagement import load_engagement

    (tmp_path / "engagement.yaml").write_text(f"client: Acme\nlanguage: {written}\n", encoding="utf-8")
    (tmp_path / "responses.csv").write_text("respondent,role,question,answer\n", encoding="utf-8")
    assert load_engagement(tmp_path).language == stored


def test_engagement_with_an_unknown_language_names_the_field_and_the_choices(tmp_path):
    from cxconsult.engagement import load_engagement
    from cxconsult.errors import EngagementError

    (tmp_path / "engagement.yaml").write_text("client: Acme\nlanguage: " + "x" * 200 + "\n", encoding="utf-8")
    (tmp_path / "responses.csv").write_text("respondent,role,question,answer\n", encoding="utf-8")
    with pytest.raises(EngagementError) as caught:
        load_engagement(tmp_path)
    assert caught.value.field == "language"
    assert "en, fr, pt-BR, pt-PT, zh, ru" in str(caught.value) and "x" * 81 not in str(caught.value)


def test_every_sample_engagement_loads_with_a_known_language():
    from pathlib import Path

    from cxconsult.engagement import load_engagement

    samples = Path(__file__).resolve().parents[1] / "data" / "engagements"
    languages = {folder.name: load_engagement(folder).language for folder in sorted(samples.iterdir())
                 if (folder / "engagement.yaml").is_file()}
    assert set(languages.values()) <= set(LANGUAGES)
    assert languages["banco-serra-azul"] == "pt-BR" and languages["lumiere-energie"] == "fr"
    assert languages["qinghe-youxuan"] == "zh" and languages["bank-ladya"] == "ru"


@pytest.mark.parametrize(("language", "people", "dont_know", "months"), [
    ("fr", "Collaborateurs", "Ne sait pas", "5 mois"), ("pt-BR", "Pessoas", "Não sei", "5 meses"),
    ("pt-PT", "Pessoas", "Não sei", "5 meses"), ("zh", "人员", "不知道", "5 个月"), ("ru", "Люди", "Не знаю", "5 месяцев"),
])
def test_core_catalog_has_the_shared_words(language, people, dont_know, months):
    tr = translator(language)
    assert tr._("People") == people and tr._("Don't know") == dont_know
    assert tr.ngettext("{n} month", "{n} months", 5).format(n=5) == months


def test_portuguese_variants_differ_where_a_reader_would_notice():
    assert (translator("pt-BR")._("Save"), translator("pt-PT")._("Save")) == ("Salvar", "Guardar")
    assert (translator("pt-BR")._("Saved."), translator("pt-PT")._("Saved.")) == ("Salvo.", "Guardado.")
    assert translator("pt-BR").pgettext("maturity scale", "Not at all") != \
        translator("pt-PT").pgettext("maturity scale", "Not at all")


def test_russian_units_take_three_forms():
    ru = translator("ru")
    assert [ru.ngettext("{n} year", "{n} years", n).format(n=n) for n in (1, 3, 11, 22, 25)] == \
        ["1 год", "3 года", "11 лет", "22 года", "25 лет"]


@pytest.mark.parametrize(("folder", "currency", "money"), [
    ("qinghe-youxuan", "CNY", "¥1,234.50"),   # CLDR zh: symbol first, no space
    ("bank-ladya", "RUB", "1 234,50 ₽"),      # CLDR ru: narrow no-break space grouping, symbol last
])
def test_chinese_and_russian_samples_have_a_full_diagnostic(folder, currency, money):
    from pathlib import Path

    from cxconsult.diagnostic import questions
    from cxconsult.engagement import load_engagement

    engagement = load_engagement(Path(__file__).resolve().parents[1] / "data" / "engagements" / folder)
    answers = engagement.responses
    assert engagement.currency == currency
    assert 6 <= answers["respondent"].nunique() <= 10 and answers["role"].nunique() >= 5
    assert (answers.groupby("respondent")["question"].nunique() == 20).all()
    assert 0.03 < (answers["answer"] == "dk").mean() < 0.25  # some "don't know", not a wall of them
    scored = answers[answers["answer"] != "dk"]["answer"].astype(int)
    assert set(scored) >= {0, 1, 2, 3, 4}  # a realistic spread over the whole scale
    assert questions(engagement.language)[0].language == engagement.language
    tr = translator(engagement.language)
    assert tr.money(1234.5, currency).replace("\u202f", " ").replace("\u00a0", " ") == money
