"""Demo intake: emails, social-media posts and in-person notes for both processes of the demo.

The files ship with the app (fixtures/) and go through the real importers, as staff would
upload them: an .mbox of four bilingual messages (quoted-printable ISO-8859-1, a Windows-1252
subject, a quoted reply and a signature to trim, HTML with a plain-text part, a text attachment
whose text joins the contribution), a generic social-media export (English, French, one Spanish
post, one with a phone number that the public never sees) and a notes spreadsheet from an
in-person kiosk.

The files are the 4th plan's (their messages are dated November 2017 to February 2018); staff
imported them on February 12, 2018, the date given to each new run, and the demo moderator
decided them while the 4th plan ran (analysis.demo): a completed process has no pending item.

The current process receives its own email, posts and notes over the last days of its
Development phase, dated from today and imported two days ago: they stay pending, so the
moderation queue shows every intake channel of the process that is running.

Idempotent: a file already imported for the demo process (a finished run of the same file) is
not imported again, so a second load adds no run and no contribution.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from coplan.processes.demo import CURRENT_SLUG, SLUG, TZ, at
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
    """Import the demo files not yet imported, the 4th plan's then the current process's; return
    the new runs."""
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
    return runs + current_load(stdout)


# The current process's intake: (days before today it was written, language, text) per channel.
CURRENT_EMAILS = [
    (
        9,
        "Sam Example <sam.example@example.org>",
        "Grants and contributions as open data",
        "Please commit to publishing every federal grant and contribution as open data within "
        "30 days of its award.",
    ),
    (
        6,
        "Dominique Exemple <dominique@example.org>",
        "Registre des lobbyistes",
        "Le prochain plan devrait publier les communications du registre des lobbyistes en "
        "données ouvertes, chaque semaine.",
    ),
]
CURRENT_POSTS = [
    (
        8,
        "twitter",
        "@plainlang_ca",
        "The next #OpenGov plan should give a plain-language summary of every regulation "
        "under consultation",
    ),
    (
        5,
        "facebook",
        "Lou Exemple",
        "Le prochain plan devrait offrir des consultations par téléphone pour les régions "
        "éloignées.",
    ),
]
CURRENT_NOTES = [
    (
        7,
        "en",
        "Participants asked for a public dashboard of the last plan's commitments that were "
        "completed.",
    ),
    (
        7,
        "fr",
        "Les participants veulent que les jeunes soient consultés dans les écoles secondaires.",
    ),
]
CURRENT_FILES = ("current-inbox.mbox", "current-social.csv", "current-notes.csv")


def _days_ago(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _current_mbox() -> bytes:
    from email.message import EmailMessage
    from email.utils import format_datetime

    messages = []
    for index, (days, sender, subject, text) in enumerate(CURRENT_EMAILS):
        message = EmailMessage()
        message["From"] = sender
        message["To"] = "consultation@example.gc.ca"
        message["Subject"] = subject
        message["Date"] = format_datetime(_days_ago(days, 9 + index))
        message["Message-ID"] = f"<demo-current-{index}@example.org>"
        message.set_content(text)
        messages.append(b"From demo@example.org Mon Jan  1 00:00:00 2018\n" + message.as_bytes())
    return b"\n".join(messages)


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _current_files() -> list[tuple[str, bytes]]:
    """The current process's files, dated from today."""
    posts = [["platform", "post id", "author handle", "text", "time", "url"]]
    for index, (days, platform, handle, text) in enumerate(CURRENT_POSTS):
        post_id = f"990000000{index}"
        when = _days_ago(days, 14).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        posts.append([platform, post_id, handle, text, when, f"https://{platform}.com/{post_id}"])
    notes = [["Date", "Table or topic", "Facilitator", "Language", "Text"]]
    for days, language, text in CURRENT_NOTES:
        notes.append(
            [_days_ago(days, 12).date().isoformat(), "Kiosk", "Facilitator C", language, text]
        )
    return list(zip(CURRENT_FILES, [_current_mbox(), _csv(posts), _csv(notes)], strict=True))


def current_load(stdout=None) -> list[ImportRun]:
    """Import the current process's email, posts and notes (once), imported two days ago."""
    process = Process.objects.filter(slug=CURRENT_SLUG).first()
    if process is None:
        return []
    runs: list[ImportRun] = []
    for (filename, data), (_fixture, importer) in zip(_current_files(), IMPORTS, strict=True):
        if ImportRun.objects.filter(process=process, filename=filename, state="done").exists():
            continue
        imported_at = _days_ago(2, 10)
        for run in importer(process, filename, data):
            ImportRun.objects.filter(pk=run.pk).update(
                started_at=imported_at, finished_at=imported_at + datetime.timedelta(minutes=1)
            )
            runs.append(run)
            if stdout is not None:
                stdout.write(f"intake: {filename}: {run.imported_count} imported\n")
    return runs
