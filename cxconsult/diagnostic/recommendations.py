"""Prioritised actions from a diagnostic result, mapped to the 8-step CX programme.

Each question feeds one or more programme steps (its primary step first). A question's urgency is

    urgency = gap x (1 + SPREAD_WEIGHT x min(sd, 2) / 2) + DONT_KNOW_WEIGHT x dont_know_share

with ``gap`` = 100 - score (0-100), ``sd`` the answers' standard deviation on the 0-4 scale (2 is
the most two camps can disagree) and ``dont_know_share`` the share of "don't know" answers: a gap
the room disagrees on, or cannot answer, is more urgent than one everybody sees. A step's priority
is the largest urgency among the questions whose primary step it is, or half that of questions
feeding it as a secondary step. Steps whose priority is at most ``MIN_PRIORITY`` (every feeding
question at 75/100 or better, with no disagreement or don't know) are not recommended.

Two actions sit beside the eight steps:

* the **return-on-CX business case** (``key="business_case"``, part of step 6): the finance questions
  F2-F5 (return on CX, cost of poor service, cost to win versus keep a customer, price- versus
  service-driven defection) make it their primary action, and feed the dashboard only as a secondary
  step. A finance gap is a missing business case, not a missing dashboard.
* the **RESOLVED** complaint method (``step=0``) when complaint handling (C3) is weak.

What each action asks of the client (owner, first step, time frame, milestone, measure) is the
playbook in ``data/actions/<language>.yaml``; ``HORIZONS`` places each action on the roadmap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from cxconsult import safe
from cxconsult.diagnostic.questions import languages, programme, questions
from cxconsult.diagnostic.scoring import DISAGREEMENT_SD, DiagnosticResult
from cxconsult.i18n import LANGUAGES, normalise_language, translator
from cxconsult.resources import resource_path

SPREAD_WEIGHT = 0.5
DONT_KNOW_WEIGHT = 50.0
SECONDARY_WEIGHT = 0.5
MIN_PRIORITY = 25.0
COMPLAINTS_QUESTION = "C3"
#: Finance questions whose gap is a missing return-on-CX business case (primary action ``business_case``).
BUSINESS_CASE_QUESTIONS = ("F2", "F3", "F4", "F5")
#: The programme step the business case belongs to (the dashboard links measures to money).
BUSINESS_CASE_STEP = 6
#: Where each action lands on the roadmap: started and delivered within 90 days, 6 months or 12 months.
HORIZONS = {
    "intent_statement": "90d", "touchpoint_maps": "90d", "customer_feedback": "90d", "cx_dashboard": "90d",
    "business_case": "90d", "resolved": "90d", "touchpoint_redesign": "6m", "cx_training": "6m",
    "internal_communication": "12m", "recognition_reward": "12m",
}
PLAYBOOK_FIELDS = ("owner", "first_step", "time_frame", "milestone", "measure")


@dataclass(frozen=True)
class Action:
    """A recommended action: a programme step (1-8), the business case (step 6) or RESOLVED (step 0).

    ``priority`` is on the urgency scale (0-150; higher first); ``why`` explains the choice from
    the scores; ``questions`` are the question ids behind it, weakest first. From the playbook:
    ``owner`` (a role), ``first_step`` (what to do on Monday), ``time_frame``, ``milestone`` (what is
    in place by then), ``measure`` (what shows progress); ``evidence`` one line per answer behind it;
    ``horizon`` ``"90d"``, ``"6m"`` or ``"12m"`` (roadmap); ``key`` the step key or ``business_case`` /
    ``resolved``.
    """

    step: int
    title: str
    why: str
    priority: float
    questions: tuple[str, ...]
    first_actions: tuple[str, ...]
    key: str = ""
    owner: str = ""
    first_step: str = ""
    time_frame: str = ""
    milestone: str = ""
    measure: str = ""
    evidence: tuple[str, ...] = ()
    horizon: str = "90d"
    language: str = "en"

    def summary(self) -> str:
        """One line: priority, title and reason."""
        return f"[{self.priority:5.1f}] {self.title}: {self.why}"

    def _repr_html_(self) -> str:
        tr = translator(self.language)
        items = safe.join(safe.html("<li>{a}</li>", a=a) for a in self.first_actions)
        return str(safe.html("<div><b>{title}</b> ({priority})<br>{why}<ul>{items}</ul></div>",
                             title=self.title, why=self.why, items=items,
                             priority=tr._("priority {value}").format(value=tr.number(self.priority))))


def bank_language(language: str) -> str:
    """The question-bank file for ``language``: itself, its normalised code, its base (``pt-BR`` -> ``pt``),
    else English."""
    available = set(languages())
    candidates = [language]
    try:
        candidates.append(normalise_language(language))
    except ValueError:
        pass
    candidates += [c.split("-")[0] for c in candidates]
    return next((c for c in candidates if c in available), "en")


def playbook_language(language: str) -> str:
    """The playbook file for ``language`` (``en``, ``fr``, ``pt-BR``, ``pt-PT``, ``zh``, ``ru``)."""
    try:
        code = normalise_language(language)
    except ValueError:
        return "en"
    return code if code in LANGUAGES else "en"


@lru_cache(maxsize=None)
def playbook(language: str = "en") -> dict[str, dict[str, Any]]:
    """The action playbook in ``language``: key -> owner, first_step, time_frame, milestone, measure."""
    code = playbook_language(language)
    raw = yaml.safe_load(resource_path(f"data/actions/{code}.yaml").read_text(encoding="utf-8"))
    actions = raw["actions"]
    missing = [k for k in HORIZONS if k not in actions
               or any(not str(actions[k].get(f, "")).strip() for f in PLAYBOOK_FIELDS)]
    if missing:
        from cxconsult.errors import CxConsultError
        raise CxConsultError(f"playbook data/actions/{code}.yaml lacks fields for: {', '.join(missing)}")
    return actions


def urgency(gap: float, sd: float, dont_know_share: float) -> float:
    """Urgency of one question (see the module docstring); NaN gap (all "don't know") counts as 50."""
    gap = 50.0 if math.isnan(gap) else gap
    spread = 0.0 if math.isnan(sd) else min(sd, 2.0)
    return gap * (1 + SPREAD_WEIGHT * spread / 2) + DONT_KNOW_WEIGHT * dont_know_share


def evidence_line(qid: str, row, text: str, language: str = "en") -> str:
    """One answer behind an action, in words: score, disagreement and "don't know" count."""
    tr = translator(language)
    if math.isnan(row.score):
        parts = [tr._("{qid} “{question}” could not be scored").format(qid=qid, question=text)]
    else:
        parts = [tr._("{qid} “{question}” scores {score}/100").format(
            qid=qid, question=text, score=tr.number(row.score))]
    if not math.isnan(row.sd) and row.sd >= DISAGREEMENT_SD:
        parts.append(tr._("participants disagree (standard deviation {sd} on the 0-4 scale)").format(
            sd=tr.number(row.sd, 1)))
    answered = int(row.n + row.dont_know)
    if row.dont_know and answered:
        parts.append(tr.ngettext("{k} of {n} participant answered “don't know”",
                                 "{k} of {n} participants answered “don't know”", answered).format(
            k=int(row.dont_know), n=answered))
    return tr.pgettext("list of clauses", "; ").join(parts)


def _reason(qid: str, row, text: str, language: str = "en") -> str:
    return evidence_line(qid, row, text, language)


def recommend(result: DiagnosticResult, language: str = "en", top: int | None = None) -> list[Action]:
    """Prioritised actions for ``result``, most urgent first.

    Parameters
    ----------
    result : DiagnosticResult
    language : str
        Language of titles, reasons, evidence and the playbook (``en``, ``fr``, ``pt-BR``, ``pt-PT``,
        ``zh``, ``ru``; ``pt`` is read as ``pt-BR``).
    top : int, optional
        Keep only the ``top`` most urgent actions.
    """
    tr = translator(playbook_language(language))
    bank = {q.id: q for q in questions(bank_language(language))}
    plan = programme(bank_language(language))
    book = playbook(language)
    table = result.questions
    answered = (table["n"] + table["dont_know"]).replace(0, 1)
    urgencies = {qid: urgency(row.gap, row.sd, row.dont_know / answered[qid])
                 for qid, row in table.iterrows() if row.n + row.dont_know > 0}

    def routes(qid: str) -> list[str | int]:
        steps: list[str | int] = list(bank[qid].steps)
        return ["business_case", *steps] if qid in BUSINESS_CASE_QUESTIONS else steps

    score_of: dict[str | int, float] = {}
    feeding: dict[str | int, list[str]] = {}
    for qid, value in urgencies.items():
        for rank, target in enumerate(routes(qid)):
            weighted = value if rank == 0 else value * SECONDARY_WEIGHT
            score_of[target] = max(score_of.get(target, 0.0), weighted)
            feeding.setdefault(target, []).append(qid)

    def evidence(ids: list[str]) -> tuple[str, ...]:
        weak = [q for q in ids if urgencies[q] > MIN_PRIORITY][:3]
        return tuple(_reason(q, table.loc[q], bank[q].text.rstrip(" ?？"), language) for q in weak)

    def build(step: int, key: str, title: str, priority: float, ids: list[str], first_actions,
              why_extra: str = "") -> Action:
        lines = evidence(ids)
        why = tr.pgettext("list of reasons", ". ").join(lines) + tr.pgettext("end of sentence", ".")
        if why_extra:
            why = why + " " + why_extra
        entry = book[key]
        return Action(step=step, title=title, why=why, priority=round(priority, 1), questions=tuple(ids),
                      first_actions=tuple(first_actions), key=key,
                      **{f: str(entry[f]).strip() for f in PLAYBOOK_FIELDS},
                      evidence=lines, horizon=HORIZONS[key], language=tr.language)

    actions = []
    for target, priority in score_of.items():
        if priority <= MIN_PRIORITY:
            continue
        ids = sorted(feeding[target], key=lambda q: -urgencies[q])
        if target == "business_case":
            entry = book["business_case"]
            actions.append(build(BUSINESS_CASE_STEP, "business_case", str(entry["title"]).strip(), priority, ids,
                                 entry.get("first_actions", ())))
            continue
        info = plan.step(int(target))
        title = tr._("Step {number}: {name}").format(number=info.number, name=info.name)
        actions.append(build(info.number, info.key, title, priority, ids, info.first_actions))

    if COMPLAINTS_QUESTION in urgencies and urgencies[COMPLAINTS_QUESTION] > MIN_PRIORITY:
        letters = tuple(tr._("{letter} – {name}: {text}").format(letter=letter, name=name, text=text)
                        for letter, name, text in plan.resolved_letters)
        actions.append(build(0, "resolved", str(book["resolved"]["title"]).strip(),
                             urgencies[COMPLAINTS_QUESTION], [COMPLAINTS_QUESTION], letters,
                             tr._("Train complaint handlers in the RESOLVED method.")))

    order = {"business_case": 0}
    actions.sort(key=lambda a: (-a.priority, order.get(a.key, 1), a.step))
    return actions[:top] if top is not None else actions
