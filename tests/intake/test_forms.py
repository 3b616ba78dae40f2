"""The staff upload forms of intake (intake.forms): an empty file refused, the export format
chosen from the list, and the columns mapped away from the preset's."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from coplan.intake.forms import NotesImportForm, SocialImportForm

pytestmark = pytest.mark.django_db


def _file(content: bytes = b"text\nOpen the data\n") -> dict:
    return {"file": SimpleUploadedFile("notes.csv", content, "text/csv")}


def test_a_notes_file_for_a_process_is_accepted(process):
    form = NotesImportForm({"process": process.pk}, _file())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["process"] == process


# Django's FileField refuses an empty upload before the form's own check can.
@pytest.mark.parametrize(
    "language,message",
    [("en", "The submitted file is empty."), ("fr", "Le fichier soumis est vide.")],
)
def test_an_empty_file_is_refused_in_the_pages_language(process, language, message):
    with translation.override(language):
        form = NotesImportForm({"process": process.pk}, _file(b""))
        assert not form.is_valid()
        assert form.errors["file"] == [message]


def test_an_unknown_process_is_refused():
    assert "process" in NotesImportForm({"process": 0}, _file()).errors


def test_a_social_export_maps_only_the_columns_given(process):
    form = SocialImportForm(
        {
            "process": process.pk,
            "preset": "twitter",
            "map_text": "  message ",
            "map_handle": "   ",
            "map_url": "",
        },
        _file(),
    )
    assert form.is_valid(), form.errors
    assert form.mapping() == {"text": "message"}


def test_a_social_export_needs_a_known_format(process):
    with translation.override("fr"):
        form = SocialImportForm({"process": process.pk, "preset": "myspace"}, _file())
        assert not form.is_valid()
        assert "preset" in form.errors
