"""A contribution kept whole however long (a brief sent by email) is moderated from the start of
its text, with the whole of it one link away."""

from __future__ import annotations

import pytest

from coplan.moderation.views import LONG_TEXT_PREVIEW_CHARACTERS
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_a_long_text_shows_its_start_and_all_of_it_on_request(client, moderator, open_ideas):
    """Past the preview length the page shows the start and a "Show all" link; the link shows
    every character; a short text shows whole without a link."""
    text = "Start of the brief. " + "Open data for all. " * 3000 + "END-OF-BRIEF"
    assert len(text) > LONG_TEXT_PREVIEW_CHARACTERS
    item = ContributionFactory(opportunity=open_ideas, moderation_state="pending", text=text)
    client.force_login(moderator)
    url = f"/en/staff/moderation/{item.pk}/"
    page = client.get(url).content.decode()
    assert "Start of the brief." in page and "END-OF-BRIEF" not in page
    assert f"Show all of the text ({len(text)} characters)" in page
    whole = client.get(url + "?full=1").content.decode()
    assert "END-OF-BRIEF" in whole and "Show all of the text" not in whole
    short = ContributionFactory(opportunity=open_ideas, moderation_state="pending", text="Short.")
    page = client.get(f"/en/staff/moderation/{short.pk}/").content.decode()
    assert "Short." in page and "Show all of the text" not in page
