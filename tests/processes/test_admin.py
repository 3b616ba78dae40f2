"""Staff write both languages: the admin shows an English and a French field for each text."""

import pytest


@pytest.mark.django_db
def test_process_admin_shows_both_languages(client, process):
    from tests.accounts.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(f"/en/admin/processes/process/{process.pk}/change/")
    assert response.status_code == 200
    html = response.content.decode()
    for field in ["title_en", "title_fr", "summary_en", "summary_fr"]:
        assert f'name="{field}"' in html


@pytest.mark.django_db
def test_french_title_is_required(process):
    from django.core.exceptions import ValidationError

    from coplan.processes.admin import ProcessAdmin  # noqa: F401 - the admin registers fields

    process.title_fr = ""
    with pytest.raises(ValidationError):
        process.full_clean()
