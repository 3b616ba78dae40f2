"""A staff role given by any path marks the account as staff: requests tell staff apart by the
mark alone (no query per request), so the mark must never be missing."""

import pytest
from django.contrib.auth.models import Group

from coplan.accounts.roles import MODERATOR, PARTICIPANT
from coplan.core.security import is_staff_account
from tests.accounts.factories import UserFactory


@pytest.mark.django_db
def test_adding_a_staff_group_to_the_user_marks_staff():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=MODERATOR)[0])
    user.refresh_from_db()
    assert user.is_staff and is_staff_account(user)


@pytest.mark.django_db
def test_adding_the_user_to_a_staff_group_from_the_group_side_marks_staff():
    user = UserFactory()
    Group.objects.get_or_create(name=MODERATOR)[0].user_set.add(user)
    user.refresh_from_db()
    assert user.is_staff and is_staff_account(user)


@pytest.mark.django_db
def test_the_participant_role_is_not_staff():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=PARTICIPANT)[0])
    user.refresh_from_db()
    assert not user.is_staff and not is_staff_account(user)


@pytest.mark.django_db
def test_staff_pages_ask_a_moderator_added_through_groups_for_a_second_factor(client, settings):
    settings.COPLAN_STAFF_MFA_REQUIRED = True
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=MODERATOR)[0])
    client.force_login(user)
    response = client.get("/en/staff/moderation/")
    assert response.status_code == 302 and "/two-step/" in response["Location"]
