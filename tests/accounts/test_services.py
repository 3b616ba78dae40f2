"""Account services: registering a participant, giving and taking roles (recorded, staff status
and sessions following), organisations saved and deleted only when nothing names them.

The second-factor services are proven by the two-step sign-in tests."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from coplan.accounts import roles, services
from coplan.accounts.models import EmailLinkRequest, Organisation, RoleChange, User
from tests.accounts.factories import OrganisationFactory, UserFactory, staff_with_role

pytestmark = pytest.mark.django_db


def test_register_makes_a_participant_with_a_lower_case_address():
    user = services.user_register(
        email="Alice@Example.org", password="x" * 20, preferred_language="fr"
    )
    assert user.email == "alice@example.org" and user.preferred_language == "fr"
    assert list(user.groups.values_list("name", flat=True)) == [roles.PARTICIPANT]
    assert user.check_password("x" * 20) and not user.is_staff


def test_registering_a_known_address_stores_nothing_more(user):
    with pytest.raises(IntegrityError):
        services.user_register(email=user.email, password="x" * 20)


def test_a_link_request_is_the_same_work_whatever_the_address(user, mailoutbox):
    """The row is checked and stored, its task queued (run at once here): only the worker
    looks the address up, mails an account's owner and forgets the address."""
    known = services.email_link_request(kind="sign_in", email=f" {user.email} ", language="en")
    services.email_link_request(kind="sign_in", email="nobody@example.org", language="fr")
    assert known.email == user.email
    assert [message.to for message in mailoutbox] == [[user.email]]
    assert not EmailLinkRequest.objects.exists()
    with pytest.raises(ValidationError):
        services.email_link_request(kind="sign_in", email="not an address", language="en")
    with pytest.raises(ValidationError):
        services.email_link_request(kind="teleport", email=user.email, language="en")
    assert len(mailoutbox) == 1


def test_roles_ensure_makes_every_role_once():
    first = services.roles_ensure()
    assert [group.name for group in first] == list(roles.ROLES)
    assert services.roles_ensure() == first
    assert Group.objects.filter(name__in=roles.ROLES).count() == len(roles.ROLES)


def test_granting_a_staff_role_marks_staff_and_an_unknown_role_is_refused(user):
    services.user_grant_role(user=user, role="analyst")
    user.refresh_from_db()
    assert user.is_staff and user.has_role("analyst")
    with pytest.raises(ValueError, match="Unknown role"):
        services.user_grant_role(user=user, role="emperor")


def test_roles_set_records_each_change_and_signs_sessions_out_on_removal(administrator):
    person = staff_with_role("moderator")
    granted, removed = services.user_roles_set(
        user=person, new_roles=["analyst", "moderator"], by=administrator
    )
    assert (granted, removed) == ({"analyst"}, set())
    person.refresh_from_db()
    assert person.session_generation == 0
    granted, removed = services.user_roles_set(user=person, new_roles=[], by=administrator)
    assert (granted, removed) == (set(), {"analyst", "moderator"})
    person.refresh_from_db()
    assert person.session_generation == 1 and not person.is_staff
    changes = sorted(RoleChange.objects.values_list("role", "action", "by"))
    assert changes == [
        ("analyst", "granted", administrator.pk),
        ("analyst", "removed", administrator.pk),
        ("moderator", "removed", administrator.pk),
    ]


def test_roles_set_refuses_unknown_roles_in_both_languages(administrator):
    from django.utils import translation

    person = UserFactory()
    with pytest.raises(ValidationError, match="Choose roles from the list"):
        services.user_roles_set(user=person, new_roles=["emperor"], by=administrator)
    with translation.override("fr"), pytest.raises(ValidationError, match="Choisissez"):
        services.user_roles_set(user=person, new_roles=["emperor"], by=administrator)
    assert not RoleChange.objects.exists()


def test_an_administrator_keeps_their_own_role_and_the_site_its_last_one(administrator):
    with pytest.raises(ValidationError, match="your own administrator role"):
        services.user_roles_set(user=administrator, new_roles=[], by=administrator)
    colleague = staff_with_role("administrator")
    services.user_roles_set(user=colleague, new_roles=[], by=administrator)
    assert not colleague.groups.filter(name=roles.ADMINISTRATOR).exists()
    outsider = UserFactory()
    with pytest.raises(ValidationError, match="at least one administrator"):
        services.user_roles_set(user=administrator, new_roles=[], by=outsider)
    assert administrator.groups.filter(name=roles.ADMINISTRATOR).exists()


def test_organisation_save_checks_before_storing():
    data = {"slug": "tbs", "name_en": "Treasury Board", "name_fr": "Conseil du Trésor"}
    organisation = services.organisation_save(data={**data, "kind": "department"})
    assert Organisation.objects.get(slug="tbs").name_fr == "Conseil du Trésor"
    services.organisation_save(data={"acronym_en": "TBS"}, organisation=organisation)
    assert Organisation.objects.get().acronym_en == "TBS"
    with pytest.raises(ValidationError):
        services.organisation_save(data={**data, "slug": "other", "kind": "guild"})
    assert Organisation.objects.count() == 1


def test_an_organisation_with_members_is_not_deleted():
    organisation = OrganisationFactory()
    member = UserFactory(organisation=organisation)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        services.organisation_delete(organisation=organisation)
    member.delete()
    services.organisation_delete(organisation=organisation)
    assert not Organisation.objects.exists()
    assert not User.objects.exists()
