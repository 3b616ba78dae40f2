"""The moderation decision form: the moderator always chooses, nothing is decided by default."""

from __future__ import annotations

import re

import pytest

from coplan.contributions.models import Contribution
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def _decision_select(html: str) -> str:
    return re.search(r'<select name="action".*?</select>', html, re.S).group(0)


def test_no_decision_is_preselected(client, moderator, open_ideas):
    """Queue and detail pages offer the decisions with none selected, a blank prompt first."""
    item = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    client.force_login(moderator)
    for url in ("/en/staff/moderation/", f"/en/staff/moderation/{item.pk}/"):
        select = _decision_select(client.get(url).content.decode())
        assert re.findall(r'<option value="([^"]*)"[^>]* selected', select) == [""], url
        assert re.search(r'<option value=""[^>]*>Choose a decision</option>', select), url
        assert 'value="approve"' in select


def test_decision_without_a_choice_changes_nothing(client, moderator, open_ideas):
    """Submitting without choosing a decision leaves the contribution pending and says why."""
    item = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    client.force_login(moderator)
    response = client.post(
        "/en/staff/moderation/decide/",
        {"ids": [item.pk], "action": "", "next": f"/en/staff/moderation/{item.pk}/"},
        follow=True,
    )
    assert "Choose a decision." in response.content.decode()
    assert Contribution.objects.get(pk=item.pk).moderation_state == "pending"
