"""Scoring of the 20-question diagnostic.

Answers are on a 0-4 maturity scale (0 not at all, 1 started, 2 partly, 3 largely, 4 fully) or
``"dk"`` (don't know). A score is the mean answer / 4 x 100, so it runs 0-100; "don't know" answers
are left out of the mean and counted. An area's score pools every answer to its five questions; the
index is the mean of the four area scores. Disagreement is the standard deviation of the answers
to one question across respondents (0-4 scale, sample SD): seed 004 calls a lack of shared
understanding of the intended experience a first pitfall of customer-centricity.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cxconsult.engagement import AREA_PREFIX, AREAS, DONT_KNOW, QUESTION_IDS, RESPONSE_COLUMNS, parse_answer
from cxconsult.errors import EngagementError
from cxconsult.i18n import N_

#: Answers' SD (0-4 scale) at or above which a question counts as one the room disagrees on.
DISAGREEMENT_SD = 1.0
AREA_LABELS = {"people": N_("People"), "process_technology": N_("Processes & technology"),
               "customers": N_("Customers"), "finance": N_("Finance")}
#: Maturity stages of the index, one per level of the answer scale (0 not at all ... 4 fully): an index
#: reads as the room's average answer, so a stage starts half-way between two levels (12.5, 37.5, ...).
#: (key, lowest index of the stage); names and one-line meanings are in cxconsult.narrative.intake.
MATURITY_STAGES = (("not_started", 0.0), ("starting", 12.5), ("developing", 37.5), ("established", 62.5),
                   ("embedded", 87.5))


def maturity_stage(index: float) -> str:
    """The stage key of an index 0-100 (``"not_started"`` ... ``"embedded"``); raises on NaN or out of range."""
    if index != index or not 0 <= index <= 100:
        raise ValueError(f"index must be a number from 0 to 100, got {index!r}")
    return [key for key, low in MATURITY_STAGES if index >= low][-1]


@dataclass(frozen=True, eq=False)
class DiagnosticResult:
    """Scores of one respondent or a workshop.

    Attributes
    ----------
    by_area : dict[str, float]
        Area -> score 0-100 (NaN when every answer in the area is "don't know").
    index : float
        Mean of the area scores that have answers, 0-100.
    questions : pandas.DataFrame
        One row per question id: ``area``, ``n`` (scored answers), ``dont_know``, ``mean`` (0-4),
        ``score`` (0-100), ``gap`` (100 - score), ``sd`` (0-4, NaN under two answers), ``min``, ``max``.
    by_role : pandas.DataFrame
        Role x area scores 0-100, plus ``index`` and ``respondents`` columns.
    by_role_question : pandas.DataFrame
        Question x role scores 0-100.
    respondents : int
    dont_know : dict[str, int]
        Area -> number of "don't know" answers.
    """

    by_area: dict[str, float]
    index: float
    questions: pd.DataFrame
    by_role: pd.DataFrame
    by_role_question: pd.DataFrame
    respondents: int
    dont_know: dict[str, int] = field(default_factory=dict)

    @property
    def gaps(self) -> pd.DataFrame:
        """Questions ranked by gap to full maturity (largest first): area, score, gap, sd, n."""
        table = self.questions[["area", "score", "gap", "sd", "n", "dont_know"]]
        return table.sort_values(["gap", "sd"], ascending=False, na_position="last")

    @property
    def spread(self) -> pd.DataFrame:
        """Questions ranked by disagreement (SD of answers, largest first), with mean, range and n."""
        table = self.questions[["area", "mean", "sd", "min", "max", "n", "dont_know"]].copy()
        table["range"] = table["max"] - table["min"]
        return table.sort_values("sd", ascending=False, na_position="last")

    @property
    def disagreements(self) -> list[str]:
        """Question ids whose answers' SD is at least ``DISAGREEMENT_SD`` (a full maturity level)."""
        spread = self.spread
        return list(spread.index[spread["sd"] >= DISAGREEMENT_SD])

    def question_table(self, language: str = "en") -> pd.DataFrame:
        """``questions`` with each question's text in ``language``, for display."""
        from cxconsult.diagnostic.questions import questions

        texts = {q.id: q.text for q in questions(language)}
        return self.questions.assign(question=[texts[qid] for qid in self.questions.index])

    def summary(self) -> str:
        """Plain-text summary: area scores, index, weakest questions, disagreements."""
        lines = [f"CX diagnostic: {self.respondents} respondent(s), index {self.index:.0f}/100"]
        for area in AREAS:
            value = self.by_area[area]
            text = "n/a" if np.isnan(value) else f"{value:5.1f}"
            lines.append(f"  {AREA_LABELS[area]:<24} {text}   (don't know: {self.dont_know.get(area, 0)})")
        weakest = self.gaps.head(5)
        lines.append("Weakest questions (score): " + ", ".join(f"{q} {row.score:.0f}" for q, row in weakest.iterrows()))
        if self.disagreements:
            lines.append("Disagreement (SD >= 1): " + ", ".join(self.disagreements))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{html.escape(AREA_LABELS[a])}</td><td>{self.by_area[a]:.1f}</td></tr>" for a in AREAS)
        return (f"<table><caption>CX diagnostic, {self.respondents} respondent(s): index "
                f"{self.index:.1f}</caption><tr><th>Area</th><th>Score (0-100)</th></tr>{rows}</table>")


def _long_table(responses: Mapping[str, object] | pd.DataFrame) -> pd.DataFrame:
    if isinstance(responses, pd.DataFrame):
        missing = [c for c in RESPONSE_COLUMNS if c not in responses.columns]
        if missing:
            raise EngagementError(f"responses table lacks column(s) {', '.join(missing)}; expected "
                                  f"{', '.join(RESPONSE_COLUMNS)}", field="responses")
        frame = responses[list(RESPONSE_COLUMNS)].copy()
    elif isinstance(responses, Mapping):
        frame = pd.DataFrame({"respondent": "respondent", "role": "unspecified",
                              "question": list(responses), "answer": list(responses.values())})
    else:
        raise TypeError("responses must be a mapping {question id: answer} or a DataFrame with "
                        f"columns {', '.join(RESPONSE_COLUMNS)}; got {type(responses).__name__}")
    frame["question"] = frame["question"].astype(str).str.strip().str.upper()
    unknown = sorted(set(frame["question"]) - set(QUESTION_IDS))
    if unknown:
        raise EngagementError(f"unknown question id(s) {', '.join(unknown)}; expected P1-P5, T1-T5, "
                              "C1-C5, F1-F5", field="question")
    answers = []
    for qid, value in zip(frame["question"], frame["answer"]):
        try:
            answers.append(parse_answer(value))
        except ValueError as exc:
            raise EngagementError(str(exc), field=f"answer to {qid}") from None
    frame["answer"] = answers
    frame["role"] = frame["role"].fillna("unspecified").astype(str)
    return frame


def _scores(values: pd.Series) -> float:
    """Mean of the numeric answers / 4 x 100 (NaN when none)."""
    return float(values.mean() / 4 * 100) if len(values) else float("nan")


def score(responses: Mapping[str, object] | pd.DataFrame) -> DiagnosticResult:
    """Score the diagnostic for one respondent or a workshop.

    Parameters
    ----------
    responses
        Either a mapping ``{question id: answer}`` for one respondent, or a long table with columns
        ``respondent, role, question, answer``. Answers are 0-4 or ``"dk"``/None (don't know).
        Questions not answered at all are simply absent (n = 0).

    Returns
    -------
    DiagnosticResult
    """
    frame = _long_table(responses)
    frame["area"] = frame["question"].str[0].map(AREA_PREFIX)
    is_dk = frame["answer"].map(lambda a: a == DONT_KNOW)
    scored = frame[~is_dk].assign(value=lambda f: f["answer"].astype(float))

    grouped = scored.groupby("question")["value"]
    questions = pd.DataFrame(index=pd.Index(QUESTION_IDS, name="question"))
    questions["area"] = [AREA_PREFIX[q[0]] for q in QUESTION_IDS]
    questions["n"] = grouped.size().reindex(QUESTION_IDS, fill_value=0).astype(int)
    questions["dont_know"] = frame[is_dk].groupby("question").size().reindex(QUESTION_IDS, fill_value=0)
    questions["mean"] = grouped.mean().reindex(QUESTION_IDS)
    questions["score"] = questions["mean"] / 4 * 100
    questions["gap"] = 100 - questions["score"]
    questions["sd"] = grouped.std(ddof=1).reindex(QUESTION_IDS)
    questions["min"] = grouped.min().reindex(QUESTION_IDS)
    questions["max"] = grouped.max().reindex(QUESTION_IDS)

    by_area = {area: _scores(scored.loc[scored["area"] == area, "value"]) for area in AREAS}
    present = [v for v in by_area.values() if not np.isnan(v)]
    index = float(np.mean(present)) if present else float("nan")

    role_rows = {}
    for role, part in scored.groupby("role", sort=True):
        row = {area: _scores(part.loc[part["area"] == area, "value"]) for area in AREAS}
        areas = [v for v in row.values() if not np.isnan(v)]
        row["index"] = float(np.mean(areas)) if areas else float("nan")
        row["respondents"] = frame.loc[frame["role"] == role, "respondent"].nunique()
        role_rows[role] = row
    by_role = pd.DataFrame.from_dict(role_rows, orient="index",
                                     columns=[*AREAS, "index", "respondents"]).rename_axis("role")
    by_role_question = (scored.pivot_table(index="question", columns="role", values="value", aggfunc="mean")
                        .reindex(QUESTION_IDS) / 4 * 100)

    return DiagnosticResult(
        by_area=by_area,
        index=index,
        questions=questions,
        by_role=by_role,
        by_role_question=by_role_question,
        respondents=int(frame["respondent"].nunique()),
        dont_know={area: int(questions.loc[questions["area"] == area, "dont_know"].sum()) for area in AREAS},
    )
