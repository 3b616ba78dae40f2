"""Uploaded files kept just long enough for the background import to read them."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

UPLOAD_DIR = "intake/uploads"


def upload_store(upload: UploadedFile) -> str:
    """Save an upload under a random name (never the sender's file name); return that name."""
    return default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}", upload)


def upload_take(name: str) -> bytes:
    """Read a stored upload and delete it: the import owns it from here."""
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    default_storage.delete(name)
    return data
