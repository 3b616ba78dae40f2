from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coplan.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup made by `coplan backup` over the configured database, then verify it."

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="The backup folder.")
        parser.add_argument(
            "--yes", action="store_true", help="Confirm that the current data will be replaced."
        )

    def handle(self, *args, source: Path, yes: bool, **options):
        if not yes:
            raise CommandError("Restoring replaces the current data: add --yes to confirm.")
        try:
            tables = backup_restore(source=source)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(table.rows for table in tables.values())
        self.stdout.write(f"Restored and verified {len(tables)} tables ({rows} rows) from {source}")
