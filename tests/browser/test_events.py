"""Sessions in a real browser: the calendar, registering for a full session (waitlist), axe."""

import pytest

from coplan.events import services
from coplan.events.models import Registration
from tests.browser.conftest import assert_accessible, screenshot
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_register_for_a_full_session_lands_on_the_waitlist(page, language):
    event = EventFactory(
        capacity=1,
        accessibility_en="Step-free entrance.",
        accessibility_fr="Entrée sans marche.",
        third_party_event_en="Open Data Summit",
        third_party_event_fr="Sommet des données ouvertes",
    )
    services.registration_create(event=event, name="First", email="first@example.org")

    page.goto(f"/{language}/events/")
    assert page.locator(".event-list h2").count() == 1
    assert_accessible(page)
    screenshot(page, f"events-calendar-{language}")

    page.goto(f"/{language}/events/{event.pk}/")
    full = "This session is full" if language == "en" else "Cette séance est complète"
    assert full in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, f"events-detail-full-{language}")

    # An empty form first: the error summary, then a real registration.
    button = "Join the waitlist" if language == "en" else "M’inscrire sur la liste d’attente"
    page.get_by_role("button", name=button).click()
    page.wait_for_selector("#error-summary")
    assert_accessible(page)
    page.fill("#id_name", "Camille Tremblay")
    page.fill("#id_email", "camille@example.org")
    page.fill("#id_accessibility_needs", "Sous-titres")
    page.get_by_role("button", name=button).click()
    page.wait_for_url("**/events/registration/**")
    text = page.locator("main").inner_text()
    expected = "number 1 in line" if language == "en" else "numéro 1"
    assert expected in text
    assert_accessible(page)
    screenshot(page, f"events-waitlisted-{language}")
    registration = Registration.objects.get(email="camille@example.org")
    assert registration.status == "waitlisted" and registration.language == language

    # The first person cancels: the waiting person now has the seat.
    first = Registration.objects.get(email="first@example.org")
    page.goto(f"/{language}/events/registration/{first.token}/")
    cancel = "Cancel my registration" if language == "en" else "Annuler mon inscription"
    page.get_by_role("button", name=cancel).click()
    page.wait_for_selector(".messages")
    assert_accessible(page)
    registration.refresh_from_db()
    assert registration.status == "confirmed"
