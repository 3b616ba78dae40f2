"""The content pages and blocks (processes.models.pages): a video played through the service's
privacy-enhanced player or not embedded at all, a page's address, and names in the page's
language."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.processes.models import ContactBlock, StaticPage, VideoBlock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url,player",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "player.vimeo.com/video/76979871?dnt=1"),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://example.org/video.mp4", None),
        ("", None),
    ],
)
def test_a_video_is_embedded_only_through_a_privacy_enhanced_player(url, player):
    src = VideoBlock(title="Launch", embed_url=url).embed_src
    assert (src is None) if player is None else src.endswith(player)


def test_a_page_has_its_address_and_title():
    page = StaticPage(slug="about", title="About")
    assert page.get_absolute_url().endswith("/about/") and str(page) == "About"


def test_a_contact_block_is_named_after_its_process_in_the_page_language(process):
    block = ContactBlock(process=process)
    with translation.override("en"):
        assert str(block) == f"Contact for {process}"
    with translation.override("fr"):
        assert str(block) == f"Contact pour {process}"
