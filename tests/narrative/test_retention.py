"""The retention narrative words each client's own case: its exit reasons, its cohort period, whether it
renews contracts or simply keeps buying, and the complaints line in its language.

Review of the portfolio reports (nine samples): the "other reasons" example was a telecom's "network
coverage" for every client, the cohort text said "renew" and "month" for quarterly and lapse-based
cohorts, and the complaints line of the cost of poor service stayed in English.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative import retention as story
from cxconsult.retention.analysis import analyse_retention
from cxconsult.retention.economics import ExitReason, defection_split
from cxconsult.sections.retention import COMPLAINTS_ITEM

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "engagements"


def _plain(markup) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", str(markup)))).replace("\u00a0", " ")


@pytest.fixture(scope="module")
def sample():
    cache = {}

    def get(folder: str):
        if folder not in cache:
            engagement = load_engagement(SAMPLES / folder)
            cache[folder] = (engagement, analyse_retention(engagement.retention))
        return cache[folder]

    return get


def test_other_reasons_are_the_clients_own(sample):
    _, aurora = sample("aurora-telecom")  # en; other: coverage 122, moving 58, family plan 37
    text = _plain(story.defection_html(aurora, translator("en")))
    assert ("The other reasons given most often: Poor network coverage at home or work and Moving abroad or no "
            "longer needs a line.") in text
    assert "family or company plan" not in text  # two are named, the most frequent
    _, lumiere = sample("lumiere-energie")  # fr energy supplier: no network coverage
    fr = _plain(story.defection_html(lumiere, translator("fr")))
    assert "Les autres raisons les plus citées : Déménagement hors de la zone desservie et Décès ou fusion de " \
           "foyers." in fr
    assert "couverture" not in fr and "coverage" not in fr


def test_one_or_no_other_reason(sample):
    _, a = sample("aurora-telecom")
    one = dataclasses.replace(a, split=defection_split([ExitReason("Too dear", "price", 5),
                                                        ExitReason("Slow <repairs>", "service", 4),
                                                        ExitReason("Left the country", "other", 2)]))
    assert _plain(story.defection_html(one)).endswith("other reasons. Setting other reasons aside, service "
                                                      "explains 44% of the departures that price or service could "
                                                      "have prevented. Price-driven departures call for offers; "
                                                      "service-driven ones for fixing the experience, which is what "
                                                      "the CX programme targets. The other reason given: Left the "
                                                      "country.")
    none = dataclasses.replace(a, split=defection_split([ExitReason("Too dear", "price", 5),
                                                         ExitReason("<b>Slow</b>", "service", 4)]))
    text = str(story.defection_html(none))
    assert "The other reason" not in text and "such as" not in text and "<b>" not in text


def test_contractual_monthly_cohorts_renew(sample):
    _, a = sample("aurora-telecom")  # contract, monthly cohorts
    text = _plain(story.cohort_html(a))
    assert "one cohort period lasts 1 month." in text
    assert "are still customers after a year" in text and "renew at the end of their first period" in text


def test_quarterly_cohorts_are_named_by_their_length(sample):
    _, a = sample("banco-serra-azul")  # pt-BR bank, quarterly cohorts, contractual
    assert a.period == "quarter" and not a.non_contractual
    text = _plain(story.cohort_html(a, translator("pt-BR")))
    assert "um período de coorte dura 3 meses." in text and "após 12 meses" not in text
    assert "renovam ao fim do primeiro período" in text
    first = translator("pt-BR").percent(a.fit.retention(1), 1)
    assert f"{first} dos clientes novos renovam" in text.replace("\u00a0", " ")


def test_non_contractual_cohorts_keep_buying(sample):
    _, a = sample("northwind-retail")  # en retailer with transactions_csv: non-contractual, quarterly
    assert a.non_contractual and a.period == "quarter"
    text = _plain(story.cohort_html(a))
    assert "one cohort period lasts 3 months, and a customer counts as lost once they stop buying." in text
    assert "are still buying after a year" in text and "keep buying through their first period" in text
    assert "renew" not in text and "month," not in text.replace("3 months,", "")
    _, qinghe = sample("qinghe-youxuan")  # zh, monthly, non-contractual
    zh = _plain(story.cohort_html(qinghe, translator("zh")))
    assert "每个批次周期为 1 个月，客户一旦不再购买即视为流失" in zh and "续约" not in zh


def test_the_complaints_line_is_in_the_clients_language(sample):
    engagement, a = sample("lumiere-energie")  # fr, with a complaints section
    assert COMPLAINTS_ITEM in [i.item for i in a.poor_service.items]
    table = _plain(story.poor_service_table_html(a, translator("fr")))
    assert "Réclamations traitées" in table and COMPLAINTS_ITEM not in table
    assert story.item_name(COMPLAINTS_ITEM, translator("en")) == COMPLAINTS_ITEM
    assert story.item_name("Factures refaites", translator("fr")) == "Factures refaites"  # the client's words


def test_the_plot_names_the_complaints_line_in_the_clients_language(sample):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from cxconsult.plots.retention import plot_cost_of_poor_service

    _, a = sample("lumiere-energie")
    ax = plot_cost_of_poor_service(a.poor_service, currency="EUR", tr=translator("fr"))
    labels = " ".join(t.get_text().replace("\n", " ") for t in ax.get_yticklabels())
    plt.close(ax.figure)
    assert "Réclamations traitées" in labels and "Complaints handled" not in labels


def test_portuguese_names_the_client_without_an_article(sample):
    engagement, a = sample("banco-serra-azul")
    text = _plain(story.overview(engagement, a, translator("pt-BR")))
    assert text.startswith("Na empresa Banco Serra Azul, um cliente novo vale")
    assert "da Banco" not in text
