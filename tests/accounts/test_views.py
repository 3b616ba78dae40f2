from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from coplan.accounts.models import User
from tests.accounts.factories import TEST_PASSWORD


def _finish_link(outbox_message) -> str:
    """The path of the registration link in an email."""
    line = next(line for line in outbox_message.body.splitlines() if "/account/register/" in line)
    return "/" + line.split("://", 1)[1].split("/", 1)[1]


def _register(client, email: str, language: str = "en"):
    response = client.post(f"/{language}/account/register/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/account/register/sent/"


@pytest.mark.django_db
class TestRegistration:
    def test_register_creates_a_participant_and_signs_in(self, client):
        """The address gets a link; the link's page takes name, language and password, makes
        the participant and signs them in; the link then no longer works."""
        _register(client, "New@Example.org", "fr")
        assert not User.objects.exists()
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["New@Example.org"]
        assert "Terminez la création de votre compte" in mail.outbox[0].subject
        link = _finish_link(mail.outbox[0])
        page = client.get(link)
        assert page.status_code == 200 and "new@example.org" in page.content.decode()
        response = client.post(
            link,
            {
                "display_name": "Jane",
                "preferred_language": "fr",
                "password": "a long enough pass phrase",
            },
        )
        assert response.status_code == 302
        user = User.objects.get(email="new@example.org")
        assert user.preferred_language == "fr"
        assert user.groups.filter(name="participant").exists()
        assert client.get("/fr/account/").status_code == 200
        client.logout()
        again = client.get(link)
        assert again.status_code == 400 and "Ce lien ne fonctionne plus" in again.content.decode()

    def test_registering_a_known_address_reveals_nothing(self, client, user):
        """Same page, same status for an address with an account; its owner, not the visitor,
        is told someone tried, and nothing is created."""
        _register(client, user.email.upper(), "fr")
        assert User.objects.count() == 1
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [user.email]
        assert "Someone tried to create an account" in mail.outbox[0].subject
        assert "/en/account/register/" not in mail.outbox[0].body
        assert "/en/account/password-reset/" in mail.outbox[0].body
        new = Client().post("/fr/account/register/", {"email": "fresh@example.org"})
        known = Client().post("/fr/account/register/", {"email": user.email})
        assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
        sent = Client().get(new["Location"]).content.decode()
        assert "Si cette adresse est nouvelle" in sent

    def test_link_requests_are_forgotten_once_sent(self, client, user):
        """The address typed is kept only until the email goes."""
        from coplan.accounts.models import EmailLinkRequest

        _register(client, "someone@example.org")
        _register(client, user.email)
        assert not EmailLinkRequest.objects.exists()

    def test_tampered_registration_link_is_refused(self, client):
        _register(client, "t@example.org")
        link = _finish_link(mail.outbox[0])
        response = client.post(
            link[:-3] + "xyz/", {"preferred_language": "en", "password": "a long pass phrase"}
        )
        assert response.status_code == 400 and not User.objects.exists()

    def test_registration_link_expires(self, client, settings):
        settings.COPLAN_REGISTRATION_LINK_AGE = 60
        _register(client, "late@example.org")
        link = _finish_link(mail.outbox[0])
        with time_machine.travel(timezone.now() + timedelta(seconds=61)):
            assert client.get(link).status_code == 400

    def test_weak_password_is_refused(self, client):
        _register(client, "x@example.org")
        response = client.post(
            _finish_link(mail.outbox[0]), {"preferred_language": "en", "password": "short"}
        )
        assert response.status_code == 400 and not User.objects.filter(email="x@example.org")

    def test_password_under_fifteen_characters_is_refused(self, client):
        """Passwords need at least 15 characters (14 is refused, in the request's language)."""
        _register(client, "y@example.org", "fr")
        response = client.post(
            _finish_link(mail.outbox[0]),
            {"preferred_language": "fr", "password": "fourteen chars"},
        )
        assert response.status_code == 400
        assert "15" in response.content.decode()
        assert not User.objects.filter(email="y@example.org").exists()

    def test_common_password_is_refused_even_if_long(self, client):
        _register(client, "z@example.org")
        response = client.post(
            _finish_link(mail.outbox[0]),
            {"preferred_language": "en", "password": "1q2w3e4r5t6y7u8i9o0p"},
        )
        assert response.status_code == 400
        assert "too common" in response.content.decode()
        assert not User.objects.filter(email="z@example.org").exists()

    def test_bad_address_gets_the_error_summary(self, client):
        response = client.post("/fr/account/register/", {"email": "not an address"})
        assert response.status_code == 400
        assert 'class="error-summary"' in response.content.decode() and not mail.outbox

    def test_one_address_cannot_be_flooded(self, client, settings):
        settings.COPLAN_RATE_LIMITS = {
            **settings.COPLAN_RATE_LIMITS,
            "email_link_account": "2/3600",
        }
        codes = [
            Client(REMOTE_ADDR=f"203.0.113.{n}")
            .post("/en/account/register/", {"email": "target@example.org"})
            .status_code
            for n in range(3)
        ]
        assert codes == [302, 302, 429] and len(mail.outbox) == 2

    def test_sign_in_with_email(self, client, user):
        response = client.post(
            "/en/account/sign-in/", {"username": user.email, "password": TEST_PASSWORD}
        )
        assert response.status_code == 302

    def test_sign_in_is_rate_limited(self, client, user, settings):
        settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "sign_in": "3/300"}
        codes = [
            client.post(
                "/fr/account/sign-in/", {"username": user.email, "password": "wrong"}
            ).status_code
            for _ in range(4)
        ]
        assert codes[-1] == 429
        assert codes[:3] == [400, 400, 400]

    def test_account_page_needs_sign_in(self, client):
        assert client.get("/en/account/").status_code == 302

    def test_forms_carry_csrf_tokens(self, client):
        client_csrf = client.__class__(enforce_csrf_checks=True)
        response = client_csrf.post("/en/account/register/", {"email": "a@example.org"})
        assert response.status_code == 403


@pytest.mark.django_db
def test_roles_exist_as_groups():
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {
        "participant",
        "moderator",
        "analyst",
        "forum member",
        "department reporter",
        "administrator",
    }
