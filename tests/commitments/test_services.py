import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from coplan.commitments import services
from coplan.commitments.diff import render_diff, word_diff
from coplan.commitments.models import Amendment, Commitment, CommitmentTransition
from tests.accounts.factories import OrganisationFactory, UserFactory, staff_with_role
from tests.commitments.factories import make_commitment, make_milestone


@pytest.mark.django_db
class TestLifecycle:
    def test_illegal_transition_refused_with_message(self, administrator):
        commitment = make_commitment(status="proposed")
        with pytest.raises(ValidationError, match="cannot go from"):
            services.commitment_transition(
                commitment=commitment, to_status="completed", user=administrator
            )
        assert not CommitmentTransition.objects.exists()

    def test_role_not_allowed(self, forum_member):
        commitment = make_commitment(status="in_draft_plan")
        with pytest.raises(PermissionDenied):
            services.commitment_transition(
                commitment=commitment, to_status="final", user=forum_member
            )

    def test_transition_recorded_with_who_and_when(self, forum_member):
        commitment = make_commitment(status="proposed")
        record = services.commitment_transition(
            commitment=commitment, to_status="draft", user=forum_member
        )
        assert record.by == forum_member and record.at
        assert Commitment.objects.get(pk=commitment.pk).status == "draft"

    def test_withdrawal_needs_bilingual_reason(self, administrator):
        commitment = make_commitment(status="draft")
        with pytest.raises(ValidationError, match="public reason"):
            services.commitment_transition(
                commitment=commitment, to_status="withdrawn", user=administrator, reason_en="x"
            )

    def test_draft_plan_needs_complete_template(self, administrator):
        commitment = make_commitment(status="draft")
        with pytest.raises(ValidationError, match="not complete"):
            services.commitment_transition(
                commitment=commitment, to_status="in_draft_plan", user=administrator
            )


@pytest.mark.django_db
class TestCodrafting:
    def test_every_save_is_a_version_and_stale_save_must_merge(self, forum_member):
        commitment = make_commitment()
        services.commitment_edit(
            commitment=commitment,
            editor=forum_member,
            base_version=1,
            data={"description_en": "First text."},
        )
        assert commitment.versions.count() == 2
        stale = Commitment.objects.get(pk=commitment.pk)
        with pytest.raises(services.EditConflict):
            services.commitment_edit(
                commitment=stale,
                editor=forum_member,
                base_version=1,
                data={"description_en": "Overwrite!"},
            )
        assert Commitment.objects.get(pk=commitment.pk).description_en == "First text."
        assert commitment.versions.count() == 2

    def test_amendment_accept_credits_and_decline_keeps_text(self, forum_member, user):
        commitment = make_commitment()
        amendment = services.amendment_propose(
            commitment=commitment,
            author=user,
            field="problem",
            language="en",
            replacement="A better problem statement.",
            reason="Clearer.",
        )
        assert amendment.contribution.moderation_state == "pending"
        version = services.amendment_accept(
            amendment=amendment, editor=forum_member, response_en="Yes.", response_fr="Oui."
        )
        assert version.amendment == amendment
        assert Commitment.objects.get(pk=commitment.pk).problem_en == "A better problem statement."
        with pytest.raises(ValidationError):
            services.amendment_decline(
                amendment=amendment, editor=forum_member, response_en="No", response_fr="Non"
            )
        other = services.amendment_propose(
            commitment=commitment,
            author=user,
            field="title",
            language="fr",
            replacement="Autre titre",
            reason="Pourquoi pas.",
        )
        services.amendment_decline(
            amendment=other, editor=forum_member, response_en="No.", response_fr="Non."
        )
        assert Amendment.objects.get(pk=other.pk).response_fr == "Non."
        assert "Autre titre" not in Commitment.objects.get(pk=commitment.pk).title_fr

    @pytest.mark.parametrize(
        "replacement,reason", [("", "why"), ("text\x00", "why"), ("x" * 10_001, "why"), ("t", "")]
    )
    def test_bad_amendment_input_stores_nothing(self, user, replacement, reason):
        commitment = make_commitment()
        with pytest.raises(ValidationError):
            services.amendment_propose(
                commitment=commitment,
                author=user,
                field="description",
                language="en",
                replacement=replacement,
                reason=reason,
            )
        assert not Amendment.objects.exists()

    def test_amendment_only_on_drafts(self, user):
        commitment = make_commitment(status="final")
        with pytest.raises(ValidationError, match="draft"):
            services.amendment_propose(
                commitment=commitment,
                author=user,
                field="title",
                language="en",
                replacement="New",
                reason="Why",
            )


@pytest.mark.django_db
class TestPartnersAndProgress:
    def test_only_invited_organisation_answers(self):
        commitment = make_commitment()
        organisation = OrganisationFactory(kind="civil_society")
        actor = services.actor_add(
            commitment=commitment, organisation=organisation, kind="civil_society"
        )
        assert actor.status == "invited"
        with pytest.raises(PermissionDenied):
            services.actor_respond(actor=actor, user=staff_with_role("forum member"), confirm=True)
        member = staff_with_role("forum member", organisation=organisation)
        services.actor_respond(actor=actor, user=member, confirm=True)
        assert actor.status == "confirmed"

    def test_reporter_reports_only_on_own_organisation(self):
        department = OrganisationFactory()
        milestone = make_milestone(make_commitment(status="in_implementation"))
        reporter = staff_with_role("department reporter", organisation=department)
        with pytest.raises(PermissionDenied):
            services.progress_report(
                milestone=milestone,
                user=reporter,
                reported_on=datetime.date(2019, 1, 1),
                text_en="Done",
                text_fr="Fait",
                status="completed",
                percent_complete=100,
            )
        own = make_milestone(milestone.commitment, responsible=department)
        services.progress_report(
            milestone=own,
            user=reporter,
            reported_on=datetime.date(2019, 1, 1),
            text_en="Done",
            text_fr="Fait",
            status="completed",
            percent_complete=90,
        )
        own.refresh_from_db()
        assert own.status == "completed" and own.percent_complete == 100
        assert own.completed_on == datetime.date(2019, 1, 1)

    def test_overdue_is_computed(self):
        milestone = make_milestone(make_commitment(), ends_on=datetime.date(2019, 1, 1))
        assert milestone.is_overdue(datetime.date(2019, 1, 2))
        assert not milestone.is_overdue(datetime.date(2018, 12, 31))
        milestone.status = "completed"
        assert not milestone.is_overdue(datetime.date(2019, 1, 2))

    def test_assessment_only_by_confirmed_civil_society_partner(self):
        milestone = make_milestone(make_commitment(status="in_implementation"))
        outsider = UserFactory()
        with pytest.raises(PermissionDenied):
            services.assessment_post(
                milestone=milestone,
                user=outsider,
                reported_on=datetime.date(2019, 1, 1),
                text_en="x",
                text_fr="x",
                status="delayed",
                percent_complete=10,
            )


def test_word_diff_marks_changes_with_text_labels():
    chunks = word_diff("open data for all", "open data for everyone")
    html = render_diff(chunks)
    assert "<del>" in html and "<ins>" in html and "[removed:]" in html and "[added:]" in html
    assert "everyone" in html and "all" in html
    assert "&lt;b&gt;" in render_diff(word_diff("", "<b>"))


@pytest.mark.django_db
def test_system_notes_are_stored_in_both_languages(administrator):
    """A note the site writes on a version (« Proposed. ») is stored in
    English and French whatever the language of the request that saved it."""
    with translation.override("fr"):
        commitment = make_commitment()
    first = commitment.versions.get(number=1)
    assert (first.note_en, first.note_fr) == ("Proposed.", "Proposé.")


@pytest.mark.django_db
def test_editor_note_in_one_language_is_refused(forum_member):
    """An editor's note in one language only is refused and no version is saved."""
    commitment = make_commitment()
    with pytest.raises(ValidationError, match="in English and in French"):
        services.commitment_edit(
            commitment=commitment,
            editor=forum_member,
            base_version=1,
            data={"description_en": "First text."},
            note_en="First text.",
        )
    assert commitment.versions.count() == 1
