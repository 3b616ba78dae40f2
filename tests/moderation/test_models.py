"""Moderation reasons and the append-only decision log."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from coplan.moderation.models import Decision, ModerationReason
from coplan.moderation.services import contributions_moderate
from tests.contributions.factories import ContributionFactory

pytestmark = pytest.mark.django_db


def test_reasons_from_the_rules_are_bilingual():
    spam = ModerationReason.objects.get(slug="spam")
    assert spam.title_en == "Spam, advertising or promotion"
    assert spam.title_fr == "Pourriel, publicité ou promotion"
    assert ModerationReason.objects.count() >= 7


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


def test_a_decision_names_its_states_in_the_reader_s_language(open_ideas, moderator):
    from django.utils import translation

    pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
    contributions_moderate(contribution_ids=[pending.pk], action="approve", moderator=moderator)
    decision = Decision.objects.get()
    assert (decision.from_state_label, decision.to_state_label) == (
        "Pending moderation",
        "Published",
    )
    with translation.override("fr"):
        assert decision.to_state_label == "Publiée"
    # A state no longer known (an old row) shows its stored code rather than failing.
    decision.to_state = "archived"
    assert decision.to_state_label == "archived"
