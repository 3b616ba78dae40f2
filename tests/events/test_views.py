import csv
import datetime
import io

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coplan.contributions.models import Contribution
from coplan.events import services
from coplan.events.models import Registration
from tests.accounts.factories import UserFactory
from tests.events.factories import EventFactory
from tests.events.helpers import register

pytestmark = pytest.mark.django_db


def post_registration(client, event, n=1, prefix="/en", **extra):
    data = {"name": f"Person {n}", "email": f"person{n}@example.org", **extra}
    return client.post(f"{prefix}/events/{event.pk}/register/", data)


class TestPublicPages:
    def test_detail_in_both_languages_in_the_sessions_time_zone(self, client):
        start = datetime.datetime(2030, 3, 4, 18, 30, tzinfo=datetime.UTC)  # 14:30 in Halifax
        event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        html = client.get(f"/en/events/{event.pk}/").content.decode()
        assert event.title_en in html and "2:30" in html and "Atlantic time" in html
        html = client.get(f"/fr/events/{event.pk}/").content.decode()
        assert (
            event.title_fr in html and "14\xa0h\xa030" in html and "Heure de l’Atlantique" in html
        )

    def test_register_then_see_and_cancel_by_the_link(
        self, client, django_capture_on_commit_callbacks
    ):
        event = EventFactory(capacity=1)
        with django_capture_on_commit_callbacks(execute=True):
            response = post_registration(client, event, 1, accessibility_needs="Captions")
        registration = Registration.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/en/events/registration/{registration.token}/"
        assert registration.accessibility_needs == "Captions"
        page = client.get(response["Location"])
        assert "you are registered" in page.content.decode()
        assert page["Cache-Control"] == "no-store"
        # No page-feedback form: it would store this address, and its token, as page_url.
        assert "page-feedback" not in page.content.decode()
        # Someone else lands on the waitlist, then gets the seat when the first cancels.
        with django_capture_on_commit_callbacks(execute=True):
            response = post_registration(client, event, 2, prefix="/fr")
        waiting = Registration.objects.get(email="person2@example.org")
        html = client.get(response["Location"]).content.decode()
        assert waiting.status == "waitlisted" and "liste d’attente, numéro 1" in html
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/en/events/registration/{registration.token}/")
        waiting.refresh_from_db()
        assert waiting.status == "confirmed"
        html = client.get(f"/en/events/registration/{registration.token}/").content.decode()
        assert "This registration is cancelled." in html
        promoted = [m for m in mail.outbox if m.to == ["person2@example.org"] and m.attachments]
        assert promoted and promoted[0].attachments[0][0].endswith(".ics")

    def test_full_session_offers_the_waitlist(self, client):
        event = EventFactory(capacity=1)
        register(event, 1)
        html = client.get(f"/en/events/{event.pk}/").content.decode()
        assert "This session is full" in html and "Join the waitlist" in html

    def test_bad_registration_is_a_translated_400_and_stores_nothing(self, client):
        event = EventFactory()
        response = client.post(f"/fr/events/{event.pk}/register/", {"name": "", "email": "nope"})
        assert response.status_code == 400
        html = response.content.decode()
        assert "Ce champ est obligatoire." in html and "Entrez une adresse courriel valide" in html
        assert Registration.objects.count() == 0

    def test_duplicate_registration_is_a_400(self, client):
        event = EventFactory(capacity=5)
        post_registration(client, event, 1)
        response = post_registration(client, event, 1)
        assert response.status_code == 400
        assert "already registered" in response.content.decode()
        assert Registration.objects.count() == 1

    def test_closed_registration_is_a_400(self, client):
        event = EventFactory(registration_open=False)
        html = client.get(f"/en/events/{event.pk}/").content.decode()
        assert "Registration for this session is closed." in html
        assert post_registration(client, event).status_code == 400
        assert Registration.objects.count() == 0

    def test_unknown_token_is_a_404(self, client):
        assert client.get("/en/events/registration/forged/").status_code == 404

    def test_get_on_register_is_405_and_csrf_is_enforced(self):
        event = EventFactory()
        assert Client().get(f"/en/events/{event.pk}/register/").status_code == 405
        response = Client(enforce_csrf_checks=True).post(
            f"/en/events/{event.pk}/register/", {"name": "A", "email": "a@example.org"}
        )
        assert response.status_code == 403

    def test_floods_are_rate_limited(self, client, settings):
        settings.COPLAN_RATE_LIMITS = {**settings.COPLAN_RATE_LIMITS, "public_write": "2/60"}
        event = EventFactory(capacity=50)
        codes = [post_registration(client, event, n).status_code for n in range(4)]
        assert codes[-1] == 429 and Registration.objects.count() == 2

    def test_summary_notes_and_attendance_after_the_session(self, client):
        start = timezone.now() - datetime.timedelta(days=3)
        event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
        services.event_summary_set(
            event=event, summary_en="We talked.", summary_fr="Nous avons parlé.", attendance=12
        )
        note = services.event_note_add(
            event=event, topic="Data", facilitator="", text="More data.", consent_to_publish=True
        )
        Contribution.objects.filter(pk=note.pk).update(moderation_state="published")
        html = client.get(f"/fr/events/{event.pk}/").content.decode()
        assert "Nous avons parlé." in html and "12 personnes ont participé." in html
        assert "Cette séance a eu lieu." in html and "1 note de cette séance" in html

    def test_calendar_filters(self, client):
        EventFactory(title_en="Halifax talk", province="NS")
        EventFactory(
            title_en="Online talk", format="online", online_url="https://meet.example.org/x"
        )
        past = timezone.now() - datetime.timedelta(days=30)
        EventFactory(
            title_en="Old talk", starts_at=past, ends_at=past + datetime.timedelta(hours=1)
        )
        html = client.get("/en/events/?province=NS").content.decode()
        assert "Halifax talk" in html and "Old talk" not in html
        html = client.get("/en/events/?format=online").content.decode()
        assert "Online talk" in html and "Halifax talk" not in html
        html = client.get("/en/events/?when=past").content.decode()
        assert "Old talk" in html and "Halifax talk" not in html
        response = client.get("/en/events/?province=<b>&format=zzz")
        assert response.status_code == 200 and "Halifax talk" in response.content.decode()

    def test_calendar_query_count_is_constant(self, client):
        EventFactory()
        with CaptureQueriesContext(connection) as small:
            client.get("/en/events/")
        for _ in range(8):
            EventFactory()
        with CaptureQueriesContext(connection) as large:
            client.get("/en/events/")
        assert len(small) == len(large)

    def test_ics_per_session_and_feed_per_process(self, client):
        event = EventFactory(title_en="Talk; with, commas")
        response = client.get(f"/en/events/{event.pk}/session.ics")
        assert response["Content-Type"].startswith("text/calendar")
        body = response.content.decode()
        assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
        assert "SUMMARY:Talk\\; with\\, commas" in body
        assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
        process = event.opportunity.phase.process
        EventFactory(opportunity=event.opportunity)
        feed = client.get(f"/fr/events/calendar/{process.slug}.ics").content.decode()
        assert feed.count("BEGIN:VEVENT") == 2 and event.title_fr in feed
        assert client.get("/en/events/calendar/nope.ics").status_code == 404

    def test_process_page_shows_upcoming_sessions_and_feed(self, client):
        event = EventFactory()
        process = event.opportunity.phase.process
        html = client.get(f"/en/processes/{process.slug}/").content.decode()
        assert event.title_en in html and f"/en/events/calendar/{process.slug}.ics" in html

    def test_sessions_opportunity_leads_to_its_calendar(self, client):
        event = EventFactory()
        opportunity = event.opportunity
        process = opportunity.phase.process
        html = client.get(
            f"/en/processes/{process.slug}/take-part/{opportunity.slug}/"
        ).content.decode()
        assert f"/en/events/?opportunity={opportunity.pk}" in html


STAFF_PAGES = [
    ("events.manage_registrations", "/en/events/staff/"),
    ("events.manage_registrations", "/en/events/staff/{pk}/registrations/"),
    ("events.manage_registrations", "/en/events/staff/{pk}/registrations.csv"),
    ("events.record_notes", "/en/events/staff/{pk}/notes/"),
]
ALLOWED = {
    "events.manage_registrations": {"administrator"},
    "events.record_notes": {"administrator", "analyst"},
}


@pytest.mark.parametrize(
    "role",
    [
        None,
        "participant",
        "moderator",
        "analyst",
        "forum member",
        "department reporter",
        "administrator",
    ],
)
@pytest.mark.parametrize(("perm", "path"), STAFF_PAGES)
def test_staff_pages_by_role(client, role, perm, path):
    from coplan.accounts.services import user_grant_role

    event = EventFactory()
    if role:
        person = UserFactory()
        user_grant_role(user=person, role=role)
        client.force_login(person)
    response = client.get(path.format(pk=event.pk))
    if role is None:
        assert response.status_code == 302 and "/en/account/sign-in/" in response["Location"]
    elif role in ALLOWED[perm]:
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
    else:
        assert response.status_code == 403


class TestStaff:
    def test_registration_list_export_and_attendance(self, client, administrator):
        event = EventFactory(capacity=1)
        first = register(event, 1)
        services.registration_create(
            event=event, name="=cmd()", email="x@example.org", accessibility_needs="Ramp"
        )
        client.force_login(administrator)
        html = client.get(f"/en/events/staff/{event.pk}/registrations/").content.decode()
        assert "person1@example.org" in html and "Ramp" in html
        response = client.get(f"/en/events/staff/{event.pk}/registrations.csv")
        rows = list(
            csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
        )
        assert rows[0][0] == "Name / Nom" and len(rows) == 3
        assert rows[2][0] == "'=cmd()" and rows[2][4] == "waitlisted"
        response = client.post(
            f"/en/events/staff/{event.pk}/registrations/",
            {"shown": [first.pk], "present": [first.pk], "walk_ins": "4"},
        )
        assert response.status_code == 302
        event.refresh_from_db()
        assert event.attendance == 5
        response = client.post(
            f"/en/events/staff/{event.pk}/registrations/", {"walk_ins": "many"}, follow=True
        )
        assert "could not be read" in response.content.decode()

    def test_registration_list_query_count_is_constant(self, client, administrator):
        event = EventFactory(capacity=None)
        register(event, 0)
        client.force_login(administrator)
        with CaptureQueriesContext(connection) as small:
            client.get(f"/en/events/staff/{event.pk}/registrations/")
        for n in range(1, 15):
            register(event, n)
        with CaptureQueriesContext(connection) as large:
            client.get(f"/en/events/staff/{event.pk}/registrations/")
        assert len(small) == len(large)
