"""The lists staff keep from the back office (themes of the plan, dispositions, moderation
reasons, organisations): added and changed with both languages side by side; a missing French
name is a 400 with the error summary and nothing stored; one in use is never deleted."""

from __future__ import annotations

import pytest

from coplan.accounts.models import Organisation
from coplan.analysis.models import ContributionAssessment, Disposition
from coplan.commitments.models import Theme
from coplan.core.models import StaffAction
from coplan.moderation.forms import DecisionForm
from coplan.moderation.models import ModerationReason
from tests.accounts.factories import UserFactory
from tests.commitments.factories import make_commitment
from tests.contributions.factories import ContributionFactory

# For each list: its URL, a valid post, the French name's field and the model.
LISTS = {
    "themes": (
        {"slug": "open-data", "label_en": "Open data", "label_fr": "Données ouvertes"},
        "label_fr",
        Theme,
    ),
    "dispositions": (
        {
            "code": "future",
            "name_en": "For future consideration",
            "name_fr": "Pour examen futur",
            "description_en": "",
            "description_fr": "",
            "position": "3",
            "counts_as_response": "on",
        },
        "name_fr",
        Disposition,
    ),
    "moderation-reasons": (
        {
            "slug": "test-off-topic",
            "title_en": "Off topic",
            "title_fr": "Hors sujet",
            "explanation_en": "Stay on the subject of the consultation.",
            "explanation_fr": "Restez dans le sujet de la consultation.",
            "position": "1",
            "is_active": "on",
        },
        "title_fr",
        ModerationReason,
    ),
    "organisations": (
        {
            "slug": "tbs",
            "name_en": "Treasury Board of Canada Secretariat",
            "name_fr": "Secrétariat du Conseil du Trésor du Canada",
            "acronym_en": "TBS",
            "acronym_fr": "SCT",
            "kind": "department",
            "website": "canada.ca/tbs",
        },
        "name_fr",
        Organisation,
    ),
}


def _entry(model, data):
    """The entry the post made (lists may hold entries from the migrations already)."""
    key = "code" if "code" in data else "slug"
    return model.objects.filter(**{key: data[key]}).first()


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.mark.parametrize("path", sorted(LISTS))
def test_an_entry_is_added_then_changed_and_each_write_is_audited(path, staff_client):
    data, french, model = LISTS[path]
    response = staff_client.post(f"/en/staff/settings/{path}/new/", data)
    assert response.status_code == 302 and response["Location"] == f"/en/staff/settings/{path}/"
    entry = _entry(model, data)
    assert getattr(entry, french) == data[french]
    response = staff_client.post(
        f"/en/staff/settings/{path}/{entry.pk}/", data | {french: "Nouveau nom"}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert getattr(entry, french) == "Nouveau nom"
    listing = staff_client.get(f"/fr/staff/settings/{path}/").content.decode()
    assert "Nouveau nom" in listing
    assert StaffAction.objects.filter(view_name__startswith="backoffice:").count() == 2


@pytest.mark.parametrize("path", sorted(LISTS))
def test_an_entry_without_its_french_name_is_refused_unsaved(path, staff_client):
    data, french, model = LISTS[path]
    response = staff_client.post(f"/fr/staff/settings/{path}/new/", data | {french: ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page and "en français" in page
    assert _entry(model, data) is None


def test_the_website_of_an_organisation_is_secure_by_default(staff_client):
    staff_client.post("/en/staff/settings/organisations/new/", LISTS["organisations"][0])
    assert Organisation.objects.get().website == "https://canada.ca/tbs"


def test_a_theme_in_use_is_not_deleted_and_a_free_one_is(staff_client):
    used = Theme.objects.create(slug="used", label_en="Used", label_fr="Utilisé")
    free = Theme.objects.create(slug="free", label_en="Free", label_fr="Libre")
    make_commitment().themes.add(used)
    assert staff_client.get(f"/en/staff/settings/themes/{used.pk}/delete/").status_code == 200
    response = staff_client.post(f"/en/staff/settings/themes/{used.pk}/delete/")
    assert response.status_code == 400
    assert "Commitments have this theme" in response.content.decode()
    assert Theme.objects.filter(pk=used.pk).exists()
    response = staff_client.post(f"/en/staff/settings/themes/{free.pk}/delete/")
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=free.pk).exists()


def test_an_organisation_with_members_or_a_disposition_given_is_not_deleted(
    staff_client, open_ideas
):
    organisation = Organisation.objects.create(
        slug="pco",
        name_en="Privy Council Office",
        name_fr="Bureau du Conseil privé",
        kind="department",
    )
    UserFactory(organisation=organisation)
    response = staff_client.post(f"/fr/staff/settings/organisations/{organisation.pk}/delete/")
    assert response.status_code == 400
    assert "ne peut pas être supprimée" in response.content.decode()
    assert Organisation.objects.filter(pk=organisation.pk).exists()

    disposition = Disposition.objects.create(code="in", name_en="In", name_fr="Retenue")
    ContributionAssessment.objects.create(
        contribution=ContributionFactory(opportunity=open_ideas), disposition=disposition
    )
    response = staff_client.post(f"/en/staff/settings/dispositions/{disposition.pk}/delete/")
    assert response.status_code == 400
    assert Disposition.objects.filter(pk=disposition.pk).exists()


def test_a_reason_set_aside_is_no_longer_offered_to_moderators(staff_client):
    data = LISTS["moderation-reasons"][0]
    staff_client.post("/en/staff/settings/moderation-reasons/new/", data)
    reason = ModerationReason.objects.get(slug=data["slug"])
    assert reason in DecisionForm().fields["reason"].queryset
    staff_client.post(
        f"/en/staff/settings/moderation-reasons/{reason.pk}/",
        {k: v for k, v in data.items() if k != "is_active"},
    )
    reason.refresh_from_db()
    assert not reason.is_active
    assert reason not in DecisionForm().fields["reason"].queryset
    # Reasons are never deleted: the moderation log cites them.
    assert (
        staff_client.get(f"/en/staff/settings/moderation-reasons/{reason.pk}/delete/").status_code
        == 404
    )


def test_an_analyst_keeps_the_dispositions_and_sees_only_them_in_settings(client, analyst):
    client.force_login(analyst)
    page = client.get("/en/staff/settings/").content.decode()
    assert "/en/staff/settings/dispositions/" in page
    assert "/settings/themes/" not in page and "/settings/people/" not in page
    assert client.get("/en/staff/settings/themes/").status_code == 403


def test_the_list_offers_deletion_only_where_it_exists(staff_client):
    Theme.objects.create(slug="free", label_en="Free", label_fr="Libre")
    assert "/delete/" in staff_client.get("/en/staff/settings/themes/").content.decode()
    reasons = staff_client.get("/en/staff/settings/moderation-reasons/").content.decode()
    assert "/delete/" not in reasons
