"""The privacy services (privacy.services): signed access links that expire and cannot be
forged, correction requests that move only forward, and the erasure of old client hashes."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from coplan.privacy import services
from coplan.privacy.models import AccessRequest, CorrectionRequest
from coplan.privacy.selectors import Subject


@pytest.mark.django_db
def test_client_hashes_are_erased_after_30_days():
    now = timezone.now()
    old = AccessRequest.objects.create(
        email="x@example.org", client_hash="a" * 32, requested_at=now - datetime.timedelta(days=31)
    )
    recent = AccessRequest.objects.create(
        email="y@example.org", client_hash="b" * 32, requested_at=now - datetime.timedelta(days=29)
    )
    run = services.client_hashes_run()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.client_hash == "" and recent.client_hash == "b" * 32
    assert run.counts == {"privacy.AccessRequest": 1}
    assert services.client_hashes_run().counts == {}


@pytest.mark.django_db
def test_an_access_link_names_its_request_for_a_day_only():
    request = AccessRequest.objects.create(email="jane@example.org", language="fr")
    token = services.access_link_token(request)
    assert services.access_request_from_token(token) == request
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        with translation.override("fr"), pytest.raises(ValidationError) as error:
            services.access_request_from_token(token)
        assert error.value.code == "expired"
        with translation.override("fr"):
            assert error.value.messages == ["Ce lien a expiré. Veuillez en demander un nouveau."]


@pytest.mark.django_db
def test_a_tampered_or_spent_link_is_not_valid():
    request = AccessRequest.objects.create(email="jane@example.org", language="en")
    token = services.access_link_token(request)
    forged = services.access_link_token(AccessRequest(pk="not-a-uuid"))
    for bad in (token[:-2] + "xx", "garbage", forged):
        with pytest.raises(ValidationError) as error:
            services.access_request_from_token(bad)
        assert error.value.code == "invalid"
    AccessRequest.objects.filter(pk=request.pk).update(deidentified_at=timezone.now())
    with pytest.raises(ValidationError, match="This link is not valid"):
        services.access_request_from_token(token)


def test_the_address_key_ignores_case_and_spaces_and_hides_the_address():
    key = services.address_key(" Jane@Example.org ")
    assert key == services.address_key("jane@example.org") and len(key) == 32
    assert "jane" not in key and key != services.address_key("john@example.org")


@pytest.mark.django_db
def test_a_correction_request_needs_someone_to_answer_and_is_due_in_30_days():
    with pytest.raises(ValidationError, match="an account or an email address"):
        services.correction_request_submit(
            subject=Subject(email=""), email="  ", details="Fix it.", language="en"
        )
    assert not CorrectionRequest.objects.exists()
    request = services.correction_request_submit(
        subject=Subject(email="jane@example.org"),
        email=" Jane@Example.org",
        details="My name is Roe.",
        language="fr",
    )
    assert request.email == "jane@example.org" and request.status == "received"
    assert request.due_on == CorrectionRequest.due_date(request.received_at)


@pytest.mark.django_db
def test_a_correction_request_moves_only_forward_and_closing_it_dates_the_answer(moderator):
    request = services.correction_request_submit(
        subject=Subject(email="jane@example.org"),
        email="jane@example.org",
        details="My name is Roe.",
        language="en",
    )
    services.correction_request_set_status(correction=request, status="in_progress", by=moderator)
    assert request.status == "in_progress" and request.answered_at is None
    services.correction_request_set_status(
        correction=request, status="corrected", by=moderator, response="Done."
    )
    assert (request.status, request.response, request.handled_by) == (
        "corrected",
        "Done.",
        moderator,
    )
    assert request.answered_at is not None
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        services.correction_request_set_status(correction=request, status="received")
    with translation.override("fr"):
        assert error.value.messages[0].startswith("Une demande de correction ne peut pas passer")


@pytest.mark.django_db
def test_two_staff_members_cannot_both_move_the_same_request():
    request = services.correction_request_submit(
        subject=Subject(email="jane@example.org"),
        email="jane@example.org",
        details="My name is Roe.",
        language="en",
    )
    stale = CorrectionRequest.objects.get(pk=request.pk)
    services.correction_request_set_status(correction=request, status="declined")
    with pytest.raises(ValidationError, match="Someone else changed this request"):
        services.correction_request_set_status(correction=stale, status="corrected")
