"""Cabinet review of a version and its notes in both languages (plans.services.cabinet)."""

import pytest
from django.core.exceptions import ValidationError

from coplan.plans import services
from coplan.plans.models import CabinetReview, PlanEvent
from tests.plans.factories import draft_version

pytestmark = pytest.mark.django_db


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
