"""A volunteer's offer and staff's one answer (events.volunteering), through the services: every
wrong field at once and nothing stored, one answer per offer, and the reply emailed once in the
volunteer's language."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.events.models import VolunteerOffer
from coplan.events.volunteering import (
    volunteer_offer_answer,
    volunteer_offer_submit,
    volunteer_reply_send,
)
from tests.events.helpers import OFFER, _offer

pytestmark = pytest.mark.django_db


def _errors(language: str, process, **overrides) -> dict[str, list[str]]:
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            volunteer_offer_submit(process=process, **{**OFFER, **overrides})
        return error.value.message_dict


def test_every_wrong_field_is_said_at_once_in_the_pages_language(process):
    wrong = {"role": "juggle", "offer": " ", "name": "", "email": "nobody", "province": "ZZ"}
    errors = _errors("fr", process, **wrong)
    assert sorted(errors) == ["email", "name", "offer", "province", "role"]
    assert errors["role"] == ["Choisissez comment vous souhaitez aider."]
    assert errors["offer"] == ["Ce champ ne peut pas être vide."]
    assert _errors("en", process, **wrong)["role"] == ["Choose how you would like to help."]
    assert not VolunteerOffer.objects.exists()


def test_an_offer_is_stored_cleaned_and_an_unknown_language_is_english(process, user):
    volunteer = volunteer_offer_submit(
        process=process, **{**OFFER, "city": "  Moncton ", "province": ""}, language="de", user=user
    )
    assert (volunteer.email, volunteer.city, volunteer.province) == (
        "dominique@example.org",
        "Moncton",
        "",
    )
    assert (volunteer.language, volunteer.user, volunteer.status) == ("en", user, "received")


def test_a_closed_consultation_takes_no_volunteers(process):
    process.completed_on = datetime.date(2020, 1, 31)
    with pytest.raises(ValidationError) as error:
        _offer(process)
    assert error.value.code == "closed"


def test_an_offer_is_answered_once_and_the_reply_sent_once(
    process, administrator, django_capture_on_commit_callbacks
):
    volunteer = _offer(process, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        volunteer_offer_answer(
            volunteer=volunteer, status="declined", reply="Merci, pas cette fois.", by=administrator
        )
    assert (volunteer.status, volunteer.answered_by) == ("declined", administrator)
    (email,) = mail.outbox
    assert email.to == ["dominique@example.org"] and "Votre offre de bénévolat" in email.subject
    # The task run again sends nothing more.
    volunteer_reply_send.call(volunteer_id=volunteer.pk)
    assert len(mail.outbox) == 1
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        volunteer_offer_answer(
            volunteer=volunteer, status="accepted", reply="Finalement, oui.", by=administrator
        )
    with translation.override("fr"):
        assert error.value.message_dict["status"][0].startswith(
            "Une offre de bénévolat ne peut pas passer de"
        )


def test_an_answer_needs_a_reply_saying_what_to_write(process, administrator):
    volunteer = _offer(process)
    for language, message in (
        ("en", "Write the reply the person will receive."),
        ("fr", "Rédigez la réponse que la personne recevra."),
    ):
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                volunteer_offer_answer(
                    volunteer=volunteer, status="accepted", reply="  ", by=administrator
                )
            assert error.value.message_dict == {"reply": [message]}
    volunteer.refresh_from_db()
    assert volunteer.status == "received" and volunteer.answered_at is None


def test_two_staff_members_cannot_both_answer(process, administrator):
    volunteer = _offer(process)
    stale = VolunteerOffer.objects.get(pk=volunteer.pk)
    volunteer_offer_answer(volunteer=volunteer, status="accepted", reply="Yes.", by=administrator)
    with pytest.raises(ValidationError, match="Someone else has just answered"):
        volunteer_offer_answer(volunteer=stale, status="declined", reply="No.", by=administrator)


def test_no_reply_is_sent_for_an_offer_without_one_or_de_identified(process):
    volunteer = _offer(process)
    assert volunteer_reply_send.call(volunteer_id=volunteer.pk) is False
    assert volunteer_reply_send.call(volunteer_id=0) is False
    assert mail.outbox == []
