"""Words and tables for the intake diagnostic section of the report."""

from __future__ import annotations

import html
import math
import textwrap

from cxconsult.diagnostic import area_names, questions, recommend, score
from cxconsult.diagnostic.recommendations import Action
from cxconsult.diagnostic.scoring import DiagnosticResult
from cxconsult.engagement import AREAS, Engagement
from cxconsult.narrative import Assumption, Headline

TOP_ACTIONS = 5


def _fmt(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.0f}"


def overview(engagement: Engagement, result: DiagnosticResult, language: str = "en") -> str:
    """Opening paragraph: index, strongest and weakest areas, respondents, don't-knows."""
    names = area_names(language)
    scored = {a: v for a, v in result.by_area.items() if not math.isnan(v)}
    if not scored:
        return (f"{engagement.client}'s {result.respondents} participant(s) answered *don't know* to every "
                "question they saw, so no area can be scored yet: the first finding is that nobody "
                "present knows how the organisation performs on these questions.")
    best = max(scored, key=scored.get)
    worst = min(scored, key=scored.get)
    roles = result.by_role.index.tolist()
    dk_total = sum(result.dont_know.values())
    text = (f"{engagement.client}'s customer-experience maturity index is **{_fmt(result.index)}/100**, "
            f"from {result.respondents} participant(s) in {len(roles)} role(s) ({', '.join(roles)}). "
            f"The strongest area is **{names[best]}** ({_fmt(scored[best])}) and the weakest "
            f"**{names[worst]}** ({_fmt(scored[worst])}). A score of 100 means every participant "
            "answered *fully* to every question in the area.")
    if dk_total:
        worst_dk = max(result.dont_know, key=result.dont_know.get)
        text += (f"\n\nParticipants answered *don't know* {dk_total} time(s), most often in "
                 f"**{names[worst_dk]}** ({result.dont_know[worst_dk]}): not knowing is itself a finding, "
                 "and these answers are left out of the scores.")
    return text


def question_table_html(result: DiagnosticResult, language: str = "en") -> str:
    """HTML table of the 20 questions: area, question, score bar, disagreement (SD), don't know."""
    names = area_names(language)
    rows = []
    for q in questions(language):
        row = result.questions.loc[q.id]
        width = 0 if math.isnan(row.score) else row.score
        sd = "" if math.isnan(row.sd) else f"{row.sd:.1f}"
        flag = ' class="cx-disagree"' if not math.isnan(row.sd) and row.sd >= 1 else ""
        rows.append(f"<tr><td>{q.id}</td><td>{html.escape(names[q.area])}</td><td>{html.escape(q.text)}</td>"
                    f'<td class="cx-bar-cell"><span class="cx-bar" style="width:{width:.0f}%"></span>'
                    f"<span>{_fmt(row.score)}</span></td><td{flag}>{sd}</td><td>{row.dont_know}</td></tr>")
    return ('<table class="cx-table"><thead><tr><th>Id</th><th>Area</th><th>Question</th>'
            "<th>Score (0-100)</th><th>Disagreement (SD)</th><th>Don't know</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def disagreement(result: DiagnosticResult, language: str = "en", top: int = 5) -> str:
    """Where participants disagree most, with the highest- and lowest-scoring roles per question."""
    texts = {q.id: q.text for q in questions(language)}
    ids = result.disagreements[:top]
    if not ids:
        return ("Participants broadly agree: no question's answers spread by a full maturity level "
                "or more (standard deviation below 1 on the 0-4 scale).")
    lines = ["Where participants disagree by a full maturity level or more, the organisation lacks a "
             "shared understanding of the experience it delivers: these are questions to discuss "
             "before acting on the scores.", ""]
    for qid in ids:
        row = result.questions.loc[qid]
        roles = result.by_role_question.loc[qid].dropna()
        contrast = ""
        if len(roles) >= 2:
            contrast = (f"; {roles.idxmax()} score it {roles.max():.0f}, "
                        f"{roles.idxmin()} {roles.min():.0f}")
        lines.append(f"- **{qid}** {texts[qid]} (SD {row.sd:.1f}, answers {row['min']:.0f} to "
                     f"{row['max']:.0f}{contrast})")
    return "\n".join(lines)


def actions_markdown(actions: list[Action], top: int = TOP_ACTIONS) -> str:
    """The top actions as a numbered Markdown list with their reasons and first steps."""
    if not actions:
        return "No area falls below 75/100 without disagreement: keep measuring and reward what works."
    lines = []
    for n, action in enumerate(actions[:top], start=1):
        lines.append(f"{n}. **{action.title}** (priority {action.priority:.0f}). {action.why}")
        lines.extend(f"    - {step}" for step in action.first_actions)
    return "\n".join(lines)


def headlines(engagement: Engagement) -> list[Headline]:
    """Executive-summary figures of the diagnostic (none when there are no answers)."""
    if engagement.responses.empty:
        return []
    result = score(engagement.responses)
    names = area_names(engagement.language)
    scored = {a: result.by_area[a] for a in AREAS if not math.isnan(result.by_area[a])}
    actions = recommend(result, language=engagement.language, top=1)
    index = "n/a" if math.isnan(result.index) else f"{result.index:.0f}/100"
    out = [Headline("CX diagnostic", "CX maturity index", index,
                    f"{result.respondents} participants, 20 questions")]
    if scored:
        worst = min(scored, key=scored.get)
        out.append(Headline("CX diagnostic", "Weakest area", f"{names[worst]} {_fmt(scored[worst])}",
                            f"{len(result.disagreements)} question(s) with strong disagreement"))
    if actions:
        out.append(Headline("CX diagnostic", "First priority", actions[0].title,
                            textwrap.shorten(actions[0].why, 120, placeholder=" ...")))
    return out


def assumptions(engagement: Engagement) -> list[Assumption]:
    """Method notes of the diagnostic for the appendix (none when there are no answers)."""
    if engagement.responses.empty:
        return []
    return [
        Assumption("CX diagnostic", "Answer scale", "0 not at all, 1 started, 2 partly, 3 largely, 4 fully",
                   "cxconsult scoring; questions adapted from Barnes & Kelleher, Customer Experience For "
                   "Dummies (Wiley, 2015)"),
        Assumption("CX diagnostic", "Score", "mean answer / 4 x 100; 'don't know' excluded and counted",
                   "cxconsult.diagnostic.scoring"),
        Assumption("CX diagnostic", "Disagreement", "SD of answers >= 1 on the 0-4 scale",
                   "cxconsult.diagnostic.scoring.DISAGREEMENT_SD"),
        Assumption("CX diagnostic", "Action priority",
                   "gap x (1 + 0.5 x min(SD, 2)/2) + 50 x share of don't know",
                   "cxconsult.diagnostic.recommendations"),
    ]
