"""Prioritised actions from a diagnostic result, mapped to the 8-step CX programme.

Each question feeds one or more programme steps (its primary step first). A question's urgency is

    urgency = gap x (1 + SPREAD_WEIGHT x min(sd, 2) / 2) + DONT_KNOW_WEIGHT x dont_know_share

with ``gap`` = 100 - score (0-100), ``sd`` the answers' standard deviation on the 0-4 scale (2 is
the most two camps can disagree) and ``dont_know_share`` the share of "don't know" answers: a gap
the room disagrees on, or cannot answer, is more urgent than one everybody sees. A step's priority
is the largest urgency among the questions whose primary step it is, or half that of questions
feeding it as a secondary step. Steps whose priority is at most ``MIN_PRIORITY`` (every feeding
question at 75/100 or better, with no disagreement or don't know) are not recommended. Weak complaint handling
(question C3) adds the RESOLVED method.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from cxconsult.diagnostic.questions import programme, questions
from cxconsult.diagnostic.scoring import DISAGREEMENT_SD, DiagnosticResult

SPREAD_WEIGHT = 0.5
DONT_KNOW_WEIGHT = 50.0
SECONDARY_WEIGHT = 0.5
MIN_PRIORITY = 25.0
COMPLAINTS_QUESTION = "C3"


@dataclass(frozen=True)
class Action:
    """A recommended action: a programme step (1-8) or the RESOLVED method (step 0).

    ``priority`` is on the urgency scale (0-150; higher first); ``why`` explains the choice from
    the scores; ``questions`` are the question ids behind it, weakest first.
    """

    step: int
    title: str
    why: str
    priority: float
    questions: tuple[str, ...]
    first_actions: tuple[str, ...]

    def summary(self) -> str:
        """One line: priority, title and reason."""
        return f"[{self.priority:5.1f}] {self.title}: {self.why}"

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(a)}</li>" for a in self.first_actions)
        return (f"<div><b>{html.escape(self.title)}</b> (priority {self.priority:.0f})<br>"
                f"{html.escape(self.why)}<ul>{items}</ul></div>")


def urgency(gap: float, sd: float, dont_know_share: float) -> float:
    """Urgency of one question (see the module docstring); NaN gap (all "don't know") counts as 50."""
    gap = 50.0 if math.isnan(gap) else gap
    spread = 0.0 if math.isnan(sd) else min(sd, 2.0)
    return gap * (1 + SPREAD_WEIGHT * spread / 2) + DONT_KNOW_WEIGHT * dont_know_share


def _reason(qid: str, row, text: str) -> str:
    parts = [f"{qid} '{text}' scores {row.score:.0f}/100" if not math.isnan(row.score)
             else f"{qid} '{text}' could not be scored"]
    if not math.isnan(row.sd) and row.sd >= DISAGREEMENT_SD:
        parts.append(f"respondents disagree (SD {row.sd:.1f} on the 0-4 scale)")
    answered = row.n + row.dont_know
    if row.dont_know and answered:
        parts.append(f"{row.dont_know} of {answered} answered don't know")
    return ", ".join(parts)


def recommend(result: DiagnosticResult, language: str = "en", top: int | None = None) -> list[Action]:
    """Prioritised actions for ``result``, most urgent first.

    Parameters
    ----------
    result : DiagnosticResult
    language : str
        Language of step names and first actions (the reasons are in English).
    top : int, optional
        Keep only the ``top`` most urgent actions.
    """
    bank = {q.id: q for q in questions(language)}
    plan = programme(language)
    table = result.questions
    answered = (table["n"] + table["dont_know"]).replace(0, 1)
    urgencies = {qid: urgency(row.gap, row.sd, row.dont_know / answered[qid])
                 for qid, row in table.iterrows() if row.n + row.dont_know > 0}

    step_score: dict[int, float] = {}
    step_questions: dict[int, list[str]] = {}
    for qid, value in urgencies.items():
        for rank, step in enumerate(bank[qid].steps):
            weighted = value if rank == 0 else value * SECONDARY_WEIGHT
            step_score[step] = max(step_score.get(step, 0.0), weighted)
            step_questions.setdefault(step, []).append(qid)

    actions = []
    for step, priority in step_score.items():
        if priority <= MIN_PRIORITY:
            continue
        ids = sorted(step_questions[step], key=lambda q: -urgencies[q])
        weak = [q for q in ids if urgencies[q] > MIN_PRIORITY][:3]
        why = "; ".join(_reason(q, table.loc[q], bank[q].text.rstrip("?")) for q in weak) + "."
        info = plan.step(step)
        actions.append(Action(step=step, title=f"Step {step}: {info.name}", why=why, priority=round(priority, 1),
                              questions=tuple(ids), first_actions=info.first_actions))

    if COMPLAINTS_QUESTION in urgencies and urgencies[COMPLAINTS_QUESTION] > MIN_PRIORITY:
        row = table.loc[COMPLAINTS_QUESTION]
        letters = tuple(f"{letter} - {name}: {text}" for letter, name, text in plan.resolved_letters)
        why = (_reason(COMPLAINTS_QUESTION, row, bank[COMPLAINTS_QUESTION].text.rstrip("?"))
               + ". Train complaint handlers in the RESOLVED method.")
        actions.append(Action(step=0, title="Complaint handling: the RESOLVED method", why=why,
                              priority=round(urgencies[COMPLAINTS_QUESTION], 1),
                              questions=(COMPLAINTS_QUESTION,), first_actions=letters))

    actions.sort(key=lambda a: (-a.priority, a.step))
    return actions[:top] if top is not None else actions
