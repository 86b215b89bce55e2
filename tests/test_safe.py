"""The escaping boundary: values are escaped, templates and nested fragments are kept."""

from cxconsult import safe


def test_values_are_escaped_and_templates_kept():
    out = safe.html("<p>{client} scores <b>{index}</b></p>", client="<script>alert(1)</script>", index=37)
    assert out == "<p>&lt;script&gt;alert(1)&lt;/script&gt; scores <b>37</b></p>"


def test_fragments_nest_without_double_escaping():
    inner = safe.html("<em>{x}</em>", x="a&b")
    outer = safe.html("<div>{inner}</div>", inner=inner)
    assert outer == "<div><em>a&amp;b</em></div>"
    assert safe.join([inner, "<i>"], " ") == "<em>a&amp;b</em> &lt;i&gt;"
