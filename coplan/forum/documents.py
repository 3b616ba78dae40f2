"""Checks on attached files (meeting documents, evidence): type by content, size, name.

The extension only says what the sender claims; the first bytes say what the file is. A PDF
starts with "%PDF-"; ODT and DOCX are ZIP packages whose members name their type (read without
extracting anything); text and CSV must be UTF-8 without NUL bytes. A file whose content does not
match its extension is refused, as is anything over DOCUMENT_MAX_BYTES.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import DOCUMENT_MAX_BYTES, DocumentKind

EXTENSIONS = {
    "pdf": DocumentKind.PDF,
    "odt": DocumentKind.ODT,
    "docx": DocumentKind.DOCX,
    "txt": DocumentKind.TXT,
    "csv": DocumentKind.CSV,
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# Package members are read only when small: a ZIP claiming a huge "mimetype" is not an ODT.
MAX_MIMETYPE_MEMBER = 200


@dataclass(frozen=True)
class CheckedDocument:
    kind: str
    size: int
    sha256: str


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="document")


def _is_pdf(head: bytes) -> bool:
    return head.startswith(b"%PDF-")


def _zip_members(data: bytes) -> zipfile.ZipFile | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def _is_odt(data: bytes) -> bool:
    package = _zip_members(data)
    if package is None:
        return False
    try:
        info = package.getinfo("mimetype")
    except KeyError:
        return False
    if info.file_size > MAX_MIMETYPE_MEMBER:
        return False
    try:
        return package.read(info).strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
        return False


def _is_docx(data: bytes) -> bool:
    package = _zip_members(data)
    if package is None:
        return False
    names = set(package.namelist())
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _text(data: bytes) -> str | None:
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _is_csv(data: bytes) -> bool:
    text = _text(data)
    if text is None or not text.strip():
        return False
    try:
        rows = list(csv.reader(io.StringIO(text[:100_000])))
    except csv.Error:
        return False
    return bool(rows)


def document_check(upload: UploadedFile) -> CheckedDocument:
    """Accept a PDF, ODT, DOCX, TXT or CSV file of a sane size whose content matches its type."""
    name = (upload.name or "").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = EXTENSIONS.get(extension)
    allowed = ", ".join(ext.upper() for ext in EXTENSIONS)
    if kind is None:
        raise _refuse(
            _("Files of this type are not accepted. Accepted types: %(types)s.")
            % {"types": allowed}
        )
    if upload.size is None or upload.size == 0:
        raise _refuse(_("The file is empty."))
    if upload.size > DOCUMENT_MAX_BYTES:
        raise _refuse(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(DOCUMENT_MAX_BYTES)}
        )
    upload.seek(0)
    data = upload.read(DOCUMENT_MAX_BYTES + 1)
    upload.seek(0)
    checks = {
        DocumentKind.PDF: lambda: _is_pdf(data[:8]),
        DocumentKind.ODT: lambda: _is_odt(data),
        DocumentKind.DOCX: lambda: _is_docx(data),
        DocumentKind.TXT: lambda: _text(data) is not None,
        DocumentKind.CSV: lambda: _is_csv(data),
    }
    if not checks[kind]():
        raise _refuse(
            _("The content of “%(name)s” is not a valid %(type)s file.")
            % {"name": name[:80], "type": extension.upper()}
        )
    return CheckedDocument(kind=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest())
