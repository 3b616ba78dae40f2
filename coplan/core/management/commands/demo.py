from importlib import import_module
from importlib.util import find_spec

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Load the bilingual demo: Canada's 4th Plan on Open Government 2018-2020 (complete) and "
        "the next plan (in its Development phase, dated from today). Idempotent."
    )

    def handle(self, *args, **options):
        # Each app may ship a demo module with load(stdout); they run in dependency order.
        for app in settings.COPLAN_APPS:
            if find_spec(f"{app}.demo") is None:
                continue
            module = import_module(f"{app}.demo")
            with transaction.atomic():
                module.load(stdout=self.stdout)
            self.stdout.write(f"demo: {app.rsplit('.', 1)[-1]} loaded")
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
