"""Staff writes land in the audit log; sign-in and password reset are throttled per account
and per client."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from coplan.accounts.models import User
from coplan.core.models import StaffAction
from tests.accounts.factories import staff_with_role

from .helpers import verified_session


@pytest.fixture(autouse=True)
def _mfa_on(settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True


@pytest.mark.django_db
def test_a_staff_change_in_the_admin_is_audited_without_form_data(client):
    administrator = staff_with_role("administrator", is_superuser=True)
    verified_session(client, administrator)
    before = StaffAction.objects.count()
    response = client.post("/en/admin/auth/group/add/", {"name": "Treasury reviewers"})
    assert response.status_code == 302, response.content.decode()[:3000]
    group = Group.objects.get(name="Treasury reviewers")
    action = StaffAction.objects.order_by("-at").first()
    assert StaffAction.objects.count() > before
    assert action.user == administrator and action.method == "POST"
    assert action.view_name == "admin:auth_group_add"
    assert "Treasury" not in str(action.__dict__)
    # Django's own admin log has the object too.
    assert LogEntry.objects.filter(object_id=str(group.pk)).exists()


@pytest.mark.django_db
def test_refused_staff_writes_and_participant_writes_are_not_audited(client, user, moderator):
    client.force_login(user)
    client.post("/en/account/", {"display_name": "X", "preferred_language": "en"})
    assert not StaffAction.objects.exists()


@pytest.mark.django_db
def test_staff_profile_change_is_audited(client, moderator):
    verified_session(client, moderator)
    client.post("/en/account/", {"display_name": "Mod", "preferred_language": "fr"})
    assert StaffAction.objects.filter(user=moderator, view_name="accounts:profile").exists()


@pytest.mark.django_db
def test_sign_in_is_limited_per_account_whatever_the_client(user, settings):
    settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "sign_in_account": "3/900"}
    codes = [
        Client(REMOTE_ADDR=f"198.51.100.{n}")
        .post("/fr/account/sign-in/", {"username": user.email, "password": "wrong"})
        .status_code
        for n in range(5)
    ]
    assert codes == [400, 400, 400, 429, 429]
    response = Client(REMOTE_ADDR="198.51.100.99").post(
        "/fr/account/sign-in/", {"username": user.email, "password": "wrong"}
    )
    assert "Trop de requêtes" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_round_trip_in_french(client, user):
    response = client.post("/fr/account/password-reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Choisissez un nouveau mot de passe" in message.subject
    link = next(line for line in message.body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]
    confirm = client.get("/" + path, follow=True)
    assert confirm.status_code == 200
    form_url = confirm.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 400
    done = client.post(
        form_url,
        {"new_password1": "a brand new pass phrase", "new_password2": "a brand new pass phrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new pass phrase")


@pytest.mark.django_db
def test_password_reset_for_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post("/en/account/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302 and not mail.outbox


@pytest.mark.django_db
def test_password_reset_is_limited_per_account_and_per_client(user, settings):
    settings.COPLAN_RATE_LIMITS = {
        **settings.COPLAN_RATE_LIMITS,
        "password_reset_account": "2/3600",
        "password_reset": "4/900",
    }
    per_account = [
        Client(REMOTE_ADDR=f"203.0.113.{n}")
        .post("/en/account/password-reset/", {"email": user.email})
        .status_code
        for n in range(3)
    ]
    assert per_account == [302, 302, 429] and len(mail.outbox) == 2
    client = Client(REMOTE_ADDR="203.0.113.200")
    per_client = [
        client.post("/en/account/password-reset/", {"email": f"x{n}@example.org"}).status_code
        for n in range(5)
    ]
    assert per_client == [302, 302, 302, 302, 429]
    assert User.objects.count() == 1
