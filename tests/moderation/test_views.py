"""Moderation pages: the queue's filters and permissions per role, decisions from the queue."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.contributions.models import Contribution, Flag
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


class TestQueuePages:
    @pytest.mark.parametrize(
        "url",
        ["/en/staff/moderation/", "/en/staff/moderation/log/"],
    )
    def test_roles(self, client, url, user, analyst, moderator, administrator):
        response = client.get(url)
        assert response.status_code == 302 and "/account/" in response["Location"]
        for person, status in ((user, 403), (analyst, 403), (moderator, 200)):
            client.force_login(person)
            response = client.get(url)
            assert response.status_code == status, (person, response.status_code)
            if status == 200:
                assert response["Cache-Control"] == "no-store"

    def test_detail_and_decide_roles(self, client, open_ideas, user, moderator):
        item = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        detail = f"/en/staff/moderation/{item.pk}/"
        assert client.get(detail).status_code == 302
        client.force_login(user)
        assert client.get(detail).status_code == 403
        assert (
            client.post("/en/staff/moderation/decide/", {"ids": [item.pk], "action": "approve"})
        ).status_code == 403
        item.refresh_from_db()
        assert item.moderation_state == "pending"
        client.force_login(moderator)
        assert client.get(detail).status_code == 200

    def test_queue_filters_and_highlights(self, client, moderator, open_ideas):
        ContributionFactory(
            opportunity=open_ideas,
            moderation_state="pending",
            text="Mon NAS est 046 454 286",
            language="fr",
        )
        ContributionFactory(
            opportunity=open_ideas, moderation_state="pending", text="English idea", language="en"
        )
        ContributionFactory(opportunity=open_ideas, text="Already published")
        client.force_login(moderator)
        html = client.get("/en/staff/moderation/").content.decode()
        assert "2 contributions" in html and "Already published" not in html
        assert '<mark class="pii" data-kind="sin">046 454 286' in html
        html = client.get("/en/staff/moderation/?state=pending&language=fr").content.decode()
        assert "1 contribution" in html and "English idea" not in html
        html = client.get("/en/staff/moderation/?state=published&kind=idea").content.decode()
        assert "Already published" in html
        # Bad filter values never give a 500.
        assert client.get("/en/staff/moderation/?process=abc&state=zzz").status_code == 200

    def test_flagged_items_reach_the_queue(self, client, moderator, open_ideas):
        flagged = ContributionFactory(opportunity=open_ideas, text="Buy cheap watches")
        client.post(f"/en/participate/contributions/{flagged.pk}/flag/", {})
        Flag.objects.create(contribution=flagged, flagger_key="anon:x")
        Contribution.objects.filter(pk=flagged.pk).update(flag_count=1)
        client.force_login(moderator)
        html = client.get("/en/staff/moderation/").content.decode()
        assert "1 published contribution was reported by the public." in html
        html = client.get("/en/staff/moderation/?flagged=on").content.decode()
        assert "Buy cheap watches" in html and "1 report" in html

    def test_bulk_decision_from_the_queue(self, client, moderator, open_ideas, reason):
        items = ContributionFactory.create_batch(
            3, opportunity=open_ideas, moderation_state="pending"
        )
        client.force_login(moderator)
        response = client.post(
            "/en/staff/moderation/decide/",
            {
                "ids": [items[0].pk, items[1].pk],
                "action": "reject",
                "reason": reason.pk,
                "next": "/en/staff/moderation/",
            },
        )
        assert response.status_code == 302
        states = dict(Contribution.objects.values_list("pk", "moderation_state"))
        assert [states[i.pk] for i in items] == ["rejected", "rejected", "pending"]
        # Without a reason: nothing changes, the moderator is told why.
        response = client.post(
            "/en/staff/moderation/decide/",
            {"ids": [items[2].pk], "action": "hide", "next": "/en/staff/moderation/"},
            follow=True,
        )
        assert "Choose the rule of participation" in response.content.decode()
        response = client.post("/en/staff/moderation/decide/", {"ids": ["x"], "action": "approve"})
        assert response.status_code == 400

    def test_queue_query_count_is_constant(self, client, moderator, open_ideas):
        ContributionFactory.create_batch(3, opportunity=open_ideas, moderation_state="pending")
        client.force_login(moderator)
        with CaptureQueriesContext(connection) as small:
            client.get("/en/staff/moderation/")
        ContributionFactory.create_batch(80, opportunity=open_ideas, moderation_state="pending")
        with CaptureQueriesContext(connection) as large:
            client.get("/en/staff/moderation/?page=2")
        assert len(large) == len(small)


def test_queue_and_detail_say_when_the_author_did_not_consent_to_publication(
    client, open_ideas, moderator
):
    consented = ContributionFactory(
        opportunity=open_ideas, consent_to_publish=True, moderation_state="pending"
    )
    imported = ContributionFactory(
        opportunity=open_ideas,
        consent_to_publish=False,
        channel="email",
        text="By email.",
        moderation_state="pending",
    )
    client.force_login(moderator)
    queue = client.get("/en/staff/moderation/").content.decode()
    assert queue.count('data-consent="no"') == 1
    detail = client.get(f"/en/staff/moderation/{imported.pk}/").content.decode()
    assert 'data-consent="no"' in detail and "never quoted in a report" in detail
    assert (
        'data-consent="yes"' in client.get(f"/en/staff/moderation/{consented.pk}/").content.decode()
    )
    french = client.get(f"/fr/staff/moderation/{imported.pk}/").content.decode()
    assert 'data-consent="no"' in french and "never quoted in a report" not in french
