"""Every shipped sample engagement carries outlook, service-profit-chain and retention data that parse
and give headline numbers that fit the client's industry and size.

The eight samples other than Aurora Telecom are written by ``data/portfolio/generate_samples.py`` (one
seeded profile per client; true links and sBG / BG/NBD parameters there). The bands below are sanity
limits, wide enough for any honest sample and narrow enough to catch a wrong currency, a unit slip
(seconds for minutes, per year for per month) or a broken simulation:

- Contact-centre conventions from CX-FACTS (SQM, Gartner 2019): shrinkage 30-35 %, occupancy ceiling
  85-90 %, service level 80 % in 20 s; self-service leak-back well above 0 because only 9 % of customers
  fully resolve an issue in self-service.
- Contacts per customer per year by industry: hotels and online retail are contacted around a stay or
  an order (0.5-2 a year), energy and insurance around bills, renewals and claims (1-3), retail banks
  (2-5), B2B software support tickets per subscribing firm (4-12).
- Cost per contact at month 0 (the outlook's ``cost_per_contact``: cost base / contacts), converted to
  euros with rounded 2026 planning rates (EUR 1 = BRL 6, CNY 7.8, RUB 95, CHF 0.95, USD 1.08, GBP 0.85):
  EUR 0.5-30. Aurora's is about EUR 6; where an agent costs EUR 10-15k a year (Brazil, Russia, China)
  about EUR 1-1.5; a Swiss reservations desk or B2B software support with 10-15 minute contacts about
  20. A salary typed in the wrong currency moves it by 6-95x and leaves the band.
- Service-profit chain: every link estimated from the client's units is positive and significant
  (p < 0.05), as the generator intends (all true links > 0), lies within 50 % of the generator's true
  link, and the engagement -> revenue indirect effect is "supported" (Heskett et al. 1994; the Sears
  chain, Rucci et al. 1998, is the published magnitude: +5 engagement -> +0.5 % revenue growth).
- Retention, contractual businesses (telecom, energy, banks, insurance, SaaS): 12-month survival of
  a new cohort 60-95 % (subscription churn of 5-40 % a year); non-contractual businesses (hotels,
  grocery and general e-commerce), where "lost" means lapsed: 20-65 %. The sBG fit is never at a
  boundary nor uninformative (``SBGFit.flags`` empty); CLV exceeds acquisition cost (else the
  business would not acquire); the service-driven share of defections is 15-50 % (Aurora: 35 %).
- BG/NBD (Fader, Hardie & Lee 2005) on the transaction logs of the non-contractual samples: expected
  repeat purchases in the first year of a new customer, grocery 3-30, general e-commerce 0.3-3,
  hotel stays 0.2-1.5; the fit recovers the generator's r and mean drop-out a / (a + b) within 35 %.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from cxconsult.engagement import load_engagement
from cxconsult.outlook.model import check_targets, project
from cxconsult.retention.analysis import analyse_retention
from cxconsult.retention.bgnbd import BGNBDFitter
from cxconsult.sections.retention import COMPLAINTS_ITEM

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "engagements"
NAMES = sorted(p.name for p in SAMPLES.iterdir() if (p / "engagement.yaml").is_file())
SECTIONS = ("outlook", "service_profit_chain", "retention")
EUR_PER = {"EUR": 1.0, "BRL": 1 / 6, "CNY": 1 / 7.8, "RUB": 1 / 95, "CHF": 1 / 0.95, "USD": 1 / 1.08,
           "GBP": 1 / 0.85}
#: Industry of each sample: contacts per customer per year band; contractual or not.
INDUSTRY = {
    "aurora-telecom": ("telecom", (1.5, 5.0), True),
    "lumiere-energie": ("energy", (1.0, 3.0), True),
    "banco-serra-azul": ("bank", (2.0, 5.0), True),
    "bank-ladya": ("bank", (2.0, 5.0), True),
    "harbourline-insurance": ("insurance", (1.0, 3.0), True),
    "ledgerly-saas": ("saas", (4.0, 12.0), True),
    "alpenrose-hotels": ("hotel", (0.5, 2.0), False),
    "qinghe-youxuan": ("grocery", (0.5, 2.0), False),
    "northwind-retail": ("retail", (0.5, 2.0), False),
}
#: BG/NBD band of expected repeat purchases in a new customer's first 52 weeks.
PURCHASES_YEAR = {"grocery": (3.0, 30.0), "retail": (0.3, 3.0), "hotel": (0.2, 1.5)}


@cache
def engagement(name: str):
    return load_engagement(SAMPLES / name)


@cache
def generator():
    import importlib.util
    spec = importlib.util.spec_from_file_location("portfolio_generator", ROOT / "data" / "portfolio" / "generate_samples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_sample_is_listed_with_an_industry():
    assert set(NAMES) == set(INDUSTRY)
    assert set(generator().CLIENTS) == set(NAMES) - {"aurora-telecom"}


@pytest.mark.parametrize("name", NAMES)
def test_sample_has_the_three_sections_and_they_parse(name):
    e = engagement(name)
    for section in SECTIONS:
        assert e.section(section) is not None, f"{name} has no {section}"
    assert e.retention.currency == e.spc.currency == e.currency
    # one customer base and one revenue per customer across the three sections
    assert e.retention.customers == e.outlook.assumptions.customers == e.spc.customers
    a = e.outlook.assumptions
    assert e.spc.revenue_per_year == pytest.approx(a.customers * a.revenue_per_customer_monthly * 12, rel=0.01)
    assert e.retention.programme.retention_per_year == pytest.approx(
        1 - e.retention.defections_per_year / e.retention.customers, abs=0.005)


@pytest.mark.parametrize("name", NAMES)
def test_outlook_fits_the_industry(name):
    e = engagement(name)
    a = e.outlook.assumptions
    low, high = INDUSTRY[name][1]
    assert low <= a.contacts_per_customer_monthly * 12 <= high
    assert 0.28 <= a.shrinkage <= 0.36 and a.max_occupancy <= 0.90
    assert a.self_service_leak_back >= 0.2 and a.self_service_baseline < a.self_service_target
    frame = project(a, months=36)
    first = frame.iloc[0]
    assert 0.5 <= first["cost_per_contact"] * EUR_PER[e.currency] <= 30, first["cost_per_contact"]
    assert 0 < first["abandon_rate"] <= a.max_abandon + 1e-9
    report = check_targets(frame, e.outlook.targets)
    by_name = {r.name: r for r in report.results}
    assert report.by_month == 36
    assert -0.1 <= by_name["revenue"].change <= 1.0            # 36 months of growth, not a unit slip
    assert -0.5 <= by_name["headcount"].change <= 0.05          # self-service takes work away
    assert -0.4 <= by_name["cost_base"].change <= 0.15
    assert by_name["self_service_share"].value > by_name["self_service_share"].baseline
    assert e.outlook.targets.revenue_change == 0.20 and e.outlook.targets.headcount_change == -0.30


@pytest.mark.parametrize("name", NAMES)
def test_service_profit_chain_links_are_positive_and_significant(name):
    e = engagement(name)
    chain = replace(e.spc, n_boot=300).chain().fit(e.spc.frame)
    result = chain._fitted()
    assert not e.spc.assumed_links
    for link in result.links:
        assert link.coefficient > 0 and link.p_value < 0.05 and link.low > 0, link.summary()
    assert result.indirect.value > 0 and result.indirect.low > 0
    if name in generator().CLIENTS:
        truth = dict(zip(zip(generator().STAGES[:-1], generator().STAGES[1:]), generator().CLIENTS[name]["spc"]["links"]))
        for link in result.links:
            assert link.coefficient == pytest.approx(truth[(link.cause, link.effect)], rel=0.5), link.summary()
    assert 30 <= e.spc.n_units <= 60


@pytest.mark.parametrize("name", NAMES)
def test_retention_fits_the_business_model(name):
    e = engagement(name)
    analysis = analyse_retention(e.retention)
    fit = analysis.fit
    assert fit.flags == (), fit.summary()
    contractual = INDUSTRY[name][2]
    low, high = (0.60, 0.95) if contractual else (0.20, 0.65)
    assert low <= analysis.survival_12_months <= high
    assert analysis.economics.clv > e.retention.acquisition_cost
    assert 0.15 <= analysis.service_share <= 0.50
    assert analysis.yearly_cost_of_poor_service > 0
    assert (e.retention.transactions is None) == contractual


@pytest.mark.parametrize("name", [n for n in NAMES if not INDUSTRY[n][2]])
def test_transaction_log_gives_a_plausible_bgnbd_fit(name):
    tx = engagement(name).retention.transactions
    bg = BGNBDFitter().fit(tx["frequency"], tx["recency"], tx["T"])
    low, high = PURCHASES_YEAR[INDUSTRY[name][0]]
    assert low <= bg.expected_purchases(52) <= high
    truth = generator().CLIENTS[name]["transactions"]
    assert bg.r_ == pytest.approx(truth["r"], rel=0.35)
    # a and b are weakly identified one by one at 3,000 customers; their mean drop-out a / (a + b) is not
    assert bg.a_ / (bg.a_ + bg.b_) == pytest.approx(truth["a"] / (truth["a"] + truth["b"]), rel=0.35)


_ENGLISH = re.compile(r"\b(the|and|customer|team|phone|email|claim|delivery|price)\b", re.IGNORECASE)
_SCRIPT = {"zh": re.compile(r"[\u4e00-\u9fff]"), "ru": re.compile(r"[\u0400-\u04ff]")}


@pytest.mark.parametrize("name", [n for n in NAMES if engagement(n).language != "en"])
def test_labels_are_in_the_clients_language(name):
    """Channel, scenario, unit, exit-reason and poor-service labels are written in the client's language."""
    e = engagement(name)
    labels = [c.name for c in e.outlook.assumptions.channels if c.kind != "chat"]
    labels += [s for s in e.outlook.scenarios if s != "base"]
    labels += list(e.spc.frame["unit"].unique()[:5])
    labels += [r.reason for r in e.retention.exit_reasons]
    # the complaint log's line is the toolkit's own msgid (COMPLAINTS_ITEM), translated where it is shown
    labels += [i.item for i in e.retention.poor_service if i.item != COMPLAINTS_ITEM]
    script = _SCRIPT.get(e.language)
    for label in labels:
        if label in ("WhatsApp", "e-mail"):
            continue  # a brand, and the word Brazilians write
        assert not _ENGLISH.search(label), label
        if script:
            assert script.search(label), label
