"""The sample report printed to PDF by chromium (Playwright ``page.pdf``) and WeasyPrint: a sane page
count, no heading (or card label) alone at a page foot, every chart with its caption and alt text.

A heading "alone at the foot" is a page whose last text line is a heading of the report (an ``<h1>``,
``<h2>`` or ``<h3>`` of the HTML, printed larger than body text) or a headline card's label: what should
follow it went to the next page. Lines and font sizes come from pdfplumber.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cxconsult.reports import run_engagement

pdfplumber = pytest.importorskip("pdfplumber")
weasyprint = pytest.importorskip("weasyprint")

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "engagements" / "aurora-telecom"
BODY_MAX_PT = 11.5  # body text, tables and captions print at 9.5-10.8 pt; headings at 12.5 pt and more
PAGES = (12, 90)    # the sample report is about 60-70 A4 pages (nine sections); far outside means a broken print layout


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ")).strip()


@pytest.fixture(scope="module")
def printed(tmp_path_factory, browser):
    """The sample report's HTML and its two PDFs (made once for the module, in the suite's one browser)."""
    out = tmp_path_factory.mktemp("print")
    html_path = run_engagement(SAMPLE, out).html
    pdfs = {"weasyprint": html_path.with_suffix(".weasyprint.pdf"), "chromium": html_path.with_suffix(".chromium.pdf")}
    weasyprint.HTML(filename=str(html_path)).write_pdf(str(pdfs["weasyprint"]))
    context = browser.new_context()
    page = context.new_page()
    page.goto(html_path.as_uri())
    page.pdf(path=str(pdfs["chromium"]), format="A4", print_background=True, prefer_css_page_size=True)
    context.close()
    return html_path.read_text(encoding="utf-8"), pdfs


def _pages(path: Path) -> list[list[tuple[str, float]]]:
    """Each page's text lines with the largest font size on the line (pt)."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            lines = page.extract_text_lines()
            pages.append([(_norm(line["text"]), max(c["size"] for c in line["chars"])) for line in lines])
    return pages


def _headings_and_labels(html: str) -> tuple[set[str], set[str]]:
    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup.body
    cover = soup.select_one(".cx-cover")
    headings = {_norm(h.get_text(" ")) for h in main.find_all(["h1", "h2", "h3"])
                if not (cover and cover in h.parents)}
    labels = {_norm(c.get_text(" ")) for c in soup.select(".cx-card-label")}
    return {h for h in headings if h}, {label for label in labels if label}


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
def test_page_count_in_a_sane_range(printed, engine):
    _, pdfs = printed
    count = len(_pages(pdfs[engine]))
    assert PAGES[0] <= count <= PAGES[1], f"{engine}: {count} pages"


def test_both_engines_agree_roughly(printed):
    _, pdfs = printed
    chromium, weasy = len(_pages(pdfs["chromium"])), len(_pages(pdfs["weasyprint"]))
    assert abs(chromium - weasy) <= 0.3 * max(chromium, weasy), (chromium, weasy)


@pytest.mark.parametrize("engine", ["chromium", "weasyprint"])
def test_no_heading_or_card_label_alone_at_a_page_foot(printed, engine):
    html, pdfs = printed
    headings, labels = _headings_and_labels(html)
    assert len(headings) >= 15  # the check below has headings to look for
    alone = []
    for number, lines in enumerate(_pages(pdfs[engine]), start=1):
        if not lines or number == 1:  # the cover lists the section titles on purpose
            continue
        text, size = lines[-1]
        is_heading = size > BODY_MAX_PT and any(text and (h == text or h.startswith(text)) for h in headings)
        is_label = any(label == text for label in labels)
        if is_heading or is_label:
            alone.append((number, text))
    assert not alone, f"{engine}: heading or card label alone at the foot of page(s) {alone}"


def test_every_chart_has_a_caption_and_alt_text(printed):
    html, pdfs = printed
    soup = BeautifulSoup(html, "html.parser")
    images = [img for img in soup.select("main img, body img") if "cx-logo" not in (img.get("class") or [])]
    assert len(images) >= 8
    captions = []
    for img in images:
        alt = img.get("alt", "")
        assert alt and "No description has been provided" not in alt
        figure = img.find_parent("figure")
        assert figure is not None and figure.figcaption is not None, alt
        captions.append(_norm(figure.figcaption.get_text()))
    # the captions are printed: each one's start is on some page of the chromium PDF
    printed_text = " ".join(text for lines in _pages(pdfs["chromium"]) for text, _ in lines)
    for caption in captions:
        assert caption[:40] in printed_text, caption
