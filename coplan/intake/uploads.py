"""Uploaded files kept just long enough for the background import to finish with them."""

from __future__ import annotations

import uuid

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

UPLOAD_DIR = "intake/uploads"


def upload_store(upload: UploadedFile) -> str:
    """Save an upload under a random name (never the sender's file name); return that name."""
    return default_storage.save(f"{UPLOAD_DIR}/{uuid.uuid4().hex}", upload)


def upload_read(name: str) -> bytes:
    """Read a stored upload; it stays until upload_delete, so that an import cut off by a dead
    worker finds it again when the job is run again (imports are idempotent)."""
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def upload_delete(name: str) -> None:
    default_storage.delete(name)
