"""Writing, freezing, reviewing and publishing the plan."""

import hashlib

import pytest
from django.core.exceptions import ValidationError

from coplan.plans import services
from coplan.plans.models import CabinetReview, PlanEvent, PlanParagraph, PlanVersion
from coplan.plans.snapshot import canonical_bytes, frozen_snapshot
from tests.plans.factories import approve, draft_version, published_final, published_review

pytestmark = pytest.mark.django_db


def test_publishing_freezes_paragraphs_in_both_languages(process):
    version = published_review(process)
    paragraphs = list(version.paragraphs.order_by("number"))
    assert [p.text_en for p in paragraphs] == [
        "We will open government.",
        "We listened to you.",
        "Publish more data.",
    ]
    assert paragraphs[0].text_fr == "Nous ouvrirons le gouvernement."
    assert version.status == PlanVersion.Status.REVIEW and version.published_at


def test_fingerprint_is_the_sha256_of_the_canonical_text(process):
    version = published_review(process)
    data = canonical_bytes(version.title_en, version.title_fr, frozen_snapshot(version))
    assert hashlib.sha256(data).hexdigest() == version.fingerprint
    assert len(version.fingerprint) == 64


def test_published_version_cannot_be_edited(process):
    version = published_review(process)
    section = version.sections.first()
    with pytest.raises(ValidationError, match="cannot be changed"):
        services.plan_section_update(
            section=section,
            kind="narrative",
            heading_en="Changed",
            heading_fr="Changé",
            body_en="x",
            body_fr="x",
        )
    with pytest.raises(ValidationError):
        services.plan_section_delete(section=section)
    with pytest.raises(ValidationError):
        services.plan_version_update_title(version=version, title_en="a", title_fr="b")
    with pytest.raises(ValidationError):
        services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)


def test_later_edits_make_a_new_version_and_leave_the_published_one(process):
    review = published_review(process)
    fingerprint = review.fingerprint
    new = services.plan_version_create(plan=review.plan, actor=None)
    assert new.number == 2 and new.status == PlanVersion.Status.DRAFT
    section = new.sections.get(key="open-data")
    services.plan_section_update(
        section=section,
        kind="narrative",
        heading_en="Open data",
        heading_fr="Données ouvertes",
        body_en="Publish all data.",
        body_fr="Publier toutes les données.",
    )
    review.refresh_from_db()
    assert review.fingerprint == fingerprint
    assert review.paragraphs.get(number=3).text_en == "Publish more data."
    with pytest.raises(ValidationError, match="already exists"):
        services.plan_version_create(plan=review.plan, actor=None)


def test_english_and_french_need_the_same_number_of_paragraphs(process):
    version = draft_version(process)
    with pytest.raises(ValidationError) as error:
        services.plan_section_add(
            version=version,
            kind="narrative",
            heading_en="One",
            heading_fr="Un",
            body_en="First.\n\nSecond.",
            body_fr="Premier.",
        )
    assert "same number of paragraphs" in str(error.value)
    assert version.sections.count() == 2


def test_empty_or_too_long_headings_are_refused(process):
    version = draft_version(process)
    with pytest.raises(ValidationError):
        services.plan_section_add(version=version, kind="narrative", heading_en=" ", heading_fr="x")
    with pytest.raises(ValidationError):
        services.plan_section_add(
            version=version, kind="narrative", heading_en="x" * 300, heading_fr="x"
        )


def test_empty_draft_cannot_be_published(process):
    version = draft_version(process, sections=[("Empty", "Vide", "", "")])
    with pytest.raises(ValidationError, match="no text"):
        services.plan_version_publish(version=version, status=PlanVersion.Status.REVIEW, actor=None)
    assert not PlanParagraph.objects.exists()


def test_final_needs_cabinet_approval_of_this_exact_text(process):
    review = published_review(process)
    version = services.plan_version_create(plan=review.plan, actor=None)
    with pytest.raises(ValidationError, match="Cabinet has not approved"):
        services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)
    approve(version)
    # An edit after the approval makes it stale.
    services.plan_section_add(
        version=version,
        kind="narrative",
        heading_en="Late",
        heading_fr="Tard",
        body_en="a",
        body_fr="a",
    )
    with pytest.raises(ValidationError, match="Cabinet has not approved"):
        services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)
    approve(version)
    final = services.plan_version_publish(
        version=version, status=PlanVersion.Status.FINAL, actor=None
    )
    assert final.based_on == review
    review.refresh_from_db()
    assert review.status == PlanVersion.Status.SUPERSEDED


def test_final_needs_a_review_draft_first(process):
    version = draft_version(process)
    approve(version)
    with pytest.raises(ValidationError, match="for public review before"):
        services.plan_version_publish(version=version, status=PlanVersion.Status.FINAL, actor=None)


def test_cabinet_review_transitions_and_history(process, administrator):
    version = draft_version(process)
    review = services.cabinet_review_submit(
        version=version, actor=administrator, notes_en="Please", notes_fr="S’il vous plaît"
    )
    with pytest.raises(ValidationError, match="already with Cabinet"):
        services.cabinet_review_submit(version=version, actor=administrator)
    services.cabinet_review_decide(
        review=review,
        status=CabinetReview.Status.CHANGES_REQUESTED,
        actor=administrator,
        notes_en="Shorter",
        notes_fr="Plus court",
    )
    with pytest.raises(ValidationError, match="cannot go from"):
        services.cabinet_review_decide(
            review=review, status=CabinetReview.Status.APPROVED, actor=administrator
        )
    kinds = list(version.plan.events.order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        PlanEvent.Kind.VERSION_CREATED,
        PlanEvent.Kind.SUBMITTED_TO_CABINET,
        PlanEvent.Kind.CABINET_CHANGES_REQUESTED,
    ]
    assert version.plan.events.get(kind=PlanEvent.Kind.CABINET_CHANGES_REQUESTED).notes == "Shorter"


def test_sections_move_and_keep_unique_keys(process):
    version = draft_version(process)
    again = services.plan_section_add(
        version=version, kind="narrative", heading_en="Introduction", heading_fr="Intro"
    )
    assert again.key == "introduction-2"
    services.plan_section_move(section=again, offset=-1)
    keys = list(version.sections.order_by("position").values_list("key", flat=True))
    assert keys == ["introduction", "introduction-2", "open-data"]


def test_change_explanation_cites_only_published_comments_of_the_process(process):
    from coplan.contributions.models import ModerationState
    from tests.plans.factories import comment, plan_opportunities
    from tests.processes.factories import ProcessFactory

    draft_opportunity, _final = plan_opportunities(process)
    review = published_review(process)
    old = review.paragraphs.get(number=3)
    published = comment(old, opportunity=draft_opportunity)
    pending = comment(old, opportunity=draft_opportunity, state=ModerationState.PENDING)
    other = ProcessFactory()
    foreign_opportunity, _ = plan_opportunities(other)
    foreign = comment(published_review(other).paragraphs.first(), opportunity=foreign_opportunity)
    final = published_final(review)
    new = final.paragraphs.get(number=3)
    for bad in (pending.pk, foreign.pk, 999_999):
        with pytest.raises(ValidationError, match="Only published comments"):
            services.change_explain(
                version=final,
                old_paragraph=old,
                new_paragraph=new,
                explanation_en="x",
                explanation_fr="x",
                cited_comment_ids=[bad],
            )
    with pytest.raises(ValidationError):
        services.change_explain(
            version=final,
            old_paragraph=new,
            new_paragraph=None,
            explanation_en="x",
            explanation_fr="x",
            cited_comment_ids=[],
        )
    explanation = services.change_explain(
        version=final,
        old_paragraph=old,
        new_paragraph=new,
        explanation_en="Because",
        explanation_fr="Parce que",
        cited_comment_ids=[published.pk],
    )
    assert list(explanation.cited_comments.all()) == [published]


def test_cabinet_notes_are_kept_in_both_languages_and_refused_in_one(process, administrator):
    """Notes on a Cabinet review are stored in English and French (the review and its history
    event); notes in one language only are refused and nothing is stored."""
    version = draft_version(process)
    with pytest.raises(ValidationError, match="in English and in French"):
        services.cabinet_review_submit(version=version, actor=administrator, notes_en="Please")
    assert not version.cabinet_reviews.exists()
    review = services.cabinet_review_submit(
        version=version, actor=administrator, notes_en="Please", notes_fr="Veuillez examiner"
    )
    with pytest.raises(ValidationError, match="in English and in French"):
        services.cabinet_review_decide(
            review=review,
            status=CabinetReview.Status.APPROVED,
            actor=administrator,
            notes_fr="Approuvé",
        )
    review.refresh_from_db()
    assert review.status == CabinetReview.Status.SUBMITTED
    services.cabinet_review_decide(
        review=review,
        status=CabinetReview.Status.APPROVED,
        actor=administrator,
        notes_en="Approved",
        notes_fr="Approuvé",
    )
    review.refresh_from_db()
    assert (review.submission_notes_en, review.submission_notes_fr) == (
        "Please",
        "Veuillez examiner",
    )
    assert (review.decision_notes_en, review.decision_notes_fr) == ("Approved", "Approuvé")
    event = version.plan.events.get(kind=PlanEvent.Kind.CABINET_APPROVED)
    assert (event.notes_en, event.notes_fr) == ("Approved", "Approuvé")
