"""Moderation: decisions as data, bulk decisions all-or-nothing, the append-only log, the
queue's filters and permissions per role."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.contributions.models import Contribution, Flag, ModerationState
from coplan.moderation.models import Decision, ModerationReason
from coplan.moderation.services import contributions_moderate
from tests.contributions.factories import ContributionFactory, comment_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def reason():
    return ModerationReason.objects.get(slug="spam")


def test_reasons_from_the_rules_are_bilingual():
    spam = ModerationReason.objects.get(slug="spam")
    assert spam.title_en == "Spam, advertising or promotion"
    assert spam.title_fr == "Pourriel, publicité ou promotion"
    assert ModerationReason.objects.count() >= 7


class TestDecisions:
    def test_bulk_approve_logs_each_and_counts_comments(self, open_ideas, moderator):
        idea = ContributionFactory(opportunity=open_ideas)
        comments = [comment_on(idea, state=ModerationState.PENDING) for _ in range(3)]
        count = contributions_moderate(
            contribution_ids=[c.pk for c in comments], action="approve", moderator=moderator
        )
        assert count == 3
        assert Contribution.objects.filter(moderation_state="published").count() == 4
        assert Decision.objects.filter(action="approve", moderator=moderator).count() == 3
        idea.refresh_from_db()
        assert idea.comment_count == 3

    def test_a_past_decision_is_logged_with_its_time_never_a_future_one(
        self, open_ideas, moderator
    ):
        """Recording a past consultation's log (the demo's 4th plan): the append-only log takes
        the decision with its real time; a time to come is refused and nothing changes."""
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        later = timezone.now() + datetime.timedelta(minutes=5)
        with pytest.raises(ValidationError, match="future"):
            contributions_moderate(
                contribution_ids=[pending.pk],
                action="approve",
                moderator=moderator,
                decided_at=later,
            )
        assert not Decision.objects.exists()
        pending.refresh_from_db()
        assert pending.moderation_state == "pending" and pending.moderated_at is None
        then = datetime.datetime(2018, 1, 9, 14, tzinfo=datetime.UTC)
        contributions_moderate(
            contribution_ids=[pending.pk], action="approve", moderator=moderator, decided_at=then
        )
        pending.refresh_from_db()
        assert Decision.objects.get().decided_at == then == pending.moderated_at

    def test_reject_and_hide_need_a_reason(self, open_ideas, moderator, reason):
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        with pytest.raises(ValidationError, match="rule of participation"):
            contributions_moderate(
                contribution_ids=[pending.pk], action="reject", moderator=moderator
            )
        contributions_moderate(
            contribution_ids=[pending.pk], action="reject", moderator=moderator, reason=reason
        )
        decision = Decision.objects.get()
        assert (decision.from_state, decision.to_state, decision.reason) == (
            "pending",
            "rejected",
            reason,
        )

    def test_not_allowed_transition_changes_nothing(self, open_ideas, moderator, reason):
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        published = ContributionFactory(opportunity=open_ideas)
        with pytest.raises(ValidationError, match="cannot go from"):
            contributions_moderate(
                contribution_ids=[pending.pk, published.pk],
                action="approve",
                moderator=moderator,
            )
        pending.refresh_from_db()
        assert pending.moderation_state == "pending"
        assert Decision.objects.count() == 0
        withdrawn = ContributionFactory(opportunity=open_ideas, moderation_state="withdrawn")
        with pytest.raises(ValidationError):
            contributions_moderate(
                contribution_ids=[withdrawn.pk], action="approve", moderator=moderator
            )

    def test_hide_later_with_reason_resolves_flags_and_recounts(
        self, open_ideas, moderator, reason
    ):
        idea = ContributionFactory(opportunity=open_ideas)
        comment = comment_on(idea)
        Contribution.objects.filter(pk=idea.pk).update(comment_count=1)
        Flag.objects.create(contribution=comment, flagger_key="anon:1")
        Contribution.objects.filter(pk=comment.pk).update(flag_count=1)
        contributions_moderate(
            contribution_ids=[comment.pk], action="hide", moderator=moderator, reason=reason
        )
        comment.refresh_from_db()
        idea.refresh_from_db()
        assert comment.moderation_state == "hidden" and comment.flag_count == 0
        assert idea.comment_count == 0
        assert Flag.objects.get().resolved_at is not None
        contributions_moderate(contribution_ids=[comment.pk], action="restore", moderator=moderator)
        idea.refresh_from_db()
        assert idea.comment_count == 1

    def test_bad_requests(self, moderator):
        with pytest.raises(ValidationError, match="at least one"):
            contributions_moderate(contribution_ids=[], action="approve", moderator=moderator)
        with pytest.raises(ValidationError, match="no longer exist"):
            contributions_moderate(contribution_ids=[999], action="approve", moderator=moderator)
        with pytest.raises(ValidationError, match="Unknown"):
            contributions_moderate(contribution_ids=[1], action="delete", moderator=moderator)


class TestAuditLog:
    def test_log_cannot_be_changed_or_deleted(self, open_ideas, moderator):
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        contributions_moderate(contribution_ids=[pending.pk], action="approve", moderator=moderator)
        decision = Decision.objects.get()
        decision.note = "rewritten"
        with pytest.raises(PermissionDenied):
            decision.save()
        with pytest.raises(PermissionDenied):
            decision.delete()
        with pytest.raises(PermissionDenied):
            Decision.objects.update(note="x")
        with pytest.raises(PermissionDenied):
            Decision.objects.all().delete()

    def test_admin_shows_the_log_read_only(self, client, administrator, open_ideas):
        from django.contrib.auth.models import Permission

        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        contributions_moderate(
            contribution_ids=[pending.pk], action="approve", moderator=administrator
        )
        administrator.is_staff = True
        administrator.is_superuser = True
        administrator.save()
        client.force_login(administrator)
        decision = Decision.objects.get()
        response = client.get(f"/en/admin/moderation/decision/{decision.pk}/change/")
        # Either the second factor gate or the read-only page: never a form that saves.
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert 'name="_save"' not in response.content.decode()
        response = client.post(
            f"/en/admin/moderation/decision/{decision.pk}/delete/", {"post": "yes"}
        )
        assert Decision.objects.count() == 1
        assert Permission.objects.filter(codename="delete_decision").exists()


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
