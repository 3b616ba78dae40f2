from django.core.management.base import BaseCommand, CommandError

from coplan.core import i18n


class Command(BaseCommand):
    help = (
        "Translation catalogs: 'make' extracts strings, 'compile' builds .mo, 'check' lists gaps."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["make", "compile", "check"])

    def handle(self, *args, action: str, **options):
        if action == "make":
            for path in i18n.make():
                self.stdout.write(str(path))
        elif action == "compile":
            count = i18n.compile_all()
            self.stdout.write(f"{count} catalogs compiled")
        else:
            problems = i18n.missing_translations()
            for where, msgids in problems.items():
                for msgid in msgids:
                    self.stdout.write(f"{where}: {msgid!r}")
            if problems:
                raise CommandError("French translations are missing or fuzzy.")
            self.stdout.write("Every string has its French translation.")
