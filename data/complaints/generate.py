"""Write the sample complaint logs of the three sample clients (seeded, so reruns give the same files).

    python data/complaints/generate.py

All figures are invented. Each log is a CRM / ticketing export in the client's language:

- aurora-telecom (en, EUR, Europe/Lisbon): a Zendesk-style CSV (ISO times, comma separated);
- lumiere-energie (fr, EUR, Europe/Paris): a French CRM export (``N° dossier``, ``Date d'ouverture``...,
  semicolons, day-first times, decimal commas);
- banco-serra-azul (pt-BR, BRL, America/Sao_Paulo): a Brazilian CRM export (``Protocolo``,
  ``Data de abertura``..., semicolons, day-first times, decimal commas).

Delays are drawn in business hours (lognormal by channel) and laid onto the calendar, so weekends,
holidays and evenings stretch them; cases not resolved by the export date are left open. Some teams fill
the RESOLVED checklist. A share of the feedback section's detractors get a follow-up case carrying their
survey response id.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ENGAGEMENTS = ROOT / "data" / "engagements"
sys.path.insert(0, str(ROOT))

from cxconsult.sections.base import SectionContext  # noqa: E402
from cxconsult.sections.feedback import parse as parse_feedback  # noqa: E402

STEPS = ("R", "E", "S", "O", "L", "V", "E2", "D")


@dataclass
class Spec:
    """One sample log: columns as the export names them, labels in the client's language, delays."""

    folder: str
    seed: int
    cases: int
    start: str                 # first day of the log
    export: str                # export date and time (local)
    timezone: str
    days: tuple[int, ...]      # business days (0 = Monday)
    hours: tuple[float, float]
    holidays: tuple[str, ...]
    columns: dict[str, str]
    steps: dict[str, str]
    # our id -> (export spelling, weight, median first response h, median resolution h), business hours
    channels: dict[str, tuple[str, float, float, float]]
    touchpoints: dict[str, float]
    categories: dict[str, tuple[str, ...]]                 # category -> root causes
    outcomes: tuple[str, str, str, str]                    # upheld, partly, not upheld, withdrawn
    teams: dict[str, float]
    checklist_teams: dict[str, dict[str, float]]           # team -> step -> P(skipped)
    followup_category: str
    date_format: str
    delimiter: str = ","
    decimal: str = "."
    compensation_median: float = 20.0
    customer_prefix: str = "C"
    case_prefix: str = ""
    followup_share: float = 0.35
    yaml_head: str = ""
    standards: dict = field(default_factory=dict)
    cost: dict = field(default_factory=dict)


def _is_open(t: dt.datetime, spec: Spec, holidays: set[dt.date]) -> bool:
    clock = t.hour + t.minute / 60
    return t.weekday() in spec.days and t.date() not in holidays and spec.hours[0] <= clock < spec.hours[1]


def _add_business_hours(t: dt.datetime, hours: float, spec: Spec, holidays: set[dt.date]) -> dt.datetime:
    """``t`` moved forward by ``hours`` of business time (wall clock)."""
    start, end = spec.hours
    left = hours
    day = t.date()
    clock = t.hour + t.minute / 60 + t.second / 3600
    for _ in range(400):
        if day.weekday() in spec.days and day not in holidays:
            begin = max(clock, start)
            if begin < end:
                if begin + left <= end:
                    stamp = dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=begin + left)
                    return stamp.replace(microsecond=0)
                left -= end - begin
        day += dt.timedelta(days=1)
        clock = 0.0
    return t + dt.timedelta(hours=hours * 3)


def _detractors(folder: Path) -> pd.DataFrame:
    raw = yaml.safe_load((folder / "feedback.yaml").read_text(encoding="utf-8"))
    section = parse_feedback(raw, SectionContext(folder, "feedback.yaml", "feedback"))
    data = section.data
    return data.loc[data["nps"] <= 6, ["response_id", "date", "touchpoint"]].reset_index(drop=True)


def generate(spec: Spec) -> pd.DataFrame:
    rng = np.random.default_rng(spec.seed)
    holidays = {dt.date.fromisoformat(d) for d in spec.holidays}
    first = dt.datetime.fromisoformat(spec.start)
    export = dt.datetime.fromisoformat(spec.export)
    span_days = (export - first).days
    ids = list(spec.channels)
    weights = np.array([spec.channels[c][1] for c in ids], dtype=float)
    touch = list(spec.touchpoints)
    tw = np.array(list(spec.touchpoints.values()), dtype=float)
    pairs = [(c, cause) for c, causes in spec.categories.items() for cause in causes]
    order = rng.permutation(len(pairs))
    pair_w = 1.0 / (1.0 + np.argsort(order)) ** 1.15  # a few root causes make most complaints (Pareto)
    teams = list(spec.teams)
    team_w = np.array(list(spec.teams.values()), dtype=float)
    numbers = rng.choice(9_000_000, size=int(spec.cases * 0.8), replace=False)
    customers = [f"{spec.customer_prefix}{n:07d}" for n in numbers]

    detractors = _detractors(ENGAGEMENTS / spec.folder)
    dates = pd.to_datetime(detractors["date"])
    window = (dates >= pd.Timestamp(first)) & (dates < pd.Timestamp(export) - pd.Timedelta(days=1))
    pool = detractors[window.to_numpy()]
    chosen = pool.sample(frac=spec.followup_share, random_state=spec.seed).sort_values("date")

    rows = []
    n_follow = len(chosen)
    for i in range(spec.cases):
        follow = i < n_follow
        if follow:
            survey = chosen.iloc[i]
            when = pd.Timestamp(survey["date"]).to_pydatetime()
            if when.hour == 0 and when.minute == 0:
                when = when + dt.timedelta(hours=float(rng.uniform(9, 19)))
            # the company calls the detractor back: a few business hours to a few days later
            opened = _add_business_hours(when, float(rng.lognormal(np.log(10), 0.9)), spec, holidays)
            opened = opened.replace(second=0)
            if opened >= export:
                opened = export - dt.timedelta(hours=2)
            channel = "phone" if "phone" in spec.channels else ids[0]
            touchpoint = str(survey["touchpoint"])
            category = spec.followup_category
            cause = pairs[int(rng.choice(len(pairs), p=pair_w / pair_w.sum()))][1]
            response_id = str(survey["response_id"])
        else:
            day = first + dt.timedelta(days=int(rng.integers(0, span_days)))
            while True:  # fewer complaints at weekends
                if day.weekday() < 5 or rng.random() < 0.45:
                    break
                day = first + dt.timedelta(days=int(rng.integers(0, span_days)))
            hour = float(np.clip(rng.normal(13.5, 3.6), 0, 23.95))
            opened = (day + dt.timedelta(hours=hour)).replace(second=0, microsecond=0)
            if opened >= export:
                opened = export - dt.timedelta(hours=float(rng.uniform(1, 48)))
            channel = ids[int(rng.choice(len(ids), p=weights / weights.sum()))]
            touchpoint = touch[int(rng.choice(len(touch), p=tw / tw.sum()))]
            category, cause = pairs[int(rng.choice(len(pairs), p=pair_w / pair_w.sum()))]
            response_id = ""
        _, _, fr_median, res_median = spec.channels[channel]
        team = teams[int(rng.choice(len(teams), p=team_w / team_w.sum()))]
        if channel in ("phone", "chat") and _is_open(opened, spec, holidays):
            first_reply = opened + dt.timedelta(minutes=float(rng.lognormal(np.log(4), 0.8)))
        else:
            first_reply = _add_business_hours(opened, float(rng.lognormal(np.log(fr_median), 0.9)), spec, holidays)
        first_reply = first_reply.replace(second=0, microsecond=0)
        at_first = rng.random() < (0.45 if channel in ("phone", "chat", "store") else 0.2)
        if at_first:
            resolved = first_reply
        else:
            resolved = _add_business_hours(first_reply, float(rng.lognormal(np.log(res_median), 1.0)), spec, holidays)
        resolved = resolved.replace(second=0, microsecond=0)
        closed = resolved + dt.timedelta(hours=float(rng.choice([0, 0, rng.lognormal(np.log(20), 0.7)])))
        closed = closed.replace(second=0, microsecond=0)
        recontacts = int(rng.poisson(0.15 if at_first else 0.35 + 0.01 * min(res_median, 80)))
        if at_first and recontacts:
            at_first = False
        if first_reply >= export:
            first_reply = resolved = closed = None
        elif resolved >= export:
            resolved = closed = None
        elif closed >= export:
            closed = None
        u = rng.random()
        outcome = (spec.outcomes[0] if u < 0.42 else spec.outcomes[1] if u < 0.65 else
                   spec.outcomes[2] if u < 0.93 else spec.outcomes[3])
        compensation = 0.0
        if outcome in spec.outcomes[:2] and rng.random() < 0.55:
            compensation = round(float(rng.lognormal(np.log(spec.compensation_median), 0.8)), 2)
        if closed is None:
            outcome, compensation = "", 0.0
        customer = customers[int(rng.integers(len(customers)))] if rng.random() < 0.9 else ""
        row = {"case_id": "", "opened": opened, "first_response": first_reply, "resolved": resolved,
               "closed": closed, "channel": spec.channels[channel][0], "touchpoint": touchpoint,
               "category": category, "root_cause": cause, "outcome": outcome, "recontacts": recontacts,
               "compensation": compensation, "team": team, "customer_id": customer, "response_id": response_id}
        skips = spec.checklist_teams.get(team)
        for key in STEPS:
            value = ""
            if skips is not None and closed is not None and rng.random() < 0.9:
                value = "no" if rng.random() < skips.get(key, 0.1) else "yes"
            row[f"step_{key}"] = value
        rows.append(row)
    frame = pd.DataFrame(rows).sort_values("opened", kind="stable").reset_index(drop=True)
    frame["case_id"] = [f"{spec.case_prefix}{100001 + i}" for i in range(len(frame))]
    return frame


def _text(frame: pd.DataFrame, spec: Spec) -> pd.DataFrame:
    out = pd.DataFrame()
    yes_no = {"yes": "yes", "no": "no", "": ""}
    if spec.folder == "lumiere-energie":
        yes_no = {"yes": "oui", "no": "non", "": ""}
    elif spec.folder == "banco-serra-azul":
        yes_no = {"yes": "sim", "no": "não", "": ""}
    for key, column in spec.columns.items():
        values = frame[key]
        if key in ("opened", "first_response", "resolved", "closed"):
            values = values.map(lambda t: "" if t is None or pd.isna(t) else pd.Timestamp(t).strftime(spec.date_format))
        elif key == "compensation":
            values = values.map(lambda v: "" if v == 0 else f"{v:.2f}".replace(".", spec.decimal))
        out[column] = values
    for key, column in spec.steps.items():
        out[column] = frame[f"step_{key}"].map(yes_no)
    return out


SPECS = [
    Spec(folder="aurora-telecom", seed=1501, cases=3200, start="2025-11-16", export="2026-11-15 18:00",
         timezone="Europe/Lisbon", days=(0, 1, 2, 3, 4, 5), hours=(8.0, 20.0),
         holidays=("2025-12-01", "2025-12-08", "2025-12-25", "2026-01-01", "2026-04-03", "2026-04-25",
                   "2026-05-01", "2026-06-04", "2026-06-10", "2026-08-15", "2026-10-05"),
         columns={"case_id": "Ticket ID", "opened": "Created", "first_response": "First Reply", "resolved": "Solved",
                  "closed": "Closed", "channel": "Channel", "touchpoint": "Touchpoint", "category": "Category",
                  "root_cause": "Root cause", "outcome": "Outcome", "recontacts": "Reopens",
                  "compensation": "Credit (EUR)", "team": "Group", "customer_id": "Customer",
                  "response_id": "Survey response"},
         steps={k: f"RESOLVED {k}" for k in STEPS},
         channels={"phone": ("Phone", 38, 0.5, 20), "email": ("E-mail", 24, 10, 40), "chat": ("Chat", 14, 0.3, 16),
                   "social": ("Social media", 8, 2, 30), "letter": ("Letter", 4, 40, 80),
                   "store": ("Store", 12, 4, 24)},
         touchpoints={"technical_fault": 22, "first_bill": 16, "bill_payment": 10, "device_delivery": 8,
                      "plan_upgrade": 7, "roaming": 7, "store_visit": 6, "app_login": 8, "activation": 6,
                      "cancellation": 10},
         categories={"Billing": ("Bill not explained", "Wrong tariff applied", "Roaming charges not shown",
                                 "Payment not matched"),
                     "Network and service": ("Outage not announced", "Fault repair missed", "Slow broadband"),
                     "Sales and contract": ("Mis-sold upgrade", "Contract terms unclear", "Cancellation blocked"),
                     "Delivery": ("Device delivery late", "Wrong device sent"),
                     "Service": ("Promise of call-back not kept", "Agent rude or dismissive")},
         outcomes=("Upheld", "Partly upheld", "Not upheld", "Withdrawn"),
         teams={"Billing care": 30, "Technical support": 28, "Retail": 14, "Social care": 10, "Escalations": 18},
         checklist_teams={"Escalations": {"R": 0.03, "E": 0.08, "S": 0.05, "O": 0.28, "L": 0.1, "V": 0.2,
                                          "E2": 0.12, "D": 0.4},
                          "Social care": {"R": 0.05, "E": 0.2, "S": 0.1, "O": 0.5, "L": 0.15, "V": 0.4,
                                          "E2": 0.15, "D": 0.45}},
         followup_category="Detractor follow-up",
         date_format="%Y-%m-%d %H:%M", compensation_median=18.0, customer_prefix="AUR-", case_prefix="",
         yaml_head="# Complaint log of Aurora Telecom (fictional; all cases invented): a Zendesk-style export.\n",
         standards={"first_response_h": {"phone": 1, "chat": 1, "email": 24, "social": 4, "letter": 72,
                                         "store": 24},
                    "resolution_h": {"default": 120, "phone": 48, "chat": 48}, "clock": "business",
                    "followup_h": 48},
         cost={"handling_minutes": {"default": 35, "phone": 25, "chat": 20, "letter": 60}, "cost_per_hour": 38.0}),
    Spec(folder="lumiere-energie", seed=1502, cases=2800, start="2025-09-01", export="2026-08-31 19:00",
         timezone="Europe/Paris", days=(0, 1, 2, 3, 4), hours=(8.5, 18.0),
         holidays=("2025-11-11", "2025-12-25", "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08",
                   "2026-05-14", "2026-05-25", "2026-07-14"),
         columns={"case_id": "N° dossier", "opened": "Date d'ouverture",
                  "first_response": "Date de première réponse",
                  "resolved": "Date de résolution", "closed": "Date de clôture", "channel": "Canal",
                  "touchpoint": "Point de contact", "category": "Motif", "root_cause": "Cause racine",
                  "outcome": "Issue", "recontacts": "Relances", "compensation": "Geste commercial (€)",
                  "team": "Équipe", "customer_id": "N° client", "response_id": "Id réponse enquête"},
         steps={k: f"Étape {k}" for k in STEPS},
         channels={"phone": ("Téléphone", 42, 0.5, 30), "email": ("Courriel", 22, 16, 48),
                   "web": ("Espace client", 18, 16, 48), "letter": ("Courrier", 10, 48, 100),
                   "store": ("Agence", 8, 6, 36)},
         touchpoints={"first_bill": 18, "bill_payment": 12, "meter_reading": 14, "move_home": 14, "outage": 14,
                      "payment_difficulty": 10, "change_of_details": 6, "cancellation": 12},
         categories={"Facturation": ("Estimation de consommation erronée", "Échéancier mal expliqué",
                                     "Double prélèvement"),
                     "Relève et compteur": ("Relève non effectuée", "Compteur mal paramétré"),
                     "Déménagement": ("Mise en service tardive", "Ancien contrat non résilié"),
                     "Coupure": ("Coupure non annoncée", "Délai de rétablissement"),
                     "Relation client": ("Rappel promis non fait", "Conseiller peu aimable")},
         outcomes=("Fondée", "Partiellement fondée", "Non fondée", "Abandonnée"),
         teams={"Service clients Lyon": 34, "Service clients Lille": 30, "Cellule réclamations": 22,
                "Agences": 14},
         checklist_teams={"Cellule réclamations": {"R": 0.04, "E": 0.1, "S": 0.06, "O": 0.22, "L": 0.12,
                                                   "V": 0.33, "E2": 0.1, "D": 0.25},
                          "Service clients Lille": {"R": 0.08, "E": 0.3, "S": 0.1, "O": 0.55, "L": 0.2,
                                                    "V": 0.45, "E2": 0.2, "D": 0.5}},
         followup_category="Rappel détracteur",
         date_format="%d/%m/%Y %H:%M", delimiter=";", decimal=",", compensation_median=25.0,
         customer_prefix="LE", case_prefix="REC-",
         yaml_head="# Journal des réclamations de Lumière Énergie (fictif ; tous les dossiers sont inventés).\n",
         standards={"first_response_h": {"phone": 1, "email": 24, "web": 24, "letter": 80, "store": 8},
                    "resolution_h": {"default": 160, "phone": 72}, "clock": "business", "followup_h": 48},
         cost={"handling_minutes": {"default": 40, "phone": 30, "letter": 70}, "cost_per_hour": 42.0}),
    Spec(folder="banco-serra-azul", seed=1503, cases=3600, start="2025-10-01", export="2026-09-30 20:00",
         timezone="America/Sao_Paulo", days=(0, 1, 2, 3, 4), hours=(9.0, 18.0),
         holidays=("2025-11-20", "2025-12-25", "2026-01-01", "2026-02-16", "2026-02-17", "2026-04-03",
                   "2026-04-21", "2026-05-01", "2026-06-04", "2026-09-07"),
         columns={"case_id": "Protocolo", "opened": "Data de abertura", "first_response": "Data da primeira resposta",
                  "resolved": "Data de solução", "closed": "Data de encerramento", "channel": "Canal",
                  "touchpoint": "Ponto de contato", "category": "Categoria", "root_cause": "Causa raiz",
                  "outcome": "Desfecho", "recontacts": "Recontatos", "compensation": "Ressarcimento (R$)",
                  "team": "Equipe", "customer_id": "Código do cliente", "response_id": "ID da pesquisa"},
         steps={k: f"Etapa {k}" for k in STEPS},
         channels={"phone": ("Central telefônica", 36, 0.4, 24), "chat": ("Chat no app", 26, 0.3, 20),
                   "email": ("E-mail", 10, 12, 48), "social": ("Redes sociais", 10, 3, 36),
                   "store": ("Agência", 14, 4, 30), "letter": ("Ouvidoria (carta)", 4, 48, 120)},
         touchpoints={"app_login": 16, "transfer": 14, "card_delivery": 12, "fraud_alert": 12,
                      "loan_application": 10, "account_closure": 10, "branch_visit": 8, "change_of_details": 8,
                      "account_opening": 10},
         categories={"Cartões": ("Cartão não entregue", "Cobrança indevida na fatura", "Limite reduzido sem aviso"),
                     "Transferências e Pix": ("Pix não creditado", "Transferência bloqueada"),
                     "App e canais digitais": ("Falha de login no app", "Token não recebido"),
                     "Fraude": ("Contestação demorada", "Bloqueio preventivo sem aviso"),
                     "Atendimento": ("Retorno prometido não feito", "Atendente sem solução")},
         outcomes=("Procedente", "Parcialmente procedente", "Improcedente", "Desistência"),
         teams={"Central de atendimento": 38, "Atendimento digital": 26, "Rede de agências": 14,
                "Ouvidoria": 22},
         checklist_teams={"Ouvidoria": {"R": 0.03, "E": 0.06, "S": 0.05, "O": 0.15, "L": 0.1, "V": 0.24,
                                        "E2": 0.1, "D": 0.12},
                          "Atendimento digital": {"R": 0.06, "E": 0.52, "S": 0.1, "O": 0.4, "L": 0.25,
                                                  "V": 0.35, "E2": 0.15, "D": 0.3}},
         followup_category="Retorno a detrator",
         date_format="%d/%m/%Y %H:%M:%S", delimiter=";", decimal=",", compensation_median=60.0,
         customer_prefix="BSA", case_prefix="2025",
         yaml_head="# Registro de reclamações do Banco Serra Azul (fictício; todos os casos são inventados).\n",
         standards={"first_response_h": {"phone": 1, "chat": 1, "email": 24, "social": 4, "store": 8,
                                         "letter": 45},
                    "resolution_h": {"default": 45, "letter": 90}, "clock": "business", "followup_h": 24},
         cost={"handling_minutes": {"default": 30, "chat": 18, "letter": 90}, "cost_per_hour": 85.0}),
]


def _flow(mapping: dict) -> str:
    return "{" + ", ".join(f"{k}: {v:g}" if isinstance(v, (int, float)) else f"{k}: {v}"
                           for k, v in mapping.items()) + "}"


def _yaml(spec: Spec) -> str:
    """The section's YAML, laid out for a consultant to read (one mapping per line where it is long)."""
    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    week = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    fmt = {"date_format": q(spec.date_format)}
    if spec.delimiter != ",":
        fmt["delimiter"] = q(spec.delimiter)
    if spec.decimal != ".":
        fmt["decimal"] = q(spec.decimal)
    clock = [f"{int(h):02d}:{int(round(h % 1 * 60)):02d}" for h in spec.hours]
    st = spec.standards
    lines = [
        "files: [complaints.csv]",
        f"format: {_flow(fmt)}",
        f"timezone: {spec.timezone}",
        f"export_date: {spec.export.replace(' ', 'T')}",
        "business_hours:",
        f"  days: [{', '.join(week[d] for d in spec.days)}]",
        f"  start: {q(clock[0])}",
        f"  end: {q(clock[1])}",
        f"  holidays: [{', '.join(spec.holidays)}]",
        "standards:",
        f"  first_response_h: {_flow(st['first_response_h'])}",
        f"  resolution_h: {_flow(st['resolution_h'])}",
        f"  clock: {st['clock']}",
        f"  followup_h: {st['followup_h']}",
        "cost:",
        f"  handling_minutes: {_flow(spec.cost['handling_minutes'])}",
        f"  cost_per_hour: {spec.cost['cost_per_hour']}",
        "columns:",
        *(f"  {key}: {q(column)}" for key, column in spec.columns.items()),
        "channels:",
        *(f"  {q(value[0])}: {key}" for key, value in spec.channels.items()),
        "resolved_steps:",
        *(f"  {key}: {q(column)}" for key, column in spec.steps.items()),
    ]
    return "\n".join(lines) + "\n"


def write(spec: Spec) -> Path:
    folder = ENGAGEMENTS / spec.folder
    frame = _text(generate(spec), spec)
    path = folder / "complaints.csv"
    frame.to_csv(path, index=False, sep=spec.delimiter, lineterminator="\n")
    text = spec.yaml_head + "# Written by data/complaints/generate.py (do not edit by hand; rerun it).\n" + _yaml(spec)
    (folder / "complaints.yaml").write_text(text, encoding="utf-8")
    return path


if __name__ == "__main__":
    names = sys.argv[1:]
    for spec in SPECS:
        if not names or spec.folder in names:
            print(write(spec))
