"""What the core app adds to the others: its periodic jobs (read by `core.apps.wire_apps`)."""

from datetime import timedelta

from .scheduling import register_periodic

register_periodic(
    "core.task_results_prune",
    task_path="coplan.core.tasks.task_results_prune",
    every=timedelta(days=1),
)
register_periodic(
    "core.outgoing_mail_prune",
    task_path="coplan.core.tasks.outgoing_mail_prune",
    every=timedelta(days=1),
)
