"""Staff pages of a session's notes and summary (events.views_notes)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coplan.contributions.models import Contribution
from coplan.events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


class TestStaff:
    def test_notes_entered_imported_and_summary(self, client, analyst):
        event = EventFactory()
        client.force_login(analyst)
        url = f"/en/events/staff/{event.pk}/notes/"
        add, file, summary = (
            url + "add/",
            url + "import/",
            f"/en/events/staff/{event.pk}/summary/",
        )
        response = client.post(
            add, {"note-topic": "Data", "note-facilitator": "Ann", "note-text": "Hi"}
        )
        assert response.status_code == 302
        response = client.post(add, {"note-text": "   "})
        assert response.status_code == 400
        # A note with a phone number: the warning first, nothing stored; then sent as it is,
        # stored with the number masked for publication.
        phoned = {"note-topic": "Call", "note-text": "Call 613-555-0147."}
        response = client.post(add, phoned)
        assert response.status_code == 200
        assert "Your text may contain sensitive information" in response.content.decode()
        assert not Contribution.objects.filter(title="Call").exists()
        response = client.post(add, {**phoned, "confirm_sensitive": "1"})
        assert response.status_code == 302
        note = Contribution.objects.get(title="Call")
        assert note.public_text == "Call [phone number removed]."
        note.delete()
        upload = SimpleUploadedFile(
            "notes.csv", b"topic,facilitator,text\nAccess,Bob,Faster answers.\n", "text/csv"
        )
        response = client.post(file, {"import-file": upload})
        assert response.status_code == 302
        notes = Contribution.objects.for_target(event).filter(channel="in_person")
        assert sorted(notes.values_list("title", flat=True)) == ["Access", "Data"]
        partly = SimpleUploadedFile(
            "more.csv", b"topic,text,date\nA,Fine.,\nB,Bad date.,31/31/2017\n", "text/csv"
        )
        response = client.post(file, {"import-file": partly}, follow=True)
        html = response.content.decode()
        assert "New: 1;" in html and "rows set aside: 1." in html and "Line 3" in html
        assert notes.count() == 3
        broken = SimpleUploadedFile("notes.xlsx", b"this is not a workbook", "application/zip")
        response = client.post(file, {"import-file": broken})
        assert response.status_code == 400 and notes.count() == 3
        response = client.post(
            summary,
            {
                "summary-summary_en": "Good.",
                "summary-summary_fr": "",
                "summary-attendance": "3",
            },
        )
        assert response.status_code == 400 and "both languages" in response.content.decode()
        response = client.post(
            summary,
            {
                "summary-summary_en": "Good.",
                "summary-summary_fr": "Bien.",
                "summary-attendance": "3",
            },
        )
        assert response.status_code == 302
        assert Event.objects.get(pk=event.pk).summary_fr == "Bien."
