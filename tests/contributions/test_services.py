"""contribution_submit, the bulk import and the web use cases."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coplan.contributions import services
from coplan.contributions.models import (
    Contribution,
    ContributorContact,
    Flag,
    Kind,
    ModerationState,
    Support,
)
from coplan.processes.models import Opportunity
from tests.contributions.factories import ContributionFactory, comment_on
from tests.processes.factories import OpportunityFactory, ProcessFactory

pytestmark = pytest.mark.django_db


def submit(opportunity, **kwargs):
    defaults = {
        "process": opportunity.phase.process,
        "opportunity": opportunity,
        "kind": Kind.IDEA,
        "title": "Open contracts",
        "text": "Publish every federal contract over $10,000 as open data.",
        "consent_to_publish": True,
    }
    return services.contribution_submit(**{**defaults, **kwargs})


class TestContributionSubmit:
    def test_stores_pending_with_language_and_phase_at_receipt(self, open_ideas):
        received = datetime.datetime(2017, 12, 1, 12, tzinfo=datetime.UTC)
        contribution = submit(open_ideas, received_at=received)
        assert contribution.moderation_state == ModerationState.PENDING
        assert contribution.language == "en"
        assert contribution.phase.kind == "development"
        assert contribution.redacted_text == ""
        assert contribution.public_text == contribution.text

    def test_french_is_detected_and_given_language_is_kept(self, open_ideas):
        french = submit(open_ideas, text="Le gouvernement devrait publier tous ses contrats.")
        assert french.language == "fr"
        given = submit(open_ideas, text="Short", language="other")
        assert given.language == "other"

    def test_sensitive_information_is_redacted_in_the_text_language(self, open_ideas):
        contribution = submit(
            open_ideas,
            title="Mon idée, appelez le 613-957-7154",
            text="Mon numéro d’assurance sociale est 046 454 286, écrivez-moi à moi@exemple.ca.",
        )
        assert contribution.language == "fr"
        assert "046 454 286" in contribution.text
        assert contribution.public_text == (
            "Mon numéro d’assurance sociale est [NAS retiré], écrivez-moi à [courriel retiré]."
        )
        assert contribution.public_title == "Mon idée, appelez le [numéro de téléphone retiré]"

    def test_contact_details_are_kept_apart(self, open_ideas):
        contribution = submit(open_ideas, contact_name="Jane Doe", contact_email="jane@example.org")
        contact = ContributorContact.objects.get(contribution=contribution)
        assert (contact.name, contact.email) == ("Jane Doe", "jane@example.org")
        assert "jane" not in contribution.text.lower()

    def test_idempotent_by_channel_and_external_ref(self, open_ideas):
        first = submit(open_ideas, channel="email", external_ref="<abc@example.org>")
        again = submit(
            open_ideas, channel="email", external_ref="<abc@example.org>", text="Different"
        )
        assert again.pk == first.pk
        other_channel = submit(open_ideas, channel="social", external_ref="<abc@example.org>")
        assert other_channel.pk != first.pk
        assert Contribution.objects.count() == 2

    @pytest.mark.parametrize(
        "text, message",
        [
            ("", "cannot be empty"),
            ("   \n\t ", "cannot be empty"),
            ("x" * 10_001, "under 10000 characters"),
            ("null \x00 byte", "null character"),
            ("bad \ud800 surrogate", "invalid characters"),
        ],
    )
    def test_bad_text_is_refused_and_nothing_stored(self, open_ideas, text, message):
        with pytest.raises(ValidationError) as error:
            submit(open_ideas, text=text, contact_name="Jane")
        assert message in str(error.value)
        assert Contribution.objects.count() == 0
        assert ContributorContact.objects.count() == 0

    def test_bad_contact_email_is_refused(self, open_ideas):
        with pytest.raises(ValidationError, match="valid email"):
            submit(open_ideas, contact_email="not an email")
        assert Contribution.objects.count() == 0

    def test_opportunity_of_another_process_is_refused(self, open_ideas):
        other = ProcessFactory()
        with pytest.raises(ValidationError, match="another consultation"):
            submit(open_ideas, process=other)

    def test_control_characters_are_dropped_and_html_kept_as_plain_text(self, open_ideas):
        contribution = submit(open_ideas, text="<script>alert(1)</script>\x07 ok")
        assert contribution.text == "<script>alert(1)</script> ok"

    def test_reply_rules(self, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        comment = comment_on(idea)
        reply = services.contribution_submit(
            process=idea.process,
            opportunity=open_ideas,
            kind=Kind.REPLY,
            parent=comment,
            text="I agree.",
            consent_to_publish=True,
        )
        # A reply is about the same object as the comment it answers.
        assert (reply.target_type_id, reply.target_id) == (comment.target_type_id, idea.pk)
        with pytest.raises(ValidationError, match="not another reply"):
            services.contribution_submit(
                process=idea.process,
                opportunity=open_ideas,
                kind=Kind.REPLY,
                parent=comment_on(idea, parent=comment),
                text="Deeper",
                consent_to_publish=True,
            )
        hidden = comment_on(idea, state=ModerationState.HIDDEN)
        with pytest.raises(ValidationError, match="no longer available"):
            services.contribution_submit(
                process=idea.process,
                opportunity=open_ideas,
                kind=Kind.REPLY,
                parent=hidden,
                text="Hello",
                consent_to_publish=True,
            )
        with pytest.raises(ValidationError, match="must answer"):
            services.contribution_submit(
                process=idea.process,
                opportunity=open_ideas,
                kind=Kind.REPLY,
                text="Hello",
                consent_to_publish=True,
            )


class TestBulkImport:
    def test_creates_counts_duplicates_and_keeps_contacts_apart(self, open_ideas):
        process = open_ideas.phase.process
        rows = [
            {"external_ref": f"row-{n}", "text": f"Idea number {n} about open data in Canada."}
            for n in range(2500)
        ]
        rows.append({"external_ref": "row-1", "text": "repeated within the file"})
        rows.append(
            {
                "external_ref": "with-contact",
                "text": "Mon NAS est 046 454 286, merci de publier les données.",
                "contact_name": "Jean",
                "contact_email": "jean@example.org",
            }
        )
        created, duplicates = services.contributions_import_bulk(
            rows=iter(rows), process=process, channel="in_person", batch_size=1000
        )
        assert (created, duplicates) == (2501, 1)
        again = services.contributions_import_bulk(
            rows=iter(rows), process=process, channel="in_person"
        )
        assert again == (0, 2502)
        assert Contribution.objects.filter(channel="in_person").count() == 2501
        stored = Contribution.objects.get(external_ref="with-contact")
        assert stored.language == "fr"
        assert stored.public_text == "Mon NAS est [NAS retiré], merci de publier les données."
        assert stored.moderation_state == ModerationState.PENDING
        assert stored.contact.email == "jean@example.org"

    def test_bad_row_names_its_position(self, open_ideas):
        rows = [{"text": "fine text for the import"}, {"text": ""}]
        with pytest.raises(ValidationError, match="Row 2"):
            services.contributions_import_bulk(
                rows=rows, process=open_ideas.phase.process, channel="email"
            )


class TestSupportsAndFlags:
    def test_support_once_per_person(self, open_ideas, user):
        idea = ContributionFactory(opportunity=open_ideas)
        assert services.idea_support(idea=idea, supporter_key=f"user:{user.pk}", user=user)
        assert not services.idea_support(idea=idea, supporter_key=f"user:{user.pk}", user=user)
        assert services.idea_support(idea=idea, supporter_key="anon:abc")
        idea.refresh_from_db()
        assert idea.support_count == 2 == Support.objects.count()

    def test_support_refused_when_closed_pending_or_anonymous_not_allowed(self, open_ideas):
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        with pytest.raises(ValidationError, match="published ideas"):
            services.idea_support(idea=pending, supporter_key="anon:1")
        idea = ContributionFactory(opportunity=open_ideas)
        Opportunity.objects.filter(pk=open_ideas.pk).update(allows_anonymous=False)
        idea.opportunity.refresh_from_db()
        with pytest.raises(ValidationError, match="sign in"):
            services.idea_support(idea=idea, supporter_key="anon:1")
        Opportunity.objects.filter(pk=open_ideas.pk).update(status="closed")
        idea.opportunity.refresh_from_db()
        with pytest.raises(ValidationError, match="closed"):
            services.idea_support(idea=idea, supporter_key="anon:1")
        assert Support.objects.count() == 0

    def test_flag_once_per_person_only_published(self, open_ideas):
        idea = ContributionFactory(opportunity=open_ideas)
        assert services.contribution_flag(contribution=idea, flagger_key="anon:1", note="spam")
        assert not services.contribution_flag(contribution=idea, flagger_key="anon:1")
        idea.refresh_from_db()
        assert idea.flag_count == 1 == Flag.objects.count()
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        with pytest.raises(ValidationError):
            services.contribution_flag(contribution=pending, flagger_key="anon:1")

    def test_withdraw_only_pending(self, open_ideas):
        pending = ContributionFactory(opportunity=open_ideas, moderation_state="pending")
        services.contribution_withdraw(contribution=pending)
        pending.refresh_from_db()
        assert pending.moderation_state == ModerationState.WITHDRAWN
        with pytest.raises(ValidationError):
            services.contribution_withdraw(contribution=pending)


class TestWebUseCases:
    def test_closed_and_not_yet_open_opportunities_refuse_ideas(self, process):
        phase = process.phases.get(kind="development")
        closed = OpportunityFactory(phase=phase, status="closed")
        upcoming = OpportunityFactory(
            phase=phase, status="open", opens_at=timezone.now() + datetime.timedelta(days=1)
        )
        for opportunity, message in ((closed, "closed"), (upcoming, "not open yet")):
            with pytest.raises(ValidationError, match=message):
                services.idea_submit(
                    opportunity=opportunity, title="T", text="Text", consent_to_publish=True
                )
        assert Contribution.objects.count() == 0

    def test_page_feedback_needs_an_answer_or_a_comment(self, process):
        with pytest.raises(ValidationError):
            services.page_feedback_submit(process=process, page_url="/en/", useful=None, text="")
        feedback = services.page_feedback_submit(
            process=process, page_url="/en/", useful=True, text=""
        )
        assert feedback.kind == Kind.PAGE_FEEDBACK and feedback.page_useful is True


def test_discussion_counts_refresh(open_ideas):
    idea = ContributionFactory(opportunity=open_ideas)
    comment_on(idea)
    comment_on(idea, state=ModerationState.REJECTED)
    services.discussion_counts_refresh(target_ids=[idea.pk])
    idea.refresh_from_db()
    assert idea.comment_count == 1
