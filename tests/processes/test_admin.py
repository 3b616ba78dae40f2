"""Staff write both languages: the admin shows an English and a French field for each text."""

import pytest

from tests.processes.helpers import _opportunity_form


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


@pytest.mark.django_db
def test_opportunity_opened_in_the_admin_goes_through_the_service(client, process):
    """Opening an opportunity in the admin records the change like the scheduler does (the
    record notifications announces from), and the other fields are saved too."""
    from coplan.processes.models import OpportunityStatusChange
    from tests.accounts.factories import UserFactory
    from tests.processes.factories import OpportunityFactory

    opportunity = OpportunityFactory(phase=process.phases.first(), status="announced")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/en/admin/processes/opportunity/{opportunity.pk}/change/"
    response = client.post(url, _opportunity_form(opportunity, status="open", title_en="Renamed"))
    assert response.status_code == 302, response.context_data["adminform"].form.errors
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.title_en) == ("open", "Renamed")
    change = OpportunityStatusChange.objects.get(opportunity=opportunity)
    assert (change.from_status, change.to_status, change.by_scheduler) == (
        "announced",
        "open",
        False,
    )


@pytest.mark.django_db
def test_admin_refuses_a_transition_the_service_does_not_allow(client, process):
    """Open → to be announced is refused with the translated message; nothing is saved."""
    from coplan.processes.models import OpportunityStatusChange
    from tests.accounts.factories import UserFactory
    from tests.processes.factories import OpportunityFactory

    opportunity = OpportunityFactory(phase=process.phases.first(), status="open")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/fr/admin/processes/opportunity/{opportunity.pk}/change/"
    response = client.post(
        url, _opportunity_form(opportunity, status="announced", title_en="Renamed")
    )
    assert response.status_code == 200
    assert "Une occasion de participation ne peut pas passer" in response.content.decode()
    opportunity.refresh_from_db()
    assert (opportunity.status, opportunity.title_en) != ("announced", "Renamed")
    assert not OpportunityStatusChange.objects.exists()
