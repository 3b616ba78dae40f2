import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from coplan.core import scheduling, workers

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
        worker_id = get_random_string(32)
        workers.heartbeat(worker_id)
        if batch:
            workers.requeue_orphaned_jobs()
            if not no_scheduler:
                scheduling.tick()
        else:
            threading.Thread(
                target=self._housekeeping, args=(worker_id, not no_scheduler), daemon=True
            ).start()
        call_command(
            "db_worker",
            queue_name=queues,
            batch=batch,
            reload=False,
            worker_id=worker_id,
            verbosity=options.get("verbosity", 1),
        )

    def _housekeeping(self, worker_id: str, schedule: bool) -> None:
        """Heartbeat often; every tick, requeue orphaned jobs and enqueue due periodic jobs."""
        last_tick = 0.0
        while True:
            try:
                close_old_connections()
                workers.heartbeat(worker_id)
                if time.monotonic() - last_tick >= SCHEDULER_TICK_SECONDS:
                    last_tick = time.monotonic()
                    workers.requeue_orphaned_jobs()
                    if schedule:
                        scheduling.tick()
            except Exception:
                logger.exception("worker housekeeping failed")
            finally:
                close_old_connections()
            time.sleep(workers.heartbeat_seconds())
