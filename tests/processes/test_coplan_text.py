import pytest
from django.utils.html import urlize

from coplan.processes.templatetags.coplan_text import public_text


@pytest.mark.parametrize(
    "text",
    [
        "Publish every contract. Début : ok; (voir) [a].",
        "<script>alert('x')</script> & \"quoted\"",
        "Version 1.2.3 at 18:30, mailto:nobody",
    ],
)
def test_text_without_a_link_is_escaped_as_urlize_would(text):
    linked = urlize(text, trim_url_limit=60, nofollow=True, autoescape=True)
    assert public_text(text) == f"<p>{linked}</p>"


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("See https://open.canada.ca/data.", 'href="https://open.canada.ca/data"'),
        ("See www.example.ca now", 'href="http://www.example.ca"'),
        ("See data.GOV too", 'href="http://data.GOV"'),
        ("Write to someone@example.ca.", 'href="mailto:someone@example.ca"'),
    ],
)
def test_links_stay_clickable(text, href):
    assert href in public_text(text)


def test_paragraphs_and_line_breaks_are_kept():
    assert public_text("One\r\ntwo\r\n\r\nThree <b>") == "<p>One<br>two</p>\n<p>Three &lt;b&gt;</p>"
