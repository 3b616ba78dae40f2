from __future__ import annotations

import re

import pytest

from coplan.contributions.models import Contribution, Flag
from tests.contributions.conftest import form_token
from tests.contributions.factories import ContributionFactory
from tests.contributions.helpers import idea_post

pytestmark = pytest.mark.django_db


class TestFlags:
    def test_flag_once_per_person(self, client, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        url = f"/en/participate/contributions/{idea.pk}/flag/"
        for _ in range(2):
            token = form_token(client.get(url).content.decode())
            response = client.post(url, {"form_token": token, "note": "Advertising"})
            assert response.status_code == 302
        assert Flag.objects.count() == 1
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        assert client.get(f"/en/participate/contributions/{pending.pk}/flag/").status_code == 404


class TestMine:
    def test_withdraw_own_pending(self, client, open_ideas, ideas_url):
        idea_post(client, ideas_url)
        idea = Contribution.objects.get()
        response = client.post(f"/en/participate/mine/{idea.pk}/withdraw/")
        assert response.status_code == 302
        idea.refresh_from_db()
        assert idea.moderation_state == "withdrawn"

    def test_cannot_withdraw_someone_elses(self, client, open_ideas):
        other = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        assert client.post(f"/en/participate/mine/{other.pk}/withdraw/").status_code == 404

    def test_mine_page_lists_states(self, client, user, open_ideas):
        ContributionFactory(
            opportunity=open_ideas, author=user, title="Mine", moderation_state="rejected"
        )
        client.force_login(user)
        html = client.get("/en/participate/mine/").content.decode()
        assert "Mine" in html and "Rejected" in html
        assert re.search(r"state--rejected", html)
