"""Static pages from the back office: written side by side in both languages, shown at once on
the public site (the page cache drops them); a page without its French is refused, unsaved."""

from __future__ import annotations

import pytest

from coplan.processes.models import StaticPage


@pytest.fixture
def staff_client(client, administrator):
    client.force_login(administrator)
    return client


def _post(**overrides) -> dict:
    data = {
        "slug": "contact",
        "title_en": "Contact us",
        "title_fr": "Nous joindre",
        "body_en": "Write to us at any stage.",
        "body_fr": "Écrivez-nous à toute étape.",
    }
    return data | overrides


def test_a_page_is_written_and_changed_and_the_public_sees_it(staff_client, client, db):
    """Created, then its French text changed: the public French page shows the new text."""
    response = staff_client.post("/en/staff/pages/new/", _post())
    assert response["Location"] == "/en/staff/pages/contact/"
    assert "Écrivez-nous à toute étape." in client.get("/fr/pages/contact/").content.decode()
    staff_client.post("/en/staff/pages/contact/", _post(body_fr="Écrivez-nous quand vous voulez."))
    assert StaticPage.objects.get(slug="contact").body_fr == "Écrivez-nous quand vous voulez."
    staff_client.logout()
    assert "quand vous voulez" in client.get("/fr/pages/contact/").content.decode()


def test_a_page_without_its_french_is_refused(staff_client, db):
    """A 400 with the error summary naming the field; no page."""
    response = staff_client.post("/en/staff/pages/new/", _post(body_fr=""))
    assert response.status_code == 400
    assert "Body in French: This field is required." in response.content.decode()
    assert not StaticPage.objects.filter(slug="contact").exists()
