"""Citations in sources: :func:`cxconsult.narrative.cite_html` marks references and quoted titles of works."""

from __future__ import annotations

from cxconsult import safe
from cxconsult.narrative import cite_html, reference
from cxconsult.narrative.retention import REF_GUPTA_LEHMANN_2003


def test_registered_references_and_quoted_titles_become_cite_elements():
    text = f"enquête de départ du client ; {REF_GUPTA_LEHMANN_2003}"
    out = str(cite_html(text))
    assert out == ('enquête de départ du client ; <cite class="cx-cite">Gupta, S. &amp; Lehmann, D. R. (2003). '
                   'Customers as assets. Journal of Interactive Marketing 17(1):9-24. Wiley.</cite>')
    for source, title in [("Gartner, « Gartner Says Only 9% »\u00a0, communiqué", "Gartner Says Only 9%"),
                          ("Gartner，《Gartner Says》，新闻稿", "Gartner Says"),
                          ("Gartner, «Report», пресс-релиз", "Report"),
                          ("Gartner, “Report”, comunicado", "Report")]:
        out = str(cite_html(source))
        assert out.count("<cite") == 1 and f'<cite class="cx-cite">{title}</cite>' in out, source


def test_everything_is_escaped_and_plain_sources_are_unchanged():
    ref = reference("Doe, J. (2020). <Odd> & title. Press.")
    expected = ('<cite class="cx-cite">Doe, J. (2020). &lt;Odd&gt; &amp; title. Press.</cite>; '
                '“<cite class="cx-cite">&lt;b&gt;x&lt;/b&gt;</cite>”')
    assert str(cite_html(f"{ref}; “<b>x</b>”")) == expected
    assert str(cite_html("chiffre du client <x>")) == "chiffre du client &lt;x&gt;"
    built = safe.html("<em>{x}</em>", x="a")
    assert cite_html(built) is built
