"""Uploaded documents are judged by their content and size."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db


def test_oversized_document_refused(forum, settings):
    from coplan.forum import documents

    upload = SimpleUploadedFile("big.txt", b"a" * (documents.DOCUMENT_MAX_BYTES + 1))
    with pytest.raises(Exception, match="largest accepted"):
        documents.document_check(upload)


def _odt(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("mimetype", mimetype)
        package.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def _check(name: str, content: bytes):
    from coplan.forum import documents

    return documents.document_check(SimpleUploadedFile(name, content))


def test_an_accepted_file_is_described_by_kind_size_and_fingerprint():
    checked = _check("Minutes.PDF", b"%PDF-1.7\nminutes")
    assert checked.kind == "pdf" and checked.size == 16
    assert checked.sha256 == hashlib.sha256(b"%PDF-1.7\nminutes").hexdigest()
    assert _check("notes.odt", _odt()).kind == "odt"
    assert _check("table.csv", "\ufeffnom,valeur\né,1\n".encode()).kind == "csv"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("spreadsheet.odt", _odt(b"application/vnd.oasis.opendocument.spreadsheet")),
        ("huge-mimetype.odt", _odt(b"x" * 500)),
        ("broken.odt", b"PK\x03\x04 not really a zip"),
        ("blank.csv", b"  \n "),
        ("no-extension", b"%PDF-1.7"),
    ],
)
def test_content_that_does_not_match_its_type_is_refused(name, content):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _check(name, content)


def test_refusals_are_told_in_both_languages():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with pytest.raises(ValidationError, match="Accepted types: PDF, ODT, DOCX, TXT, CSV"):
        _check("run.exe", b"MZ")
    with pytest.raises(ValidationError, match="“fake.pdf” is not a valid PDF file"):
        _check("fake.pdf", b"<html>")
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        _check("empty.txt", b"")
    assert refused.value.messages == ["Le fichier est vide."]
