"""`coplan intake email|social|notes|mailboxes`: imports from the command line, with progress."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from coplan.intake.email_import import MailboxError, email_files_import, mailbox_poll
from coplan.intake.models import ImportRun, Mailbox
from coplan.intake.notes import in_person_notes_import
from coplan.intake.social import PRESETS, SOCIAL_FIELDS, social_export_import
from coplan.processes.models import Process


class Command(BaseCommand):
    help = "Import email (IMAP, .eml, .mbox), social-media exports and in-person notes."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="channel", required=True)

        mail = commands.add_parser("email", help="Fetch unseen mail over IMAP, or read files.")
        mail.add_argument(
            "--mailbox",
            action="append",
            default=[],
            help="Mailbox id or label (repeatable); default: every active mailbox.",
        )
        mail.add_argument("--process", help="Process slug (required with files).")
        mail.add_argument("files", nargs="*", help=".eml files or .mbox archives.")

        social = commands.add_parser("social", help="Import a CSV, XLSX or JSON export of posts.")
        social.add_argument("--process", required=True, help="Process slug.")
        social.add_argument("--preset", default="generic", choices=sorted(PRESETS))
        social.add_argument("--platform", default="", help="Platform when the file has none.")
        social.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=f"Point a field ({', '.join(SOCIAL_FIELDS)}) at a column (repeatable).",
        )
        social.add_argument("file")

        notes = commands.add_parser("notes", help="Import in-person notes (CSV or XLSX).")
        notes.add_argument("--process", required=True, help="Process slug.")
        notes.add_argument("file")

        commands.add_parser("mailboxes", help="List mailboxes and their state.")

    def handle(self, *args, channel: str, **options) -> None:
        handler = getattr(self, f"_{channel}")
        handler(**options)

    # -- commands -------------------------------------------------------------------------------

    def _email(self, *, mailbox: list[str], process: str | None, files: list[str], **_options):
        if files:
            target = self._process(process)
            runs = email_files_import(
                process=target,
                files=[(Path(name).name, self._read(name)) for name in files],
                terminal=True,
            )
            for run in runs:
                self._report(run)
            return
        mailboxes = self._mailboxes(mailbox)
        failures = []
        for box in mailboxes:
            try:
                self._report(mailbox_poll(mailbox=box, terminal=True))
            except MailboxError as exc:
                failures.append(f"{box.label}: {exc}")
        if failures:
            raise CommandError("; ".join(failures))

    def _social(self, *, process: str, preset: str, platform: str, map: list[str], file: str, **_o):
        mapping = {}
        for item in map:
            field, sep, column = item.partition("=")
            if not sep:
                raise CommandError(_("Write each mapping as FIELD=COLUMN, e.g. text=Message."))
            mapping[field.strip()] = column.strip()
        run = social_export_import(
            process=self._process(process),
            uploaded_file=self._read(file),
            filename=Path(file).name,
            preset=preset,
            mapping=mapping,
            platform=platform,
            terminal=True,
        )
        self._report(run)

    def _notes(self, *, process: str, file: str, **_options):
        run = in_person_notes_import(
            process=self._process(process),
            uploaded_file=self._read(file),
            filename=Path(file).name,
            terminal=True,
        )
        self._report(run)

    def _mailboxes(self, names: list[str] | None = None, **_options):
        if names is None:
            for box in Mailbox.objects.select_related("process").order_by("pk"):
                state = box.last_error or ("ok" if box.last_success_at else "never polled")
                self.stdout.write(
                    f"{box.pk}\t{box.label}\t{box.process.slug}\t{box.host}:{box.port}\t{state}"
                )
            return None
        boxes = Mailbox.objects.filter(active=True) if not names else Mailbox.objects.none()
        for name in names:
            found = (
                Mailbox.objects.filter(pk=int(name))
                if name.isdigit()
                else Mailbox.objects.filter(label=name)
            )
            if not found.exists():
                raise CommandError(_("No mailbox “%(name)s”.") % {"name": name})
            boxes = boxes | found
        boxes = list(boxes.order_by("pk"))
        if not boxes:
            raise CommandError(_("No active mailbox is configured."))
        return boxes

    # -- helpers --------------------------------------------------------------------------------

    def _process(self, slug: str | None) -> Process:
        if not slug:
            raise CommandError(_("Name the process with --process."))
        try:
            return Process.objects.get(slug=slug)
        except Process.DoesNotExist:
            raise CommandError(_("No process “%(slug)s”.") % {"slug": slug}) from None

    def _read(self, name: str) -> bytes:
        try:
            return Path(name).read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(reason)s") % {"file": name, "reason": exc.strerror}
            ) from None

    def _report(self, run: ImportRun) -> None:
        line = _(
            "%(source)s %(file)s: %(read)s read, %(imported)s imported, %(duplicates)s "
            "duplicates, %(rejected)s rejected."
        ) % {
            "source": run.get_source_display(),
            "file": run.filename,
            "read": run.read_count,
            "imported": run.imported_count,
            "duplicates": run.duplicate_count,
            "rejected": run.rejected_count,
        }
        if run.state == ImportRun.State.FAILED:
            raise CommandError(f"{line} {run.error}")
        self.stdout.write(line)
