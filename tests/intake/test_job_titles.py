"""Import jobs started from the staff pages are titled in both languages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from coplan.core.models import JobProgress

pytestmark = pytest.mark.django_db


def test_notes_import_started_in_english_is_titled_in_french_too(client, moderator, process):
    """A notes import started on the English page shows its French title on the French
    progress page, and its count adds up once done."""
    client.force_login(moderator)
    data = b"Topic,Text\nHealth,Publish wait times for every hospital please\n"
    response = client.post(
        "/en/staff/intake/import/notes/",
        {"process": process.pk, "file": SimpleUploadedFile("notes.csv", data)},
    )
    assert response.status_code == 302
    job = JobProgress.objects.get()
    assert job.label_en == "In-person notes import: notes.csv"
    assert job.label_fr.startswith("Importation de notes") and job.label_fr.endswith("notes.csv")
    french = client.get(response["Location"].replace("/en/", "/fr/", 1)).content.decode()
    assert f"<h1>{job.label_fr}</h1>" in french
    assert (job.done, job.total) == (1, 1)
