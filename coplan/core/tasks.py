from datetime import timedelta

from django_tasks import task

# Finished background tasks are kept for a while to look into, then deleted: periodic jobs
# alone leave close to 3,000 a day. Failures are kept longer, for investigation.
KEEP_SUCCESSFUL = timedelta(days=14)
KEEP_FAILED = timedelta(days=90)


@task()
def task_results_prune() -> int:
    """Delete finished task results older than their keeping period; return how many."""
    from django.conf import settings
    from django.db.models import Q
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    now = timezone.now()
    deleted, _ = (
        DBTaskResult.objects.finished()
        .filter(
            Q(status="SUCCESSFUL", finished_at__lte=now - KEEP_SUCCESSFUL)
            | Q(status="FAILED", finished_at__lte=now - KEEP_FAILED)
        )
        .delete()
    )
    return deleted


@task()
def outgoing_mail_prune() -> int:
    """Periodic (daily): forget transactional messages sent more than 30 days ago."""
    from .mail import outgoing_mail_prune as prune

    return prune()
