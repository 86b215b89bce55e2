"""Write the sample feedback exports of the three sample clients (seeded, so reruns give the same files).

    python data/voc/generate.py

- aurora-telecom (en): a Qualtrics-style export in two files (names, question text and ImportId lines);
- lumiere-energie (fr): a plain CSV with French column names and day-first dates;
- banco-serra-azul (pt-BR): a SurveyMonkey-style export (two header lines, US dates with AM/PM).
The phrase banks are ``data/voc/<language>.yaml``; the generator is :mod:`cxconsult.voc.sample`.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml

from cxconsult.voc.sample import SampleSpec, generate_feedback

HERE = Path(__file__).resolve().parent
ENGAGEMENTS = HERE.parent / "engagements"

SPECS = {
    "aurora-telecom": (SampleSpec(
        language="en", first_month="2025-06", months=18,
        touchpoints={"quote": (4, 0.3), "sign_up": (6, 0.4), "device_delivery": (5, 0.2), "activation": (6, 0.0),
                     "first_bill": (7, -0.5), "bill_payment": (8, 0.1), "change_of_details": (5, 0.1),
                     "plan_upgrade": (5, 0.4), "technical_fault": (10, -0.8), "complaint": (7, -1.1),
                     "store_visit": (7, 0.5), "app_login": (9, -0.1), "roaming": (4, -0.3), "cancellation": (4, -0.9)},
        channels={"phone": 40, "app": 25, "web": 15, "store": 15, "chat": 5},
        segments={"Prepaid": 30, "Postpaid": 55, "Business": 15},
        weak={"technical_fault": {"speed": -0.9, "resolution": -0.8}, "complaint": {"resolution": -0.9, "tone": -0.4},
              "first_bill": {"ease": -0.6}, "app_login": {"ease": -0.5}, "store_visit": {"speed": -0.4}},
        touchpoint_themes={"first_bill": "billing", "bill_payment": "billing", "app_login": "digital",
                           "technical_fault": "reliability", "complaint": "communication", "roaming": "billing",
                           "cancellation": "communication"},
        improving=("technical_fault", "complaint"), improvement=0.9, improvement_months=8, id_prefix="R_AUR"),
        4200, 14),
    "lumiere-energie": (SampleSpec(
        language="fr", first_month="2024-09", months=24,
        touchpoints={"quote": (4, 0.3), "sign_up": (6, 0.3), "meter_reading": (8, 0.0), "first_bill": (7, -0.4),
                     "bill_payment": (9, 0.1), "move_home": (6, -0.2), "change_of_details": (5, 0.2),
                     "outage": (8, -0.9), "complaint": (7, -1.0), "payment_difficulty": (4, -0.6),
                     "cancellation": (3, -0.8)},
        channels={"téléphone": 45, "espace client": 30, "courrier": 10, "agence": 15},
        segments={"Particuliers": 75, "Professionnels": 25},
        weak={"outage": {"speed": -0.8, "resolution": -0.6}, "complaint": {"resolution": -0.8},
              "move_home": {"ease": -0.8}, "first_bill": {"ease": -0.4}},
        touchpoint_themes={"first_bill": "billing", "bill_payment": "billing", "outage": "reliability",
                           "complaint": "communication", "payment_difficulty": "billing", "move_home": "digital"},
        improving=("move_home",), improvement=1.0, improvement_months=10, id_prefix="LE-"),
        3600, 21),
    "banco-serra-azul": (SampleSpec(
        language="pt-BR", first_month="2025-10", months=12,
        touchpoints={"account_opening": (7, 0.2), "card_delivery": (6, -0.1), "app_login": (12, 0.0),
                     "transfer": (12, 0.2), "loan_application": (6, -0.3), "change_of_details": (5, 0.1),
                     "fraud_alert": (4, -0.4), "complaint": (6, -1.0), "branch_visit": (8, 0.3),
                     "account_closure": (3, -0.9)},
        channels={"app": 45, "agência": 25, "central telefônica": 20, "internet banking": 10},
        segments={"Varejo": 60, "Alta renda": 20, "PME": 20},
        weak={"branch_visit": {"speed": -0.9}, "loan_application": {"ease": -0.8, "speed": -0.4},
              "complaint": {"resolution": -0.9}, "app_login": {"ease": -0.3}},
        touchpoint_themes={"app_login": "digital", "transfer": "reliability", "complaint": "communication",
                           "loan_application": "billing", "account_closure": "billing"},
        improving=("app_login",), improvement=-0.7, improvement_months=5, id_prefix=""),
        2600, 33),
}

QUESTIONS_EN = {"Q1": "How likely are you to recommend Aurora Telecom to a friend or colleague?",
                "Q2": "Overall, how satisfied were you with this interaction?",
                "Q3": "Aurora made it easy for me to handle my request.",
                "Q5_1": "Rate your experience - The people who helped me",
                "Q5_2": "Rate your experience - How easy it was",
                "Q5_3": "Rate your experience - The tone of the conversation",
                "Q5_4": "Rate your experience - Speed",
                "Q5_5": "Rate your experience - Whether my issue was resolved",
                "Q4_TEXT": "What is the main reason for your score?"}


def phrases(language: str) -> dict:
    return yaml.safe_load((HERE / f"{language}.yaml").read_text(encoding="utf-8"))


def write_aurora(frame, folder: Path) -> None:
    names = ["ResponseId", "RecordedDate", "Touchpoint", "Channel", "Segment", "UserLanguage", "Q1", "Q2", "Q3",
             "Q5_1", "Q5_2", "Q5_3", "Q5_4", "Q5_5", "Q4_TEXT"]
    ours = ["response_id", "date", "touchpoint", "channel", "segment", "language", "nps", "csat", "ces",
            "human_factor", "ease", "tone", "speed", "resolution", "verbatim"]
    for year in (2025, 2026):
        part = frame[frame["date"].dt.year == year]
        with (folder / f"feedback_{year}.csv").open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(names)
            out.writerow([QUESTIONS_EN.get(n, n) for n in names])
            out.writerow([json.dumps({"ImportId": n}) for n in names])
            for row in part[ours].itertuples(index=False):
                values = list(row)
                values[1] = values[1].strftime("%Y-%m-%d %H:%M:%S")
                values[5] = "EN"
                out.writerow(values)


def write_lumiere(frame, folder: Path) -> None:
    names = ["id_reponse", "date_reponse", "point_de_contact", "canal", "segment", "recommandation_0_10",
             "satisfaction_1_5", "effort_1_7", "note_conseiller", "note_simplicite", "note_ton", "note_rapidite",
             "note_resolution", "commentaire"]
    ours = ["response_id", "date", "touchpoint", "channel", "segment", "nps", "csat", "ces", "human_factor", "ease",
            "tone", "speed", "resolution", "verbatim"]
    part = frame[ours].copy()
    part["date"] = part["date"].dt.strftime("%d/%m/%Y")
    part.columns = names
    part.to_csv(folder / "retours_clients.csv", index=False, sep=";", encoding="utf-8")


def write_banco(frame, folder: Path) -> None:
    first = ["Respondent ID", "Start Date", "Ponto de contato", "Canal", "Segmento",
             "Qual a probabilidade de você recomendar o Banco Serra Azul a um amigo ou colega?",
             "Qual o seu nível de satisfação com este atendimento?",
             "O banco facilitou a resolução da minha solicitação.",
             "Avalie o atendimento:", "", "", "", "", "Por que você deu essa nota?"]
    second = ["", "", "", "", "", "Response", "Response", "Response", "Atendente", "Facilidade", "Cordialidade",
              "Rapidez", "Resolução", "Open-Ended Response"]
    ours = ["response_id", "date", "touchpoint", "channel", "segment", "nps", "csat", "ces", "human_factor", "ease",
            "tone", "speed", "resolution", "verbatim"]
    with (folder / "pesquisa_surveymonkey.csv").open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(first)
        out.writerow(second)
        for i, row in enumerate(frame[ours].itertuples(index=False)):
            values = list(row)
            values[0] = str(11800000000 + 7 * i)
            values[1] = values[1].strftime("%m/%d/%Y %I:%M:%S %p")
            out.writerow(values)


def main() -> None:
    for name, (spec, n, seed) in SPECS.items():
        frame = generate_feedback(spec, phrases(spec.language), n, seed=seed)
        folder = ENGAGEMENTS / name
        {"aurora-telecom": write_aurora, "lumiere-energie": write_lumiere, "banco-serra-azul": write_banco}[name](
            frame, folder)
        print(f"{name}: {len(frame)} responses, {(frame['verbatim'] != '').sum()} verbatims")


if __name__ == "__main__":
    main()
