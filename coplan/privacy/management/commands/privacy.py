import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from coplan.privacy import services
from coplan.privacy.retention import UNCONFIRMED_SUFFIX


class Command(BaseCommand):
    help = (
        "Privacy chores: `retention` de-identifies what is past its period and deletes what was "
        "never confirmed (or says what it would)."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        retention = sub.add_parser("retention", help="De-identify records past their period.")
        retention.add_argument(
            "--dry-run", action="store_true", help="Only say what would be done."
        )
        retention.add_argument("--date", help="Act as of this date (YYYY-MM-DD), e.g. to preview.")
        hashes = sub.add_parser("client-hashes", help="Erase client hashes older than 30 days.")
        hashes.add_argument("--dry-run", action="store_true")

    def handle(self, *args, action: str, dry_run: bool = False, date: str | None = None, **opts):
        if action == "client-hashes":
            run = services.client_hashes_run(dry_run=dry_run)
        else:
            try:
                today = datetime.date.fromisoformat(date) if date else timezone.localdate()
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
            run = services.retention_run(today=today, dry_run=dry_run)
        verb = "would de-identify" if dry_run else "de-identified"
        if not run.counts and not run.accounts_deactivated:
            self.stdout.write(f"Nothing to do as of {run.run_on:%Y-%m-%d}.")
        for label, count in sorted(run.counts.items()):
            if label.endswith(UNCONFIRMED_SUFFIX):
                deleted = "would delete" if dry_run else "deleted"
                label = label.removesuffix(UNCONFIRMED_SUFFIX)
                self.stdout.write(f"{label}: {deleted} {count} unconfirmed record(s)")
            else:
                self.stdout.write(f"{label}: {verb} {count} record(s)")
        if run.accounts_deactivated:
            verb = "would deactivate" if dry_run else "deactivated"
            self.stdout.write(f"accounts: {verb} {run.accounts_deactivated}")
