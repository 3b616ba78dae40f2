import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coplan.contributions.models import Contribution
from coplan.events import services
from coplan.events.models import Event, Registration
from tests.events.factories import EventFactory
from tests.events.helpers import register

pytestmark = pytest.mark.django_db


class TestRegistration:
    def test_seats_then_waitlist(self, django_capture_on_commit_callbacks):
        event = EventFactory(capacity=2)
        with django_capture_on_commit_callbacks(execute=True):
            first, second, third = (register(event, n) for n in range(3))
        assert [r.status for r in (first, second, third)] == [
            "confirmed",
            "confirmed",
            "waitlisted",
        ]
        event.refresh_from_db()
        assert event.confirmed_count == 2 and event.is_full
        subjects = [message.subject for message in mail.outbox]
        assert subjects.count(f"You are registered: {event.title_en}") == 2
        assert subjects.count(f"You are on the waitlist: {event.title_en}") == 1

    def test_confirmation_in_the_registrants_language_with_ics_and_cancel_link(
        self, django_capture_on_commit_callbacks, settings
    ):
        settings.COPLAN_SITE_URL = "https://consult.example.ca"
        event = EventFactory(capacity=5)
        with django_capture_on_commit_callbacks(execute=True):
            registration = register(event, 1, language="fr")
        message = mail.outbox[0]
        assert message.to == ["person1@example.org"]
        assert message.subject == f"Votre inscription est confirmée : {event.title_fr}"
        assert "Bonjour Person 1" in message.body
        link = f"https://consult.example.ca/fr/events/registration/{registration.token}/"
        assert link in message.body
        name, content, mimetype = message.attachments[0]
        assert name.endswith(".ics") and mimetype.startswith("text/calendar")
        assert "BEGIN:VEVENT" in content and "DTSTART:" in content
        assert f"SUMMARY:{event.title_fr}" in content

    def test_bad_input_is_refused_and_nothing_is_stored(self):
        event = EventFactory()
        with pytest.raises(ValidationError) as error:
            services.registration_create(
                event=event, name="  ", email="not-an-email", accessibility_needs="x" * 1001
            )
        assert set(error.value.message_dict) == {"name", "email", "accessibility_needs"}
        assert Registration.objects.count() == 0
        event.refresh_from_db()
        assert event.confirmed_count == 0

    def test_same_email_twice_is_refused_case_insensitively(self):
        event = EventFactory(capacity=5)
        register(event, 1)
        with pytest.raises(ValidationError, match="already registered"):
            services.registration_create(event=event, name="Again", email="PERSON1@example.org")
        event.refresh_from_db()
        assert event.confirmed_count == 1

    def test_closed_or_started_sessions_refuse_registrations(self):
        closed = EventFactory(registration_open=False)
        with pytest.raises(ValidationError, match="closed"):
            register(closed, 1)
        started = EventFactory(
            starts_at=timezone.now() - datetime.timedelta(minutes=5),
            ends_at=timezone.now() + datetime.timedelta(hours=1),
        )
        with pytest.raises(ValidationError, match="closed"):
            register(started, 2)
        assert Registration.objects.count() == 0

    def test_the_database_forbids_overbooking(self):
        event = EventFactory(capacity=1, confirmed_count=1)
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.filter(pk=event.pk).update(confirmed_count=2)


class TestCancellation:
    def test_cancelling_a_seat_promotes_the_first_in_line(self, django_capture_on_commit_callbacks):
        event = EventFactory(capacity=1)
        seated = register(event, 1)
        first_in_line = register(event, 2, language="fr")
        second_in_line = register(event, 3)
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_cancel(registration=seated)
        first_in_line.refresh_from_db()
        second_in_line.refresh_from_db()
        assert first_in_line.status == "confirmed" and second_in_line.status == "waitlisted"
        event.refresh_from_db()
        assert event.confirmed_count == 1
        subjects = {message.to[0]: message.subject for message in mail.outbox}
        assert subjects["person1@example.org"].startswith("Your registration is cancelled")
        assert (
            subjects["person2@example.org"] == f"Une place est maintenant à vous : {event.title_fr}"
        )
        promoted = next(m for m in mail.outbox if m.to == ["person2@example.org"])
        assert promoted.attachments and "METHOD:PUBLISH" in promoted.attachments[0][1]
        cancelled = next(m for m in mail.outbox if m.to == ["person1@example.org"])
        assert "METHOD:CANCEL" in cancelled.attachments[0][1]

    def test_cancelling_a_waitlisted_place_frees_no_seat(self):
        event = EventFactory(capacity=1)
        register(event, 1)
        waiting = register(event, 2)
        services.registration_cancel(registration=waiting)
        event.refresh_from_db()
        assert event.confirmed_count == 1

    def test_cancelling_twice_is_refused(self):
        registration = register(EventFactory(), 1)
        services.registration_cancel(registration=registration)
        with pytest.raises(ValidationError, match="cannot go from"):
            services.registration_cancel(registration=registration)

    def test_cancelled_person_may_register_again(self):
        event = EventFactory(capacity=3)
        services.registration_cancel(registration=register(event, 1))
        assert register(event, 1).status == "confirmed"

    def test_more_capacity_promotes_the_waitlist_and_less_than_confirmed_is_refused(self):
        event = EventFactory(capacity=1)
        register(event, 1)
        waiting = [register(event, n) for n in (2, 3, 4)]
        services.event_capacity_set(event=event, capacity=3)
        assert [Registration.objects.get(pk=r.pk).status for r in waiting] == [
            "confirmed",
            "confirmed",
            "waitlisted",
        ]
        with pytest.raises(ValidationError, match="already confirmed"):
            services.event_capacity_set(event=event, capacity=2)
        services.event_capacity_set(event=event, capacity=None)
        assert Registration.objects.filter(status="waitlisted").count() == 0


class TestAfterTheSession:
    def test_attendance_counts_present_registrants_and_walk_ins(self):
        event = EventFactory(capacity=5)
        people = [register(event, n) for n in range(4)]
        count = services.attendance_record(
            event=event,
            present_ids=[people[0].pk, people[2].pk],
            shown_ids=[p.pk for p in people],
            walk_ins=3,
        )
        assert count == 5
        event.refresh_from_db()
        assert event.attendance == 5
        with pytest.raises(ValidationError):
            services.attendance_record(event=event, present_ids=[999], shown_ids=[1])
        with pytest.raises(ValidationError):
            services.attendance_record(event=event, present_ids=[], shown_ids=[], walk_ins=-1)

    def test_a_note_is_an_in_person_contribution_about_the_session(self):
        event = EventFactory()
        note = services.event_note_add(
            event=event,
            topic="Open data",
            facilitator="Ann",
            text="Publish grant data by region.",
            consent_to_publish=True,
        )
        assert note.channel == "in_person" and note.target == event
        assert note.title == "Open data" and note.provenance["facilitator"] == "Ann"
        assert note.moderation_state == "pending" and note.province == "NS"
        assert note.opportunity == event.opportunity

    def test_an_empty_note_is_refused(self):
        with pytest.raises(ValidationError):
            services.event_note_add(
                event=EventFactory(), topic="", facilitator="", text="  ", consent_to_publish=False
            )
        assert Contribution.objects.count() == 0

    def test_summary_in_both_languages_or_neither(self):
        event = EventFactory()
        with pytest.raises(ValidationError, match="both languages"):
            services.event_summary_set(
                event=event, summary_en="Good talk.", summary_fr="", attendance=3
            )
        services.event_summary_set(
            event=event, summary_en="Good talk.", summary_fr="Bonne discussion.", attendance=3
        )
        event.refresh_from_db()
        assert event.summary_fr == "Bonne discussion." and event.attendance == 3


class TestNotesImport:
    def test_notes_file_becomes_contributions_linked_to_the_session(self, administrator):
        event = EventFactory()
        data = (
            b"table or topic,facilitator,text\n"
            b"Open data,Ann,Publish more data sets.\n"
            b"Access,Bob,Answer requests faster.\n"
        )
        run = services.event_notes_import(
            event=event, uploaded_file=data, filename="notes.csv", imported_by=administrator
        )
        assert run.state == "done" and run.imported_count == 2
        notes = Contribution.objects.for_target(event).filter(channel="in_person")
        assert sorted(notes.values_list("title", flat=True)) == ["Access", "Open data"]

    def test_a_broken_file_imports_nothing_and_says_where(self, administrator):
        event = EventFactory()
        data = b'topic,text\nOpen data,"unclosed quote\n'
        run = services.event_notes_import(
            event=event, uploaded_file=data, filename="notes.csv", imported_by=administrator
        )
        assert run.state == "failed" and "line" in run.error.lower()
        assert Contribution.objects.count() == 0
