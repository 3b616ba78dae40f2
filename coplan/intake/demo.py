"""Demo intake: a few emails, social-media posts and in-person notes for the demo process.

The files ship with the app (fixtures/) and go through the real importers, as staff would
upload them: an .mbox of four bilingual messages (quoted-printable ISO-8859-1, a Windows-1252
subject, a quoted reply and a signature to trim, HTML with a plain-text part, a text attachment
whose text joins the contribution), a generic social-media export (English, French, one Spanish
post, one with a phone number that the public never sees) and a notes spreadsheet from an
in-person kiosk. Everything stays pending, so the moderation queue shows every channel.

The files are the 4th plan's (their messages are dated November 2017 to February 2018); staff
imported them on February 12, 2018, the date given to each new run.

Idempotent: a file already imported for the demo process (a finished run of the same file) is
not imported again, so a second load adds no run and no contribution.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from coplan.processes.demo import SLUG, at
from coplan.processes.models import Process

from .email_import import email_files_import
from .models import ImportRun
from .notes import in_person_notes_import
from .social import social_export_import

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MBOX = "demo-inbox.mbox"
SOCIAL = "demo-social.csv"
NOTES = "demo-notes.csv"
IMPORTED_AT = at(2018, 2, 12, 10)


def _import_email(process: Process, filename: str, data: bytes) -> list[ImportRun]:
    return email_files_import(process=process, files=[(filename, data)])


def _import_social(process: Process, filename: str, data: bytes) -> list[ImportRun]:
    return [social_export_import(process=process, uploaded_file=data, filename=filename)]


def _import_notes(process: Process, filename: str, data: bytes) -> list[ImportRun]:
    return [in_person_notes_import(process=process, uploaded_file=data, filename=filename)]


IMPORTS: list[tuple[str, Callable[[Process, str, bytes], list[ImportRun]]]] = [
    (MBOX, _import_email),
    (SOCIAL, _import_social),
    (NOTES, _import_notes),
]


def load(stdout=None) -> list[ImportRun]:
    """Import the demo files not yet imported into the demo process; return the new runs."""
    process = Process.objects.get(slug=SLUG)
    runs: list[ImportRun] = []
    for filename, importer in IMPORTS:
        already = ImportRun.objects.filter(
            process=process, filename=filename, state=ImportRun.State.DONE
        ).exists()
        if already:
            continue
        for run in importer(process, filename, (FIXTURES / filename).read_bytes()):
            ImportRun.objects.filter(pk=run.pk).update(
                started_at=IMPORTED_AT, finished_at=IMPORTED_AT + datetime.timedelta(minutes=1)
            )
            run.refresh_from_db()
            runs.append(run)
            if stdout is not None:
                stdout.write(
                    f"intake: {filename}: {run.imported_count} imported, "
                    f"{run.duplicate_count} duplicates, {run.rejected_count} rejected\n"
                )
    return runs
