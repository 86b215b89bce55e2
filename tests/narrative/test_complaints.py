"""The complaints section's words: each number next to its label, worked by hand on a seven-case log, in
English, French and Chinese; client values escaped; the cost of complaints is the retention section's line.

The hand-made log (business hours round the clock, so business hours are calendar hours; export
2026-03-10 12:00 UTC; standards: phone 2 h / 24 h, e-mail 24 h / 48 h for first response / resolution;
30 minutes a contact at 40 an hour)::

    case  channel opened       first reply  resolved     recontacts credit team root cause (category)
    1     phone   03-01 09:00  09:30        09:30        0          0      A    Billing (Money)
    2     phone   03-02 09:00  10:00        19:00        1          0      A    Billing (Money)
    3     phone   03-03 09:00  12:00        03-04 21:00  0          20.50  A    Network (Service)
    4     phone   03-10 06:00  -            - (open)     0          0      B    Billing (Money)
    5     email   03-01 08:00  20:00        03-02 08:00  0          0      B    Delivery (Service)
    6     email   03-05 12:00  03-06 12:00  - (open)     0          0      B    Network (Service)
    7     phone   03-04 09:00  10:00        11:00        0          0      B    Billing (Money)

Resolution times, phone: 0.5, 2, 10, 36 h done and case 4 open for 6 h (censored). Kaplan-Meier: after
0.5 h S = 4/5, after 2 h S = 4/5 x 3/4 = 0.6; case 4 leaves the risk set at 6 h; after 10 h S = 0.6 x 1/2
= 0.3; so the share within 24 h is 1 - 0.3 = 70% (leaving the open case out would say 3/4 = 75%,
counting it as late 3/5 = 60%); median 10 h (first time F >= 50%), 90th percentile 36 h.
All channels, each case against its own channel's standard (time / standard): 0.021, 0.083, 0.25
(censored), 0.417, 0.5, 1.5, 2.5 (censored); S(1) = 6/7 x 5/6 x 3/4 x 2/3 = 5/14, share 9/14 = 64%.
First-contact resolution: of the five closed cases only case 1 was solved by its first reply with no
recontact: 1/5 = 20%; recontact rate 1/7 = 14%. Pareto: Billing 4/7 = 57%, Network 2/7 (86% cumulative),
Delivery 1/7: two causes make up 86%. Cost: 8 contacts x 30 min = 4 h x 40 = 160, + 20.50 credit =
180.50, 25.79 a case; over 9 days 4 hours (03-01 08:00 to the export) that is 180.50 x 365.25 / 9.1667
= 7,192 a year. RESOLVED (R, O): team A R 3/3, O 1/3 (coach O); team B R 2/3, O 2/3 (coach R, the
first of a tie); O across teams (1/3 + 2/3) / 2 = 50%.
"""

from __future__ import annotations

import html
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cxconsult.engagement import load_engagement
from cxconsult.i18n import translator
from cxconsult.narrative import complaints as story
from cxconsult.narrative import summary

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "engagements"

LOG = """\
Ticket,Created,First Reply,Solved,Channel,Category,Root cause,Reopens,Credit,Group,Check R,Check O
1,2026-03-01 09:00,2026-03-01 09:30,2026-03-01 09:30,Phone,Money,Billing,0,,A,yes,no
2,2026-03-02 09:00,2026-03-02 10:00,2026-03-02 19:00,Phone,Money,Billing,1,,A,yes,no
3,2026-03-03 09:00,2026-03-03 12:00,2026-03-04 21:00,Phone,Service,Network,0,20.50,A,yes,yes
4,2026-03-10 06:00,,,Phone,Money,Billing,0,,B,yes,yes
5,2026-03-01 08:00,2026-03-01 20:00,2026-03-02 08:00,E-mail,Service,Delivery,0,,B,no,yes
6,2026-03-05 12:00,2026-03-06 12:00,,E-mail,Service,Network,0,,B,,
7,2026-03-04 09:00,2026-03-04 10:00,2026-03-04 11:00,Phone,Money,Billing,0,,B,yes,no
"""

SECTION = """\
files: [log.csv]
timezone: UTC
export_date: 2026-03-10T12:00
business_hours: {days: [mon, tue, wed, thu, fri, sat, sun], start: "00:00", end: "24:00"}
standards:
  first_response_h: {phone: 2, email: 24}
  resolution_h: {phone: 24, email: 48}
  clock: business
  followup_h: 48
cost: {handling_minutes: {default: 30}, cost_per_hour: 40}
columns: {case_id: Ticket, opened: Created, first_response: First Reply, resolved: Solved, channel: Channel,
          category: Category, root_cause: Root cause, recontacts: Reopens, compensation: Credit, team: Group}
channels: {Phone: phone, E-mail: email}
resolved_steps: {R: Check R, O: Check O}
"""


def make_engagement(folder: Path, language: str = "en", log: str = LOG) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "engagement.yaml").write_text(textwrap.dedent(f"""\
        client: Hand-made Ltd
        date: 2026-03-12
        language: {language}
        currency: EUR
        complaints: complaints.yaml
        """), encoding="utf-8")
    (folder / "complaints.yaml").write_text(SECTION, encoding="utf-8")
    (folder / "log.csv").write_text(log, encoding="utf-8")
    (folder / "responses.csv").write_text("respondent,role,question,answer\n", encoding="utf-8")
    return folder


def text(markup) -> str:
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(re.sub(r"<[^>]+>", " ", str(markup)))).strip()


def rows(markup, css: str) -> dict[str, list[str]]:
    """A table's body rows by their first cell: {first cell: [other cells]}."""
    table = BeautifulSoup(str(markup), "html.parser").select(f"table.{css}")
    out = {}
    for t in table:
        for tr in t.select("tbody tr"):
            cells = [td.get_text(" ", strip=True) for td in tr.select("td")]
            out.setdefault(cells[0], cells[1:])
    return out


@pytest.fixture(scope="module", params=["en", "fr", "zh"])
def hand(request, tmp_path_factory):
    folder = make_engagement(tmp_path_factory.mktemp(f"hand-{request.param}") / "hand", request.param)
    engagement = load_engagement(folder)
    return engagement, story.analysis(engagement), translator(request.param)


def test_share_within_standard_median_and_p90_by_channel(hand):
    engagement, a, tr = hand
    body = story.times_html(engagement, a)
    # resolution is the second table; the first is first response
    tables = BeautifulSoup(str(body), "html.parser").select("table.cx-complaints-times")
    resolution = rows(tables[1], "cx-complaints-times")
    phone = resolution[story.channel_label(tr, "phone")]
    # cells: cases, still open, standard, share within standard, median, 90th percentile
    assert phone == [tr.number(5), tr.number(1), story.hours(tr, 24), tr.percent(0.7, 0), story.hours(tr, 10),
                     story.hours(tr, 36)]
    assert phone[3] != tr.percent(0.75, 0) and phone[3] != tr.percent(0.6, 0)  # open case neither dropped nor late
    everyone = resolution[story.channel_label(tr, "all")]
    assert everyone[3] == tr.percent(9 / 14, 0) == {"en": "64%", "fr": "64\u00a0%", "zh": "64%"}[tr.language]
    email = resolution[story.channel_label(tr, "email")]
    assert email[:4] == [tr.number(2), tr.number(1), story.hours(tr, 48), tr.percent(0.5, 0)]
    # the headers say what each number is
    headers = [th.get_text(strip=True) for th in tables[1].select("th")]
    assert headers[4] == tr._("Share within standard")
    if tr.language == "en":
        assert headers == ["Channel", "Cases", "Still open", "Standard", "Share within standard", "Median",
                           "90th percentile"]
        words = text(body)
        assert "Cases still open on the export date are not left out and not counted as finished" in words
        assert "Resolution: E-mail is furthest from its standard of 48 h: 50% of cases within it." in words
    if tr.language == "fr":
        assert headers[4] == "Part dans l'engagement" and phone[2] == "24\u00a0h"
    if tr.language == "zh":
        assert headers[4] == "达标占比" and story.channel_label(tr, "phone") == "电话"


def test_fcr_recontacts_pareto_and_cost_sentences(hand):
    engagement, a, tr = hand
    fcr = text(story.fcr_html(engagement, a))
    pareto = story.pareto_html(engagement, a)
    cost = text(story.cost_html(engagement, a))
    yearly = 180.5 * 365.25 / (9 + 4 / 24)
    assert story.yearly_cost(a) == pytest.approx(yearly)
    if tr.language == "en":
        assert fcr.startswith("20% of closed complaints were resolved at the first contact")
        assert "14% of all complaints brought the customer back at least once" in fcr
        assert text(pareto).startswith("2 root causes account for 86% of complaints: Billing and Network.")
        assert "Over the 9 days the log covers, complaints cost €180: 4 hours of staff time (€160," in cost
        assert "and €20 of credits and compensation, or €25.79 per complaint" in cost
        assert "At 279 complaints a year, that is €7,192 a year" in cost
    if tr.language == "fr":
        assert fcr.startswith("20\u00a0% des réclamations clôturées ont été résolues dès le premier contact")
        assert text(pareto).startswith("2\u00a0causes profondes expliquent 86\u00a0% des réclamations : Billing et "
                                       "Network.") or text(pareto).startswith(
            "2 causes profondes expliquent 86\u00a0% des réclamations : Billing et Network.")
        assert f"cela fait {tr.money(yearly, 'EUR', 0)} par an" in cost
    if tr.language == "zh":
        assert fcr.startswith("20% 的已关闭投诉在首次接触时即已解决")
        assert "2 个根本原因占投诉的 86%" in text(pareto)
        assert tr.money(yearly, "EUR", 0) in cost
    table = rows(pareto, "cx-complaints-pareto")
    # root cause -> category, cases, share, cumulative share
    assert table["Billing"] == ["Money", tr.number(4), tr.percent(4 / 7, 0), tr.percent(4 / 7, 0)]
    assert table["Network"] == ["Service", tr.number(2), tr.percent(2 / 7, 0), tr.percent(6 / 7, 0)]


def test_scorecard_by_team_names_the_step_to_coach(hand):
    engagement, a, tr = hand
    body = story.scorecard_html(engagement, a)
    table = rows(body, "cx-complaints-scorecard")
    # team -> cases, checked, R, O, step to coach
    assert table["A"] == [tr.number(3), tr.number(3), tr.percent(1.0, 0), tr.percent(1 / 3, 0),
                          story.step_label(tr, "O")]
    assert table["B"] == [tr.number(4), tr.number(3), tr.percent(2 / 3, 0), tr.percent(2 / 3, 0),
                          story.step_label(tr, "R")]
    if tr.language == "en":
        assert "Across teams, the step skipped most is O · Be open to the customer's own solution: done in only " \
               "50% of the cases checked." in text(body)
    if tr.language == "fr":
        assert f"l'étape la plus souvent sautée est {story.step_label(tr, 'O')}" in text(body)
        assert story.step_label(tr, 'O').startswith("O · Être ouvert à la solution")


def test_source_line_names_the_export_its_date_and_cases(hand):
    engagement, a, tr = hand
    expected = {"en": "Source: the complaint log export (log.csv) of March 10, 2026, 7 cases",
                "fr": "Source\u00a0: l'export du registre des réclamations (log.csv) du 10 mars 2026, 7 dossiers",
                "zh": "2026年3月10日 导出的投诉记录（log.csv），共 7 个案例"}[tr.language]
    for block in (story.overview_html, story.times_html, story.fcr_html, story.pareto_html, story.scorecard_html,
                  story.closed_loop_html, story.cost_html):
        sources = BeautifulSoup(str(block(engagement, a)), "html.parser").select("p.cx-source")
        assert len(sources) == 1 and expected in text(sources[0]), block.__name__
    for headline in story.headlines(engagement):
        assert headline.source == story.source_text(engagement, a)


def test_no_feedback_no_closed_loop_and_no_retention_claim(hand):
    engagement, a, tr = hand
    assert a.closed_loop is None
    loop = text(story.closed_loop_html(engagement, a))
    assert tr._("The engagement has no survey answers linked to complaints, so the closed loop cannot be "
                "measured yet.") in loop
    assert story.retention_line(engagement, a) is None  # no retention section: no cross-reference
    assert tr._("Retention economics") not in text(story.cost_html(engagement, a))


def test_headlines_and_appendix_in_plain_words(hand):
    engagement, a, tr = hand
    items = {h.label: h for h in story.headlines(engagement)}
    within = items[tr._("Complaints resolved within the standard")]
    assert within.value == tr.percent(9 / 14, 0) and within.section == tr._("Complaints and the closed loop")
    assert items[tr._("Resolved at first contact")].value == tr.percent(0.2, 0)
    assert items[tr._("Yearly cost of complaints")].value == tr.money(180.5 * 365.25 / (9 + 4 / 24), "EUR", 0)
    appendix = " ".join(f"{x.name} {x.value} {x.source} {x.reference}" for x in story.assumptions(engagement))
    assert "Kaplan" in appendix and "Barnes" in appendix
    for code in ("share_within", "KM", "S(t)", "=", "step_", "yearly_total"):
        assert code not in appendix, code
    if tr.language == "en":
        assert "counted for as long as they were seen open, neither left out nor counted as finished" in appendix
        assert "30 min by default" in appendix and "€40.00" in appendix


def test_client_values_are_escaped(tmp_path):
    hostile = {"team": "<script>alert(1)</script>", "root": "<img src=x onerror=alert(2)>",
               "category": "<b onmouseover=alert(3)>Money</b>"}
    log = LOG.replace(",A,", f",\"{hostile['team']}\",", 1).replace("Billing", f"\"{hostile['root']}\"", 1) \
        .replace("Money", f"\"{hostile['category']}\"", 1)
    engagement = load_engagement(make_engagement(tmp_path / "evil", log=log))
    a = story.analysis(engagement)
    out = "".join(str(f(engagement, a)) for f in (story.overview_html, story.times_html, story.fcr_html,
                                                   story.pareto_html, story.scorecard_html, story.closed_loop_html,
                                                   story.cost_html))
    out += str(summary.executive_summary_html(engagement)) + str(summary.appendix_html(engagement))
    assert hostile["root"] in {r.root_cause for r in a.pareto.itertuples()}  # the value did reach the section
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "<img" not in out and "&lt;img src=x onerror=alert(2)&gt;" in out
    assert "<b onmouseover" not in out and "&lt;b onmouseover=alert(3)&gt;" in out


@pytest.fixture(scope="module")
def aurora():
    engagement = load_engagement(SAMPLES / "aurora-telecom")
    return engagement, story.analysis(engagement)


def test_cost_sentence_is_the_retention_sections_number(aurora):
    """Aurora has both sections: the complaints cost sentence and the retention section's cost-of-poor-service
    line hold the same yearly figure, and the sentence names that section and line."""
    from cxconsult.narrative import retention

    engagement, a = aurora
    r = retention.analysis(engagement)
    line = story.retention_line(engagement, a)
    assert line is not None, [(i.item, i.cost_per_year) for i in r.poor_service.items]
    assert line.cost_per_year == pytest.approx(story.yearly_cost(a), abs=0.005)
    tr = translator("en")
    amount = tr.money(story.yearly_cost(a), "EUR", 0)
    cost = text(story.cost_html(engagement, a))
    assert f"that is {amount} a year" in cost
    assert f"The section “Retention economics” counts this same {amount} a year in the cost of poor service " \
           f"(line “{line.item}”)" in cost
    from cxconsult.sections.retention import COMPLAINTS_ITEM

    assert line.item == COMPLAINTS_ITEM == story.RETENTION_LINE  # the name the catalogs translate
    fr = translator("fr")
    assert fr._(story.RETENTION_LINE).startswith("Réclamations traitées")
    table = text(retention.poor_service_table_html(r, tr))  # the retention table rounds it its own way
    assert f"{line.item} " in table and retention.money(tr, story.yearly_cost(a), "EUR") in table


def test_closed_loop_on_the_sample(aurora):
    engagement, a = aurora
    loop = a.closed_loop
    assert loop is not None and loop.detractors > 0
    tr = translator("en")
    body = story.closed_loop_html(engagement, a)
    words = text(body)
    assert f"{tr.number(loop.detractors)} customers gave a detractor's score (0 to 6)" in words
    assert (f"{tr.number(loop.followed_up)} of them had a follow-up case, {tr.number(loop.within_standard)} within "
            f"the standard of 48 h: {tr.percent(loop.share_within, 0)} of detractors followed up in time") in words
    outcomes = rows(body, "cx-complaints-outcomes")
    done = loop.outcomes[loop.outcomes["case_id"] != ""]
    top = done["outcome"].value_counts()
    name = top.index[0]
    assert outcomes[name] == [tr.number(top.iloc[0]), tr.percent(top.iloc[0] / len(done), 0)]


def test_summary_carries_the_section(aurora):
    engagement, a = aurora
    sections = {h.section for h in summary.headlines(engagement)}
    assert "Complaints and the closed loop" in sections
    appendix = str(summary.appendix_html(engagement))
    assert "Kaplan, E. L. &amp; Meier, P. (1958)" in appendix


def test_french_sample_reads_french():
    engagement = load_engagement(SAMPLES / "lumiere-energie")
    a = story.analysis(engagement)
    assert str(story.heading(engagement, "title", 1)) == '<h1 class="cx-heading">Réclamations et boucle de retour</h1>'
    words = " ".join(text(f(engagement, a)) for f in (story.overview_html, story.times_html, story.fcr_html,
                                                       story.pareto_html, story.scorecard_html, story.cost_html))
    assert "Source\u00a0: l'export du registre des réclamations" in words
    assert "réclamations clôturées ont été résolues dès le premier contact" in words
    for english in ("Source:", "Share within standard", "complaints cost", "Phone", "Median", "root cause"):
        assert english not in words, english
