from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from coplan.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite's online backup) and uploaded files."

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="A new or empty folder.")
        parser.add_argument("--no-media", action="store_true", help="Leave uploaded files out.")

    def handle(self, *args, destination: Path, no_media: bool, **options):
        try:
            manifest = backup_create(destination=destination, include_media=not no_media)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(table["rows"] for table in manifest["tables"].values())
        self.stdout.write(
            f"Backed up {len(manifest['tables'])} tables ({rows} rows) to {destination}"
        )
