"""The progress section's words: numbers next to their labels, "significant" only when the interval excludes
0, the action log's statuses beside the change of what each action targets, hostile notes escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cxconsult import load_engagement
from cxconsult.diagnostic import compare
from cxconsult.narrative import progress, summary
from cxconsult.reports import applicable_sections

HEADER = "respondent,role,question,answer\n"
# The hand-worked waves of tests/diagnostic/test_compare.py: each of the same three people one level higher
# on every answer. People 11/6 x 25 = 45.8 -> 17/6 x 25 = 70.8 (+25.0); customers 37.5 -> 62.5; index
# 41.7 -> 66.7; the paired interval of every change is exactly +25 to +25.
EARLIER = "Ana,Staff,P1,0\nAna,Staff,P2,1\nAna,Staff,C1,2\nBea,Staff,P1,2\nBea,Staff,P2,2\nBea,Staff,C1,dk\n" \
          "Caio,Staff,P1,3\nCaio,Staff,P2,3\nCaio,Staff,C1,1\n"
LATER = "Ana,Staff,P1,1\nAna,Staff,P2,2\nAna,Staff,C1,3\nBea,Staff,P1,3\nBea,Staff,P2,3\nBea,Staff,C1,dk\n" \
        "Caio,Staff,P1,4\nCaio,Staff,P2,4\nCaio,Staff,C1,2\n"
HOSTILE = '<script>alert("x")</script>'


def make(tmp_path: Path, actions: str, language: str = "en") -> Path:
    folder = tmp_path / "acme"
    folder.mkdir()
    (folder / "engagement.yaml").write_text(
        f"client: Acme\ndate: 2026-06-30\nlanguage: {language}\nintake:\n  responses: responses.csv\n"
        "  wave: Now\n  waves:\n    - {label: Then, date: 2025-12-01, responses: then.csv}\n"
        "  actions: actions.csv\n", encoding="utf-8")
    (folder / "responses.csv").write_text(HEADER + LATER, encoding="utf-8")
    (folder / "then.csv").write_text(HEADER + EARLIER, encoding="utf-8")
    (folder / "actions.csv").write_text("action,status,date,owner,note\n" + actions, encoding="utf-8")
    return folder


ACTIONS = ("customer_feedback,started,2026-01-10,Ana,Survey drafted\n"
           "customer_feedback,done,2026-03-02,Ana,Survey live at every touchpoint\n"
           "business_case,planned,,Finance,Next budget\n")


def _rows(html: str, css: str) -> dict[str, list[str]]:
    table = BeautifulSoup(html, "html.parser").select_one(f"table.{css}")
    return {tr.find_all("td")[0].get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")[1:]]
            for tr in table.select("tbody tr")}


def test_area_table_shows_each_number_next_to_its_label(tmp_path):
    """Hand-worked: People 45.8 -> 70.8, +25.0, interval +25.0 to +25.0 (paired), improved; processes and
    finance have no answers (n/a)."""
    engagement = load_engagement(make(tmp_path, ACTIONS))
    rows = _rows(str(progress.moved_html(engagement)), "cx-progress")
    assert rows["People"] == ["45.8", "70.8", "+25.0", "+25.0 to +25.0", "improved"]
    assert rows["Customers"] == ["37.5", "62.5", "+25.0", "+25.0 to +25.0", "improved"]
    assert rows["Maturity index"] == ["41.7", "66.7", "+25.0", "+25.0 to +25.0", "improved"]
    assert rows["Finance"] == ["n/a", "n/a", "n/a", "n/a", "n/a"]
    overview = BeautifulSoup(str(progress.overview_html(engagement)), "html.parser").get_text(" ")
    assert "went from 41.7 to 66.7 (+25.0 points; 95% interval +25.0 to +25.0): improved" in overview
    assert "The same 3 people answered both times" in overview


def test_a_change_within_its_interval_is_no_clear_change(sample_path):
    """Aurora: every area row says "improved"/"declined" exactly when the comparison's interval excludes 0."""
    engagement = load_engagement(sample_path)
    result = progress.comparison(engagement)
    rows = _rows(str(progress.moved_html(engagement, result)), "cx-progress")
    names = {"People": "people", "Processes & technology": "process_technology", "Customers": "customers",
             "Finance": "finance"}
    verdicts = set()
    for label, area in names.items():
        c = result.area(area)
        expected = {"up": "improved", "down": "declined", "flat": "no clear change"}[c.direction]
        assert rows[label][4] == expected
        assert rows[label][2] == f"{c.change:+.1f}"
        verdicts.add(expected)
    assert {"improved", "no clear change"} <= verdicts  # the sample's story: some moved, some did not


def test_actions_show_the_furthest_status_and_the_change_of_what_they_target(tmp_path):
    """customer_feedback targets C1, C2, C3 and F5; only C1 was answered: +25.0, up. Its log has two rows:
    the furthest status (done, 2 March 2026) is shown. The business case (F2-F5, unanswered) is planned."""
    engagement = load_engagement(make(tmp_path, ACTIONS))
    html = str(progress.actions_html(engagement))
    rows = _rows(html, "cx-actions-taken")
    feedback = rows["Step 5: Customer feedback"]
    assert feedback[0] == "done on Mar 2, 2026"
    assert feedback[1:4] == ["Ana", "Survey live at every touchpoint", "C1, C2, C3, F5"]
    assert feedback[4] == "+25.0 up: C1"
    business = rows["Return-on-CX business case"]
    assert business[0].startswith("planned") and business[4] == "n/a none beyond its interval"
    outcomes = progress.outcomes(engagement)
    on_roadmap = [o for o in outcomes if o.on_roadmap]
    taken = sum(o.taken for o in on_roadmap)
    assert f"{taken} of the {len(on_roadmap)} actions of the last roadmap were started or done." in html


def test_hostile_owners_and_notes_are_escaped(tmp_path):
    actions = f'customer_feedback,done,2026-03-02,"{HOSTILE.replace(chr(34), chr(34) * 2)}",' \
              f'"<img src=x onerror=alert(1)> & {HOSTILE.replace(chr(34), chr(34) * 2)}"\n'
    engagement = load_engagement(make(tmp_path, actions))
    html = str(progress.actions_html(engagement))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt; &amp;" in html
    cell = _rows(html, "cx-actions-taken")["Step 5: Customer feedback"]
    assert cell[1] == HOSTILE  # the text survives, as text


def test_hostile_wave_labels_are_escaped(tmp_path):
    folder = make(tmp_path, ACTIONS)
    text = (folder / "engagement.yaml").read_text().replace("wave: Now", "wave: '<b>Now</b>'").replace(
        "label: Then", "label: '<i>Then</i>'")
    (folder / "engagement.yaml").write_text(text)
    engagement = load_engagement(folder)
    html = str(progress.moved_html(engagement)) + str(progress.overview_html(engagement))
    assert "<b>" not in html and "&lt;b&gt;Now&lt;/b&gt;" in html and "&lt;i&gt;Then&lt;/i&gt;" in html
    page = str(summary.executive_summary_html(engagement))
    assert "<i>" not in page and "Index change since &lt;i&gt;Then&lt;/i&gt;" in page


def test_headlines_put_the_index_change_next_to_its_label(sample_path):
    engagement = load_engagement(sample_path)
    result = compare(*engagement.waves)
    cards = BeautifulSoup(str(summary.executive_summary_html(engagement)), "html.parser")
    labels = {c.select_one(".cx-card-label").get_text(strip=True): c.select_one(".cx-card-value").get_text(strip=True)
              for c in cards.select(".cx-card")}
    assert labels["Index change since 2026 H1"] == f"{result.index.change:+.1f} points"
    messages = [m for m, _ in summary.key_messages(engagement)]
    expected = f"Since 2026 H1, the maturity index moved {result.index.change:+.1f} points"
    assert any(m.startswith(expected) for m in messages)


def test_one_wave_gives_no_section_and_says_why(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    (folder / "engagement.yaml").write_text("client: One\ndate: 2026-01-01\n")
    (folder / "responses.csv").write_text(HEADER + LATER)
    engagement = load_engagement(folder)
    assert progress.comparison(engagement) is None and progress.headlines(engagement) == []
    assert progress.assumptions(engagement) == [] and progress.outcomes(engagement) == []
    run, left_out = applicable_sections(engagement)
    assert "progress" not in [s.key for s in run]
    assert any("one diagnostic wave only" in line for line in left_out)


def test_two_waves_place_progress_right_after_the_diagnostic(sample_path):
    run, _ = applicable_sections(load_engagement(sample_path))
    keys = [s.key for s in run]
    assert keys[keys.index("intake") + 1] == "progress"


@pytest.mark.parametrize(("language", "title", "verdict"), [
    ("fr", "Progrès depuis le dernier diagnostic", "en progrès"),
    ("pt-BR", "Avanços desde o último diagnóstico", "melhorou"),
    ("zh", "自上次诊断以来的进展", "有所改善"),
    ("ru", "Прогресс с прошлой диагностики", "улучшение"),
])
def test_words_are_in_the_client_language(tmp_path, language, title, verdict):
    engagement = load_engagement(make(tmp_path, ACTIONS, language))
    assert title in str(progress.heading(engagement, "title"))
    assert verdict in str(progress.moved_html(engagement))


def test_the_hostile_fixture_renders_every_payload_as_text():
    """tests/fixtures/hostile/hostile-corp (build.py): payloads in wave labels, the earlier wave's people and
    roles, and the action log's owners and notes."""
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "hostile" / "hostile-corp"
    engagement = load_engagement(folder)
    assert len(engagement.waves) == 2 and engagement.actions
    page = "".join(str(part) for part in (
        progress.overview_html(engagement), progress.moved_html(engagement), progress.actions_html(engagement),
        summary.executive_summary_html(engagement), summary.appendix_html(engagement)))
    for tag in ("<script", "<img", "<i ", "<b ", "<a href"):
        assert tag not in page, tag
    assert "cx-injected:action-note-0" in page and "cx-injected:wave" in page  # shown, as text
