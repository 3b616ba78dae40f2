"""The mail worker's account emails: the message each kind of link request calls for, in the
right language, sent once; the address forgotten once the work is done."""

from __future__ import annotations

import pytest

from coplan.accounts.models import EmailLinkRequest
from coplan.accounts.tasks import email_link_send, mfa_enrol_link_send
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _send(kind: str, email: str, language: str = "en") -> tuple[bool, EmailLinkRequest]:
    request = EmailLinkRequest.objects.create(kind=kind, email=email, language=language)
    return email_link_send.call(request.pk), request


def test_registration_of_a_new_address_sends_its_link_in_the_asker_s_language(mailoutbox):
    sent, _ = _send("registration", "new@example.org", "fr")
    assert sent
    (message,) = mailoutbox
    assert message.to == ["new@example.org"]
    assert message.subject == "Terminez la création de votre compte sur Coplan"
    assert "http://127.0.0.1:8000/fr/" in message.body
    assert not EmailLinkRequest.objects.exists()


def test_registration_of_a_known_address_tells_its_owner_in_their_language(mailoutbox):
    owner = UserFactory(email="owner@example.org", preferred_language="fr")
    sent, _ = _send("registration", "Owner@Example.org", "en")
    assert sent
    (message,) = mailoutbox
    assert message.to == [owner.email]
    assert message.subject.startswith("Quelqu’un a tenté de créer un compte")
    assert "/account/register/finish/" not in message.body


def test_a_sign_in_link_goes_to_an_account_only(mailoutbox):
    user = UserFactory()
    sent, _ = _send("sign_in", "nobody@example.org")
    assert not sent and mailoutbox == []
    assert not EmailLinkRequest.objects.exists()
    sent, _ = _send("sign_in", user.email)
    assert sent
    (message,) = mailoutbox
    assert message.subject == "Your link to sign in to Coplan"
    assert "15" in message.body
    assert not EmailLinkRequest.objects.exists()


def test_a_password_reset_goes_to_an_active_account_only(mailoutbox):
    inactive = UserFactory(is_active=False)
    sent, _ = _send("password_reset", inactive.email)
    assert not sent and mailoutbox == []
    user = UserFactory()
    sent, _ = _send("password_reset", user.email)
    assert sent and [message.to for message in mailoutbox] == [[user.email]]


def test_a_task_run_again_sends_nothing_more(mailoutbox):
    user = UserFactory()
    _, request = _send("sign_in", user.email)
    assert email_link_send.call(request.pk) is False
    assert len(mailoutbox) == 1


def test_a_set_up_link_is_sent_once_per_request(mailoutbox):
    staff = UserFactory(preferred_language="en")
    assert mfa_enrol_link_send.call(staff.pk, "fr", 1000.0)
    assert mfa_enrol_link_send.call(staff.pk, "fr", 1000.0)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Configurez la connexion en deux étapes sur Coplan"
    assert mfa_enrol_link_send.call(staff.pk, "en", 2000.0)
    assert mailoutbox[1].subject == "Set up two-step sign-in on Coplan"


def test_no_set_up_link_for_an_inactive_or_unknown_account(mailoutbox):
    inactive = UserFactory(is_active=False)
    assert mfa_enrol_link_send.call(inactive.pk, "en", 1.0) is False
    assert mfa_enrol_link_send.call(inactive.pk + 100, "en", 1.0) is False
    assert mailoutbox == []
