"""Accounts: an address is stored in lower case and required; a person is named without their
address; roles read from groups (a superuser holds every staff role); raising the session
generation signs every earlier session out."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.accounts.models import EmailLinkRequest, Organisation, RoleChange, User
from coplan.accounts.services import user_grant_role
from tests.accounts.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_address_is_stored_in_lower_case_and_required():
    user = User.objects.create_user("Alice@Example.ORG", "x" * 20)
    assert user.email == "alice@example.org" and user.check_password("x" * 20)
    assert not user.is_staff and not user.is_superuser
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_user("", "x" * 20)


def test_a_superuser_is_staff():
    root = User.objects.create_superuser("root@example.org", "x" * 20)
    assert root.is_staff and root.is_superuser


def test_a_person_is_named_without_their_address():
    user = UserFactory(display_name="")
    assert str(user) == f"Participant {user.pk}"
    with translation.override("fr"):
        assert str(user) == f"Participant {user.pk}"
    user.display_name = "Alice"
    assert str(user) == "Alice"


def test_roles_come_from_groups_and_a_superuser_holds_every_staff_role():
    person = UserFactory()
    assert not person.has_role("moderator")
    user_grant_role(user=person, role="moderator")
    person = User.objects.get(pk=person.pk)
    assert person.has_role("moderator") and not person.has_role("analyst")
    root = User.objects.create_superuser("root@example.org", "x" * 20)
    assert root.has_role("analyst") and root.has_role("administrator")
    assert not root.has_role("participant")


def test_a_new_session_generation_changes_the_session_hash():
    user = UserFactory()
    before = user.get_session_auth_hash()
    assert user.session_generation == 0
    user.session_generation = 1
    first = user.get_session_auth_hash()
    user.session_generation = 2
    assert len({before, first, user.get_session_auth_hash()}) == 3


def test_records_name_themselves_for_the_admin():
    organisation = OrganisationFactory(name_en="Treasury Board")
    assert str(organisation) == "Treasury Board"
    assert Organisation.objects.get(pk=organisation.pk).name == "Treasury Board"
    request = EmailLinkRequest.objects.create(kind="sign_in", email="a@b.org", language="en")
    assert str(request).startswith("sign_in ")
    change = RoleChange.objects.create(user=UserFactory(), role="analyst", action="granted")
    assert str(change).endswith(" granted analyst")
