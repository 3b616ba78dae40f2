import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from coplan.core import scheduling

logger = logging.getLogger(__name__)

SCHEDULER_TICK_SECONDS = 30


class Command(BaseCommand):
    help = "Run a background worker: periodic schedule plus the task queue (all queues)."

    def add_arguments(self, parser):
        parser.add_argument("--queues", default="*", help="Queues to process (default: all).")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Do not enqueue periodic jobs from this worker.",
        )

    def handle(self, *args, queues: str, batch: bool, no_scheduler: bool, **options):
        if not no_scheduler:
            if batch:
                scheduling.tick()
            else:
                threading.Thread(target=self._schedule_forever, daemon=True).start()
        call_command(
            "db_worker",
            queue_name=queues,
            batch=batch,
            reload=False,
            verbosity=options.get("verbosity", 1),
        )

    def _schedule_forever(self) -> None:
        while True:
            try:
                close_old_connections()
                scheduling.tick()
            except Exception:
                logger.exception("scheduler tick failed")
            finally:
                close_old_connections()
            time.sleep(SCHEDULER_TICK_SECONDS)
