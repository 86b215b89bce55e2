"""Generate the outlook, service-profit-chain and retention data of eight sample engagements (seeded).

Every figure is invented. One small profile per client (``CLIENTS`` below: size, contact demand,
channels, pay, margins, churn, unit structure) drives three writers, so the eight clients differ by
industry and size in the same, documented way. For each client folder ``data/engagements/<name>/``
it writes:

- ``outlook.yaml``: contact-centre 36-month outlook (channels named in the client's language,
  AHT in seconds, pay and prices in the client's currency; seed 002's CSF targets as the market view);
- ``spc.yaml``, ``units.csv``, ``customer_survey.csv``: service-profit chain over 30-50 units
  (bank branches, service teams, hotel departments) x 6-8 quarters, each stage built from the one
  before with KNOWN true links (``spc["links"]`` of each profile), plus a customer survey. The
  service-quality stage is first-contact resolution in every sample, as cxconsult labels that stage;
- ``retention.yaml``, ``retention_cohorts.csv`` (cohorts drawn from a shifted-beta-geometric model
  with the profile's ``alpha``/``beta``), ``retention_exit_reasons.csv``,
  ``retention_poor_service.csv`` and, for the non-contractual businesses (grocery and general
  e-commerce, hotels), ``retention_transactions.csv`` drawn from a BG/NBD model (weeks).

It does not touch ``engagement.yaml`` (the three section lines were appended by hand once).
Run from the repository root (the outputs are committed; re-running rewrites them identically):

    .venv/bin/python data/portfolio/generate_samples.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[2]
ENGAGEMENTS = ROOT / "data" / "engagements"
STAGES = ("internal_service_quality", "engagement", "employee_retention", "service_quality", "csat",
          "customer_retention", "revenue_growth")

# Seed 002's market view of a 36-month contact-centre plan (the same for every client; see aurora-telecom).
MARKET_TARGETS = {"revenue_change": 0.20, "cost_base_change": -0.20, "cost_base_stretch": -0.50,
                  "headcount_change": -0.30, "self_service_share": 0.50, "customers_change": 0.0,
                  "contacts_change": 0.0}

# --------------------------------------------------------------------------------------------------
# The eight profiles. Money in the client's currency. contacts_year: assisted + self-service contacts
# per customer per year. Channel AHT in seconds. Retention alpha/beta: the true sBG parameters
# (churn probability per period ~ Beta(alpha, beta)).

CLIENTS: dict[str, dict] = {
    "lumiere-energie": dict(
        seed=101, lang="fr", currency="EUR", start_month=10,
        customers=240_000, growth=0.001, contacts_year=1.8, contacts_trend=-0.0005, transactional=0.55,
        # heating bills in winter, moves in September, quiet August
        seasonality=[1.20, 1.12, 1.05, 0.95, 0.88, 0.86, 0.85, 0.78, 1.07, 1.02, 1.07, 1.15],
        ss=(0.20, 0.65, 14, 0.30, 0.35, 0.35),     # baseline, target, midpoint month, steepness, leak back, cost each
        channels=[dict(name="téléphone", kind="phone", share=0.70, aht_s=420, cost_per_contact=0.10),
                  dict(name="chat", kind="chat", share=0.10, aht_s=780, concurrency=2,
                       service_level_target=0.80, answer_s=60, patience_s=240),
                  dict(name="courriel", kind="email", share=0.20, aht_s=480, response_hours=48)],
        patience_s=200, shrinkage=0.35, hours_fte=1607, overhead=0.16,   # 1,607 h: French legal working year
        cost_fte=48_000, wage_inflation=0.025, tech_monthly=45_000, other_monthly=30_000,
        arpu=92.0, arpu_growth=0.002, aht_plan=-0.06, digital_plan=0.45,
        client_targets={"abandon_rate": 0.05},
        scenario_names=("automatisation_renforcée", "exploitation_allégée"),
        retention=dict(period="month", alpha=0.8, beta=52.0, cohorts=12, step=2, observed=30, size=(2400, 3400),
                       margin=7.5, discount=0.07, cac=75, keep=6, retention_year=0.88,
                       programme=dict(investment=450_000, running_cost_per_year=140_000, retention_gain_points=1.5,
                                      ramp_months=9, poor_service_reduction=0.25, horizon_years=3)),
        exit_reasons=[("Offre moins chère chez un fournisseur concurrent", "price", 212),
                      ("Hausse du prix de l'abonnement", "price", 96),
                      ("Démarchage d'un concurrent avec remise de bienvenue", "price", 61),
                      ("Factures d'estimation erronées non corrigées", "service", 88),
                      ("Relevé de compteur jamais pris en compte", "service", 41),
                      ("Impossible de joindre le service client", "service", 57),
                      ("Mensualisation mal recalculée", "service", 34),
                      ("Déménagement hors de la zone desservie", "other", 118),
                      ("Décès ou fusion de foyers", "other", 23)],
        poor_service=[("Nouveaux clients partis dans les 90 jours après une mise en service ratée", "churn", 1400, 60),
                      ("Factures rectifiées après une estimation erronée", "rework", 9200, 14),
                      ("Résiliations pendant le délai de rétractation après une réclamation", "cancellation", 700, 45),
                      ("Contrats professionnels non renouvelés après un litige", "non_renewal", 35, 2600)],
        spc=dict(unit_column="equipe", period_column="trimestre", quarter_fmt="{y}T{q}",
                 units=[f"Équipe {site} {n}" for site in ("Grenoble", "Annecy", "Chambéry", "Valence")
                        for n in range(1, 10)],
                 quality=("taux_resolution_premier_contact", 72, 4.0),
                 means=(64, 62, 88, 72, 78, 88, 2.0), periods=6,
                 links=(0.50, 0.35, 0.40, 0.85, 0.28, 0.35), internal_view=78,
                 survey=dict(n=500, nps_mean=6.6, csat_mean=3.8, ces_mean=4.6))),
    "banco-serra-azul": dict(
        seed=102, lang="pt-BR", currency="BRL", start_month=11,
        customers=1_800_000, growth=0.003, contacts_year=3.6, contacts_trend=-0.002, transactional=0.62,
        # January taxes and the 13th salary, Carnival in February, year-end peak
        seasonality=[1.10, 0.94, 1.00, 0.98, 0.99, 0.97, 1.00, 0.98, 0.96, 0.98, 1.02, 1.08],
        ss=(0.35, 0.75, 12, 0.35, 0.25, 0.30),
        channels=[dict(name="telefone", kind="phone", share=0.55, aht_s=300, cost_per_contact=0.08),
                  dict(name="WhatsApp", kind="messaging", share=0.25, aht_s=360, response_hours=1),
                  dict(name="chat", kind="chat", share=0.15, aht_s=600, concurrency=2,
                       service_level_target=0.80, answer_s=60, patience_s=240),
                  dict(name="e-mail", kind="email", share=0.05, aht_s=420, response_hours=48)],
        patience_s=180, shrinkage=0.32, hours_fte=1800, overhead=0.14,   # 6-hour telemarketing day (NR-17)
        cost_fte=72_000, wage_inflation=0.055, tech_monthly=900_000, other_monthly=600_000,
        arpu=70.0, arpu_growth=0.004, aht_plan=-0.07, digital_plan=0.60,
        client_targets={"abandon_rate": 0.04, "digital_share": 0.55},
        scenario_names=("automação_acelerada", "operação_enxuta"),
        retention=dict(period="quarter", alpha=0.9, beta=30.0, cohorts=12, step=1, observed=14, size=(38000, 52000),
                       margin=95.0, discount=0.15, cac=180, keep=22, retention_year=0.90,
                       programme=dict(investment=14_000_000, running_cost_per_year=4_500_000,
                                      retention_gain_points=1.5, ramp_months=12, poor_service_reduction=0.30,
                                      horizon_years=3)),
        exit_reasons=[("Tarifas de pacote mais altas que as de bancos digitais", "price", 1840),
                      ("Conta sem tarifa oferecida por outro banco", "price", 1210),
                      ("Juros do cheque especial e do cartão", "price", 760),
                      ("Demora para resolver contestação de compra no cartão", "service", 690),
                      ("Aplicativo instável ou com falhas no Pix", "service", 880),
                      ("Atendimento que não resolve no primeiro contato", "service", 610),
                      ("Agência fechada ou distante", "service", 330),
                      ("Portabilidade de salário para o banco do empregador", "other", 940),
                      ("Mudança de cidade", "other", 420)],
        poor_service=[("Contas novas encerradas nos primeiros 90 dias após abertura problemática", "churn", 21000, 140),
                      ("Tarifas estornadas após reclamação", "buy_back", 64000, 38),
                      ("Cartões cancelados no período de arrependimento", "cancellation", 9500, 90),
                      ("Empresas que não renovaram a conta PJ após revisão", "non_renewal", 380, 5200),
                      ("Contestações refeitas por erro de análise", "rework", 41000, 22)],
        spc=dict(unit_column="agencia", period_column="trimestre", quarter_fmt="{y}T{q}",
                 units=[f"Agência {c}" for c in (
                     "Centro", "Savassi", "Pampulha", "Contagem", "Betim", "Nova Lima", "Sete Lagoas", "Divinópolis",
                     "Itabira", "Ipatinga", "Governador Valadares", "Teófilo Otoni", "Montes Claros", "Diamantina",
                     "Curvelo", "Ouro Preto", "Mariana", "Conselheiro Lafaiete", "Barbacena", "São João del-Rei",
                     "Juiz de Fora", "Muriaé", "Viçosa", "Ubá", "Cataguases", "Lavras", "Varginha", "Três Corações",
                     "Poços de Caldas", "Pouso Alegre", "Itajubá", "Passos", "Formiga", "Patos de Minas",
                     "Uberlândia", "Uberaba", "Araxá", "Ituiutaba", "Paracatu", "Unaí", "João Monlevade",
                     "Caratinga", "Manhuaçu", "Timóteo", "Santa Luzia", "Vespasiano", "Lagoa Santa", "Itaúna")],
                 quality=("resolucao_primeiro_contato_pct", 68, 4.5),
                 means=(60, 66, 80, 68, 74, 90, 6.5), periods=6,
                 links=(0.55, 0.40, 0.40, 0.80, 0.25, 0.40), internal_view=82,
                 survey=dict(n=600, nps_mean=6.9, csat_mean=3.7, ces_mean=4.4))),
    "qinghe-youxuan": dict(
        seed=103, lang="zh", currency="CNY", start_month=12,
        customers=3_200_000, growth=0.008, contacts_year=1.1, contacts_trend=-0.002, transactional=0.70,
        # Spring Festival (Jan/Feb), 618 in June, Double 11 in November
        seasonality=[1.22, 1.12, 0.95, 0.93, 0.95, 1.08, 0.92, 0.90, 0.93, 0.95, 1.17, 0.98],
        ss=(0.30, 0.80, 10, 0.40, 0.30, 0.8),
        channels=[dict(name="在线客服", kind="chat", share=0.70, aht_s=420, concurrency=3,
                       service_level_target=0.85, answer_s=30, patience_s=180),
                  dict(name="电话", kind="phone", share=0.20, aht_s=240, cost_per_contact=0.15),
                  dict(name="工单", kind="email", share=0.10, aht_s=360, response_hours=12)],
        patience_s=150, shrinkage=0.30, hours_fte=2100, overhead=0.12,
        cost_fte=110_000, wage_inflation=0.04, tech_monthly=600_000, other_monthly=400_000,
        arpu=180.0, arpu_growth=0.003, aht_plan=-0.05, digital_plan=0.85,
        client_targets={"abandon_rate": 0.03},
        scenario_names=("自动化加速", "精益运营"),
        retention=dict(period="month", alpha=1.2, beta=7.0, cohorts=12, step=1, observed=18, size=(60000, 90000),
                       margin=9.0, discount=0.08, cac=60, keep=12, retention_year=0.55,
                       programme=dict(investment=9_000_000, running_cost_per_year=3_500_000,
                                      retention_gain_points=2.0, ramp_months=6, poor_service_reduction=0.30,
                                      horizon_years=3)),
        transactions=dict(n=3000, weeks=78, r=0.9, alpha=3.0, a=0.6, b=4.0, spend=(95.0, 6.0)),
        exit_reasons=[("其他平台新人券和满减力度更大", "price", 1320),
                      ("会员费上调", "price", 410),
                      ("同类商品价格比社区团购贵", "price", 690),
                      ("生鲜品质不稳定、有烂果", "service", 880),
                      ("配送超时或漏送", "service", 760),
                      ("退款审核慢", "service", 430),
                      ("客服回复机械、问题没解决", "service", 350),
                      ("搬家到未覆盖的城市", "other", 290),
                      ("改为线下超市购买", "other", 520)],
        poor_service=[("首单体验差后 30 天内流失的新客", "churn", 160000, 35),
                      ("漏送、错送后的补发与退款", "rework", 420000, 18),
                      ("投诉后取消的会员", "cancellation", 38000, 88),
                      ("企业团购客户未续约", "non_renewal", 260, 12000)],
        spc=dict(unit_column="客服组", period_column="季度", quarter_fmt="{y}Q{q}",
                 units=[f"{city}客服{n}组" for city, count in (("杭州", 20), ("成都", 16), ("合肥", 12))
                        for n in range(1, count + 1)],
                 quality=("首次解决率", 74, 4.0),
                 means=(66, 70, 70, 74, 86, 58, 12.0), periods=6,
                 links=(0.50, 0.45, 0.35, 0.80, 0.45, 0.40), internal_view=85,
                 survey=dict(n=600, nps_mean=7.3, csat_mean=4.0, ces_mean=5.1))),
    "bank-ladya": dict(
        seed=104, lang="ru", currency="RUB", start_month=11,
        customers=1_300_000, growth=0.002, contacts_year=3.0, contacts_trend=-0.001, transactional=0.60,
        # long New Year holidays in January, year-end peak in December
        seasonality=[0.86, 0.98, 1.04, 1.00, 0.96, 0.98, 1.00, 0.98, 1.02, 1.04, 1.02, 1.12],
        ss=(0.40, 0.78, 12, 0.35, 0.25, 25.0),
        channels=[dict(name="телефон", kind="phone", share=0.55, aht_s=330, cost_per_contact=3.0),
                  dict(name="чат в приложении", kind="chat", share=0.35, aht_s=600, concurrency=2,
                       service_level_target=0.80, answer_s=60, patience_s=240),
                  dict(name="письма", kind="email", share=0.10, aht_s=480, response_hours=24)],
        patience_s=180, shrinkage=0.32, hours_fte=1970, overhead=0.14,   # 40-hour week, Russian working-time norm
        cost_fte=1_150_000, wage_inflation=0.08, tech_monthly=9_000_000, other_monthly=6_000_000,
        arpu=1100.0, arpu_growth=0.005, aht_plan=-0.06, digital_plan=0.55,
        client_targets={"abandon_rate": 0.05},
        scenario_names=("ускоренная_автоматизация", "бережливые_операции"),
        retention=dict(period="quarter", alpha=1.0, beta=28.0, cohorts=12, step=1, observed=14, size=(30000, 42000),
                       margin=1350.0, discount=0.18, cac=3500, keep=400, retention_year=0.89,
                       programme=dict(investment=120_000_000, running_cost_per_year=45_000_000,
                                      retention_gain_points=1.5, ramp_months=9, poor_service_reduction=0.25,
                                      horizon_years=3)),
        exit_reasons=[("Более выгодный процент по вкладу в другом банке", "price", 1540),
                      ("Плата за обслуживание карты", "price", 820),
                      ("Кешбэк выше у конкурента", "price", 690),
                      ("Долгое рассмотрение спорной операции", "service", 540),
                      ("Сбои мобильного приложения", "service", 720),
                      ("Вопрос не решили с первого обращения", "service", 460),
                      ("Очереди в отделении", "service", 260),
                      ("Зарплатный проект работодателя в другом банке", "other", 810),
                      ("Переезд в другой регион", "other", 300)],
        poor_service=[("Новые клиенты, ушедшие в первые 90 дней после неудачного открытия счёта", "churn", 15000, 2600),
                      ("Комиссии, возвращённые после жалобы", "buy_back", 52000, 450),
                      ("Карты, закрытые в период охлаждения", "cancellation", 7000, 1800),
                      ("Компании малого бизнеса, не продлившие пакет услуг", "non_renewal", 300, 95000),
                      ("Повторная обработка спорных операций", "rework", 30000, 350)],
        spc=dict(unit_column="отделение", period_column="квартал", quarter_fmt="{y}-К{q}",
                 units=[f"Отделение «{c}»" for c in (
                     "Тверское", "Арбатское", "Пресненское", "Замоскворецкое", "Таганское", "Басманное",
                     "Хамовническое", "Сокольническое", "Измайловское", "Перовское", "Люблинское", "Марьинское",
                     "Чертановское", "Ясеневское", "Тёплый Стан", "Солнцевское", "Крылатское", "Митинское",
                     "Тушинское", "Химкинское", "Мытищинское", "Королёвское", "Балашихинское", "Люберецкое",
                     "Подольское", "Одинцовское", "Красногорское", "Зеленоградское", "Невское", "Василеостровское",
                     "Петроградское", "Московское", "Выборгское", "Приморское", "Калининское", "Фрунзенское",
                     "Кировское", "Колпинское", "Пушкинское", "Гатчинское")],
                 quality=("решение_с_первого_обращения_pct", 70, 4.0),
                 means=(58, 64, 78, 70, 75, 89, 9.0), periods=6,
                 links=(0.55, 0.40, 0.40, 0.85, 0.25, 0.40), internal_view=80,
                 survey=dict(n=600, nps_mean=7.0, csat_mean=3.8, ces_mean=4.5))),
    "alpenrose-hotels": dict(
        seed=105, lang="en", currency="CHF", start_month=7,
        customers=160_000, growth=0.002, contacts_year=1.2, contacts_trend=-0.001, transactional=0.45,
        # winter season bookings (Oct-Jan), summer season (Jun-Jul), quiet April and November
        seasonality=[1.15, 1.05, 0.95, 0.75, 0.85, 1.10, 1.10, 0.95, 0.95, 1.10, 0.90, 1.15],
        ss=(0.10, 0.55, 15, 0.30, 0.30, 0.60),
        channels=[dict(name="reservations phone", kind="phone", share=0.50, aht_s=480, cost_per_contact=0.10),
                  dict(name="email", kind="email", share=0.35, aht_s=600, response_hours=24),
                  dict(name="web chat", kind="chat", share=0.15, aht_s=660, concurrency=2,
                       service_level_target=0.80, answer_s=60, patience_s=240)],
        patience_s=120, shrinkage=0.30, hours_fte=2000, overhead=0.18,   # 42-hour Swiss hotel-industry week
        cost_fte=92_000, wage_inflation=0.02, tech_monthly=28_000, other_monthly=22_000,
        arpu=143.0, arpu_growth=0.002, aht_plan=-0.05, digital_plan=0.60,
        client_targets={"abandon_rate": 0.06},
        scenario_names=("automation_push", "lean_operations"),
        retention=dict(period="year", alpha=1.6, beta=1.5, cohorts=7, step=1, observed=8, size=(26000, 34000),
                       margin=380.0, discount=0.06, cac=95, keep=25, retention_year=0.48,
                       programme=dict(investment=1_200_000, running_cost_per_year=350_000,
                                      retention_gain_points=3.0, ramp_months=12, poor_service_reduction=0.25,
                                      horizon_years=3)),
        transactions=dict(n=3000, weeks=156, r=0.6, alpha=45.0, a=0.5, b=2.0, spend=(1150.0, 5.0)),
        exit_reasons=[("Found a cheaper hotel on a booking site", "price", 410),
                      ("Room rates rose faster than the stay was worth", "price", 260),
                      ("Room not ready at check-in or noisy room", "service", 190),
                      ("Booking change or refund handled badly", "service", 150),
                      ("Restaurant or spa below the hotel's standard", "service", 120),
                      ("Trip was a one-off (wedding, conference)", "other", 520),
                      ("Travelled to another destination", "other", 380)],
        poor_service=[("Rooms comped or discounted after complaints", "buy_back", 5200, 180),
                      ("Bookings cancelled after a slow or wrong reservation answer", "cancellation", 2600, 640),
                      ("Corporate rate agreements not renewed after a service review", "non_renewal", 18, 42000),
                      ("Rebooked or re-cleaned rooms after housekeeping misses", "rework", 7400, 45)],
        spc=dict(unit_column="department", period_column="quarter", quarter_fmt="{y}Q{q}",
                 units=[f"{h} {d}" for h in ("Zermatt", "St. Moritz", "Davos", "Grindelwald", "Verbier", "Arosa",
                                              "Lucerne", "Zurich", "Geneva", "Lugano", "Interlaken")
                        for d in ("front office", "restaurant", "spa")],
                 quality=("requests_resolved_first_time_pct", 80, 4.0),
                 means=(66, 68, 74, 80, 88, 34, 4.0), periods=8,
                 links=(0.55, 0.45, 0.35, 0.75, 0.40, 0.30), internal_view=88,
                 survey=dict(n=500, nps_mean=8.3, csat_mean=4.3, ces_mean=5.6))),
    "harbourline-insurance": dict(
        seed=106, lang="en", currency="EUR", start_month=9,
        customers=620_000, growth=0.002, contacts_year=1.5, contacts_trend=-0.001, transactional=0.45,
        # January renewals, winter storm claims
        seasonality=[1.12, 1.08, 1.02, 0.96, 0.94, 0.92, 0.95, 0.88, 0.98, 1.02, 1.03, 1.10],
        ss=(0.15, 0.60, 15, 0.30, 0.35, 0.45),
        channels=[dict(name="phone", kind="phone", share=0.62, aht_s=540, cost_per_contact=0.12),
                  dict(name="email", kind="email", share=0.23, aht_s=600, response_hours=24),
                  dict(name="chat", kind="chat", share=0.15, aht_s=720, concurrency=2,
                       service_level_target=0.80, answer_s=60, patience_s=240)],
        patience_s=200, shrinkage=0.33, hours_fte=1850, overhead=0.15,
        cost_fte=52_000, wage_inflation=0.03, tech_monthly=140_000, other_monthly=90_000,
        arpu=53.0, arpu_growth=0.003, aht_plan=-0.06, digital_plan=0.50,
        client_targets={"abandon_rate": 0.05},
        scenario_names=("automation_push", "lean_operations"),
        retention=dict(period="year", alpha=3.0, beta=14.0, cohorts=9, step=1, observed=10, size=(85000, 110000),
                       margin=95.0, discount=0.08, cac=120, keep=18, retention_year=0.83,
                       programme=dict(investment=1_500_000, running_cost_per_year=420_000,
                                      retention_gain_points=1.5, ramp_months=12, poor_service_reduction=0.25,
                                      horizon_years=3)),
        exit_reasons=[("Cheaper quote on a price-comparison site", "price", 980),
                      ("Renewal premium rose more than expected", "price", 760),
                      ("Multi-car or bundle discount elsewhere", "price", 210),
                      ("Claim took too long to settle", "service", 420),
                      ("Claim settlement felt unfair", "service", 260),
                      ("Could not reach anyone after an accident", "service", 150),
                      ("Sold the car or moved abroad", "other", 390),
                      ("Broker moved the book to another insurer", "other", 180)],
        poor_service=[("New policies cancelled in the cooling-off period after a complaint", "cancellation", 3100, 60),
                      ("Premiums refunded as goodwill after claim complaints", "buy_back", 2400, 210),
                      ("Broker schemes not renewed after a service review", "non_renewal", 12, 85000),
                      ("Claims re-opened and re-handled after errors", "rework", 6800, 140)],
        spc=dict(unit_column="team", period_column="quarter", quarter_fmt="{y}Q{q}",
                 units=[f"{k} {n:02d}" for k, count in (("Motor claims", 14), ("Home claims", 10),
                                                         ("Renewals", 8), ("Broker desk", 8))
                        for n in range(1, count + 1)],
                 quality=("fcr_pct", 71, 4.5),
                 means=(62, 64, 84, 71, 76, 83, 3.0), periods=6,
                 links=(0.50, 0.35, 0.45, 0.70, 0.30, 0.40), internal_view=80,
                 survey=dict(n=600, nps_mean=7.1, csat_mean=3.9, ces_mean=4.7))),
    "ledgerly-saas": dict(
        seed=107, lang="en", currency="USD", start_month=2,
        customers=26_000, growth=0.012, contacts_year=7.2, contacts_trend=-0.003, transactional=0.50,
        # US tax season (Jan-Apr) and year-end close
        seasonality=[1.25, 1.15, 1.15, 1.10, 0.90, 0.88, 0.85, 0.85, 0.92, 0.95, 0.92, 1.08],
        ss=(0.30, 0.75, 12, 0.35, 0.30, 0.50),
        channels=[dict(name="in-app chat", kind="chat", share=0.50, aht_s=900, concurrency=2,
                       service_level_target=0.80, answer_s=120, patience_s=600),
                  dict(name="email tickets", kind="email", share=0.40, aht_s=840, response_hours=8),
                  dict(name="phone", kind="phone", share=0.10, aht_s=720, cost_per_contact=0.05)],
        patience_s=240, shrinkage=0.30, hours_fte=2000, overhead=0.18,
        cost_fte=78_000, wage_inflation=0.035, tech_monthly=35_000, other_monthly=25_000,
        arpu=79.0, arpu_growth=0.004, aht_plan=-0.08, digital_plan=0.92,
        client_targets={"abandon_rate": 0.05},
        scenario_names=("automation_push", "lean_operations"),
        retention=dict(period="month", alpha=0.9, beta=24.0, cohorts=12, step=2, observed=30, size=(600, 900),
                       margin=62.0, discount=0.10, cac=850, keep=60, retention_year=0.74,
                       programme=dict(investment=900_000, running_cost_per_year=300_000,
                                      retention_gain_points=3.0, ramp_months=6, poor_service_reduction=0.30,
                                      horizon_years=3)),
        exit_reasons=[("Moved to a cheaper accounting tool", "price", 96),
                      ("Price rise at annual renewal", "price", 71),
                      ("Bank feed kept breaking and support could not fix it", "service", 88),
                      ("Onboarding never finished", "service", 64),
                      ("Slow answers during tax season", "service", 41),
                      ("Business closed or sold", "other", 118),
                      ("Accountant moved the firm to their own platform", "other", 57)],
        poor_service=[("Trials lost after a failed data import", "churn", 1900, 240),
                      ("Subscriptions refunded after billing complaints", "buy_back", 420, 160),
                      ("Accounting-firm partners not renewed after a service review", "non_renewal", 14, 18000),
                      ("Tickets re-opened after a wrong first answer", "rework", 9800, 18)],
        spc=dict(unit_column="pod", period_column="quarter", quarter_fmt="{y}Q{q}",
                 units=[f"Pod {n:02d}" for n in range(1, 31)],
                 quality=("first_reply_resolution_pct", 58, 5.0),
                 means=(68, 72, 82, 58, 90, 76, 8.0), periods=8,
                 links=(0.55, 0.40, 0.45, 0.45, 0.60, 0.45), internal_view=86,
                 survey=dict(n=400, nps_mean=7.6, csat_mean=4.2, ces_mean=5.2))),
    "northwind-retail": dict(
        seed=108, lang="en", currency="GBP", start_month=12,
        customers=1_100_000, growth=0.006, contacts_year=0.9, contacts_trend=-0.002, transactional=0.65,
        # January returns, Black Friday and Christmas
        seasonality=[1.18, 0.90, 0.90, 0.92, 0.92, 0.90, 0.95, 0.92, 0.90, 0.98, 1.20, 1.33],
        ss=(0.25, 0.75, 12, 0.35, 0.30, 0.30),
        channels=[dict(name="chat", kind="chat", share=0.45, aht_s=480, concurrency=2.5,
                       service_level_target=0.80, answer_s=45, patience_s=240),
                  dict(name="email", kind="email", share=0.35, aht_s=360, response_hours=24),
                  dict(name="phone", kind="phone", share=0.20, aht_s=390, cost_per_contact=0.06)],
        patience_s=150, shrinkage=0.30, hours_fte=1850, overhead=0.14,
        cost_fte=34_000, wage_inflation=0.035, tech_monthly=95_000, other_monthly=60_000,
        arpu=17.5, arpu_growth=0.003, aht_plan=-0.06, digital_plan=0.85,
        client_targets={"abandon_rate": 0.05},
        scenario_names=("automation_push", "lean_operations"),
        retention=dict(period="quarter", alpha=1.4, beta=5.0, cohorts=10, step=1, observed=12, size=(60000, 85000),
                       margin=9.0, discount=0.09, cac=28, keep=3, retention_year=0.52,
                       programme=dict(investment=1_500_000, running_cost_per_year=450_000,
                                      retention_gain_points=2.0, ramp_months=6, poor_service_reduction=0.30,
                                      horizon_years=3)),
        transactions=dict(n=3000, weeks=78, r=0.25, alpha=8.0, a=0.8, b=2.5, spend=(62.0, 4.0)),
        exit_reasons=[("Same item cheaper on a marketplace", "price", 1240),
                      ("Delivery charge on small orders", "price", 610),
                      ("Late or missed delivery", "service", 720),
                      ("Refund for a return took weeks", "service", 540),
                      ("Item not as described", "service", 380),
                      ("Bought a one-off gift", "other", 880),
                      ("Moved to a country Northwind does not ship to", "other", 90)],
        poor_service=[("First-time buyers lost after a late first delivery", "churn", 38000, 21),
                      ("Items re-sent or refunded after picking errors", "rework", 52000, 14),
                      ("Orders cancelled after a stock or delivery promise was broken", "cancellation", 27000, 9),
                      ("Goodwill vouchers after complaints", "buy_back", 31000, 8)],
        spc=dict(unit_column="team", period_column="quarter", quarter_fmt="{y}Q{q}",
                 units=[f"{m} team {n:02d}" for m, count in (("UK", 14), ("Germany", 9), ("France", 7),
                                                              ("Netherlands", 6)) for n in range(1, count + 1)],
                 quality=("fcr_pct", 74, 4.0),
                 means=(63, 66, 72, 74, 82, 52, 5.0), periods=6,
                 links=(0.50, 0.40, 0.35, 0.80, 0.40, 0.30), internal_view=84,
                 survey=dict(n=500, nps_mean=7.4, csat_mean=4.0, ces_mean=5.3))),
}

#: Scenario names per language are in each profile; these are the report's words in YAML comments only.
_SPC_COLUMNS = ("isq_index", "engagement_index", "staff_retention_pct", None, "csat_pct",
                "customer_retention_pct", "revenue_growth_pct")
# (sd of unit effect, sd of period effect, sd of noise) per stage, as fractions of Aurora's (data/spc)
_SPC_NOISE = {"engagement": (3.0, 1.5, 4.0), "employee_retention": (2.5, 1.0, 3.5),
              "service_quality": (2.5, 1.0, 3.0), "csat": (2.0, 1.0, 3.0),
              "customer_retention": (1.5, 0.5, 1.5), "revenue_growth": (0.8, 0.4, 0.8)}


def _round_seasonality(values: list[float]) -> list[float]:
    s = np.asarray(values, dtype=float)
    s = np.round(s / s.mean(), 3)
    s[-1] = round(12 - s[:-1].sum(), 3)
    return [float(v) for v in s]


def _header(p: dict, what: str, name: str) -> str:
    return (f"# {what} of the fictional sample client in data/engagements/{name} (every figure invented).\n"
            f"# Written by data/portfolio/generate_samples.py from its profile table (seed {p['seed']});\n"
            f"# edit the profile and re-run rather than editing this file. Money in {p['currency']}.\n")


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=110)


# --------------------------------------------------------------------------------------------------
# outlook

def outlook(name: str, p: dict) -> str:
    channels = [dict(c) for c in p["channels"]]
    aht_today = sum(c["share"] * c["aht_s"] for c in channels)
    digital_today = sum(c["share"] for c in channels if c["kind"] != "phone")
    base, target, mid, steep, leak, ss_cost = p["ss"]
    aht_plan = round(aht_today * (1 + p["aht_plan"]))
    assumptions = {
        "customers": p["customers"], "customer_growth_monthly": p["growth"],
        "contacts_per_customer_monthly": round(p["contacts_year"] / 12, 4),
        "contacts_per_customer_trend_monthly": p["contacts_trend"], "transactional_share": p["transactional"],
        "seasonality": _round_seasonality(p["seasonality"]), "start_month": p["start_month"],
        "self_service_baseline": base, "self_service_target": target, "adoption_midpoint_month": mid,
        "adoption_steepness": steep, "self_service_leak_back": leak, "self_service_cost_per_contact": ss_cost,
        "self_service_aht_elasticity": 0.25, "channels": channels, "aht_trend_monthly": -0.002,
        "interval_s": 1800, "service_level_target": 0.80, "answer_s": 20, "patience_s": p["patience_s"],
        "max_abandon": 0.06, "shrinkage": p["shrinkage"], "max_occupancy": 0.85,
        "hours_per_fte_per_year": p["hours_fte"], "overhead_ratio": p["overhead"],
        "cost_per_fte_per_year": p["cost_fte"], "wage_inflation_per_year": p["wage_inflation"],
        "technology_cost_monthly": p["tech_monthly"], "other_fixed_cost_monthly": p["other_monthly"],
        "revenue_per_customer_monthly": p["arpu"], "revenue_per_customer_growth_monthly": p["arpu_growth"],
        "plan_month": 36,
        "planned": {"aht_s": aht_plan, "digital_share": max(p["digital_plan"], round(digital_today, 2))},
    }
    targets = {**MARKET_TARGETS, **p["client_targets"], "by_month": 36}
    push, lean = p["scenario_names"]
    scenarios = {
        push: {"self_service_target": round(min(0.92, target + 0.12), 2), "adoption_midpoint_month": max(6, mid - 3),
               "self_service_cost_per_contact": round(ss_cost * 1.25, 2),
               "technology_cost_monthly": int(round(p["tech_monthly"] * 1.3, -3)),
               "planned": {"self_service_leak_back": round(max(0.05, leak - 0.10), 2),
                           "aht_s": round(aht_plan * 1.05)}},
        lean: {"planned": {"aht_s": round(aht_today * 0.88), "shrinkage": round(p["shrinkage"] - 0.03, 2),
                           "overhead_ratio": round(p["overhead"] - 0.03, 2)}},
    }
    growth = p["growth"]
    uncertainty = [
        {"name": "aht_s", "dist": "triang",
         "params": {"c": 0.4, "loc": round(aht_plan * 0.9), "scale": round(aht_plan * 0.25)}},
        {"name": "self_service_leak_back", "dist": "beta",
         "params": {"a": round(leak * 20, 1), "b": round((1 - leak) * 20, 1)}},
        {"name": "customer_growth_monthly", "dist": "norm",
         "params": {"loc": growth, "scale": round(max(0.0005, abs(growth) * 0.4), 4)}},
        {"name": "self_service_target", "dist": "triang",
         "params": {"c": 0.6, "loc": round(target - 0.15, 2), "scale": 0.25}},
        {"name": "wage_inflation_per_year", "dist": "uniform",
         "params": {"loc": round(p["wage_inflation"] * 0.7, 3), "scale": round(p["wage_inflation"] * 0.7, 3)}},
    ]
    doc = {"assumptions": assumptions, "targets": targets, "client_targets": sorted(p["client_targets"]),
           "scenarios": scenarios, "n_paths": 5000, "seed": p["seed"], "uncertainty": uncertainty}
    note = ("# Contact-centre 36-month outlook (schema and field ranges: data/engagements/aurora-telecom/outlook.yaml).\n"
            f"# {p['customers']:,} customers x {p['contacts_year']} contacts a year; today's share-weighted assisted AHT "
            f"{aht_today:.0f} s, planned {aht_plan} s by month 36.\n"
            "# Targets: seed 002's market view (revenue +20 %, cost base -20 % / -50 %, headcount -30 %,\n"
            "# self-service 50 % of transactional contacts); client_targets are the client's own.\n")
    return _header(p, "Outlook", name) + note + _dump(doc)


# --------------------------------------------------------------------------------------------------
# service-profit chain

def _quarters(n: int, fmt: str) -> list[str]:
    start = 2026 * 4 + 2 - n  # the last quarter is 2026Q2
    return [fmt.format(y=(start + i) // 4, q=(start + i) % 4 + 1) for i in range(n)]


def spc_units(p: dict, rng: np.random.Generator) -> tuple[pd.DataFrame, dict[str, str]]:
    s = p["spc"]
    units, periods = s["units"], s["periods"]
    n_u, n_p = len(units), periods
    u = np.repeat(np.arange(n_u), n_p)
    t = np.tile(np.arange(n_p), n_u)
    means = dict(zip(STAGES, s["means"]))
    slopes = dict(zip(zip(STAGES[:-1], STAGES[1:]), s["links"]))
    quality_name, _, quality_sd = s["quality"]
    levels = {"internal_service_quality": means["internal_service_quality"] + rng.normal(0, 8, n_u)[u]
              + rng.normal(0, 2, n_p)[t] + rng.normal(0, 4, u.size)}
    for (cause, effect), slope in slopes.items():
        sd_u, sd_p, sd_e = _SPC_NOISE[effect]
        if effect == "service_quality":  # the client's own quality measure has its own scale
            k = quality_sd / 4.0
            sd_u, sd_p, sd_e = sd_u * k, sd_p * k, sd_e * k
        levels[effect] = (means[effect] + slope * (levels[cause] - means[cause]) + rng.normal(0, sd_u, n_u)[u]
                          + rng.normal(0, sd_p, n_p)[t] + rng.normal(0, sd_e, u.size))
    columns = dict(zip(STAGES, _SPC_COLUMNS))
    columns["service_quality"] = quality_name
    quarters = _quarters(n_p, s["quarter_fmt"])
    table = pd.DataFrame({s["unit_column"]: [units[i] for i in u], s["period_column"]: [quarters[i] for i in t]})
    for stage, column in columns.items():
        value = levels[stage]
        if stage != "revenue_growth":
            value = np.clip(value, 0, 100)
        table[column] = np.round(value, 2)
    return table, columns


def _scale_probs(n: int, mean: float, low: int, spread: float = 6.0) -> np.ndarray:
    """Answer shares on the scale low..low+n-1 from a discretised beta with the given mean."""
    m = (mean - low) / (n - 1)
    a, b = m * spread, (1 - m) * spread
    from scipy import stats
    edges = np.linspace(0, 1, n + 1)
    probs = np.diff(stats.beta.cdf(edges, a, b))
    return probs / probs.sum()


def spc_survey(p: dict, rng: np.random.Generator) -> pd.DataFrame:
    s = p["spc"]
    v = s["survey"]
    n = v["n"]
    return pd.DataFrame({
        "respondent": np.arange(1, n + 1),
        s["unit_column"]: [s["units"][i] for i in rng.integers(0, len(s["units"]), n)],
        "nps": rng.choice(11, n, p=_scale_probs(11, v["nps_mean"], 0, 3.5)),
        "csat": rng.choice(np.arange(1, 6), n, p=_scale_probs(5, v["csat_mean"], 1, 5.0)),
        "ces": rng.choice(np.arange(1, 8), n, p=_scale_probs(7, v["ces_mean"], 1, 5.0)),
    })


def spc_yaml(name: str, p: dict, columns: dict[str, str]) -> str:
    s, r = p["spc"], p["retention"]
    revenue = p["customers"] * p["arpu"] * 12
    margin_month = r["margin"] / {"month": 1, "quarter": 3, "year": 12}[r["period"]]
    value = _customer_value(margin_month * 12, r["retention_year"], r["discount"])
    doc = {
        "units_file": "units.csv", "unit_column": s["unit_column"], "period_column": s["period_column"],
        "stages": columns, "period_effects": True, "cluster_by_unit": True,
        "bootstrap": {"n_boot": 2000, "seed": p["seed"], "confidence": 0.95},
        "currency": p["currency"],
        "what_if": {"engagement_points": 5, "csat_points": 0, "customers": p["customers"],
                    "revenue_per_year": int(round(revenue)), "margin": round(margin_month / p["arpu"], 3),
                    "value_per_customer": int(round(value))},
        "perception": {"survey_file": "customer_survey.csv", "internal_view": s["internal_view"], "measure": "nps"},
    }
    links = ", ".join(f"{a}->{b} {k}" for (a, b), k in zip(zip(STAGES[:-1], STAGES[1:]), s["links"]))
    note = ("# Service-profit chain (schema: data/engagements/aurora-telecom/spc.yaml).\n"
            f"# {len(s['units'])} units x {s['periods']} quarters. True links of the simulation (natural units): {links}.\n"
            "# what_if: revenue = customers x revenue per customer-month (outlook.yaml) x 12; margin = margin per\n"
            "# customer-month / revenue per customer-month; value_per_customer = yearly margin x (1+d)/(1+d-r)\n"
            "# with r and d from retention.yaml.\n")
    return _header(p, "Service-profit chain", name) + note + _dump(doc)


def _customer_value(margin_year: float, retention: float, discount: float) -> float:
    return margin_year * (1 + discount) / (1 + discount - retention)


# --------------------------------------------------------------------------------------------------
# retention

def cohorts(p: dict, rng: np.random.Generator) -> pd.DataFrame:
    """sBG cohorts: each customer churns each period with probability theta ~ Beta(alpha, beta)."""
    r = p["retention"]
    rows = []
    n_cohorts, step, observed = r["cohorts"], r["step"], r["observed"]
    labels = _cohort_labels(p, n_cohorts, step)
    for i, label in enumerate(labels):
        size = int(rng.integers(*r["size"]))
        theta = rng.beta(r["alpha"], r["beta"], size)
        lifetime = rng.geometric(theta)  # periods survived + 1: lost at the end of period `lifetime`
        n_periods = observed - i * step
        for t in range(n_periods):
            rows.append((label, t, int((lifetime > t).sum())))
    return pd.DataFrame(rows, columns=["cohort", "period", "active"])


def _cohort_labels(p: dict, n: int, step: int) -> list[str]:
    """Start labels: cohort i is observed ``observed - i * step`` periods up to mid-2026 (2026-06, 2026Q2, 2026)."""
    r = p["retention"]
    lengths = [r["observed"] - i * step for i in range(n)]
    assert min(lengths) >= 2, "every cohort needs period 0 and one renewal"
    if r["period"] == "year":
        return [str(2026 - k + 1) for k in lengths]
    if r["period"] == "quarter":
        fmt = p["spc"]["quarter_fmt"]
        last = 2026 * 4 + 1  # 2026Q2
        return [fmt.format(y=(last - k + 1) // 4, q=(last - k + 1) % 4 + 1) for k in lengths]
    last = 2026 * 12 + 5  # 2026-06
    return [f"{(last - k + 1) // 12}-{(last - k + 1) % 12 + 1:02d}" for k in lengths]


def transactions(p: dict, rng: np.random.Generator) -> pd.DataFrame | None:
    """BG/NBD draws (weeks): purchase rate ~ Gamma(r, alpha), drop-out after each repeat ~ Beta(a, b)."""
    spec = p.get("transactions")
    if not spec:
        return None
    n, weeks = spec["n"], spec["weeks"]
    first = rng.uniform(0, weeks * 2 / 3, n)
    big_t = np.round(weeks - first, 2)
    lam = rng.gamma(spec["r"], 1 / spec["alpha"], n)
    drop = rng.beta(spec["a"], spec["b"], n)
    freq = np.zeros(n, dtype=int)
    rec = np.zeros(n)
    for i in range(n):
        t = 0.0
        while True:
            t += rng.exponential(1 / lam[i])
            if t > big_t[i]:
                break
            freq[i] += 1
            rec[i] = t
            if rng.random() < drop[i]:
                break
    mean_spend, shape = spec["spend"]
    spend = np.round(rng.gamma(shape, mean_spend / shape, n), 2)
    ids = [f"C{i + 1:05d}" for i in range(n)]
    return pd.DataFrame({"customer": ids, "frequency": freq, "recency": np.round(rec, 2), "T": big_t,
                         "average_spend": spend})


def retention_yaml(name: str, p: dict, has_transactions: bool) -> str:
    r = p["retention"]
    doc = {
        "currency": p["currency"], "period": r["period"],
        "margin_per_customer_per_period": r["margin"], "discount_rate_per_year": r["discount"],
        "acquisition_cost": r["cac"], "retention_cost_per_customer_per_year": r["keep"],
        "customers": p["customers"], "defections_per_year": int(round(p["customers"] * (1 - r["retention_year"]))),
        "cohorts_csv": "retention_cohorts.csv", "exit_survey_csv": "retention_exit_reasons.csv",
        "poor_service_csv": "retention_poor_service.csv",
    }
    if has_transactions:
        doc["transactions_csv"] = "retention_transactions.csv"
    doc["programme"] = {"investment": r["programme"]["investment"],
                        "running_cost_per_year": r["programme"]["running_cost_per_year"],
                        "retention_per_year": r["retention_year"], **{k: v for k, v in r["programme"].items()
                                                                     if k not in ("investment", "running_cost_per_year")}}
    kind = ("non-contractual business: a customer counts as lost once they stop buying (cohorts), and\n"
            "# retention_transactions.csv holds repeat purchases for a BG/NBD fit (frequency, recency, T in weeks)"
            if has_transactions else "contractual business: cohorts count customers still under contract")
    note = ("# Retention economics (schema: data/engagements/aurora-telecom/retention.yaml).\n"
            f"# {kind}.\n"
            f"# Cohorts drawn from a shifted-beta-geometric model, alpha {r['alpha']}, beta {r['beta']} per {r['period']};\n"
            "# defections_per_year = customers x (1 - programme.retention_per_year).\n")
    return _header(p, "Retention economics", name) + note + _dump(doc)


# --------------------------------------------------------------------------------------------------

def write_client(name: str, p: dict, root: Path = ENGAGEMENTS) -> None:
    folder = root / name
    rng = np.random.default_rng(p["seed"])
    (folder / "outlook.yaml").write_text(outlook(name, p), encoding="utf-8")
    units, columns = spc_units(p, rng)
    units.to_csv(folder / "units.csv", index=False)
    spc_survey(p, rng).to_csv(folder / "customer_survey.csv", index=False)
    (folder / "spc.yaml").write_text(spc_yaml(name, p, columns), encoding="utf-8")
    cohorts(p, rng).to_csv(folder / "retention_cohorts.csv", index=False)
    pd.DataFrame(p["exit_reasons"], columns=["reason", "category", "count"]).to_csv(
        folder / "retention_exit_reasons.csv", index=False)
    pd.DataFrame(p["poor_service"], columns=["item", "kind", "count_per_year", "value_each"]).to_csv(
        folder / "retention_poor_service.csv", index=False)
    tx = transactions(p, rng)
    if tx is not None:
        tx.to_csv(folder / "retention_transactions.csv", index=False)
    (folder / "retention.yaml").write_text(retention_yaml(name, p, tx is not None), encoding="utf-8")


def main() -> None:
    for name, profile in CLIENTS.items():
        write_client(name, profile)
        print(f"wrote {name}")


if __name__ == "__main__":
    main()
