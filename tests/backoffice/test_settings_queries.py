"""The settings pages read a fixed number of queries however long their lists grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coplan.accounts.models import Organisation
from coplan.accounts.services import user_roles_set
from coplan.intake.models import Mailbox
from tests.accounts.factories import UserFactory


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _add(count: int, administrator, process) -> None:
    for _ in range(count):
        organisation = Organisation.objects.create(
            slug=f"org-{Organisation.objects.count()}",
            name_en="Org",
            name_fr="Org",
            kind="department",
        )
        person = UserFactory(organisation=organisation)
        user_roles_set(user=person, new_roles=["analyst", "moderator"], by=administrator)
        Mailbox.objects.create(
            process=process,
            label="Inbox",
            host="127.0.0.1",
            port=143,
            security="none",
            username="u",
            password_env="X",
        )


@pytest.mark.parametrize(
    "url",
    [
        "/en/staff/settings/people/",
        "/en/staff/settings/organisations/",
        "/en/staff/settings/mailboxes/",
    ],
)
def test_the_settings_lists_read_a_fixed_number_of_queries(client, administrator, process, url):
    client.force_login(administrator)
    _add(2, administrator, process)
    few = _queries(client, url)
    _add(6, administrator, process)
    assert _queries(client, url) == few
