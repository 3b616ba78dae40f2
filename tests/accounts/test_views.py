import pytest

from coplan.accounts.models import User
from tests.accounts.factories import TEST_PASSWORD


@pytest.mark.django_db
class TestRegistration:
    def test_register_creates_a_participant_and_signs_in(self, client):
        response = client.post(
            "/fr/account/register/",
            {
                "email": "New@Example.org",
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

    def test_duplicate_email_is_refused_in_french(self, client, user):
        response = client.post(
            "/fr/account/register/",
            {
                "email": user.email.upper(),
                "preferred_language": "fr",
                "password": "a long enough pass phrase",
            },
        )
        assert response.status_code == 400
        assert "Un compte existe déjà" in response.content.decode()
        assert User.objects.count() == 1

    def test_weak_password_is_refused(self, client):
        response = client.post(
            "/en/account/register/",
            {"email": "x@example.org", "preferred_language": "en", "password": "short"},
        )
        assert response.status_code == 400 and not User.objects.filter(email="x@example.org")

    def test_password_under_fifteen_characters_is_refused(self, client):
        """Passwords need at least 15 characters (14 is refused, in the request's language)."""
        response = client.post(
            "/fr/account/register/",
            {"email": "y@example.org", "preferred_language": "fr", "password": "fourteen chars"},
        )
        assert response.status_code == 400
        assert "15" in response.content.decode()
        assert not User.objects.filter(email="y@example.org").exists()

    def test_common_password_is_refused_even_if_long(self, client):
        response = client.post(
            "/en/account/register/",
            {
                "email": "z@example.org",
                "preferred_language": "en",
                "password": "1q2w3e4r5t6y7u8i9o0p",
            },
        )
        assert response.status_code == 400
        assert "too common" in response.content.decode()
        assert not User.objects.filter(email="z@example.org").exists()

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
