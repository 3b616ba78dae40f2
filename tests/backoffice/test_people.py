"""Staff roles from the back office: an administrator finds a person by email address and
gives or takes their roles; each change is recorded (who, what, by whom, when); taking a role
away signs the person out everywhere, at once; an administrator cannot take away their own
administrator role, and the site never loses its last administrator."""

from __future__ import annotations

import pytest
from django.test import Client

from coplan.accounts.models import RoleChange, User
from coplan.core.models import StaffAction
from tests.accounts.factories import UserFactory


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


def _roles(user: User) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def test_a_person_is_found_by_email_and_given_a_role(staff_client, administrator):
    person = UserFactory(email="lea.tremblay@example.ca")
    response = staff_client.post("/en/staff/settings/people/", {"email": "Lea.Tremblay@example.ca"})
    assert response["Location"] == f"/en/staff/settings/people/{person.pk}/"
    response = staff_client.post(response["Location"], {"roles": ["analyst", "moderator"]})
    assert response.status_code == 302
    person.refresh_from_db()
    assert _roles(person) == {"analyst", "moderator"} and person.is_staff
    changes = RoleChange.objects.filter(user=person)
    assert set(changes.values_list("role", "action", "by")) == {
        ("analyst", "granted", administrator.pk),
        ("moderator", "granted", administrator.pk),
    }
    page = staff_client.get(f"/fr/staff/settings/people/{person.pk}/").content.decode()
    assert "Analyste" in page and administrator.email in page
    listing = staff_client.get("/en/staff/settings/people/").content.decode()
    assert "lea.tremblay@example.ca" in listing
    assert StaffAction.objects.filter(view_name="backoffice:person").exists()


def test_an_unknown_address_is_a_clear_400(staff_client):
    response = staff_client.post("/fr/staff/settings/people/", {"email": "nobody@example.ca"})
    assert response.status_code == 400
    assert "Aucun compte" in response.content.decode()
    response = staff_client.post("/en/staff/settings/people/", {"email": "not an address"})
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()


def test_taking_a_role_away_signs_the_person_out_at_once(staff_client, moderator):
    theirs = Client()
    theirs.force_login(moderator)
    assert theirs.get("/en/staff/moderation/").status_code == 200
    # Giving a role does not end their session.
    staff_client.post(
        f"/en/staff/settings/people/{moderator.pk}/", {"roles": ["moderator", "analyst"]}
    )
    assert theirs.get("/en/staff/moderation/").status_code == 200
    staff_client.post(f"/en/staff/settings/people/{moderator.pk}/", {"roles": ["analyst"]})
    response = theirs.get("/en/staff/moderation/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    moderator.refresh_from_db()
    assert _roles(moderator) == {"analyst"} and moderator.is_staff
    staff_client.post(f"/en/staff/settings/people/{moderator.pk}/", {})
    moderator.refresh_from_db()
    assert _roles(moderator) == set() and not moderator.is_staff
    assert RoleChange.objects.filter(user=moderator, action="removed").count() == 2


def test_an_administrator_cannot_take_away_their_own_administrator_role(
    staff_client, administrator
):
    other = UserFactory()
    staff_client.post(f"/en/staff/settings/people/{other.pk}/", {"roles": ["administrator"]})
    response = staff_client.post(
        f"/fr/staff/settings/people/{administrator.pk}/", {"roles": ["analyst"]}
    )
    assert response.status_code == 400
    assert "votre propre rôle d’administrateur" in response.content.decode()
    assert _roles(administrator) == {"administrator"}
    assert not RoleChange.objects.filter(user=administrator).exists()


def test_their_own_other_roles_go_and_this_session_stays(staff_client, administrator):
    elsewhere = Client()
    elsewhere.force_login(administrator)
    staff_client.post(
        f"/en/staff/settings/people/{administrator.pk}/", {"roles": ["administrator", "analyst"]}
    )
    response = staff_client.post(
        f"/en/staff/settings/people/{administrator.pk}/", {"roles": ["administrator"]}
    )
    assert response.status_code == 302
    assert staff_client.get("/en/staff/settings/people/").status_code == 200
    assert elsewhere.get("/en/staff/settings/people/").status_code == 302


def test_the_last_administrator_keeps_the_role(staff_client, administrator):
    """Another administrator removing the only other one: refused when none would be left."""
    other = UserFactory()
    staff_client.post(f"/en/staff/settings/people/{other.pk}/", {"roles": ["administrator"]})
    theirs = Client()
    theirs.force_login(other)
    administrator.is_active = False
    administrator.save(update_fields=["is_active"])
    response = theirs.post(f"/en/staff/settings/people/{administrator.pk}/", {"roles": []})
    # The inactive administrator may lose it: `other` remains.
    assert response.status_code == 302
    response = theirs.post(f"/en/staff/settings/people/{other.pk}/", {"roles": []})
    assert response.status_code == 400


def test_unknown_roles_are_refused(staff_client, moderator):
    response = staff_client.post(f"/en/staff/settings/people/{moderator.pk}/", {"roles": ["root"]})
    assert response.status_code == 400
    assert _roles(moderator) == {"moderator"}


def test_a_colleague_s_two_step_sign_in_is_reset_and_a_set_up_link_sent(
    staff_client, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    from django_otp import user_has_device

    from tests.security.helpers import enrolled

    enrolled(moderator)
    assert user_has_device(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/en/staff/settings/people/{moderator.pk}/two-step-reset/")
    assert response["Location"] == f"/en/staff/settings/people/{moderator.pk}/"
    assert not user_has_device(moderator)
    assert [message.to for message in mailoutbox] == [[moderator.email]]


def test_an_administrator_does_not_reset_their_own_two_step_sign_in(staff_client, administrator):
    from django_otp import user_has_device

    from tests.security.helpers import enrolled

    enrolled(administrator)
    page = staff_client.post(
        f"/en/staff/settings/people/{administrator.pk}/two-step-reset/", follow=True
    ).content.decode()
    assert "Another administrator resets your own two-step sign-in." in page
    assert user_has_device(administrator)


def test_a_staff_member_sees_their_role_changes_in_their_own_data(staff_client):
    import json

    from django.urls import reverse

    person = UserFactory()
    staff_client.post(f"/en/staff/settings/people/{person.pk}/", {"roles": ["analyst"]})
    theirs = Client()
    theirs.force_login(person)
    data = json.loads(b"".join(theirs.get(reverse("privacy:my_data_json")).streaming_content))
    records = data["records"]["accounts.RoleChange"]["records"]
    assert [(r["role"], r["action"]) for r in records] == [("analyst", "granted")]
