"""Uploads kept for the background import (intake.uploads): stored under a random name, never the
sender's, read back as stored, and gone once deleted."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from coplan.intake.uploads import UPLOAD_DIR, upload_delete, upload_read, upload_store


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_an_upload_is_stored_under_a_random_name_and_read_back():
    data = "text,topic\nOpen the data,Données\n".encode()
    first = upload_store(SimpleUploadedFile("../../jane-roe notes.csv", data, "text/csv"))
    second = upload_store(SimpleUploadedFile("jane-roe notes.csv", data, "text/csv"))
    assert first.startswith(f"{UPLOAD_DIR}/") and second.startswith(f"{UPLOAD_DIR}/")
    assert first != second
    assert "jane" not in first and ".." not in first
    assert upload_read(first) == upload_read(second) == data


def test_a_deleted_upload_is_gone_and_deleting_twice_is_harmless():
    name = upload_store(SimpleUploadedFile("notes.csv", b"text\nHi\n"))
    upload_delete(name)
    assert not default_storage.exists(name)
    upload_delete(name)
    with pytest.raises(FileNotFoundError):
        upload_read(name)
