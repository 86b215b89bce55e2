"""Words, tables and chart captions of the intake diagnostic section, in the client's language.

Everything returns HTML (:class:`markupsafe.Markup`): question wording, roles and names are escaped
through :mod:`cxconsult.safe`; every word goes through :func:`cxconsult.i18n.translator`. Nothing
here computes a score: the numbers come from :mod:`cxconsult.diagnostic` (and, where a model section
answers a question the room could not, read-only from the retention, service-profit-chain and
outlook sections).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from cxconsult import safe
from cxconsult.benchmark import MEASURES, SIZE_BANDS, Position, Standing, load_benchmark, position
from cxconsult.diagnostic import area_names, questions, recommend, score
from cxconsult.diagnostic.recommendations import Action, bank_language
from cxconsult.diagnostic.scoring import AREA_LABELS, DISAGREEMENT_SD, DiagnosticResult, maturity_stage
from cxconsult.diagnostic.uncertainty import IndexInterval, index_interval
from cxconsult.engagement import AREAS, Engagement
from cxconsult.i18n import N_, Translator, translator
from cxconsult.narrative import Assumption, Headline, heading as _heading, note

TOP_ACTIONS = 5
SECTION = N_("CX diagnostic")

HEADINGS = {
    "title": (N_("CX diagnostic"), 1),
    "areas": (N_("Scores by area"), 2),
    "questions": (N_("The twenty questions"), 2),
    "answers": (N_("What the analysis already answers"), 2),
    "disagreement": (N_("Where the room disagrees"), 2),
    "roles": (N_("How each role sees it"), 2),
    "actions": (N_("Prioritised actions"), 2),
    "benchmark": (N_("Compared with the practice"), 2),
}

#: Maturity stages of the index (keys from ``cxconsult.diagnostic.scoring.MATURITY_STAGES``).
STAGE_NAMES = {"not_started": N_("Not started"), "starting": N_("Starting"), "developing": N_("Developing"),
               "established": N_("Established"), "embedded": N_("Embedded")}
STAGE_MEANINGS = {
    "not_started": N_("The practices are absent: the experience depends on individual goodwill."),
    "starting": N_("A few initiatives exist, isolated and not yet managed."),
    "developing": N_("Practices exist in parts of the organisation: the experience depends on where "
                     "the customer lands."),
    "established": N_("Most practices are in place and managed: the work is to close the remaining gaps."),
    "embedded": N_("Practices are in place everywhere and renewed: customer experience is how the "
                   "organisation works."),
}
STAGE_SOURCE = N_("cxconsult maturity stages: one stage per level of the answer scale (0 not at all, "
                  "1 started, 2 partly, 3 largely, 4 fully), so a stage reads as the room's average answer; "
                  "questions adapted from Barnes & Kelleher (2015).")
BARNES_KELLEHER = "Barnes, C. & Kelleher, B. (2015). Customer Experience For Dummies. Hoboken, NJ: Wiley."
EFRON_TIBSHIRANI = ("Efron, B. & Tibshirani, R. J. (1993). An Introduction to the Bootstrap. "
                    "New York: Chapman & Hall.")
#: A model section answers a question the room could not when its participants said "don't know" or
#: scored it below this (0-100).
LOW_SCORE = 50.0


def _lang(engagement: Engagement, language: str | None) -> str:
    return language or engagement.language


def tr_for(engagement: Engagement, language: str | None = None) -> Translator:
    """The translator of the report (the engagement's language unless ``language`` is given)."""
    return translator(_lang(engagement, language))


def heading(engagement: Engagement, key: str, language: str | None = None) -> safe.Markup:
    """A heading of the section (``title``, ``areas``, ``questions``, ``answers``, ``disagreement``,
    ``roles``, ``actions``) in the client's language."""
    text, level = HEADINGS[key]
    return _heading(tr_for(engagement, language)._(text), level, anchor=f"cx-intake-{key}")


def area_labels(language: str) -> dict[str, str]:
    """Area names in ``language``: the question bank's when it has that language, else the catalog's."""
    bank = bank_language(language)
    if bank.split("-")[0] == translator(language).language.split("-")[0]:
        return area_names(bank)
    tr = translator(language)
    return {area: tr._(name) for area, name in AREA_LABELS.items()}


def _score(tr: Translator, value: float) -> str:
    return tr._("n/a") if math.isnan(value) else tr.number(value)


def _question_text(text: str) -> str:
    """A question without its question mark (and the space French puts before it), to quote it."""
    return text.rstrip(" ?？\u00a0\u202f")


def intro(engagement: Engagement, language: str | None = None) -> safe.Markup:
    """What the section is: the twenty questions, the scale and what follows."""
    tr = tr_for(engagement, language)
    return safe.html("<p>{text}</p>", text=tr._(
        "Twenty questions in four areas (people; processes and technology; customers; finance), answered "
        "on a 0-4 maturity scale and scored 0-100 per area, with the questions the room disagrees on and "
        "the actions of the 8-step CX programme, in order of priority."))


def interval(engagement: Engagement) -> IndexInterval:
    """The index's bootstrap interval over the engagement's respondents (seeded)."""
    return index_interval(engagement.responses)


def maturity_html(engagement: Engagement, result: DiagnosticResult, language: str | None = None,
                  band: IndexInterval | None = None) -> safe.Markup:
    """The index, its maturity stage (name and meaning), its interval and the stages' source."""
    tr = tr_for(engagement, language)
    if math.isnan(result.index):
        return safe.html("")
    band = band or index_interval(engagement.responses)
    stage = maturity_stage(result.index)
    text = tr._("Maturity index {index}/100: stage “{stage}”. {meaning}").format(
        index=tr.number(result.index), stage=tr._(STAGE_NAMES[stage]), meaning=tr._(STAGE_MEANINGS[stage]))
    spread = tr.ngettext(
        "With {n} participant, the index could lie between {low} and {high} (95% bootstrap interval "
        "over participants).",
        "With {n} participants, the index could lie between {low} and {high} (95% bootstrap interval "
        "over participants).", band.respondents).format(
        n=band.respondents, low=tr.number(band.low), high=tr.number(band.high))
    low_stage, high_stage = maturity_stage(band.low), maturity_stage(band.high)
    if low_stage != high_stage:
        spread += " " + tr._("The interval spans the stages “{low}” and “{high}”: more participants "
                             "would settle it.").format(low=tr._(STAGE_NAMES[low_stage]),
                                                        high=tr._(STAGE_NAMES[high_stage]))
    return safe.html('<div class="cx-maturity"><p class="cx-maturity-stage"><strong>{text}</strong></p>'
                     '<p>{spread}</p><p class="cx-source">{source}</p></div>',
                     text=text, spread=spread, source=tr._(STAGE_SOURCE))


def overview(engagement: Engagement, result: DiagnosticResult, language: str | None = None) -> safe.Markup:
    """Opening paragraphs: index, strongest and weakest areas, participants and roles, don't-knows."""
    tr = tr_for(engagement, language)
    names = area_labels(_lang(engagement, language))
    scored = {a: v for a, v in result.by_area.items() if not math.isnan(v)}
    people = tr.ngettext("{n} participant", "{n} participants", result.respondents).format(n=result.respondents)
    if not scored:
        return safe.html("<p>{text}</p>", text=tr._(
            "{client}: {people} answered “don't know” to every question they saw, so no area can be scored "
            "yet. That is the first finding: nobody present knows how the organisation performs on these "
            "questions.").format(client=engagement.client, people=people))
    best = max(scored, key=scored.get)
    worst = min(scored, key=scored.get)
    roles = [str(r) for r in result.by_role.index]
    role_count = tr.ngettext("{n} role", "{n} roles", len(roles)).format(n=len(roles))
    first = tr._("{client}'s customer-experience maturity index is {index}/100, from {people} in {roles} "
                 "({role_list}). The strongest area is {best} ({best_score}/100) and the weakest {worst} "
                 "({worst_score}/100). A score of 100 means every participant answered “fully” to every "
                 "question in the area.").format(
        client=engagement.client, index=_score(tr, result.index), people=people, roles=role_count,
        role_list=tr.list(roles), best=names[best], best_score=_score(tr, scored[best]), worst=names[worst],
        worst_score=_score(tr, scored[worst]))
    parts = [safe.html("<p>{text}</p>", text=first)]
    dk_total = sum(result.dont_know.values())
    if dk_total:
        worst_dk = max(result.dont_know, key=result.dont_know.get)
        parts.append(safe.html("<p>{text}</p>", text=tr.ngettext(
            "Participants answered “don't know” {n} time, most often in {area} ({k}): not knowing is itself "
            "a finding, and these answers are left out of the scores.",
            "Participants answered “don't know” {n} times, most often in {area} ({k}): not knowing is itself "
            "a finding, and these answers are left out of the scores.", dk_total).format(
            n=dk_total, area=names[worst_dk], k=result.dont_know[worst_dk])))
    return safe.join(parts)


def area_table_html(engagement: Engagement, result: DiagnosticResult, language: str | None = None) -> safe.Markup:
    """The four areas: name, score 0-100, "don't know" answers (the chart's numbers, readable in print)."""
    tr = tr_for(engagement, language)
    names = area_labels(_lang(engagement, language))
    rows = [safe.html('<tr><th scope="row">{name}</th><td class="cx-num">{score}</td><td class="cx-num">{dk}</td>'
                      "</tr>", name=names[a], score=_score(tr, result.by_area[a]), dk=result.dont_know.get(a, 0))
            for a in AREAS]
    rows.append(safe.html('<tr class="cx-total"><th scope="row">{name}</th><td class="cx-num">{score}</td>'
                          "<td></td></tr>", name=tr._("Maturity index"), score=_score(tr, result.index)))
    return safe.html('<table class="cx-table cx-areas"><thead><tr><th>{area}</th><th>{score}</th><th>{dk}</th>'
                     "</tr></thead><tbody>{rows}</tbody></table>", area=tr._("Area"),
                     score=tr._("Score (0-100)"), dk=tr._("“Don't know” answers"), rows=safe.join(rows))


def question_table_html(result: DiagnosticResult, language: str = "en") -> safe.Markup:
    """HTML table of the 20 questions: area, question, score bar, disagreement (SD), don't know."""
    tr = translator(language)
    bank = bank_language(language)
    names = area_labels(language)
    rows = []
    for q in questions(bank):
        row = result.questions.loc[q.id]
        width = 0 if math.isnan(row.score) else int(round(row.score))
        sd = "" if math.isnan(row.sd) else tr.number(row.sd, 1)
        css = "cx-disagree" if not math.isnan(row.sd) and row.sd >= DISAGREEMENT_SD else ""
        rows.append(safe.html(
            '<tr><td>{qid}</td><td>{area}</td><td>{text}</td><td class="cx-bar-cell"><span class="cx-bar" '
            'style="width:{width}%"></span><span>{score}</span></td><td class="{css}">{sd}</td>'
            '<td class="cx-num">{dk}</td></tr>', qid=q.id, area=names[q.area], text=q.text, width=width,
            score=_score(tr, row.score), css=css, sd=sd, dk=int(row.dont_know)))
    head = [tr._("Id"), tr._("Area"), tr._("Question"), tr._("Score (0-100)"), tr._("Disagreement (SD)"),
            tr._("“Don't know”")]
    return safe.html('<table class="cx-table cx-questions"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody>'
                     "</table>", head=safe.join(safe.html("<th>{h}</th>", h=h) for h in head),
                     rows=safe.join(rows))


def disagreement(result: DiagnosticResult, language: str = "en", top: int = 5) -> safe.Markup:
    """Where participants disagree most, with the highest- and lowest-scoring roles per question."""
    tr = translator(language)
    texts = {q.id: q.text for q in questions(bank_language(language))}
    ids = result.disagreements[:top]
    if not ids:
        return safe.html("<p>{text}</p>", text=tr._(
            "Participants broadly agree: no question's answers spread by a full maturity level or more "
            "(standard deviation below 1 on the 0-4 scale)."))
    items = []
    for qid in ids:
        row = result.questions.loc[qid]
        roles = result.by_role_question.loc[qid].dropna()
        line = tr._("{qid} “{question}”: standard deviation {sd}, answers from {low} to {high}").format(
            qid=qid, question=_question_text(texts[qid]), sd=tr.number(row.sd, 1), low=tr.number(row["min"]),
            high=tr.number(row["max"]))
        if len(roles) >= 2:
            line += tr.pgettext("list of clauses", "; ") + tr._(
                "{high_role} score it {high}/100, {low_role} {low}/100").format(
                high_role=roles.idxmax(), high=tr.number(roles.max()), low_role=roles.idxmin(),
                low=tr.number(roles.min()))
        items.append(safe.html("<li>{line}</li>", line=line))
    lead = tr._("Where participants disagree by a full maturity level or more, the organisation lacks a shared "
                "understanding of the experience it delivers: these are questions to discuss before acting "
                "on the scores.")
    return safe.html("<p>{lead}</p><ul>{items}</ul>", lead=lead, items=safe.join(items))


# -- where a model section answers a question the room could not ------------------------------------
@dataclass(frozen=True)
class ModelAnswer:
    """A diagnostic question a model section of the engagement answers, in words, with its number."""

    question: str
    room: str
    answer: str
    section: str


def _room(tr: Translator, row) -> str:
    answered = int(row.n + row.dont_know)
    if row.dont_know:
        return tr.ngettext("{k} of {n} participant answered “don't know”",
                           "{k} of {n} participants answered “don't know”", answered).format(
            k=int(row.dont_know), n=answered)
    return tr._("the room scores it {score}/100").format(score=_score(tr, row.score))


def _needs_answer(row) -> bool:
    return bool(row.dont_know) or (not math.isnan(row.score) and row.score < LOW_SCORE)


def _retention_answers(engagement: Engagement, tr: Translator) -> dict[str, tuple[str, str]]:
    if engagement.retention is None:
        return {}
    from cxconsult.retention.analysis import analyse_retention

    a = analyse_retention(engagement.retention)
    c, e, r = a.currency, a.economics, a.roce
    section = tr._("Retention economics")
    return {
        "F2": (section, tr._("The retention section appraises the CX programme: a net present value of "
                             "{npv} over {years} years.").format(npv=tr.compact_money(r.npv, c),
                                                                 years=r.programme.horizon_years)),
        "F3": (section, tr._("The retention section puts the listed costs of poor service (early churn, "
                             "buy-backs, cancellations, non-renewals, rework) at {flows} a year; separately, "
                             "the customers who leave each year because of service take {stock} of lifetime "
                             "value with them.").format(flows=tr.compact_money(a.yearly_cost_of_poor_service, c),
                                                        stock=tr.compact_money(a.value_lost_with_service_leavers, c))),
        "F4": (section, tr._("The retention section finds that winning a customer costs {cac}, against {keep} a "
                             "year to keep one: {ratio} times as much.").format(
            cac=tr.money(e.acquisition_cost, c, 0), keep=tr.money(e.retention_cost_per_year, c, 0),
            ratio=tr.number(e.acquisition_to_retention_cost, 1))),
        "F5": (section, tr._("In the exit survey of the retention section, {service} of leavers gave a service "
                             "reason and {price} a price reason ({n} answers).").format(
            service=tr.percent(a.split.shares["service"]), price=tr.percent(a.split.shares["price"]),
            n=tr.number(a.split.total))),
    }


def _spc_answers(engagement: Engagement, tr: Translator) -> dict[str, tuple[str, str]]:
    if getattr(engagement, "spc", None) is None:
        return {}
    from cxconsult.narrative.service_profit_chain import analyse

    metrics = {m.metric: m for m in analyse(engagement).metrics}
    if "NPS" not in metrics:
        return {}
    m = metrics["NPS"]
    text = tr._("The customer survey of the service-profit-chain section measures a Net Promoter Score of "
                "{value} ({low} to {high}, {n} customers).").format(
        value=tr.points(m.value), low=tr.points(m.low), high=tr.points(m.high), n=tr.number(m.n))
    section = tr._("Service-profit chain")
    return {"C1": (section, text), "C2": (section, text)}


def _outlook_answers(engagement: Engagement, tr: Translator) -> dict[str, tuple[str, str]]:
    cfg = getattr(engagement, "outlook", None)
    if cfg is None:
        return {}
    from cxconsult.outlook import check_targets, project

    report = check_targets(project(cfg.scenario("base"), months=cfg.targets.by_month), cfg.targets)
    main = [r for r in report.results if r.name != "cost_base_stretch"]
    met = sum(r.on_track for r in main)
    return {"T4": (tr._("Contact-centre outlook"), tr.ngettext(
        "The outlook section tracks {n} critical success factor with a target month by month; {k} is met by "
        "month {month} in the base plan.",
        "The outlook section tracks {n} critical success factors with targets month by month; {k} are met by "
        "month {month} in the base plan.", len(main)).format(n=len(main), k=met, month=report.by_month))}


def model_answers(engagement: Engagement, result: DiagnosticResult, language: str | None = None,
                  ) -> list[ModelAnswer]:
    """Questions the room could not answer (or scored below 50) that a model section answers, with its number."""
    tr = tr_for(engagement, language)
    found: dict[str, tuple[str, str]] = {}
    for source in (_outlook_answers, _spc_answers, _retention_answers):
        found.update(source(engagement, tr))
    out = []
    for qid in result.questions.index:
        row = result.questions.loc[qid]
        if qid in found and _needs_answer(row):
            section, text = found[qid]
            out.append(ModelAnswer(qid, _room(tr, row), text, section))
    return out


def model_answers_html(engagement: Engagement, result: DiagnosticResult, language: str | None = None,
                       answers: list[ModelAnswer] | None = None) -> safe.Markup:
    """The questions a model section answers, each beside the room's answer, under its heading (empty when
    no model section answers any)."""
    tr = tr_for(engagement, language)
    answers = model_answers(engagement, result, language) if answers is None else answers
    if not answers:
        return safe.html("")
    texts = {q.id: q.text for q in questions(bank_language(_lang(engagement, language)))}
    rows = [safe.html('<tr><td>{qid}</td><td>{question}</td><td>{room}</td><td>{answer}</td></tr>',
                      qid=a.question, question=texts[a.question], room=a.room, answer=a.answer) for a in answers]
    lead = tr._("The room did not know, or scored low, some questions that the analysis in this report "
                "answers with the client's own data:")
    head = [tr._("Id"), tr._("Question"), tr._("In the room"), tr._("What the analysis finds")]
    return heading(engagement, "answers", language) + safe.html('<p>{lead}</p><table class="cx-table cx-answers"><thead><tr>{head}</tr></thead>'
                     "<tbody>{rows}</tbody></table>", lead=lead,
                     head=safe.join(safe.html("<th>{h}</th>", h=h) for h in head), rows=safe.join(rows))


# -- actions ------------------------------------------------------------------------------------------
def actions_html(engagement: Engagement, actions: list[Action], language: str | None = None,
                 top: int = TOP_ACTIONS, answers: list[ModelAnswer] | None = None) -> safe.Markup:
    """The top actions as cards: why (the answers behind it), owner, first step, time frame, measure."""
    tr = tr_for(engagement, language)
    if not actions:
        return safe.html("<p>{text}</p>", text=tr._(
            "No area falls below 75/100 without disagreement: keep measuring and reward what works."))
    linked = {a.question: a for a in (answers or [])}
    lead = tr._("Each action is a step of the 8-step CX programme (or the business case and complaint "
                "method beside it), ranked by how far its questions fall short of full maturity, weighted "
                "up where participants disagree or do not know.")
    cards = []
    for n, action in enumerate(actions[:top], start=1):
        evidence = safe.join(safe.html("<li>{line}</li>", line=line) for line in action.evidence)
        extra = [linked[q] for q in action.questions if q in linked]
        found = safe.join(note(tr._("{qid}: {answer}").format(qid=m.question, answer=m.answer)) for m in extra)
        fields = [(tr._("Owner"), action.owner), (tr._("First step"), action.first_step),
                  (tr._("Time frame"), action.time_frame), (tr._("By then"), action.milestone),
                  (tr._("Measure of progress"), action.measure)]
        rows = safe.join(safe.html("<tr><th scope=\"row\">{k}</th><td>{v}</td></tr>", k=k, v=v) for k, v in fields)
        cards.append(safe.html(
            '<div class="cx-action"><h3 class="cx-action-title">{n}. {title} <span class="cx-priority">{priority}'
            '</span></h3><p class="cx-evidence-label">{because}</p><ul class="cx-evidence">{evidence}</ul>'
            '{found}<table class="cx-table cx-action-plan"><tbody>{rows}</tbody></table></div>',
            n=n, title=action.title, priority=tr._("priority {value}").format(value=tr.number(action.priority)),
            because=tr._("Evidence from the answers:"), evidence=evidence, found=found, rows=rows))
    return safe.html('<p>{lead}</p><div class="cx-actions">{cards}</div>', lead=lead, cards=safe.join(cards))


# -- charts ---------------------------------------------------------------------------------------------
def area_chart(engagement: Engagement, result: DiagnosticResult, language: str | None = None) -> Any:
    """The area-score chart with its caption and alt text in the client's language (for ``display``)."""
    from cxconsult.plots import diagnostic as charts
    from cxconsult.plots._base import figure

    lang = _lang(engagement, language)
    tr = translator(lang)
    names = area_labels(lang)
    ax = charts.plot_area_scores(result, colour=engagement.branding.colour, labels=names, language=lang)
    values = tr.list([tr._("{area} {score}").format(area=names[a], score=_score(tr, result.by_area[a]))
                      for a in AREAS])
    alt = tr._("Bar chart of the four area scores out of 100: {values}; maturity index {index} "
               "(dashed line).").format(values=values, index=_score(tr, result.index))
    return figure(ax, caption=tr._("Maturity score by area (0-100), with the overall index."), alt=alt)


def question_chart(engagement: Engagement, result: DiagnosticResult, language: str | None = None) -> Any:
    """Each question's score and the range of its answers, captioned."""
    from cxconsult.plots import diagnostic as charts
    from cxconsult.plots._base import figure

    lang = _lang(engagement, language)
    tr = translator(lang)
    ax = charts.plot_question_scores(result, colour=engagement.branding.colour, language=lang)
    flagged = result.disagreements
    alt = tr._("Dot chart of the twenty question scores out of 100, each with the range of its answers; no "
               "question shows strong disagreement.") if not flagged else tr.ngettext(
        "Dot chart of the twenty question scores out of 100, each with the range of its answers; {n} question "
        "with strong disagreement is in red ({ids}).",
        "Dot chart of the twenty question scores out of 100, each with the range of its answers; {n} questions "
        "with strong disagreement are in red ({ids}).", len(flagged)).format(
        n=len(flagged), ids=tr.list(flagged) or "-")
    return figure(ax, caption=tr._("Score of each question (dot) and the lowest to highest answer (grey line); "
                                   "red: the room disagrees."), alt=alt)


def role_chart(engagement: Engagement, result: DiagnosticResult, language: str | None = None) -> Any:
    """Question x role heat map, captioned."""
    from cxconsult.plots import diagnostic as charts
    from cxconsult.plots._base import figure

    lang = _lang(engagement, language)
    tr = translator(lang)
    ax = charts.plot_role_heatmap(result, language=lang)
    roles = [str(r) for r in result.by_role_question.columns]
    alt = tr._("Heat map of each question's score out of 100 by role ({roles}); green is high, red low.").format(
        roles=tr.list(roles))
    return figure(ax, caption=tr._("Score of each question by role (0-100)."), alt=alt)


# -- executive summary and appendix -------------------------------------------------------------------
def headlines(engagement: Engagement) -> list[Headline]:
    """Executive-summary figures and key messages of the diagnostic (none when there are no answers)."""
    if engagement.responses.empty:
        return []
    tr = translator(engagement.language)
    section = tr._(SECTION)
    result = score(engagement.responses)
    names = area_labels(engagement.language)
    scored = {a: result.by_area[a] for a in AREAS if not math.isnan(result.by_area[a])}
    people = tr.ngettext("{n} participant", "{n} participants", result.respondents).format(n=result.respondents)
    source = tr._("CX diagnostic: answers of {people} to the twenty questions").format(people=people)
    if not scored:
        return [Headline(section, tr._("Maturity index"), tr._("n/a"), people, source=source, rank=10,
                         message=tr._("Nobody present could answer the questions: the index cannot be scored."))]
    band = index_interval(engagement.responses)
    stage = tr._(STAGE_NAMES[maturity_stage(result.index)])
    out = [Headline(
        section, tr._("Maturity index"), tr._("{index}/100").format(index=tr.number(result.index)),
        tr._("stage “{stage}”; {low} to {high} (95% interval)").format(
            stage=stage, low=tr.number(band.low), high=tr.number(band.high)),
        message=tr._("The customer-experience maturity index is {index}/100, stage “{stage}”; with {people} it "
                     "could lie between {low} and {high}.").format(
            index=tr.number(result.index), stage=stage, people=people, low=tr.number(band.low),
            high=tr.number(band.high)),
        source=source, rank=10)]
    worst = min(scored, key=scored.get)
    best = max(scored, key=scored.get)
    out.append(Headline(
        section, tr._("Weakest area"), tr._("{area} {score}/100").format(area=names[worst],
                                                                        score=_score(tr, scored[worst])),
        tr.ngettext("{n} question with strong disagreement", "{n} questions with strong disagreement",
                    len(result.disagreements)).format(n=len(result.disagreements)),
        message=tr._("The weakest area is {worst} at {worst_score}/100, against {best_score}/100 for {best}.").format(
            worst=names[worst], worst_score=_score(tr, scored[worst]), best=names[best],
            best_score=_score(tr, scored[best])),
        source=source, rank=20))
    dk_total = sum(result.dont_know.values())
    if dk_total:
        area = max(result.dont_know, key=result.dont_know.get)
        answered = int(result.questions.loc[result.questions["area"] == area, ["n", "dont_know"]].to_numpy().sum())
        share = result.dont_know[area] / answered if answered else 0.0
        out.append(Headline(
            section, tr._("“Don't know” answers"), tr.number(dk_total),
            tr._("most in {area}").format(area=names[area]),
            message=tr._("In {area}, {share} of the answers were “don't know”: the room does not know how the "
                         "organisation performs there.").format(area=names[area], share=tr.percent(share)),
            source=source, rank=40))
    actions = recommend(result, language=engagement.language, top=1)
    if actions:
        a = actions[0]
        out.append(Headline(
            section, tr._("First priority"), a.title, tr._("owner: {owner}").format(owner=a.owner),
            message=tr._("The first priority is “{title}” (owner: {owner}; time frame: {time}).").format(
                title=a.title, owner=a.owner, time=a.time_frame),
            source=tr._("priority {value} on the diagnostic's urgency scale (questions {ids})").format(
                value=tr.number(a.priority), ids=tr.list(list(a.questions[:3]))), rank=30))
    return out


def assumptions(engagement: Engagement) -> list[Assumption]:
    """Method notes of the diagnostic for the appendix, in plain words with full references."""
    if engagement.responses.empty:
        return []
    tr = translator(engagement.language)
    section = tr._(SECTION)
    n = engagement.responses["respondent"].nunique()
    return [
        Assumption(section, tr._("Answer scale"),
                   tr._("0 not at all, 1 started, 2 partly, 3 largely, 4 fully; “don't know” allowed"),
                   tr._("Questions adapted from Barnes and Kelleher, in our own wording"), reference=BARNES_KELLEHER),
        Assumption(section, tr._("Score"),
                   tr._("The average answer divided by 4, times 100; “don't know” answers are counted but left "
                        "out of the average. The index is the average of the four area scores."),
                   tr._("Method of this report")),
        Assumption(section, tr._("Maturity stages"),
                   tr._("Not started below 12.5, starting from 12.5, developing from 37.5, established from 62.5, "
                        "embedded from 87.5: half-way between two levels of the answer scale"),
                   tr._("Method of this report, after the answer scale"), reference=BARNES_KELLEHER),
        Assumption(section, tr._("Uncertainty of the index"),
                   tr.ngettext("95% percentile bootstrap interval: the {n} participant resampled 4,000 times "
                               "with replacement (fixed seed)",
                               "95% percentile bootstrap interval: the {n} participants resampled 4,000 times "
                               "with replacement (fixed seed)", n).format(n=n),
                   tr._("Efron and Tibshirani"), reference=EFRON_TIBSHIRANI),
        Assumption(section, tr._("Disagreement"),
                   tr._("A question on which the answers' standard deviation is one full level of the 0-4 scale "
                        "or more"),
                   tr._("Method of this report")),
        Assumption(section, tr._("Order of the actions"),
                   tr._("Gap to full maturity, raised by up to half where the room disagrees, plus up to 50 "
                        "points when everybody answered “don't know”; the finance questions F2-F5 lead to the "
                        "return-on-CX business case"),
                   tr._("Method of this report")),
    ]


# -- the practice benchmark ------------------------------------------------------------------------------

#: Sector names (keys of ``cxconsult.benchmark.SECTORS``) as the report says them.
SECTOR_NAMES = {"banking": N_("banking"), "insurance": N_("insurance"), "telecom": N_("telecommunications"),
                "utilities": N_("energy and water utilities"), "retail": N_("retail"),
                "hospitality": N_("hospitality"), "software": N_("software"), "healthcare": N_("healthcare"),
                "public_sector": N_("public sector"), "transport": N_("transport"),
                "manufacturing": N_("manufacturing"), "other": N_("other sectors")}
BENCHMARK_NOTE = N_("Percentile rank: the share of the practice's other engagements scoring lower, plus half of "
                    "those scoring the same (0-100). A percentile is given only when at least {min} other "
                    "engagements are behind it; the number in brackets says how many are. The benchmark is "
                    "anonymised: sector, size band, year and scores only, no names.")


def benchmark_position(engagement: Engagement, result: DiagnosticResult, benchmark_path: str) -> Position | None:
    """Where this engagement's index and areas stand in the benchmark file ``benchmark_path`` (None when
    no file is given or the index is not scored)."""
    if not benchmark_path or math.isnan(result.index):
        return None
    scores = {"index": float(result.index), **{a: float(result.by_area[a]) for a in AREAS}}
    profile = engagement.profile
    return position(load_benchmark(benchmark_path), scores, sector=profile.sector if profile else "",
                    size_band=profile.size_band if profile else "", year=engagement.date.year)


def size_band_name(band: str, language: str = "en") -> str:
    """A size band (``cxconsult.benchmark.SIZE_BANDS`` key) in words: "1,000 to 4,999 employees"."""
    tr = translator(language)
    low, high = next((lo, hi) for key, lo, hi in SIZE_BANDS if key == band)
    if low <= 1:
        return tr._("fewer than {n} employees").format(n=tr.number(high + 1))
    if high is None:
        return tr._("{n} employees or more").format(n=tr.number(low))
    return tr._("{low} to {high} employees").format(low=tr.number(low), high=tr.number(high))


def _group_sentence(tr: Translator, standing: Standing, language: str) -> str:
    if standing.group == "all":
        if standing.shown:
            return tr.ngettext(
                "The maturity index stands at percentile {p} among {n} other engagement of the practice.",
                "The maturity index stands at percentile {p} among {n} other engagements of the practice.",
                standing.peers).format(p=tr.number(standing.percentile), n=standing.peers)
        return tr.ngettext(
            "The practice benchmark holds {n} other engagement: too few for a percentile.",
            "The practice benchmark holds {n} other engagements: too few for a percentile.",
            standing.peers).format(n=standing.peers)
    if standing.group == "sector":
        sector = tr._(SECTOR_NAMES.get(standing.label, standing.label))
        if standing.shown:
            return tr.ngettext(
                "In the same sector ({sector}), it stands at percentile {p} among {n} other engagement.",
                "In the same sector ({sector}), it stands at percentile {p} among {n} other engagements.",
                standing.peers).format(sector=sector, p=tr.number(standing.percentile), n=standing.peers)
        return tr.ngettext(
            "In the same sector ({sector}) there is {n} other engagement: too few for a percentile.",
            "In the same sector ({sector}) there are {n} other engagements: too few for a percentile.",
            standing.peers).format(sector=sector, n=standing.peers)
    size = size_band_name(standing.label, language)
    if standing.shown:
        return tr.ngettext(
            "Among organisations of the same size ({size}), it stands at percentile {p} among {n} other "
            "engagement.",
            "Among organisations of the same size ({size}), it stands at percentile {p} among {n} other "
            "engagements.", standing.peers).format(size=size, p=tr.number(standing.percentile), n=standing.peers)
    return tr.ngettext(
        "Among organisations of the same size ({size}) there is {n} other engagement: too few for a percentile.",
        "Among organisations of the same size ({size}) there are {n} other engagements: too few for a "
        "percentile.", standing.peers).format(size=size, n=standing.peers)


def _rank_cell(tr: Translator, standing: Standing | None) -> safe.Markup:
    if standing is None:
        return safe.html('<td class="cx-num">&ndash;</td>')
    rank = tr.number(standing.percentile) if standing.shown else "\u2013"
    return safe.html('<td class="cx-num">{text}</td>', text=tr._("{rank} ({n})").format(rank=rank, n=standing.peers))


def benchmark_html(engagement: Engagement, standing: Position | None, language: str | None = None) -> safe.Markup:
    """Heading, where the index stands (overall, in its sector, in its size band, with how many
    engagements are behind each) and a table of the index and areas; empty without a benchmark."""
    if standing is None:
        return safe.html("")
    lang = _lang(engagement, language)
    tr = tr_for(engagement, language)
    sentences = [_group_sentence(tr, s, lang) for s in standing.standings if s.measure == "index"]
    names = {"index": tr._("Maturity index"), **area_labels(lang)}
    groups = [("all", tr._("All engagements")), ("sector", tr._("Same sector")), ("size_band", tr._("Same size"))]
    groups = [(g, label) for g, label in groups if standing.get(g) is not None]
    rows = [safe.html('<tr><th scope="row">{name}</th><td class="cx-num">{score}</td>{cells}</tr>',
                      name=names[m], score=_score(tr, standing.get("all", m).score),
                      cells=safe.join(_rank_cell(tr, standing.get(g, m)) for g, _ in groups))
            for m in MEASURES]
    table = safe.html('<table class="cx-table cx-benchmark"><thead><tr><th>{area}</th><th>{score}</th>{heads}'
                      "</tr></thead><tbody>{rows}</tbody></table>", area=tr._("Area"), score=tr._("Score (0-100)"),
                      heads=safe.join(safe.html("<th>{label}</th>", label=label) for _, label in groups),
                      rows=safe.join(rows))
    return safe.join([heading(engagement, "benchmark", language),
                      safe.html("<p>{text}</p>", text=" ".join(sentences)), table,
                      safe.html('<p class="cx-source">{text}</p>',
                                text=tr._(BENCHMARK_NOTE).format(min=standing.min_peers))])
