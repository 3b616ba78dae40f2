"""`{% gc_mark %}`: the Government of Canada signature and wordmark as images with their alt
text, in the document's language (PDFs, which cannot style an inline SVG)."""

from __future__ import annotations

import base64
import re

import pytest
from django.template import Context, Template


def render_mark(kind: str, language: str) -> str:
    source = "{% load coplan_identity %}{% gc_mark kind language %}"
    return Template(source).render(Context({"kind": kind, "language": language}))


def image_svg(html: str) -> str:
    match = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert match, html
    return base64.b64decode(match.group(1)).decode("utf-8")


@pytest.mark.parametrize(
    ("kind", "language", "alt"),
    [
        ("signature", "en", "Government of Canada"),
        ("signature", "fr", "Gouvernement du Canada"),
        ("wordmark", "en", "Symbol of the Government of Canada"),
        ("wordmark", "fr-ca", "Symbole du Gouvernement du Canada"),
    ],
)
def test_each_mark_is_an_image_with_its_title_as_alt_text(kind, language, alt):
    html = render_mark(kind, language)
    assert html.startswith(f'<img class="gc-mark gc-mark--{kind}" src="data:image/svg+xml;')
    assert f'alt="{alt}"' in html
    svg = image_svg(html)
    assert svg.lstrip().startswith(("<svg", "<?xml")) and alt in svg


def test_the_flag_is_coloured_in_the_file_itself():
    """A PDF shows the image without the site's CSS: the flag's red is written into it."""
    svg = image_svg(render_mark("signature", "fr"))
    assert 'class="fip_flag" fill="#eb2d37"' in svg


def test_an_unknown_mark_is_an_error_not_an_empty_image():
    with pytest.raises(KeyError):
        render_mark("logo", "en")
