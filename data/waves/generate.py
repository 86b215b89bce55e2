"""Write the earlier diagnostic wave and the action log of four sample clients (seeded: reruns give the same
files). All people, answers and actions are invented.

    python data/waves/generate.py

Each client's current ``responses.csv`` is the later wave and is not touched. The earlier wave is made
from it, as if the diagnostic had been run 6-10 months before:

- some of today's participants also answered then (their earlier answers are today's, lowered where the
  client has since acted), a few answered then but have left, and today's newcomers were not there;
- the questions an action taken since targets were lower then (by ``shift`` answer levels on average,
  with noise), and were sometimes "don't know" then;
- one area did not move although an action was planned or started for it: its answers then are today's
  with noise only.

The action log (``actions.csv``) says what was done after the earlier wave: the actions of that wave's
roadmap, their status, date, owner and a note, in the client's language. The ``intake:`` blocks of the
engagement files name these files (edited by hand, see each ``engagement.yaml``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ENGAGEMENTS = HERE.parent / "engagements"
QUESTION_IDS = [f"{a}{n}" for a in "PTCF" for n in range(1, 6)]

#: Per client: seed, the earlier wave's file, how many of today's people answered then (the first ones in
#: name order are kept), people who answered then only (name, role), shifts (question prefix or id ->
#: answer levels the answers were lower then), and the action log rows (action, status, date, owner, note).
STORIES = {
    "aurora-telecom": dict(
        seed=2611, file="responses_2026h1.csv", keep=5,
        gone=[("Sven Olsen", "Executive"), ("Carla Mendes", "Front-line agent")],
        shift={"C2": 1.3, "C4": 1.6, "C5": 0.6, "C1": 0.6, "P1": 1.2, "P2": 0.5, "P3": 0.5, "T3": 0.5, "T5": 0.3},
        actions=[
            ("touchpoint_maps", "done", "2026-08-28", "Priya Nair (CX lead)",
             "Main journeys mapped in four workshops; every touchpoint has a named owner."),
            ("customer_feedback", "done", "2026-09-30", "Priya Nair (CX lead)",
             "Post-contact survey live on phone, app and store; concerns answered within two working days."),
            ("intent_statement", "done", "2026-07-15", "Helena Costa (CEO)",
             "One-page intent statement launched at the July town hall."),
            ("touchpoint_redesign", "started", "2026-10-06", "Tom Becker (contact centre)",
             "First sprint on fault reporting; results due in December."),
            ("business_case", "planned", "", "Jonas Berg (finance)",
             "Postponed to the 2027 budget round: finance team busy with the merger."),
            ("recognition_reward", "planned", "", "HR director", "To be discussed with the works council."),
        ]),
    "lumiere-energie": dict(
        seed=2609, file="reponses_2025-10.csv", keep=4,
        gone=[("Hugo Lambert", "Direction"), ("Manon Girard", "Conseiller clientèle")],
        shift={"T1": 1.0, "T2": 1.4, "T3": 1.3, "T4": 1.5, "T5": 0.6, "F2": 1.6, "F3": 1.6, "F4": 1.4, "F5": 1.4},
        actions=[
            ("cx_dashboard", "done", "2026-01-20", "Julien Bernard (direction financière)",
             "Tableau de bord mensuel en comité de direction depuis janvier : cinq mesures, cibles et responsables."),
            ("touchpoint_redesign", "done", "2026-05-29", "Sarah Durand (relation clientèle)",
             "Quatre sprints : relevé de compteur, première facture, déménagement, coupure."),
            ("business_case", "done", "2026-03-31", "Julien Bernard (direction financière)",
             "Coût du mauvais service chiffré avec la DAF, repris au budget 2027."),
            ("touchpoint_maps", "started", "2026-06-15", "Claire Martin (expérience client)",
             "Cartographie lancée puis suspendue pendant la réorganisation de l'été."),
            ("customer_feedback", "started", "2026-04-02", "Claire Martin (expérience client)",
             "Enquête à chaud sur le téléphone seulement ; le web et les agences restent sans retour."),
            ("intent_statement", "planned", "", "Direction générale",
             "Prévu après la nomination du nouveau directeur."),
        ]),
    "northwind-retail": dict(
        seed=2602, file="responses_2026q1.csv", keep=8,
        gone=[("Isla Morgan", "Customer service agent"), ("Peter Quinn", "Store operations")],
        shift={"C2": 1.2, "C3": 1.5, "C4": 1.0, "C1": 0.5, "T4": 1.3, "T3": 0.7, "T1": 0.5, "F2": 0.6},
        actions=[
            ("customer_feedback", "done", "2026-04-24", "Grace Holloway (Head of CX)",
             "Always-on feedback at checkout, delivery and returns; weekly review of every detractor comment."),
            ("resolved", "done", "2026-06-12", "Kofi Mensah (customer service)",
             "All 40 complaint handlers trained in RESOLVED; first-contact resolution tracked weekly."),
            ("cx_dashboard", "done", "2026-05-05", "Ravi Shah (finance)",
             "Monthly CX dashboard on the board agenda: NPS, repeat contacts, returns cost, delivery promise kept."),
            ("intent_statement", "started", "2026-09-01", "Olivia Chen (CEO)",
             "Draft agreed by the executive team; launch to staff slipped to January."),
            ("cx_training", "planned", "", "HR business partner", "Budget requested for 2027."),
            ("recognition_reward", "planned", "", "HR director", "Waiting for the pay review cycle."),
        ]),
    "banco-serra-azul": dict(
        seed=2510, file="respostas_2025-11.csv", keep=6,
        gone=[("Beatriz Lima", "Gerente de agência"), ("Tiago Rocha", "Atendimento")],
        shift={"F1": 1.2, "F2": 1.4, "F3": 1.2, "F4": 1.0, "F5": 1.0, "C2": 1.3, "C3": 0.8, "C1": 0.5},
        actions=[
            ("business_case", "done", "2026-03-20", "Rui Matos (financeiro)",
             "Custo do mau atendimento calculado com a diretoria financeira e usado no orçamento de 2026."),
            ("customer_feedback", "done", "2026-05-08", "Ana Ribeiro (experiência do cliente)",
             "Pesquisa após cada atendimento no app, no telefone e nas agências; retorno ao cliente em 48 horas."),
            ("touchpoint_redesign", "started", "2026-07-01", "Pedro Alves (operações)",
             "Primeiro sprint na abertura de conta PJ; sistemas legados atrasaram a entrega."),
            ("cx_dashboard", "started", "2026-08-15", "Rui Matos (financeiro)",
             "Indicadores escolhidos; metas ainda não aprovadas pela diretoria."),
            ("cx_training", "planned", "", "Recursos humanos", "Previsto para o primeiro trimestre de 2027."),
        ]),
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def earlier_wave(rows: list[dict[str, str]], story: dict, rng: np.random.Generator) -> list[tuple[str, str, str, str]]:
    """The earlier wave's rows (respondent, role, question, answer) from today's ``rows`` and a story."""
    people: dict[str, str] = {}
    answers: dict[tuple[str, str], str] = {}
    for row in rows:
        people.setdefault(row["respondent"], row["role"])
        answers[(row["respondent"], row["question"])] = row["answer"]
    kept = sorted(people)[: story["keep"]]
    by_question = {q: [answers[(p, q)] for p in people if answers.get((p, q), "dk") != "dk"] for q in QUESTION_IDS}

    def lowered(current: str, question: str) -> str:
        shift = story["shift"].get(question, 0.0)
        if current == "dk":
            return "dk"
        if shift and rng.random() < 0.12:
            return "dk"  # before the action, some did not know
        drop = rng.poisson(shift) if shift else 0
        noise = int(rng.choice([-1, 0, 0, 0, 0, 0, 0, 0, 0, 1]))
        return str(int(np.clip(int(current) - drop + noise, 0, 4)))

    out = []
    for person in kept:
        for q in QUESTION_IDS:
            if (person, q) in answers:
                out.append((person, people[person], q, lowered(answers[(person, q)], q)))
    for person, role in story["gone"]:
        for q in QUESTION_IDS:
            pool = by_question[q] or ["2"]
            out.append((person, role, q, lowered(str(rng.choice(pool)), q)))
    return out


def main() -> None:
    for name, story in STORIES.items():
        folder = ENGAGEMENTS / name
        rng = np.random.default_rng(story["seed"])
        rows = earlier_wave(_read(folder / "responses.csv"), story, rng)
        with (folder / story["file"]).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["respondent", "role", "question", "answer"])
            writer.writerows(rows)
        with (folder / "actions.csv").open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["action", "status", "date", "owner", "note"])
            writer.writerows(story["actions"])
        print(f"{name}: {story['file']} ({len(rows)} answers), actions.csv ({len(story['actions'])} actions)")


if __name__ == "__main__":
    main()
